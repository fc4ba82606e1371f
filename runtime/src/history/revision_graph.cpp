#include "strata/revision_graph.hpp"

#include "strata/detail/text.hpp"
#include "strata/detail/topological.hpp"
#include "strata/error.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <set>
#include <tuple>

namespace strata {
namespace {
using detail::quoted_list;
// The order a tie between ready revisions is broken in: oldest first, then by id, so the
// same set of revisions always yields the same order on every machine.
bool earlier(const revision& a, const revision& b) {
    return std::tie(a.create_date, a.id) < std::tie(b.create_date, b.id);
}

// Labels are used inside targets (`label@head`, `label+2`, ranges `a:b`), so the characters
// that structure a target are not allowed in them.
void check_label(const std::string& label, const revision& rev) {
    const bool valid = !label.empty() && std::all_of(label.begin(), label.end(), [](char ch) {
        return std::isalnum(static_cast<unsigned char>(ch)) != 0 || ch == '_' || ch == '-' ||
               ch == '.';
    });
    if (!valid) {
        throw revision_error(fmt::format(
            "branch label '{}' of revision '{}' is invalid: use letters, digits, '_', '-' and '.'",
            label, rev.id));
    }
    for (const char* keyword : {"head", "heads", "base", "current"}) {
        if (label == keyword) {
            throw revision_error(fmt::format(
                "branch label '{}' of revision '{}' is reserved as a target keyword; choose "
                "another",
                label, rev.id));
        }
    }
}

// "+3" / "abc-2" split into the part before the sign and the signed count; std::nullopt
// when @p target does not end in a sign followed by digits.
std::optional<std::pair<std::string_view, long>> split_relative(std::string_view target) {
    const auto sign = target.find_last_of("+-");
    if (sign == std::string_view::npos || sign + 1 == target.size()) {
        return std::nullopt;
    }
    long count = 0;
    const auto* end = target.data() + target.size();
    const auto [ptr, ec] = std::from_chars(target.data() + sign + 1, end, count);
    if (ec == std::errc::result_out_of_range && ptr == end) {
        throw revision_error(fmt::format("'{}': the count {} is too large; no history is that long",
                                         target, target.substr(sign + 1)));
    }
    if (ec != std::errc() || ptr != end) {
        return std::nullopt;
    }
    return std::pair{target.substr(0, sign), target[sign] == '-' ? -count : count};
}
} // namespace

revision_graph::revision_graph(std::vector<revision> revisions) {
    set_aside_squashes(revisions);
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
        // A dependency orders like a parent (it is applied first, reverted last), so a
        // dependency on a descendant is a cycle like any other.
        for (const auto* needed : {&revisions[i].down_revisions, &revisions[i].depends_on}) {
            for (const auto& other : *needed) {
                auto it = index.find(other);
                if (it == index.end()) {
                    throw revision_error(fmt::format(
                        "revision '{}' (\"{}\") {} '{}', which does not exist; is a revision "
                        "file missing from the build?",
                        revisions[i].id, revisions[i].message,
                        needed == &revisions[i].depends_on ? "depends on" : "has parent", other));
                }
                ++waiting[i];
                children[it->second].push_back(i);
            }
        }
    }
    const auto order =
        detail::topological_order(waiting, children, [&](std::size_t a, std::size_t b) {
            return earlier(revisions[a], revisions[b]);
        });
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

    for (std::size_t i = 0; i < m_revisions.size(); ++i) {
        for (const auto& label : m_revisions[i].branch_labels) {
            check_label(label, m_revisions[i]);
            if (m_index.contains(label)) {
                throw revision_error(fmt::format(
                    "branch label '{}' of revision '{}' is also a revision id; rename the label",
                    label, m_revisions[i].id));
            }
            auto [it, inserted] = m_labels.emplace(label, i);
            if (!inserted) {
                throw revision_error(fmt::format(
                    "branch label '{}' is used by revisions '{}' and '{}'; a label names one "
                    "branch, so rename one of them",
                    label, m_revisions[it->second].id, m_revisions[i].id));
            }
        }
    }
    check_squash_steps();
}

const revision* revision_graph::get(std::string_view id) const {
    auto it = m_index.find(id);
    return it == m_index.end() ? nullptr : &m_revisions[it->second];
}

