#pragma once
/// @file
/// The runtime dialects a review shows SQL for: those of the backends strata was built
/// with, so the SQL in a review is exactly what the migrator runs.

#include "strata/dialect.hpp"

#include <memory>
#include <string>
#include <vector>

namespace strata::generator::review {

/// Names of the dialects this build of strata can review, e.g. {"postgresql", "sqlite"}.
[[nodiscard]] std::vector<std::string> available_dialects();

/// The dialect called @p name. Throws diagnostic_error naming the available ones when
/// this build does not have it.
[[nodiscard]] std::unique_ptr<strata::dialect> make_dialect(const std::string& name);

} // namespace strata::generator::review
