#pragma once
#include <strata/annotations.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

// A table whose key moves in every way at once: renamed, the autoincrement rowid key
// leaves the key and becomes nullable, a nullable column is filled and joins it, a new
// column is added into it, and a column the old shape had is dropped.
struct STRATA_TABLE(name = "tags") Tag {
    STRATA_COLUMN(primary_key, autoincrement) std::int64_t id;
    STRATA_COLUMN(length = 40) std::optional<std::string> slug;
    std::optional<std::string> note;
};
