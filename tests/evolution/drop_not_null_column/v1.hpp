#pragma once
#include <strata/annotations.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

// Issue 13: the downgrade re-adds a NOT NULL column that the upgrade dropped.
struct STRATA_TABLE(name = "notes") Note {
    STRATA_COLUMN(primary_key) std::int64_t id;
    std::string body;
    std::int32_t stars;
    bool pinned;
};
