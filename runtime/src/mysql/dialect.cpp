#include "strata/mysql/dialect.hpp"

#include "strata/error.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h> // fmt::join lives here from fmt 11 on

namespace strata::mysql {
namespace {
using statements = std::vector<std::string>;

// A TEXT or BLOB column (and a VARCHAR longer than this) is indexed over a prefix of this
// many characters: 764 bytes of utf8mb4, so that four of them fit InnoDB's 3072-byte key.
constexpr int indexed_prefix = 191;

// The prefix length column @p name needs in an index of @p owner, or 0 for the whole value.
int index_prefix(const table* owner, std::string_view name) {
    const column* c = owner == nullptr ? nullptr : owner->find_column(name);
    if (c == nullptr || !c->type.sql_override.empty()) {
        return 0;
    }
    const auto kind = c->type.kind;
    const bool long_value =
        kind == type_kind::binary || kind == type_kind::json ||
        (kind == type_kind::string && (!c->type.length || *c->type.length > indexed_prefix));
    return long_value ? indexed_prefix : 0;
}

// Whether a unique index over @p columns of @p owner holds a column too long to index
// whole. MariaDB (10.4+) enforces such an index over the whole values with a hidden hash
// column ("long unique"), where a prefix would make two values that share their first 191
// characters collide; building it copies the table, so it is never ALGORITHM = INPLACE.
bool long_unique(const table* owner, const std::vector<std::string>& columns) {
    return std::any_of(columns.begin(), columns.end(),
                       [&](const std::string& name) { return index_prefix(owner, name) != 0; });
}

// Whether @p prefix is the leading part of @p columns: an index over @p columns serves a
// foreign key over @p prefix.
bool leads(const std::vector<std::string>& prefix, const std::vector<std::string>& columns) {
    return prefix.size() <= columns.size() &&
           std::equal(prefix.begin(), prefix.end(), columns.begin());
}

// The clauses that keep an index under each foreign key of table @p table_name in
// @p before that only the index (or primary key, when @p dropped is empty) @p dropped
// serves. InnoDB drops the index it made for a key once another index serves the key, and
// then refuses to drop that other one ("needed in a foreign key constraint"): the key's
// own index comes back, under the key's name, in the same statement.
std::vector<std::string> keep_key_indexes(const dialect& d, const schema& before,
                                          std::string_view table_name, std::string_view dropped) {
    const table* t = before.find_table(table_name);
    if (t == nullptr) {
        return {};
    }
    std::vector<std::vector<std::string>> remaining;
    std::vector<std::string> dropped_columns;
    const auto consider = [&](std::string_view name, const std::vector<std::string>& columns) {
        (name == dropped ? dropped_columns : remaining.emplace_back()) = columns;
    };
    consider("", t->primary_key());
    for (const auto& i : t->indexes) {
        consider(i.name, i.columns);
    }
    for (const auto& u : t->uniques) {
        consider(u.name, u.columns);
    }
    std::vector<std::string> clauses;
    for (const auto& k : t->foreign_keys) {
        const bool served_elsewhere =
            std::any_of(remaining.begin(), remaining.end(),
                        [&](const auto& columns) { return leads(k.columns, columns); });
        if (!dropped_columns.empty() && leads(k.columns, dropped_columns) && !served_elsewhere) {
            std::vector<std::string> quoted;
            for (const auto& c : k.columns) {
                quoted.push_back(d.quote_identifier(c));
            }
            clauses.push_back(fmt::format("ADD INDEX IF NOT EXISTS {} ({})",
                                          d.quote_identifier(k.name), fmt::join(quoted, ", ")));
        }
    }
    return clauses;
}

// " , clause, clause" for appending @p clauses to an ALTER TABLE; empty when none.
std::string more(const std::vector<std::string>& clauses) {
    return clauses.empty() ? std::string() : fmt::format(", {}", fmt::join(clauses, ", "));
}

// True when adding @p definition can be ALGORITHM=INSTANT on MariaDB 10.4+ and MySQL
// 8.0.29+: an ordinary column (a key or AUTO_INCREMENT needs the table rebuilt).
bool instant_add(const column& definition) {
    return !definition.primary_key && !definition.autoincrement;
}
} // namespace

std::string dialect::session_setup_sql() {
    // Strict: a value that does not fit fails instead of being cut or zeroed. ANSI_QUOTES
    // and PIPES_AS_CONCAT: "name" is an identifier and || concatenates, as on strata's
    // other databases, so hand-written SQL, backfills and CHECK expressions read the same
    // everywhere. UTC, so TIMESTAMP values are instants.
    return "SET NAMES utf8mb4; SET SESSION sql_mode = 'STRICT_ALL_TABLES,ANSI_QUOTES,"
           "PIPES_AS_CONCAT,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,"
           "NO_ENGINE_SUBSTITUTION', "
           "time_zone = '+00:00', explicit_defaults_for_timestamp = ON";
}

std::string dialect::quote_identifier(std::string_view identifier) const {
    std::string result = "`";
    for (char c : identifier) {
        result += c;
        if (c == '`') {
            result += '`';
        }
    }
    return result + "`";
}

std::string dialect::quote_literal(std::string_view text) const {
    std::string result = "'";
    for (char c : text) {
        if (c == '\'' || c == '\\') {
            result += c; // '' and \\ both read back as one character
        }
        result += c;
    }
    return result + "'";
}

std::string dialect::type_sql(const column_type& type) const {
    if (!type.sql_override.empty()) {
        return type.sql_override;
    }
    switch (type.kind) {
    case type_kind::int16:
        return "SMALLINT";
    case type_kind::int32:
        return "INT";
    case type_kind::int64:
        return "BIGINT";
    case type_kind::float32:
        return "FLOAT";
    case type_kind::float64:
        return "DOUBLE";
    case type_kind::boolean:
        return "TINYINT(1)"; // what BOOLEAN means on MySQL, spelled as it reads back
    case type_kind::string:
        // LONGTEXT, not TEXT: the model's unbounded string has no 64 KiB limit elsewhere.
        return type.length ? fmt::format("VARCHAR({})", *type.length) : std::string("LONGTEXT");
    case type_kind::binary:
        return "LONGBLOB";
    case type_kind::timestamp:
        // An instant: TIMESTAMP stores UTC and converts with the session's time zone,
        // which strata sets to UTC. Microseconds, as std::chrono::system_clock has.
        return "TIMESTAMP(6)";
    case type_kind::date:
        return "DATE";
    case type_kind::decimal:
        if (!type.precision) {
            return "DECIMAL(65, 30)"; // MySQL's DECIMAL alone would be DECIMAL(10, 0)
        }
        return type.scale ? fmt::format("DECIMAL({}, {})", *type.precision, *type.scale)
                          : fmt::format("DECIMAL({})", *type.precision);
    case type_kind::enumeration: {
        std::vector<std::string> values;
        for (const auto& value : type.enum_values) {
            values.push_back(quote_literal(value));
        }
        return fmt::format("ENUM({})", fmt::join(values, ", "));
    }
    case type_kind::local_timestamp:
        return "DATETIME(6)"; // a wall-clock reading, never converted
    case type_kind::time_of_day:
        return "TIME(6)";
    case type_kind::interval:
        // MySQL has no interval type: the text form ('90 minutes', 'PT1H30M'), as SQLite
        // keeps it.
        return "VARCHAR(64)";
    case type_kind::uuid:
        return "CHAR(36)"; // the text form, on MariaDB and MySQL alike
    case type_kind::json:
        return "JSON"; // MariaDB: LONGTEXT with a json_valid() check
    }
    throw error(fmt::format("unknown column type kind {}", static_cast<int>(type.kind)));
}

std::string dialect::column_list(const std::vector<std::string>& names, const table* owner) const {
    std::vector<std::string> quoted;
    quoted.reserve(names.size());
    for (const auto& name : names) {
        const int prefix = index_prefix(owner, name);
        quoted.push_back(prefix ? fmt::format("{}({})", quote_identifier(name), prefix)
                                : quote_identifier(name));
    }
    return fmt::format("({})", fmt::join(quoted, ", "));
}

std::string dialect::column_sql(const column& definition) const {
    std::string sql =
        fmt::format("{} {}", quote_identifier(definition.name), type_sql(definition.type));
    sql += definition.nullable ? " NULL" : " NOT NULL";
    if (definition.server_default) {
        sql += fmt::format(" DEFAULT {}", *definition.server_default);
    }
    if (definition.autoincrement) {
        sql += " AUTO_INCREMENT";
    }
    if (definition.comment) {
        sql += fmt::format(" COMMENT {}", quote_literal(*definition.comment));
    }
    return sql;
}

std::string dialect::foreign_key_sql(const foreign_key& key) const {
    std::string sql =
        fmt::format("CONSTRAINT {} FOREIGN KEY {} REFERENCES {} {}", quote_identifier(key.name),
                    column_list(key.columns), quote_identifier(key.referenced_table),
                    column_list(key.referenced_columns));
    if (key.on_delete != referential_action::no_action) {
        sql += fmt::format(" ON DELETE {}", strata::to_sql(key.on_delete));
    }
    if (key.on_update != referential_action::no_action) {
        sql += fmt::format(" ON UPDATE {}", strata::to_sql(key.on_update));
    }
    return sql;
}

std::string dialect::index_sql(std::string_view table_name, const index& definition,
                               const table* owner) const {
    const std::string head =
        fmt::format("CREATE {}INDEX {} ON {} {}", definition.unique ? "UNIQUE " : "",
                    quote_identifier(definition.name), quote_identifier(table_name),
                    column_list(definition.columns, definition.unique ? nullptr : owner));
    if (!definition.unique) {
        // In place and without blocking writes: InnoDB builds a secondary index online.
        return head + " ALGORITHM = INPLACE LOCK = NONE";
    }
    const std::string marked =
        fmt::format("{} COMMENT {}", head, quote_literal(unique_index_comment));
    return long_unique(owner, definition.columns) ? marked
                                                  : marked + " ALGORITHM = INPLACE LOCK = NONE";
}

std::vector<planned_step> dialect::plan(std::span<const operation> ops,
                                        const schema& before) const {
    std::vector<planned_step> steps;
    schema current = before;
    for (std::size_t i = 0; i < ops.size(); ++i) {
        steps.push_back(planned_step{i, i + 1, to_sql(ops[i], current), {}});
        try {
            apply(current, ops[i]);
        } catch (const error&) {
            // The database's view differs from the model's in what MySQL cannot tell apart
            // (a unique constraint is a unique index): to_sql() needs of @p before only the
            // tables' columns and keys, which the next operations still find.
        }
    }
    return steps;
}

// Writes the statements of one operation: one member per operation kind, each one
// statement (see the header: one statement per operation).
struct dialect::writer {
    const dialect& d;
    const schema& before;

