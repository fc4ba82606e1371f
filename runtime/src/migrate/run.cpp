// migrator::run(): the online half of the executor (executor.hpp). A run takes the
// migration lock, then for each step chooses the next revision under the write lock
// (choose_step), runs it through execute_revision() into the database sink (run_step) and
// carries what the next step may reuse (step_done). Offline mode (offline.cpp) runs the
// same executor into a script.

#include "bookkeeping.hpp"
#include "executor.hpp"
#include "progress.hpp"
#include "strata/detail/progress_table.hpp"
#include "strata/error.hpp"
#include "strata/fingerprint.hpp"
#include "strata/introspect.hpp"
#include "strata/migrator.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <set>
#include <thread>

namespace strata {
namespace {
using detail::describe;
using detail::parents_or_base;

// A revision's failure, wrapped so the operator sees which revision and which statement.
[[noreturn]] void fail_step(const revision& rev, std::string_view cause, std::string statement,
                            std::string sqlstate = {}) {
    std::string message = fmt::format("{} failed: {}", describe(rev), cause);
    if (!statement.empty()) {
        message += fmt::format("\n    while running: {}", statement);
    }
    throw migration_error(message, rev.id, std::move(statement), std::move(sqlstate));
}

// Keeps a dialect's rebuild_frame: before_begin when entered, after_end when left, also
// when the step fails, so the connection never keeps foreign keys off.
class frame_guard {
public:
    frame_guard(connection& db, rebuild_frame frame) : m_db(db), m_frame(std::move(frame)) {}
    frame_guard(const frame_guard&) = delete;
    frame_guard& operator=(const frame_guard&) = delete;
    ~frame_guard() {
        if (m_active) {
            try {
                leave();
            } catch (...) { // NOLINT(bugprone-empty-catch): already failing; keep that error
            }
        }
    }
    [[nodiscard]] bool active() const { return m_active; }
    [[nodiscard]] bool needed() const { return !m_frame.before_begin.empty(); }
    [[nodiscard]] const rebuild_frame& frame() const { return m_frame; }
    void enter() {
        m_active = true;
        for (const auto& sql : m_frame.before_begin) {
            m_db.execute(sql);
        }
    }
    void leave() {
        if (!m_active) {
            return;
        }
        m_active = false;
        for (const auto& sql : m_frame.after_end) {
            m_db.execute(sql);
        }
    }

private:
    connection& m_db;
    rebuild_frame m_frame;
    bool m_active = false;
};

// The executor's sink for online mode: every statement runs on the connection.
class database_sink final : public detail::statement_sink {
public:
    database_sink(connection& db, const migrate_options& options, bool one_transaction)
        : m_db(db), m_options(options), m_one_transaction(one_transaction) {}

    void begin_revision(const revision& /*rev*/) override {
        m_started = std::chrono::steady_clock::now();
    }
    void statement(std::size_t /*index*/, const std::string& sql) override { m_db.execute(sql); }
    void check(const std::string& sql) override {
        const auto violations = m_db.query(sql);
        if (!violations.empty()) {
            const auto& v = violations.front();
            throw error(fmt::format(
                "foreign key check failed after rebuilding tables: {} row(s) break a foreign "
                "key, the first in table '{}' (rowid {}) refers to a missing row of '{}'; "
                "nothing was changed: fix or delete those rows (in an earlier revision), then "
                "migrate again",
                violations.size(), v.at(0).value_or("?"), v.at(1).value_or("?"),
                v.size() > 2 ? v.at(2).value_or("?") : "?"));
        }
    }
    void bookkeeping(const std::string& sql) override { m_db.execute(sql); }
    void end_revision(const revision& /*rev*/) override {
        if (!m_one_transaction) {
            m_db.commit();
        }
    }
    void commit() override { m_db.commit(); }
    void begin() override { m_db.begin_exclusive(); }
    schema read_schema(schema /*modelled*/) override {
        // The database as it is: hand-written SQL may have changed anything.
        return introspect(m_db, m_options.version_table, m_options.history_table);
    }
    std::vector<std::string> unmodelled_objects(const std::string& table) override {
        return strata::unmodelled_objects(m_db, table);
    }
    void model_disagrees(const error& /*e*/) override {
        // The executor reads the catalogue again before planning on.
    }
    std::chrono::milliseconds elapsed() const override {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - m_started);
    }

private:
    connection& m_db;
    const migrate_options& m_options;
    bool m_one_transaction;
    std::chrono::steady_clock::time_point m_started = std::chrono::steady_clock::now();
};

} // namespace

