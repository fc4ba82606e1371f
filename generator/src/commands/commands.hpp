#pragma once
/// @file
/// The generator's commands as functions, so the command line, the build and the tests
/// share them. Each throws diagnostic_error (or strata::error) on bad input and writes
/// nothing in that case.

#include "compare/diff.hpp"
#include "project/migrations_dir.hpp"
#include "scan/scanner.hpp"

#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace strata::generator {

/// Where a new revision goes in the graph (`strata revision --head`, `--branch-label`).
struct revision_placement {
    /// The target the new revision sits on (any target revision_graph::resolve() accepts,
    /// `base` for a new root); empty means the single head.
    std::string head;
    /// Branch labels the new revision carries.
    std::vector<std::string> branch_labels;
    /// Targets (any revision_graph::resolve() accepts) of the revisions the new one depends
    /// on (`--depends-on`), written as ids into `.depends_on`.
    std::vector<std::string> depends_on = {};
};

/// Input of `strata revision --autogenerate` and of the build step.
struct autogenerate_request {
    std::filesystem::path directory;
    scan_options scan;
    /// The revision message; empty means "describe the changes".
    std::string message;
    /// --head / --branch-label; with autogenerate, head must name the current head.
    revision_placement placement = {};
    /// The command that writes the revision, which check mode (CI) prints; empty: a
    /// generic `strata revision --autogenerate -d DIR`.
    std::string revision_command = {};
};

/// What autogenerate found and did.
struct autogenerate_result {
    /// The new revision file, or std::nullopt when the models match the snapshot.
    std::optional<std::filesystem::path> written;
    std::vector<change> changes;
    /// Every file the scan read (for the depfile).
    std::vector<std::filesystem::path> opened_files;
};

/// Scans the models, diffs them with the snapshot and, if they differ, writes a new
/// revision and the updated snapshot together. With @p check_only, writes nothing and
/// throws diagnostic_error when they differ (CI mode). Progress lines go to @p log.
autogenerate_result autogenerate(const autogenerate_request& request, bool check_only,
                                 std::ostream& log);

/// Writes an empty revision (for hand-written data migrations) on top of the single head,
/// or where @p placement says.
std::filesystem::path write_empty_revision(const std::filesystem::path& directory,
                                           const std::string& message, std::ostream& log,
                                           const revision_placement& placement = {});

/// Writes a merge revision (no operations) whose parents are @p targets resolved, or every
/// head when @p targets is empty. Fewer than two parents is an error ("nothing to merge").
std::filesystem::path write_merge_revision(const std::filesystem::path& directory,
                                           const std::vector<std::string>& targets,
                                           const std::string& message, std::ostream& log);

/// Throws diagnostic_error naming every head, and `strata merge` as the fix, when the
/// migrations directory has several heads that are not declared branches (each head's
/// line carrying a branch label of its own; one may do without). The build runs it even
/// when the models did not change, so two merged branches are caught at build time, not
/// at deploy time, while independent branches (`--head base --branch-label audit`) build.
void require_declared_heads(const std::filesystem::path& directory);

/// `strata repair-snapshot`: rewrites the snapshot as the replay of the revisions
/// (replay.hpp), all files or none, without reading the old one (it may hold merge conflict
/// markers). Returns what changed ("wrote users.json", "removed tags.json"), also logged.
std::vector<std::string> repair_snapshot(const std::filesystem::path& directory, std::ostream& log);

/// Files the build step maintains besides the revisions.
struct build_outputs {
    /// One C++ file that #includes every revision, compiled into the target.
    std::filesystem::path aggregate;
    /// Make-style depfile listing every input, so a changed header re-runs the generator.
    std::filesystem::path depfile;
    /// Touched on every successful run; the build rule's output.
    std::filesystem::path stamp;
};

/// The C++ that registers the build manifest of @p revisions (strata::build_manifest):
/// their sorted heads, their number, the digest of their ids and file bytes, and strata.ini's
/// @p version_table (which upgrade_to_head() then uses).
[[nodiscard]] std::string build_manifest_source(const std::vector<revision_file>& revisions,
                                                const std::string& version_table);

/// Rewrites the aggregate (only when its content changes) and the depfile, then touches
/// the stamp. Called by the build after autogenerate().
void write_build_outputs(const std::filesystem::path& directory, const build_outputs& outputs,
                         const std::vector<std::filesystem::path>& scanned_files);

} // namespace strata::generator
