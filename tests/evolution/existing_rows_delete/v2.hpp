#pragma once
#include <strata/annotations.hpp>

#include <cstdint>
#include <optional>
#include <string>

// Rows that break a new unique key, check and foreign key; existing_rows = "delete" removes
// them first.
struct STRATA_TABLE(name = "authors", check = ("ck_authors_age", "age >= 0"),
                    existing_rows = "delete") Author {
    STRATA_COLUMN(primary_key) std::int64_t id;
    STRATA_COLUMN(length = 40, unique, existing_rows = "delete") std::string email;
    std::int32_t age;
};

struct STRATA_TABLE(name = "posts") Post {
    STRATA_COLUMN(primary_key) std::int64_t id;
    STRATA_COLUMN(references = "authors.id", existing_rows = "delete") std::int64_t author_id;
};
