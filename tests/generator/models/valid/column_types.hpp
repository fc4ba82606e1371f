#pragma once
// clang-format off
// (unformatted on purpose: the scanner tests find declarations by their line text)
// Every supported member type, directly, through aliases and inside std::optional.

#include <strata/annotations.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace samples {

enum class Colour { red, green, light_blue };

struct Palette {
    /// Nested enums get the enum's own name, in snake_case.
    enum class BrushKind { Round, Flat };
};

/// Any class called uuid is a UUID (boost::uuids::uuid is one).
struct uuid {
    std::uint8_t bytes[16];
};

using Bytes = std::vector<std::byte>;
using Instant = std::chrono::system_clock::time_point;
using Price = double;

struct STRATA_TABLE() TypeSample {
    STRATA_COLUMN(primary_key) std::int64_t id;
    std::int16_t small;
    short also_small;
    std::int8_t tiny;
    std::uint8_t unsigned_tiny;
    std::int32_t medium;
    int also_medium;
    std::uint16_t unsigned_small;
    long large;
    long long also_large;
    std::uint32_t unsigned_medium;
    float ratio;
    double precise;
    bool flag;
    std::string text;
    STRATA_COLUMN(length = 40) std::string bounded;
    Bytes blob;
    std::vector<std::uint8_t> octets;
    std::vector<unsigned char> chars;
    Instant created;
    std::chrono::time_point<std::chrono::system_clock, std::chrono::seconds> created_seconds;
    std::chrono::year_month_day birthday;
    Colour colour;
    Palette::BrushKind brush;
    STRATA_COLUMN(decimal = (12, 2)) Price price;
    STRATA_COLUMN(decimal = (30, 10)) std::string exact;
    STRATA_COLUMN(decimal = (18, 0)) std::int64_t whole;
    STRATA_COLUMN(sql_type = "CITEXT") std::string email;
    std::optional<std::int16_t> maybe_small;
    std::optional<std::uint16_t> maybe_medium;
    std::optional<float> maybe_ratio;
    std::optional<Bytes> maybe_blob;
    std::optional<Instant> maybe_created;
    std::optional<std::chrono::year_month_day> maybe_birthday;
    std::optional<Colour> maybe_colour;
    STRATA_COLUMN(decimal = (5, 3)) std::optional<double> maybe_price;
    std::chrono::local_seconds wall_clock;
    std::chrono::local_time<std::chrono::milliseconds> wall_clock_ms;
    std::chrono::local_days local_day;
    std::chrono::hh_mm_ss<std::chrono::seconds> opens_at;
    std::chrono::minutes minutes_long;
    std::chrono::duration<double> seconds_double;
    uuid token;
    std::optional<std::chrono::local_seconds> maybe_wall_clock;
};

/// Excluded structs are never tables, even with STRATA_TABLE (e.g. switched off for a while).
struct STRATA_TABLE() STRATA_EXCLUDE Draft {
    STRATA_COLUMN(primary_key) std::int64_t id;
};

} // namespace samples
