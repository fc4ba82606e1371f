#pragma once
#include <strata/annotations.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

// The revision fills the NULLs with the default before it sets NOT NULL.
struct STRATA_TABLE(name = "ticket") Ticket {
    STRATA_COLUMN(primary_key) std::int64_t id;
    STRATA_COLUMN(default = "3") std::int32_t level;
};
