#include "review/type_change.hpp"

#include "compare/risks.hpp"
#include "review/checks.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <string>

namespace strata::generator::review {
namespace {

int float_rank(type_kind kind) {
    return kind == type_kind::float32 ? 1 : kind == type_kind::float64 ? 2 : 0;
}

bool unbounded_text(const column_type& type) {
    return type.kind == type_kind::string && !type.length && type.sql_override.empty();
}

bool decimal_narrows(const column_type& from, const column_type& to) {
    const int from_scale = from.scale.value_or(0);
    const int to_scale = to.scale.value_or(0);
    const int from_integer = from.precision.value_or(0) - from_scale;
    const int to_integer = to.precision.value_or(0) - to_scale;
    return to_scale < from_scale || to_integer < from_integer;
}

} // namespace

bool narrows(const column_type& from, const column_type& to) {
    if (from == to || unbounded_text(to)) {
        return false;
    }
    if (!from.sql_override.empty() || !to.sql_override.empty()) {
        return true; // strata cannot compare spellings it does not own
    }
    if (from.kind == type_kind::string && to.kind == type_kind::string) {
        return to.length && (!from.length || *to.length < *from.length);
    }
    if (is_integer(from.kind) && is_integer(to.kind)) {
        return integer_rank(to.kind) < integer_rank(from.kind);
    }
    if (float_rank(from.kind) != 0 && float_rank(to.kind) != 0) {
        return float_rank(to.kind) < float_rank(from.kind);
    }
    if (from.kind == type_kind::decimal && to.kind == type_kind::decimal) {
        return decimal_narrows(from, to);
    }
    if (from.kind == type_kind::enumeration && to.kind == type_kind::enumeration) {
        return std::any_of(from.enum_values.begin(), from.enum_values.end(), [&](const auto& v) {
            return std::find(to.enum_values.begin(), to.enum_values.end(), v) ==
                   to.enum_values.end();
        });
    }
    return true;
}

bool pg_rewrites(const column_type& from, const column_type& to) {
    if (from == to) {
        return false;
    }
    if (!from.sql_override.empty() || !to.sql_override.empty()) {
        return true;
    }
    if (from.kind == type_kind::string && to.kind == type_kind::string) {
        return from.length && to.length ? *to.length < *from.length : !from.length;
    }
    if (from.kind == type_kind::decimal && to.kind == type_kind::decimal) {
        return from.scale != to.scale || to.precision.value_or(0) < from.precision.value_or(0);
    }
    if (from.kind == type_kind::enumeration && to.kind == type_kind::enumeration) {
        const bool appends =
            from.enum_name == to.enum_name && to.enum_values.size() >= from.enum_values.size() &&
            std::equal(from.enum_values.begin(), from.enum_values.end(), to.enum_values.begin());
        return !appends;
    }
    return true;
}

bool volatile_default(std::string_view expression) {
    std::string text(expression);
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    static constexpr std::array<std::string_view, 5> functions{
        "random(", "gen_random_uuid(", "clock_timestamp(", "uuid_generate_", "timeofday("};
    return std::any_of(functions.begin(), functions.end(),
                       [&](std::string_view f) { return text.find(f) != std::string::npos; });
}

std::string type_words(const column_type& type) {
    std::string text;
    switch (type.kind) {
    case type_kind::string:
        text = type.length ? fmt::format("string({})", *type.length) : "text";
        break;
    case type_kind::decimal:
        text = fmt::format("decimal({}, {})", type.precision.value_or(0), type.scale.value_or(0));
        break;
    case type_kind::enumeration:
        text =
            fmt::format("enumeration {} ({})", type.enum_name, fmt::join(type.enum_values, ", "));
        break;
    default:
        text = std::string(to_string(type.kind));
    }
    return type.sql_override.empty() ? text : fmt::format("{} as {}", text, type.sql_override);
}

} // namespace strata::generator::review
