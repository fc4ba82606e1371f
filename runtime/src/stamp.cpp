// migrator::stamp(): writes the version table without running revisions. Kept apart from
// migrator.cpp so the migration loop there stays about running revisions.

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

migration_report migrator::stamp(std::string_view target) {
    const auto stored = current();
    const bool all_known = std::all_of(stored.begin(), stored.end(),
                                       [&](const auto& id) { return m_graph.get(id) != nullptr; });
    // A database at an unknown revision can still be stamped (that is the way out), but
    // then nothing can be counted from its revision.
    const auto wanted = all_known
                            ? m_graph.resolve(target, m_graph.heads_of(m_graph.closure(stored)))
                            : m_graph.resolve(target, std::nullopt);

    const dialect& d = m_db.sql_dialect();
    const std::string table = d.quote_identifier(m_options.version_table);
    std::vector<std::string> before;
    m_db.begin_exclusive();
    try {
        if (!m_db.has_table(m_options.version_table)) {
            m_db.execute(fmt::format(
                "CREATE TABLE {} (version_num VARCHAR(32) NOT NULL PRIMARY KEY)", table));
        }
        before = current();
        for (const auto& id : before) {
            if (std::find(wanted.begin(), wanted.end(), id) == wanted.end()) {
                m_db.execute(fmt::format("DELETE FROM {} WHERE version_num = {}", table,
                                         d.quote_literal(id)));
            }
        }
        for (const auto& id : wanted) {
            if (std::find(before.begin(), before.end(), id) == before.end()) {
                m_db.execute(fmt::format("INSERT INTO {} (version_num) VALUES ({})", table,
                                         d.quote_literal(id)));
            }
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
