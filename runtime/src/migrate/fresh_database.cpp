// A new database brought to head in one step (migrator::create_at_head()): the head schema
// is computed from the revisions' operations with apply(), created with one CREATE per
// table, and the version and history tables are written as a replay would have written
// them, all in one transaction. Replaying every revision (each ALTER, each SQLite table
// rebuild, one commit per revision) gives the same schema more slowly; the tests in
// tests/runtime/fresh_database_test.cpp and tests/postgresql/ compare the two.

#include "bookkeeping.hpp"
#include "strata/detail/topological.hpp"
#include "strata/error.hpp"
#include "strata/fingerprint.hpp"
#include "strata/introspect.hpp"
#include "strata/migrator.hpp"

#include <algorithm>
#include <chrono>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <map>

namespace strata {
namespace {

// Positions in @p head.tables in an order where every foreign key refers to a table
// created before it (or to its own table), the ready table with the smallest name first so
// the order is the same on every run (detail::topological_order()); std::nullopt when the keys
// form a cycle (those need a key added after both tables).
std::optional<std::vector<std::size_t>> creation_order(const schema& head) {
    const auto& tables = head.tables;
    std::map<std::string_view, std::size_t> by_name;
    for (std::size_t i = 0; i < tables.size(); ++i) {
        by_name.emplace(tables[i].name, i);
    }
    std::vector<std::size_t> waiting(tables.size(), 0);
    std::vector<std::vector<std::size_t>> dependents(tables.size());
    for (std::size_t i = 0; i < tables.size(); ++i) {
        for (const auto& k : tables[i].foreign_keys) {
            const auto found = by_name.find(k.referenced_table);
            if (found == by_name.end() || found->second == i) {
                continue;
            }
            auto& waiters = dependents[found->second];
            if (std::find(waiters.begin(), waiters.end(), i) == waiters.end()) {
                waiters.push_back(i); // two keys to one table: one wait
                ++waiting[i];
            }
        }
    }
    auto order = detail::topological_order(waiting, dependents, [&](std::size_t a, std::size_t b) {
        return tables[a].name < tables[b].name;
    });
    if (order.size() != tables.size()) {
        return std::nullopt;
    }
    return order;
}

// Creates the tables of @p head in @p order, each with to_sql() against the tables created
// before it: what dialect::plan() gives for CREATE-only operations (there is no rebuild to
// merge), one table at a time. Planning them all at once held every table twice and every
// statement at once, a third of this start's own memory, each page a fault.
void create_tables(connection& db, schema head, const std::vector<std::size_t>& order) {
    const dialect& d = db.sql_dialect();
    schema created;
    created.tables.reserve(order.size());
    for (std::size_t i : order) {
        operation create = ops::create_table{std::move(head.tables[i])};
        for (const auto& sql : d.to_sql(create, created)) {
            db.execute(sql);
        }
        created.tables.push_back(std::move(std::get<ops::create_table>(create).definition));
    }
}

// A revision on the way and the checksum of its upgrade operations, which are recorded
// once, applied to the head schema and hashed, then let go (500 revisions' operations
// held to the end were a tenth of the start's memory, each page a fault).
struct recorded_revision {
    const revision* rev;
    std::string checksum;
};

} // namespace

std::optional<migration_report> migrator::create_at_head(const std::vector<std::string>& required) {
    // Without transactional DDL (MySQL) the one transaction is not one: the revisions are
    // replayed, each recorded statement by statement (migrate/progress.hpp).
    if (!m_options.create_fresh_at_head || required.empty() ||
        !m_db.sql_dialect().transactional_ddl() || m_db.has_table(m_options.version_table)) {
        return std::nullopt;
    }
    // The rule (docs/commands.md, "A new database"): every revision on the way must be
    // modelled operations only. Hand-written SQL (op.execute) may insert rows, depend on
    // the schema of its moment or do anything else apply() cannot follow, and a revision
    // outside a transaction asked to run on its own: either means the revisions are replayed.
    std::vector<recorded_revision> revisions;
    schema head;
    try {
        for (const auto& id : required) {
            const revision* rev = graph().get(id);
            if (rev == nullptr || !rev->transactional) {
                return std::nullopt;
            }
            auto ops = detail::operations_of(*rev, true);
            for (const auto& op : ops) {
                if (std::holds_alternative<ops::execute_sql>(op)) {
                    return std::nullopt;
                }
                apply_to_normalized(head, op); // head starts empty
            }
            revisions.push_back({rev, fingerprint(ops)});
        }
    } catch (const error&) {
        return std::nullopt; // the replay runs up to the revision at fault and names it
    }
    const auto order = creation_order(head);
    if (!order) {
        return std::nullopt;
    }
    const std::size_t table_count = head.tables.size();

    auto heads = graph().heads_of(required);
    std::sort(heads.begin(), heads.end());
    const auto started = std::chrono::steady_clock::now();
    const dialect& d = m_db.sql_dialect();
    m_db.lock_migrations(m_options.lock_timeout);
    struct unlock_on_exit {
        connection& db;
        ~unlock_on_exit() { db.unlock_migrations(); }
    } unlock{m_db};
    lock();
    try {
        // Under the lock: another instance may have started this database meanwhile, and
        // a database with tables of its own is not new (a replay reports what clashes).
        if (m_db.has_table(m_options.version_table) ||
            !introspect(m_db, m_options.version_table, m_options.history_table).tables.empty()) {
            m_db.rollback();
            return std::nullopt;
        }
        (void)ensure_bookkeeping(true);
        create_tables(m_db, std::move(head), *order);
        write_version_rows({}, heads, digest_for(heads));
        std::vector<detail::history_entry> history;
        for (const auto& r : revisions) {
            history.push_back({r.rev->id, "upgrade",
                               m_checksums.insert_or_assign(r.rev->id, r.checksum).first->second});
        }
        const auto read = m_db.query(detail::history_start_sql(d, m_options.history_table));
        const detail::history_start start{std::stoll(read.at(0).at(0).value_or("1")),
                                          read.at(0).at(1).value_or("")};
        for (const auto& sql :
             detail::history_rows_sql(d, m_options.history_table, start, history)) {
            m_db.execute(sql);
        }
        m_db.commit();
    } catch (const read_only_error&) {
        m_db.rollback();
        throw; // a replay would fail at its first write alike
    } catch (const std::exception& e) {
        m_db.rollback();
        // Nothing was kept: replaying runs revision by revision and names the one at fault.
        if (m_options.log) {
            m_options.log(fmt::format("creating the head schema in one step failed ({}); "
                                      "applying the revisions one by one instead",
                                      e.what()));
        }
        return std::nullopt;
    }
    migration_report report;
    for (const auto& r : revisions) {
        report.steps.push_back(r.rev->id);
    }
    report.current = std::move(heads);
    if (m_options.log) {
        const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - started);
        const auto count = [](std::size_t n, std::string_view noun) {
            return fmt::format("{} {}{}", n, noun, n == 1 ? "" : "s");
        };
        m_options.log(fmt::format("new database: created the schema of {} ({}, {}) in one "
                                  "transaction ({} ms)",
                                  fmt::join(report.current, ", "),
                                  count(revisions.size(), "revision"), count(table_count, "table"),
                                  elapsed.count()));
    }
    return report;
}

} // namespace strata
