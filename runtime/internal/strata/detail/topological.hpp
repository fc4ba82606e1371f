#pragma once
/// @file
/// Kahn's algorithm, the runtime's one topological sort: the revision graph orders
/// revisions after their parents, and a new database creates each table after the tables
/// its foreign keys reference.

#include <cstddef>
#include <set>
#include <vector>

namespace strata::detail {

/// Nodes 0..n-1 in an order where each comes after every node it waits for.
/// @p waiting[i] counts the waits of node i, @p dependents[j] lists the nodes waiting for
/// node j, once per wait. Among the nodes ready at each point the first by @p earlier (a
/// strict weak order on node numbers) goes first, so the order is the same on every run.
/// On a cycle the result is shorter than n, and @p waiting is left nonzero exactly for the
/// nodes that could not be placed.
template <class Earlier>
[[nodiscard]] std::vector<std::size_t>
topological_order(std::vector<std::size_t>& waiting,
                  const std::vector<std::vector<std::size_t>>& dependents, Earlier earlier) {
    std::set<std::size_t, Earlier> ready(earlier);
    for (std::size_t i = 0; i < waiting.size(); ++i) {
        if (waiting[i] == 0) {
            ready.insert(i);
        }
    }
    std::vector<std::size_t> order;
    order.reserve(waiting.size());
    while (!ready.empty()) {
        const std::size_t next = *ready.begin();
        ready.erase(ready.begin());
        order.push_back(next);
        for (std::size_t dependent : dependents[next]) {
            if (--waiting[dependent] == 0) {
                ready.insert(dependent);
            }
        }
    }
    return order;
}

} // namespace strata::detail
