#include "strata/migrator.hpp"

#include "bookkeeping.hpp"
#include "strata/detail/text.hpp"
#include "strata/dialect.hpp"
#include "strata/error.hpp"
#include "strata/fingerprint.hpp"
#include "strata/introspect.hpp"
#include "strata/revision.hpp"

#include <algorithm>
#include <charconv>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <optional>
#include <set>
#include <span>
#include <thread>
#include <unordered_set>

namespace strata {
namespace {
using detail::describe;
using detail::operations_of;
using detail::parents_or_base;
using detail::quoted_list;

// A revision's failure, wrapped so the operator sees which revision and which statement.
[[noreturn]] void fail_step(const revision& rev, std::string_view cause, std::string statement,
                            std::string sqlstate = {}) {
    std::string message = fmt::format("{} failed: {}", describe(rev), cause);
    if (!statement.empty()) {
        message += fmt::format("\n    while running: {}", statement);
    }
    throw migration_error(message, rev.id, std::move(statement), std::move(sqlstate));
}

// Thrown inside a step that turns out to rebuild a table while the rebuild frame (SQLite:
// foreign keys off, which only works outside a transaction) is not in place yet.
struct frame_needed {};

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
    [[nodiscard]] const std::vector<std::string>& checks() const { return m_frame.checks; }
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

std::string first_chars(const std::string& checksum) {
    return checksum.substr(0, 12);
}
} // namespace

migrator::migrator(connection& db, migrate_options options)
    : m_db(db), m_registered(&registered_revisions()), m_manifest(registered_build_manifest()),
      m_options(std::move(options)) {
    if (m_manifest == nullptr) {
        (void)graph(); // unchecked by a build: check now, as the other constructor does
    } else if (!m_manifest->version_table.empty() &&
               m_options.version_table == migrate_options{}.version_table) {
        m_options.version_table = m_manifest->version_table; // strata.ini's
    }
    if (!m_options.schema.empty()) {
        m_db.use_schema(m_options.schema);
    }
}

migrator::migrator(connection& db, std::vector<revision> revisions, migrate_options options)
    : m_db(db), m_graph(std::in_place, std::move(revisions)), m_options(std::move(options)) {
    if (!m_options.schema.empty()) {
        m_db.use_schema(m_options.schema);
    }
}

const revision_graph& migrator::graph() const {
    if (!m_graph) {
        m_graph.emplace(*m_registered);
    }
    return *m_graph;
}

std::vector<std::string> migrator::current() {
    if (!m_db.has_table(m_options.version_table)) {
        return {};
    }
    return read_versions(false).ids;
}

migrator::stored_versions migrator::read_versions(bool with_digest) {
    stored_versions result;
    const auto table = m_db.sql_dialect().quote_identifier(m_options.version_table);
    const auto rows =
        m_db.query(with_digest ? fmt::format("SELECT version_num, chain_digest FROM {}", table)
                               : fmt::format("SELECT version_num FROM {}", table));
    result.digest_matches = with_digest && m_manifest != nullptr && !rows.empty();
    for (const auto& r : rows) {
        if (!r.empty() && r.front()) {
            result.ids.push_back(*r.front());
        }
        if (result.digest_matches && (r.size() < 2 || r[1] != m_manifest->digest)) {
            result.digest_matches = false;
        }
    }
    std::sort(result.ids.begin(), result.ids.end());
    return result;
}

bool migrator::at_build_head() {
    if (m_manifest == nullptr) {
        return false;
    }
    stored_versions stored;
    try {
        // No has_table() first: one query is the whole cost when the answer is yes. A
        // missing table, or one from before the digest column, fails; the full way then
        // finds out what is there.
        stored = read_versions(true);
    } catch (const database_error&) {
        return false;
    }
    return stored.digest_matches && stored.ids == m_manifest->heads;
}

std::optional<std::string> migrator::digest_for(std::vector<std::string> after) const {
    std::sort(after.begin(), after.end());
    if (m_manifest == nullptr || after != m_manifest->heads) {
        return std::nullopt;
    }
    return m_manifest->digest;
}

std::vector<std::string> migrator::applied_revisions() {
    return applied_revisions(current());
}

std::vector<std::string> migrator::applied_revisions(const std::vector<std::string>& versions) {
    for (const auto& id : versions) {
        if (graph().get(id) == nullptr) {
            // Never guess a downgrade path: the revision's code is not in this build.
            throw revision_error(fmt::format(
                "database is at revision '{}', which this application does not know: its file "
                "was deleted from versions/ after the database applied it, or the code is older "
                "than the database; restore the revision file (`git log --diff-filter=D -- "
                "<migrations>/versions` finds it) or deploy the newer build, or stamp the "
                "database to a revision this build knows if that is really intended",
                id));
        }
    }
    return graph().closure(versions);
}

void migrator::take_migration_lock() {
    if (!m_options.log) {
        m_db.lock_migrations(m_options.lock_timeout);
        return;
    }
    try {
        m_db.lock_migrations(std::chrono::milliseconds(0));
    } catch (const lock_timeout_error&) {
        log_wait("the migration lock");
        m_db.lock_migrations(m_options.lock_timeout);
    }
}

void migrator::log_wait(std::string_view what) {
    if (m_said_waiting || !m_options.log) {
        return;
    }
    m_said_waiting = true;
    m_options.log(fmt::format("waiting for {} on '{}': another instance is migrating it "
                              "(waiting up to {:g} s; lock_timeout sets the limit)",
                              what, m_db.display_url(),
                              static_cast<double>(m_options.lock_timeout.count()) / 1000.0));
}

void migrator::lock() {
    try {
        // Tried without waiting first, so that a starter that must wait says so once.
        if (m_options.log && !m_said_waiting && m_db.try_begin_exclusive()) {
            return;
        }
        if (m_options.log) {
            log_wait("the write lock");
        }
        m_db.begin_exclusive();
    } catch (const database_error& e) {
        throw database_error(
            fmt::format("cannot lock database '{}' for migrating: {}; another instance is "
                        "probably migrating it and held the lock longer than the lock timeout: "
                        "try again, or raise migrate_options::lock_timeout",
                        m_db.display_url(), e.what()),
            e.statement(), e.code());
    }
}

bool migrator::ensure_bookkeeping(bool is_upgrade) {
    const dialect& d = m_db.sql_dialect();
    const bool has_versions = m_db.has_table(m_options.version_table);
    if (is_upgrade && !has_versions) {
        m_db.execute(detail::create_version_table_sql(d, m_options.version_table));
    } else if (has_versions && !m_db.has_column(m_options.version_table, "chain_digest")) {
        // A version table from before build manifests gets the column at its next run.
        m_db.execute(detail::add_digest_column_sql(d, m_options.version_table));
    }
    // A database from before the history table gets one at its next migration.
    if ((is_upgrade || has_versions) && !m_db.has_table(m_options.history_table)) {
        m_db.execute(detail::create_history_table_sql(d, m_options.history_table));
    }
    return is_upgrade || has_versions;
}

const std::string& migrator::upgrade_checksum(const revision& rev) {
    auto it = m_checksums.find(rev.id);
    if (it == m_checksums.end()) {
        it = m_checksums.emplace(rev.id, fingerprint(operations_of(rev, true))).first;
    }
    return it->second;
}

void migrator::record_history(const std::string& revision_id, std::string_view direction,
                              const std::string& checksum, std::chrono::milliseconds duration) {
    m_db.execute(detail::history_row_sql(m_db.sql_dialect(), m_options.history_table, revision_id,
                                         direction, checksum, duration));
}

void migrator::verify_checksums(const std::vector<std::string>& applied) {
    if (!m_db.has_table(m_options.history_table)) {
        return;
    }
    // The latest upgrade or acceptance of each revision is what the database was given.
    std::map<std::string, std::pair<std::string, std::string>, std::less<>> recorded;
    // The latest row of each revision, to find one applied and never reverted.
    std::map<std::string, std::string, std::less<>> last_direction;
    for (const auto& r : m_db.query(
             fmt::format("SELECT revision, checksum, applied_at, direction FROM {} ORDER BY seq",
                         m_db.sql_dialect().quote_identifier(m_options.history_table)))) {
        const auto direction = r.at(3).value_or("");
        last_direction[r.at(0).value_or("")] = direction;
        if (direction == "upgrade" || direction == "accept") {
            recorded[r.at(0).value_or("")] = {r.at(1).value_or(""), r.at(2).value_or("")};
        }
    }
    // A revision the database applied and still has, whose code this build lacks: its file
    // was deleted (and the history rewired around it), so the schema has changes no
    // revision of this build describes.
    for (const auto& [id, direction] : last_direction) {
        if ((direction == "upgrade" || direction == "accept") && graph().get(id) == nullptr) {
            if (!m_options.verify_checksums) {
                // Accepted: a 'forget' row ends the revision's record, so the next start with
                // the check on passes.
                record_history(id, "forget", "", std::chrono::milliseconds(0));
                m_db.execute(detail::clear_digest_sql(m_db.sql_dialect(), m_options.version_table));
                if (m_options.log) {
                    m_options.log(fmt::format("forgot revision '{}', applied at {} but missing "
                                              "from this build",
                                              id, recorded[id].second));
                }
                continue;
            }
            throw revision_error(fmt::format(
                "the database applied revision '{}' at {}, which is missing from this build: "
                "its file was deleted from versions/ after the database applied it; restore the "
                "revision file (`git log --diff-filter=D -- <migrations>/versions` finds it), or, "
                "if the database really matches this build, migrate once with "
                "migrate_options::verify_checksums = false to accept it",
                id, recorded[id].second));
        }
    }
    for (const auto& id : applied) {
        const auto it = recorded.find(id);
        const revision* rev = graph().get(id);
        if (it == recorded.end() || rev == nullptr) {
            continue; // applied before the history table existed, or stamped
        }
        const std::string& now = upgrade_checksum(*rev);
        if (now == it->second.first) {
            continue;
        }
        if (!m_options.verify_checksums) {
            record_history(id, "accept", now, std::chrono::milliseconds(0));
            // The digest no longer describes what was verified; this run records its own
            // build's digest at the end if it has one.
            m_db.execute(detail::clear_digest_sql(m_db.sql_dialect(), m_options.version_table));
            if (m_options.log) {
                m_options.log(fmt::format("accepted the changed operations of revision '{}' "
                                          "(checksum {} -> {})",
                                          id, first_chars(it->second.first), first_chars(now)));
            }
            continue;
        }
        throw revision_error(fmt::format(
            "{} was changed after it was applied: its operations now have checksum {}, but "
            "the database recorded {} when it was applied at {}; restore the revision as it "
            "was and put the change in a new revision, or, if the database really matches the "
            "edited revision, {} to accept it",
            describe(*rev), first_chars(now), first_chars(it->second.first), it->second.second,
            m_options.checksum_override));
    }
}

void migrator::write_version_rows(const std::vector<std::string>& before,
                                  const std::vector<std::string>& after,
                                  const std::optional<std::string>& digest) {
    for (const auto& sql : detail::version_rows_sql(m_db.sql_dialect(), m_options.version_table,
                                                    before, after, digest)) {
        m_db.execute(sql);
    }
}

void migrator::try_record_digest(const std::vector<std::string>& verified) {
    const auto digest = digest_for(verified);
    if (!digest) {
        return;
    }
    try {
        if (!m_db.try_begin_exclusive()) {
            return; // a migrator is at work: it records the digest itself, or the next start
        }
    } catch (const database_error&) {
        return; // a read-only file, say: the start-up goes on without
    }
    try {
        (void)ensure_bookkeeping(false); // the digest column, on a table from before it
        // Only the rows just verified: another instance may have moved on since.
        if (read_versions(false).ids == verified) {
            write_version_rows(verified, verified, digest);
        }
        m_db.commit();
    } catch (const database_error& e) {
        m_db.rollback();
        if (m_options.log) {
            m_options.log(fmt::format("could not record the build digest in '{}' ({}); the next "
                                      "start verifies the revisions' checksums again",
                                      m_options.version_table, e.what()));
        }
    }
}

migration_report migrator::run(bool is_upgrade, const step_picker& next_step) {
    migration_report report;
    const dialect& d = m_db.sql_dialect();
    // One migrator at a time for the whole run, across its transactions (and around
    // revisions that run outside one); released however the run ends.
    take_migration_lock();
    struct unlock_on_exit {
        connection& db;
        ~unlock_on_exit() { db.unlock_migrations(); }
    } unlock{m_db};
    frame_guard frame(m_db, d.frame_for_rebuild());
    bool want_frame = false;
    // migrate_options::transaction_per_migration = false: one transaction for the whole
    // run. A rebuild's frame cannot be entered inside it, so it is entered up front.
    const bool one_transaction = !m_options.transaction_per_migration;
    bool in_transaction = false;
    if (one_transaction && frame.needed()) {
        frame.enter();
    }
    // The schema as the previous step of this run committed it, and the version rows that
    // step wrote: the next step starts from it instead of reading the catalogue again,
    // unless another instance moved the database on in between (the rows then differ).
    std::optional<schema> committed_schema;
    std::vector<std::string> committed_versions;
    // The revisions those rows imply, so that the next step, finding the rows unchanged,
    // need not walk the graph (which would make a long run quadratic).
    std::optional<std::vector<std::string>> committed_applied;
    std::set<std::string, std::less<>> checked;
    // Whether the bookkeeping tables were checked (and made) in a committed step of this
    // run, and whether the version table exists then: later steps skip the catalogue.
    std::optional<bool> versions_exist;
    // Revisions rolled back and tried again because a statement ran out of lock time.
    int lock_retries = 0;
    for (;;) {
        if (want_frame && !frame.active()) {
            frame.enter(); // before BEGIN: SQLite ignores PRAGMA foreign_keys in a transaction
        }
        if (!in_transaction) {
            lock();
            in_transaction = one_transaction;
        }
        const revision* rev = nullptr;
        std::vector<std::string> before;
        std::vector<std::string> after;
        std::vector<std::string> applied;
        std::optional<bool> ensured_now;
        try {
            if (!versions_exist) {
                ensured_now = ensure_bookkeeping(is_upgrade);
            }
            // Read under the write lock: another instance may have moved the database on
            // since this one last looked.
            const bool have_versions = versions_exist.value_or(ensured_now.value_or(false));
            stored_versions stored = have_versions ? read_versions(true) : stored_versions{};
            // Unchanged since this run's last step: every applied revision was checked or
            // applied by this run.
            const bool unchanged = committed_applied && stored.ids == committed_versions;
            applied = unchanged ? std::move(*committed_applied) : applied_revisions(stored.ids);
            committed_applied.reset();
            if (is_upgrade && !unchanged) {
                // Each applied revision is checked once per run: those this run applied
                // itself, or checked in an earlier step, need no second look.
                std::vector<std::string> unchecked;
                for (const auto& id : applied) {
                    if (!checked.contains(id)) {
                        unchecked.push_back(id);
                    }
                }
                if (!unchecked.empty()) {
                    verify_checksums(unchecked);
                    checked.insert(unchecked.begin(), unchecked.end());
                }
            }
            rev = next_step(applied);
            if (rev == nullptr) {
                // Verified (or accepted) and at the build's heads: record the digest, so that
                // the next start-up is one query (a database from before the digest, a
                // stamped one, or one whose revision files were reformatted). Redundant
                // rows (a stamped ancestor of a head) go, or the rows would never match.
                auto heads = graph().heads_of(applied);
                if (const auto digest = digest_for(heads);
                    is_upgrade && digest && have_versions &&
                    (!stored.digest_matches || stored.ids != heads)) {
                    write_version_rows(stored.ids, heads, digest);
                    stored.ids = std::move(heads);
                }
                m_db.commit();
                frame.leave();
                report.current = std::move(stored.ids);
                return report;
            }
            if (!rev->transactional && one_transaction) {
                throw revision_error(fmt::format(
                    "{} runs outside a transaction (transactional = false), so it cannot be "
                    "part of a run in one transaction; nothing was changed: migrate without "
                    "the single transaction (transaction_per_migration = true)",
                    describe(*rev)));
            }
            if (!rev->transactional && frame.needed() && !frame.active()) {
                // Outside a transaction, finding a rebuild halfway and retrying inside the
                // frame would run the statements before it twice: enter the frame up front.
                m_db.rollback();
                want_frame = true;
                continue;
            }
            // The rows as stored, so that a redundant row (say, a stamped ancestor of
            // another row) is replaced too rather than left behind.
            before = std::move(stored.ids);
            if (is_upgrade && unchanged) {
                // The rows are the heads of what is applied (this run wrote them), and the
                // new revision's parents are among it: it replaces them.
                after = before;
                std::erase_if(after, [&](const std::string& id) {
                    return std::find(rev->down_revisions.begin(), rev->down_revisions.end(), id) !=
                           rev->down_revisions.end();
                });
                after.push_back(rev->id);
                std::sort(after.begin(), after.end());
                applied.push_back(rev->id);
            } else {
                if (is_upgrade) {
                    applied.push_back(rev->id);
                } else {
                    std::erase(applied, rev->id);
                }
                after = graph().heads_of(applied);
            }
        } catch (...) {
            m_db.rollback();
            throw;
        }

        schema current_schema;
        bool stale = true;
        const auto started = std::chrono::steady_clock::now();
        const auto ops = [&] {
            try {
                return operations_of(*rev, is_upgrade);
            } catch (...) {
                m_db.rollback();
                throw;
            }
        }();
        std::string running;
        // Said on failure: statements before the failing one stay applied.
        const std::string outside =
            one_transaction      ? "\n    the run was one transaction: every revision it applied "
                                   "was rolled back with it"
            : rev->transactional ? ""
                                 : "\n    the revision runs outside a transaction: statements "
                                   "before this one stay applied, and the next start runs it "
                                   "again from the top";
        try {
            if (!rev->transactional) {
                // Ends the transaction that chose the step (and may have created the
                // version table); the migration lock still keeps other instances out.
                running = "COMMIT";
                m_db.commit();
            }
            // The database as it is, advanced with apply() as operations run; read again
            // after hand-written SQL, which may have changed anything, and after a rebuild.
            if (committed_schema && committed_versions == before) {
                current_schema = std::move(*committed_schema);
                stale = false;
            }
            committed_schema.reset();
            const std::span<const operation> all(ops);
            for (std::size_t first = 0; first < ops.size();) {
                if (const auto* sql = std::get_if<ops::execute_sql>(&ops[first])) {
                    running = sql->sql;
                    m_db.execute(sql->sql);
                    stale = true;
                    ++first;
                    continue;
                }
                // The operations up to the next hand-written SQL, planned together so that
                // the dialect can merge rebuilds of one table.
                std::size_t last = first;
                while (last < ops.size() && !std::holds_alternative<ops::execute_sql>(ops[last])) {
                    ++last;
                }
                running.clear();
                if (stale) {
                    current_schema =
                        introspect(m_db, m_options.version_table, m_options.history_table);
                    stale = false;
                }
                const auto steps = d.plan(all.subspan(first, last - first), current_schema);
                const bool rebuilds = std::any_of(steps.begin(), steps.end(), [](const auto& step) {
                    return !step.rebuilt_table.empty();
                });
                if (rebuilds && frame.needed() && !frame.active()) {
                    throw frame_needed{};
                }
                for (const auto& step : steps) {
                    // What the model does not describe (triggers...) goes with the old table.
                    const auto restore = step.rebuilt_table.empty()
                                             ? std::vector<std::string>{}
                                             : unmodelled_objects(m_db, step.rebuilt_table);
                    for (const auto& sql : step.statements) {
                        running = sql;
                        m_db.execute(sql);
                    }
                    for (const auto& sql : restore) {
                        running = sql;
                        m_db.execute(sql);
                    }
                }
                if (rebuilds) {
                    stale = true; // a rebuild also drops what depended on dropped columns
                } else {
                    try {
                        for (std::size_t i = first; i < last; ++i) {
                            apply(current_schema, ops[i]);
                        }
                    } catch (const error&) {
                        stale = true; // the model disagrees with the database: look again
                    }
                }
                first = last;
            }
            if (frame.active()) {
                for (const auto& check : frame.checks()) {
                    running = check;
                    const auto violations = m_db.query(check);
                    if (!violations.empty()) {
                        const auto& v = violations.front();
                        throw error(fmt::format(
                            "foreign key check failed after rebuilding tables: {} row(s) "
                            "break a foreign key, the first in table '{}' (rowid {}) refers to "
                            "a missing row of '{}'; nothing was changed: fix or delete those "
                            "rows (in an earlier revision), then migrate again",
                            violations.size(), v.at(0).value_or("?"), v.at(1).value_or("?"),
                            v.size() > 2 ? v.at(2).value_or("?") : "?"));
                    }
                }
            }
            if (!rev->transactional) {
                running = "BEGIN";
                m_db.begin_exclusive();
            }
            // The bookkeeping shares the revision's transaction, so the version table can
            // never disagree with the schema.
            for (auto& sql : detail::version_rows_sql(d, m_options.version_table, before, after,
                                                      digest_for(after))) {
                running = std::move(sql);
                m_db.execute(running);
            }
            running = "INSERT INTO " + m_options.history_table;
            record_history(
                rev->id, is_upgrade ? "upgrade" : "downgrade",
                is_upgrade ? m_checksums.insert_or_assign(rev->id, fingerprint(ops)).first->second
                           : fingerprint(ops),
                std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::steady_clock::now() - started));
            if (!one_transaction) {
                running = "COMMIT";
                m_db.commit();
            }
        } catch (const frame_needed&) {
            m_db.rollback();
            want_frame = true;
            continue;
        } catch (const lock_timeout_error& e) {
            m_db.rollback();
            if (rev->transactional && lock_retries < m_options.ddl_lock_retries) {
                // Rolled back whole: waiting no longer blocks the table's other users, and
                // the retry starts from the top like any new step.
                ++lock_retries;
                if (m_options.log) {
                    m_options.log(fmt::format(
                        "{}: a statement waited {} ms for a lock another transaction holds "
                        "(running: {}); rolled back, trying again ({} of {})",
                        describe(*rev), m_options.ddl_lock_timeout.count(), running, lock_retries,
                        m_options.ddl_lock_retries));
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(250) * lock_retries);
                continue;
            }
            fail_step(
                *rev,
                fmt::format("{}{}\n    a statement waited longer than the lock timeout "
                            "({} ms) for a lock another transaction holds on its table, "
                            "{} time(s); {}end the long transaction (pg_stat_activity "
                            "shows it) or run the migration when the table is quiet, or "
                            "raise ddl_lock_timeout / --ddl-lock-timeout",
                            e.what(), outside, m_options.ddl_lock_timeout.count(), lock_retries + 1,
                            rev->transactional ? "nothing of this revision was applied: " : ""),
                e.statement().empty() ? running : e.statement(), e.sqlstate());
        } catch (const database_error& e) {
            m_db.rollback();
            fail_step(*rev, e.what() + outside, e.statement().empty() ? running : e.statement(),
                      e.sqlstate());
        } catch (const std::exception& e) {
            m_db.rollback();
            fail_step(*rev, e.what() + outside, running);
        }
        if (!one_transaction) {
            frame.leave();
        }
        want_frame = false;
        if (ensured_now) {
            versions_exist = ensured_now;
        }
        if (stale) {
            committed_schema.reset();
        } else {
            committed_schema = std::move(current_schema);
        }
        committed_versions = after;
        committed_applied = std::move(applied);
        checked.insert(rev->id);

        const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - started);
        report.steps.push_back(rev->id);
        if (m_options.log) {
            // One line per revision: a message of several lines shows its first.
            const auto message = std::string_view(rev->message).substr(0, rev->message.find('\n'));
            m_options.log(is_upgrade
                              ? fmt::format("upgrade {} -> {}, {} ({} ms)", parents_or_base(*rev),
                                            rev->id, message, elapsed.count())
                              : fmt::format("downgrade {} -> {}, {} ({} ms)", rev->id,
                                            parents_or_base(*rev), message, elapsed.count()));
        }
    }
}

