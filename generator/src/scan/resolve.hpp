#pragma once
/// @file
/// Resolution: the member or column names that indexes, constraints and foreign keys list
/// become columns of the schema, foreign keys find their target table and key, and
/// everything that does not resolve is reported where it is written.

#include "scan/found_models.hpp"

namespace strata::generator {

/// Adds @p found's indexes, unique constraints and checks (column options first, then the
/// table's lists) to its model, each remembered in found_models::origins.
void resolve_indexes_and_checks(found_table& found, found_models& models);

/// Adds @p found's foreign keys (column `references`, then the table's `foreign_key` list);
/// runs after every table's unique constraints are known (after index_by_name()).
void resolve_foreign_keys(found_table& found, found_models& models);

} // namespace strata::generator
