#include "introspect.hpp"

#include "sql_tokens.hpp"
#include "strata/dialect.hpp"
#include "strata/error.hpp"

#include <algorithm>
#include <charconv>
#include <fmt/format.h>
#include <map>
#include <set>

namespace strata::sqlite {
namespace {
using detail::token;
using detail::upper;

std::string text_or_empty(const std::optional<std::string>& value) {
    return value.value_or("");
}

std::optional<std::int32_t> parse_int(std::string_view text) {
    std::int32_t value = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || ptr != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

// Upper case, runs of spaces made one, no spaces next to parentheses and commas:
// "decimal( 10 , 2 )" -> "DECIMAL(10,2)".
std::string normalized_type(std::string_view declared) {
    std::string result;
    for (char c : upper(declared)) {
        const bool space = std::isspace(static_cast<unsigned char>(c)) != 0;
        if (space) {
            if (!result.empty() && result.back() != ' ' && result.back() != '(' &&
                result.back() != ',') {
                result += ' ';
            }
            continue;
        }
        if ((c == '(' || c == ',' || c == ')') && !result.empty() && result.back() == ' ') {
            result.pop_back();
        }
        result += c;
    }
    if (!result.empty() && result.back() == ' ') {
        result.pop_back();
    }
    return result;
}

// The arguments of "NAME(a,b)" when @p type starts with @p prefix "NAME(".
std::optional<std::vector<std::int32_t>> type_arguments(const std::string& type,
                                                        std::string_view prefix) {
    if (!type.starts_with(prefix) || !type.ends_with(')')) {
        return std::nullopt;
    }
    std::vector<std::int32_t> values;
    std::string_view rest(type);
    rest = rest.substr(prefix.size(), rest.size() - prefix.size() - 1);
    while (true) {
        const auto comma = rest.find(',');
        const auto value = parse_int(rest.substr(0, comma));
        if (!value) {
            return std::nullopt;
        }
        values.push_back(*value);
        if (comma == std::string_view::npos) {
            return values;
        }
        rest.remove_prefix(comma + 1);
    }
}

// The identifiers of a parenthesised column list starting at tokens[open] == '(';
// the first identifier of each comma-separated part (ignores COLLATE, ASC, DESC).
std::vector<std::string> column_list(const std::vector<token>& tokens, std::size_t open,
                                     std::size_t close) {
    std::vector<std::string> names;
    bool expecting = true;
    for (std::size_t i = open + 1; i < close; ++i) {
        if (tokens[i].is(',')) {
            expecting = true;
        } else if (expecting && tokens[i].type == token::kind::identifier) {
            names.push_back(tokens[i].text);
            expecting = false;
        }
    }
    return names;
}

std::string trimmed(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
        text.remove_prefix(1);
    }
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
        text.remove_suffix(1);
    }
    return std::string(text);
}

// What the CREATE TABLE text says that the PRAGMAs do not: constraint names, checks,
// enumerations, AUTOINCREMENT.
struct table_text {
    std::vector<unique_constraint> uniques;
    std::vector<foreign_key> foreign_keys;
    std::vector<check_constraint> checks;
    /// Column name -> (enum name, values), from a column CHECK ("col" IN ('a', ...)).
    std::map<std::string, std::pair<std::string, std::vector<std::string>>> enums;
    /// Column name -> the model type behind an explicit SQL type, from the dialect's
    /// /*strata:kind length=N*/ comment.
    std::map<std::string, column_type> overridden;
    std::set<std::string> autoincrement;
};

class table_parser {
public:
    table_parser(std::string_view table_name, std::string_view sql,
                 const std::map<std::string, std::string>& declared_types)
        : m_table(table_name), m_sql(sql), m_tokens(detail::tokenize(sql)),
          m_declared(declared_types) {}

