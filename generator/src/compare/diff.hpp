#pragma once
/// @file
/// The diff: compares the snapshot with the scanned models and produces the operations
/// that turn one into the other, in an order the database accepts, each with its exact
/// inverse and a warning where data may be lost.

#include "scan/scanner.hpp"
#include "strata/operations.hpp"
#include "strata/schema.hpp"

#include <optional>
#include <string>
#include <vector>

namespace strata::generator {

/// One operation as a revision records it, with the reviewer's warning (empty if safe).
struct step {
    operation op;
    std::string warning;
};

/// One schema change: what upgrade runs, and what downgrade runs to undo it
/// (std::nullopt for a data fix such as a backfill UPDATE, which needs no undo).
struct change {
    step upgrade;
    std::optional<step> downgrade;
    /// What downgrade runs just before `downgrade` so that it cannot fail on rows the
    /// upgraded models allowed: the NULLs of a column that becomes NOT NULL again filled
    /// first (a backfill UPDATE, a column re-added as nullable). Usually empty.
    std::vector<step> downgrade_prelude = {};
};

/// The diff's outcome: the ordered changes plus hints for the person running it.
struct diff_result {
    std::vector<change> changes;
    /// Suggestions that do not stop generation, e.g. "did you mean renamed_from?".
    std::vector<std::string> hints;
};

/// The changes that turn @p from into @p to, using the declared renames and backfills in
/// @p annotations. Order: table renames, column renames, new tables (foreign-key order;
/// a key closing a cycle is added afterwards), constraints and indexes that go, added,
/// altered columns, a changed primary key (new unique constraints and indexes of the
/// table, one alter_primary_key, the column changes a key column cannot take while still
/// in the old key, then the unique constraints and indexes that go), dropped columns,
/// constraints and indexes that come, comments, dropped tables (reverse foreign-key order).
/// A column that becomes NOT NULL has its NULLs filled first, in the same revision, with
/// its `backfill` or else its new default; the same holds for downgrade() (a column the
/// upgrade made nullable, filled with its backfill or a default; a NOT NULL column the
/// upgrade dropped, re-added with a placeholder value, see placeholder_value()).
/// Throws diagnostic_error (with every problem found) for a change that cannot be made
/// safely: a NOT NULL column added without a default or backfill, a column made NOT NULL
/// (or made nullable, for its downgrade) with neither, a `renamed_from` naming
/// something the snapshot never had, or a foreign key between column kinds that do not
/// compare (string → integer). A foreign-key column
/// narrower than the column it references is a warning on the step that makes the key,
/// plus a hint with the member's location.
[[nodiscard]] diff_result diff(const schema& from, const schema& to,
                               const scan_annotations& annotations = {});

/// The upgrade steps of @p changes, in order.
[[nodiscard]] std::vector<step> upgrade_steps(const std::vector<change>& changes);
/// The downgrade steps of @p changes: each inverse, in reverse order.
[[nodiscard]] std::vector<step> downgrade_steps(const std::vector<change>& changes);

} // namespace strata::generator
