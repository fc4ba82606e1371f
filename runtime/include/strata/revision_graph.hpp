#pragma once
/// @file
/// The revisions compiled into an application, checked and arranged as a graph: each
/// revision points at its parents (down_revisions), a merge has several, a base none.

#include "strata/revision.hpp"

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace strata {

/// A validated revision history with a deterministic order.
class revision_graph {
public:
    /// Checks @p revisions and orders them. Throws strata::revision_error for an empty or
    /// duplicate id, a parent that does not exist, or a cycle.
    explicit revision_graph(std::vector<revision> revisions);

    /// Every revision in topological order: parents first, ties by create_date then id.
    [[nodiscard]] const std::vector<revision>& revisions() const { return m_revisions; }
    /// Number of revisions.
    [[nodiscard]] std::size_t size() const { return m_revisions.size(); }
    /// True when there are no revisions.
    [[nodiscard]] bool empty() const { return m_revisions.empty(); }

    /// The revision with exactly the id @p id, or nullptr.
    [[nodiscard]] const revision* get(std::string_view id) const;
    /// The revision whose id is @p id_or_prefix or uniquely starts with it.
    /// Throws strata::revision_error when none or several match.
    [[nodiscard]] const revision& find(std::string_view id_or_prefix) const;

    /// Ids of the revisions no other revision has as parent, sorted.
    [[nodiscard]] std::vector<std::string> heads() const;
    /// Ids of the revisions without parents, sorted.
    [[nodiscard]] std::vector<std::string> bases() const;
    /// Ids of every revision reachable through down_revisions from @p id (not @p id
    /// itself), in topological order. Throws strata::revision_error for an unknown id.
    [[nodiscard]] std::vector<std::string> ancestors(std::string_view id) const;

    /// @p ids plus all their ancestors, in topological order.
    [[nodiscard]] std::vector<std::string> closure(const std::vector<std::string>& ids) const;
    /// The members of @p ids that are not a parent of another member, sorted; for a set
    /// closed under ancestors these are the revisions a version table records.
    [[nodiscard]] std::vector<std::string> heads_of(const std::vector<std::string>& ids) const;

private:
    std::vector<revision> m_revisions;
    std::map<std::string, std::size_t, std::less<>> m_index;
};

} // namespace strata