    table_text parse() {
        std::size_t open = 0;
        while (open < m_tokens.size() && !m_tokens[open].is('(')) {
            ++open;
        }
        const std::size_t close = detail::matching_paren(m_tokens, open);
        std::size_t begin = open + 1;
        int depth = 0;
        for (std::size_t i = open + 1; i <= close && i < m_tokens.size(); ++i) {
            if (m_tokens[i].is('(')) {
                ++depth;
            } else if (m_tokens[i].is(')') && depth > 0) {
                --depth;
            } else if (depth == 0 && (m_tokens[i].is(',') || i == close)) {
                item(begin, i);
                begin = i + 1;
            }
        }
        return std::move(m_result);
    }

private:
    std::string source(std::size_t open, std::size_t close) const {
        return trimmed(
            m_sql.substr(m_tokens[open].end, m_tokens[close].begin - m_tokens[open].end));
    }

    std::string check_name(const std::optional<std::string>& name) {
        return name ? *name : fmt::format("ck_{}_{}", m_table, ++m_unnamed_checks);
    }

    // One item of the table body: a table constraint or a column definition.
    void item(std::size_t begin, std::size_t end) {
        if (begin >= end) {
            return;
        }
        std::size_t i = begin;
        std::optional<std::string> name;
        if (m_tokens[i].is_keyword("CONSTRAINT") && i + 1 < end) {
            name = m_tokens[i + 1].text;
            i += 2;
        }
        if (i >= end) {
            return;
        }
        const token& head = m_tokens[i];
        if (head.is_keyword("PRIMARY")) {
            return; // PRAGMA table_info has the key
        }
        if (head.is_keyword("UNIQUE") && i + 1 < end && m_tokens[i + 1].is('(')) {
            const auto close = detail::matching_paren(m_tokens, i + 1);
            auto cols = column_list(m_tokens, i + 1, close);
            m_result.uniques.push_back(
                {name ? *name : default_unique_name(m_table, cols), std::move(cols)});
            return;
        }
        if (head.is_keyword("CHECK") && i + 1 < end && m_tokens[i + 1].is('(')) {
            const auto close = detail::matching_paren(m_tokens, i + 1);
            m_result.checks.push_back({check_name(name), source(i + 1, close)});
            return;
        }
        if (head.is_keyword("FOREIGN") && i + 2 < end && m_tokens[i + 2].is('(')) {
            const auto close = detail::matching_paren(m_tokens, i + 2);
            references(column_list(m_tokens, i + 2, close), name, close + 1, end);
            return;
        }
        column_definition(begin, end);
    }

    // A REFERENCES clause at tokens[at]; returns the index after it.
    std::size_t references(std::vector<std::string> columns, const std::optional<std::string>& name,
                           std::size_t at, std::size_t end) {
        if (at >= end || !m_tokens[at].is_keyword("REFERENCES") || at + 1 >= end) {
            return at;
        }
        foreign_key key;
        key.columns = std::move(columns);
        key.referenced_table = m_tokens[at + 1].text;
        std::size_t i = at + 2;
        if (i < end && m_tokens[i].is('(')) {
            const auto close = detail::matching_paren(m_tokens, i);
            key.referenced_columns = column_list(m_tokens, i, close);
            i = close + 1;
        }
        while (i < end) {
            const token& t = m_tokens[i];
            if (t.is_keyword("ON") && i + 2 < end) {
                const bool on_delete = m_tokens[i + 1].is_keyword("DELETE");
                const token& action = m_tokens[i + 2];
                referential_action value = referential_action::no_action;
                i += 3;
                if (action.is_keyword("CASCADE")) {
                    value = referential_action::cascade;
                } else if (action.is_keyword("RESTRICT")) {
                    value = referential_action::restrict;
                } else if (action.is_keyword("SET") && i < end) {
                    value = m_tokens[i].is_keyword("NULL") ? referential_action::set_null
                                                           : referential_action::set_default;
                    ++i;
                } else if (action.is_keyword("NO")) {
                    ++i; // NO ACTION
                }
                (on_delete ? key.on_delete : key.on_update) = value;
            } else if (t.is_keyword("MATCH")) {
                i += 2;
            } else if (t.is_keyword("NOT") || t.is_keyword("DEFERRABLE") ||
                       t.is_keyword("INITIALLY") || t.is_keyword("DEFERRED") ||
                       t.is_keyword("IMMEDIATE")) {
                ++i;
            } else {
                break;
            }
        }
        key.name =
            name ? *name : default_foreign_key_name(m_table, key.columns, key.referenced_table);
        m_result.foreign_keys.push_back(std::move(key));
        return i;
    }