namespace {
// "; did you mean 'head'? Run ..." when one of @p names is at most two edits from @p word
// and fewer than half its length, else "; run ...": @p advice (lower case) reads as a
// sentence of its own after the question. Nothing is guessed for a mistyped id.
std::string suggestion(std::string_view word, const std::vector<std::string>& names,
                       std::string advice) {
    std::string best;
    std::size_t best_distance = std::min<std::size_t>(3, word.size() / 2 + 1);
    for (const auto& name : names) {
        if (name == word) {
            continue; // offering the word itself would suggest nothing
        }
        const auto distance = detail::edit_distance(word, name);
        if (distance < best_distance) {
            best = name;
            best_distance = distance;
        }
    }
    if (best.empty()) {
        return "; " + advice;
    }
    advice.front() = static_cast<char>(std::toupper(static_cast<unsigned char>(advice.front())));
    return fmt::format("; did you mean '{}'? {}", best, advice);
}
} // namespace

std::string revision_graph::did_you_mean(std::string_view word) const {
    std::vector<std::string> names{"head", "heads", "base", "current"};
    for (const auto& [label, index] : m_labels) {
        names.push_back(label);
    }
    return suggestion(word, names, "run `history` to list the revisions this build knows");
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
        throw revision_error(
            fmt::format("unknown revision '{}'{}", id_or_prefix, did_you_mean(id_or_prefix)));
    }
    if (candidates.size() > 1) {
        throw revision_error(
            fmt::format("revision prefix '{}' is ambiguous: it matches {}; give more characters",
                        id_or_prefix, quoted_list(candidates)));
    }
    return *get(candidates.front());
}

std::optional<std::string>
revision_graph::revision_or_nothing(std::string_view id_or_prefix) const {
    if (const revision* exact = get(id_or_prefix)) {
        return exact->id;
    }
    const auto it = m_index.lower_bound(id_or_prefix);
    if (it == m_index.end() || !it->first.starts_with(id_or_prefix)) {
        return std::nullopt;
    }
    return find(id_or_prefix).id; // throws when the prefix is ambiguous
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
    auto needed = rev.down_revisions;
    needed.insert(needed.end(), rev.depends_on.begin(), rev.depends_on.end());
    return closure(needed);
}

std::vector<std::string> revision_graph::closure(const std::vector<std::string>& ids) const {
    return reachable(ids, true);
}

std::vector<std::string> revision_graph::line(const std::vector<std::string>& ids) const {
    return reachable(ids, false);
}

