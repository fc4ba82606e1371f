#pragma once
/// @file
/// How PostgreSQL spells schema changes: native types, IDENTITY, native enums,
/// transactional DDL.

#include "strata/dialect.hpp"
#include "strata/export.hpp"

namespace strata::postgresql {

/// The PostgreSQL dialect (PostgreSQL 12 or newer).
class STRATA_POSTGRESQL_API dialect final : public strata::dialect {
public:
    /// "postgresql".
    [[nodiscard]] std::string_view name() const override { return "postgresql"; }
    /// SMALLINT, INTEGER, BIGINT, REAL, DOUBLE PRECISION, BOOLEAN, TEXT, VARCHAR(n),
    /// BYTEA, TIMESTAMP WITH TIME ZONE, DATE, NUMERIC(p,s), the enum's own type, or the
    /// sql_override verbatim.
    [[nodiscard]] std::string type_sql(const column_type& type) const override;
    /// The statements for @p op. @p before decides what only the database's state can:
    /// whether an enum type must be created first, or dropped because its last column
    /// went, and which other columns share an enum whose values change.
    [[nodiscard]] std::vector<std::string> to_sql(const operation& op,
                                                  const schema& before) const override;
    /// The statement's start in UTC, to the millisecond (the history table's TIMESTAMP
    /// column has no time zone; CURRENT_TIMESTAMP would be the session's local time).
    [[nodiscard]] std::string current_timestamp_sql() const override {
        return "date_trunc('milliseconds', statement_timestamp() AT TIME ZONE 'UTC')";
    }

private:
    /// to_sql() for one operation against one schema: a function per operation (dialect.cpp).
    class writer;

    [[nodiscard]] std::string column_sql(const column& definition) const;
    [[nodiscard]] std::string foreign_key_sql(const foreign_key& key) const;
    [[nodiscard]] std::string column_list(const std::vector<std::string>& names) const;
    [[nodiscard]] std::string index_sql(std::string_view table_name, const index& definition) const;
    [[nodiscard]] std::string create_enum_sql(const column_type& type) const;
    [[nodiscard]] std::string column_comment_sql(std::string_view table_name,
                                                 const column& definition) const;
};

} // namespace strata::postgresql
