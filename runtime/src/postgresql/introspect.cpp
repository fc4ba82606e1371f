#include "strata/postgresql/introspect.hpp"

#include "strata/detail/text.hpp"
#include "strata/dialect.hpp"
#include "strata/error.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fmt/format.h>
#include <map>
#include <regex>

namespace strata::postgresql {
namespace {
using strata::detail::text_of;
using strata::detail::upper;

// PostgreSQL arrays of names come back as {a,b,"c d"}; strata names are never arrays
// inside arrays, so a small parser is enough.
std::vector<std::string> parse_name_array(std::string_view text) {
    std::vector<std::string> result;
    if (text.size() < 2 || text.front() != '{' || text.back() != '}') {
        return result;
    }
    text = text.substr(1, text.size() - 2);
    std::string current;
    bool quoted = false;
    bool any = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '\\' && i + 1 < text.size()) {
                current += text[++i];
            } else if (c == '"') {
                quoted = false;
            } else {
                current += c;
            }
        } else if (c == '"') {
            quoted = true;
            any = true;
        } else if (c == ',') {
            result.push_back(std::move(current));
            current.clear();
            any = false;
        } else {
            current += c;
            any = true;
        }
    }
    if (any || !current.empty()) {
        result.push_back(std::move(current));
    }
    return result;
}

// Maps format_type() output back to the portable model.
column_type column_type_of(const std::string& formatted, bool is_enum, const std::string& enum_name,
                           std::vector<std::string> enum_values) {
    if (is_enum) {
        return {.kind = type_kind::enumeration,
                .enum_name = enum_name,
                .enum_values = std::move(enum_values)};
    }
    static const std::map<std::string, type_kind, std::less<>> simple = {
        {"smallint", type_kind::int16},
        {"integer", type_kind::int32},
        {"bigint", type_kind::int64},
        {"real", type_kind::float32},
        {"double precision", type_kind::float64},
        {"boolean", type_kind::boolean},
        {"text", type_kind::string},
        {"character varying", type_kind::string},
        {"bytea", type_kind::binary},
        {"timestamp with time zone", type_kind::timestamp},
        {"date", type_kind::date},
        {"numeric", type_kind::decimal},
        {"timestamp without time zone", type_kind::local_timestamp},
        {"time without time zone", type_kind::time_of_day},
        {"interval", type_kind::interval},
        {"uuid", type_kind::uuid},
        {"jsonb", type_kind::json},
    };
    if (const auto it = simple.find(formatted); it != simple.end()) {
        return {.kind = it->second};
    }
    static const std::regex varchar(R"(character varying\((\d+)\))");
    static const std::regex numeric(R"(numeric\((\d+),(\d+)\))");
    std::smatch match;
    if (std::regex_match(formatted, match, varchar)) {
        return {.kind = type_kind::string, .length = strata::detail::to_int32(match[1].str())};
    }
    if (std::regex_match(formatted, match, numeric)) {
        return {.kind = type_kind::decimal,
                .precision = strata::detail::to_int32(match[1].str()),
                .scale = strata::detail::to_int32(match[2].str())};
    }
    // No portable kind (json, citext, money, ...): keep the exact
    // spelling, as a model states such a column with sql_type(text(), "JSONB").
    return {.kind = type_kind::string, .sql_override = upper(formatted)};
}

// The default as the model writes it: PostgreSQL stores 'draft' on a VARCHAR column as
// 'draft'::character varying, and -1 as '-1'::integer.
std::string normalize_default(std::string expression, const std::string& formatted_type,
                              const column_type& type) {
    static const std::regex cast_literal(R"(^('(?:[^']|'')*')::(.+)$)");
    std::smatch match;
    if (std::regex_match(expression, match, cast_literal)) {
        const std::string target = match[2].str();
        const bool own_type =
            target == formatted_type || target == "text" || target == "character varying" ||
            (type.kind == type_kind::enumeration &&
             (target == type.enum_name || target == "\"" + type.enum_name + "\""));
        if (own_type) {
            expression = match[1].str();
            static const std::regex number(R"(^'(-?[0-9]+(\.[0-9]+)?)'$)");
            std::smatch n;
            const bool numeric_column = is_integer(type.kind) || type.kind == type_kind::float32 ||
                                        type.kind == type_kind::float64 ||
                                        type.kind == type_kind::decimal;
            if (numeric_column && std::regex_match(expression, n, number)) {
                expression = n[1].str();
            }
        }
    }
    return expression;
}