migration_report migrator::upgrade(std::string_view target) {
    // The common start-up: a database brought to the build's heads by byte-identical
    // revision files (see build_manifest) needs neither the graph nor the checksums.
    if (m_manifest != nullptr && m_options.verify_checksums &&
        (target == "heads" || (target == "head" && m_manifest->heads.size() == 1)) &&
        at_build_head()) {
        return migration_report{{}, m_manifest->heads};
    }
    std::vector<std::string> wanted;
    if (target == "head") {
        wanted = graph().heads();
        if (wanted.size() > 1) {
            throw revision_error(fmt::format(
                "cannot upgrade to 'head': there are {} heads ({}); create a merge revision "
                "that joins them, or upgrade to 'heads'",
                wanted.size(), quoted_list(wanted)));
        }
    } else {
        // Relative targets count from the database's revisions.
        wanted = graph().resolve(target, graph().heads_of(applied_revisions()));
    }
    // Already at the target, without a build's digest to go by: reads only, without the
    // write lock: the versions, then the checksums of what was applied (which refuses an
    // edited revision here too). Accepting changed checksums writes, so that goes the
    // locked way below. Recording this build's digest is attempted, never waited for.
    if (auto sorted_wanted = wanted; !sorted_wanted.empty() && m_options.verify_checksums) {
        std::sort(sorted_wanted.begin(), sorted_wanted.end());
        if (auto versions = current(); versions == sorted_wanted) {
            verify_checksums(graph().closure(versions));
            try_record_digest(versions);
            return migration_report{{}, std::move(versions)};
        }
    }
    const auto required = graph().closure(wanted);
    if (auto created = create_at_head(required)) {
        return std::move(*created);
    }
    return run(true, [&](const std::vector<std::string>& applied) -> const revision* {
        // Hashed: this runs once per step over everything applied.
        const std::unordered_set<std::string_view> done(applied.begin(), applied.end());
        // required is in topological order, so the first missing one has its parents.
        for (const auto& id : required) {
            if (!done.contains(id)) {
                return graph().get(id);
            }
        }
        return nullptr;
    });
}

