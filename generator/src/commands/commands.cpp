#include "commands/commands.hpp"
#include "commands/write_revision.hpp"

#include "project/migrations_dir.hpp"
#include "project/post_write.hpp"
#include "project/replay.hpp"
#include "project/snapshot.hpp"
#include "render/render.hpp"
#include "render/revision_format.hpp"
#include "render/revision_id.hpp"
#include "strata/detail/sha256.hpp"
#include "support/diagnostic.hpp"
#include "support/file_io.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <ostream>
#include <set>

namespace strata::generator {
namespace {

std::string names_of(const std::vector<std::string>& ids) {
    std::string list;
    for (const auto& id : ids) {
        list += (list.empty() ? "'" : ", '") + id + "'";
    }
    return list;
}

// A head, as a user names it: `label@head` when its line carries a branch label.
std::string describe_head(const revision_graph& graph, const std::string& id) {
    for (const auto& above : graph.line({id})) {
        const auto& labels = graph.get(above)->branch_labels;
        if (!labels.empty()) {
            return fmt::format("{}@head ('{}')", labels.front(), id);
        }
    }
    return fmt::format("'{}'", id);
}

// The heads that are not declared branches. A head is declared when its line of history
// carries a branch label no other head's line carries (`--head base --branch-label audit`,
// or `--branch-label tagging` on a branch point); one head may do without, the line that
// was there first. Two heads whose lines carry the same labels are two people adding a
// revision to the same branch: an accident, to be merged.
std::vector<std::string> undeclared_heads(const revision_graph& graph) {
    const auto heads = graph.heads();
    std::vector<std::set<std::string>> labels(heads.size());
    for (std::size_t i = 0; i < heads.size(); ++i) {
        // The line through parents only: a dependency on another branch (depends_on) does
        // not make that branch's labels this head's.
        for (const auto& id : graph.line({heads[i]})) {
            const auto& own = graph.get(id)->branch_labels;
            labels[i].insert(own.begin(), own.end());
        }
    }
    std::vector<std::string> undeclared;
    for (std::size_t i = 0; i < heads.size(); ++i) {
        const bool own_label = std::any_of(labels[i].begin(), labels[i].end(), [&](const auto& l) {
            for (std::size_t j = 0; j < heads.size(); ++j) {
                if (j != i && labels[j].contains(l)) {
                    return false;
                }
            }
            return true;
        });
        if (!own_label) {
            undeclared.push_back(heads[i]);
        }
    }
    return undeclared;
}

diagnostic multiple_heads(const migrations_dir& dir, const std::vector<std::string>& heads) {
    return diagnostic{
        {dir.versions_path(), 0, 0},
        fmt::format("multiple heads: {}; two branches each added a revision", names_of(heads)),
        {"merge the branches' revisions first: `strata merge -d " + dir.root().string() +
         "` (or write a revision whose .down_revisions lists both heads)"}};
}

// The parent of a new revision: the single head. Several heads means two branches each
// added a revision; generating on top of either would hide the other, so stop here.
std::vector<std::string> parent_for_new_revision(const migrations_dir& dir,
                                                 const std::string& head_target = {}) {
    const auto graph = make_graph(dir.revisions());
    if (!head_target.empty()) {
        // An explicit --head: the user chose the branch (or `base` for a new root).
        return graph.resolve(head_target);
    }
    const auto heads = graph.heads();
    if (heads.size() > 1) {
        if (undeclared_heads(graph).size() > 1) {
            throw diagnostic_error({multiple_heads(dir, heads)});
        }
        std::string list;
        for (const auto& id : heads) {
            list += (list.empty() ? "" : ", ") + describe_head(graph, id);
        }
        throw diagnostic_error({diagnostic{
            {dir.versions_path(), 0, 0},
            fmt::format("the revisions have independent branches ({}); a new revision needs to "
                        "know which one it belongs to",
                        list),
            {"name the branch: `strata revision --head LABEL@head ...`, or `add_migrations(... "
             "HEAD LABEL@head)` for the build"}}});
    }
    return heads;
}

// A default message naming the changes; long lists are cut so the message stays a line.
std::string describe_changes(const std::vector<step>& upgrades) {
    std::string text;
    std::size_t shown = 0;
    for (const auto& s : upgrades) {
        if (std::holds_alternative<ops::execute_sql>(s.op)) {
            continue;
        }
        if (!text.empty() && text.size() > 60) {
            break;
        }
        text += (text.empty() ? "" : ", ") + describe(s.op);
        ++shown;
    }
    std::size_t described = 0;
    for (const auto& s : upgrades) {
        described += std::holds_alternative<ops::execute_sql>(s.op) ? 0 : 1;
    }
    if (shown < described) {
        text += fmt::format(" and {} more", described - shown);
    }
    return text;
}

std::string file_name_for(const settings& config, std::time_t when, const std::string& id,
                          const std::string& message) {
    std::tm utc{};
    gmtime_r(&when, &utc);
    const std::string slug = slugify(message, config.truncate_slug_length);
    try {
        return fmt::format(fmt::runtime(config.file_template),
                           fmt::arg("year", fmt::format("{:04}", utc.tm_year + 1900)),
                           fmt::arg("month", fmt::format("{:02}", utc.tm_mon + 1)),
                           fmt::arg("day", fmt::format("{:02}", utc.tm_mday)),
                           fmt::arg("hour", fmt::format("{:02}", utc.tm_hour)),
                           fmt::arg("minute", fmt::format("{:02}", utc.tm_min)),
                           fmt::arg("second", fmt::format("{:02}", utc.tm_sec)),
                           fmt::arg("rev", id), fmt::arg("slug", slug)) +
               ".cpp";
    } catch (const fmt::format_error& e) {
        throw diagnostic_error({diagnostic{
            {},
            fmt::format("invalid file_template '{}' in strata.ini: {}", config.file_template,
                        e.what()),
            {"placeholders are {year} {month} {day} {hour} {minute} {second} {rev} {slug}"}}});
    }
}

// Stages the snapshot files that change and the removal of those whose table is gone, so
// an unchanged table's file keeps its bytes and its timestamp.
// Returns what it staged, e.g. "wrote users.json", "removed tags.json".
std::vector<std::string> stage_snapshot(file_transaction& files, const std::filesystem::path& dir,
                                        const schema& new_snapshot) {
    std::vector<std::string> staged;
    const auto wanted = snapshot_files(new_snapshot);
    std::filesystem::create_directories(dir);
    for (const auto& [name, content] : wanted) {
        if (read_text_file(dir / name) != content) {
            files.stage(dir / name, content);
            staged.push_back("wrote " + name);
        }
    }
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.path().extension() == ".json" &&
            !wanted.count(entry.path().filename().string())) {
            files.stage_removal(entry.path());
            staged.push_back("removed " + entry.path().filename().string());
        }
    }
    return staged;
}

