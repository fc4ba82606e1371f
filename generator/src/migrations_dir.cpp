#include "migrations_dir.hpp"

#include "strata/connection.hpp"
#include "strata/fingerprint.hpp"

#include "diagnostic.hpp"
#include "embedded_templates.hpp"
#include "file_io.hpp"

#include <algorithm>
#include <boost/program_options.hpp>
#include <fmt/format.h>
#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>

namespace po = boost::program_options;

namespace strata::generator {
namespace {

// Boost.Program_options formats its errors by replacing placeholders such as
// `%canonical_option%` in the message with the offending key, line or value, and loops
// for ever when that text holds the placeholder again (found by fuzz_ini: a strata.ini
// line `%canonical_option%` hung the generator). Such text is refused here first. Percent
// escapes in a URL never match: two hex digits follow each '%'.
void refuse_placeholders(const std::string& text, const std::filesystem::path& ini) {
    static const std::regex placeholder("%[a-z_]{3,}%");
    std::istringstream lines(text);
    unsigned number = 0;
    for (std::string line; std::getline(lines, line);) {
        ++number;
        std::smatch match;
        if (std::regex_search(line, match, placeholder)) {
            throw diagnostic_error({diagnostic{
                {ini, number, static_cast<unsigned>(match.position(0)) + 1},
                fmt::format("invalid strata.ini: '{}' is not allowed in a setting", match.str(0)),
                {"percent-encode the '%' (%25) if it belongs in a value"}}});
        }
    }
}

settings read_settings(const std::filesystem::path& ini) {
    settings s;
    po::options_description options;
    options.add_options()("strata.database_url", po::value(&s.database_url))(
        "strata.file_template", po::value(&s.file_template))("strata.truncate_slug_length",
                                                             po::value(&s.truncate_slug_length))(
        "strata.version_table", po::value(&s.version_table))("strata.snapshot",
                                                             po::value(&s.snapshot))(
        "logging.level", po::value(&s.log_level))("hooks.post_write", po::value(&s.post_write))(
        "strata.lock_timeout", po::value(&s.lock_timeout))("strata.ddl_lock_timeout",
                                                           po::value(&s.ddl_lock_timeout));
    options.add_options()("review.dialects", po::value(&s.review_dialects));
    std::ifstream file(ini, std::ios::binary);
    if (!file) {
        throw diagnostic_error({diagnostic{{ini, 0, 0}, "cannot read strata.ini", {}}});
    }
    const std::string text((std::istreambuf_iterator<char>(file)),
                           std::istreambuf_iterator<char>());
    refuse_placeholders(text, ini);
    std::istringstream in(text);
    try {
        po::variables_map vm;
        po::store(po::parse_config_file(in, options, /*allow_unregistered=*/false), vm);
        po::notify(vm);
        s.post_write_set = vm.count("hooks.post_write") != 0;
    } catch (const po::error& e) {
        throw diagnostic_error({diagnostic{
            {ini, 0, 0},
            // Boost quotes the offending line, which may hold database_url's password.
            fmt::format("invalid strata.ini: {}", mask_secrets(e.what(), "")),
            {"known settings: [strata] database_url, file_template, truncate_slug_length, "
             "version_table, snapshot, lock_timeout, ddl_lock_timeout; [logging] level; "
             "[hooks] post_write; [review] dialects"}}});
    }
    return s;
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
    static const std::regex id_re(R"re(\.id\s*=\s*"([A-Za-z0-9_]+)")re");
    static const std::regex parents_re(R"re(\.down_revisions\s*=\s*\{([^}]*)\})re");
    static const std::regex quoted_re(R"re("([A-Za-z0-9_]+)")re");
    static const std::regex date_re(R"re(\.create_date\s*=\s*"([^"]*)")re");
    static const std::regex message_re(R"re(\.message\s*=\s*"((?:[^"\\]|\\.)*)")re");
    std::smatch m;
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
    if (!std::regex_search(*text, m, id_re)) {
        throw diagnostic_error({diagnostic{
            {file, 0, 0},
            "revision file has no `.id = \"...\"` in its strata::revision_registrar",
            {"every file in versions/ must register one revision; move other files elsewhere"}}});
    }
    rev.id = m[1];
    if (!std::regex_search(*text, m, parents_re)) {
        throw diagnostic_error(
            {diagnostic{{file, 0, 0},
                        fmt::format("revision '{}' has no `.down_revisions = {{...}}`", rev.id),
                        {"use `.down_revisions = {}` for a first revision"}}});
    }
    const std::string parents = m[1];
    for (std::sregex_iterator it(parents.begin(), parents.end(), quoted_re), end; it != end; ++it) {
        rev.down_revisions.push_back((*it)[1]);
    }
    static const std::regex labels_re(R"re(\.branch_labels\s*=\s*\{([^}]*)\})re");
    static const std::regex label_re(R"re("([^"]*)")re");
    if (std::regex_search(*text, m, labels_re)) {
        const std::string labels = m[1];
        for (std::sregex_iterator it(labels.begin(), labels.end(), label_re), end; it != end;
             ++it) {
            rev.branch_labels.push_back((*it)[1]);
        }
    }
    if (std::regex_search(*text, m, message_re)) {
        rev.message = m[1];
    }
    if (std::regex_search(*text, m, date_re)) {
        rev.create_date = m[1];
    }
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

revision_graph make_graph(const std::vector<revision_file>& revisions) {
    // A missing parent is almost always a deleted file: say which file still names it.
    for (const auto& file : revisions) {
        for (const auto& parent : file.down_revisions) {
            const bool known = std::any_of(revisions.begin(), revisions.end(),
                                           [&](const revision_file& r) { return r.id == parent; });
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
    std::vector<revision> plain;
    plain.reserve(revisions.size());
    for (const auto& file : revisions) {
        revision rev;
        rev.id = file.id;
        rev.down_revisions = file.down_revisions;
        rev.message = file.message;
        rev.create_date = file.create_date;
        rev.branch_labels = file.branch_labels;
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
