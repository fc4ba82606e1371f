#pragma once
#include <strata/annotations.hpp>

#include <cstdint>
#include <optional>
#include <string>

// The primary key moves to (user_id, site_id), which rows repeat; existing_rows = "delete"
// keeps the row with the smallest old key of each.
struct STRATA_TABLE(name = "memberships") Membership {
    STRATA_COLUMN(primary_key) std::int64_t id;
    std::int64_t user_id;
    std::int64_t site_id;
};
