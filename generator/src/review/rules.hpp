#pragma once
/// @file
/// The rule catalogue of `strata review` / `strata lint` (docs/commands.md lists it): each
/// rule has a name, a severity, a one-line reason and a safe alternative, in the manner of
/// squawk, strong_migrations and Atlas lint.

#include "review/finding.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace strata::generator::review {

/// Every rule, in the order the documentation lists them.
[[nodiscard]] const std::vector<rule>& rules();

/// The rule called @p name, or nullptr.
[[nodiscard]] const rule* find_rule(std::string_view name);

/// The names of every rule, for "did you mean" hints.
[[nodiscard]] std::vector<std::string> rule_names();

} // namespace strata::generator::review
