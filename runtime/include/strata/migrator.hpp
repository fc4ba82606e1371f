#pragma once
/// @file
/// The migrator: brings a database to a target revision, one revision per transaction.

#include "strata/connection.hpp"
#include "strata/revision.hpp"
#include "strata/revision_graph.hpp"

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace strata {

/// Settings for a migration run.
struct migrate_options {
    /// Table that records the applied revision(s), like alembic_version.
    std::string version_table = "strata_version";
    /// Table that records every revision applied, reverted or accepted: revision,
    /// direction, checksum of its operations, applied_at (UTC), duration_ms.
    std::string history_table = "strata_history";
    /// At upgrade, refuse to run when an applied revision's operations no longer match the
    /// checksum recorded when it was applied (the revision file was edited afterwards).
    /// false skips the check and records the current checksums as accepted, so the next
    /// run with the check on passes: the explicit "yes, the database matches" override
    /// (the migrate tool's `--ignore-checksums`).
    bool verify_checksums = true;
    /// Receives one line per revision applied or reverted; quiet when empty.
    std::function<void(std::string_view line)> log;
    /// How long upgrade_to_head() waits for another instance's lock on the database.
    /// Every run (upgrade or downgrade) first takes the connection's migration lock
    /// (connection::lock_migrations(), a PostgreSQL advisory lock) with this bound, and
    /// throws strata::lock_timeout_error when it expires.
    std::chrono::milliseconds lock_timeout = std::chrono::seconds(30);
    /// PostgreSQL schema (namespace) for the version table and the models' tables,
    /// created if missing; empty keeps the connection's own (`public`, or `?schema=` in
    /// the URL). SQLite has no schemas and refuses a non-empty value.
    std::string schema;
};

/// What a run did.
struct migration_report {
    /// Revision ids applied (upgrade) or reverted (downgrade), in order.
    std::vector<std::string> steps;
    /// Head revision id(s) the database is at afterwards; empty at base.
    std::vector<std::string> current;
};

/// Applies compiled revisions to one database connection.
class migrator {
public:
    /// @p revisions usually comes from strata::registered_revisions().
    /// Throws strata::revision_error if they do not form a valid graph.
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
    /// on a database at an unknown revision too; that is how one recovers from it.
    migration_report stamp(std::string_view target);

    /// The checked revision graph the migrator works from.
    [[nodiscard]] const revision_graph& graph() const { return m_graph; }

private:
    /// Chooses the next revision to apply or revert, given the applied revisions in
    /// topological order; nullptr when the target is reached.
    using step_picker = std::function<const revision*(const std::vector<std::string>& applied)>;

    /// Runs one transaction per step until @p next_step returns nullptr.
    migration_report run(bool is_upgrade, const step_picker& next_step);
    /// The revisions the version table implies are applied, ancestors included, in
    /// topological order. Throws strata::revision_error for a revision the graph lacks.
    std::vector<std::string> applied_revisions();
    /// BEGIN with the database's write lock, or a clear error when the wait times out.
    void lock();
    /// Creates the version and history tables when missing (inside the transaction).
    void ensure_bookkeeping(bool is_upgrade);
    /// Compares each applied revision's checksum with the recorded one (see
    /// migrate_options::verify_checksums).
    void verify_checksums(const std::vector<std::string>& applied);
    /// The fingerprint of @p rev's upgrade operations, computed once.
    const std::string& upgrade_checksum(const revision& rev);
    /// Appends a row to the history table.
    void record_history(const std::string& revision_id, std::string_view direction,
                        const std::string& checksum, std::chrono::milliseconds duration);

    connection& m_db;
    revision_graph m_graph;
    migrate_options m_options;
    std::map<std::string, std::string, std::less<>> m_checksums;
};

/// Opens @p url and upgrades it to head with every registered revision: the one call an
/// application makes at start-up.
migration_report upgrade_to_head(std::string_view url, migrate_options options = {});

} // namespace strata
