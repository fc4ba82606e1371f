#pragma once
/// @file
/// The operation vocabulary: every schema change a revision can make. The generator
/// produces these from a schema diff and renders them as C++; the runtime records them
/// from a compiled revision and hands them to a dialect to become SQL.

#include "strata/export.hpp"
#include "strata/schema.hpp"

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace strata {

/// One struct per kind of schema change.
namespace ops {

/// CREATE TABLE with all its columns.
struct STRATA_API create_table {
    table definition;
    friend bool operator==(const create_table&, const create_table&) = default;
};

/// DROP TABLE.
struct STRATA_API drop_table {
    std::string table_name;
    friend bool operator==(const drop_table&, const drop_table&) = default;
};

/// ALTER TABLE ... ADD COLUMN.
struct STRATA_API add_column {
    std::string table_name;
    column definition;
    friend bool operator==(const add_column&, const add_column&) = default;
};

/// ALTER TABLE ... DROP COLUMN.
struct STRATA_API drop_column {
    std::string table_name;
    std::string column_name;
    friend bool operator==(const drop_column&, const drop_column&) = default;
};

/// ALTER TABLE ... RENAME TO.
struct STRATA_API rename_table {
    std::string old_name;
    std::string new_name;
    friend bool operator==(const rename_table&, const rename_table&) = default;
};

/// ALTER TABLE ... RENAME COLUMN.
struct STRATA_API rename_column {
    std::string table_name;
    std::string old_name;
    std::string new_name;
    friend bool operator==(const rename_column&, const rename_column&) = default;
};

/// Changes a column in place: type, nullability, server default or comment. Carries the
/// whole definition before and after, so the dialect emits exactly what differs (or
/// rebuilds the table where it has no ALTER for it) and the inverse is a swap.
struct STRATA_API alter_column {
    std::string table_name;
    column from;
    column to;
    friend bool operator==(const alter_column&, const alter_column&) = default;
};

/// Replaces the table's primary key: the key over @p from_columns goes, the key over
/// @p to_columns comes (either may be empty: no key). One operation, not a flag change
/// per column, because the states in between would be wrong keys (the key over
/// `user_id` alone fails on a second row of the same user). The model keeps key columns
/// in declaration order, so both lists are in the table's column declaration order;
/// apply() refuses any other order. Key columns are NOT NULL: make a column NOT NULL
/// (alter_column) before it joins the key.
struct STRATA_API alter_primary_key {
    std::string table_name;
    std::vector<std::string> from_columns;
    std::vector<std::string> to_columns;
    friend bool operator==(const alter_primary_key&, const alter_primary_key&) = default;
};

/// CREATE [UNIQUE] INDEX.
struct STRATA_API create_index {
    std::string table_name;
    index definition;
    friend bool operator==(const create_index&, const create_index&) = default;
};

/// DROP INDEX.
struct STRATA_API drop_index {
    std::string table_name;
    std::string index_name;
    friend bool operator==(const drop_index&, const drop_index&) = default;
};

/// ALTER TABLE ... ADD CONSTRAINT ... UNIQUE.
struct STRATA_API add_unique {
    std::string table_name;
    unique_constraint definition;
    friend bool operator==(const add_unique&, const add_unique&) = default;
};

/// ALTER TABLE ... DROP CONSTRAINT (a unique constraint).
struct STRATA_API drop_unique {
    std::string table_name;
    std::string constraint_name;
    friend bool operator==(const drop_unique&, const drop_unique&) = default;
};

/// ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY.
struct STRATA_API add_foreign_key {
    std::string table_name;
    foreign_key definition;
    friend bool operator==(const add_foreign_key&, const add_foreign_key&) = default;
};

/// ALTER TABLE ... DROP CONSTRAINT (a foreign key).
struct STRATA_API drop_foreign_key {
    std::string table_name;
    std::string constraint_name;
    friend bool operator==(const drop_foreign_key&, const drop_foreign_key&) = default;
};

/// ALTER TABLE ... ADD CONSTRAINT ... CHECK.
struct STRATA_API add_check {
    std::string table_name;
    check_constraint definition;
    friend bool operator==(const add_check&, const add_check&) = default;
};

/// ALTER TABLE ... DROP CONSTRAINT (a check constraint).
struct STRATA_API drop_check {
    std::string table_name;
    std::string constraint_name;
    friend bool operator==(const drop_check&, const drop_check&) = default;
};

/// COMMENT ON TABLE; std::nullopt removes the comment.
struct STRATA_API set_table_comment {
    std::string table_name;
    std::optional<std::string> comment;
    friend bool operator==(const set_table_comment&, const set_table_comment&) = default;
};

/// Hand-written SQL, for data migrations; passed to the database unchanged.
struct STRATA_API execute_sql {
    std::string sql;
    friend bool operator==(const execute_sql&, const execute_sql&) = default;
};

} // namespace ops

/// Any one schema change.
using operation =
    std::variant<ops::create_table, ops::drop_table, ops::rename_table, ops::add_column,
                 ops::drop_column, ops::rename_column, ops::alter_column, ops::alter_primary_key,
                 ops::create_index, ops::drop_index, ops::add_unique, ops::drop_unique,
                 ops::add_foreign_key, ops::drop_foreign_key, ops::add_check, ops::drop_check,
                 ops::set_table_comment, ops::execute_sql>;

/// A short human description, e.g. "add column users.email".
[[nodiscard]] STRATA_API std::string describe(const operation& op);

/// Applies one operation to an in-memory schema, as the database would. Used to
/// check that a revision's downgrade undoes its upgrade, and to compute the schema a
/// chain of revisions produces. Throws strata::error when an operation does not fit.
STRATA_API void apply(schema& target, const operation& op);

/// What a revision's upgrade() and downgrade() receive, like Alembic's `op`: each call
/// records one operation, which the migrator then runs (or prints, in offline mode).
class STRATA_API operations {
public:
    /// Records CREATE TABLE @p name with @p columns.
    void create_table(std::string name, std::vector<column> columns);
    /// Records CREATE TABLE with a full definition (keys, constraints, comment).
    void create_table(table definition);
    /// Records DROP TABLE @p name.
    void drop_table(std::string name);
    /// Records ALTER TABLE @p old_name RENAME TO @p new_name.
    void rename_table(std::string old_name, std::string new_name);
    /// Records ALTER TABLE @p table_name ADD COLUMN.
    void add_column(std::string table_name, column definition);
    /// Records ALTER TABLE @p table_name DROP COLUMN @p column_name.
    void drop_column(std::string table_name, std::string column_name);
    /// Records ALTER TABLE @p table_name RENAME COLUMN @p old_name TO @p new_name.
    void rename_column(std::string table_name, std::string old_name, std::string new_name);
    /// Records a change of column @p from into @p to (same or renamed name kept as in @p to).
    void alter_column(std::string table_name, column from, column to);
    /// Records a change of @p table_name's primary key from @p from_columns to
    /// @p to_columns (empty: no key), both in column declaration order.
    void alter_primary_key(std::string table_name, std::vector<std::string> from_columns,
                           std::vector<std::string> to_columns);
    /// Records CREATE INDEX.
    void create_index(std::string table_name, index definition);
    /// Records DROP INDEX.
    void drop_index(std::string table_name, std::string index_name);
    /// Records ADD CONSTRAINT ... UNIQUE.
    void add_unique(std::string table_name, unique_constraint definition);
    /// Records DROP CONSTRAINT of a unique constraint.
    void drop_unique(std::string table_name, std::string constraint_name);
    /// Records ADD CONSTRAINT ... FOREIGN KEY.
    void add_foreign_key(std::string table_name, foreign_key definition);
    /// Records DROP CONSTRAINT of a foreign key.
    void drop_foreign_key(std::string table_name, std::string constraint_name);
    /// Records ADD CONSTRAINT ... CHECK.
    void add_check(std::string table_name, check_constraint definition);
    /// Records DROP CONSTRAINT of a check constraint.
    void drop_check(std::string table_name, std::string constraint_name);
    /// Records a table comment change; std::nullopt removes it.
    void set_table_comment(std::string table_name, std::optional<std::string> comment);
    /// Records hand-written SQL, run as it is. The generator's schema replay takes it to
    /// change no table (a data migration) and refuses SQL that creates, alters or drops a
    /// table or an index: state such an effect with the overload below.
    void execute(std::string sql);
    /// Records hand-written SQL, run as it is, whose effect on the schema model @p state
    /// states by recording the equivalent operations (Django's `state_operations`):
    /// `op.execute(sql, [](strata::operations& state) { state.add_column(...); })`, or
    /// `strata::no_schema_change`. Only the SQL runs; the generator reads @p state's body
    /// to replay the revision (docs/commands.md, "Hand-written steps").
    void execute(std::string sql, void (*state)(operations& state));

    /// Everything recorded so far, in call order.
    [[nodiscard]] const std::vector<operation>& recorded() const { return m_recorded; }

private:
    std::vector<operation> m_recorded;
};

/// The effect of `op.execute(sql, strata::no_schema_change)`: SQL that changes nothing the
/// schema model describes (a view, a trigger, a function, data).
inline void no_schema_change([[maybe_unused]] operations& state) {}

/// Builders that make generated revisions read like hand-written code:
/// `col("email", string(120)).nullable()`.
namespace dsl {

/// A column under construction; converts to strata::column.
class STRATA_API column_builder {
public:
    column_builder(std::string name, column_type type) {
        m_column.name = std::move(name);
        m_column.type = std::move(type);
    }
    /// The column accepts NULL.
    column_builder& nullable() {
        m_column.nullable = true;
        return *this;
    }
    /// The column is (part of) the primary key.
    column_builder& primary_key() {
        m_column.primary_key = true;
        return *this;
    }
    /// The database assigns the values.
    column_builder& autoincrement() {
        m_column.autoincrement = true;
        return *this;
    }
    /// Server-side default, an SQL expression such as `'draft'` or `0`.
    column_builder& server_default(std::string expression) {
        m_column.server_default = std::move(expression);
        return *this;
    }
    /// Column comment.
    column_builder& comment(std::string text) {
        m_column.comment = std::move(text);
        return *this;
    }
    operator column() const { return m_column; } // NOLINT: implicit by design

private:
    column m_column;
};

/// A column called @p name of type @p type.
inline column_builder col(std::string name, column_type type) {
    return {std::move(name), std::move(type)};
}
/// 16-bit integer.
inline column_type int16() {
    return {.kind = type_kind::int16};
}
/// 32-bit integer.
inline column_type int32() {
    return {.kind = type_kind::int32};
}
/// 64-bit integer.
inline column_type int64() {
    return {.kind = type_kind::int64};
}
/// Single precision floating point.
inline column_type float32() {
    return {.kind = type_kind::float32};
}
/// Double precision floating point.
inline column_type float64() {
    return {.kind = type_kind::float64};
}
/// Boolean.
inline column_type boolean() {
    return {.kind = type_kind::boolean};
}
/// Unbounded text.
inline column_type text() {
    return {.kind = type_kind::string};
}
/// Text of at most @p length characters.
inline column_type string(std::int32_t length) {
    return {.kind = type_kind::string, .length = length};
}
/// Bytes (BLOB / BYTEA).
inline column_type binary() {
    return {.kind = type_kind::binary};
}
/// Point in time, UTC.
inline column_type timestamp() {
    return {.kind = type_kind::timestamp};
}
/// Calendar date.
inline column_type date() {
    return {.kind = type_kind::date};
}
/// Date and time of day without a time zone (a wall-clock reading).
inline column_type local_timestamp() {
    return {.kind = type_kind::local_timestamp};
}
/// Time of day without a date or time zone.
inline column_type time_of_day() {
    return {.kind = type_kind::time_of_day};
}
/// A length of time.
inline column_type interval() {
    return {.kind = type_kind::interval};
}
/// A universally unique identifier.
inline column_type uuid() {
    return {.kind = type_kind::uuid};
}
/// A JSON document.
inline column_type json() {
    return {.kind = type_kind::json};
}
/// Fixed point with @p precision digits, @p scale after the point.
inline column_type decimal(std::int32_t precision, std::int32_t scale) {
    return {.kind = type_kind::decimal, .precision = precision, .scale = scale};
}
/// Enumeration called @p name with @p values, stored as the value names.
inline column_type enumeration(std::string name, std::vector<std::string> values) {
    return {.kind = type_kind::enumeration,
            .enum_name = std::move(name),
            .enum_values = std::move(values)};
}
/// @p type, but spelt @p sql in the database.
inline column_type sql_type(column_type type, std::string sql) {
    type.sql_override = std::move(sql);
    return type;
}

/// An index @p name over @p columns.
inline index idx(std::string name, std::vector<std::string> columns) {
    return {std::move(name), std::move(columns), false};
}
/// A unique index @p name over @p columns.
inline index unique_idx(std::string name, std::vector<std::string> columns) {
    return {std::move(name), std::move(columns), true};
}
/// A unique constraint @p name over @p columns.
inline unique_constraint unique(std::string name, std::vector<std::string> columns) {
    return {std::move(name), std::move(columns)};
}
/// A foreign key @p name from @p columns to @p referenced_table (@p referenced_columns).
inline foreign_key fk(std::string name, std::vector<std::string> columns,
                      std::string referenced_table, std::vector<std::string> referenced_columns,
                      referential_action on_delete = referential_action::no_action,
                      referential_action on_update = referential_action::no_action) {
    return {std::move(name),
            std::move(columns),
            std::move(referenced_table),
            std::move(referenced_columns),
            on_delete,
            on_update};
}
/// A check constraint @p name with SQL @p expression.
inline check_constraint check(std::string name, std::string expression) {
    return {std::move(name), std::move(expression)};
}

} // namespace dsl

} // namespace strata
