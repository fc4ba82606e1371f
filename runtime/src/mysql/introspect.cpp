#include "strata/mysql/introspect.hpp"

#include "strata/detail/text.hpp"
#include "strata/dialect.hpp"
#include "strata/error.hpp"
#include "strata/mysql/dialect.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fmt/format.h>
#include <map>
#include <regex>
#include <set>

namespace strata::mysql {
namespace {
using strata::detail::text_of;
using strata::detail::upper;

// The values of `enum('a','b''c')` as information_schema spells the type.
std::vector<std::string> enum_values(std::string_view column_type) {
    std::vector<std::string> values;
    const auto open = column_type.find('(');
    for (std::size_t i = open == std::string_view::npos ? column_type.size() : open + 1;
         i < column_type.size(); ++i) {
        if (column_type[i] != '\'') {
            continue;
        }
        std::string value;
        for (++i; i < column_type.size(); ++i) {
            if (column_type[i] == '\'' && i + 1 < column_type.size() &&
                column_type[i + 1] == '\'') {
                value += '\'';
                ++i;
            } else if (column_type[i] == '\\' && i + 1 < column_type.size()) {
                value += column_type[++i];
            } else if (column_type[i] == '\'') {
                break;
            } else {
                value += column_type[i];
            }
        }
        values.push_back(std::move(value));
    }
    return values;
}

// Maps information_schema's DATA_TYPE and COLUMN_TYPE back to the portable model; the
// inverse of dialect::type_sql().
column_type column_type_of(const std::string& data_type, const std::string& full_type,
                           bool is_json) {
    if (is_json) {
        return {.kind = type_kind::json};
    }
    static const std::map<std::string, type_kind, std::less<>> simple = {
        {"smallint", type_kind::int16},  {"int", type_kind::int32},
        {"bigint", type_kind::int64},    {"float", type_kind::float32},
        {"double", type_kind::float64},  {"longtext", type_kind::string},
        {"longblob", type_kind::binary}, {"date", type_kind::date},
        {"json", type_kind::json},
    };
    // Display widths (int(11)) are MariaDB's decoration, not part of the type; unsigned
    // and zerofill are, and strata has no kind for them.
    const bool plain = full_type.find(' ') == std::string::npos;
    if (data_type == "tinyint" && full_type == "tinyint(1)") {
        return {.kind = type_kind::boolean};
    }
    if (const auto it = simple.find(data_type); it != simple.end() && plain) {
        return {.kind = it->second};
    }
    static const std::regex varchar(R"(varchar\((\d+)\))");
    static const std::regex decimal(R"(decimal\((\d+),(\d+)\))");
    std::smatch match;
    if (std::regex_match(full_type, match, varchar)) {
        return {.kind = type_kind::string, .length = strata::detail::to_int32(match[1].str())};
    }
    if (std::regex_match(full_type, match, decimal)) {
        const auto precision = strata::detail::to_int32(match[1].str());
        const auto scale = strata::detail::to_int32(match[2].str());
        if (precision == 65 && scale == 30) {
            return {.kind = type_kind::decimal}; // what an unbounded decimal is created as
        }
        return {.kind = type_kind::decimal,
                .precision = precision,
                .scale = scale == 0 ? std::nullopt : scale};
    }
    if (data_type == "enum") {
        return {.kind = type_kind::enumeration, .enum_values = enum_values(full_type)};
    }
    if (full_type == "timestamp(6)") {
        return {.kind = type_kind::timestamp};
    }
    if (full_type == "datetime(6)") {
        return {.kind = type_kind::local_timestamp};
    }
    if (full_type == "time(6)") {
        return {.kind = type_kind::time_of_day};
    }
    if (full_type == "char(36)") {
        return {.kind = type_kind::uuid};
    }
    // No portable kind (TEXT, MEDIUMINT, an unsigned column, ...): the exact spelling, as
    // a model states such a column with sql_type = "...".
    return {.kind = type_kind::string, .sql_override = upper(full_type)};
}

referential_action action_of(const std::string& rule) {
    if (rule == "RESTRICT") {
        return referential_action::restrict;
    }
    if (rule == "CASCADE") {
        return referential_action::cascade;
    }
    if (rule == "SET NULL") {
        return referential_action::set_null;
    }
    if (rule == "SET DEFAULT") {
        return referential_action::set_default;
    }
    return referential_action::no_action;
}

std::optional<std::string> non_empty(const std::optional<std::string>& text) {
    return text && !text->empty() ? text : std::nullopt;
}

// The catalogue of one database, read into tables step by step (introspect() below).
class reader {
public:
    reader(strata::connection& db, std::string_view database)
        : m_db(db), m_d(db.sql_dialect()),
          m_in(database.empty() ? std::string("DATABASE()") : m_d.quote_literal(database)) {}

