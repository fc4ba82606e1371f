#include "strata/revision_graph.hpp"

#include "strata/error.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <set>
#include <tuple>

namespace strata {
namespace {
std::string quoted_list(const std::vector<std::string>& ids) {
    std::vector<std::string> quoted;
    quoted.reserve(ids.size());
    for (const auto& id : ids) {
        quoted.push_back(fmt::format("'{}'", id));
    }
    return fmt::format("{}", fmt::join(quoted, ", "));
}

// The order a tie between ready revisions is broken in: oldest first, then by id, so the
// same set of revisions always yields the same order on every machine.
bool earlier(const revision& a, const revision& b) {
    return std::tie(a.create_date, a.id) < std::tie(b.create_date, b.id);
}
} // namespace

revision_graph::revision_graph(std::vector<revision> revisions) {
    std::map<std::string, std::size_t, std::less<>> index;
    for (std::size_t i = 0; i < revisions.size(); ++i) {
        const revision& rev = revisions[i];
        if (rev.id.empty()) {
            throw revision_error(fmt::format("revision (\"{}\") has an empty id", rev.message));
        }
        auto [it, inserted] = index.emplace(rev.id, i);
        if (!inserted) {
            throw revision_error(fmt::format("duplicate revision id '{}' (\"{}\" and \"{}\")",
                                             rev.id, revisions[it->second].message, rev.message));
        }
    }

    // Kahn's algorithm; the ready set is ordered so that the result is deterministic.
    std::vector<std::size_t> waiting(revisions.size(), 0);
    std::vector<std::vector<std::size_t>> children(revisions.size());
    for (std::size_t i = 0; i < revisions.size(); ++i) {
        for (const auto& parent : revisions[i].down_revisions) {
            auto it = index.find(parent);
            if (it == index.end()) {
                throw revision_error(fmt::format(
                    "revision '{}' (\"{}\") has parent '{}', which does not exist; is a "
                    "revision file missing from the build?",
                    revisions[i].id, revisions[i].message, parent));
            }
            ++waiting[i];
            children[it->second].push_back(i);
        }
    }
    auto cmp = [&](std::size_t a, std::size_t b) { return earlier(revisions[a], revisions[b]); };
    std::set<std::size_t, decltype(cmp)> ready(cmp);
    for (std::size_t i = 0; i < revisions.size(); ++i) {
        if (waiting[i] == 0) {
            ready.insert(i);
        }
    }
    std::vector<std::size_t> order;
    order.reserve(revisions.size());
    while (!ready.empty()) {
        const std::size_t next = *ready.begin();
        ready.erase(ready.begin());
        order.push_back(next);
        for (std::size_t child : children[next]) {
            if (--waiting[child] == 0) {
                ready.insert(child);
            }
        }
    }
    if (order.size() != revisions.size()) {
        std::vector<std::string> stuck;
        for (std::size_t i = 0; i < revisions.size(); ++i) {
            if (waiting[i] != 0) {
                stuck.push_back(revisions[i].id);
            }
        }
        std::sort(stuck.begin(), stuck.end());
        throw revision_error(
            fmt::format("revision graph has a cycle among {}", quoted_list(stuck)));
    }

    m_revisions.reserve(revisions.size());
    for (std::size_t i : order) {
        m_index.emplace(revisions[i].id, m_revisions.size());
        m_revisions.push_back(std::move(revisions[i]));
    }
}

const revision* revision_graph::get(std::string_view id) const {
    auto it = m_index.find(id);
    return it == m_index.end() ? nullptr : &m_revisions[it->second];
}

const revision& revision_graph::find(std::string_view id_or_prefix) const {
    if (const revision* exact = get(id_or_prefix)) {
        return *exact;
    }
    std::vector<std::string> candidates;
    if (!id_or_prefix.empty()) {
        // The index is sorted, so every id with this prefix follows lower_bound.
        for (auto it = m_index.lower_bound(id_or_prefix);
             it != m_index.end() && it->first.starts_with(id_or_prefix); ++it) {
            candidates.push_back(it->first);
        }
    }
    if (candidates.empty()) {
        throw revision_error(fmt::format("unknown revision '{}'", id_or_prefix));
    }
    if (candidates.size() > 1) {
        throw revision_error(fmt::format("revision prefix '{}' is ambiguous: it matches {}",
                                         id_or_prefix, quoted_list(candidates)));
    }
    return *get(candidates.front());
}

std::vector<std::string> revision_graph::heads() const {
    std::vector<std::string> all;
    all.reserve(m_revisions.size());
    for (const auto& rev : m_revisions) {
        all.push_back(rev.id);
    }
    return heads_of(all);
}

std::vector<std::string> revision_graph::bases() const {
    std::vector<std::string> result;
    for (const auto& rev : m_revisions) {
        if (rev.down_revisions.empty()) {
            result.push_back(rev.id);
        }
    }
    std::sort(result.begin(), result.end());
    return result;
}

std::vector<std::string> revision_graph::ancestors(std::string_view id) const {
    const revision& rev = find(id);
    std::vector<std::string> result = closure(rev.down_revisions);
    return result;
}

std::vector<std::string> revision_graph::closure(const std::vector<std::string>& ids) const {
    std::vector<bool> seen(m_revisions.size(), false);
    std::vector<std::size_t> pending;
    for (const auto& id : ids) {
        auto it = m_index.find(id);
        if (it == m_index.end()) {
            throw revision_error(fmt::format("unknown revision '{}'", id));
        }
        pending.push_back(it->second);
    }
    while (!pending.empty()) {
        const std::size_t i = pending.back();
        pending.pop_back();
        if (seen[i]) {
            continue;
        }
        seen[i] = true;
        for (const auto& parent : m_revisions[i].down_revisions) {
            pending.push_back(m_index.find(parent)->second);
        }
    }
    // m_revisions is in topological order already, so walking it in order keeps that.
    std::vector<std::string> result;
    for (std::size_t i = 0; i < m_revisions.size(); ++i) {
        if (seen[i]) {
            result.push_back(m_revisions[i].id);
        }
    }
    return result;
}

std::vector<std::string> revision_graph::heads_of(const std::vector<std::string>& ids) const {
    const std::set<std::string, std::less<>> members(ids.begin(), ids.end());
    std::set<std::string, std::less<>> parents;
    for (const auto& id : members) {
        if (const revision* rev = get(id)) {
            parents.insert(rev->down_revisions.begin(), rev->down_revisions.end());
        }
    }
    std::vector<std::string> result;
    for (const auto& id : members) {
        if (!parents.contains(id)) {
            result.push_back(id);
        }
    }
    return result;
}

} // namespace strata
