// Text the migrate tool and the strata tool print the same way: history lines and
// "did you mean" suggestions.

#include "strata/detail/tool_text.hpp"
#include "strata/detail/text.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>

namespace strata {
namespace {

// Alembic's markers after the id, so the output reads the same to its users.
std::string markers(const revision_graph& graph, const revision& rev) {
    std::string text;
    if (!rev.branch_labels.empty()) {
        text += fmt::format(" ({})", fmt::join(rev.branch_labels, ", "));
    }
    if (graph.children(rev.id).empty()) {
        text += " (head)";
    }
    if (graph.children(rev.id).size() > 1) {
        text += " (branchpoint)";
    }
    if (rev.down_revisions.size() > 1) {
        text += " (mergepoint)";
    }
    return text;
}

std::string parents_text(const revision& rev) {
    return rev.down_revisions.empty() ? std::string("<base>")
                                      : fmt::format("{}", fmt::join(rev.down_revisions, ", "));
}

} // namespace

std::string closest_match(std::string_view word, const std::vector<std::string>& candidates) {
    if (candidates.empty()) {
        return {};
    }
    return *std::min_element(
        candidates.begin(), candidates.end(), [&](const auto& x, const auto& y) {
            return detail::edit_distance(word, x) < detail::edit_distance(word, y);
        });
}

std::string history_line(const revision_graph& graph, const revision& rev) {
    // One line per revision: a message of several lines shows its first.
    return fmt::format("{} -> {}{}, {}", parents_text(rev), rev.id, markers(graph, rev),
                       std::string_view(rev.message).substr(0, rev.message.find('\n')));
}

std::string history_entry(const revision_graph& graph, const revision& rev) {
    std::string text =
        fmt::format("Rev: {}{}\nParent: {}\n", rev.id, markers(graph, rev), parents_text(rev));
    if (!rev.depends_on.empty()) {
        // Alembic's wording: a dependency is needed first, like a parent, but is none.
        text += fmt::format("Also depends on: {}\n", fmt::join(rev.depends_on, ", "));
    }
    if (!rev.branch_labels.empty()) {
        text += fmt::format("Branch names: {}\n", fmt::join(rev.branch_labels, ", "));
    }
    std::string message;
    for (char ch : rev.message) {
        message += ch == '\n' ? std::string("\n    ") : std::string(1, ch);
    }
    text += fmt::format("Create Date: {}\n\n    {}\n", rev.create_date, message);
    return text;
}

} // namespace strata
