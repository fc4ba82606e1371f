#pragma once
#include <strata/annotations.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

// Issue 13: a naive timestamp (std::chrono::local_time) beside an instant.
struct STRATA_TABLE(name = "events") Event {
    STRATA_COLUMN(primary_key) std::int64_t id;
    std::chrono::system_clock::time_point happened;
    std::chrono::local_seconds wall_clock;
};
