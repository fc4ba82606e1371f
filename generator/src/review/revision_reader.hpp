#pragma once
/// @file
/// The operations a revision file's upgrade() records, read from its source without
/// compiling it: generated revisions call `op.<operation>(...)` with the strata::dsl
/// builders, which this reads back into the shared operation vocabulary.

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
    /// The operations downgrade() records (shown to reviewers, not checked).
    std::vector<operation> downgrade;
    /// Why downgrade() could not be read (code other than op.* calls); empty when it was.
    std::string downgrade_unreadable;
    /// False when the registrar sets `.transactional = false`.
    bool transactional = true;
};

/// Reads @p text, the source of revision file @p file. Throws diagnostic_error at the
/// `file:line:col` of a statement in upgrade() that is not an `op.` call with literal
/// arguments (a loop, a helper function, a variable), which a review cannot evaluate.
[[nodiscard]] revision_body read_revision_body(const std::filesystem::path& file,
                                               const std::string& text);

} // namespace strata::generator::review
