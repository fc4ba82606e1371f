#pragma once
/// @file
/// Type classification: which column type a member's C++ type maps to (std::int64_t →
/// int64, std::optional<std::string> → a nullable string, an enum class → an enumeration
/// with its enumerators), and why a type that maps to none is refused.

#include "strata/schema.hpp"

#include <clang-c/Index.h>

#include <optional>
#include <string>
#include <string_view>

namespace strata::generator {

/// The note under every "unsupported type" error: what a member may be.
inline constexpr std::string_view supported_types_note =
    "supported types are std::int16_t, std::int32_t, std::int64_t (and the unsigned types up "
    "to std::uint32_t), float, double, bool, std::string, std::vector<std::byte>, "
    "std::chrono::system_clock::time_point, std::chrono::local_time<D> (local_seconds, "
    "local_days), std::chrono::year_month_day, std::chrono::hh_mm_ss<D>, "
    "std::chrono::duration<R, P> (seconds, minutes, ...), a class named uuid, nlohmann::json, "
    "an enum class, and std::optional of any of them";

/// Why a member type has no column type: the message's note. Empty for the general case.
struct type_problem {
    std::string note;
};

/// A member's column type, and whether std::optional made it nullable.
struct member_type {
    column_type type;
    bool nullable = false;
};

/// The column type of a data member of C++ type @p type; std::nullopt (with a note in
/// @p problem where one helps) when no column type fits.
[[nodiscard]] std::optional<member_type> classify(CXType type, type_problem& problem);

} // namespace strata::generator
