#include "project/migrations_dir.hpp"

#include "strata/connection.hpp"
#include "strata/detail/sha256.hpp"

#include "project/embedded_templates.hpp"
#include "render/revision_format.hpp"
#include "support/diagnostic.hpp"
#include "support/file_io.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fstream>
#include <iterator>
#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace strata::generator {
namespace {

// The one strata.ini reader (strata/settings.hpp), its errors as compiler-style
// diagnostics.
settings read_settings(const std::filesystem::path& ini) {
    try {
        return read_ini(ini);
    } catch (const settings_error& e) {
        std::vector<std::string> notes;
        if (!e.hint().empty()) {
            notes.push_back(e.hint());
        }
        throw diagnostic_error({diagnostic{{e.file(), e.line(), 0}, e.reason(), notes}});
    }
}

// Headers a revision includes with quotes, found next to the including file, and theirs in
// turn: a revision that takes SQL or data from a header of its own changes when the header
// does, so the build manifest's digest must follow it. Angle-bracket includes are
// libraries (strata's own headers among them) and are left out.
void add_local_includes(const std::filesystem::path& file, const std::string& text,
                        std::vector<std::filesystem::path>& found) {
    static const std::regex include_re(R"re((?:^|\n)[ \t]*#[ \t]*include[ \t]*"([^"]+)")re");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), include_re);
         it != std::sregex_iterator(); ++it) {
        const auto header = (file.parent_path() / (*it)[1].str()).lexically_normal();
        if (std::find(found.begin(), found.end(), header) != found.end()) {
            continue;
        }
        const auto content = read_text_file(header);
        if (!content) {
            continue; // found through the include path instead: outside what is hashed
        }
        found.push_back(header);
        add_local_includes(header, *content, found);
    }
}

// The registration block the template ends with is the machine-readable part of a
// revision; the rest of the file is the user's to edit.
revision_file parse_revision_file(const std::filesystem::path& file) {
    auto text = read_text_file(file);
    if (!text) {
        throw diagnostic_error({diagnostic{{file, 0, 0}, "cannot read revision file", {}}});
    }
    revision_file rev;
    rev.file = file;
    add_local_includes(file, *text, rev.local_includes);
    std::string hashed = *text;
    for (const auto& header : rev.local_includes) {
        const auto content = read_text_file(header).value_or("");
        hashed +=
            fmt::format("\n#strata-include {} {}\n", header.filename().string(), content.size()) +
            content;
    }
    rev.source_digest = sha256_hex(hashed);
    auto reg = revision_format::read_registration(file, *text);
    rev.id = std::move(reg.id);
    rev.down_revisions = std::move(reg.down_revisions);
    rev.message = std::move(reg.message);
    rev.create_date = std::move(reg.create_date);
    rev.branch_labels = std::move(reg.branch_labels);
    rev.depends_on = std::move(reg.depends_on);
    rev.depends_on_line = reg.depends_on_line;
    rev.replaces = std::move(reg.replaces);
    return rev;
}

} // namespace

migrations_dir::migrations_dir(std::filesystem::path root) : m_root(std::move(root)) {
    if (!std::filesystem::is_directory(m_root)) {
        throw diagnostic_error(
            {diagnostic{{m_root, 0, 0},
                        "migrations directory does not exist",
                        {fmt::format("create it with `strata init {}`", m_root.string())}}});
    }
    if (!std::filesystem::exists(ini_path())) {
        throw diagnostic_error(
            {diagnostic{{m_root, 0, 0},
                        "not a migrations directory: it has no strata.ini",
                        {fmt::format("create one with `strata init {}`", m_root.string())}}});
    }
    m_settings = read_settings(ini_path());
}

std::vector<revision_file> migrations_dir::revisions() const {
    std::vector<revision_file> result;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(versions_path(), ec)) {
        if (entry.is_regular_file() && entry.path().extension() == ".cpp") {
            result.push_back(parse_revision_file(entry.path()));
        }
    }
    std::sort(result.begin(), result.end(),
              [](const revision_file& a, const revision_file& b) { return a.file < b.file; });
    for (std::size_t i = 1; i < result.size(); ++i) {
        for (std::size_t j = 0; j < i; ++j) {
            if (result[i].id == result[j].id) {
                throw diagnostic_error(
                    {diagnostic{{result[i].file, 0, 0},
                                fmt::format("revision id '{}' is also used by '{}'", result[i].id,
                                            result[j].file.filename().string()),
                                {"remove the duplicate file"}}});
            }
        }
    }
    return result;
}

