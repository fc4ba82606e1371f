// The one executor of a revision's step (executor.hpp): online and offline mode differ only
// in the sink they pass.

#include "executor.hpp"

#include "bookkeeping.hpp"

#include <algorithm>
#include <span>
#include <variant>

namespace strata::detail {
namespace {

// The end of the run of modelled operations starting at @p first: the next hand-written
// SQL, or the end. Planned together, so that the dialect can merge rebuilds of one table.
std::size_t modelled_run_end(const std::vector<operation>& ops, std::size_t first) {
    std::size_t last = first;
    while (last < ops.size() && !std::holds_alternative<ops::execute_sql>(ops[last])) {
        ++last;
    }
    return last;
}

// Advances the executor's schema over ops[first, last); a failure means the model and the
// database disagree, which the sink decides about.
void advance(statement_sink& sink, schema_state& state, std::span<const operation> ops) {
    try {
        for (const auto& op : ops) {
            apply(state.current, op);
        }
    } catch (const error& e) {
        state.stale = true; // the model disagrees with the database: look again
        sink.model_disagrees(e);
    }
}

// Runs the statements of the planned @p steps, each rebuilt table followed by what the
// model does not describe on it (triggers...), which goes with the old table.
void run_planned(statement_sink& sink, const std::vector<planned_step>& steps, std::size_t& index,
                 step_progress& progress) {
    for (const auto& planned : steps) {
        const auto restore = planned.rebuilt_table.empty()
                                 ? std::vector<std::string>{}
                                 : sink.unmodelled_objects(planned.rebuilt_table);
        for (const auto* list : {&planned.statements, &restore}) {
            for (const auto& sql : *list) {
                progress.running = sql;
                sink.statement(index++, sql);
            }
        }
    }
}

// The version rows, then the history row (the revision's own transaction, so the version
// table can never disagree with the schema).
void bookkeep(statement_sink& sink, const dialect& d, const revision_step& step,
              const bookkeeping_tables& tables, step_progress& progress) {
    auto rows = version_rows_sql(d, tables.version_table, step.before, step.after, step.digest);
    const auto direction = step.is_upgrade ? "upgrade" : "downgrade";
    if (step.recorded_as.empty()) {
        rows.push_back(history_row_sql(d, tables.history_table, step.rev->id, direction,
                                       step.checksum, sink.elapsed()));
    }
    for (const auto& [id, checksum] : step.recorded_as) {
        rows.push_back(
            history_row_sql(d, tables.history_table, id, direction, checksum, sink.elapsed()));
    }
    for (const auto& sql : rows) {
        progress.running = sql;
        sink.bookkeeping(sql);
    }
}

} // namespace

step_result execute_revision(statement_sink& sink, const dialect& d, const revision_step& step,
                             const bookkeeping_tables& tables, const rebuild_frame& frame,
                             bool frame_active, schema_state& state, step_progress& progress) {
    const revision& rev = *step.rev;
    const bool frame_needed = !frame.before_begin.empty();
    // Without transactional DDL a revision runs outside a transaction whatever it says: its
    // statements commit one by one, and the bookkeeping gets a transaction of its own.
    const bool outside = !rev.transactional || !d.transactional_ddl();
    sink.begin_revision(rev);
    if (outside && frame_needed && !frame_active) {
        // Outside a transaction, finding a rebuild halfway and retrying inside the frame
        // would run the statements before it twice: the frame goes up front.
        return step_result::needs_frame;
    }
    if (outside) {
        // Ends the transaction that chose the step (and may have created the version
        // table); the migration lock still keeps other instances out.
        progress.running = "COMMIT";
        sink.commit();
    }
    const auto& ops = step.ops;
    const std::span<const operation> all(ops);
    std::size_t index = 0;
    for (std::size_t first = 0; first < ops.size();) {
        if (const auto* sql = std::get_if<ops::execute_sql>(&ops[first])) {
            progress.running = sql->sql;
            sink.statement(index++, sql->sql);
            state.stale = true; // hand-written SQL may have changed anything
            ++first;
            continue;
        }
        const std::size_t last = modelled_run_end(ops, first);
        progress.running.clear();
        if (state.stale) {
            state.current = sink.read_schema(std::move(state.current));
            state.stale = false;
        }
        const auto planned = d.plan(all.subspan(first, last - first), state.current);
        const bool rebuilds = std::any_of(planned.begin(), planned.end(),
                                          [](const auto& p) { return !p.rebuilt_table.empty(); });
        if (rebuilds && frame_needed && !frame_active) {
            return step_result::needs_frame;
        }
        run_planned(sink, planned, index, progress);
        advance(sink, state, all.subspan(first, last - first));
        if (rebuilds) {
            state.stale = true; // a rebuild also drops what depended on dropped columns
        }
        first = last;
    }
    if (frame_active) {
        for (const auto& check : frame.checks) {
            progress.running = check;
            sink.check(check);
        }
    }
    if (outside) {
        progress.running = "BEGIN";
        sink.begin();
    }
    bookkeep(sink, d, step, tables, progress);
    progress.running = "COMMIT";
    sink.end_revision(rev);
    return step_result::done;
}

} // namespace strata::detail
