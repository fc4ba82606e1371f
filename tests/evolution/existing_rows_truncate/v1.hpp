#pragma once
#include <strata/annotations.hpp>

#include <cstdint>
#include <optional>
#include <string>

// A string narrowed from 40 to 5 characters; existing_rows = "truncate" cuts longer values
// before the ALTER, which PostgreSQL would refuse on them.
struct STRATA_TABLE(name = "users") User {
    STRATA_COLUMN(primary_key) std::int64_t id;
    STRATA_COLUMN(length = 40) std::string name;
    STRATA_COLUMN(length = 40) std::optional<std::string> nick;
};
