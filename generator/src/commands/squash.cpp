#include "commands/squash.hpp"

#include "commands/write_revision.hpp"
#include "compare/diff.hpp"
#include "project/migrations_dir.hpp"
#include "project/replay.hpp"
#include "render/revision_reader.hpp"
#include "support/diagnostic.hpp"
#include "support/file_io.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <ostream>
#include <set>

namespace strata::generator {
namespace {

using file_index = std::map<std::string, const revision_file*, std::less<>>;

[[noreturn]] void refuse(const std::filesystem::path& where, unsigned line, std::string what,
                         std::vector<std::string> notes) {
    throw diagnostic_error({diagnostic{{where, line, 0}, std::move(what), std::move(notes)}});
}

std::string split_note(const migrations_dir& dir) {
    return fmt::format("squash the revisions before it and after it separately: `strata squash -d "
                       "{} FROM:TO` (`strata history -d {}` lists them)",
                       dir.root().string(), dir.root().string());
}

// The range, oldest first: `FROM:TO` as review takes it, or base to the single head.
std::vector<std::string> chosen_range(const migrations_dir& dir, const revision_graph& graph,
                                      const std::optional<std::string>& range) {
    if (!range && graph.heads().size() > 1) {
        refuse(dir.versions_path(), 0,
               "there are several heads, so the range to squash must be given",
               {"name it: `strata squash -d " + dir.root().string() + " FROM:TO`"});
    }
    auto ids = graph.range(range.value_or(":"));
    if (ids.size() < 2) {
        refuse(dir.versions_path(), 0,
               fmt::format("nothing to squash: the range '{}' holds {} revision(s)",
                           range.value_or(":"), ids.size()),
               {"a squash replaces two revisions or more"});
    }
    return ids;
}

// One line: each revision's only parent is the one before it, and nothing outside the
// range builds on any of them but the last (a database there could not take the squash).
void check_line(const revision_graph& graph, const file_index& files,
                const std::vector<std::string>& ids) {
    const std::set<std::string, std::less<>> inside(ids.begin(), ids.end());
    for (std::size_t i = 0; i < ids.size(); ++i) {
        const auto& file = *files.at(ids[i]);
        const auto& parents = graph.get(ids[i])->down_revisions;
        if ((i > 0 && (parents.size() != 1 || parents.front() != ids[i - 1])) ||
            (i == 0 && parents.size() > 1)) {
            refuse(file.file, 0,
                   fmt::format("revision '{}' is a merge or starts a branch, so the range is not "
                               "one line of history and cannot be squashed",
                               ids[i]),
                   {"squash the line before the merge or the one after it"});
        }
        if (!file.branch_labels.empty()) {
            refuse(file.file, 0,
                   fmt::format("revision '{}' carries branch label '{}', which a squash would "
                               "lose",
                               ids[i], file.branch_labels.front()),
                   {"squash a range that starts after it"});
        }
        if (i + 1 == ids.size()) {
            continue;
        }
        for (const auto& child : graph.children(ids[i])) {
            if (!inside.contains(child)) {
                refuse(files.at(child)->file, 0,
                       fmt::format("revision '{}' builds on '{}' in the middle of the range, so "
                                   "the range cannot be squashed",
                                   child, ids[i]),
                       {"squash a range that ends at '" + ids[i] + "' or starts after it"});
            }
        }
    }
}

// What a squash cannot carry: hand-written SQL (its place among the diffed operations is
// unknown, and it may depend on the schema of its moment), a revision outside a
// transaction, another squash, and a rename of a table that exists before the range (the
// diff of the two schemas would drop it and create it anew, losing its rows).
void check_revision(const migrations_dir& dir, const revision_file& file, const schema& before) {
    if (!file.replaces.empty()) {
        refuse(file.file, 0, fmt::format("revision '{}' is a squash itself", file.id),
               {"delete the revisions it replaces first (see `strata squash`'s output), then "
                "squash a range that starts after it"});
    }
    const auto text = read_text_file(file.file).value_or("");
    const auto effect = read_revision_effect(file.file, text);
    if (!effect.transactional) {
        refuse(file.file, 0,
               fmt::format("revision '{}' runs outside a transaction (transactional = false), "
                           "which a squash cannot carry",
                           file.id),
               {split_note(dir)});
    }
    for (const auto& [op, line, column] : effect.recorded) {
        if (std::holds_alternative<ops::execute_sql>(op)) {
            refuse(file.file, line,
                   fmt::format("revision '{}' runs hand-written SQL (op.execute), which a squash "
                               "cannot carry: only modelled operations are squashed",
                               file.id),
                   {split_note(dir)});
        }
        std::string renamed;
        if (const auto* r = std::get_if<ops::rename_table>(&op)) {
            renamed = r->old_name;
        } else if (const auto* c = std::get_if<ops::rename_column>(&op)) {
            renamed = c->table_name;
        }
        if (!renamed.empty() && before.find_table(renamed) != nullptr) {
            refuse(file.file, line,
                   fmt::format("revision '{}' renames in table '{}', which exists before the "
                               "range: a squash would drop and recreate it, losing its rows",
                               file.id, renamed),
                   {split_note(dir)});
        }
    }
}

// The schema @p parents leave: the replay of them and their ancestors (empty for base).
schema schema_at(const revision_graph& graph, const file_index& files,
                 const std::vector<std::string>& parents) {
    std::vector<revision_file> subset;
    for (const auto& id : graph.closure(parents)) {
        subset.push_back(*files.at(id));
    }
    return replay(subset).result;
}

} // namespace

squash_result squash(const squash_request& request, std::ostream& log) {
    const migrations_dir dir(request.directory);
    const auto all = dir.revisions();
    // The snapshot proven first: a squash of revisions that do not replay is no squash.
    const schema snapshot = verified_snapshot(dir, all);
    const auto graph = make_graph(all);
    file_index files;
    for (const auto& file : all) {
        files[file.id] = &file;
    }
    const auto ids = chosen_range(dir, graph, request.range);
    check_line(graph, files, ids);
    const auto parents = graph.get(ids.front())->down_revisions;
    const schema before = schema_at(graph, files, parents);
    for (const auto& id : ids) {
        check_revision(dir, *files.at(id), before);
    }
    // Up to the single head, the range ends where the (proven) snapshot is.
    const schema after = graph.heads() == std::vector<std::string>{ids.back()}
                             ? snapshot
                             : schema_at(graph, files, {ids.back()});

    diff_result changes;
    try {
        changes = diff(before, after);
    } catch (const diagnostic_error& e) {
        auto found = e.diagnostics();
        for (auto& d : found) {
            d.notes.push_back(fmt::format("this is the change from the schema before '{}' to the "
                                          "schema after '{}', which the squash would make in one "
                                          "step; {}",
                                          ids.front(), ids.back(), split_note(dir)));
        }
        throw diagnostic_error(std::move(found));
    }
    const std::string message =
        request.message.empty()
            ? fmt::format("squash of {} revisions ({}..{})", ids.size(), ids.front(), ids.back())
            : request.message;
    squash_result result;
    result.written =
        write_revision(dir, message, upgrade_steps(changes.changes),
                       downgrade_steps(changes.changes), nullptr, parents, {}, log, {}, ids);
    result.replaced = ids;
    for (const auto& id : ids) {
        result.originals.push_back(files.at(id)->file);
    }
    log << fmt::format("strata: generated {} (squash of {} revisions, '{}' to '{}')\n",
                       result.written.string(), ids.size(), ids.front(), ids.back());
    log << fmt::format(
        "strata: {} now upgrades through the squash; one in the middle of the range through the "
        "originals, while they exist\n",
        parents.empty()
            ? std::string("a new database")
            : fmt::format("a database at '{}' (or before it, or new)", parents.front()));
    log << fmt::format("strata: once every database is at '{}' or past it, delete the originals "
                       "(the build keeps working, and databases at head stay at head):\n",
                       ids.back());
    log << "    git rm";
    for (const auto& file : result.originals) {
        log << ' ' << file.string();
    }
    log << '\n';
    return result;
}

} // namespace strata::generator
