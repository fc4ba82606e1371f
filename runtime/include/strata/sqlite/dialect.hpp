#pragma once
/// @file
/// How SQLite spells schema changes, including the table rebuild it needs for every
/// change it cannot ALTER.

#include "strata/dialect.hpp"
#include "strata/export.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace strata::sqlite {

/// The SQLite dialect. Needs SQLite 3.35 or newer (ALTER TABLE ... DROP COLUMN).
///
/// What SQLite cannot ALTER (a column's type, nullability or default, adding or dropping a
/// unique constraint, foreign key or check, adding a column it refuses, dropping a column
/// that a key, index or constraint uses) becomes a table rebuild, the procedure of
/// https://www.sqlite.org/lang_altertable.html#otheralter: CREATE the new shape under a
/// temporary name, copy the rows with one INSERT ... SELECT, DROP the old table, RENAME,
/// recreate the indexes. The migrator runs such a revision with foreign key enforcement
/// off and PRAGMA foreign_key_check before COMMIT (see frame_for_rebuild()).
class STRATA_SQLITE_API dialect final : public strata::dialect {
public:
    /// "sqlite".
    [[nodiscard]] std::string_view name() const override { return "sqlite"; }
    /// The declared type: SMALLINT, INT, BIGINT, FLOAT, REAL, BOOLEAN, TEXT, VARCHAR(n),
    /// BLOB, TIMESTAMP, DATE, DECIMAL(p,s); an enumeration is TEXT (its CHECK is added by
    /// the column definition); sql_override verbatim. Spellings introspect back exactly.
    [[nodiscard]] std::string type_sql(const column_type& type) const override;
    /// The statements for @p op; table rebuilds are computed from @p before.
    [[nodiscard]] std::vector<std::string> to_sql(const operation& op,
                                                  const schema& before) const override;
    /// One step per operation, except that consecutive operations that rebuild the same
    /// table become one step: one rebuild, from its shape before the first to after the
    /// last.
    [[nodiscard]] std::vector<planned_step> plan(std::span<const operation> ops,
                                                 const schema& before) const override;
    /// The table @p op must rebuild on this shape of @p before, or empty.
    [[nodiscard]] std::string rebuilt_table(const operation& op, const schema& before) const;
    /// PRAGMA foreign_keys = OFF before BEGIN, PRAGMA foreign_key_check before COMMIT,
    /// PRAGMA foreign_keys = ON and legacy_alter_table = OFF afterwards.
    [[nodiscard]] rebuild_frame frame_for_rebuild() const override;
    /// strftime('%Y-%m-%d %H:%M:%f', 'now'): UTC with milliseconds (CURRENT_TIMESTAMP has
    /// whole seconds).
    [[nodiscard]] std::string current_timestamp_sql() const override {
        return "strftime('%Y-%m-%d %H:%M:%f', 'now')";
    }

    /// The CREATE TABLE statement for @p definition, named @p name (the definition's
    /// own name when empty), with keys, uniques, foreign keys and checks inline.
    [[nodiscard]] std::string create_table_sql(const table& definition,
                                               std::string_view name = {}) const;
    /// CREATE [UNIQUE] INDEX for @p definition on @p table_name.
    [[nodiscard]] std::string create_index_sql(std::string_view table_name,
                                               const index& definition) const;

private:
    /// A rebuild: the table as it is, the shape it must get, and for each new column the
    /// old column it is copied from (none for a column that is new).
    struct rebuild_plan {
        table from;
        table to;
        std::vector<std::pair<std::string, std::optional<std::string>>> sources;
    };

    [[nodiscard]] std::string column_sql(const column& definition, const table& owner) const;
    [[nodiscard]] std::optional<rebuild_plan> plan_rebuild(const operation& op,
                                                           const schema& before) const;
    [[nodiscard]] std::vector<std::string> rebuild_sql(const rebuild_plan& plan) const;
    /// One plan for ops[first, last), which all rebuild the same table; advances @p current.
    [[nodiscard]] rebuild_plan merged_plan(std::span<const operation> ops, schema& current) const;
};

} // namespace strata::sqlite
