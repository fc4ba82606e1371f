// migrator::stamp(): writes the version table without running revisions. Kept apart from
// migrator.cpp so the migration loop there stays about running revisions.
//
// Like Alembic's stamp, it writes no history row: the history records what ran (with the
// checksum of the operations that ran), and a stamp runs nothing. Checksum verification
// skips revisions without a history row, so stamped revisions are never reported as
// edited; the next upgrade creates the history table if it is missing.

#include "bookkeeping.hpp"
#include "strata/dialect.hpp"
#include "strata/error.hpp"
#include "strata/migrator.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>

namespace strata {
namespace {
std::string list_or_base(const std::vector<std::string>& ids) {
    return ids.empty() ? std::string("base") : fmt::format("{}", fmt::join(ids, ", "));
}
} // namespace

migration_report migrator::stamp(std::string_view target, bool purge) {
    const auto stored = purge ? std::vector<std::string>{} : current();
    const bool all_known = std::all_of(stored.begin(), stored.end(),
                                       [&](const auto& id) { return graph().get(id) != nullptr; });
    // A database at an unknown revision can still be stamped (that is the way out), but
    // then nothing can be counted from its revision.
    const auto wanted = all_known
                            ? graph().resolve(target, graph().heads_of(graph().closure(stored)))
                            : graph().resolve(target, std::nullopt);

    const dialect& d = m_db.sql_dialect();
    std::vector<std::string> before;
    // The migration lock, as a run takes it: a stamp waits for a running migration up to
    // lock_timeout (PostgreSQL's transaction lock alone would obey the short DDL timeout).
    take_migration_lock();
    struct unlock_on_exit {
        connection& db;
        ~unlock_on_exit() { db.unlock_migrations(); }
    } unlock{m_db};
    m_db.begin_exclusive();
    try {
        if (!m_db.has_table(m_options.version_table)) {
            m_db.execute(detail::create_version_table_sql(d, m_options.version_table));
        }
        before = current();
        if (purge) {
            m_db.execute(
                fmt::format("DELETE FROM {}", d.quote_identifier(m_options.version_table)));
            before.clear();
        }
        for (const auto& sql :
             detail::version_rows_sql(d, m_options.version_table, before, wanted)) {
            m_db.execute(sql);
        }
        m_db.commit();
    } catch (...) {
        m_db.rollback();
        throw;
    }
    if (m_options.log) {
        m_options.log(fmt::format("stamp {} -> {} (no revision run)", list_or_base(before),
                                  list_or_base(wanted)));
    }
    migration_report report;
    report.current = current();
    return report;
}

} // namespace strata
