#pragma once
/// @file
/// The operation vocabulary: every schema change a revision can make. The generator
/// produces these from a schema diff and renders them as C++; the runtime records them
/// from a compiled revision and hands them to a dialect to become SQL.

#include "strata/schema.hpp"

#include <string>
#include <variant>
#include <vector>

namespace strata {

/// One struct per kind of schema change.
namespace ops {

/// CREATE TABLE with all its columns.
struct create_table {
    table definition;
    friend bool operator==(const create_table&, const create_table&) = default;
};

/// DROP TABLE.
struct drop_table {
    std::string table_name;
    friend bool operator==(const drop_table&, const drop_table&) = default;
};

/// ALTER TABLE ... ADD COLUMN.
struct add_column {
    std::string table_name;
    column definition;
    friend bool operator==(const add_column&, const add_column&) = default;
};

/// ALTER TABLE ... DROP COLUMN.
struct drop_column {
    std::string table_name;
    std::string column_name;
    friend bool operator==(const drop_column&, const drop_column&) = default;
};

/// Hand-written SQL, for data migrations; passed to the database unchanged.
struct execute_sql {
    std::string sql;
    friend bool operator==(const execute_sql&, const execute_sql&) = default;
};

} // namespace ops

/// Any one schema change.
using operation = std::variant<ops::create_table, ops::drop_table, ops::add_column,
                               ops::drop_column, ops::execute_sql>;

/// A short human description, e.g. "add column users.email".
[[nodiscard]] std::string describe(const operation& op);

/// Applies a list of operations to an in-memory schema, as the database would. Used to
/// check that a revision's downgrade undoes its upgrade, and to compute the schema a
/// chain of revisions produces. Throws strata::error when an operation does not fit.
void apply(schema& target, const operation& op);

/// What a revision's upgrade() and downgrade() receive, like Alembic's `op`: each call
/// records one operation, which the migrator then runs (or prints, in offline mode).
class operations {
public:
    /// Records CREATE TABLE @p name with @p columns.
    void create_table(std::string name, std::vector<column> columns);
    /// Records DROP TABLE @p name.
    void drop_table(std::string name);
    /// Records ALTER TABLE @p table_name ADD COLUMN.
    void add_column(std::string table_name, column definition);
    /// Records ALTER TABLE @p table_name DROP COLUMN @p column_name.
    void drop_column(std::string table_name, std::string column_name);
    /// Records hand-written SQL, run as it is.
    void execute(std::string sql);

    /// Everything recorded so far, in call order.
    [[nodiscard]] const std::vector<operation>& recorded() const { return m_recorded; }

private:
    std::vector<operation> m_recorded;
};

/// Builders that make generated revisions read like hand-written code:
/// `col("email", string(120)).nullable()`.
namespace dsl {

/// A column under construction; converts to strata::column.
class column_builder {
public:
    column_builder(std::string name, column_type type) {
        m_column.name = std::move(name);
        m_column.type = type;
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
    operator column() const { return m_column; } // NOLINT: implicit by design

private:
    column m_column;
};

/// A column called @p name of type @p type.
inline column_builder col(std::string name, column_type type) {
    return {std::move(name), type};
}
/// 32-bit integer.
inline column_type int32() {
    return {type_kind::int32, {}};
}
/// 64-bit integer.
inline column_type int64() {
    return {type_kind::int64, {}};
}
/// Double precision floating point.
inline column_type float64() {
    return {type_kind::float64, {}};
}
/// Boolean.
inline column_type boolean() {
    return {type_kind::boolean, {}};
}
/// Unbounded text.
inline column_type text() {
    return {type_kind::string, {}};
}
/// Text of at most @p length characters.
inline column_type string(std::int32_t length) {
    return {type_kind::string, length};
}

} // namespace dsl

} // namespace strata