    // "col" IN ('a', 'b', ...) on column @p column: its values, else std::nullopt.
    std::optional<std::vector<std::string>> enum_values(std::size_t open, std::size_t close,
                                                        const std::string& column) const {
        std::size_t i = open + 1;
        if (close - open < 5 || m_tokens[i].type != token::kind::identifier ||
            upper(m_tokens[i].text) != upper(column) || !m_tokens[i + 1].is_keyword("IN") ||
            !m_tokens[i + 2].is('(') || detail::matching_paren(m_tokens, i + 2) + 1 != close) {
            return std::nullopt;
        }
        std::vector<std::string> values;
        for (i += 3; i + 1 < close; i += 2) {
            if (m_tokens[i].type != token::kind::string ||
                !(m_tokens[i + 1].is(',') || i + 2 == close)) {
                return std::nullopt;
            }
            values.push_back(m_tokens[i].text);
        }
        return values;
    }

    // The /*strata:kind key=value...*/ comment the dialect writes after an explicit SQL
    // type, anywhere in the column definition tokens[begin, end).
    std::optional<column_type> override_marker(std::size_t begin, std::size_t end) const {
        // Up to the ',' or ')' after the definition: the comment may follow its last token.
        const std::size_t stop = end < m_tokens.size() ? m_tokens[end].begin : m_sql.size();
        const std::string_view text =
            m_sql.substr(m_tokens[begin].begin, stop - m_tokens[begin].begin);
        constexpr std::string_view marker = "/*strata:";
        const auto at = text.find(marker);
        const auto close = at == std::string_view::npos ? at : text.find("*/", at);
        if (close == std::string_view::npos) {
            return std::nullopt;
        }
        std::string_view body = text.substr(at + marker.size(), close - at - marker.size());
        std::vector<std::string_view> words;
        while (!body.empty()) {
            const auto space = body.find(' ');
            words.push_back(body.substr(0, space));
            body = space == std::string_view::npos ? std::string_view() : body.substr(space + 1);
        }
        const auto kind = words.empty() ? std::nullopt : type_kind_from_string(words[0]);
        if (!kind) {
            return std::nullopt;
        }
        column_type type{.kind = *kind};
        for (std::size_t i = 1; i < words.size(); ++i) {
            const auto equals = words[i].find('=');
            const auto key = words[i].substr(0, equals);
            const auto value = equals == std::string_view::npos
                                   ? std::nullopt
                                   : parse_int(words[i].substr(equals + 1));
            (key == "length"      ? type.length
             : key == "precision" ? type.precision
                                  : type.scale) = value;
        }
        return type;
    }

    void column_definition(std::size_t begin, std::size_t end) {
        const std::string column = m_tokens[begin].text;
        if (auto type = override_marker(begin, end)) {
            m_result.overridden[column] = std::move(*type);
        }
        const auto declared = m_declared.find(column);
        const bool is_text =
            declared != m_declared.end() && normalized_type(declared->second) == "TEXT";
        std::optional<std::string> name;
        std::size_t i = begin + 1;
        while (i < end) {
            const token& t = m_tokens[i];
            if (t.is_keyword("CONSTRAINT") && i + 1 < end) {
                name = m_tokens[i + 1].text;
                i += 2;
            } else if (t.is_keyword("CHECK") && i + 1 < end && m_tokens[i + 1].is('(')) {
                const auto close = detail::matching_paren(m_tokens, i + 1);
                auto values = is_text ? enum_values(i + 1, close, column) : std::nullopt;
                if (values && !m_result.enums.contains(column)) {
                    m_result.enums[column] = {name.value_or(""), std::move(*values)};
                } else {
                    m_result.checks.push_back({check_name(name), source(i + 1, close)});
                }
                name.reset();
                i = close + 1;
            } else if (t.is_keyword("UNIQUE")) {
                m_result.uniques.push_back(
                    {name ? *name : default_unique_name(m_table, {column}), {column}});
                name.reset();
                ++i;
            } else if (t.is_keyword("REFERENCES")) {
                i = references({column}, name, i, end);
                name.reset();
            } else if (t.is_keyword("AUTOINCREMENT")) {
                m_result.autoincrement.insert(column);
                ++i;
            } else if (t.is('(')) {
                i = detail::matching_paren(m_tokens, i) + 1; // type arguments, a DEFAULT (…)
            } else {
                ++i;
            }
        }
    }

