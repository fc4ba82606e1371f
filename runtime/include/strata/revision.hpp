#pragma once
/// @file
/// A revision: one step of the schema's history, compiled into the application.
/// Revision files register themselves with strata::revision_registrar, so linking a
/// revision's object file is all it takes. Generated ones include only the lean
/// strata/script.hpp; this header adds the full model for hand-written code that uses it.

#include "strata/export.hpp"
#include "strata/operations.hpp"
#include "strata/script.hpp"

#include <string>
#include <vector>

namespace strata {

/// One migration step, the analogue of an Alembic script in versions/.
struct STRATA_API revision {
    /// Content-derived id, e.g. "3f2a9c1b7d4e".
    std::string id;
    /// Parent revisions: none for the first one, two or more for a merge.
    std::vector<std::string> down_revisions;
    /// The -m message the revision was created with.
    std::string message;
    /// When the revision was generated, "YYYY-MM-DD HH:MM:SS" (UTC).
    std::string create_date;
    /// Records the operations that bring the database from the parents to this revision.
    void (*upgrade)(operations& op) = nullptr;
    /// Records the operations that undo upgrade().
    void (*downgrade)(operations& op) = nullptr;
    /// Names for the branch this revision starts, usable as targets (`label`, `label@head`).
    /// Last, so that revisions written before labels existed still compile unchanged.
    std::vector<std::string> branch_labels = {};
    /// Revisions on other branches this one needs applied first, as Alembic's `depends_on`:
    /// upgrading to it applies them (and their ancestors) too, downgrading one of them
    /// reverts it too, but unlike a parent a dependency joins no branches, so both heads
    /// stay heads. Before `transactional`, so a registrar that ends with
    /// `.transactional = false` keeps the declaration order.
    std::vector<std::string> depends_on = {};
    /// False runs the revision's statements outside a transaction, one by one, for
    /// statements PostgreSQL refuses inside one (CREATE INDEX CONCURRENTLY); the version is
    /// recorded afterwards. A crash part-way leaves the statements that ran and the old
    /// version, so the next start runs the revision again: write its statements so they
    /// can run twice (IF NOT EXISTS, and drop an INVALID index a crash left first).
    bool transactional = true;
    /// A squash (`strata squash`): the revisions this one replaces, oldest first, the last
    /// being the newest of the range. While they are all in the build, the graph keeps them
    /// and the migrator runs this revision instead of them on a database that has none of
    /// them applied; once they are all deleted, it takes their place (docs/commands.md,
    /// "Squash").
    std::vector<std::string> replaces = {};
};

/// Every revision registered in this program, in registration order.
[[nodiscard]] STRATA_API const std::vector<revision>& registered_revisions();

} // namespace strata
