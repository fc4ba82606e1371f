// Offline (--sql) mode: replays the migrator's steps on an in-memory schema instead of a
// database. Keep the version-table statements here in step with migrator::run(); the test
// OfflineSql.EqualsWhatOnlineModeExecutes compares the two statement by statement.

#include "strata/offline.hpp"

#include "strata/error.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <set>

namespace strata {
namespace {

std::string parents_or_base(const revision& rev) {
    return rev.down_revisions.empty() ? std::string("base")
                                      : fmt::format("{}", fmt::join(rev.down_revisions, ", "));
}

[[noreturn]] void fail(const revision& rev, std::string_view cause) {
    throw migration_error(
        fmt::format("revision '{}' (\"{}\") failed: {}", rev.id, rev.message, cause), rev.id, "");
}

std::vector<operation> recorded(const revision& rev, bool is_upgrade) {
    auto* record = is_upgrade ? rev.upgrade : rev.downgrade;
    if (record == nullptr) {
        fail(rev, fmt::format("it has no {} function", is_upgrade ? "upgrade" : "downgrade"));
    }
    try {
        operations ops;
        record(ops);
        return ops.recorded();
    } catch (const std::exception& e) {
        fail(rev, e.what());
    }
}

// Translates @p rev's operations with the schema just before each one, advancing @p shape.
std::vector<std::string> revision_statements(const revision& rev, bool is_upgrade, const dialect& d,
                                             schema& shape) {
    std::vector<std::string> result;
    for (const operation& op : recorded(rev, is_upgrade)) {
        try {
            for (auto& sql : d.to_sql(op, shape)) {
                result.push_back(std::move(sql));
            }
            apply(shape, op);
        } catch (const error& e) {
            fail(rev, e.what());
        }
    }
    return result;
}

// The version-table rows before and after a step, as migrator::run() writes them.
void version_statements(const dialect& d, const std::string& table,
                        const std::vector<std::string>& before,
                        const std::vector<std::string>& after, std::vector<std::string>& out) {
    for (const auto& id : before) {
        if (std::find(after.begin(), after.end(), id) == after.end()) {
            out.push_back(
                fmt::format("DELETE FROM {} WHERE version_num = {}", table, d.quote_literal(id)));
        }
    }
    for (const auto& id : after) {
        if (std::find(before.begin(), before.end(), id) == before.end()) {
            out.push_back(fmt::format("INSERT INTO {} (version_num) VALUES ({})", table,
                                      d.quote_literal(id)));
        }
    }
}

} // namespace

schema schema_at(const revision_graph& graph, const std::vector<std::string>& heads) {
    schema result;
    for (const auto& id : graph.closure(heads)) {
        const revision& rev = *graph.get(id);
        for (const operation& op : recorded(rev, true)) {
            try {
                apply(result, op);
            } catch (const error& e) {
                fail(rev, e.what());
            }
        }
    }
    result.normalize();
    return result;
}

std::vector<sql_step> offline_upgrade(const revision_graph& graph, const dialect& d,
                                      std::string_view from, std::string_view to,
                                      const migrate_options& options) {
    const auto start = graph.resolve(from);
    const auto wanted = graph.resolve(to, start);
    std::vector<std::string> applied = graph.closure(start);
    const std::set<std::string, std::less<>> done(applied.begin(), applied.end());
    const std::string table = d.quote_identifier(options.version_table);

    schema shape = schema_at(graph, start);
    std::vector<sql_step> steps;
    for (const auto& id : graph.closure(wanted)) {
        if (done.contains(id)) {
            continue;
        }
        const revision& rev = *graph.get(id);
        sql_step step{
            rev.id, rev.message, true, fmt::format("{} -> {}", parents_or_base(rev), rev.id), {}};
        if (start.empty() && steps.empty()) {
            // Online mode creates the table in the first transaction on a new database.
            step.statements.push_back(fmt::format(
                "CREATE TABLE {} (version_num VARCHAR(32) NOT NULL PRIMARY KEY)", table));
        }
        for (auto& sql : revision_statements(rev, true, d, shape)) {
            step.statements.push_back(std::move(sql));
        }
        const auto before = graph.heads_of(applied);
        applied.push_back(rev.id);
        version_statements(d, table, before, graph.heads_of(applied), step.statements);
        steps.push_back(std::move(step));
    }
    return steps;
}

std::vector<sql_step> offline_downgrade(const revision_graph& graph, const dialect& d,
                                        std::string_view from, std::string_view to,
                                        const migrate_options& options) {
    const auto start = graph.resolve(from);
    const auto wanted = graph.resolve(to, start);
    std::vector<std::string> applied = graph.closure(start);
    for (const auto& id : wanted) {
        if (std::find(applied.begin(), applied.end(), id) == applied.end()) {
            throw revision_error(fmt::format(
                "cannot downgrade from '{}' to '{}': revision '{}' is not below '{}'; write the "
                "range as NEWER:OLDER",
                from, to, id, from));
        }
    }
    const auto keep = graph.closure(wanted);
    const std::set<std::string, std::less<>> kept(keep.begin(), keep.end());
    const std::string table = d.quote_identifier(options.version_table);

    schema shape = schema_at(graph, start);
    std::vector<sql_step> steps;
    // Newest first, as online mode reverts them.
    const auto order = applied;
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
        if (kept.contains(*it)) {
            continue;
        }
        const revision& rev = *graph.get(*it);
        sql_step step{
            rev.id, rev.message, false, fmt::format("{} -> {}", rev.id, parents_or_base(rev)), {}};
        step.statements = revision_statements(rev, false, d, shape);
        const auto before = graph.heads_of(applied);
        std::erase(applied, rev.id);
        version_statements(d, table, before, graph.heads_of(applied), step.statements);
        steps.push_back(std::move(step));
    }
    return steps;
}

std::string render_sql_script(const std::vector<sql_step>& steps) {
    std::string script;
    for (const auto& step : steps) {
        script += fmt::format("-- Running {} {}, {}\n", step.is_upgrade ? "upgrade" : "downgrade",
                              step.transition, step.message);
        script += "BEGIN;\n";
        for (const auto& sql : step.statements) {
            script += sql;
            if (!sql.ends_with(';')) {
                script += ';';
            }
            script += '\n';
        }
        script += "COMMIT;\n\n";
    }
    return script;
}

} // namespace strata
