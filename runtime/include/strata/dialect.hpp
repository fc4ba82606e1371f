#pragma once
/// @file
/// A SQL dialect turns operations from the shared vocabulary into SQL statements.

#include "strata/export.hpp"
#include "strata/operations.hpp"

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace strata {

/// What a revision that rebuilds tables needs around its transaction: on SQLite, foreign
/// key enforcement off (it cannot change inside a transaction) and checked before COMMIT.
struct STRATA_API rebuild_frame {
    /// Statements to run before BEGIN.
    std::vector<std::string> before_begin;
    /// Queries to run just before COMMIT; any row one returns is a violation that fails
    /// the revision (its transaction is rolled back).
    std::vector<std::string> checks;
    /// Statements to run after COMMIT or ROLLBACK, restoring the connection's settings.
    std::vector<std::string> after_end;
};

/// Some consecutive operations of a revision and the statements that perform them.
struct STRATA_API planned_step {
    /// Index of the first operation of the step.
    std::size_t first = 0;
    /// One past the last operation of the step.
    std::size_t last = 0;
    /// The statements, in order.
    std::vector<std::string> statements;
    /// The table the step rebuilds (creates anew, copies, drops, renames) because the
    /// database cannot ALTER it in place; empty when it does not. A revision with a
    /// rebuild runs inside frame_for_rebuild(), and the migrator recreates what the schema
    /// model does not describe (SQLite triggers) on the rebuilt table.
    std::string rebuilt_table;
};

/// How one database spells schema changes.
class STRATA_API dialect {
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

    /// The statements for @p ops run in order from @p before, grouped into steps. Default:
    /// one step per operation, to_sql() with @p before advanced by apply(). SQLite merges
    /// consecutive operations that rebuild the same table into one step (one rebuild), so
    /// a revision that changes several columns of a table copies it once and never passes
    /// through an intermediate shape (a composite primary key changed column by column).
    [[nodiscard]] virtual std::vector<planned_step> plan(std::span<const operation> ops,
                                                         const schema& before) const;
    /// The statements of plan(), in order: what offline (--sql) mode prints.
    [[nodiscard]] std::vector<std::string> sequence_sql(std::span<const operation> ops,
                                                        const schema& before) const;
    /// The frame a revision that rebuilds tables runs in. Default: empty.
    [[nodiscard]] virtual rebuild_frame frame_for_rebuild() const;
    /// Whether schema changes roll back with a transaction (SQLite, PostgreSQL). Without
    /// (MySQL, MariaDB: every DDL statement commits on its own), the migrator records each
    /// statement of a revision as it runs, so that a run killed half-way is continued
    /// where it stopped, never repeated (docs/commands.md). Default: true.
    [[nodiscard]] virtual bool transactional_ddl() const { return true; }
    /// An SQL expression for the current UTC time with milliseconds, for the history
    /// table's applied_at: the database's clock, so that offline (--sql) scripts record the
    /// time they run. Default: CURRENT_TIMESTAMP.
    [[nodiscard]] virtual std::string current_timestamp_sql() const;

    /// @p identifier in double quotes, inner quotes doubled (MySQL: backquotes).
    [[nodiscard]] virtual std::string quote_identifier(std::string_view identifier) const;
    /// @p text as a single-quoted SQL string literal, inner quotes doubled (MySQL also
    /// escapes backslashes, which its default sql_mode reads as escapes).
    [[nodiscard]] virtual std::string quote_literal(std::string_view text) const;
};

} // namespace strata
