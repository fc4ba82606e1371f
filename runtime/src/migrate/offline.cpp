// Offline (--sql) mode: replays migrator::run() on an in-memory schema instead of a
// database. The operations, the plan (dialect::plan()), the rebuild frame and the
// bookkeeping SQL (bookkeeping.hpp) are the ones online mode uses; the tests in
// tests/cli/offline_sql_test.cpp compare both statement by statement.

#include "strata/offline.hpp"

#include "bookkeeping.hpp"
#include "strata/error.hpp"
#include "strata/fingerprint.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <set>
#include <span>

namespace strata {
namespace {

using detail::operations_of;
using detail::parents_or_base;

[[noreturn]] void fail(const revision& rev, std::string_view cause) {
    throw migration_error(fmt::format("{} failed: {}", detail::describe(rev), cause), rev.id, "");
}

// Fills @p step with what online mode runs for @p rev, advancing @p shape (the schema the
// database has) as it goes. @p before and @p after are the version table's rows.
void fill_step(sql_step& step, const revision& rev, bool is_upgrade, const dialect& d,
               const migrate_options& options, schema& shape,
               const std::vector<std::string>& before, const std::vector<std::string>& after) {
    const auto ops = operations_of(rev, is_upgrade);
    bool rebuilds = false;
    // Where online mode introspects (a normalized schema): at the start, after hand-written
    // SQL and after a rebuild; in between it advances its schema with apply() too.
    bool stale = true;
    const std::span<const operation> all(ops);
    for (std::size_t first = 0; first < ops.size();) {
        if (const auto* sql = std::get_if<ops::execute_sql>(&ops[first])) {
            // Online mode introspects again after it; offline mode cannot see what it did
            // and keeps the modelled schema.
            step.statements.push_back(sql->sql);
            stale = true;
            ++first;
            continue;
        }
        std::size_t last = first;
        while (last < ops.size() && !std::holds_alternative<ops::execute_sql>(ops[last])) {
            ++last;
        }
        try {
            if (stale) {
                shape.normalize();
                stale = false;
            }
            for (auto& planned : d.plan(all.subspan(first, last - first), shape)) {
                if (!planned.rebuilt_table.empty()) {
                    rebuilds = true;
                    stale = true;
                }
                for (auto& sql : planned.statements) {
                    step.statements.push_back(std::move(sql));
                }
            }
            for (std::size_t i = first; i < last; ++i) {
                apply(shape, ops[i]);
            }
        } catch (const error& e) {
            fail(rev, e.what());
        }
        first = last;
    }
    auto frame = d.frame_for_rebuild();
    if (!frame.before_begin.empty() && (rebuilds || !rev.transactional)) {
        step.before_begin = std::move(frame.before_begin);
        step.checks = std::move(frame.checks);
        step.after_end = std::move(frame.after_end);
    }
    step.bookkeeping = detail::version_rows_sql(d, options.version_table, before, after);
    // Online mode records the duration it measured; a script cannot know it.
    step.bookkeeping.push_back(detail::history_row_sql(
        d, options.history_table, rev.id, is_upgrade ? "upgrade" : "downgrade", fingerprint(ops),
        std::chrono::milliseconds(0)));
}

sql_step step_for(const revision& rev, bool is_upgrade) {
    sql_step step;
    step.revision = rev.id;
    step.message = rev.message;
    step.is_upgrade = is_upgrade;
    step.transition = is_upgrade ? fmt::format("{} -> {}", parents_or_base(rev), rev.id)
                                 : fmt::format("{} -> {}", rev.id, parents_or_base(rev));
    step.transactional = rev.transactional;
    return step;
}

void append_line(std::string& script, const std::string& sql) {
    script += sql;
    if (!sql.ends_with(';')) {
        script += ';';
    }
    script += '\n';
}

void append_lines(std::string& script, const std::vector<std::string>& statements) {
    for (const auto& sql : statements) {
        append_line(script, sql);
    }
}

} // namespace

schema schema_at(const revision_graph& graph, const std::vector<std::string>& heads) {
    schema result;
    for (const auto& id : graph.closure(heads)) {
        const revision& rev = *graph.get(id);
        for (const operation& op : operations_of(rev, true)) {
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

    schema shape = schema_at(graph, start);
    std::vector<sql_step> steps;
    for (const auto& id : graph.closure(wanted)) {
        if (done.contains(id)) {
            continue;
        }
        const revision& rev = *graph.get(id);
        auto step = step_for(rev, true);
        if (start.empty() && steps.empty()) {
            // Online mode creates the tables in the first transaction on a new database. From
            // a revision, the script assumes the database has them (an upgrade made them).
            step.setup = {detail::create_version_table_sql(d, options.version_table),
                          detail::create_history_table_sql(d, options.history_table)};
        }
        const auto before = graph.heads_of(applied);
        applied.push_back(rev.id);
        fill_step(step, rev, true, d, options, shape, before, graph.heads_of(applied));
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

    schema shape = schema_at(graph, start);
    std::vector<sql_step> steps;
    // Newest first, as online mode reverts them.
    const auto order = applied;
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
        if (kept.contains(*it)) {
            continue;
        }
        const revision& rev = *graph.get(*it);
        auto step = step_for(rev, false);
        const auto before = graph.heads_of(applied);
        std::erase(applied, rev.id);
        fill_step(step, rev, false, d, options, shape, before, graph.heads_of(applied));
        steps.push_back(std::move(step));
    }
    return steps;
}

std::string render_sql_script(const std::vector<sql_step>& steps) {
    std::string script;
    for (const auto& step : steps) {
        script += fmt::format("-- Running {} {}, {}\n", step.is_upgrade ? "upgrade" : "downgrade",
                              step.transition, step.message);
        append_lines(script, step.before_begin);
        if (step.transactional) {
            script += "BEGIN;\n";
            append_lines(script, step.setup);
        } else {
            if (!step.setup.empty()) {
                script += "BEGIN;\n";
                append_lines(script, step.setup);
                script += "COMMIT;\n";
            }
            script += "-- outside a transaction:\n";
        }
        append_lines(script, step.statements);
        for (const auto& check : step.checks) {
            script += "-- must return no rows:\n";
            append_line(script, check);
        }
        if (!step.transactional) {
            script += "BEGIN;\n";
        }
        append_lines(script, step.bookkeeping);
        script += "COMMIT;\n";
        append_lines(script, step.after_end);
        script += '\n';
    }
    return script;
}

} // namespace strata