// A revision that needs @p field (branch labels, dependencies) from a template without its
// placeholder would silently lose it: stop and say which line to add, and after which.
void require_placeholder(const migrations_dir& dir, const std::string& template_text,
                         std::string_view field, std::string_view placeholder,
                         std::string_view after) {
    if (template_text.find(revision_format::placeholder(placeholder)) != std::string::npos) {
        return;
    }
    throw diagnostic_error({diagnostic{
        {dir.template_path(), 0, 0},
        fmt::format("the revision template has no {} placeholder, so the revision's {} would "
                    "be lost",
                    revision_format::placeholder(placeholder), field),
        {fmt::format("add `{}` after `.{},` in the registrar (a new `strata init` has it)",
                     revision_format::list_field_line(field, placeholder), after)}}});
}

// The ids of the revisions @p targets name, for `.depends_on`: each must name revisions
// outside the new revision's own line (a parent is already applied first).
std::vector<std::string> dependency_ids(const migrations_dir& dir,
                                        const std::vector<std::string>& targets,
                                        const std::vector<std::string>& parents) {
    if (targets.empty()) {
        return {};
    }
    const auto graph = make_graph(dir.revisions());
    const auto own_line = graph.line(parents);
    std::vector<std::string> ids;
    for (const auto& target : targets) {
        const auto named = graph.resolve(target);
        if (named.empty()) {
            throw diagnostic_error(
                {diagnostic{{dir.versions_path(), 0, 0},
                            fmt::format("--depends-on '{}' names no revision", target),
                            {"name a revision on another branch: `LABEL@head` or an id"}}});
        }
        for (const auto& id : named) {
            if (std::find(own_line.begin(), own_line.end(), id) != own_line.end()) {
                throw diagnostic_error({diagnostic{
                    {dir.versions_path(), 0, 0},
                    fmt::format("--depends-on '{}': revision '{}' is already an ancestor of the "
                                "new revision, so it is applied first anyway",
                                target, id),
                    {"depend on a revision of another branch, or leave --depends-on out"}}});
            }
            if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
                ids.push_back(id);
            }
        }
    }
    return ids;
}

} // namespace