    std::string m_table;
    std::string_view m_sql;
    std::vector<token> m_tokens;
    const std::map<std::string, std::string>& m_declared;
    table_text m_result;
    int m_unnamed_checks = 0;
};

// One row of PRAGMA index_list plus whether the model can describe it.
struct index_info {
    index definition;
    bool modelled = true;
};

std::vector<index_info> created_indexes(strata::connection& db, const std::string& table_name) {
    const dialect& d = db.sql_dialect();
    std::vector<index_info> result;
    // Rows: seq, name, unique, origin ('c' = CREATE INDEX, 'u' = UNIQUE, 'pk'), partial.
    for (const auto& r :
         db.query(fmt::format("PRAGMA index_list({})", d.quote_identifier(table_name)))) {
        if (text_or_empty(r.at(3)) != "c") {
            continue;
        }
        index_info info;
        info.definition.name = text_or_empty(r.at(1));
        info.definition.unique = text_or_empty(r.at(2)) == "1";
        info.modelled = text_or_empty(r.at(4)) == "0";
        // Rows: seqno, cid, name, desc, coll, key.
        for (const auto& c : db.query(
                 fmt::format("PRAGMA index_xinfo({})", d.quote_identifier(info.definition.name)))) {
            if (text_or_empty(c.at(5)) != "1") {
                continue;
            }
            if (text_or_empty(c.at(1)).starts_with('-') || text_or_empty(c.at(3)) != "0" ||
                upper(text_or_empty(c.at(4))) != "BINARY") {
                info.modelled = false;
            }
            info.definition.columns.push_back(text_or_empty(c.at(2)));
        }
        result.push_back(std::move(info));
    }
    return result;
}

std::vector<std::string> primary_key_of(strata::connection& db, const std::string& table_name) {
    std::vector<std::pair<int, std::string>> key;
    for (const auto& c : db.query(
             fmt::format("PRAGMA table_info({})", db.sql_dialect().quote_identifier(table_name)))) {
        const auto position = parse_int(text_or_empty(c.at(5))).value_or(0);
        if (position > 0) {
            key.emplace_back(position, text_or_empty(c.at(1)));
        }
    }
    std::sort(key.begin(), key.end());
    std::vector<std::string> names;
    for (auto& [position, name] : key) {
        names.push_back(std::move(name));
    }
    return names;
}

table introspect_table(strata::connection& db, const std::string& name, const std::string& sql) {
    const dialect& d = db.sql_dialect();
    table t{name};
    std::map<std::string, std::string> declared;
    // Rows: cid, name, type, notnull, dflt_value, pk (1-based position in the key).
    for (const auto& c : db.query(fmt::format("PRAGMA table_info({})", d.quote_identifier(name)))) {
        column col;
        col.name = text_or_empty(c.at(1));
        declared[col.name] = text_or_empty(c.at(2));
        col.type = type_from_declared(declared[col.name]);
        col.nullable = text_or_empty(c.at(3)) == "0";
        col.primary_key = text_or_empty(c.at(5)) != "0";
        col.server_default = c.at(4);
        t.columns.push_back(std::move(col));
    }
    table_text text = table_parser(name, sql, declared).parse();
    for (auto& col : t.columns) {
        if (auto it = text.overridden.find(col.name); it != text.overridden.end()) {
            it->second.sql_override = declared[col.name];
            col.type = it->second;
        }
        if (auto it = text.enums.find(col.name); it != text.enums.end()) {
            col.type = column_type{.kind = type_kind::enumeration,
                                   .enum_name = it->second.first,
                                   .enum_values = it->second.second};
        }
        col.autoincrement = text.autoincrement.contains(col.name);
    }
    for (auto& key : text.foreign_keys) {
        if (key.referenced_columns.empty()) {
            // REFERENCES parent without columns means the parent's primary key.
            key.referenced_columns = primary_key_of(db, key.referenced_table);
        }
    }
    t.uniques = std::move(text.uniques);
    t.foreign_keys = std::move(text.foreign_keys);
    t.checks = std::move(text.checks);
    for (auto& info : created_indexes(db, name)) {
        if (info.modelled) {
            t.indexes.push_back(std::move(info.definition));
        }
    }
    t.normalize();
    return t;
}
} // namespace

