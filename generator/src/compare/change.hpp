#pragma once
/// @file
/// The unit the diff produces and render writes: a step (one operation and its reviewer's
/// warning) and a change (an upgrade step with the steps that undo it). Its own header so
/// that render, which writes changes, does not depend on the diff that computes them.

#include "strata/operations.hpp"

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

} // namespace strata::generator
