// `check` in the migrate tool: how the live database differs from the schema the
// application's head implies.

#include "strata/cli.hpp"
#include "strata/detail/named.hpp"
#include "strata/dialect.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>

namespace strata {
namespace {

std::string describe_column(const column& c, const dialect& d) {
    std::string text = d.type_sql(c.type) + (c.nullable ? " NULL" : " NOT NULL");
    if (c.primary_key) {
        text += " PRIMARY KEY";
    }
    if (c.autoincrement) {
        text += " AUTOINCREMENT";
    }
    if (c.server_default) {
        text += " DEFAULT " + *c.server_default;
    }
    if (c.comment) {
        text += " COMMENT " + d.quote_literal(*c.comment);
    }
    return text;
}

std::string describe_item(const index& i) {
    return fmt::format("{}({})", i.unique ? "UNIQUE " : "", fmt::join(i.columns, ", "));
}
std::string describe_item(const unique_constraint& u) {
    return fmt::format("UNIQUE ({})", fmt::join(u.columns, ", "));
}
std::string describe_item(const foreign_key& f) {
    return fmt::format("({}) REFERENCES {}({}) ON DELETE {} ON UPDATE {}",
                       fmt::join(f.columns, ", "), f.referenced_table,
                       fmt::join(f.referenced_columns, ", "), to_sql(f.on_delete),
                       to_sql(f.on_update));
}
std::string describe_item(const check_constraint& c) {
    return fmt::format("CHECK ({})", c.expression);
}

// Named items (indexes, constraints) of one table, compared by name.
template <typename Item>
void compare_named(const std::vector<Item>& expected, const std::vector<Item>& actual,
                   std::string_view kind, const std::string& table_name,
                   std::vector<std::string>& out) {
    for (const auto& e : expected) {
        const Item* it = detail::find_named(actual, e.name);
        if (it == nullptr) {
            out.push_back(fmt::format("{} '{}' on '{}' is missing from the database", kind, e.name,
                                      table_name));
        } else if (!(*it == e)) {
            out.push_back(fmt::format("{} '{}' on '{}' differs: expected {}, found {}", kind,
                                      e.name, table_name, describe_item(e), describe_item(*it)));
        }
    }
    for (const auto& a : actual) {
        if (detail::find_named(expected, a.name) == nullptr) {
            out.push_back(fmt::format("{} '{}' on '{}' is in the database but not in the "
                                      "revisions",
                                      kind, a.name, table_name));
        }
    }
}

void compare_tables(const table& expected, const table& actual, const dialect& d,
                    std::vector<std::string>& out) {
    for (const auto& e : expected.columns) {
        const column* a = actual.find_column(e.name);
        if (a == nullptr) {
            out.push_back(
                fmt::format("column '{}.{}' is missing from the database", expected.name, e.name));
        } else if (describe_column(*a, d) != describe_column(e, d)) {
            // Compared as the database spells them: SQLite stores int32 and int64 alike as
            // INTEGER, so introspection cannot tell them apart, and that is no drift.
            out.push_back(fmt::format("column '{}.{}' differs: expected {}, found {}",
                                      expected.name, e.name, describe_column(e, d),
                                      describe_column(*a, d)));
        }
    }
    for (const auto& a : actual.columns) {
        if (expected.find_column(a.name) == nullptr) {
            out.push_back(fmt::format("column '{}.{}' is in the database but not in the "
                                      "revisions",
                                      expected.name, a.name));
        }
    }
    compare_named(expected.indexes, actual.indexes, "index", expected.name, out);
    compare_named(expected.uniques, actual.uniques, "unique constraint", expected.name, out);
    compare_named(expected.foreign_keys, actual.foreign_keys, "foreign key", expected.name, out);
    compare_named(expected.checks, actual.checks, "check constraint", expected.name, out);
    if (expected.comment != actual.comment) {
        out.push_back(fmt::format("the comment of table '{}' differs", expected.name));
    }
}

} // namespace

std::vector<std::string> schema_differences(const schema& expected, const schema& actual,
                                            const dialect& d) {
    std::vector<std::string> out;
    for (const auto& e : expected.tables) {
        if (const table* a = actual.find_table(e.name)) {
            compare_tables(e, *a, d, out);
        } else {
            out.push_back(fmt::format("table '{}' is missing from the database", e.name));
        }
    }
    for (const auto& a : actual.tables) {
        if (expected.find_table(a.name) == nullptr) {
            out.push_back(
                fmt::format("table '{}' is in the database but not in the revisions", a.name));
        }
    }
    return out;
}

} // namespace strata
