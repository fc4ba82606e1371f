#pragma once
/// @file
/// The diff: compares the snapshot with the scanned models and produces the operations
/// that turn one into the other, each paired with its exact inverse.

#include "strata/operations.hpp"
#include "strata/schema.hpp"

#include <vector>

namespace strata::generator {

/// One schema change: what upgrade runs and what downgrade runs to undo it.
struct change {
    operation upgrade;
    operation downgrade;
};

/// The changes that turn @p from into @p to, in the order upgrade must run them:
/// created tables, added columns, dropped columns, dropped tables; tables by name,
/// columns in declaration order. Throws diagnostic_error for a change this version of
/// strata cannot express (a column's type, nullability or key changed).
[[nodiscard]] std::vector<change> diff(const schema& from, const schema& to);

/// The upgrade operations of @p changes, in order.
[[nodiscard]] std::vector<operation> upgrade_operations(const std::vector<change>& changes);
/// The downgrade operations of @p changes: each inverse, in reverse order.
[[nodiscard]] std::vector<operation> downgrade_operations(const std::vector<change>& changes);

} // namespace strata::generator