std::filesystem::path write_revision(const migrations_dir& dir, const std::string& message,
                                     const std::vector<step>& upgrades,
                                     const std::vector<step>& downgrades,
                                     const schema* new_snapshot,
                                     const std::vector<std::string>& parents,
                                     const std::vector<std::string>& branch_labels,
                                     std::ostream& log, const std::vector<std::string>& depends_on,
                                     const std::vector<std::string>& replaces) {
    const auto template_text = read_text_file(dir.template_path());
    if (!template_text) {
        throw diagnostic_error({diagnostic{
            {dir.template_path(), 0, 0},
            "cannot read the revision template",
            {"restore script.cpp.tmpl from version control or copy it from a new `strata init`"}}});
    }
    std::string operations_text;
    for (const auto& s : upgrades) {
        operations_text += render_operation(s.op) + '\n';
    }
    operations_text += '\x1e';
    for (const auto& s : downgrades) {
        operations_text += render_operation(s.op) + '\n';
    }
    if (!branch_labels.empty()) {
        require_placeholder(dir, *template_text, revision_format::branch_labels_field,
                            revision_format::branch_labels_placeholder, "downgrade = &downgrade");
        // Labels are part of what the revision is, so they are part of its id.
        operations_text += '\x1e';
        for (const auto& label : branch_labels) {
            operations_text += label + '\n';
        }
    }
    if (!depends_on.empty()) {
        require_placeholder(dir, *template_text, revision_format::depends_on_field,
                            revision_format::depends_on_placeholder,
                            "branch_labels = {${branch_labels}}");
        // So are dependencies (after a separator of their own: a label is not an id).
        operations_text += "\x1e\x1d";
        for (const auto& id : depends_on) {
            operations_text += id + '\n';
        }
    }
    if (!replaces.empty()) {
        // What a squash replaces is part of what it is, so part of its id.
        operations_text += "\x1ereplaces";
        for (const auto& id : replaces) {
            operations_text += '\n' + id;
        }
    }
    const std::time_t when = creation_time();
    revision_header header{make_revision_id(parents, operations_text, message),
                           parents,
                           message,
                           format_create_date(when),
                           branch_labels,
                           depends_on,
                           replaces};
    if (!branch_labels.empty() || !depends_on.empty()) {
        // The graph checks labels (unique, not a keyword, no '@'): build it with the new one.
        auto files = dir.revisions();
        files.push_back(
            {{}, header.id, parents, message, header.create_date, branch_labels, depends_on});
        (void)make_graph(files);
    }
    for (const auto& existing : dir.revisions()) {
        if (existing.id == header.id) {
            throw diagnostic_error({diagnostic{
                {existing.file, 0, 0},
                fmt::format("revision '{}' with the same parent, changes and message exists "
                            "already",
                            header.id),
                {"use a different message (-m) if you really want a second revision"}}});
        }
    }
    const auto target = dir.versions_path() / file_name_for(dir.config(), when, header.id, message);
    // Formatted before staging, so the revision and the snapshot still land together.
    const auto text = run_post_write_hook(
        dir.config().post_write, dir.config().post_write_set,
        render_revision(*template_text, dir.template_path().string(), header, upgrades, downgrades),
        target, log);

    std::filesystem::create_directories(dir.versions_path());
    file_transaction files;
    files.stage(target, text);
    if (new_snapshot) {
        (void)stage_snapshot(files, dir.snapshot_path(), *new_snapshot);
    }
    files.commit();
    return target;
}

