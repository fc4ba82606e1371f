#include "project/migrations_dir.hpp"

#include "strata/connection.hpp"
#include "strata/detail/sha256.hpp"
#include "strata/detail/sqlite_url.hpp"
#include "strata/detail/text.hpp"

#include "project/embedded_templates.hpp"
#include "render/revision_format.hpp"
#include "support/diagnostic.hpp"
#include "support/file_io.hpp"

#include <algorithm>
#include <array>
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

// What a file name following @p file_template looks like, its {rev} part captured;
// std::nullopt for a template without {rev}. Compiled once per directory read.
std::optional<std::regex> file_name_pattern(const std::string& file_template) {
    static const std::regex placeholder_re(R"(\{(year|month|day|hour|minute|second|rev|slug)\})");
    static const std::regex special_re(R"([.^$|()\[\]{}*+?\\])");
    std::string pattern;
    bool has_rev = false;
    auto last = file_template.cbegin();
    for (auto it = std::sregex_iterator(file_template.begin(), file_template.end(), placeholder_re);
         it != std::sregex_iterator(); ++it) {
        pattern += std::regex_replace(std::string(last, (*it)[0].first), special_re, R"(\$&)");
        const auto name = (*it)[1].str();
        has_rev = has_rev || name == "rev";
        pattern += name == "year"   ? "[0-9]{4}"
                   : name == "rev"  ? "([a-z0-9]+)"
                   : name == "slug" ? ".*"
                                    : "[0-9]{2}";
        last = (*it)[0].second;
    }
    pattern += std::regex_replace(std::string(last, file_template.cend()), special_re, R"(\$&)");
    if (!has_rev) {
        return std::nullopt;
    }
    return std::regex(pattern);
}

// The id in @p file's name, when the name follows @p name_pattern (file_name_pattern());
// std::nullopt for a file named some other way (by hand, by an older template).
std::optional<std::string> id_in_file_name(const std::filesystem::path& file,
                                           const std::optional<std::regex>& name_pattern) {
    std::smatch match;
    const std::string stem = file.stem().string();
    if (!name_pattern || !std::regex_match(stem, match, *name_pattern)) {
        return std::nullopt;
    }
    return match[1].str();
}

// A hand-edited `.id` that no longer matches the file name is a different revision to
// every database that applied the old one; it would fail only in production.
void check_id_matches_file_name(const std::filesystem::path& file,
                                const revision_format::registration& reg,
                                const std::optional<std::regex>& name_pattern) {
    // Exactly the {rev} part: an id that is only somewhere in the name (a shortened
    // `01cbb`) is another revision too.
    if (const auto named = id_in_file_name(file, name_pattern); named && *named != reg.id) {
        throw diagnostic_error({diagnostic{
            {file, reg.id_line, 0},
            fmt::format("revision id '{}' does not match the id '{}' in the file name", reg.id,
                        *named),
            {fmt::format("restore `.id = \"{}\"` (a database that applied the revision knows "
                         "it by that id); to make a new revision, use `strata revision`",
                         *named)}}});
    }
}

