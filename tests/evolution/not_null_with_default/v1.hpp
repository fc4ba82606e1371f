#pragma once
#include <strata/annotations.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

// Issue 13: a nullable column that becomes NOT NULL with a default.
struct STRATA_TABLE(name = "ticket") Ticket {
    STRATA_COLUMN(primary_key) std::int64_t id;
    std::optional<std::int32_t> level;
};
