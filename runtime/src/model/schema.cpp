#include "strata/schema.hpp"

#include "strata/detail/named.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace strata {
namespace {
constexpr std::array<std::pair<type_kind, std::string_view>, 17> type_names{{
    {type_kind::int16, "int16"},
    {type_kind::int32, "int32"},
    {type_kind::int64, "int64"},
    {type_kind::float32, "float32"},
    {type_kind::float64, "float64"},
    {type_kind::boolean, "boolean"},
    {type_kind::string, "string"},
    {type_kind::binary, "binary"},
    {type_kind::timestamp, "timestamp"},
    {type_kind::date, "date"},
    {type_kind::decimal, "decimal"},
    {type_kind::enumeration, "enum"},
    {type_kind::local_timestamp, "local_timestamp"},
    {type_kind::time_of_day, "time_of_day"},
    {type_kind::interval, "interval"},
    {type_kind::uuid, "uuid"},
    {type_kind::json, "json"},
}};

struct action_names {
    referential_action action;
    std::string_view name;
    std::string_view sql;
};
constexpr std::array<action_names, 5> actions{{
    {referential_action::no_action, "no_action", "NO ACTION"},
    {referential_action::restrict, "restrict", "RESTRICT"},
    {referential_action::cascade, "cascade", "CASCADE"},
    {referential_action::set_null, "set_null", "SET NULL"},
    {referential_action::set_default, "set_default", "SET DEFAULT"},
}};

template <class T>
void sort_by_name(std::vector<T>& items) {
    std::sort(items.begin(), items.end(), [](const T& a, const T& b) { return a.name < b.name; });
}

std::string joined(const std::vector<std::string>& columns) {
    std::string text;
    for (const auto& c : columns) {
        text += '_' + c;
    }
    return text;
}
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

std::string_view to_sql(referential_action action) {
    for (const auto& a : actions) {
        if (a.action == action) {
            return a.sql;
        }
    }
    return "NO ACTION";
}

std::string_view to_string(referential_action action) {
    for (const auto& a : actions) {
        if (a.action == action) {
            return a.name;
        }
    }
    return "no_action";
}

std::optional<referential_action> referential_action_from_string(std::string_view text) {
    for (const auto& a : actions) {
        if (a.name == text) {
            return a.action;
        }
    }
    return std::nullopt;
}

const column* table::find_column(std::string_view column_name) const {
    return detail::find_named(columns, column_name);
}

std::vector<std::string> table::primary_key() const {
    std::vector<std::string> key;
    for (const auto& c : columns) {
        if (c.primary_key) {
            key.push_back(c.name);
        }
    }
    return key;
}

void table::normalize() {
    sort_by_name(indexes);
    sort_by_name(uniques);
    sort_by_name(foreign_keys);
    sort_by_name(checks);
}

const table* schema::find_table(std::string_view table_name) const {
    return detail::find_named(tables, table_name);
}

table* schema::find_table(std::string_view table_name) {
    return detail::find_named(tables, table_name);
}

void schema::normalize() {
    sort_by_name(tables);
    for (auto& t : tables) {
        t.normalize();
    }
}

std::string default_index_name(std::string_view table_name, const std::vector<std::string>& columns,
                               bool unique) {
    return std::string(unique ? "ux_" : "ix_") + std::string(table_name) + joined(columns);
}

std::string default_unique_name(std::string_view table_name,
                                const std::vector<std::string>& columns) {
    return "uq_" + std::string(table_name) + joined(columns);
}

std::string default_foreign_key_name(std::string_view table_name,
                                     const std::vector<std::string>& columns,
                                     std::string_view referenced_table) {
    return "fk_" + std::string(table_name) + joined(columns) + "_" + std::string(referenced_table);
}

} // namespace strata
