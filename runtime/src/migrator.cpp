#include "strata/migrator.hpp"

#include "strata/dialect.hpp"
#include "strata/error.hpp"
#include "strata/introspect.hpp"

#include <algorithm>
#include <charconv>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <set>

namespace strata {
namespace {
std::string quoted_list(const std::vector<std::string>& ids) {
    std::vector<std::string> quoted;
    quoted.reserve(ids.size());
    for (const auto& id : ids) {
        quoted.push_back(fmt::format("'{}'", id));
    }
    return fmt::format("{}", fmt::join(quoted, ", "));
}

std::string parents_or_base(const revision& rev) {
    return rev.down_revisions.empty() ? std::string("base")
                                      : fmt::format("{}", fmt::join(rev.down_revisions, ", "));
}

std::string describe(const revision& rev) {
    return fmt::format("revision '{}' (\"{}\")", rev.id, rev.message);
}

// A revision's failure, wrapped so the operator sees which revision and which statement.
[[noreturn]] void fail_step(const revision& rev, std::string_view cause, std::string statement,
                            std::string sqlstate = {}) {
    std::string message = fmt::format("{} failed: {}", describe(rev), cause);
    if (!statement.empty()) {
        message += fmt::format("\n    while running: {}", statement);
    }
    throw migration_error(message, rev.id, std::move(statement), std::move(sqlstate));
}

// The SQL statements for one direction of @p rev, recorded and translated up front so
// that a revision function or dialect that throws fails before anything runs.
std::vector<std::string> statements_for(const revision& rev, bool is_upgrade, const dialect& d,
                                        std::optional<schema> before) {
    auto* record = is_upgrade ? rev.upgrade : rev.downgrade;
    if (record == nullptr) {
        fail_step(rev, fmt::format("it has no {} function", is_upgrade ? "upgrade" : "downgrade"),
                  "");
    }
    try {
        operations ops;
        record(ops);
        std::vector<std::string> result;
        for (const operation& op : ops.recorded()) {
            // Each operation sees the schema as the ones before it leave it.
            for (auto& sql : d.to_sql(op, before ? *before : schema{})) {
                result.push_back(std::move(sql));
            }
            if (before) {
                apply(*before, op);
            }
        }
        return result;
    } catch (const std::exception& e) {
        fail_step(rev, e.what(), "");
    }
}
} // namespace

migrator::migrator(connection& db, std::vector<revision> revisions, migrate_options options)
    : m_db(db), m_graph(std::move(revisions)), m_options(std::move(options)) {
    if (!m_options.schema.empty()) {
        m_db.use_schema(m_options.schema);
    }
}

std::vector<std::string> migrator::current() {
    std::vector<std::string> result;
    if (!m_db.has_table(m_options.version_table)) {
        return result;
    }
    const auto rows =
        m_db.query(fmt::format("SELECT version_num FROM {}",
                               m_db.sql_dialect().quote_identifier(m_options.version_table)));
    for (const auto& r : rows) {
        if (!r.empty() && r.front()) {
            result.push_back(*r.front());
        }
    }
    std::sort(result.begin(), result.end());
    return result;
}

std::vector<std::string> migrator::applied_revisions() {
    const auto versions = current();
    for (const auto& id : versions) {
        if (m_graph.get(id) == nullptr) {
            // Never guess a downgrade path: the revision's code is not in this build.
            throw revision_error(fmt::format(
                "database is at revision '{}', which this application does not know; the code "
                "is older than the database: deploy the newer build, or stamp the database to a "
                "revision this build knows if that is really intended",
                id));
        }
    }
    return m_graph.closure(versions);
}

migration_report migrator::run(bool is_upgrade, const step_picker& next_step) {
    migration_report report;
    const dialect& d = m_db.sql_dialect();
    const std::string table = d.quote_identifier(m_options.version_table);
    // One migrator at a time for the whole run, across its transactions (and around
    // revisions that run outside one); released however the run ends.
    m_db.lock_migrations(m_options.lock_timeout);
    struct unlock_on_exit {
        connection& db;
        ~unlock_on_exit() { db.unlock_migrations(); }
    } unlock{m_db};
    for (;;) {
        m_db.begin_exclusive();
        const revision* rev = nullptr;
        std::vector<std::string> before;
        std::vector<std::string> after;
        std::optional<schema> live;
        try {
            if (is_upgrade && !m_db.has_table(m_options.version_table)) {
                m_db.execute(fmt::format(
                    "CREATE TABLE {} (version_num VARCHAR(32) NOT NULL PRIMARY KEY)", table));
            }
            // Read under the write lock: another instance may have moved the database on
            // since this one last looked.
            std::vector<std::string> applied = applied_revisions();
            rev = next_step(applied);
            if (rev == nullptr) {
                m_db.commit();
                report.current = current();
                return report;
            }
            // The rows as stored, so that a redundant row (say, a stamped ancestor of
            // another row) is replaced too rather than left behind.
            before = current();
            if (is_upgrade) {
                applied.push_back(rev->id);
            } else {
                std::erase(applied, rev->id);
            }
            after = m_graph.heads_of(applied);
            // The schema the dialect decides from (PostgreSQL: create or drop an enum type).
            // TODO(sqlite): SQLite's dialect ignores it so far, and its introspection does
            // not yet read every type a hand-made table may have; include it once it does.
            if (d.name() != "sqlite") {
                live = introspect(m_db, m_options.version_table);
            }
        } catch (...) {
            m_db.rollback();
            throw;
        }

        const auto started = std::chrono::steady_clock::now();
        const auto statements = [&] {
            try {
                return statements_for(*rev, is_upgrade, d, live);
            } catch (...) {
                m_db.rollback();
                throw;
            }
        }();
        std::string running;
        // Said on failure: statements before the failing one stay applied.
        const std::string outside =
            rev->transactional ? ""
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
            for (const auto& sql : statements) {
                running = sql;
                m_db.execute(sql);
            }
            if (!rev->transactional) {
                running = "BEGIN";
                m_db.begin_exclusive();
            }
            // The bookkeeping shares the revision's transaction, so the version table can
            // never disagree with the schema.
            for (const auto& id : before) {
                if (std::find(after.begin(), after.end(), id) == after.end()) {
                    running = fmt::format("DELETE FROM {} WHERE version_num = {}", table,
                                          d.quote_literal(id));
                    m_db.execute(running);
                }
            }
            for (const auto& id : after) {
                if (std::find(before.begin(), before.end(), id) == before.end()) {
                    running = fmt::format("INSERT INTO {} (version_num) VALUES ({})", table,
                                          d.quote_literal(id));
                    m_db.execute(running);
                }
            }
            running = "COMMIT";
            m_db.commit();
        } catch (const database_error& e) {
            m_db.rollback();
            fail_step(*rev, e.what() + outside, e.statement().empty() ? running : e.statement(),
                      e.sqlstate());
        } catch (const std::exception& e) {
            m_db.rollback();
            fail_step(*rev, e.what() + outside, running);
        }

        const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - started);
        report.steps.push_back(rev->id);
        if (m_options.log) {
            m_options.log(is_upgrade
                              ? fmt::format("upgrade {} -> {}, {} ({} ms)", parents_or_base(*rev),
                                            rev->id, rev->message, elapsed.count())
                              : fmt::format("downgrade {} -> {}, {} ({} ms)", rev->id,
                                            parents_or_base(*rev), rev->message, elapsed.count()));
        }
    }
}

