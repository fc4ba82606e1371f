#pragma once
#include <strata/annotations.hpp>

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace app {
/// Any class called uuid is a UUID column.
struct uuid {
    std::uint8_t bytes[16];
};
} // namespace app

// Then what SQLAlchemy and Django users reach for next: a day, a time of day, a duration,
// a UUID and a JSON document, each native where the database has it.
struct STRATA_TABLE(name = "events") Event {
    STRATA_COLUMN(primary_key) std::int64_t id;
    std::chrono::system_clock::time_point happened;
    std::chrono::local_seconds wall_clock;
    std::optional<std::chrono::local_days> day;
    std::optional<std::chrono::hh_mm_ss<std::chrono::seconds>> opens_at;
    STRATA_COLUMN(default = "'90 minutes'") std::chrono::minutes length;
    std::optional<app::uuid> token;
    std::optional<nlohmann::json> payload;
};