// pg_get_constraintdef() gives "CHECK ((price > 0))"; the model holds "price > 0".
std::string check_expression(std::string definition) {
    constexpr std::string_view prefix = "CHECK (";
    if (definition.starts_with(prefix) && definition.ends_with(')')) {
        definition = definition.substr(prefix.size(), definition.size() - prefix.size() - 1);
    }
    // Drop one pair of parentheses around the whole expression, if they do enclose it.
    if (definition.size() >= 2 && definition.front() == '(' && definition.back() == ')') {
        int depth = 0;
        bool encloses = true;
        for (std::size_t i = 0; i < definition.size(); ++i) {
            depth += definition[i] == '(' ? 1 : definition[i] == ')' ? -1 : 0;
            if (depth == 0 && i + 1 < definition.size()) {
                encloses = false;
                break;
            }
        }
        if (encloses) {
            definition = definition.substr(1, definition.size() - 2);
        }
    }
    return definition;
}

referential_action action_of(const std::string& code) {
    if (code == "r") {
        return referential_action::restrict;
    }
    if (code == "c") {
        return referential_action::cascade;
    }
    if (code == "n") {
        return referential_action::set_null;
    }
    if (code == "d") {
        return referential_action::set_default;
    }
    return referential_action::no_action;
}
using table_map = std::map<std::string, table, std::less<>>;

// The tables of the current schema but @p version_table, with their comments.
table_map read_tables(strata::connection& db, std::string_view version_table) {
    table_map tables;
    const auto table_rows = db.query(fmt::format(
        "SELECT c.relname, obj_description(c.oid, 'pg_class') FROM pg_catalog.pg_class c "
        "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = "
        "current_schema() AND c.relkind IN ('r', 'p') AND c.relname <> {} ORDER BY c.relname",
        db.sql_dialect().quote_literal(version_table)));
    for (const auto& r : table_rows) {
        table t{text_of(r.at(0))};
        t.comment = r.at(1);
        tables.emplace(t.name, std::move(t));
    }
    return tables;
}

// The columns of @p tables, in declaration order.
void read_columns(strata::connection& db, table_map& tables) {
    // Enum values, by type oid, in declaration order.
    std::map<std::string, std::vector<std::string>, std::less<>> enum_values;
    for (const auto& r : db.query("SELECT enumtypid::text, enumlabel FROM pg_catalog.pg_enum "
                                  "ORDER BY enumtypid, enumsortorder")) {
        enum_values[text_of(r.at(0))].push_back(text_of(r.at(1)));
    }

    const auto column_rows = db.query(
        "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
        "a.attidentity, pg_get_expr(d.adbin, d.adrelid), col_description(c.oid, a.attnum), "
        "t.typtype, t.typname, t.oid::text, "
        "COALESCE((SELECT true FROM pg_catalog.pg_index i WHERE i.indrelid = c.oid AND "
        "i.indisprimary AND a.attnum = ANY(i.indkey)), false) "
        "FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid "
        "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "JOIN pg_catalog.pg_type t ON t.oid = a.atttypid "
        "LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
        "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND "
        "NOT a.attisdropped ORDER BY c.relname, a.attnum");
    for (const auto& r : column_rows) {
        const auto it = tables.find(text_of(r.at(0)));
        if (it == tables.end()) {
            continue; // the version table
        }
        const std::string formatted = text_of(r.at(2));
        const bool is_enum = text_of(r.at(7)) == "e";
        column c;
        c.name = text_of(r.at(1));
        c.type =
            column_type_of(formatted, is_enum, text_of(r.at(8)),
                           is_enum ? enum_values[text_of(r.at(9))] : std::vector<std::string>{});
        c.nullable = text_of(r.at(3)) != "t";
        c.primary_key = text_of(r.at(10)) == "t";
        c.autoincrement = !text_of(r.at(4)).empty();
        if (r.at(5)) {
            // A serial column (created by hand or by another tool) is the older spelling
            // of an IDENTITY column.
            if (r.at(5)->starts_with("nextval(")) {
                c.autoincrement = true;
            } else {
                c.server_default = normalize_default(*r.at(5), formatted, c.type);
            }
        }
        c.comment = r.at(6);
        it->second.columns.push_back(std::move(c));
    }
}