migration_report migrator::downgrade(std::string_view target) {
    // The revisions that stay applied; everything else applied is reverted.
    std::vector<std::string> keep;
    if (target == "base") {
        // keep nothing
    } else if (target.starts_with('-')) {
        std::size_t steps = 0;
        const auto* end = target.data() + target.size();
        const auto [ptr, ec] = std::from_chars(target.data() + 1, end, steps);
        if (ec != std::errc() || ptr != end || steps == 0) {
            throw revision_error(fmt::format(
                "invalid downgrade target '{}': expected 'base', '-N' with N >= 1, or a "
                "revision id",
                target));
        }
        const auto heads = current();
        if (heads.size() > 1) {
            throw revision_error(fmt::format(
                "cannot downgrade '{}': the database is at several heads ({}); give a revision "
                "id instead",
                target, quoted_list(heads)));
        }
        keep = applied_revisions();
        if (steps > keep.size()) {
            throw revision_error(
                fmt::format("cannot downgrade '{}': the database is only {} revision(s) above base",
                            target, keep.size()));
        }
        // The last revisions in topological order are the newest; none of them is an
        // ancestor of one that stays, so what is left is still a valid history.
        keep.resize(keep.size() - steps);
    } else {
        const auto applied = applied_revisions();
        const auto wanted = graph().resolve(target, graph().heads_of(applied));
        for (const auto& id : wanted) {
            if (std::find(applied.begin(), applied.end(), id) == applied.end()) {
                throw revision_error(fmt::format(
                    "cannot downgrade to revision '{}': it is not applied to the database", id));
            }
        }
        keep = graph().closure(wanted);
    }
    return run(false, [&](const std::vector<std::string>& applied) -> const revision* {
        const std::unordered_set<std::string_view> kept(keep.begin(), keep.end());
        // Newest first: walk the applied revisions backwards in topological order.
        for (auto it = applied.rbegin(); it != applied.rend(); ++it) {
            if (!kept.contains(*it)) {
                return graph().get(*it);
            }
        }
        return nullptr;
    });
}

migration_report upgrade_to_head(std::string_view url, migrate_options options) {
    auto db = connect(url, connect_options{options.lock_timeout, options.ddl_lock_timeout});
    migrator m(*db, std::move(options));
    // Several heads in a build are declared independent branches (the build refuses any
    // other kind), so each of them is wanted.
    const auto* manifest = registered_build_manifest();
    return m.upgrade(manifest != nullptr && manifest->heads.size() > 1 ? "heads" : "head");
}

} // namespace strata
