#pragma once
/// @file
/// A migrations directory on disk: strata.ini, script.cpp.tmpl, the snapshot and
/// versions/. Knows how to create one (`strata init`) and how to read the revisions in it.

#include "strata/revision_graph.hpp"
#include "strata/settings.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strata::generator {

/// strata.ini, read by the runtime's reader so every tool gives it one meaning.
using settings = strata::ini_settings;

/// What the generator knows about a revision file without compiling it.
struct revision_file {
    std::filesystem::path file;
    std::string id;
    std::vector<std::string> down_revisions;
    std::string message;
    std::string create_date;
    std::vector<std::string> branch_labels = {};
    /// Revisions on other branches this one needs first (strata::revision::depends_on).
    std::vector<std::string> depends_on = {};
    /// The line of `.depends_on` in the file (0 when it has none), for diagnostics.
    unsigned depends_on_line = 0;
    /// Headers the file includes with quotes that exist next to it (recursively).
    std::vector<std::filesystem::path> local_includes = {};
    /// SHA-256 of the file's bytes and those of local_includes, for the build manifest.
    std::string source_digest = {};
    /// A squash's `.replaces = {...}`: the revisions it replaces, oldest first.
    std::vector<std::string> replaces = {};
};

/// An existing migrations directory.
class migrations_dir {
public:
    /// Opens @p root. Throws diagnostic_error when it is not a migrations directory or
    /// strata.ini cannot be read.
    explicit migrations_dir(std::filesystem::path root);

    /// The directory itself.
    [[nodiscard]] const std::filesystem::path& root() const { return m_root; }
    /// Settings from strata.ini.
    [[nodiscard]] const settings& config() const { return m_settings; }
    /// strata.ini.
    [[nodiscard]] std::filesystem::path ini_path() const { return m_root / "strata.ini"; }
    /// The schema snapshot directory (one JSON file per table).
    [[nodiscard]] std::filesystem::path snapshot_path() const {
        return m_root / m_settings.snapshot;
    }
    /// script.cpp.tmpl.
    [[nodiscard]] std::filesystem::path template_path() const { return m_root / "script.cpp.tmpl"; }
    /// versions/.
    [[nodiscard]] std::filesystem::path versions_path() const { return m_root / "versions"; }

    /// Every revision in versions/, sorted by file name. Throws diagnostic_error for a
    /// file whose registration cannot be read, or two files with the same id.
    [[nodiscard]] std::vector<revision_file> revisions() const;

private:
    std::filesystem::path m_root;
    settings m_settings;
};

/// Throws diagnostic_error at the file and line of each `.depends_on` that names a revision
/// that does not exist or that needs the depending revision itself (a cycle).
void check_dependencies(const std::vector<revision_file>& revisions);

/// The revisions as the runtime sees them (ids and parents; no code), so history, heads
/// and ordering follow the same rules in the generator and in the application. Throws
/// strata::revision_error for a missing parent or a cycle.
[[nodiscard]] revision_graph make_graph(const std::vector<revision_file>& revisions);

/// Why @p url cannot be strata.ini's `database_url`, or std::nullopt when it can: empty or
/// blank, a control character or a ` #` / ` ;` (which would break or cut the ini line), an
/// unknown scheme, or a malformed sqlite URL. The reason never shows a password.
[[nodiscard]] std::optional<std::string> database_url_problem(std::string_view url);

/// Creates a migrations directory at @p root with strata.ini (using @p database_url),
/// script.cpp.tmpl, README.md, an empty snapshot and versions/. Refuses an empty @p root,
/// a file, a directory that exists and is not empty, and a URL database_url_problem()
/// finds a problem with; writes nothing then.
void init_migrations_dir(const std::filesystem::path& root, const std::string& database_url);

} // namespace strata::generator