struct migrator::run_state {
    run_state(connection& db, bool upgrading, bool one)
        : frame(db, db.sql_dialect().frame_for_rebuild()), is_upgrade(upgrading),
          one_transaction(one) {}
    frame_guard frame;
    bool is_upgrade;
    // migrate_options::transaction_per_migration = false: one transaction for the whole
    // run. A rebuild's frame cannot be entered inside it, so it is entered up front.
    bool one_transaction;
    bool want_frame = false;
    bool in_transaction = false;
    // The schema as the previous step of this run committed it, and the version rows that
    // step wrote: the next step starts from it instead of reading the catalogue again,
    // unless another instance moved the database on in between (the rows then differ).
    std::optional<schema> committed_schema;
    std::vector<std::string> committed_versions;
    // The revisions those rows imply, so that the next step, finding the rows unchanged,
    // need not walk the graph (which would make a long run quadratic).
    std::optional<std::vector<std::string>> committed_applied;
    // The applied revisions whose checksums this run verified (or applied itself).
    std::set<std::string, std::less<>> checked;
    // Whether the bookkeeping tables were checked (and made) in a committed step of this
    // run, and whether the version table exists then: later steps skip the catalogue.
    std::optional<bool> versions_exist;
    // Without transactional DDL: a committed step of this run made the progress table and
    // cleared the version table's digest, and no step since wrote a digest (progress.hpp).
    bool progress_prepared = false;
    // Revisions rolled back and tried again because a statement ran out of lock time.
    int lock_retries = 0;
    migration_report report;
};

struct migrator::chosen_step {
    const revision* rev = nullptr;
    // The version rows before and after the revision, and every revision applied after it.
    std::vector<std::string> before;
    std::vector<std::string> after;
    std::vector<std::string> applied;
    // What ensure_bookkeeping() found in this step's transaction, if it ran.
    std::optional<bool> ensured_now;
    // Adds what the revision applies to @c applied: a squash step, everything it replaces.
    void add_applied() {
        if (detail::is_squash_step(*rev)) {
            applied.insert(applied.end(), rev->replaces.begin(), rev->replaces.end());
        } else {
            applied.push_back(rev->id);
        }
    }
};

migration_report migrator::run(bool is_upgrade, const step_picker& next_step) {
    // One migrator at a time for the whole run, across its transactions (and around
    // revisions that run outside one); released however the run ends.
    take_migration_lock();
    struct unlock_on_exit {
        connection& db;
        ~unlock_on_exit() { db.unlock_migrations(); }
    } unlock{m_db};
    run_state run(m_db, is_upgrade, !m_options.transaction_per_migration);
    if (run.one_transaction && run.frame.needed()) {
        run.frame.enter();
    }
    for (;;) {
        chosen_step step;
        if (!choose_step(run, next_step, step)) {
            return std::move(run.report);
        }
        run_step(run, step);
    }
}