namespace {

std::string escape_for_depfile(const std::string& path) {
    std::string out;
    for (char ch : path) {
        if (ch == ' ' || ch == '#' || ch == '\\') {
            out += '\\';
        } else if (ch == '$') {
            out += '$';
        }
        out += ch;
    }
    return out;
}

} // namespace

autogenerate_result autogenerate(const autogenerate_request& request, bool check_only,
                                 std::ostream& log) {
    const migrations_dir dir(request.directory);
    // Proven before the diff: a revision written from a snapshot the revisions do not
    // produce would repeat or miss their changes.
    const schema old_schema = verified_snapshot(dir, dir.revisions());
    auto scanned = scan(request.scan);

    autogenerate_result result;
    result.opened_files = std::move(scanned.opened_files);
    auto outcome = diff(old_schema, scanned.models, scanned.annotations);
    result.changes = std::move(outcome.changes);
    if (result.changes.empty()) {
        return result;
    }
    const auto upgrades = upgrade_steps(result.changes);
    if (check_only) {
        std::vector<std::string> notes;
        for (const auto& s : upgrades) {
            notes.push_back("pending: " + describe(s.op));
        }
        notes.push_back(
            fmt::format("run `{}` and commit the new revision and the snapshot",
                        request.revision_command.empty()
                            ? fmt::format("strata revision --autogenerate -d {} --model ...",
                                          dir.root().string())
                            : request.revision_command));
        throw diagnostic_error(
            {diagnostic{{dir.snapshot_path(), 0, 0},
                        "the models differ from the schema snapshot, and autogeneration is off",
                        std::move(notes)}});
    }
    std::string message = request.message;
    if (message.empty()) {
        message = describe_changes(upgrades);
    }
    const auto& head = request.placement.head;
    if (!head.empty()) {
        // The snapshot is what every head together produces, so a diff against it belongs
        // on a head: the branch that takes the changes.
        const auto graph = make_graph(dir.revisions());
        const auto target = graph.resolve(head);
        const auto heads = graph.heads();
        if (target.size() != 1 ||
            std::find(heads.begin(), heads.end(), target.front()) == heads.end()) {
            throw diagnostic_error({diagnostic{
                {dir.snapshot_path(), 0, 0},
                fmt::format("--head '{}' with --autogenerate must name a head: the snapshot "
                            "describes the models as of the heads",
                            head),
                {"write an empty revision there with `strata revision --head " + head +
                 " -m ...`, or name a head (`LABEL@head`)"}}});
        }
    }
    // The new snapshot is what the replay of the revisions will produce, not the models as
    // scanned: add_column appends, so a member declared between two others would otherwise
    // leave the snapshot in another column order than the proof of the next build finds.
    schema next_snapshot = old_schema;
    for (const auto& s : upgrades) {
        apply(next_snapshot, s.op);
    }
    const auto parents = parent_for_new_revision(dir, head);
    result.written = write_revision(dir, message, upgrades, downgrade_steps(result.changes),
                                    &next_snapshot, parents, request.placement.branch_labels, log,
                                    dependency_ids(dir, request.placement.depends_on, parents));
    log << fmt::format("strata: generated {} ({})\n", result.written->string(),
                       describe_changes(upgrades));
    // Destructive steps are also marked in the file; this line makes them visible in the
    // build log too, where a reviewer of CI output sees them.
    // A warning's further lines (what existing_rows declared) join it on one log line.
    const auto one_line = [](std::string text) {
        for (auto at = text.find('\n'); at != std::string::npos; at = text.find('\n', at)) {
            text.replace(at, 1, "; ");
        }
        return text;
    };
    for (const auto& s : upgrades) {
        if (!s.warning.empty()) {
            log << fmt::format("strata: warning: {}: {}\n", result.written->filename().string(),
                               one_line(s.warning));
        }
    }
    // In downgrade(), dropping what the upgrade added is expected; what else can fail or
    // lose data is logged.
    for (const auto& s : downgrade_steps(result.changes)) {
        const bool drops = std::holds_alternative<ops::drop_table>(s.op) ||
                           std::holds_alternative<ops::drop_column>(s.op);
        if (!s.warning.empty() && !drops) {
            log << fmt::format("strata: warning: {}: downgrade() {}\n",
                               result.written->filename().string(), s.warning);
        }
    }
    for (const auto& hint : outcome.hints) {
        log << fmt::format("strata: hint: {}\n", hint);
    }
    return result;
}

