// Plain words for operations, richer than describe(): what a reviewer needs to see a
// change without reading the C++ (types, nullability, defaults, keys).

#include "review/checks.hpp"

#include "strata/detail/overloaded.hpp"

#include <cctype>
#include <fmt/format.h>
#include <fmt/ranges.h>

namespace strata::generator::review {
namespace {

using strata::detail::overloaded;

std::string column_words(const column& c) {
    std::string text = fmt::format("{} {}", c.name, type_words(c.type));
    text += c.nullable ? ", NULL allowed" : ", NOT NULL";
    if (c.primary_key) {
        text += ", primary key";
    }
    if (c.autoincrement) {
        text += ", autoincrement";
    }
    if (c.server_default) {
        text += fmt::format(", default {}", *c.server_default);
    }
    return text;
}

std::string change_words(const column& from, const column& to) {
    std::vector<std::string> parts;
    if (from.name != to.name) {
        parts.push_back(fmt::format("renamed to {}", to.name));
    }
    if (from.type != to.type) {
        parts.push_back(fmt::format("{} → {}", type_words(from.type), type_words(to.type)));
    }
    if (from.nullable != to.nullable) {
        parts.push_back(to.nullable ? "NOT NULL → NULL allowed" : "NULL allowed → NOT NULL");
    }
    if (from.server_default != to.server_default) {
        parts.push_back(fmt::format("default {} → {}", from.server_default.value_or("none"),
                                    to.server_default.value_or("none")));
    }
    if (from.autoincrement != to.autoincrement) {
        parts.push_back(to.autoincrement ? "autoincrement added" : "autoincrement removed");
    }
    if (from.comment != to.comment) {
        parts.push_back("comment changed");
    }
    return fmt::format("{}", fmt::join(parts, ", "));
}

std::string rows_note(const schema& before, const std::string& table_name) {
    return before.find_table(table_name) ? "" : " (a table this revision creates)";
}

} // namespace

std::string explain(const operation& op, const schema& before) {
    return std::visit(
        overloaded{
            [&](const ops::create_table& o) {
                std::vector<std::string> columns;
                for (const auto& c : o.definition.columns) {
                    columns.push_back(column_words(c));
                }
                return fmt::format("Create table {} ({})", o.definition.name,
                                   fmt::join(columns, "; "));
            },
            [&](const ops::add_column& o) {
                return fmt::format("Add column {}.{}{}", o.table_name, column_words(o.definition),
                                   rows_note(before, o.table_name));
            },
            [&](const ops::alter_column& o) {
                return fmt::format("Change column {}.{}: {}", o.table_name, o.from.name,
                                   change_words(o.from, o.to));
            },
            [&](const ops::create_index& o) {
                return fmt::format("Create {}index {} on {} ({})",
                                   o.definition.unique ? "unique " : "", o.definition.name,
                                   o.table_name, fmt::join(o.definition.columns, ", "));
            },
            [&](const ops::add_unique& o) {
                return fmt::format("Add unique constraint {} on {} ({})", o.definition.name,
                                   o.table_name, fmt::join(o.definition.columns, ", "));
            },
            [&](const ops::add_foreign_key& o) {
                return fmt::format("Add foreign key {} on {} ({}) → {} ({})", o.definition.name,
                                   o.table_name, fmt::join(o.definition.columns, ", "),
                                   o.definition.referenced_table,
                                   fmt::join(o.definition.referenced_columns, ", "));
            },
            [&](const ops::add_check& o) {
                return fmt::format("Add check {} on {}: {}", o.definition.name, o.table_name,
                                   o.definition.expression);
            },
            [&](const ops::execute_sql& o) {
                return fmt::format("Run hand-written SQL: {}", o.sql);
            },
            [&](const auto&) {
                auto text = describe(op);
                text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
                return text;
            },
        },
        op);
}

} // namespace strata::generator::review
