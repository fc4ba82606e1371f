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
    STRATA_COLUMN(length = 120, backfill = "'unknown@example.org'") std::string email;
    // Made optional: a downgrade makes it NOT NULL again, and fills NULLs with this.
    STRATA_COLUMN(backfill = "'anonymous'") std::optional<std::string> nickname;
};
