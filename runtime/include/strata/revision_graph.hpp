#pragma once
/// @file
/// The revisions compiled into an application, checked and arranged as a graph: each
/// revision points at its parents (down_revisions), a merge has several, a base none.

#include "strata/error.hpp"
#include "strata/export.hpp"
#include "strata/revision.hpp"

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace strata {

/// A validated revision history with a deterministic order.
class STRATA_API revision_graph {
public:
    /// Checks @p revisions and orders them. Throws strata::revision_error for an empty or
    /// duplicate id, a parent or dependency that does not exist, a cycle (through parents
    /// and dependencies), a branch label used twice (or spelt like a keyword or a revision
    /// id), or a squash (revision::replaces) with only some of the revisions it replaces
    /// present.
    explicit revision_graph(std::vector<revision> revisions);

    /// Every revision in topological order: parents and dependencies first, ties by
    /// create_date then id.
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

    /// Ids of the revisions no other revision has as parent, sorted. A dependency
    /// (revision::depends_on) is not a parent: the revision depended on can stay a head.
    [[nodiscard]] std::vector<std::string> heads() const;
    /// Ids of the revisions without parents, sorted.
    [[nodiscard]] std::vector<std::string> bases() const;
    /// Ids of every revision @p id needs applied first (not @p id itself): reachable
    /// through down_revisions and depends_on, in topological order. Throws
    /// strata::revision_error for an unknown id.
    [[nodiscard]] std::vector<std::string> ancestors(std::string_view id) const;

    /// @p ids plus everything they need applied (parents and dependencies, recursively),
    /// in topological order: what a database at @p ids has applied.
    [[nodiscard]] std::vector<std::string> closure(const std::vector<std::string>& ids) const;
    /// @p ids plus their ancestors through down_revisions only, in topological order: their
    /// lines of history, without the other branches they depend on.
    [[nodiscard]] std::vector<std::string> line(const std::vector<std::string>& ids) const;
    /// The members of @p ids that are not a parent of another member, sorted; for a set
    /// closed under ancestors these are the revisions a version table records.
    [[nodiscard]] std::vector<std::string> heads_of(const std::vector<std::string>& ids) const;

    /// The revision that carries branch label @p label, or nullptr.
    [[nodiscard]] const revision* labelled(std::string_view label) const;
    /// Ids of the revisions that have @p id as a parent, sorted.
    [[nodiscard]] std::vector<std::string> children(std::string_view id) const;
    /// @p id and every revision descending from it, in topological order.
    [[nodiscard]] std::vector<std::string> descendants(std::string_view id) const;

    /// The squashes whose replaced revisions are all present, each as the step the migrator
    /// runs instead of them: the squash's operations and parents under the id of the newest
    /// revision it replaces (its `replaces` lists them all). Not part of revisions().
    [[nodiscard]] const std::vector<revision>& squash_steps() const { return m_squash_steps; }
    /// The squash step that replaces @p id (see squash_steps()), or nullptr.
    [[nodiscard]] const revision* squash_step_for(std::string_view id) const;
    /// What a version row @p id means in this graph: the squash that took its place when
    /// @p id is the newest of the revisions it replaced and they were deleted, otherwise
    /// @p id itself.
    [[nodiscard]] std::string canonical(std::string_view id) const;
    /// True when @p id was replaced by a squash and its file deleted.
    [[nodiscard]] bool replaced(std::string_view id) const { return m_replaced_by.contains(id); }
    /// The squash that replaced @p id (its file deleted), or std::nullopt.
    [[nodiscard]] std::optional<std::string> replaced_by(std::string_view id) const;

    /// Resolves a target as Alembic spells it to the revision ids it names (empty for base):
    /// `base`, `head` (exactly one must exist), `heads`, a branch label, `label@head`,
    /// `label@heads`, a full id or unique prefix, `+N` / `-N` relative to @p current (the
    /// database's revisions; std::nullopt when there is no database, which makes relative
    /// targets and `current` an error), and `X+N` / `X-N` relative to any target X that
    /// names one revision. `label@base`, `label@+N` and `label@-N` move only that branch:
    /// with @p current the result is the database's revisions outside the branch plus the
    /// branch's new position (`label@base`: none of it; without a database, the revisions
    /// the branch starts from), less any revision that depends on a branch revision the
    /// move reverts (Alembic reverts such a dependent too). Throws strata::revision_error for an
    /// unknown or ambiguous target, an unknown label, or a count past the branch's head or below
    /// its base.
    [[nodiscard]] std::vector<std::string>
    resolve(std::string_view target,
            const std::optional<std::vector<std::string>>& current = std::nullopt) const;
    /// The revisions of a history range `FROM:TO` (either side may be empty: base and heads)
    /// in topological order: TO and its ancestors that are FROM or descend from it.
    [[nodiscard]] std::vector<std::string>
    range(std::string_view range_text,
          const std::optional<std::vector<std::string>>& current = std::nullopt) const;

private:
    /// Why range @p range_text (FROM @p from, TO @p to) lists no revision: backwards, or
    /// two lines of history that never meet.
    [[nodiscard]] revision_error empty_range_error(std::string_view range_text,
                                                   const std::vector<std::string>& from,
                                                   const std::vector<std::string>& to) const;
    /// closure() (@p dependencies true) or line() (false).
    [[nodiscard]] std::vector<std::string> reachable(const std::vector<std::string>& ids,
                                                     bool dependencies) const;
    /// The end of the message for an unknown target @p word: a "did you mean" hint when a
    /// name is close, and where the revisions are listed.
    [[nodiscard]] std::string did_you_mean(std::string_view word) const;
    /// The revisions a branch label covers, as in Alembic: the labelled revision, its
    /// descendants, and its ancestors down to the preceding branch point.
    struct branch {
        /// Ids of the branch's revisions.
        std::set<std::string, std::less<>> members;
        /// The branch's first revision; its parents (if any) are where the branch starts.
        std::string lowest;
    };
    /// The id @p id_or_prefix names (an id or a unique prefix), std::nullopt when it names
    /// none; throws strata::revision_error when the prefix is ambiguous.
    [[nodiscard]] std::optional<std::string>
    revision_or_nothing(std::string_view id_or_prefix) const;
    /// The branch labelled @p label; @p whole is the target as written, for messages.
    [[nodiscard]] branch branch_of(std::string_view label, std::string_view whole) const;
    /// resolve(); with @p whole_database false a branch target names only the branch's own
    /// position (for ranges), not the rest of the database around it.
    [[nodiscard]] std::vector<std::string>
    resolve_target(std::string_view target, const std::optional<std::vector<std::string>>& current,
                   bool whole_database) const;
    /// `label@what` for what = head, heads, base, +N, -N.
    [[nodiscard]] std::vector<std::string>
    resolve_branch(std::string_view label, std::string_view what, std::string_view whole,
                   const std::optional<std::vector<std::string>>& current,
                   bool whole_database) const;
    /// Walks @p steps along branch @p b from @p start (std::nullopt is the branch's base);
    /// @p whole is the target as written, for messages.
    [[nodiscard]] std::optional<std::string> walk_branch(const branch& b, std::string_view label,
                                                         std::optional<std::string> start,
                                                         long steps, std::string_view whole) const;
    /// The one revision @p target names, std::nullopt for base; @p whole is the target as
    /// written, for messages.
    [[nodiscard]] std::optional<std::string>
    resolve_one(std::string_view target, const std::optional<std::vector<std::string>>& current,
                std::string_view whole) const;
    /// Walks @p steps parents (negative) or children (positive) from @p start (std::nullopt
    /// is base); @p whole is the target as written, for messages.
    [[nodiscard]] std::optional<std::string> walk(std::optional<std::string> start, long steps,
                                                  std::string_view whole) const;

    /// Takes the squashes (revisions with `replaces`) out of @p revisions into
    /// m_squash_steps when their originals are present, or rewires @p revisions through
    /// them when the originals are gone (revision_squash.cpp).
    void set_aside_squashes(std::vector<revision>& revisions);
    /// Checks each squash step's parents exist (after the graph is built).
    void check_squash_steps() const;

    std::vector<revision> m_revisions;
    std::vector<revision> m_squash_steps;
    std::map<std::string, std::string, std::less<>> m_replaced_by;
    std::map<std::string, std::string, std::less<>> m_squashed_tips;
    std::map<std::string, std::size_t, std::less<>> m_index;
    std::map<std::string, std::size_t, std::less<>> m_labels;
};

} // namespace strata
