#pragma once
#include <strata/annotations.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

struct STRATA_TABLE(name = "memberships") Membership {
    STRATA_COLUMN(primary_key) std::int64_t id;
    std::int64_t user_id;
    std::int64_t site_id;
};