std::filesystem::path write_empty_revision(const std::filesystem::path& directory,
                                           const std::string& message, std::ostream& log,
                                           const revision_placement& placement) {
    if (message.empty()) {
        throw diagnostic_error({diagnostic{{},
                                           "a revision without --autogenerate needs a message",
                                           {"pass -m \"what it does\""}}});
    }
    const migrations_dir dir(directory);
    const auto parents = parent_for_new_revision(dir, placement.head);
    auto written = write_revision(dir, message, {}, {}, nullptr, parents, placement.branch_labels,
                                  log, dependency_ids(dir, placement.depends_on, parents));
    log << fmt::format("strata: generated {} (empty; fill in upgrade() and downgrade())\n",
                       written.string());
    return written;
}

std::filesystem::path write_merge_revision(const std::filesystem::path& directory,
                                           const std::vector<std::string>& targets,
                                           const std::string& message, std::ostream& log) {
    const migrations_dir dir(directory);
    const auto graph = make_graph(dir.revisions());
    std::vector<std::string> parents;
    for (const auto& target : targets.empty() ? std::vector<std::string>{"heads"} : targets) {
        for (auto& id : graph.resolve(target)) {
            if (std::find(parents.begin(), parents.end(), id) == parents.end()) {
                parents.push_back(std::move(id));
            }
        }
    }
    if (parents.size() < 2) {
        throw diagnostic_error({diagnostic{
            {dir.versions_path(), 0, 0},
            parents.empty() ? std::string("nothing to merge: there are no revisions")
            : targets.empty()
                ? fmt::format("nothing to merge: there is one head ('{}')", parents.front())
                : fmt::format("nothing to merge: the targets name one revision "
                              "('{}')",
                              parents.front()),
            {"merge joins several heads; `strata heads` lists them"}}});
    }
    for (const auto& id : parents) {
        for (const auto& other : parents) {
            const auto above = graph.ancestors(other);
            if (std::find(above.begin(), above.end(), id) != above.end()) {
                throw diagnostic_error({diagnostic{
                    {dir.versions_path(), 0, 0},
                    fmt::format("nothing to merge between '{}' and '{}': the first is an "
                                "ancestor of the second",
                                id, other),
                    {"merge joins revisions on different branches; `strata heads` lists them"}}});
            }
        }
    }
    std::string text = message;
    if (text.empty()) {
        text = "merge";
        for (const auto& id : parents) {
            text += " " + id;
        }
    }
    auto written = write_revision(dir, text, {}, {}, nullptr, parents, {}, log);
    log << fmt::format("strata: generated {} (merge of {})\n", written.string(),
                       fmt::format("{}", fmt::join(parents, ", ")));
    return written;
}

void require_declared_heads(const std::filesystem::path& directory) {
    const migrations_dir dir(directory);
    const auto graph = make_graph(dir.revisions());
    if (undeclared_heads(graph).size() > 1) {
        throw diagnostic_error({multiple_heads(dir, graph.heads())});
    }
}

