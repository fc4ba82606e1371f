#pragma once
/// @file
/// The exact inverse of an operation, computed from the schema just before it ran: what
/// a generated downgrade() records to undo the matching upgrade() step.

#include "strata/operations.hpp"

#include <optional>

namespace strata::generator {

/// The operation that undoes @p op when applied to the schema that @p op produced from
/// @p before. std::nullopt for hand-written SQL, which has no known inverse.
/// Throws strata::error when @p op does not fit @p before (a bug in the caller).
[[nodiscard]] std::optional<operation> invert(const operation& op, const schema& before);

} // namespace strata::generator
