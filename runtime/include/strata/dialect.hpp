#pragma once
/// @file
/// A SQL dialect turns operations from the shared vocabulary into SQL statements.

#include "strata/operations.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace strata {

/// How one database spells schema changes.
class dialect {
public:
    virtual ~dialect() = default;

    /// Short name, e.g. "sqlite".
    [[nodiscard]] virtual std::string_view name() const = 0;
    /// The SQL type for @p type, e.g. "VARCHAR(120)".
    [[nodiscard]] virtual std::string type_sql(const column_type& type) const = 0;
    /// The statements that perform @p op, in order. @p before is the schema just before
    /// @p op: introspected from the database when migrating online, computed with apply()
    /// in offline (--sql) mode, so both modes emit the same statements. Dialects that
    /// must rebuild a table to change it (SQLite) take its current shape from there.
    [[nodiscard]] virtual std::vector<std::string> to_sql(const operation& op,
                                                          const schema& before) const = 0;

    /// @p identifier in double quotes, inner quotes doubled.
    [[nodiscard]] std::string quote_identifier(std::string_view identifier) const;
    /// @p text as a single-quoted SQL string literal.
    [[nodiscard]] std::string quote_literal(std::string_view text) const;
};

} // namespace strata
