#pragma once
/// @file
/// The operations a revision file's upgrade() records, read from its source without
/// compiling it, as the review needs them: a view of the generator's one revision reader
/// (../revision_reader.hpp), which the snapshot proof uses too.

#include "migrations_dir.hpp"
#include "strata/operations.hpp"

#include <string>
#include <vector>

namespace strata::generator::review {

/// What a revision file says about how it runs.
struct revision_body {
    /// The operations upgrade() records, in order.
    std::vector<operation> upgrade;
    /// The 1-based line of each operation's call, same order.
    std::vector<unsigned> lines;
    /// False when the registrar sets `.transactional = false`.
    bool transactional = true;
};

/// Reads @p text, the source of revision file @p file. Throws diagnostic_error at the
/// `file:line:col` of a statement in upgrade() that is not an `op.` call with literal
/// arguments (a loop, a helper function, a variable), which a review cannot evaluate.
[[nodiscard]] revision_body read_revision_body(const std::filesystem::path& file,
                                               const std::string& text);

} // namespace strata::generator::review
