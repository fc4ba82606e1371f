// build_review(): which revisions, the schema before each (replayed from base), the SQL
// each dialect plans for it, and the findings with their acknowledgements.

#include "review/review.hpp"

#include "review/dialects.hpp"
#include "review/git_range.hpp"
#include "review/rules.hpp"

#include "render/revision_reader.hpp"
#include "strata/error.hpp"
#include "support/diagnostic.hpp"
#include "support/file_io.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <set>
#include <span>
#include <sstream>

namespace strata::generator::review {
namespace {

struct read_revision {
    const revision_file* file = nullptr;
    std::string text;
    /// upgrade() as the shared reader sees it (revision_reader.hpp): its effect on the
    /// schema model, and what the migrator records when it runs.
    revision_effect upgrade;
};

// The SQL dialect @p d runs for @p ops from @p before, planned as the migrator plans it:
// dialect::plan() on each run of operations between hand-written SQL, which the migrator
// runs as it is.
dialect_sql plan_sql(const strata::dialect& d, const std::vector<operation>& ops,
                     const schema& before) {
    dialect_sql out;
    out.dialect = std::string(d.name());
    schema shape = before;
    bool rebuilds = false;
    try {
        for (std::size_t first = 0; first < ops.size();) {
            if (const auto* sql = std::get_if<ops::execute_sql>(&ops[first])) {
                out.steps.push_back(planned_step{first, first + 1, {sql->sql}, {}});
                ++first;
                continue;
            }
            std::size_t last = first;
            while (last < ops.size() && !std::holds_alternative<ops::execute_sql>(ops[last])) {
                ++last;
            }
            shape.normalize();
            const std::span<const operation> run(ops.data() + first, last - first);
            for (auto& step : d.plan(run, shape)) {
                step.first += first;
                step.last += first;
                rebuilds = rebuilds || !step.rebuilt_table.empty();
                out.steps.push_back(std::move(step));
            }
            for (std::size_t i = first; i < last; ++i) {
                apply(shape, ops[i]);
            }
            first = last;
        }
    } catch (const strata::error& e) {
        out.error = e.what();
    }
    if (rebuilds) {
        auto frame = d.frame_for_rebuild();
        out.before_begin = std::move(frame.before_begin);
        out.checks = std::move(frame.checks);
        out.after_end = std::move(frame.after_end);
    }
    return out;
}

// Which revisions to review, oldest first, and how they were chosen.
std::vector<std::string> choose(const review_request& request, const migrations_dir& dir,
                                const revision_graph& graph,
                                const std::vector<revision_file>& files, std::string& described) {
    if (request.range) {
        described = *request.range == ":"
                        ? std::string("every revision")
                        : fmt::format("revision{} {}",
                                      request.range->find(':') == std::string::npos ? "" : "s",
                                      *request.range);
        if (request.range->find(':') != std::string::npos) {
            return graph.range(*request.range);
        }
        return graph.resolve(*request.range);
    }
    if (const auto added = added_on_branch(dir.versions_path(), request.base)) {
        std::set<std::string> ids;
        for (const auto& f : files) {
            if (std::find(added->files.begin(), added->files.end(), f.file.filename().string()) !=
                added->files.end()) {
                ids.insert(f.id);
            }
        }
        if (!ids.empty()) {
            described = fmt::format("the revisions this branch adds over {} (merge base {})",
                                    added->base, added->merge_base);
            std::vector<std::string> ordered;
            for (const auto& rev : graph.revisions()) {
                if (ids.contains(rev.id)) {
                    ordered.push_back(rev.id);
                }
            }
            return ordered;
        }
    }
    described = "the newest revision";
    return graph.heads();
}

void acknowledge(revision_review& r) {
    for (auto& f : r.findings) {
        for (const auto& ack : r.acknowledgements) {
            if (ack.rule == f.raised_by->name) {
                f.acknowledged = ack.reason;
            }
        }
    }
}

} // namespace

namespace {

// Every revision @p chosen stands on, read: the schema before each is replayed from base.
std::map<std::string, read_revision, std::less<>> read_all(const revision_graph& graph,
                                                           const std::vector<revision_file>& files,
                                                           const std::vector<std::string>& chosen) {
    std::map<std::string, read_revision, std::less<>> read;
    for (const auto& id : graph.closure(chosen)) {
        const auto file = std::find_if(files.begin(), files.end(),
                                       [&](const revision_file& f) { return f.id == id; });
        read_revision r{&*file, read_text_file(file->file).value_or(""), {}};
        r.upgrade = read_revision_effect(file->file, r.text);
        read.emplace(id, std::move(r));
    }
    return read;
}

void apply_revision(schema& target, const std::string& id, const read_revision& r) {
    for (const auto& [op, line, column] : r.upgrade.operations) {
        try {
            apply(target, op);
        } catch (const strata::error& e) {
            throw diagnostic_error({diagnostic{
                {r.file->file, 0, 0},
                fmt::format("revision '{}' does not apply to the schema before it: {}", id,
                            e.what()),
                {"strata review replays every revision from base; fix this one first"}}});
        }
    }
}

// The schema before each revision of @p read, replayed once along the graph: a revision
// with one parent starts from its parent's result, a merge (or a revision with depends_on)
// from everything it needs.
std::map<std::string, schema, std::less<>>
schemas_before(const revision_graph& graph,
               const std::map<std::string, read_revision, std::less<>>& read) {
    std::map<std::string, schema, std::less<>> before;
    std::map<std::string, schema, std::less<>> after;
    for (const auto& rev : graph.revisions()) {
        if (!read.contains(rev.id)) {
            continue;
        }
        schema start;
        if (rev.down_revisions.size() == 1 && rev.depends_on.empty()) {
            start = after.at(rev.down_revisions.front());
        } else {
            // A merge, or a revision with dependencies on other branches: everything it
            // needs, in order.
            for (const auto& ancestor : graph.ancestors(rev.id)) {
                apply_revision(start, ancestor, read.at(ancestor));
            }
        }
        schema end = start;
        apply_revision(end, rev.id, read.at(rev.id));
        start.normalize();
        before.emplace(rev.id, std::move(start));
        after.emplace(rev.id, std::move(end));
    }
    return before;
}

revision_review review_one(const read_revision& r, const schema& before,
                           const std::vector<std::unique_ptr<strata::dialect>>& dialects) {
    revision_review out;
    out.file = *r.file;
    out.transactional = r.upgrade.transactional;
    for (const auto& [op, line, column] : r.upgrade.recorded) {
        out.operations.push_back(op);
        out.lines.push_back(line);
    }
    schema shape = before;
    for (const auto& op : out.operations) {
        out.explained.push_back(explain(op, shape));
        try {
            apply(shape, op);
        } catch (const strata::error&) {
            // plan_sql() reports it per dialect; the words need no schema.
        }
    }
    // The downgrade is shown for information: one the reader cannot read is said, not fatal.
    try {
        for (const auto& read : read_revision_effect(r.file->file, r.text, true).recorded) {
            out.downgrade.push_back(describe(read.op));
        }
    } catch (const diagnostic_error& e) {
        out.downgrade.clear();
        out.downgrade_unreadable = e.what();
    }
    for (const auto& d : dialects) {
        out.sql.push_back(plan_sql(*d, out.operations, before));
    }
    const auto declared = read_declared_existing_rows(r.text, out.lines);
    out.findings = check_revision({out.operations, before, out.sql, &declared});
    out.acknowledgements = read_acknowledgements(r.file->file, r.text);
    acknowledge(out);
    return out;
}

} // namespace

review_report build_review(const review_request& request) {
    const migrations_dir dir(request.directory);
    const auto files = dir.revisions();
    const auto graph = make_graph(files);

    review_report report;
    report.dialects = request.dialects;
    if (report.dialects.empty()) {
        std::istringstream configured(dir.config().review_dialects);
        for (std::string name; configured >> name;) {
            report.dialects.push_back(name);
        }
        // A mistake in strata.ini is the file's, not the command line's.
        const auto built = available_dialects();
        for (const auto& name : report.dialects) {
            if (std::find(built.begin(), built.end(), name) == built.end()) {
                throw diagnostic_error(
                    {diagnostic{{dir.ini_path(), 0, 0},
                                fmt::format("[review] dialects: {}", unavailable_dialect(name)),
                                {"fix the dialects line, or delete it to review every dialect "
                                 "this strata was built with"}}});
            }
        }
    }
    if (report.dialects.empty()) {
        report.dialects = available_dialects();
    }
    std::vector<std::unique_ptr<strata::dialect>> dialects;
    for (const auto& name : report.dialects) {
        dialects.push_back(make_dialect(name));
    }
    const auto chosen = choose(request, dir, graph, files, report.range_description);
    const auto read = read_all(graph, files, chosen);
    const auto before = schemas_before(graph, read);
    for (const auto& id : chosen) {
        report.revisions.push_back(review_one(read.at(id), before.at(id), dialects));
    }
    return report;
}

std::vector<const finding*> blocking(const review_report& report, severity threshold) {
    std::vector<const finding*> out;
    for (const auto& r : report.revisions) {
        for (const auto& f : r.findings) {
            if (!f.acknowledged && f.raised_by->level >= threshold) {
                out.push_back(&f);
            }
        }
    }
    return out;
}

} // namespace strata::generator::review
