#include "strata/postgresql/dialect.hpp"

#include "strata/error.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h> // fmt::join lives here from fmt 11 on

namespace strata::postgresql {
namespace {
using statements = std::vector<std::string>;

bool is_enum(const column_type& type) {
    return type.kind == type_kind::enumeration && type.sql_override.empty();
}

// True when a column of @p target other than @p skip_table.@p skip_column uses enum
// type @p enum_name: the type exists in the database and stays needed.
bool enum_used(const schema& target, std::string_view enum_name, std::string_view skip_table = {},
               std::string_view skip_column = {}) {
    for (const table& t : target.tables) {
        for (const column& c : t.columns) {
            if (is_enum(c.type) && c.type.enum_name == enum_name &&
                !(t.name == skip_table && (skip_column.empty() || c.name == skip_column))) {
                return true;
            }
        }
    }
    return false;
}

// The name PostgreSQL gives the primary key of table @p table_name when none is given
// (makeObjectName): "<table>_pkey", the table part cut to fit 63 bytes, not inside a
// UTF-8 character. The dialect keeps it so: alter_primary_key names it explicitly and
// rename_table renames it along, so a key can be dropped without asking the database.
std::string primary_key_name(std::string_view table_name) {
    constexpr std::size_t max_table_part = 63 - 5; // NAMEDATALEN - 1 - strlen("_pkey")
    std::size_t length = std::min(table_name.size(), max_table_part);
    while (length > 0 && length < table_name.size() &&
           (static_cast<unsigned char>(table_name[length]) & 0xC0) == 0x80) {
        --length; // a continuation byte: cut before the character it belongs to
    }
    return fmt::format("{}_pkey", table_name.substr(0, length));
}

// Whether @p a and @p b hold the same column names, in any order: PostgreSQL matches a
// foreign key to a unique index that way.
bool same_set(std::vector<std::string> a, std::vector<std::string> b) {
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    return a == b;
}

// A foreign key with the table it is declared on.
struct referencing_key {
    std::string table_name;
    foreign_key definition;
};

// The foreign keys in @p s (on any table, @p table_name included) that reference
// @p table_name over exactly @p columns: the ones that may depend on a unique index over
// those columns, which PostgreSQL then refuses to drop.
std::vector<referencing_key> keys_referencing(const schema& s, std::string_view table_name,
                                              const std::vector<std::string>& columns) {
    std::vector<referencing_key> result;
    for (const table& t : s.tables) {
        for (const foreign_key& k : t.foreign_keys) {
            if (k.referenced_table == table_name && same_set(k.referenced_columns, columns)) {
                result.push_back({t.name, k});
            }
        }
    }
    return result;
}

// Whether table @p t still has a unique index over @p columns other than the one being
// dropped (@p dropped names a unique constraint or unique index; empty for the key).
bool still_unique(const table& t, const std::vector<std::string>& columns,
                  std::string_view dropped) {
    if (!dropped.empty() && same_set(t.primary_key(), columns)) {
        return true;
    }
    return std::any_of(t.uniques.begin(), t.uniques.end(),
                       [&](const unique_constraint& u) {
                           return u.name != dropped && same_set(u.columns, columns);
                       }) ||
           std::any_of(t.indexes.begin(), t.indexes.end(), [&](const strata::index& i) {
               return i.unique && i.name != dropped && same_set(i.columns, columns);
           });
}

// Whether @p to only appends values to @p from: ALTER TYPE ... ADD VALUE then suffices.
bool only_appends(const std::vector<std::string>& from, const std::vector<std::string>& to) {
    return to.size() > from.size() && std::equal(from.begin(), from.end(), to.begin());
}
} // namespace

std::string dialect::type_sql(const column_type& type) const {
    if (!type.sql_override.empty()) {
        return type.sql_override;
    }
    switch (type.kind) {
    case type_kind::int16:
        return "SMALLINT";
    case type_kind::int32:
        return "INTEGER";
    case type_kind::int64:
        return "BIGINT";
    case type_kind::float32:
        return "REAL";
    case type_kind::float64:
        return "DOUBLE PRECISION";
    case type_kind::boolean:
        return "BOOLEAN";
    case type_kind::string:
        return type.length ? fmt::format("VARCHAR({})", *type.length) : std::string("TEXT");
    case type_kind::binary:
        return "BYTEA";
    case type_kind::timestamp:
        // The model's timestamp is a point in time (std::chrono::system_clock). WITH TIME
        // ZONE stores exactly that (as UTC), so values compare correctly whatever the
        // session's TimeZone; WITHOUT would store a wall-clock reading whose meaning
        // depends on the setting of whoever wrote it.
        return "TIMESTAMP WITH TIME ZONE";
    case type_kind::date:
        return "DATE";
    case type_kind::decimal:
        if (!type.precision) {
            return "NUMERIC";
        }
        return type.scale ? fmt::format("NUMERIC({}, {})", *type.precision, *type.scale)
                          : fmt::format("NUMERIC({})", *type.precision);
    case type_kind::enumeration:
        if (type.enum_name.empty()) {
            throw error("an enumeration column needs the name of its type on postgresql "
                        "(enumeration(\"name\", {...}))");
        }
        return quote_identifier(type.enum_name);
    case type_kind::local_timestamp:
        // A wall-clock reading (std::chrono::local_time), as SQLAlchemy's DateTime and
        // Django's naive DateTimeField store it.
        return "TIMESTAMP WITHOUT TIME ZONE";
    case type_kind::time_of_day:
        return "TIME WITHOUT TIME ZONE";
    case type_kind::interval:
        return "INTERVAL";
    case type_kind::uuid:
        return "UUID";
    case type_kind::json:
        // JSONB, not JSON: indexed and compared by value, what SQLAlchemy's and Django's
        // PostgreSQL JSON fields use.
        return "JSONB";
    }
    throw error(fmt::format("unknown column type kind {}", static_cast<int>(type.kind)));
}

std::string dialect::column_list(const std::vector<std::string>& names) const {
    std::vector<std::string> quoted;
    quoted.reserve(names.size());
    for (const auto& name : names) {
        quoted.push_back(quote_identifier(name));
    }
    return fmt::format("({})", fmt::join(quoted, ", "));
}

std::string dialect::column_sql(const column& definition) const {
    std::string sql =
        fmt::format("{} {}", quote_identifier(definition.name), type_sql(definition.type));
    if (definition.autoincrement) {
        // BY DEFAULT rather than ALWAYS: data migrations and restores may still insert
        // explicit ids, as they can with SQLite's rowid.
        sql += " GENERATED BY DEFAULT AS IDENTITY";
    }
    if (!definition.nullable) {
        sql += " NOT NULL";
    }
    if (definition.server_default) {
        sql += fmt::format(" DEFAULT {}", *definition.server_default);
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

std::string dialect::index_sql(std::string_view table_name, const index& definition) const {
    return fmt::format("CREATE {}INDEX {} ON {} {}", definition.unique ? "UNIQUE " : "",
                       quote_identifier(definition.name), quote_identifier(table_name),
                       column_list(definition.columns));
}

std::string dialect::create_enum_sql(const column_type& type) const {
    std::vector<std::string> values;
    values.reserve(type.enum_values.size());
    for (const auto& value : type.enum_values) {
        values.push_back(quote_literal(value));
    }
    return fmt::format("CREATE TYPE {} AS ENUM ({})", quote_identifier(type.enum_name),
                       fmt::join(values, ", "));
}

std::string dialect::column_comment_sql(std::string_view table_name,
                                        const column& definition) const {
    return fmt::format("COMMENT ON COLUMN {}.{} IS {}", quote_identifier(table_name),
                       quote_identifier(definition.name),
                       definition.comment ? quote_literal(*definition.comment) : "NULL");
}

// to_sql() of one operation against the schema @p before: one function per operation, so
// each reads on its own (as in the SQLite dialect), and the helpers that several share.
class dialect::writer {
public:
    writer(const dialect& d, const schema& before) : m_d(d), m_before(before) {}

    statements sql(const ops::create_table& o) const;
    statements sql(const ops::drop_table& o) const {
        statements out{fmt::format("DROP TABLE {}", q(o.table_name))};
        drop_enums(o.table_name, "", out);
        return out;
    }
    statements sql(const ops::rename_table& o) const;
    statements sql(const ops::add_column& o) const;
    statements sql(const ops::drop_column& o) const {
        statements out{
            fmt::format("ALTER TABLE {} DROP COLUMN {}", q(o.table_name), q(o.column_name))};
        drop_enums(o.table_name, o.column_name, out);
        return out;
    }
    statements sql(const ops::rename_column& o) const {
        return {fmt::format("ALTER TABLE {} RENAME COLUMN {} TO {}", q(o.table_name), q(o.old_name),
                            q(o.new_name))};
    }
    statements sql(const ops::alter_column& o) const;
    statements sql(const ops::alter_primary_key& o) const;
    statements sql(const ops::create_index& o) const {
        return {m_d.index_sql(o.table_name, o.definition)};
    }
    statements sql(const ops::drop_index& o) const;
    statements sql(const ops::add_unique& o) const {
        return {fmt::format("ALTER TABLE {} ADD CONSTRAINT {} UNIQUE {}", q(o.table_name),
                            q(o.definition.name), m_d.column_list(o.definition.columns))};
    }
    statements sql(const ops::drop_unique& o) const;
    statements sql(const ops::add_foreign_key& o) const {
        return {fmt::format("ALTER TABLE {} ADD {}", q(o.table_name),
                            m_d.foreign_key_sql(o.definition))};
    }
    statements sql(const ops::drop_foreign_key& o) const {
        return {fmt::format("ALTER TABLE {} DROP CONSTRAINT {}", q(o.table_name),
                            q(o.constraint_name))};
    }
    statements sql(const ops::add_check& o) const {
        return {fmt::format("ALTER TABLE {} ADD CONSTRAINT {} CHECK ({})", q(o.table_name),
                            q(o.definition.name), o.definition.expression)};
    }
    statements sql(const ops::drop_check& o) const {
        return {fmt::format("ALTER TABLE {} DROP CONSTRAINT {}", q(o.table_name),
                            q(o.constraint_name))};
    }
    statements sql(const ops::set_table_comment& o) const {
        return {fmt::format("COMMENT ON TABLE {} IS {}", q(o.table_name),
                            o.comment ? m_d.quote_literal(*o.comment) : "NULL")};
    }
    statements sql(const ops::execute_sql& o) const { return {o.sql}; }

private:
    [[nodiscard]] std::string q(std::string_view name) const { return m_d.quote_identifier(name); }
    void create_enums(const std::vector<column>& columns, statements& out) const;
    void drop_enums(std::string_view table_name, std::string_view column_name,
                    statements& out) const;
    void change_type(const ops::alter_column& o, statements& out) const;
    void replace_enum(const ops::alter_column& o, statements& out) const;
    statements around_referencing_keys(std::string_view table_name,
                                       const std::vector<std::string>& columns,
                                       std::string_view what, bool still_covered,
                                       statements drop_sql) const;
    [[nodiscard]] bool unique_in_before(std::string_view table_name,
                                        const std::vector<std::string>& columns,
                                        std::string_view dropped) const {
        const table* t = m_before.find_table(table_name);
        return t != nullptr && still_unique(*t, columns, dropped);
    }

    const dialect& m_d;
    const schema& m_before;
};

// CREATE TYPE for the enums of @p columns that do not exist yet, once each.
void dialect::writer::create_enums(const std::vector<column>& columns, statements& out) const {
    std::vector<std::string> created;
    for (const column& c : columns) {
        if (is_enum(c.type) && !enum_used(m_before, c.type.enum_name) &&
            std::find(created.begin(), created.end(), c.type.enum_name) == created.end()) {
            out.push_back(m_d.create_enum_sql(c.type));
            created.push_back(c.type.enum_name);
        }
    }
}

// DROP TYPE for the enums of @p columns (leaving table @p table_name, all of it when
// @p column_name is empty) that no other column uses: Alembic leaves them behind, and then
// the next upgrade fails on CREATE TYPE.
void dialect::writer::drop_enums(std::string_view table_name, std::string_view column_name,
                                 statements& out) const {
    const table* t = m_before.find_table(table_name);
    if (t == nullptr) {
        return;
    }
    std::vector<std::string> dropped;
    for (const column& c : t->columns) {
        if ((column_name.empty() || c.name == column_name) && is_enum(c.type) &&
            !enum_used(m_before, c.type.enum_name, table_name, column_name) &&
            std::find(dropped.begin(), dropped.end(), c.type.enum_name) == dropped.end()) {
            out.push_back(fmt::format("DROP TYPE {}", q(c.type.enum_name)));
            dropped.push_back(c.type.enum_name);
        }
    }
}

// Runs @p drop_sql, which removes the unique index (the primary key when @p dropped is
// empty, else the unique constraint or index @p dropped) over @p columns of @p table_name,
// with the foreign keys that reference those columns dropped before and added back after:
// PostgreSQL refuses to drop an index a foreign key depends on. @p still_covered says
// whether something else makes the columns unique afterwards.
statements dialect::writer::around_referencing_keys(std::string_view table_name,
                                                    const std::vector<std::string>& columns,
                                                    std::string_view what, bool still_covered,
                                                    statements drop_sql) const {
    const auto keys = keys_referencing(m_before, table_name, columns);
    if (keys.empty()) {
        return drop_sql;
    }
    if (!still_covered) {
        std::vector<std::string> names;
        for (const auto& k : keys) {
            names.push_back(fmt::format("'{}' on '{}'", k.definition.name, k.table_name));
        }
        throw error(fmt::format(
            "cannot drop {} of '{}' on postgresql: foreign key{} {} reference{} ({}), and "
            "afterwards neither the primary key nor a unique constraint covers those "
            "columns; drop the foreign key{} first (op.drop_foreign_key), or add a unique "
            "constraint on ({}) before this step",
            what, table_name, keys.size() == 1 ? "" : "s", fmt::join(names, ", "),
            keys.size() == 1 ? "s" : "", fmt::join(columns, ", "), keys.size() == 1 ? "" : "s",
            fmt::join(columns, ", ")));
    }
    statements out;
    for (const auto& k : keys) {
        out.push_back(fmt::format("ALTER TABLE {} DROP CONSTRAINT {}", q(k.table_name),
                                  q(k.definition.name)));
    }
    out.insert(out.end(), drop_sql.begin(), drop_sql.end());
    for (const auto& k : keys) {
        out.push_back(fmt::format("ALTER TABLE {} ADD {}", q(k.table_name),
                                  m_d.foreign_key_sql(k.definition)));
    }
    return out;
}

statements dialect::writer::sql(const ops::create_table& o) const {
    const table& t = o.definition;
    statements out;
    create_enums(t.columns, out);
    std::vector<std::string> lines;
    std::vector<std::string> key;
    for (const column& c : t.columns) {
        lines.push_back(m_d.column_sql(c));
        if (c.primary_key) {
            key.push_back(c.name);
        }
    }
    if (!key.empty()) {
        lines.push_back(fmt::format("PRIMARY KEY {}", m_d.column_list(key)));
    }
    for (const auto& u : t.uniques) {
        lines.push_back(
            fmt::format("CONSTRAINT {} UNIQUE {}", q(u.name), m_d.column_list(u.columns)));
    }
    for (const auto& fk : t.foreign_keys) {
        lines.push_back(m_d.foreign_key_sql(fk));
    }
    for (const auto& ck : t.checks) {
        lines.push_back(fmt::format("CONSTRAINT {} CHECK ({})", q(ck.name), ck.expression));
    }
    out.push_back(
        fmt::format("CREATE TABLE {} (\n    {}\n)", q(t.name), fmt::join(lines, ",\n    ")));
    for (const auto& i : t.indexes) {
        out.push_back(m_d.index_sql(t.name, i));
    }
    if (t.comment) {
        out.push_back(
            fmt::format("COMMENT ON TABLE {} IS {}", q(t.name), m_d.quote_literal(*t.comment)));
    }
    for (const column& c : t.columns) {
        if (c.comment) {
            out.push_back(m_d.column_comment_sql(t.name, c));
        }
    }
    return out;
}

statements dialect::writer::sql(const ops::rename_table& o) const {
    statements out{fmt::format("ALTER TABLE {} RENAME TO {}", q(o.old_name), q(o.new_name))};
    // The key keeps the old table's name otherwise, and alter_primary_key could no longer
    // find it.
    const table* t = m_before.find_table(o.old_name);
    if (t != nullptr && !t->primary_key().empty() &&
        primary_key_name(o.old_name) != primary_key_name(o.new_name)) {
        out.push_back(fmt::format("ALTER TABLE {} RENAME CONSTRAINT {} TO {}", q(o.new_name),
                                  q(primary_key_name(o.old_name)),
                                  q(primary_key_name(o.new_name))));
    }
    return out;
}

statements dialect::writer::sql(const ops::add_column& o) const {
    statements out;
    create_enums({o.definition}, out);
    out.push_back(fmt::format("ALTER TABLE {} ADD COLUMN {}{}", q(o.table_name),
                              m_d.column_sql(o.definition),
                              o.definition.primary_key ? " PRIMARY KEY" : ""));
    if (o.definition.comment) {
        out.push_back(m_d.column_comment_sql(o.table_name, o.definition));
    }
    return out;
}

statements dialect::writer::sql(const ops::alter_column& o) const {
    const column& from = o.from;
    const column& to = o.to;
    const std::string table_sql = q(o.table_name);
    statements out;
    if (from.primary_key != to.primary_key) {
        throw error(fmt::format(
            "cannot alter column '{}.{}' on postgresql: alter_column does not add it to or "
            "remove it from the primary key; change the key with op.alter_primary_key() and "
            "keep primary_key as it is in alter_column",
            o.table_name, from.name));
    }
    if (from.name != to.name) {
        out.push_back(fmt::format("ALTER TABLE {} RENAME COLUMN {} TO {}", table_sql, q(from.name),
                                  q(to.name)));
    }
    const auto alter = [&](std::string_view action) {
        out.push_back(
            fmt::format("ALTER TABLE {} ALTER COLUMN {} {}", table_sql, q(to.name), action));
    };
    const bool type_changes = from.type != to.type;
    // A default typed for the old type (say 'draft'::old_enum) may not cast to the new one:
    // take it off for the change, put the new one on afterwards.
    const bool default_reset = type_changes && from.server_default;
    if (default_reset) {
        alter("DROP DEFAULT");
    }
    if (from.autoincrement && !to.autoincrement) {
        alter("DROP IDENTITY");
    }
    if (type_changes) {
        change_type(o, out);
    }
    if (!from.autoincrement && to.autoincrement) {
        alter("ADD GENERATED BY DEFAULT AS IDENTITY");
    }
    if (from.nullable != to.nullable) {
        alter(to.nullable ? "DROP NOT NULL" : "SET NOT NULL");
    }
    if (default_reset || from.server_default != to.server_default) {
        if (to.server_default) {
            alter(fmt::format("SET DEFAULT {}", *to.server_default));
        } else if (!default_reset) {
            alter("DROP DEFAULT");
        }
    }
    if (from.comment != to.comment) {
        out.push_back(m_d.column_comment_sql(o.table_name, to));
    }
    return out;
}

// The type change of alter_column: new enum values appended in place, an enum with values
// removed or reordered replaced, anything else cast.
void dialect::writer::change_type(const ops::alter_column& o, statements& out) const {
    const column& from = o.from;
    const column& to = o.to;
    const bool same_enum =
        is_enum(from.type) && is_enum(to.type) && from.type.enum_name == to.type.enum_name;
    if (same_enum && only_appends(from.type.enum_values, to.type.enum_values)) {
        // No table rewrite. PostgreSQL 12+ allows this inside the revision's transaction;
        // the new values are usable once it commits.
        for (std::size_t i = from.type.enum_values.size(); i < to.type.enum_values.size(); ++i) {
            out.push_back(fmt::format("ALTER TYPE {} ADD VALUE IF NOT EXISTS {}",
                                      q(to.type.enum_name),
                                      m_d.quote_literal(to.type.enum_values[i])));
        }
        return;
    }
    if (same_enum) {
        replace_enum(o, out);
        return;
    }
    if (is_enum(to.type) && !enum_used(m_before, to.type.enum_name)) {
        out.push_back(m_d.create_enum_sql(to.type));
    }
    // Through text when the target is an enum: PostgreSQL casts text, not other types, to an
    // enum.
    out.push_back(fmt::format("ALTER TABLE {} ALTER COLUMN {} TYPE {} USING {}{}::{}",
                              q(o.table_name), q(to.name), m_d.type_sql(to.type), q(to.name),
                              is_enum(to.type) ? "::text" : "", m_d.type_sql(to.type)));
    if (is_enum(from.type) && !enum_used(m_before, from.type.enum_name, o.table_name, from.name)) {
        out.push_back(fmt::format("DROP TYPE {}", q(from.type.enum_name)));
    }
}

// Values removed or reordered: build the new type beside the old one and move every column
// that uses it (other tables too), via text, which fails loudly on a row holding a removed
// value.
void dialect::writer::replace_enum(const ops::alter_column& o, statements& out) const {
    const column& to = o.to;
    const std::string old_name = to.type.enum_name + "__strata_old";
    out.push_back(fmt::format("ALTER TYPE {} RENAME TO {}", q(to.type.enum_name), q(old_name)));
    out.push_back(m_d.create_enum_sql(to.type));
    for (const table& t : m_before.tables) {
        for (const column& c : t.columns) {
            if ((t.name == o.table_name && c.name == o.from.name) || !is_enum(c.type) ||
                c.type.enum_name != to.type.enum_name) {
                continue;
            }
            if (c.server_default) {
                out.push_back(fmt::format("ALTER TABLE {} ALTER COLUMN {} DROP DEFAULT", q(t.name),
                                          q(c.name)));
            }
            out.push_back(fmt::format("ALTER TABLE {0} ALTER COLUMN {1} TYPE {2} USING "
                                      "{1}::text::{2}",
                                      q(t.name), q(c.name), q(to.type.enum_name)));
            if (c.server_default) {
                out.push_back(fmt::format("ALTER TABLE {} ALTER COLUMN {} SET DEFAULT {}",
                                          q(t.name), q(c.name), *c.server_default));
            }
        }
    }
    out.push_back(fmt::format("ALTER TABLE {0} ALTER COLUMN {1} TYPE {2} USING {1}::text::{2}",
                              q(o.table_name), q(to.name), m_d.type_sql(to.type)));
    out.push_back(fmt::format("DROP TYPE {}", q(old_name)));
}

statements dialect::writer::sql(const ops::alter_primary_key& o) const {
    const std::string name = q(primary_key_name(o.table_name));
    statements out;
    if (!o.from_columns.empty()) {
        out.push_back(fmt::format("ALTER TABLE {} DROP CONSTRAINT {}", q(o.table_name), name));
    }
    if (!o.to_columns.empty()) {
        out.push_back(fmt::format("ALTER TABLE {} ADD CONSTRAINT {} PRIMARY KEY {}",
                                  q(o.table_name), name, m_d.column_list(o.to_columns)));
    }
    if (o.from_columns.empty()) {
        return out;
    }
    // Keys to the old key columns come back once the new key (or a unique constraint)
    // covers those columns again.
    return around_referencing_keys(o.table_name, o.from_columns, "the primary key",
                                   same_set(o.to_columns, o.from_columns) ||
                                       unique_in_before(o.table_name, o.from_columns, {}),
                                   std::move(out));
}

statements dialect::writer::sql(const ops::drop_index& o) const {
    statements out{fmt::format("DROP INDEX {}", q(o.index_name))};
    const table* t = m_before.find_table(o.table_name);
    const strata::index* dropped = nullptr;
    if (t != nullptr) {
        for (const auto& i : t->indexes) {
            dropped = i.name == o.index_name && i.unique ? &i : dropped;
        }
    }
    if (dropped == nullptr) {
        return out;
    }
    return around_referencing_keys(
        o.table_name, dropped->columns, fmt::format("unique index '{}'", o.index_name),
        unique_in_before(o.table_name, dropped->columns, o.index_name), std::move(out));
}

statements dialect::writer::sql(const ops::drop_unique& o) const {
    statements out{
        fmt::format("ALTER TABLE {} DROP CONSTRAINT {}", q(o.table_name), q(o.constraint_name))};
    const table* t = m_before.find_table(o.table_name);
    const unique_constraint* dropped = nullptr;
    if (t != nullptr) {
        for (const auto& u : t->uniques) {
            dropped = u.name == o.constraint_name ? &u : dropped;
        }
    }
    if (dropped == nullptr) {
        return out;
    }
    return around_referencing_keys(
        o.table_name, dropped->columns, fmt::format("unique constraint '{}'", o.constraint_name),
        unique_in_before(o.table_name, dropped->columns, o.constraint_name), std::move(out));
}

std::vector<std::string> dialect::to_sql(const operation& op, const schema& before) const {
    const writer w(*this, before);
    return std::visit([&](const auto& o) { return w.sql(o); }, op);
}

} // namespace strata::postgresql
