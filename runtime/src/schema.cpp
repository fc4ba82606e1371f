#include "strata/schema.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace strata {
namespace {
constexpr std::array<std::pair<type_kind, std::string_view>, 5> type_names{{
    {type_kind::int32, "int32"},
    {type_kind::int64, "int64"},
    {type_kind::float64, "float64"},
    {type_kind::boolean, "boolean"},
    {type_kind::string, "string"},
}};
} // namespace

std::string_view to_string(type_kind kind) {
    for (const auto& [k, name] : type_names) {
        if (k == kind) {
            return name;
        }
    }
    return "unknown";
}

std::optional<type_kind> type_kind_from_string(std::string_view text) {
    for (const auto& [k, name] : type_names) {
        if (name == text) {
            return k;
        }
    }
    return std::nullopt;
}

const column* table::find_column(std::string_view column_name) const {
    auto it = std::find_if(columns.begin(), columns.end(),
                           [&](const column& c) { return c.name == column_name; });
    return it == columns.end() ? nullptr : &*it;
}

const table* schema::find_table(std::string_view table_name) const {
    auto it = std::find_if(tables.begin(), tables.end(),
                           [&](const table& t) { return t.name == table_name; });
    return it == tables.end() ? nullptr : &*it;
}

void schema::normalize() {
    std::sort(tables.begin(), tables.end(),
              [](const table& a, const table& b) { return a.name < b.name; });
}

} // namespace strata
