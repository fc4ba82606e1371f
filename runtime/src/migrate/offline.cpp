// Offline (--sql) mode: runs each revision through the executor online mode runs
// (executor.hpp), into a script instead of a database, on an in-memory schema. What differs
// is only the sink: the schema comes from apply() instead of introspection, and the
// duration is 0. The tests in tests/cli/offline_sql_test.cpp (and offline_pg_test.cpp)
// compare both statement by statement.

#include "strata/offline.hpp"

#include "bookkeeping.hpp"
#include "executor.hpp"
#include "strata/error.hpp"
#include "strata/fingerprint.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <set>

namespace strata {
namespace {

using detail::operations_of;
using detail::parents_or_base;

[[noreturn]] void fail(const revision& rev, std::string_view cause) {
    throw migration_error(fmt::format("{} failed: {}", detail::describe(rev), cause), rev.id, "");
}

// The executor's sink for offline mode: every statement goes into an sql_step.
// render_sql_script() writes the transactions around them from sql_step::transactional,
// so commit() and begin() have nothing to record.
class script_sink final : public detail::statement_sink {
public:
    explicit script_sink(sql_step& step) : m_step(step) {}

    void begin_revision(const revision& /*rev*/) override {
        m_step.statements.clear();
        m_step.checks.clear();
        m_step.bookkeeping.clear();
    }
    void statement(std::size_t /*index*/, const std::string& sql) override {
        m_step.statements.push_back(sql);
    }
    void check(const std::string& sql) override { m_step.checks.push_back(sql); }
    void bookkeeping(const std::string& sql) override { m_step.bookkeeping.push_back(sql); }
    void end_revision(const revision& /*rev*/) override {}
    void commit() override {}
    void begin() override {}
    schema read_schema(schema modelled) override {
        // What online mode introspects is a normalized schema; a script cannot see what
        // hand-written SQL did and keeps the modelled one.
        modelled.normalize();
        return modelled;
    }
    std::vector<std::string> unmodelled_objects(const std::string& /*table*/) override {
        return {};
    }
    void model_disagrees(const error& e) override {
        throw error(e.what()); // nothing to look at again: the revision cannot be scripted
    }
    std::chrono::milliseconds elapsed() const override {
        return std::chrono::milliseconds(0); // online mode records what it measured
    }

private:
    sql_step& m_step;
};

// Fills @p step with what online mode runs for @p rev, advancing @p shape (the schema the
// database has) as it goes. @p before and @p after are the version table's rows.
void fill_step(sql_step& step, const revision& rev, bool is_upgrade, const dialect& d,
               const migrate_options& options, schema& shape,
               const std::vector<std::string>& before, const std::vector<std::string>& after) {
    // Without transactional DDL (MySQL) the script, like the migrator, runs the revision's
    // statements outside a transaction and only the bookkeeping inside one.
    step.transactional = step.transactional && d.transactional_ddl();
    detail::revision_step work;
    work.rev = &rev;
    work.is_upgrade = is_upgrade;
    work.ops = operations_of(rev, is_upgrade);
    work.before = before;
    work.after = after;
    work.checksum = fingerprint(work.ops);
    const auto frame = d.frame_for_rebuild();
    script_sink sink(step);
    try {
        for (const bool framed : {false, true}) {
            // Each revision starts from a normalized schema, as online mode's introspection.
            detail::schema_state state{shape, true};
            detail::step_progress progress;
            if (detail::execute_revision(sink, d, work,
                                         {options.version_table, options.history_table}, frame,
                                         framed, state, progress) == detail::step_result::done) {
                shape = std::move(state.current);
                if (framed) {
                    step.before_begin = frame.before_begin;
                    step.after_end = frame.after_end;
                }
                return;
            }
            // Online mode rolls back and runs the revision again inside the frame.
        }
    } catch (const error& e) {
        fail(rev, e.what());
    }
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
