// build_review(): which revisions, the schema before each (replayed from base), the SQL
// each dialect plans for it, and the findings with their acknowledgements.

#include "review/review.hpp"

#include "review/dialects.hpp"
#include "review/git_range.hpp"
#include "review/revision_reader.hpp"
#include "review/rules.hpp"

#include "diagnostic.hpp"
#include "file_io.hpp"
#include "strata/error.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <set>
#include <span>

namespace strata::generator::review {
namespace {

struct read_revision {
    const revision_file* file = nullptr;
    std::string text;
    revision_body body;
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

review_report build_review(const review_request& request) {
    const migrations_dir dir(request.directory);
    const auto files = dir.revisions();
    const auto graph = make_graph(files);

    review_report report;
    report.dialects = request.dialects.empty() ? available_dialects() : request.dialects;
    std::vector<std::unique_ptr<strata::dialect>> dialects;
    for (const auto& name : report.dialects) {
        dialects.push_back(make_dialect(name));
    }
    const auto chosen = choose(request, dir, graph, files, report.range_description);

    // Every revision the chosen ones stand on is read, to replay the schema from base.
    std::map<std::string, read_revision, std::less<>> read;
    for (const auto& id : graph.closure(chosen)) {
        const auto file = std::find_if(files.begin(), files.end(),
                                       [&](const revision_file& f) { return f.id == id; });
        read_revision r{&*file, read_text_file(file->file).value_or(""), {}};
        r.body = read_revision_body(file->file, r.text);
        read.emplace(id, std::move(r));
    }
    for (const auto& id : chosen) {
        const read_revision& r = read.at(id);
        schema before;
        for (const auto& ancestor : graph.ancestors(id)) {
            for (const auto& op : read.at(ancestor).body.upgrade) {
                try {
                    apply(before, op);
                } catch (const strata::error& e) {
                    throw diagnostic_error({diagnostic{
                        {read.at(ancestor).file->file, 0, 0},
                        fmt::format("revision '{}' does not apply to the schema before it: {}",
                                    ancestor, e.what()),
                        {}}});
                }
            }
        }
        before.normalize();
        revision_review out;
        out.file = *r.file;
        out.transactional = r.body.transactional;
        out.operations = r.body.upgrade;
        out.lines = r.body.lines;
        schema shape = before;
        for (const auto& op : out.operations) {
            out.explained.push_back(explain(op, shape));
            if (!std::holds_alternative<ops::execute_sql>(op)) {
                try {
                    apply(shape, op);
                } catch (const strata::error&) {
                    // plan_sql() reports it per dialect; the words need no schema.
                }
            }
        }
        for (const auto& d : dialects) {
            out.sql.push_back(plan_sql(*d, out.operations, before));
        }
        out.findings = check_revision({out.operations, before, out.sql});
        out.acknowledgements = read_acknowledgements(r.file->file, r.text);
        acknowledge(out);
        report.revisions.push_back(std::move(out));
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