    [[nodiscard]] std::string q(std::string_view name) const { return d.quote_identifier(name); }
    [[nodiscard]] statements alter(std::string_view table_name, std::string_view action) const {
        return statements{fmt::format("ALTER TABLE {} {}", q(table_name), action)};
    }

    statements operator()(const ops::create_table& o) const {
        // One statement, keys, indexes and comments inline: on MySQL every DDL
        // statement commits on its own, so fewer statements mean fewer states a
        // crash can leave behind.
        const table& t = o.definition;
        std::vector<std::string> lines;
        std::vector<std::string> key;
        for (const column& c : t.columns) {
            lines.push_back(d.column_sql(c));
            if (c.primary_key) {
                key.push_back(c.name);
            }
        }
        if (!key.empty()) {
            lines.push_back(fmt::format("PRIMARY KEY {}", d.column_list(key, &t)));
        }
        for (const auto& u : t.uniques) {
            // Unique: whole values (see long_unique()).
            lines.push_back(
                fmt::format("CONSTRAINT {} UNIQUE {}", q(u.name), d.column_list(u.columns)));
        }
        for (const auto& i : t.indexes) {
            lines.push_back(fmt::format(
                "{}INDEX {} {}{}", i.unique ? "UNIQUE " : "", q(i.name),
                d.column_list(i.columns, i.unique ? nullptr : &t),
                i.unique ? " COMMENT " + d.quote_literal(dialect::unique_index_comment) : ""));
        }
        for (const auto& fk : t.foreign_keys) {
            lines.push_back(d.foreign_key_sql(fk));
        }
        for (const auto& ck : t.checks) {
            lines.push_back(fmt::format("CONSTRAINT {} CHECK ({})", q(ck.name), ck.expression));
        }
        std::string options = " ENGINE = InnoDB DEFAULT CHARSET = utf8mb4";
        if (t.comment) {
            options += fmt::format(" COMMENT = {}", d.quote_literal(*t.comment));
        }
        return statements{fmt::format("CREATE TABLE {} (\n    {}\n){}", q(t.name),
                                      fmt::join(lines, ",\n    "), options)};
    }
    statements operator()(const ops::drop_table& o) const {
        return statements{fmt::format("DROP TABLE {}", q(o.table_name))};
    }
    statements operator()(const ops::rename_table& o) const {
        return statements{fmt::format("RENAME TABLE {} TO {}", q(o.old_name), q(o.new_name))};
    }
    statements operator()(const ops::add_column& o) const {
        return alter(o.table_name,
                     fmt::format("ADD COLUMN {}{}{}", d.column_sql(o.definition),
                                 o.definition.primary_key ? " PRIMARY KEY" : "",
                                 instant_add(o.definition) ? ", ALGORITHM = INSTANT" : ""));
    }
    statements operator()(const ops::drop_column& o) const {
        return alter(o.table_name, fmt::format("DROP COLUMN {}", q(o.column_name)));
    }
    statements operator()(const ops::rename_column& o) const {
        return alter(o.table_name,
                     fmt::format("RENAME COLUMN {} TO {}", q(o.old_name), q(o.new_name)));
    }
    statements operator()(const ops::alter_column& o) const {
        if (o.from.primary_key != o.to.primary_key) {
            throw error(fmt::format(
                "cannot alter column '{}.{}' on mysql: alter_column does not add it to or "
                "remove it from the primary key; change the key with "
                "op.alter_primary_key() and keep primary_key as it is in alter_column",
                o.table_name, o.from.name));
        }
        // MySQL restates the whole column in one statement, so the change is one
        // step: type, nullability, default, AUTO_INCREMENT and comment together.
        if (o.from.name != o.to.name) {
            column renamed = o.from;
            renamed.name = o.to.name;
            if (renamed == o.to) {
                return alter(o.table_name,
                             fmt::format("RENAME COLUMN {} TO {}", q(o.from.name), q(o.to.name)));
            }
            return alter(o.table_name,
                         fmt::format("CHANGE COLUMN {} {}", q(o.from.name), d.column_sql(o.to)));
        }
        return alter(o.table_name, fmt::format("MODIFY COLUMN {}", d.column_sql(o.to)));
    }
    statements operator()(const ops::alter_primary_key& o) const {
        std::vector<std::string> parts;
        if (!o.from_columns.empty()) {
            parts.emplace_back("DROP PRIMARY KEY");
            for (auto& clause : keep_key_indexes(d, before, o.table_name, "")) {
                parts.push_back(std::move(clause));
            }
        }
        if (!o.to_columns.empty()) {
            parts.push_back(
                fmt::format("ADD PRIMARY KEY {}",
                            d.column_list(o.to_columns, before.find_table(o.table_name))));
        }
        // One statement: the table is never without its key in between.
        return alter(o.table_name, fmt::format("{}", fmt::join(parts, ", ")));
    }
    statements operator()(const ops::create_index& o) const {
        return statements{d.index_sql(o.table_name, o.definition, before.find_table(o.table_name))};
    }
    statements operator()(const ops::drop_index& o) const {
        const auto keep = keep_key_indexes(d, before, o.table_name, o.index_name);
        if (!keep.empty()) {
            return alter(o.table_name, fmt::format("DROP INDEX {}{}", q(o.index_name), more(keep)));
        }
        return statements{fmt::format("DROP INDEX {} ON {}", q(o.index_name), q(o.table_name))};
    }
    statements operator()(const ops::add_unique& o) const {
        return alter(o.table_name, fmt::format("ADD CONSTRAINT {} UNIQUE {}", q(o.definition.name),
                                               d.column_list(o.definition.columns)));
    }
    statements operator()(const ops::drop_unique& o) const {
        // A unique constraint is a unique index on MySQL.
        return alter(o.table_name, fmt::format("DROP INDEX {}{}", q(o.constraint_name),
                                               more(keep_key_indexes(d, before, o.table_name,
                                                                     o.constraint_name))));
    }
    statements operator()(const ops::add_foreign_key& o) const {
        return alter(o.table_name, fmt::format("ADD {}", d.foreign_key_sql(o.definition)));
    }
    statements operator()(const ops::drop_foreign_key& o) const {
        // InnoDB created an index of the key's name when no index covered its
        // columns; it goes with the key, in the same statement (MariaDB's IF EXISTS).
        return alter(o.table_name, fmt::format("DROP FOREIGN KEY {0}, DROP INDEX IF EXISTS {0}",
                                               q(o.constraint_name)));
    }
    statements operator()(const ops::add_check& o) const {
        return alter(o.table_name, fmt::format("ADD CONSTRAINT {} CHECK ({})", q(o.definition.name),
                                               o.definition.expression));
    }
    statements operator()(const ops::drop_check& o) const {
        return alter(o.table_name, fmt::format("DROP CONSTRAINT {}", q(o.constraint_name)));
    }
    statements operator()(const ops::set_table_comment& o) const {
        return alter(o.table_name,
                     fmt::format("COMMENT = {}", d.quote_literal(o.comment.value_or(""))));
    }
    statements operator()(const ops::execute_sql& o) const { return statements{o.sql}; }
};

std::vector<std::string> dialect::to_sql(const operation& op, const schema& before) const {
    return std::visit(writer{*this, before}, op);
}

} // namespace strata::mysql