namespace {
// Whether @p to is @p from or is reached from it through parents and dependencies.
bool reaches(const std::map<std::string, const revision_file*, std::less<>>& by_id,
             const std::string& from, const std::string& to) {
    std::vector<std::string> pending{from};
    std::set<std::string, std::less<>> seen;
    while (!pending.empty()) {
        const auto id = pending.back();
        pending.pop_back();
        if (id == to) {
            return true;
        }
        const auto it = by_id.find(id);
        if (!seen.insert(id).second || it == by_id.end()) {
            continue;
        }
        pending.insert(pending.end(), it->second->down_revisions.begin(),
                       it->second->down_revisions.end());
        pending.insert(pending.end(), it->second->depends_on.begin(), it->second->depends_on.end());
    }
    return false;
}
} // namespace

void check_dependencies(const std::vector<revision_file>& revisions) {
    std::map<std::string, const revision_file*, std::less<>> by_id;
    for (const auto& file : revisions) {
        by_id.emplace(file.id, &file);
    }
    std::vector<diagnostic> found;
    for (const auto& file : revisions) {
        const source_location where{file.file, file.depends_on_line, 0};
        for (const auto& needed : file.depends_on) {
            if (!by_id.contains(needed)) {
                found.push_back(
                    {where,
                     fmt::format("revision '{}' depends on '{}', which is not a revision in {}",
                                 file.id, needed, file.file.parent_path().string()),
                     {"`.depends_on` lists revision ids; restore the revision from version "
                      "control if its file was deleted, or remove the dependency (`strata "
                      "history` lists the ids)"}});
            } else if (reaches(by_id, needed, file.id)) {
                found.push_back(
                    {where,
                     fmt::format("revision '{}' depends on '{}', which needs '{}' itself: the "
                                 "dependency makes a cycle",
                                 file.id, needed, file.id),
                     {"a revision can depend only on revisions that do not descend from it "
                      "(nor depend on it); remove the dependency"}});
            }
        }
    }
    if (!found.empty()) {
        throw diagnostic_error(std::move(found));
    }
}

revision_graph make_graph(const std::vector<revision_file>& revisions) {
    // A missing parent is almost always a deleted file: say which file still names it.
    for (const auto& file : revisions) {
        for (const auto& parent : file.down_revisions) {
            // A parent a squash replaced may be deleted: the squash takes its place.
            const bool known =
                std::any_of(revisions.begin(), revisions.end(), [&](const revision_file& r) {
                    return r.id == parent || std::find(r.replaces.begin(), r.replaces.end(),
                                                       parent) != r.replaces.end();
                });
            if (!known) {
                throw diagnostic_error({diagnostic{
                    {file.file, 0, 0},
                    fmt::format("revision '{}' revises '{}', which is not in {}: its file was "
                                "deleted or renamed",
                                file.id, parent, file.file.parent_path().string()),
                    {fmt::format("restore the revision from version control (`git log "
                                 "--diff-filter=D --name-only -- {}` lists deleted files); a "
                                 "revision that any database may have applied must never be "
                                 "deleted",
                                 file.file.parent_path().string())}}});
            }
        }
    }
    check_dependencies(revisions);
    std::vector<revision> plain;
    plain.reserve(revisions.size());
    for (const auto& file : revisions) {
        revision rev;
        rev.id = file.id;
        rev.down_revisions = file.down_revisions;
        rev.message = file.message;
        rev.create_date = file.create_date;
        rev.branch_labels = file.branch_labels;
        rev.depends_on = file.depends_on;
        rev.replaces = file.replaces;
        plain.push_back(std::move(rev));
    }
    return revision_graph(std::move(plain));
}

void init_migrations_dir(const std::filesystem::path& root, const std::string& database_url) {
    if (std::filesystem::exists(root) && !std::filesystem::is_empty(root)) {
        throw diagnostic_error({diagnostic{
            {root, 0, 0},
            "directory already exists and is not empty",
            {"choose a new directory, or remove this one if it is an unwanted leftover"}}});
    }
    std::filesystem::create_directories(root / "versions");
    std::string ini = ini_template;
    const std::string placeholder = "${database_url}";
    ini.replace(ini.find(placeholder), placeholder.size(), database_url);

    file_transaction files;
    files.stage(root / "strata.ini", ini);
    files.stage(root / "script.cpp.tmpl", script_template);
    files.stage(root / "README.md", readme_template);
    // The snapshot of an empty schema is an empty directory; git keeps it via .gitkeep.
    std::filesystem::create_directories(root / "schema");
    files.stage(root / "schema" / ".gitkeep", "");
    // git does not keep empty directories; this keeps versions/ in a fresh clone.
    files.stage(root / "versions" / ".gitkeep", "");
    files.commit();
}

} // namespace strata::generator
