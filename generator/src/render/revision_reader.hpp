#pragma once
/// @file
/// Reading a revision's operations back from its C++ source, without compiling it: the
/// inverse of render.hpp. The schema replay (replay.hpp) needs what each revision's
/// upgrade() does, and the generator never compiles revisions. upgrade() is read as a
/// sequence of `op.<operation>(...)` calls written with the strata::dsl builders and
/// literal arguments — what render_operation() writes, whatever clang-format made of it.
/// Anything else is refused with the place it starts, never guessed.

#include "strata/operations.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace strata::generator {

/// One operation of a revision and where it is written (the operation's name).
struct read_operation {
    operation op;
    unsigned line = 0;
    unsigned column = 0;
};

/// What a revision's upgrade() does: the operations it records at run time, and their
/// effect on the schema model.
struct revision_effect {
    /// The effect on the schema model, in call order (what the replay applies). An
    /// `op.execute(sql, state)` contributes the operations its state function records
    /// instead of itself (Django's state_operations); a plain `op.execute(sql)` of non-DDL
    /// SQL contributes nothing.
    std::vector<read_operation> operations;
    /// What upgrade() records at run time, in call order: the operations, with each
    /// `op.execute()` as its ops::execute_sql (SQL that is not a literal appears as the
    /// C++ expression that computes it). What `strata review` explains.
    std::vector<read_operation> recorded;
    /// False when the registrar says `.transactional = false`.
    bool transactional = true;
};

/// Reads the upgrade function of the revision in @p text (the file @p file). The function is
/// the one the registrar names (`.upgrade = &name`), `upgrade` by default. Throws
/// diagnostic_error at `file:line:col` for a statement that is not an operation call with
/// readable arguments, and for `op.execute()` of DDL whose effect is not stated.
/// With @p downgrade, reads the downgrade function (`.downgrade = &name`) instead.
[[nodiscard]] revision_effect read_revision_effect(const std::filesystem::path& file,
                                                   const std::string& text, bool downgrade = false);

} // namespace strata::generator
