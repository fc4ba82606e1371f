#include "project/replay.hpp"

#include "project/snapshot.hpp"
#include "render/render.hpp"
#include "render/revision_reader.hpp"
#include "support/diagnostic.hpp"
#include "support/file_io.hpp"

#include "strata/detail/named.hpp"
#include "strata/error.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <set>

namespace strata::generator {
namespace {

// The table and column @p op changes, for replayed_schema::changed_in ("" when none).
std::pair<std::string, std::string> target_of(const operation& op) {
    return std::visit(
        [](const auto& o) -> std::pair<std::string, std::string> {
            using T = std::decay_t<decltype(o)>;
            if constexpr (std::is_same_v<T, ops::create_table>) {
                return {o.definition.name, ""};
            } else if constexpr (std::is_same_v<T, ops::rename_table>) {
                return {o.new_name, ""};
            } else if constexpr (std::is_same_v<T, ops::add_column>) {
                return {o.table_name, o.definition.name};
            } else if constexpr (std::is_same_v<T, ops::alter_column>) {
                return {o.table_name, o.to.name};
            } else if constexpr (std::is_same_v<T, ops::rename_column>) {
                return {o.table_name, o.new_name};
            } else if constexpr (requires { o.table_name; }) {
                return {o.table_name, ""};
            } else {
                return {"", ""};
            }
        },
        op);
}

std::string repair_note(const migrations_dir& dir) {
    return fmt::format("the revisions are the truth and the snapshot their cache: if the snapshot "
                       "is wrong (a merge conflict resolved by hand, an edit), rebuild it with "
                       "`strata repair-snapshot -d {}`; if a revision was deleted or edited by "
                       "mistake, restore it from version control (`git status {}`)",
                       dir.root().string(), dir.versions_path().string());
}

std::string names(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items) {
        text += (text.empty() ? "'" : ", '") + item + "'";
    }
    return text;
}

// Named items (indexes, constraints) that differ between the two sides of one table.
template <class T, class Render>
void compare_named(const std::vector<T>& in_snapshot, const std::vector<T>& replayed,
                   const char* what, const std::string& table_name, Render render,
                   std::vector<std::string>& out) {
    for (const auto& r : replayed) {
        const T* it = detail::find_named(in_snapshot, r.name);
        if (it == nullptr) {
            out.push_back(fmt::format("{} '{}' of table '{}' is missing from the snapshot; the "
                                      "revisions create it: {}",
                                      what, r.name, table_name, render(r)));
        } else if (!(*it == r)) {
            out.push_back(fmt::format("{} '{}' of table '{}' differs: the snapshot has {}, the "
                                      "revisions give {}",
                                      what, r.name, table_name, render(*it), render(r)));
        }
    }
    for (const auto& s : in_snapshot) {
        if (detail::find_named(replayed, s.name) == nullptr) {
            out.push_back(fmt::format("the snapshot has {} '{}' of table '{}', which the "
                                      "revisions do not create",
                                      what, s.name, table_name));
        }
    }
}

// Every way table @p s (snapshot) differs from @p r (replay), one message each.
std::vector<std::string> table_differences(const table& s, const table& r,
                                           const replayed_schema& replayed) {
    std::vector<std::string> out;
    auto where = [&](const std::string& column) {
        const auto it = replayed.changed_in.find(s.name + "." + column);
        return it == replayed.changed_in.end() ? std::string()
                                               : " (" + it->second.filename().string() + ")";
    };
    for (const auto& c : r.columns) {
        const column* mine = s.find_column(c.name);
        if (mine == nullptr) {
            out.push_back(fmt::format("column '{}.{}' is missing from the snapshot; the revisions "
                                      "add it{}",
                                      s.name, c.name, where(c.name)));
        } else if (!(*mine == c)) {
            out.push_back(
                fmt::format("column '{}.{}' differs: the snapshot has {}, the revisions give {}{}",
                            s.name, c.name, render_operation(ops::add_column{s.name, *mine}, 0),
                            render_operation(ops::add_column{s.name, c}, 0), where(c.name)));
        }
    }
    for (const auto& c : s.columns) {
        if (r.find_column(c.name) == nullptr) {
            out.push_back(fmt::format("the snapshot has column '{}.{}', which the revisions do not "
                                      "produce",
                                      s.name, c.name));
        }
    }
    if (out.empty() && s.columns != r.columns) {
        std::vector<std::string> mine;
        std::vector<std::string> theirs;
        for (const auto& c : s.columns) {
            mine.push_back(c.name);
        }
        for (const auto& c : r.columns) {
            theirs.push_back(c.name);
        }
        out.push_back(fmt::format("the columns of table '{}' are in another order: the snapshot "
                                  "has {}, the revisions give {}",
                                  s.name, names(mine), names(theirs)));
    }
    compare_named(
        s.indexes, r.indexes, "index", s.name,
        [](const index& i) {
            return render_operation(ops::create_index{"", i}, 0);
        },
        out);
    compare_named(
        s.uniques, r.uniques, "unique constraint", s.name,
        [](const unique_constraint& u) {
            return render_operation(ops::add_unique{"", u}, 0);
        },
        out);
    compare_named(
        s.foreign_keys, r.foreign_keys, "foreign key", s.name,
        [](const foreign_key& k) {
            return render_operation(ops::add_foreign_key{"", k}, 0);
        },
        out);
    compare_named(
        s.checks, r.checks, "check constraint", s.name,
        [](const check_constraint& c) {
            return render_operation(ops::add_check{"", c}, 0);
        },
        out);
    if (s.comment != r.comment) {
        out.push_back(fmt::format("the comment of table '{}' differs: the snapshot has {}, the "
                                  "revisions give {}",
                                  s.name, s.comment ? cpp_string_literal(*s.comment) : "none",
                                  r.comment ? cpp_string_literal(*r.comment) : "none"));
    }
    return out;
}

std::vector<diagnostic> differences(const migrations_dir& dir, const schema& snapshot,
                                    const replayed_schema& replayed) {
    std::vector<diagnostic> found;
    const auto note = repair_note(dir);
    std::set<std::string> tables;
    for (const auto& t : snapshot.tables) {
        tables.insert(t.name);
    }
    for (const auto& t : replayed.result.tables) {
        tables.insert(t.name);
    }
    for (const auto& name : tables) {
        const auto file = dir.snapshot_path() / (name + ".json");
        const table* s = snapshot.find_table(name);
        const table* r = replayed.result.find_table(name);
        if (s == nullptr) {
            const auto it = replayed.changed_in.find(name);
            found.push_back(
                {{file, 0, 0},
                 fmt::format("the snapshot has no file for table '{}', which the "
                             "revisions create{}",
                             name,
                             it == replayed.changed_in.end()
                                 ? std::string()
                                 : " (last changed in " + it->second.filename().string() + ")"),
                 {note}});
        } else if (r == nullptr) {
            found.push_back(
                {{file, 0, 0},
                 fmt::format("the snapshot has table '{}', which the revisions do not create",
                             name),
                 {note}});
        } else if (!(*s == *r)) {
            for (auto& message : table_differences(*s, *r, replayed)) {
                found.push_back({{file, 0, 0}, std::move(message), {note}});
            }
        }
    }
    return found;
}

// The tables on which two schemas differ, for a message.
std::vector<std::string> differing_tables(const schema& a, const schema& b) {
    std::set<std::string> found;
    for (const auto& t : a.tables) {
        const table* other = b.find_table(t.name);
        if (other == nullptr || !(*other == t)) {
            found.insert(t.name);
        }
    }
    for (const auto& t : b.tables) {
        if (a.find_table(t.name) == nullptr) {
            found.insert(t.name);
        }
    }
    return {found.begin(), found.end()};
}

// A squash whose originals are present is not replayed (the originals are): proven here to
// produce, from the schema of its parent, the schema of the newest revision it replaces.
void prove_squash(const revision& step, const std::vector<revision_file>& revisions,
                  const std::map<std::string, schema, std::less<>>& at) {
    const auto file = std::find_if(revisions.begin(), revisions.end(),
                                   [&](const auto& f) { return f.replaces == step.replaces; });
    if (file == revisions.end() || step.down_revisions.size() > 1) {
        return; // a squash on a merge is proven once its originals are gone
    }
    schema result = step.down_revisions.empty() ? schema{} : at.at(step.down_revisions.front());
    const auto text = read_text_file(file->file).value_or("");
    for (const auto& [op, line, column] : read_revision_effect(file->file, text).operations) {
        try {
            apply(result, op);
        } catch (const error& e) {
            throw diagnostic_error({diagnostic{
                {file->file, line, column},
                fmt::format("squash revision '{}' does not fit the schema of its parent: {}",
                            file->id, e.what()),
                {"regenerate it: delete the file and run `strata squash` on the same range"}}});
        }
    }
    result.normalize();
    schema expected = at.at(step.id);
    expected.normalize();
    if (!(result == expected)) {
        throw diagnostic_error({diagnostic{
            {file->file, 0, 0},
            fmt::format("squash revision '{}' does not produce the schema of the revisions it "
                        "replaces (up to '{}'): tables {} differ",
                        file->id, step.id, names(differing_tables(result, expected))),
            {"a squash must do exactly what its range does; regenerate it: delete the file and "
             "run `strata squash` on the same range"}}});
    }
}

} // namespace

