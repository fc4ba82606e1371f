// Text the migrate tool and the strata tool print the same way: history lines and
// "did you mean" suggestions.

#include "strata/cli.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>

namespace strata {
namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        row[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
            diagonal = above;
        }
    }
    return row[b.size()];
}

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
    return *std::min_element(candidates.begin(), candidates.end(),
                             [&](const auto& x, const auto& y) {
                                 return edit_distance(word, x) < edit_distance(word, y);
                             });
}

std::string history_line(const revision_graph& graph, const revision& rev) {
    return fmt::format("{} -> {}{}, {}", parents_text(rev), rev.id, markers(graph, rev),
                       rev.message);
}

std::string history_entry(const revision_graph& graph, const revision& rev) {
    std::string text =
        fmt::format("Rev: {}{}\nParent: {}\n", rev.id, markers(graph, rev), parents_text(rev));
    if (!rev.branch_labels.empty()) {
        text += fmt::format("Branch names: {}\n", fmt::join(rev.branch_labels, ", "));
    }
    text += fmt::format("Create Date: {}\n\n    {}\n", rev.create_date, rev.message);
    return text;
}

} // namespace strata
