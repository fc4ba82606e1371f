#pragma once
/// @file
/// The migrator: brings a database to a target revision, one revision per transaction.

#include "strata/build_manifest.hpp"
#include "strata/connection.hpp"
#include "strata/export.hpp"
#include "strata/revision.hpp"
#include "strata/revision_graph.hpp"

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace strata {

/// Settings for a migration run.
struct STRATA_API migrate_options {
    /// Table that records the applied revision(s), like alembic_version. Left at this
    /// default, a migrator over the registered revisions uses the `version_table` of the
    /// migrations directory's strata.ini, which add_migrations() compiles into the build
    /// manifest, so the application and its migrate tool agree; any other value wins.
    std::string version_table = "strata_version";
    /// Table that records every revision applied, reverted or accepted: revision,
    /// direction, checksum of its operations, applied_at (UTC), duration_ms.
    std::string history_table = "strata_history";
    /// At upgrade and downgrade, refuse to run when an applied revision's operations no
    /// longer match the checksum recorded when it was applied (the revision file was edited
    /// afterwards). stamp() runs no revision and checks nothing, as Alembic's stamp.
    /// false skips the check and records the current checksums as accepted, so the next
    /// run with the check on passes: the explicit "yes, the database matches" override
    /// (the migrate tool's `--ignore-checksums`).
    bool verify_checksums = true;
    /// How the refusal of an edited revision tells the operator to accept it (the migrate
    /// tool names its `--ignore-checksums`).
    std::string checksum_override = "migrate once with migrate_options::verify_checksums = false";
    /// Receives one line per revision applied or reverted; quiet when empty.
    std::function<void(std::string_view line)> log;
    /// How long upgrade_to_head() waits for another instance's lock on the database.
    /// Every run (upgrade or downgrade) first takes the connection's migration lock
    /// (connection::lock_migrations(), a PostgreSQL advisory lock) with this bound, and
    /// throws strata::lock_timeout_error when it expires.
    std::chrono::milliseconds lock_timeout = std::chrono::seconds(120);
    /// PostgreSQL: how long a revision's statement may wait for a table lock another
    /// transaction holds (connect_options::ddl_lock_timeout, used by upgrade_to_head()).
    std::chrono::milliseconds ddl_lock_timeout = std::chrono::seconds(5);
    /// How often a transactional revision whose statement ran out of ddl_lock_timeout is
    /// rolled back and tried again (with a growing pause) before the run fails.
    int ddl_lock_retries = 3;
    /// PostgreSQL schema (namespace) for the version table and the models' tables,
    /// created if missing; empty keeps the connection's own (`public`, or `?schema=` in
    /// the URL). SQLite has no schemas and refuses a non-empty value.
    std::string schema;
    /// A database without a version table and without tables is created at the target
    /// in one transaction: the schema the revisions produce is computed in memory and
    /// created with one CREATE TABLE per table, and the version and history tables get
    /// the rows a replay writes (one `upgrade` row per revision, with its checksum).
    /// Revisions are replayed one by one instead when one on the way runs hand-written SQL
    /// (op.execute) or runs outside a transaction, or when foreign keys form a cycle.
    /// false always replays.
    bool create_fresh_at_head = true;
    /// True (the default): each revision commits in its own transaction with its version
    /// and history rows, so a failure leaves the database at the previous revision.
    /// false: the whole run is one transaction (Alembic's transaction_per_migration=False),
    /// all or nothing: a failure rolls back every revision the run applied. Both SQLite
    /// and PostgreSQL have transactional DDL; on SQLite a run that may rebuild tables keeps
    /// foreign key enforcement off for the whole run and checks the keys before each
    /// revision's bookkeeping, as it does per revision. A revision with transactional =
    /// false cannot be part of such a run (an error before anything changes).
    bool transaction_per_migration = true;
};

/// What a run did.
struct STRATA_API migration_report {
    /// Revision ids applied (upgrade) or reverted (downgrade), in order.
    std::vector<std::string> steps;
    /// Head revision id(s) the database is at afterwards; empty at base.
    std::vector<std::string> current;
};

/// Applies compiled revisions to one database connection.
class STRATA_API migrator {
public:
    /// Works with every revision registered in this program (registered_revisions()) and
    /// the build manifest add_migrations() compiled in with them: the build has checked
    /// their graph, so it is only built here when a run needs it, and a database already
    /// at head that recorded the manifest's digest is recognised with one query.
    explicit migrator(connection& db, migrate_options options = {});
    /// Works with @p revisions, checked here: throws strata::revision_error if they do not
    /// form a valid graph. Without a build manifest every start-up at head verifies the
    /// applied revisions' checksums one by one.
    migrator(connection& db, std::vector<revision> revisions, migrate_options options = {});

    /// Revision ids recorded in the version table; empty for a new database.
    [[nodiscard]] std::vector<std::string> current();
    /// Upgrades to @p target: "head" (there must be exactly one), "heads", or a revision
    /// id (a unique prefix is enough). Each revision runs in its own transaction.
    migration_report upgrade(std::string_view target = "head");
    /// Downgrades to @p target: "base", "-N", or a revision id.
    migration_report downgrade(std::string_view target);
    /// Records @p target (any target revision_graph::resolve() accepts) in the version table
    /// without running any revision: adopts a database whose schema is already there. Works
    /// on a database at an unknown revision too; that is how one recovers from it. With
    /// @p purge, every row of the version table is deleted first, whatever it holds (the
    /// migrate tool's `stamp --purge`, Alembic's), and relative targets count from base.
    migration_report stamp(std::string_view target, bool purge = false);

    /// The checked revision graph the migrator works from (built on first use).
    [[nodiscard]] const revision_graph& graph() const;

private:
    /// Chooses the next revision to apply or revert, given the applied revisions in
    /// topological order; nullptr when the target is reached.
    using step_picker = std::function<const revision*(const std::vector<std::string>& applied)>;

    /// Brings a new database (no version table, no tables) to the revisions @p required
    /// (topologically ordered) in one transaction, or returns std::nullopt when the
    /// database is not new or a revision needs replaying (migrate_options::
    /// create_fresh_at_head says when). In fresh_database.cpp.
    std::optional<migration_report> create_at_head(const std::vector<std::string>& required);
    /// Runs one transaction per step until @p next_step returns nullptr. In run.cpp, with
    /// the helpers below; each step goes through the one executor (executor.hpp).
    migration_report run(bool is_upgrade, const step_picker& next_step);
    /// What a run carries from one step to the next, and the step it chose (run.cpp).
    struct run_state;
    struct chosen_step;
    /// Under the write lock: where the database is, the checksums of what is applied, and
    /// the next revision. false when the run is over (committed, the report filled in).
    bool choose_step(run_state& run, const step_picker& next_step, chosen_step& step);
    /// The end of a run at the target: records the build digest when due, commits.
    void finish_run(run_state& run, std::vector<std::string> stored, bool stored_digest_matches,
                    const std::vector<std::string>& applied, bool have_versions);
    /// Runs @p step on the database. When it needs the rebuild frame, or a statement ran
    /// out of lock time and it is retried, it rolls back and the run chooses again.
    void run_step(run_state& run, chosen_step& step);
    /// After @p step committed: what the next step may reuse, and the log line.
    void step_done(run_state& run, chosen_step& step, std::chrono::milliseconds elapsed);
    /// The version table's rows as read in one query.
    struct stored_versions {
        /// version_num of every row, sorted.
        std::vector<std::string> ids;
        /// True when every row carries the build manifest's digest (see at_build_head()).
        bool digest_matches = false;
    };
    /// Reads the version table; @p with_digest when it is known to have the digest column.
    stored_versions read_versions(bool with_digest);
    /// The revisions @p versions implies are applied, ancestors included, in topological
    /// order. Throws strata::revision_error for a revision the graph lacks.
    std::vector<std::string> applied_revisions(const std::vector<std::string>& versions);
    std::vector<std::string> applied_revisions();
    /// The squash step (revision_graph::squash_steps()) to run instead of @p next, the first
    /// missing revision of @p required, when it replaces @p next and none of what it replaces
    /// is @p applied; otherwise @p next.
    const revision* squash_or(const revision* next,
                              const std::unordered_set<std::string_view>& applied,
                              const std::vector<std::string>& required) const;
    /// True when the database is at the manifest's heads and recorded its digest: every
    /// applied revision was verified or applied from byte-identical files, so there is
    /// nothing to check. One query, no lock; false (never an error) when unsure.
    bool at_build_head();
    /// Changes the version rows from @p before to @p after (detail::version_rows_sql()).
    void write_version_rows(const std::vector<std::string>& before,
                            const std::vector<std::string>& after,
                            const std::optional<std::string>& digest);
    /// After a read-only check found the database at @p verified, the build's heads:
    /// records the digest if the write lock is free this instant and writing is allowed;
    /// otherwise leaves it (the start-up never waits or fails for it).
    void try_record_digest(const std::vector<std::string>& verified);
    /// The digest to record with the version rows @p after: the manifest's when they are
    /// its heads, none otherwise.
    [[nodiscard]] std::optional<std::string> digest_for(std::vector<std::string> after) const;
    /// BEGIN with the database's write lock, or a clear error when the wait times out.
    void lock();
    /// connection::lock_migrations() with lock_timeout, saying first when it must wait.
    void take_migration_lock();
    /// Logs, once per migrator, that it waits for @p what and for how long at most.
    void log_wait(std::string_view what);
    /// Creates the version and history tables when missing, and the version table's
    /// digest column (inside the transaction). Returns whether the version table exists.
    bool ensure_bookkeeping(bool is_upgrade);
    /// Compares each applied revision's checksum with the recorded one (see
    /// migrate_options::verify_checksums).
    void verify_checksums(const std::vector<std::string>& applied);
    /// The fingerprint of @p rev's upgrade operations, computed once.
    const std::string& upgrade_checksum(const revision& rev);
    /// Appends a row to the history table.
    void record_history(const std::string& revision_id, std::string_view direction,
                        const std::string& checksum, std::chrono::milliseconds duration);

    connection& m_db;
    /// The registered revisions, when the graph is built lazily from them.
    const std::vector<revision>* m_registered = nullptr;
    mutable std::optional<revision_graph> m_graph;
    const build_manifest* m_manifest = nullptr;
    migrate_options m_options;
    std::map<std::string, std::string, std::less<>> m_checksums;
    /// Whether log_wait() has spoken: a waiting starter says so once, not per step.
    bool m_said_waiting = false;
};

/// Opens @p url and upgrades it to head with every registered revision: the one call an
/// application makes at start-up. When the build manifest has several heads (independent
/// branches, which add_migrations() accepts only when declared with branch labels), to
/// every head.
STRATA_API migration_report upgrade_to_head(std::string_view url, migrate_options options = {});

} // namespace strata
