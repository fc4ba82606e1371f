#pragma once
/// @file
/// The operation vocabulary: every schema change a revision can make. The generator
/// produces these from a schema diff and renders them as C++; the runtime records them
/// from a compiled revision and hands them to a dialect to become SQL.

#include "strata/export.hpp"
#include "strata/schema.hpp"
#include "strata/script.hpp"

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

/// apply() for a @p target already normalized (schema::normalize()), as every schema is
/// after its first apply(). apply() checks that over the whole schema, so a replay of N
/// operations over T tables pays N × T; a long replay (a new database created from 500
/// revisions, a dialect planning it) calls this instead once the schema is normalized.
STRATA_API void apply_to_normalized(schema& target, const operation& op);

/// The operations a strata::operations recorder holds, in call order.
struct operation_list : std::vector<operation> {
    using std::vector<operation>::vector;
};

namespace detail {
template <>
inline constexpr bool is_nullopt<std::nullopt_t> = true;
} // namespace detail

} // namespace strata