// The indexes of @p tables that back no constraint (those come back as the constraint).
void read_indexes(strata::connection& db, table_map& tables) {
    const auto index_rows = db.query(
        "SELECT c.relname, ic.relname, i.indisunique, i.indexprs IS NOT NULL OR i.indpred IS "
        "NOT NULL, ARRAY(SELECT a.attname FROM unnest(i.indkey) WITH ORDINALITY AS k(attnum, "
        "ord) JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum "
        "ORDER BY k.ord) "
        "FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indrelid "
        "JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid "
        "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND NOT i.indisprimary AND NOT EXISTS (SELECT 1 "
        "FROM pg_catalog.pg_constraint k WHERE k.conindid = i.indexrelid) ORDER BY ic.relname");
    for (const auto& r : index_rows) {
        const auto it = tables.find(text_of(r.at(0)));
        if (it == tables.end()) {
            continue;
        }
        if (text_of(r.at(3)) == "t") {
            throw error(fmt::format("index '{}' on table '{}' has expressions or a WHERE "
                                    "clause, which strata does not model",
                                    text_of(r.at(1)), it->first));
        }
        it->second.indexes.push_back(
            index{text_of(r.at(1)), parse_name_array(text_of(r.at(4))), text_of(r.at(2)) == "t"});
    }
}

// The unique, foreign key and check constraints of @p tables.
void read_constraints(strata::connection& db, table_map& tables) {
    const auto constraint_rows = db.query(
        "SELECT c.relname, k.conname, k.contype, "
        "ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY AS x(attnum, ord) JOIN "
        "pg_catalog.pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = x.attnum ORDER BY "
        "x.ord), "
        "rc.relname, "
        "ARRAY(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY AS x(attnum, ord) JOIN "
        "pg_catalog.pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = x.attnum ORDER "
        "BY x.ord), "
        "k.confdeltype, k.confupdtype, pg_get_constraintdef(k.oid) "
        "FROM pg_catalog.pg_constraint k JOIN pg_catalog.pg_class c ON c.oid = k.conrelid "
        "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "LEFT JOIN pg_catalog.pg_class rc ON rc.oid = k.confrelid "
        "WHERE n.nspname = current_schema() AND k.contype IN ('u', 'f', 'c') "
        "ORDER BY k.conname");
    for (const auto& r : constraint_rows) {
        const auto it = tables.find(text_of(r.at(0)));
        if (it == tables.end()) {
            continue;
        }
        const std::string kind = text_of(r.at(2));
        const std::string name = text_of(r.at(1));
        if (kind == "u") {
            it->second.uniques.push_back(
                unique_constraint{name, parse_name_array(text_of(r.at(3)))});
        } else if (kind == "f") {
            it->second.foreign_keys.push_back(
                foreign_key{name, parse_name_array(text_of(r.at(3))), text_of(r.at(4)),
                            parse_name_array(text_of(r.at(5))), action_of(text_of(r.at(6))),
                            action_of(text_of(r.at(7)))});
        } else {
            it->second.checks.push_back(check_constraint{name, check_expression(text_of(r.at(8)))});
        }
    }
}

} // namespace

schema introspect(strata::connection& db, std::string_view version_table) {
    table_map tables = read_tables(db, version_table);
    read_columns(db, tables);
    read_indexes(db, tables);
    read_constraints(db, tables);
    schema result;
    for (auto& [name, t] : tables) {
        result.tables.push_back(std::move(t));
    }
    result.normalize();
    return result;
}

} // namespace strata::postgresql