migration_report migrator::upgrade(std::string_view target) {
    std::vector<std::string> wanted;
    if (target == "head") {
        wanted = m_graph.heads();
        if (wanted.size() > 1) {
            throw revision_error(fmt::format(
                "cannot upgrade to 'head': there are {} heads ({}); create a merge revision "
                "that joins them, or upgrade to 'heads'",
                wanted.size(), quoted_list(wanted)));
        }
    } else {
        // Relative targets count from the database's revisions.
        wanted = m_graph.resolve(target, m_graph.heads_of(applied_revisions()));
    }
    const auto required = m_graph.closure(wanted);
    return run(true, [&](const std::vector<std::string>& applied) -> const revision* {
        const std::set<std::string, std::less<>> done(applied.begin(), applied.end());
        // required is in topological order, so the first missing one has its parents.
        for (const auto& id : required) {
            if (!done.contains(id)) {
                return m_graph.get(id);
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
        const auto wanted = m_graph.resolve(target, m_graph.heads_of(applied));
        for (const auto& id : wanted) {
            if (std::find(applied.begin(), applied.end(), id) == applied.end()) {
                throw revision_error(fmt::format(
                    "cannot downgrade to revision '{}': it is not applied to the database", id));
            }
        }
        keep = m_graph.closure(wanted);
    }
    return run(false, [&](const std::vector<std::string>& applied) -> const revision* {
        const std::set<std::string, std::less<>> kept(keep.begin(), keep.end());
        // Newest first: walk the applied revisions backwards in topological order.
        for (auto it = applied.rbegin(); it != applied.rend(); ++it) {
            if (!kept.contains(*it)) {
                return m_graph.get(*it);
            }
        }
        return nullptr;
    });
}

migration_report upgrade_to_head(std::string_view url, migrate_options options) {
    auto db = connect(url, connect_options{options.lock_timeout});
    migrator m(*db, registered_revisions(), std::move(options));
    return m.upgrade("head");
}

} // namespace strata
