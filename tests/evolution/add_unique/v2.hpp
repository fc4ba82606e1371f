#pragma once
#include <strata/annotations.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

struct STRATA_TABLE(name = "users", unique = (email, id)) User {
    STRATA_COLUMN(primary_key) std::int64_t id;
    STRATA_COLUMN(length = 120, unique, existing_rows = "checked") std::string email;
};