replayed_schema replay(const std::vector<revision_file>& revisions) {
    const auto graph = make_graph(revisions);
    std::map<std::string, const revision_file*, std::less<>> by_id;
    for (const auto& file : revisions) {
        by_id[file.id] = &file;
    }
    // The schemas the squashes' proofs compare: at each one's parent and newest original.
    std::set<std::string, std::less<>> kept_at;
    for (const auto& step : graph.squash_steps()) {
        kept_at.insert(step.id);
        kept_at.insert(step.down_revisions.begin(), step.down_revisions.end());
    }
    std::map<std::string, schema, std::less<>> at;
    replayed_schema replayed;
    for (const auto& rev : graph.revisions()) {
        const revision_file& file = *by_id.at(rev.id);
        const auto text = read_text_file(file.file);
        if (!text) {
            throw diagnostic_error(
                {diagnostic{{file.file, 0, 0}, "cannot read revision file", {}}});
        }
        for (const auto& [op, line, column] : read_revision_effect(file.file, *text).operations) {
            try {
                apply(replayed.result, op);
            } catch (const error& e) {
                throw diagnostic_error({diagnostic{
                    {file.file, line, column},
                    fmt::format("revision '{}' does not fit the revisions before it: {}", rev.id,
                                e.what()),
                    {"the schema its ancestors produce has no room for this operation: was an "
                     "earlier revision deleted or edited, or do two merged branches make the same "
                     "change? `strata history -d DIR --verbose` lists the revisions in order"}}});
            }
            const auto [table_name, column_name] = target_of(op);
            if (!table_name.empty()) {
                replayed.changed_in[table_name] = file.file;
                if (!column_name.empty()) {
                    replayed.changed_in[table_name + "." + column_name] = file.file;
                }
            }
        }
        if (kept_at.contains(rev.id)) {
            at[rev.id] = replayed.result;
        }
    }
    for (const auto& step : graph.squash_steps()) {
        prove_squash(step, revisions, at);
    }
    replayed.result.normalize();
    return replayed;
}

schema verified_snapshot(const migrations_dir& dir, const std::vector<revision_file>& revisions) {
    const auto replayed = replay(revisions);
    schema snapshot;
    try {
        snapshot = read_snapshot(dir.snapshot_path());
    } catch (const diagnostic_error& e) {
        auto found = e.diagnostics();
        for (auto& d : found) {
            d.notes.push_back(fmt::format("rebuild the snapshot from the revisions with `strata "
                                          "repair-snapshot -d {}`",
                                          dir.root().string()));
        }
        throw diagnostic_error(std::move(found));
    }
    if (!(snapshot == replayed.result)) {
        throw diagnostic_error(differences(dir, snapshot, replayed));
    }
    return snapshot;
}

} // namespace strata::generator
