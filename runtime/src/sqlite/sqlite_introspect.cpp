// Reads a SQLite database's schema back into strata::schema, through sqlite_master and
// the table_info pragma. Part of the strata::sqlite backend, so the core library needs no
// SQLite.

#include "strata/dialect.hpp"
#include "strata/error.hpp"
#include "strata/sqlite/connection.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fmt/format.h>

namespace strata::sqlite {
namespace {
std::string upper(std::string_view text) {
    std::string result(text);
    std::transform(result.begin(), result.end(), result.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return result;
}

// Maps a declared SQLite type back to the portable model. SQLite keeps one INTEGER storage
// class, and the dialect writes both int32 and int64 as INTEGER, so integers always come
// back as int64: compare introspected schemas with that in mind.
std::optional<column_type> sqlite_type(std::string_view declared) {
    const std::string type = upper(declared);
    if (type == "INTEGER" || type == "INT" || type == "BIGINT") {
        return column_type{type_kind::int64, {}};
    }
    if (type == "REAL" || type == "DOUBLE" || type == "FLOAT") {
        return column_type{type_kind::float64, {}};
    }
    if (type == "BOOLEAN") {
        return column_type{type_kind::boolean, {}};
    }
    if (type == "TEXT") {
        return column_type{type_kind::string, {}};
    }
    constexpr std::string_view varchar = "VARCHAR(";
    if (type.starts_with(varchar) && type.ends_with(')')) {
        std::int32_t length = 0;
        const char* first = type.data() + varchar.size();
        const char* last = type.data() + type.size() - 1;
        const auto [ptr, ec] = std::from_chars(first, last, length);
        if (ec == std::errc() && ptr == last && length > 0) {
            return column_type{type_kind::string, length};
        }
    }
    return std::nullopt;
}

std::string text_or_empty(const std::optional<std::string>& value) {
    return value.value_or("");
}
} // namespace


schema connection::introspect_schema(std::string_view version_table) {
    auto& db = *this;
    const strata::dialect& d = sql_dialect();
    schema result;
    const auto tables = db.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name "
                                 "NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name");
    for (const auto& table_row : tables) {
        const std::string name = text_or_empty(table_row.at(0));
        if (name == version_table) {
            continue;
        }
        table t{name, {}};
        // Columns: cid, name, type, notnull, dflt_value, pk (1-based position in the key).
        for (const auto& c :
             db.query(fmt::format("PRAGMA table_info({})", d.quote_identifier(name)))) {
            const std::string column_name = text_or_empty(c.at(1));
            const std::string declared = text_or_empty(c.at(2));
            const auto type = sqlite_type(declared);
            if (!type) {
                throw error(fmt::format("column '{}.{}' has type '{}', which strata does not model",
                                        name, column_name, declared));
            }
            t.columns.push_back(column{column_name, *type, text_or_empty(c.at(3)) == "0",
                                       text_or_empty(c.at(5)) != "0"});
        }
        result.tables.push_back(std::move(t));
    }
    result.normalize();
    return result;
}

} // namespace strata::sqlite
