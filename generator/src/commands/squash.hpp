#pragma once
/// @file
/// `strata squash`: a range of revisions collapsed into one revision that replaces them
/// (Django's squashmigrations and `replaces`). The squash's operations are what
/// autogenerate would write for the schema before the range against the schema after it,
/// both replayed from the revisions (project/replay.hpp); its registrar lists the range in
/// `.replaces`, which the runtime's revision graph reads (docs/commands.md, "Squash").

#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace strata::generator {

/// Input of `strata squash`.
struct squash_request {
    std::filesystem::path directory;
    /// `FROM:TO` as `strata review` takes it; std::nullopt: base to the single head.
    std::optional<std::string> range;
    /// The squash's message; empty: "squash of N revisions (FIRST..LAST)".
    std::string message = {};
};

/// What squash wrote.
struct squash_result {
    std::filesystem::path written;
    /// The ids it replaces, oldest first.
    std::vector<std::string> replaced;
    /// Their files: what may be deleted once every database is past the range.
    std::vector<std::filesystem::path> originals;
};

/// Writes the squash of @p request's range and prints the step that later deletes the
/// originals to @p log. Throws diagnostic_error, writing nothing, for a range that is not
/// one line of at least two revisions (a merge, a branch leaving its middle, a branch
/// label), a revision in it that runs hand-written SQL (`op.execute`), runs outside a
/// transaction, is itself a squash, or renames a table that existed before the range (the
/// squash would drop and recreate it), and for a change the schema diff refuses.
squash_result squash(const squash_request& request, std::ostream& log);

} // namespace strata::generator