std::vector<std::string> revision_graph::reachable(const std::vector<std::string>& ids,
                                                   bool dependencies) const {
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
        if (dependencies) {
            for (const auto& needed : m_revisions[i].depends_on) {
                pending.push_back(m_index.find(needed)->second);
            }
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
    // Marked by position: sets of id strings here were most of a new database's graph work.
    // Every parent is in the graph (the constructor checks), so an id the graph does not
    // know is never a parent and stays a head.
    std::vector<bool> is_parent(m_revisions.size(), false);
    for (const auto& id : ids) {
        if (const auto it = m_index.find(id); it != m_index.end()) {
            for (const auto& parent : m_revisions[it->second].down_revisions) {
                is_parent[m_index.find(parent)->second] = true;
            }
        }
    }
    std::vector<std::string> result;
    for (const auto& id : ids) {
        const auto it = m_index.find(id);
        if (it == m_index.end() || !is_parent[it->second]) {
            result.push_back(id);
        }
    }
    std::sort(result.begin(), result.end());
    result.erase(std::unique(result.begin(), result.end()), result.end());
    return result;
}

const revision* revision_graph::labelled(std::string_view label) const {
    auto it = m_labels.find(label);
    return it == m_labels.end() ? nullptr : &m_revisions[it->second];
}

std::vector<std::string> revision_graph::children(std::string_view id) const {
    std::vector<std::string> result;
    for (const auto& rev : m_revisions) {
        if (std::find(rev.down_revisions.begin(), rev.down_revisions.end(), id) !=
            rev.down_revisions.end()) {
            result.push_back(rev.id);
        }
    }
    std::sort(result.begin(), result.end());
    return result;
}

std::vector<std::string> revision_graph::descendants(std::string_view id) const {
    std::set<std::string, std::less<>> reached{std::string(find(id).id)};
    std::vector<std::string> result;
    // Parents come first in m_revisions, so one pass sees every parent before its child.
    for (const auto& rev : m_revisions) {
        const bool below = reached.contains(rev.id) ||
                           std::any_of(rev.down_revisions.begin(), rev.down_revisions.end(),
                                       [&](const auto& p) { return reached.contains(p); });
        if (below) {
            reached.insert(rev.id);
            result.push_back(rev.id);
        }
    }
    return result;
}

std::vector<std::string>
revision_graph::resolve(std::string_view target,
                        const std::optional<std::vector<std::string>>& current) const {
    return resolve_target(target, current, true);
}

std::vector<std::string>
revision_graph::resolve_target(std::string_view target,
                               const std::optional<std::vector<std::string>>& current,
                               bool whole_database) const {
    if (target == "base") {
        return {};
    }
    if (target == "heads") {
        return heads();
    }
    if (target == "current") {
        if (!current) {
            throw revision_error(
                "target 'current' needs a database, and none is read here (the strata "
                "command and offline --sql read none); name a revision instead");
        }
        return heads_of(closure(*current));
    }
    const auto relative = split_relative(target);
    if (const auto at = target.find('@'); at != std::string_view::npos) {
        const auto what = target.substr(at + 1);
        // `label@+2` counts along the branch; `label@head-1` counts from a revision and is
        // handled by resolve_one like any other REV-N.
        const auto along = split_relative(what);
        if (!relative || (along && along->first.empty())) {
            return resolve_branch(target.substr(0, at), what, target, current, whole_database);
        }
    }
    auto one = resolve_one(target, current, target);
    if (!one) {
        return {};
    }
    return {*one};
}

revision_graph::branch revision_graph::branch_of(std::string_view label,
                                                 std::string_view whole) const {
    const revision* start = labelled(label);
    if (start == nullptr) {
        std::vector<std::string> labels;
        for (const auto& [name, index] : m_labels) {
            labels.push_back(name);
        }
        throw revision_error(fmt::format(
            "unknown branch label '{}' in '{}'{}", label, whole,
            suggestion(label, labels, "run `branches` or `history --verbose` to see the labels")));
    }
    const auto below = descendants(start->id);
    branch result{{below.begin(), below.end()}, start->id};
    // As in Alembic, a label also covers its revision's ancestors down to the preceding
    // branch point (or base): the revisions that exist only for this branch.
    for (;;) {
        const auto& parents = get(result.lowest)->down_revisions;
        if (parents.size() != 1 || children(parents.front()).size() != 1) {
            break;
        }
        result.lowest = parents.front();
        result.members.insert(result.lowest);
    }
    return result;
}

std::vector<std::string> revision_graph::resolve_branch(
    std::string_view label, std::string_view what, std::string_view whole,
    const std::optional<std::vector<std::string>>& current, bool whole_database) const {
    if ((what == "head" || what == "heads") && labelled(label) == nullptr && !label.empty()) {
        // Alembic's REVISION@head: the head of the line of history the revision is on. A
        // name that is no label and no revision falls through to the unknown-label error.
        if (const auto start = revision_or_nothing(label)) {
            const auto line_heads = heads_of(descendants(*start));
            if (what == "head" && line_heads.size() > 1) {
                throw revision_error(fmt::format(
                    "'{}' is ambiguous: revision '{}' leads to {} heads ({}); merge them, or "
                    "use '{}@heads'",
                    whole, *start, line_heads.size(), quoted_list(line_heads), label));
            }
            return line_heads;
        }
    }
    const branch b = branch_of(label, whole);
    if (what == "head" || what == "heads") {
        const auto branch_heads = heads_of(descendants(labelled(label)->id));
        if (what == "head" && branch_heads.size() > 1) {
            throw revision_error(fmt::format(
                "'{}' is ambiguous: branch '{}' has {} heads ({}); merge them, or use '{}@heads'",
                whole, label, branch_heads.size(), quoted_list(branch_heads), label));
        }
        return branch_heads;
    }
    // Where the branch ends up: one of its revisions, or std::nullopt for its base (none
    // of its revisions applied).
    std::optional<std::string> position;
    if (what != "base") {
        const auto along = split_relative(what);
        if (!along || !along->first.empty()) {
            throw revision_error(
                fmt::format("invalid target '{}': after '{}@' write 'head', 'heads', 'base', "
                            "'+N' or '-N'",
                            whole, label));
        }
        if (!current) {
            throw revision_error(fmt::format(
                "relative target '{}' counts from where the database is on branch '{}', and "
                "there is no database here; write it as '{}@head-N', '{}@base+N' or REVISION{}",
                whole, label, label, label, what));
        }
        std::vector<std::string> on_branch;
        for (const auto& id : closure(*current)) {
            if (b.members.contains(id)) {
                on_branch.push_back(id);
            }
        }
        on_branch = heads_of(on_branch);
        if (on_branch.size() > 1) {
            throw revision_error(fmt::format(
                "relative target '{}' is ambiguous: the database is at {} heads of branch '{}' "
                "({}); write it as REVISION{} instead",
                whole, on_branch.size(), label, quoted_list(on_branch), what));
        }
        if (!on_branch.empty()) {
            position = on_branch.front();
        }
        position = walk_branch(b, label, position, along->second, whole);
    }
    if (!whole_database || !current) {
        return heads_of(position ? std::vector{*position} : get(b.lowest)->down_revisions);
    }
    // Only this branch moves: every applied revision outside it stays, as Alembic does,
    // except one that depends on a branch revision this move reverts: it goes too.
    const auto kept_on_branch = position ? closure({*position}) : std::vector<std::string>{};
    std::set<std::string, std::less<>> reverted;
    for (const auto& id : closure(*current)) {
        if (b.members.contains(id) &&
            std::find(kept_on_branch.begin(), kept_on_branch.end(), id) == kept_on_branch.end()) {
            reverted.insert(id);
        }
    }
    std::set<std::string, std::less<>> wanted(kept_on_branch.begin(), kept_on_branch.end());
    for (const auto& id : closure(*current)) {
        const auto needs = closure({id});
        const bool needs_reverted = std::any_of(
            needs.begin(), needs.end(), [&](const auto& n) { return reverted.contains(n); });
        if (!b.members.contains(id) && !needs_reverted) {
            wanted.insert(id);
        }
    }
    return heads_of({wanted.begin(), wanted.end()});
}

std::optional<std::string> revision_graph::walk_branch(const branch& b, std::string_view label,
                                                       std::optional<std::string> start, long steps,
                                                       std::string_view whole) const {
    for (; steps > 0; --steps) {
        // Every child of a branch revision belongs to the branch too.
        const auto next = start ? children(*start) : std::vector{b.lowest};
        if (next.empty()) {
            throw revision_error(
                fmt::format("'{}' goes past the head of branch '{}': '{}' has no newer revision",
                            whole, label, *start));
        }
        if (next.size() > 1) {
            throw revision_error(
                fmt::format("'{}' is ambiguous: branch '{}' forks after '{}' into {}; name one "
                            "of them",
                            whole, label, *start, quoted_list(next)));
        }
        start = next.front();
    }
    for (; steps < 0; ++steps) {
        if (!start) {
            throw revision_error(fmt::format(
                "'{}' goes below the base of branch '{}'; count fewer revisions, or use '{}@base'",
                whole, label, label));
        }
        if (*start == b.lowest) {
            start.reset();
            continue;
        }
        std::vector<std::string> parents;
        for (const auto& parent : get(*start)->down_revisions) {
            if (b.members.contains(parent)) {
                parents.push_back(parent);
            }
        }
        if (parents.size() > 1) {
            throw revision_error(
                fmt::format("'{}' is ambiguous: '{}' is a merge of {}; name one of them", whole,
                            *start, quoted_list(parents)));
        }
        start = parents.front();
    }
    return start;
}

std::optional<std::string>
revision_graph::resolve_one(std::string_view target,
                            const std::optional<std::vector<std::string>>& current,
                            std::string_view whole) const {
    if (target == "base") {
        return std::nullopt;
    }
    if (target == "head") {
        const auto all = heads();
        if (all.empty()) {
            throw revision_error("there is no head: the application has no revisions");
        }
        if (all.size() > 1) {
            throw revision_error(
                fmt::format("'head' is ambiguous: there are {} heads ({}); create a merge revision "
                            "that joins them, or use 'heads' or a revision id",
                            all.size(), quoted_list(all)));
        }
        return all.front();
    }
    if (const revision* rev = labelled(target)) {
        return rev->id;
    }
    if (get(target) != nullptr) {
        return std::string(target);
    }
    if (const auto relative = split_relative(target)) {
        const auto [anchor, steps] = *relative;
        if (anchor.empty()) {
            if (!current) {
                throw revision_error(fmt::format(
                    "relative target '{}' counts from the database's revision, and there is no "
                    "database here; write it as REVISION{}",
                    whole, target));
            }
            const auto at = heads_of(closure(*current));
            if (at.size() > 1) {
                throw revision_error(fmt::format(
                    "relative target '{}' is ambiguous: the database is at {} heads ({}); write "
                    "it as REVISION{} instead",
                    whole, at.size(), quoted_list(at), target));
            }
            return walk(at.empty() ? std::nullopt : std::optional(at.front()), steps, whole);
        }
        const auto at = anchor.find('@');
        if (at != std::string_view::npos || anchor == "heads" || anchor == "current") {
            if (at != std::string_view::npos && anchor.substr(at + 1) == "base") {
                // `label@base+N` counts along the branch from below its first revision.
                const auto label = anchor.substr(0, at);
                return walk_branch(branch_of(label, whole), label, std::nullopt, steps, whole);
            }
            const auto resolved = resolve_target(anchor, current, false);
            if (resolved.size() > 1) {
                throw revision_error(fmt::format("'{}' is ambiguous: '{}' names {} revisions ({})",
                                                 whole, anchor, resolved.size(),
                                                 quoted_list(resolved)));
            }
            return walk(resolved.empty() ? std::nullopt : std::optional(resolved.front()), steps,
                        whole);
        }
        return walk(resolve_one(anchor, current, whole), steps, whole);
    }
    return find(target).id;
}

std::optional<std::string> revision_graph::walk(std::optional<std::string> start, long steps,
                                                std::string_view whole) const {
    for (; steps > 0; --steps) {
        const auto next = start ? children(*start) : bases();
        if (next.empty()) {
            throw revision_error(fmt::format("'{}' goes past the head: '{}' has no newer revision",
                                             whole, start ? *start : std::string("base")));
        }
        if (next.size() > 1) {
            throw revision_error(fmt::format(
                "'{}' is ambiguous: the history branches after '{}' into {}; name one of them",
                whole, start ? *start : std::string("base"), quoted_list(next)));
        }
        start = next.front();
    }
    for (; steps < 0; ++steps) {
        if (!start) {
            throw revision_error(fmt::format("'{}' goes below base; count fewer revisions", whole));
        }
        const auto& parents = get(*start)->down_revisions;
        if (parents.size() > 1) {
            throw revision_error(
                fmt::format("'{}' is ambiguous: '{}' is a merge of {}; name one of them", whole,
                            *start, quoted_list(parents)));
        }
        start = parents.empty() ? std::nullopt : std::optional(parents.front());
    }
    return start;
}

std::vector<std::string>
revision_graph::range(std::string_view range_text,
                      const std::optional<std::vector<std::string>>& current) const {
    const auto colon = range_text.find(':');
    if (colon == std::string_view::npos) {
        throw revision_error(
            fmt::format("invalid range '{}': write FROM:TO, e.g. 'base:head', 'abc:' or ':current'",
                        range_text));
    }
    if (range_text.find(':', colon + 1) != std::string_view::npos) {
        throw revision_error(fmt::format(
            "invalid range '{}': write FROM:TO with one ':', e.g. 'base:head'", range_text));
    }
    const auto from_text = range_text.substr(0, colon);
    const auto to_text = range_text.substr(colon + 1);
    // A range lists revisions, so a branch target names the branch's own position here, not
    // the whole database around it.
    std::vector<std::string> from;
    if (const auto at = from_text.find('@');
        at != std::string_view::npos && from_text.substr(at + 1) == "base") {
        // As in Alembic, `label@base:` starts at the branch point (or the branch's own root
        // when it has no parent), so the listing shows where the branch comes from.
        const branch b = branch_of(from_text.substr(0, at), from_text);
        from = get(b.lowest)->down_revisions;
        if (from.empty()) {
            from = {b.lowest};
        }
    } else {
        from = resolve_target(from_text.empty() ? "base" : from_text, current, false);
    }
    const auto to = resolve_target(to_text.empty() ? "heads" : to_text, current, false);
    std::set<std::string, std::less<>> lower;
    for (const auto& id : from) {
        const auto below = descendants(id);
        lower.insert(below.begin(), below.end());
    }
    std::vector<std::string> result;
    for (const auto& id : closure(to)) {
        if (from.empty() || lower.contains(id)) {
            result.push_back(id);
        }
    }
    if (result.empty() && !from.empty()) {
        throw empty_range_error(range_text, from, to);
    }
    return result;
}

revision_error revision_graph::empty_range_error(std::string_view range_text,
                                                 const std::vector<std::string>& from,
                                                 const std::vector<std::string>& to) const {
    // Nothing between FROM and TO: either TO lies below FROM (written the wrong way round,
    // which Alembic refuses too) or the two are on lines of history that never meet.
    const auto below_from = closure(from);
    const bool backwards = std::all_of(to.begin(), to.end(), [&](const std::string& id) {
        return std::find(below_from.begin(), below_from.end(), id) != below_from.end();
    });
    const auto colon = range_text.find(':');
    if (backwards) {
        return revision_error(fmt::format(
            "range '{}' lists nothing: it runs from newer to older; write it as '{}:{}'",
            range_text, range_text.substr(colon + 1), range_text.substr(0, colon)));
    }
    return revision_error(fmt::format("range '{}' lists nothing: {} is not an ancestor of {}",
                                      range_text, quoted_list(from), quoted_list(to)));
}

} // namespace strata
