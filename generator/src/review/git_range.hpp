#pragma once
/// @file
/// The revisions a git branch adds: what `strata review` and `strata lint` look at when
/// no range is given, like a pull request's diff.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace strata::generator::review {

/// Revision files a branch adds to versions/.
struct branch_additions {
    /// The git ref compared with, e.g. "origin/main".
    std::string base;
    /// The merge base, abbreviated.
    std::string merge_base;
    /// File names (no directory) of the .cpp files added since the merge base, committed
    /// or not (untracked files included).
    std::vector<std::string> files;
};

/// What HEAD adds to @p versions_dir over its merge base with @p base (or, when empty,
/// the first of origin/HEAD, origin/main, main, origin/master, master that exists).
/// std::nullopt when @p base is empty and @p versions_dir is not in a git work tree or none
/// of those refs exists. Throws usage_error when @p base is given and git cannot resolve
/// it to a commit with a merge base (not a git work tree, an unfetched ref, a shallow
/// clone): the caller asked for that comparison, and reviewing something else would pass
/// a CI gate silently.
[[nodiscard]] std::optional<branch_additions>
added_on_branch(const std::filesystem::path& versions_dir, const std::string& base);

} // namespace strata::generator::review
