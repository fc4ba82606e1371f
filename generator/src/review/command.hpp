#pragma once
/// @file
/// The `strata review` and `strata lint` commands as one function each, so the command
/// line (main.cpp) only parses options.

#include "review/review.hpp"

#include <iosfwd>
#include <string>

namespace strata::generator::review {

/// Writes the review of @p request to @p out as "markdown" or "json" (@p format).
/// Returns 0; throws diagnostic_error for an unknown format or bad input.
int review_command(const review_request& request, const std::string& format, std::ostream& out);

/// Writes the findings of @p request to @p out, one compiler-style line each, then a
/// summary. Returns 1 when a finding not acknowledged is at least @p fail_on ("notice",
/// "warning", "error"; "none" never fails), else 0.
int lint_command(const review_request& request, const std::string& fail_on, std::ostream& out);

} // namespace strata::generator::review
