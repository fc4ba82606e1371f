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

enum class Mood { calm, busy };
using Money = double;

struct STRATA_TABLE(name = "everything", comment = "one column of each type") Everything {
    STRATA_COLUMN(primary_key, autoincrement) std::int64_t id;
    std::int16_t small;
    std::int32_t medium;
    long long large;
    std::uint16_t unsigned_small;
    std::uint32_t unsigned_medium;
    float ratio;
    double measure;
    bool flag;
    std::string text_value;
    STRATA_COLUMN(length = 40) std::string bounded;
    std::vector<std::byte> blob;
    std::vector<std::uint8_t> bytes;
    std::chrono::system_clock::time_point created_at;
    std::chrono::year_month_day birthday;
    STRATA_COLUMN(decimal = (10, 2)) Money price;
    Mood mood;
    STRATA_COLUMN(sql_type = "VARCHAR(12)") std::string code;
    std::optional<std::int32_t> maybe_number;
    std::optional<std::string> maybe_text;
};
