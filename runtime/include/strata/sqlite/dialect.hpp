#pragma once
/// @file
/// How SQLite spells schema changes.

#include "strata/dialect.hpp"

namespace strata::sqlite {

/// The SQLite dialect. ALTER TABLE ... DROP COLUMN needs SQLite 3.35 or newer.
class dialect final : public strata::dialect {
public:
    /// "sqlite".
    [[nodiscard]] std::string_view name() const override { return "sqlite"; }
    /// INTEGER, REAL, BOOLEAN, VARCHAR(n) or TEXT.
    [[nodiscard]] std::string type_sql(const column_type& type) const override;
    /// One statement per operation; execute_sql passes through unchanged.
    [[nodiscard]] std::vector<std::string> to_sql(const operation& op,
                                                  const schema& before) const override;

private:
    [[nodiscard]] std::string column_sql(const column& definition) const;
};

} // namespace strata::sqlite
