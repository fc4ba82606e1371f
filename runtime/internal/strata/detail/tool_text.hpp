#pragma once
/// @file
/// Text both command lines print the same way (the application's migrate tool and the
/// `strata` generator tool): history lines and "did you mean" suggestions. Internal:
/// shared with the generator through the strata_internal target, not installed.

#include "strata/export.hpp"
#include "strata/revision.hpp"
#include "strata/revision_graph.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace strata {

/// The candidate closest to @p word by edit distance (first one on a tie), for "did you
/// mean" hints; empty when there are no candidates.
[[nodiscard]] STRATA_API std::string closest_match(std::string_view word,
                                                   const std::vector<std::string>& candidates);

/// One history line, Alembic style: "parents -> id (labels) (head), message" (the
/// message's first line).
[[nodiscard]] STRATA_API std::string history_line(const revision_graph& graph, const revision& rev);

/// A multi-line history entry: revision, parents, branch labels, date, message (every line
/// indented).
[[nodiscard]] STRATA_API std::string history_entry(const revision_graph& graph,
                                                   const revision& rev);

} // namespace strata
