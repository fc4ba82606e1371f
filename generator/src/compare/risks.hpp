#pragma once
/// @file
/// What a schema change can do to the rows a database already holds: lose them, or fail
/// on them. The one place that knows it, so the revision file (`// WARNING:`), the build
/// log and any review or lint of a revision say the same thing.

#include "strata/operations.hpp"

#include <string>
#include <vector>

namespace strata::generator {

/// How a risk hurts.
enum class risk_kind {
    data_loss, ///< values are gone afterwards (a dropped column, a narrowed type)
    may_fail,  ///< the statement fails on some existing rows (a new unique constraint)
};

/// One thing that can go wrong, named like a lint rule ("set-not-null", "add-unique").
struct risk {
    risk_kind kind = risk_kind::may_fail;
    /// Stable name of the rule: drop-table, drop-column, narrow-type, set-not-null,
    /// add-not-null-column, change-primary-key, add-unique, add-unique-index,
    /// add-foreign-key, add-check.
    std::string rule;
    /// What exactly can happen, e.g. "fails if existing rows repeat a value of (email)".
    std::string text;

    friend bool operator==(const risk&, const risk&) = default;
};

/// Every risk of running @p op on a database whose tables hold rows. @p op alone decides
/// (an alter_column carries its before and after), so this needs no schema.
[[nodiscard]] std::vector<risk> risks_of(const operation& op);

/// The risks as one line for a `// WARNING:` comment and the build log, empty if none:
/// "<what the operation does>: <risk>; <risk>".
[[nodiscard]] std::string warning_text(const operation& op, const std::vector<risk>& risks);

/// warning_text(op, risks_of(op)).
[[nodiscard]] std::string data_loss_warning(const operation& op);

/// Whether every value of a column of type @p from fits a column of type @p to unchanged.
[[nodiscard]] bool widens_or_keeps(const column_type& from, const column_type& to);

/// A column type as messages print it, e.g. "int32", "string(40)", "decimal(10, 2)".
[[nodiscard]] std::string describe_type(const column_type& type);

/// An SQL literal every dialect accepts for a column of type @p type and that satisfies
/// it: 0, FALSE, '', the first enumerator. What a downgrade writes into a NOT NULL column
/// it re-adds after the upgrade dropped it (the values are gone; a placeholder lets the
/// constraint hold).
[[nodiscard]] std::string placeholder_value(const column_type& type);

} // namespace strata::generator
