// Squashes (revision::replaces, `strata squash`), as Django's `replaces`: while every
// revision a squash replaces is in the build, the graph keeps them and offers the squash as
// a shortcut (squash_steps()) for databases that have none of them; once they are all
// deleted, the squash takes their place, and version rows naming them mean the squash.

#include "strata/detail/text.hpp"
#include "strata/error.hpp"
#include "strata/revision_graph.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <set>

namespace strata {
namespace {
using detail::quoted_list;

void check_replaces(const revision& squash) {
    std::set<std::string, std::less<>> seen;
    for (const auto& id : squash.replaces) {
        if (id.empty() || id == squash.id || !seen.insert(id).second ||
            std::find(squash.down_revisions.begin(), squash.down_revisions.end(), id) !=
                squash.down_revisions.end()) {
            throw revision_error(fmt::format(
                "squash revision '{}' has an invalid `replaces` list ({}): each replaced "
                "revision must appear once and be neither the squash nor one of its parents",
                squash.id, quoted_list(squash.replaces)));
        }
    }
}
} // namespace

void revision_graph::set_aside_squashes(std::vector<revision>& revisions) {
    std::set<std::string, std::less<>> present;
    for (const auto& rev : revisions) {
        present.insert(rev.id);
    }
    std::vector<revision> kept;
    kept.reserve(revisions.size());
    for (auto& rev : revisions) {
        if (rev.replaces.empty()) {
            kept.push_back(std::move(rev));
            continue;
        }
        check_replaces(rev);
        std::vector<std::string> found;
        std::copy_if(rev.replaces.begin(), rev.replaces.end(), std::back_inserter(found),
                     [&](const std::string& id) { return present.contains(id); });
        if (found.size() == rev.replaces.size()) {
            // Originals present: the squash is a shortcut under the newest one's id, so
            // its version row and history read as if the originals had run.
            revision step = std::move(rev);
            step.id = step.replaces.back();
            step.branch_labels.clear();
            m_squash_steps.push_back(std::move(step));
        } else if (found.empty()) {
            for (const auto& id : rev.replaces) {
                m_replaced_by.emplace(id, rev.id);
            }
            m_squashed_tips.emplace(rev.replaces.back(), rev.id);
            kept.push_back(std::move(rev));
        } else {
            throw revision_error(fmt::format(
                "squash revision '{}' replaces {}, but only {} of them are in this build; keep "
                "every replaced revision (until every database is past them) or delete all of "
                "them, never some",
                rev.id, quoted_list(rev.replaces), quoted_list(found)));
        }
    }
    // A revision built on the newest deleted original is built on the squash that replaced
    // it (`strata squash` refuses a range with a branch leaving its middle).
    for (auto& rev : kept) {
        for (auto& parent : rev.down_revisions) {
            if (const auto it = m_squashed_tips.find(parent); it != m_squashed_tips.end()) {
                parent = it->second;
            }
        }
    }
    revisions = std::move(kept);
}

void revision_graph::check_squash_steps() const {
    for (const auto& step : m_squash_steps) {
        for (const auto& parent : step.down_revisions) {
            if (get(parent) == nullptr) {
                throw revision_error(fmt::format(
                    "squash of {} has parent '{}', which does not exist; is a revision file "
                    "missing from the build?",
                    quoted_list(step.replaces), parent));
            }
        }
        // The newest replaced revision must be the one the others lead to.
        for (const auto& id : step.replaces) {
            const auto& parents = get(id)->down_revisions;
            if (id != step.id &&
                std::find(parents.begin(), parents.end(), step.id) != parents.end()) {
                throw revision_error(
                    fmt::format("squash of {}: '{}' must be listed last, it is the newest of them",
                                quoted_list(step.replaces), id));
            }
        }
    }
}

const revision* revision_graph::squash_step_for(std::string_view id) const {
    for (const auto& step : m_squash_steps) {
        if (std::find(step.replaces.begin(), step.replaces.end(), id) != step.replaces.end()) {
            return &step;
        }
    }
    return nullptr;
}

std::string revision_graph::canonical(std::string_view id) const {
    // Only the newest: a database in the middle of the range has not what the squash does.
    const auto it = m_squashed_tips.find(id);
    return it == m_squashed_tips.end() ? std::string(id) : it->second;
}

std::optional<std::string> revision_graph::replaced_by(std::string_view id) const {
    const auto it = m_replaced_by.find(id);
    return it == m_replaced_by.end() ? std::nullopt : std::optional(it->second);
}

} // namespace strata
