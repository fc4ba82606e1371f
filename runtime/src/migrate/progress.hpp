#pragma once
/// @file
/// Crash-safe revisions on a database without transactional DDL (MySQL, MariaDB), where
/// every DDL statement commits on its own and a revision of several statements can be
/// interrupted half-way. The progress sink wraps the online sink (run.cpp) and records
/// each statement of the revision in the progress table (`<version_table>_progress`):
///
///  - a DDL statement gets a row 'running' before it runs and 'done' after;
///  - a data statement (INSERT, UPDATE, DELETE, ...: InnoDB rolls it back) runs in one
///    transaction with its 'done' row, so it is recorded exactly when it took effect;
///  - the bookkeeping (version rows, history row) deletes the revision's rows in its own
///    transaction, so the table is empty between revisions.
///
/// A run that finds rows of the revision it is about to run continues it: statements
/// 'done' are skipped; the one 'running' when the previous run died is looked for in the
/// database (a generated operation's effect is visible in the catalogue: effect_of()). Found,
/// it is recorded 'done'; absent, it runs; undecidable (hand-written DDL), the run stops
/// with an error naming the revision, the statement and its state, and the two SQL
/// statements that resolve it. No statement that ran is ever run again. docs/commands.md
/// ("Revisions on MySQL and MariaDB") states the guarantee for users.

#include "executor.hpp"
#include "strata/connection.hpp"
#include "strata/migrator.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strata::detail {

/// CREATE TABLE IF NOT EXISTS of the progress table @p table (unquoted name).
[[nodiscard]] std::string create_progress_table_sql(const dialect& d, std::string_view table);

/// Whether @p sql changes data only (INSERT, UPDATE, DELETE, REPLACE, SELECT, ...), which a
/// transaction rolls back on MySQL, rather than the schema, which it does not.
[[nodiscard]] bool is_data_statement(std::string_view sql);

/// Throws strata::revision_error when the progress table of @p tables holds an interrupted
/// revision: a run that has nothing (else) to do must not end as if the database were at
/// its target. Does nothing when the table does not exist.
void refuse_interrupted(connection& db, const bookkeeping_tables& tables);

/// Whether an operation's effect shows in a database.
enum class effect { present, absent, unknown };

/// Whether @p op has taken effect in the database behind @p db, whose schema is @p now
/// (introspected): a table, column, index or constraint it creates exists, one it drops
/// does not, a column it changes reads back as its new definition (strata::canonical_form())
/// rather than its old one. unknown for hand-written SQL, and when neither state matches.
[[nodiscard]] effect effect_of(connection& db, const operation& op, const schema& now);

/// The statement sink of a revision on a database without transactional DDL: @p inner
/// (the database sink) with every statement recorded in the progress table (see above).
class progress_sink final : public statement_sink {
public:
    /// Records the statements of @p step on @p db in `<tables.version_table>_progress`;
    /// @p options.log receives the lines a resumed revision writes (may be empty).
    /// @p prepared: an earlier step of this run, under the same migration lock, made the
    /// progress table and cleared the version table's digest, and none wrote one since.
    progress_sink(statement_sink& inner, connection& db, const revision_step& step,
                  const bookkeeping_tables& tables, const migrate_options& options, bool prepared);

    /// Creates the progress table if missing and clears the build digest (unless
    /// prepared), reads what an interrupted run recorded, and refuses to start when it
    /// belongs to another revision or direction, or the revision's operations changed since.
    void begin_revision(const revision& rev) override;
    /// Runs statement @p index, recorded; skips it when recorded 'done'.
    void statement(std::size_t index, const std::string& sql) override;
    void check(const std::string& sql) override { m_inner.check(sql); }
    void bookkeeping(const std::string& sql) override { m_inner.bookkeeping(sql); }
    /// Deletes the revision's progress rows with the bookkeeping, then ends the revision.
    void end_revision(const revision& rev) override;
    void commit() override { m_inner.commit(); }
    void begin() override { m_inner.begin(); }
    [[nodiscard]] schema read_schema(schema modelled) override {
        return m_inner.read_schema(std::move(modelled));
    }
    [[nodiscard]] std::vector<std::string> unmodelled_objects(const std::string& table) override {
        return m_inner.unmodelled_objects(table);
    }
    void model_disagrees(const error& e) override { m_inner.model_disagrees(e); }
    [[nodiscard]] std::chrono::milliseconds elapsed() const override { return m_inner.elapsed(); }

private:
    /// What an earlier run recorded of this revision.
    struct recorded {
        /// The statements recorded 'done', by index.
        std::vector<std::size_t> done;
        /// The statement recorded 'running' (its outcome unknown), if any.
        std::optional<std::size_t> running;
        std::string running_sql;
    };
    [[nodiscard]] bool was_done(std::size_t index) const;
    /// Decides what the statement recorded 'running' did; true when it took effect.
    [[nodiscard]] bool running_took_effect(std::size_t index, const std::string& sql);
    /// Records statement @p index in @p state, and the pending 'done' with it.
    void write_state(std::size_t index, std::string_view state, const std::string& sql);
    /// Whether effect_of() can tell if statement @p index ran: a generated operation's.
    [[nodiscard]] bool effect_is_decidable(std::size_t index, const std::string& sql) const;
    void forget(std::size_t index);
    // Turns statement @p index's 'running' record into 'done' in one statement: a kill
    // between a DELETE and an INSERT would leave a DDL statement that ran unrecorded.
    void mark_done(std::size_t index);
    /// Writes the pending 'done' (m_pending_done) on its own, if there is one.
    void write_pending_done();
    [[nodiscard]] std::string where_revision() const;
    [[nodiscard]] std::string resolve_hint(std::size_t index) const;
    void log(const std::string& line) const;

    statement_sink& m_inner;
    connection& m_db;
    const revision_step& m_step;
    std::string m_table;
    std::string m_version_table;
    const migrate_options& m_options;
    bool m_prepared;
    recorded m_recorded;
    /// A DDL statement that ran and is still recorded 'running': its 'done' is written with
    /// the next record (one commit instead of two), or deleted with the revision's rows.
    std::optional<std::size_t> m_pending_done;
    std::string m_pending_sql;
};

} // namespace strata::detail