column_type type_from_declared(std::string_view declared) {
    const std::string type = normalized_type(declared);
    static const std::map<std::string, type_kind, std::less<>> exact{
        {"SMALLINT", type_kind::int16},
        {"INT", type_kind::int32},
        {"INTEGER", type_kind::int64},
        {"BIGINT", type_kind::int64},
        {"FLOAT", type_kind::float32},
        {"REAL", type_kind::float64},
        {"DOUBLE", type_kind::float64},
        {"DOUBLE PRECISION", type_kind::float64},
        {"BOOLEAN", type_kind::boolean},
        {"TEXT", type_kind::string},
        {"BLOB", type_kind::binary},
        {"TIMESTAMP", type_kind::timestamp},
        {"DATE", type_kind::date},
        {"DECIMAL", type_kind::decimal},
        {"DATETIME", type_kind::local_timestamp},
        {"TIME", type_kind::time_of_day},
        {"INTERVAL", type_kind::interval},
        {"UUID", type_kind::uuid},
        {"JSON", type_kind::json},
    };
    if (auto it = exact.find(type); it != exact.end()) {
        return column_type{.kind = it->second};
    }
    if (auto args = type_arguments(type, "VARCHAR(");
        args && args->size() == 1 && args->at(0) > 0) {
        return column_type{.kind = type_kind::string, .length = args->at(0)};
    }
    if (auto args = type_arguments(type, "DECIMAL("); args && !args->empty() && args->size() <= 2) {
        column_type result{.kind = type_kind::decimal, .precision = args->at(0)};
        if (args->size() == 2) {
            result.scale = args->at(1);
        }
        return result;
    }
    // SQLite's affinity rules (datatype3.html#determination_of_column_affinity).
    column_type result{.sql_override = std::string(declared)};
    if (type.find("INT") != std::string::npos) {
        result.kind = type_kind::int64;
    } else if (type.find("CHAR") != std::string::npos || type.find("CLOB") != std::string::npos ||
               type.find("TEXT") != std::string::npos) {
        result.kind = type_kind::string;
    } else if (type.empty() || type.find("BLOB") != std::string::npos) {
        result.kind = type_kind::binary;
    } else if (type.find("REAL") != std::string::npos || type.find("FLOA") != std::string::npos ||
               type.find("DOUB") != std::string::npos) {
        result.kind = type_kind::float64;
    } else {
        result.kind = type_kind::decimal;
    }
    return result;
}

schema introspect(strata::connection& db, const std::vector<std::string>& skip) {
    schema result;
    const auto tables = db.query("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND "
                                 "name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name");
    for (const auto& row : tables) {
        const std::string name = text_or_empty(row.at(0));
        if (std::find(skip.begin(), skip.end(), name) != skip.end()) {
            continue;
        }
        result.tables.push_back(introspect_table(db, name, text_or_empty(row.at(1))));
    }
    result.normalize();
    return result;
}

std::vector<std::string> unmodelled_objects(strata::connection& db, std::string_view table_name) {
    const dialect& d = db.sql_dialect();
    std::vector<std::string> result;
    auto indexes = created_indexes(db, std::string(table_name));
    std::sort(indexes.begin(), indexes.end(), [](const index_info& a, const index_info& b) {
        return a.definition.name < b.definition.name;
    });
    for (const auto& info : indexes) {
        if (!info.modelled) {
            for (const auto& r :
                 db.query(fmt::format("SELECT sql FROM sqlite_master WHERE type = 'index' AND "
                                      "name = {}",
                                      d.quote_literal(info.definition.name)))) {
                result.push_back(text_or_empty(r.at(0)));
            }
        }
    }
    for (const auto& r : db.query(fmt::format("SELECT sql FROM sqlite_master WHERE type = "
                                              "'trigger' AND tbl_name = {} ORDER BY name",
                                              d.quote_literal(table_name)))) {
        result.push_back(text_or_empty(r.at(0)));
    }
    return result;
}

} // namespace strata::sqlite