    void read_tables(std::string_view version_table) {
        for (const auto& r : m_db.query(fmt::format(
                 "SELECT TABLE_NAME, TABLE_COMMENT FROM information_schema.TABLES WHERE "
                 "TABLE_SCHEMA = {} AND TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME <> {}",
                 m_in, m_d.quote_literal(version_table)))) {
            table t{text_of(r.at(0))};
            t.comment = non_empty(r.at(1));
            m_tables.emplace(t.name, std::move(t));
        }
    }

    // Checks: a column-level json_valid() check is how MariaDB spells a JSON column; the
    // rest are the table's named CHECK constraints.
    void read_checks() {
        for (const auto& r : m_db.query(fmt::format(
                 "SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE, LEVEL FROM "
                 "information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = {} ORDER BY "
                 "CONSTRAINT_NAME",
                 m_in))) {
            table* t = find(r.at(0));
            if (t == nullptr) {
                continue;
            }
            const std::string name = text_of(r.at(1));
            const std::string clause = text_of(r.at(2));
            if (text_of(r.at(3)) != "Column") {
                t->checks.push_back(check_constraint{name, clause});
            } else if (clause == fmt::format("json_valid({})", m_d.quote_identifier(name)) ||
                       clause == fmt::format("json_valid(\"{}\")", name)) {
                // The server quotes the name as the session's sql_mode does: "data" under
                // ANSI_QUOTES (strata's sessions), `data` otherwise.
                m_json_columns.emplace(t->name, name);
            }
        }
    }

    void read_columns() {
        for (const auto& r : m_db.query(fmt::format(
                 "SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, IS_NULLABLE, "
                 "COLUMN_DEFAULT, EXTRA, COLUMN_COMMENT, COLUMN_KEY FROM "
                 "information_schema.COLUMNS WHERE TABLE_SCHEMA = {} ORDER BY TABLE_NAME, "
                 "ORDINAL_POSITION",
                 m_in))) {
            table* t = find(r.at(0));
            if (t == nullptr) {
                continue; // the version table
            }
            column c;
            c.name = text_of(r.at(1));
            c.type = column_type_of(text_of(r.at(2)), text_of(r.at(3)),
                                    m_json_columns.contains({t->name, c.name}));
            c.nullable = text_of(r.at(4)) == "YES";
            c.primary_key = text_of(r.at(8)) == "PRI";
            c.autoincrement = text_of(r.at(6)).find("auto_increment") != std::string::npos;
            // MariaDB writes a column without a default as NULL, literals quoted as written.
            if (r.at(5) && *r.at(5) != "NULL") {
                c.server_default = *r.at(5);
            }
            c.comment = non_empty(r.at(7));
            t->columns.push_back(std::move(c));
        }
    }

