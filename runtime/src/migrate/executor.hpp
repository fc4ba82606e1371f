#pragma once
/// @file
/// The one migration executor. Online mode (migrator.cpp, run.cpp) and offline mode
/// (offline.cpp) both run a revision through execute_revision(); only the statement sink
/// differs: the database sink executes each statement on the connection, the script sink
/// writes it into an sql_step. So the script `upgrade --sql` prints is, by construction,
/// what a migration executes, in the same order, with the same bookkeeping.
///
/// A revision step is plan → run → bookkeep:
///     sink.begin_revision(rev)
///     [sink.commit()]                      ends the choosing transaction (not transactional)
///     sink.statement(0, sql) ...           the revision's statements, numbered from 0
///     sink.check(sql) ...                  the rebuild frame's checks, when it is entered
///     [sink.begin()]                       (not transactional) the bookkeeping transaction
///     sink.bookkeeping(sql) ...            version rows, then the history row
///     sink.end_revision(rev)               online: COMMIT (per-revision transactions)
///
/// A backend without transactional DDL (MariaDB) extends its sink, not the executor: the
/// statement index numbers the revision's statements in a stable order, so a sink may
/// record "statement i of revision R done" after each statement() (in a progress table,
/// from begin_revision() to end_revision()) and report it when a later run finds the
/// revision half-applied.

#include "strata/dialect.hpp"
#include "strata/error.hpp"
#include "strata/operations.hpp"
#include "strata/revision.hpp"
#include "strata/schema.hpp"

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace strata::detail {

/// Where the executor's statements go: a database (online) or a script (offline).
class statement_sink {
public:
    statement_sink() = default;
    statement_sink(const statement_sink&) = delete;
    statement_sink& operator=(const statement_sink&) = delete;
    virtual ~statement_sink() = default;

    /// Revision @p rev starts; its statements follow.
    virtual void begin_revision(const revision& rev) = 0;
    /// Runs (or writes) the revision's statement number @p index, counted from 0 over
    /// everything statement() receives for this revision.
    virtual void statement(std::size_t index, const std::string& sql) = 0;
    /// A query that must return no rows (the rebuild frame's foreign key checks).
    virtual void check(const std::string& sql) = 0;
    /// One statement of the version or history table's bookkeeping.
    virtual void bookkeeping(const std::string& sql) = 0;
    /// The revision's work and bookkeeping are done.
    virtual void end_revision(const revision& rev) = 0;
    /// COMMIT and BEGIN around a revision that runs outside a transaction.
    virtual void commit() = 0;
    virtual void begin() = 0;

    /// The schema the database has now, to plan against. @p modelled is the executor's
    /// own idea of it (the schema before the revision with apply() of its operations so
    /// far); online mode reads the catalogue instead.
    [[nodiscard]] virtual schema read_schema(schema modelled) = 0;
    /// Objects the schema model does not describe on @p table (SQLite triggers), recreated
    /// after a rebuild of the table; a script cannot know them.
    [[nodiscard]] virtual std::vector<std::string> unmodelled_objects(const std::string& table) = 0;
    /// apply() of an operation failed on the executor's schema @p e: online mode reads the
    /// database again (the model disagreed with it); offline mode has nothing else and
    /// rethrows.
    virtual void model_disagrees(const error& e) = 0;
    /// How long the revision took, for the history row (offline: 0, unknowable).
    [[nodiscard]] virtual std::chrono::milliseconds elapsed() const = 0;
};

/// One revision to run, as the caller chose it.
struct revision_step {
    const revision* rev = nullptr;
    bool is_upgrade = true;
    /// operations_of(*rev, is_upgrade).
    std::vector<operation> ops;
    /// The version table's rows before and after the revision.
    std::vector<std::string> before;
    std::vector<std::string> after;
    /// The build manifest's digest for the rows after (online, at the build's heads).
    std::optional<std::string> digest;
    /// fingerprint(ops), recorded in the history row.
    std::string checksum;
    /// A squash step's history rows instead: each revision it replaces with that
    /// revision's own checksum, so the history reads as if they had run one by one.
    std::vector<std::pair<std::string, std::string>> recorded_as = {};
};

/// The bookkeeping tables' names (unquoted).
struct bookkeeping_tables {
    std::string version_table;
    std::string history_table;
};

/// The schema the executor plans against, carried from one revision to the next.
struct schema_state {
    schema current;
    /// True when @c current must be read again (sink.read_schema()) before planning: at
    /// the start, after hand-written SQL, after a rebuild or when apply() failed.
    bool stale = true;
};

/// Where a revision step is, for the caller's error message.
struct step_progress {
    /// The statement being run, empty while planning.
    std::string running;
};

/// How a revision step ended.
enum class step_result {
    /// Statements and bookkeeping done.
    done,
    /// It needs the dialect's rebuild frame (it rebuilds a table, or runs outside a
    /// transaction on a dialect with a frame) and @p frame_active was false: nothing was
    /// committed; the caller discards what the sink received and runs the step again with
    /// the frame entered.
    needs_frame,
};

/// Runs @p step into @p sink: plans each run of modelled operations with
/// dialect::plan() on @p state, runs hand-written SQL as it is, then the frame's checks and
/// the bookkeeping. @p frame is the dialect's frame_for_rebuild(); @p frame_active whether
/// the caller has entered it. Errors from the sink, plan() and apply() propagate.
[[nodiscard]] step_result execute_revision(statement_sink& sink, const dialect& d,
                                           const revision_step& step,
                                           const bookkeeping_tables& tables,
                                           const rebuild_frame& frame, bool frame_active,
                                           schema_state& state, step_progress& progress);

} // namespace strata::detail