// The registration block the template ends with is the machine-readable part of a
// revision; the rest of the file is the user's to edit.
revision_file parse_revision_file(const std::filesystem::path& file,
                                  const std::optional<std::regex>& name_pattern) {
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
    check_id_matches_file_name(file, reg, name_pattern);
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
    const auto name_pattern = file_name_pattern(m_settings.file_template);
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(versions_path(), ec)) {
        if (entry.is_regular_file() && entry.path().extension() == ".cpp") {
            result.push_back(parse_revision_file(entry.path(), name_pattern));
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

namespace {
// @p error of the revision graph (a cycle, a duplicate id, a bad branch label) at the files
// of the revisions it names, so the reader knows which files to open.
diagnostic_error graph_error_at_files(const revision_error& error,
                                      const std::vector<revision_file>& revisions) {
    const std::string message = error.what();
    // In the order the message names them: the first is what it is about (the squash that
    // lost an original, say), where the error stands.
    std::vector<std::pair<std::size_t, std::filesystem::path>> mentioned;
    for (const auto& file : revisions) {
        if (const auto at = message.find(fmt::format("'{}'", file.id)); at != std::string::npos) {
            mentioned.emplace_back(at, file.file);
        }
    }
    std::sort(mentioned.begin(), mentioned.end());
    std::vector<std::filesystem::path> named;
    for (auto& [at, file] : mentioned) {
        named.push_back(std::move(file));
    }
    diagnostic d{{named.empty() ? std::filesystem::path() : named.front(), 0, 0}, message, {}};
    for (std::size_t i = 1; i < named.size(); ++i) {
        d.notes.push_back(fmt::format("also in {}", named[i].string()));
    }
    return diagnostic_error({std::move(d)});
}
} // namespace

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
    try {
        return revision_graph(std::move(plain));
    } catch (const revision_error& e) {
        throw graph_error_at_files(e, revisions);
    }
}

namespace {
// The URL schemes of strata's backends (each backend's registrar in runtime/src/*/backend.cpp).
// The generator links their dialects but not the backends, so the registry cannot be asked.
constexpr std::array<std::string_view, 5> known_schemes{"sqlite", "postgresql", "postgres", "mysql",
                                                        "mariadb"};

// The problem with the scheme part of @p url (masked as @p shown), if any.
std::optional<std::string> scheme_problem(std::string_view url, const std::string& shown) {
    const auto scheme_end = url.find("://");
    const auto scheme = url.substr(0, scheme_end);
    if (scheme_end == std::string_view::npos ||
        std::find(known_schemes.begin(), known_schemes.end(), scheme) == known_schemes.end()) {
        return fmt::format("database URL '{}' does not start with a known scheme (sqlite://, "
                           "postgresql://, postgres://, mysql://, mariadb://); e.g. "
                           "sqlite:///app.db or postgresql://user@host/dbname",
                           shown);
    }
    if (scheme == "sqlite") {
        // The SQLite backend's own rule, so init writes nothing the backend then refuses.
        try {
            (void)detail::parse_sqlite_url(url);
        } catch (const strata::error& e) {
            return std::string(e.what());
        }
    }
    return std::nullopt;
}
} // namespace

std::optional<std::string> database_url_problem(std::string_view url) {
    if (detail::trim(url).empty()) {
        return "the database URL is empty; e.g. sqlite:///app.db";
    }
    // A new line would end strata.ini's line and start another setting; nothing of it can
    // be shown safely.
    const auto control = std::find_if(url.begin(), url.end(), [](char ch) {
        return static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f;
    });
    if (control != url.end()) {
        return fmt::format("the database URL has a control character (byte 0x{:02X} at offset "
                           "{}), which strata.ini cannot hold; percent-encode it (e.g. %0A)",
                           static_cast<unsigned char>(*control), control - url.begin());
    }
    const std::string shown = mask_password(url);
    if (detail::trim(url) != url) {
        return fmt::format("the database URL '{}' begins or ends with white space, which "
                           "strata.ini would drop; percent-encode it as %20",
                           shown);
    }
    // strata.ini cuts a value at an inline comment: `#` or `;` after white space.
    for (std::size_t i = 1; i < url.size(); ++i) {
        if ((url[i] == '#' || url[i] == ';') && (url[i - 1] == ' ' || url[i - 1] == '\t')) {
            return fmt::format("the database URL '{}' has '{}' after a space, where strata.ini "
                               "starts a comment and would cut the URL; percent-encode '#' as "
                               "%23 and ';' as %3B",
                               shown, url[i]);
        }
    }
    return scheme_problem(url, shown);
}

void init_migrations_dir(const std::filesystem::path& root, const std::string& database_url) {
    if (root.empty()) {
        // The empty path is the current directory to the file system: refuse, not fill it.
        throw diagnostic_error({diagnostic{{},
                                           "the migrations directory name is empty",
                                           {"name it, e.g. `strata init migrations`"}}});
    }
    if (const auto problem = database_url_problem(database_url)) {
        throw diagnostic_error({diagnostic{{root, 0, 0}, *problem, {}}});
    }
    std::error_code ec;
    if (std::filesystem::exists(root, ec) && !std::filesystem::is_directory(root, ec)) {
        throw diagnostic_error({diagnostic{
            {root, 0, 0},
            "exists and is not a directory",
            {"choose a new directory name for the migrations, e.g. `strata init migrations`"}}});
    }
    if (std::filesystem::exists(root, ec) && !std::filesystem::is_empty(root, ec)) {
        throw diagnostic_error({diagnostic{
            {root, 0, 0},
            "directory already exists and is not empty",
            {"choose a new directory, or remove this one if it is an unwanted leftover"}}});
    }
    if (std::filesystem::create_directories(root / "versions", ec); ec) {
        throw diagnostic_error(
            {diagnostic{{root, 0, 0},
                        fmt::format("cannot create the migrations directory: {}", ec.message()),
                        {"check that every parent of it is a directory you can write to"}}});
    }
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