    // Foreign keys, their columns in order.
    void read_foreign_keys() {
        std::map<std::pair<std::string, std::string>, foreign_key> keys;
        for (const auto& r : m_db.query(fmt::format(
                 "SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, "
                 "k.REFERENCED_COLUMN_NAME, c.DELETE_RULE, c.UPDATE_RULE FROM "
                 "information_schema.KEY_COLUMN_USAGE k JOIN "
                 "information_schema.REFERENTIAL_CONSTRAINTS c ON c.CONSTRAINT_SCHEMA = "
                 "k.CONSTRAINT_SCHEMA AND c.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND c.TABLE_NAME "
                 "= k.TABLE_NAME WHERE k.TABLE_SCHEMA = {} AND k.REFERENCED_TABLE_NAME IS NOT "
                 "NULL ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION",
                 m_in))) {
            if (find(r.at(0)) == nullptr) {
                continue;
            }
            auto& key = keys[{text_of(r.at(0)), text_of(r.at(1))}];
            key.name = text_of(r.at(1));
            key.columns.push_back(text_of(r.at(2)));
            key.referenced_table = text_of(r.at(3));
            key.referenced_columns.push_back(text_of(r.at(4)));
            key.on_delete = action_of(text_of(r.at(5)));
            key.on_update = action_of(text_of(r.at(6)));
        }
        for (auto& entry : keys) {
            find(entry.first.first)->foreign_keys.push_back(std::move(entry.second));
        }
    }

    // Indexes: unique ones are unique constraints unless strata marked them
    // (dialect::unique_index_comment); the index InnoDB made for a foreign key carries the
    // key's name and is the key's business.
    void read_indexes() {
        std::map<std::pair<std::string, std::string>, std::pair<index, bool>> indexes;
        for (const auto& r : m_db.query(fmt::format(
                 "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, INDEX_COMMENT FROM "
                 "information_schema.STATISTICS WHERE TABLE_SCHEMA = {} AND INDEX_NAME <> "
                 "'PRIMARY' ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX",
                 m_in))) {
            table* t = find(r.at(0));
            if (t == nullptr) {
                continue;
            }
            auto& [i, marked] = indexes[{t->name, text_of(r.at(1))}];
            i.name = text_of(r.at(1));
            i.unique = text_of(r.at(2)) == "0";
            marked = text_of(r.at(4)) == dialect::unique_index_comment;
            i.columns.push_back(text_of(r.at(3)));
        }
        for (auto& entry : indexes) {
            add_index(*find(entry.first.first), std::move(entry.second.first), entry.second.second);
        }
    }

    [[nodiscard]] schema result() {
        schema s;
        for (auto& entry : m_tables) {
            s.tables.push_back(std::move(entry.second));
        }
        s.normalize();
        return s;
    }

private:
    table* find(const std::optional<std::string>& name) {
        const auto it = m_tables.find(text_of(name));
        return it == m_tables.end() ? nullptr : &it->second;
    }

    static void add_index(table& t, index i, bool marked_unique_index) {
        const bool for_key = std::any_of(t.foreign_keys.begin(), t.foreign_keys.end(),
                                         [&i](const foreign_key& k) { return k.name == i.name; });
        if (for_key && !i.unique) {
            return;
        }
        if (i.unique && !marked_unique_index) {
            t.uniques.push_back(unique_constraint{i.name, std::move(i.columns)});
        } else {
            t.indexes.push_back(std::move(i));
        }
    }

    strata::connection& m_db;
    const strata::dialect& m_d;
    std::string m_in;
    std::map<std::string, table, std::less<>> m_tables;
    std::set<std::pair<std::string, std::string>> m_json_columns;
};
} // namespace

schema introspect(strata::connection& db, std::string_view version_table,
                  std::string_view database) {
    reader catalogue(db, database);
    catalogue.read_tables(version_table);
    catalogue.read_checks(); // before the columns: they tell JSON columns apart
    catalogue.read_columns();
    catalogue.read_foreign_keys();
    catalogue.read_indexes(); // after the keys: the keys' own indexes are left out
    return catalogue.result();
}

} // namespace strata::mysql