bool migrator::choose_step(run_state& run, const step_picker& next_step, chosen_step& step) {
    if (run.want_frame && !run.frame.active()) {
        run.frame.enter(); // before BEGIN: SQLite ignores PRAGMA foreign_keys in a transaction
    }
    if (!run.in_transaction) {
        lock();
        run.in_transaction = run.one_transaction;
    }
    try {
        if (!run.versions_exist) {
            step.ensured_now = ensure_bookkeeping(run.is_upgrade);
        }
        // Read under the write lock: another instance may have moved the database on
        // since this one last looked.
        const bool have_versions = run.versions_exist.value_or(step.ensured_now.value_or(false));
        stored_versions stored = have_versions ? read_versions(true) : stored_versions{};
        // Unchanged since this run's last step: every applied revision was checked or
        // applied by this run.
        const bool unchanged = run.committed_applied && stored.ids == run.committed_versions;
        step.applied =
            unchanged ? std::move(*run.committed_applied) : applied_revisions(stored.ids);
        run.committed_applied.reset();
        if (!unchanged) {
            // A downgrade checks too: it runs the code of the revisions it reverts, which
            // must be the code the database was given. Each applied revision is checked
            // once per run: those this run applied itself, or checked in an earlier step,
            // need no second look.
            std::vector<std::string> unchecked;
            std::copy_if(step.applied.begin(), step.applied.end(), std::back_inserter(unchecked),
                         [&](const std::string& id) { return !run.checked.contains(id); });
            if (!unchecked.empty()) {
                verify_checksums(unchecked);
                run.checked.insert(unchecked.begin(), unchecked.end());
            }
        }
        step.rev = next_step(step.applied);
        if (step.rev == nullptr && !m_db.sql_dialect().transactional_ddl()) {
            detail::refuse_interrupted(m_db, {m_options.version_table, m_options.history_table});
        }
        if (step.rev == nullptr) {
            finish_run(run, std::move(stored.ids), stored.digest_matches, step.applied,
                       have_versions);
            return false;
        }
        if (!step.rev->transactional && run.one_transaction) {
            throw revision_error(fmt::format(
                "{} runs outside a transaction (transactional = false), so it cannot be part of "
                "a run in one transaction; nothing was changed: migrate without the single "
                "transaction (transaction_per_migration = true)",
                describe(*step.rev)));
        }
        // The rows as stored, so that a redundant row (say, a stamped ancestor of another
        // row) is replaced too rather than left behind.
        step.before = std::move(stored.ids);
        if (run.is_upgrade && unchanged) {
            // The rows are the heads of what is applied (this run wrote them), and the new
            // revision's parents are among it: it replaces them.
            const auto& parents = step.rev->down_revisions;
            step.after = step.before;
            std::erase_if(step.after, [&](const std::string& id) {
                return std::find(parents.begin(), parents.end(), id) != parents.end();
            });
            step.after.push_back(step.rev->id);
            std::sort(step.after.begin(), step.after.end());
            step.add_applied();
        } else {
            if (run.is_upgrade) {
                step.add_applied();
            } else {
                std::erase(step.applied, step.rev->id);
            }
            step.after = graph().heads_of(step.applied);
        }
    } catch (...) {
        m_db.rollback();
        throw;
    }
    return true;
}

void migrator::finish_run(run_state& run, std::vector<std::string> stored,
                          bool stored_digest_matches, const std::vector<std::string>& applied,
                          bool have_versions) {
    // Verified (or accepted) and at the build's heads: record the digest, so that the next
    // start-up is one query (a database from before the digest, a stamped one, or one whose
    // revision files were reformatted). Redundant rows (a stamped ancestor of a head) go, or
    // the rows would never match.
    auto heads = graph().heads_of(applied);
    // Rows naming revisions a squash replaced (their files deleted) become the squash's.
    const bool replaced_rows = std::any_of(stored.begin(), stored.end(),
                                           [&](const auto& id) { return graph().replaced(id); });
    if (const auto digest = digest_for(heads);
        run.is_upgrade && have_versions &&
        ((digest && (!stored_digest_matches || stored != heads)) || replaced_rows)) {
        write_version_rows(stored, heads, digest);
        stored = std::move(heads);
    }
    m_db.commit();
    run.frame.leave();
    run.report.current = std::move(stored);
}

