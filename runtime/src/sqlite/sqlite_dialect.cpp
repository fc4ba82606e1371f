#include "strata/sqlite/dialect.hpp"

#include "strata/detail/overloaded.hpp"
#include "strata/error.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h> // fmt::join lives here from fmt 11 on

namespace strata::sqlite {
namespace {
using strata::detail::overloaded;
} // namespace

std::string dialect::type_sql(const column_type& type) const {
    switch (type.kind) {
    // SQLite has one integer storage class; both map to INTEGER so that a single-column
    // INTEGER primary key becomes the rowid alias, which is what users expect.
    case type_kind::int32:
    case type_kind::int64:
        return "INTEGER";
    case type_kind::float64:
        return "REAL";
    case type_kind::boolean:
        return "BOOLEAN";
    case type_kind::string:
        return type.length ? fmt::format("VARCHAR({})", *type.length) : std::string("TEXT");
    default:
        break;
    }
    return "TEXT";
}

std::string dialect::column_sql(const column& definition) const {
    return fmt::format("{} {}{}", quote_identifier(definition.name), type_sql(definition.type),
                       definition.nullable ? "" : " NOT NULL");
}

std::vector<std::string> dialect::to_sql(const operation& op,
                                         [[maybe_unused]] const schema& before) const {
    return std::visit(
        overloaded{
            [&](const ops::create_table& o) {
                std::string sql =
                    fmt::format("CREATE TABLE {} (", quote_identifier(o.definition.name));
                std::vector<std::string> lines;
                std::vector<std::string> key;
                for (const column& c : o.definition.columns) {
                    lines.push_back(column_sql(c));
                    if (c.primary_key) {
                        key.push_back(quote_identifier(c.name));
                    }
                }
                // A table constraint rather than a column constraint, so composite keys
                // need no special case (a single INTEGER key is still the rowid alias).
                if (!key.empty()) {
                    lines.push_back(fmt::format("PRIMARY KEY ({})", fmt::join(key, ", ")));
                }
                return std::vector<std::string>{
                    fmt::format("{}\n    {}\n)", sql, fmt::join(lines, ",\n    "))};
            },
            [&](const ops::drop_table& o) {
                return std::vector<std::string>{
                    fmt::format("DROP TABLE {}", quote_identifier(o.table_name))};
            },
            [&](const ops::add_column& o) {
                // SQLite rejects a NOT NULL column without a default and any PRIMARY KEY
                // column here; its own error message says so, and the migrator reports it
                // together with this statement.
                return std::vector<std::string>{fmt::format(
                    "ALTER TABLE {} ADD COLUMN {}{}", quote_identifier(o.table_name),
                    column_sql(o.definition), o.definition.primary_key ? " PRIMARY KEY" : "")};
            },
            [&](const ops::drop_column& o) {
                return std::vector<std::string>{fmt::format("ALTER TABLE {} DROP COLUMN {}",
                                                            quote_identifier(o.table_name),
                                                            quote_identifier(o.column_name))};
            },
            [](const ops::execute_sql& o) { return std::vector<std::string>{o.sql}; },
            [](const auto& o) -> std::vector<std::string> {
                // TEMPORARY while the SQLite side of the full vocabulary is written.
                throw error(fmt::format("'{}' is not supported on SQLite yet", describe(o)));
            },
        },
        op);
}

} // namespace strata::sqlite
