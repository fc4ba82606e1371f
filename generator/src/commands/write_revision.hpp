#pragma once
/// @file
/// The one way the commands write a revision file (commands.cpp): rendered through the
/// directory's template, formatted by the post-write hook, staged with the snapshot.

#include "compare/change.hpp"
#include "project/migrations_dir.hpp"
#include "strata/schema.hpp"

#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

namespace strata::generator {

/// Renders and writes one revision on @p parents plus, when given, @p new_snapshot: both
/// land or neither. @p depends_on are revisions of other branches it needs first
/// (`--depends-on`); @p replaces makes it a squash of those revisions (`strata squash`).
/// Returns the new file. Throws diagnostic_error for an unreadable template, a revision
/// that exists already, or a branch label the graph refuses.
std::filesystem::path
write_revision(const migrations_dir& dir, const std::string& message,
               const std::vector<step>& upgrades, const std::vector<step>& downgrades,
               const schema* new_snapshot, const std::vector<std::string>& parents,
               const std::vector<std::string>& branch_labels, std::ostream& log,
               const std::vector<std::string>& depends_on = {},
               const std::vector<std::string>& replaces = {});

} // namespace strata::generator
