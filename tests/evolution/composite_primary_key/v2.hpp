#pragma once
#include <strata/annotations.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

struct STRATA_TABLE(name = "memberships", existing_rows = "checked") Membership {
    std::int64_t id;
    STRATA_COLUMN(primary_key) std::int64_t user_id;
    STRATA_COLUMN(primary_key) std::int64_t site_id;
};