void migrator::run_step(run_state& run, chosen_step& step) {
    const revision& rev = *step.rev;
    detail::revision_step work;
    work.rev = &rev;
    work.is_upgrade = run.is_upgrade;
    try {
        work.ops = detail::operations_of(rev, run.is_upgrade);
    } catch (...) {
        m_db.rollback();
        throw;
    }
    work.before = step.before;
    work.after = step.after;
    work.digest = digest_for(step.after);
    work.checksum = fingerprint(work.ops);
    const bool squash = detail::is_squash_step(rev);
    if (squash) {
        for (const auto& id : rev.replaces) {
            work.recorded_as.emplace_back(id, upgrade_checksum(*graph().get(id)));
        }
    }

    // The schema the previous step committed, when the database is still where it left it.
    detail::schema_state shape;
    if (run.committed_schema && run.committed_versions == step.before) {
        shape.current = std::move(*run.committed_schema);
        shape.stale = false;
    }
    run.committed_schema.reset();

    // Said on failure: statements before the failing one stay applied.
    const bool recorded = !m_db.sql_dialect().transactional_ddl();
    const std::string outside =
        run.one_transaction ? "\n    the run was one transaction: every revision it applied was "
                              "rolled back with it"
        : recorded ? fmt::format("\n    {} has no transactional DDL: the statements before this "
                                 "one stay applied, recorded in '{}'; the next start continues "
                                 "with this statement and never runs them again",
                                 m_db.sql_dialect().name(),
                                 detail::progress_table_name(m_options.version_table))
        : rev.transactional ? ""
                            : "\n    the revision runs outside a transaction: statements before "
                              "this one stay applied, and the next start runs it again from "
                              "the top";
    const detail::bookkeeping_tables tables{m_options.version_table, m_options.history_table};
    database_sink sink(m_db, m_options, run.one_transaction);
    // Without transactional DDL every statement is recorded as it runs (progress.hpp).
    std::optional<detail::progress_sink> recording;
    if (recorded) {
        recording.emplace(sink, m_db, work, tables, m_options, run.progress_prepared);
    }
    detail::statement_sink& target =
        recording ? static_cast<detail::statement_sink&>(*recording) : sink;
    detail::step_progress progress;
    try {
        const auto result =
            detail::execute_revision(target, m_db.sql_dialect(), work, tables, run.frame.frame(),
                                     run.frame.active(), shape, progress);
        if (result == detail::step_result::needs_frame) {
            m_db.rollback();
            run.want_frame = true;
            return;
        }
    } catch (const lock_timeout_error& e) {
        m_db.rollback();
        // A recorded revision is continued where it stopped, so it may be tried again too.
        if ((rev.transactional || recorded) && run.lock_retries < m_options.ddl_lock_retries) {
            // Rolled back whole: waiting no longer blocks the table's other users, and the
            // retry starts from the top like any new step.
            ++run.lock_retries;
            if (m_options.log) {
                m_options.log(
                    fmt::format("{}: a statement waited {} ms for a lock another transaction holds "
                                "(running: {}); rolled back, trying again ({} of {})",
                                describe(rev), m_options.ddl_lock_timeout.count(), progress.running,
                                run.lock_retries, m_options.ddl_lock_retries));
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(250) * run.lock_retries);
            return;
        }
        fail_step(rev,
                  fmt::format("{}{}\n    a statement waited longer than the lock timeout ({} ms) "
                              "for a lock another transaction holds on its table, {} time(s); "
                              "{}end the long transaction (pg_stat_activity shows it) or run "
                              "the migration when the table is quiet, or raise "
                              "ddl_lock_timeout / --ddl-lock-timeout",
                              e.what(), outside, m_options.ddl_lock_timeout.count(),
                              run.lock_retries + 1,
                              rev.transactional ? "nothing of this revision was applied: " : ""),
                  e.statement().empty() ? progress.running : e.statement(), e.sqlstate());
    } catch (const migration_error&) {
        m_db.rollback();
        throw; // names the revision and the statement already (progress.cpp)
    } catch (const revision_error&) {
        m_db.rollback();
        throw;
    } catch (const database_error& e) {
        m_db.rollback();
        fail_step(rev, e.what() + outside, e.statement().empty() ? progress.running : e.statement(),
                  e.sqlstate());
    } catch (const std::exception& e) {
        m_db.rollback();
        fail_step(rev, e.what() + outside, progress.running);
    }
    if (run.is_upgrade && !squash) {
        m_checksums.insert_or_assign(rev.id, std::move(work.checksum));
    }
    if (!shape.stale) {
        run.committed_schema = std::move(shape.current);
    }
    run.progress_prepared = recorded && !work.digest;
    step_done(run, step, sink.elapsed());
}

void migrator::step_done(run_state& run, chosen_step& step, std::chrono::milliseconds elapsed) {
    const revision& rev = *step.rev;
    if (!run.one_transaction) {
        run.frame.leave();
    }
    run.want_frame = false;
    if (step.ensured_now) {
        run.versions_exist = step.ensured_now;
    }
    run.committed_versions = step.after;
    run.committed_applied = std::move(step.applied);
    run.checked.insert(rev.id);
    if (detail::is_squash_step(rev)) {
        run.checked.insert(rev.replaces.begin(), rev.replaces.end());
    }

    run.report.steps.push_back(rev.id);
    if (m_options.log) {
        // One line per revision: a message of several lines shows its first.
        const auto message = std::string_view(rev.message).substr(0, rev.message.find('\n'));
        m_options.log(run.is_upgrade ? fmt::format("upgrade {} -> {}, {}{} ({} ms)",
                                                   parents_or_base(rev), rev.id, message,
                                                   detail::is_squash_step(rev)
                                                       ? fmt::format(" (squash of {} revisions)",
                                                                     rev.replaces.size())
                                                       : "",
                                                   elapsed.count())
                                     : fmt::format("downgrade {} -> {}, {} ({} ms)", rev.id,
                                                   parents_or_base(rev), message, elapsed.count()));
    }
}

} // namespace strata
