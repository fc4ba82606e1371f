#pragma once
#include <strata/annotations.hpp>

#include <cstdint>
#include <optional>
#include <string>

// A new foreign key over a nullable column; existing_rows = "null" clears the references
// that match no row first.
struct STRATA_TABLE(name = "authors") Author {
    STRATA_COLUMN(primary_key) std::int64_t id;
};

struct STRATA_TABLE(name = "posts") Post {
    STRATA_COLUMN(primary_key) std::int64_t id;
    STRATA_COLUMN(references = "authors.id", existing_rows = "null")
    std::optional<std::int64_t> author_id;
};
