#pragma once
/// @file
/// The runtime dialects a review shows SQL for: those of the backends strata was built
/// with, so the SQL in a review is exactly what the migrator runs.

#include "strata/dialect.hpp"

#include <memory>
#include <string>
#include <vector>

namespace strata::generator::review {

/// Names of the dialects this build of strata can review, e.g. {"postgresql", "sqlite", "mysql"}.
[[nodiscard]] std::vector<std::string> available_dialects();

/// Why @p name cannot be reviewed: unknown, or known but not built into this strata;
/// names the dialects that can be.
[[nodiscard]] std::string unavailable_dialect(const std::string& name);

/// The dialect called @p name. Throws usage_error (unavailable_dialect()) when this build
/// does not have it.
[[nodiscard]] std::unique_ptr<strata::dialect> make_dialect(const std::string& name);

} // namespace strata::generator::review