std::vector<std::string> repair_snapshot(const std::filesystem::path& directory,
                                         std::ostream& log) {
    const migrations_dir dir(directory);
    const auto replayed = replay(dir.revisions());
    file_transaction files;
    const auto changed = stage_snapshot(files, dir.snapshot_path(), replayed.result);
    files.commit();
    if (changed.empty()) {
        log << fmt::format("strata: {} already matches the revisions; nothing to do\n",
                           dir.snapshot_path().string());
    } else {
        log << fmt::format("strata: rebuilt {} from the revisions: {}\n",
                           dir.snapshot_path().string(), fmt::join(changed, ", "));
    }
    return changed;
}

std::string build_manifest_source(const std::vector<revision_file>& revisions,
                                  const std::string& version_table) {
    auto by_id = revisions;
    std::sort(by_id.begin(), by_id.end(),
              [](const revision_file& a, const revision_file& b) { return a.id < b.id; });
    std::string listing;
    for (const auto& rev : by_id) {
        listing += fmt::format("{} {}\n", rev.id, rev.source_digest);
    }
    auto heads = make_graph(revisions).heads();
    std::sort(heads.begin(), heads.end());
    std::string quoted_heads;
    for (const auto& id : heads) {
        quoted_heads += fmt::format("{}\"{}\"", quoted_heads.empty() ? "" : ", ", id);
    }
    return fmt::format("\n#include <strata/build_manifest.hpp>\n\n"
                       "namespace {{\n"
                       "// What this build checked: the graph of the revisions above, and the\n"
                       "// digest of their files, so that a start-up at head is one query.\n"
                       "const strata::build_manifest_registrar strata_build_manifest{{{{\n"
                       "    .heads = {{{}}},\n"
                       "    .revision_count = {},\n"
                       "    .digest = \"{}\",\n"
                       "    .version_table = {},\n"
                       "}}}};\n"
                       "}} // namespace\n",
                       quoted_heads, revisions.size(), sha256_hex(listing),
                       cpp_string_literal(version_table));
}

void write_build_outputs(const std::filesystem::path& directory, const build_outputs& outputs,
                         const std::vector<std::filesystem::path>& scanned_files) {
    const migrations_dir dir(directory);
    const auto revisions = dir.revisions();

    std::string aggregate =
        fmt::format("// Generated by strata: compiles every revision in {} into this target.\n"
                    "// Rewritten by the build whenever versions/ changes; do not edit.\n",
                    dir.versions_path().string());
    for (const auto& rev : revisions) {
        aggregate += fmt::format("#include \"{}\"\n", std::filesystem::absolute(rev.file).string());
    }
    aggregate += build_manifest_source(revisions, dir.config().version_table);
    write_if_changed(outputs.aggregate, aggregate);

    std::vector<std::filesystem::path> inputs = scanned_files;
    inputs.push_back(dir.ini_path());
    inputs.push_back(dir.template_path());
    // The snapshot directory (a table added or removed) and each table's file.
    inputs.push_back(dir.snapshot_path());
    for (const auto& entry : std::filesystem::directory_iterator(dir.snapshot_path())) {
        if (entry.path().extension() == ".json") {
            inputs.push_back(entry.path());
        }
    }
    // The directory itself: adding or removing a revision file changes its timestamp.
    inputs.push_back(dir.versions_path());
    // Each revision and the headers of its own: an edit changes the manifest's digest.
    for (const auto& rev : revisions) {
        inputs.push_back(rev.file);
        inputs.insert(inputs.end(), rev.local_includes.begin(), rev.local_includes.end());
    }
    std::string depfile = escape_for_depfile(outputs.stamp.string()) + ":";
    for (const auto& input : inputs) {
        depfile += " \\\n  " + escape_for_depfile(std::filesystem::absolute(input).string());
    }
    depfile += '\n';
    write_if_changed(outputs.depfile, depfile);

    file_transaction stamp;
    stamp.stage(outputs.stamp, "");
    stamp.commit();
}

} // namespace strata::generator
