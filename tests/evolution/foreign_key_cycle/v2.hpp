#pragma once
#include <strata/annotations.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

struct STRATA_TABLE(name = "users") User {
    STRATA_COLUMN(primary_key) std::int64_t id;
    STRATA_COLUMN(length = 120) std::string email;
};

struct STRATA_TABLE(name = "authors") Author {
    STRATA_COLUMN(primary_key) std::int64_t id;
    STRATA_COLUMN(references = "books.id", on_delete = set_null)
    std::optional<std::int64_t> best_book_id;
};

struct STRATA_TABLE(name = "books") Book {
    STRATA_COLUMN(primary_key) std::int64_t id;
    STRATA_COLUMN(references = "authors.id") std::int64_t author_id;
};
