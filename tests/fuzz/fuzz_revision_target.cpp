// libFuzzer target: the revision target and range grammar (`head`, `ae10+2`, `label@-1`,
// `base:head`, `:current`) over a fixed graph with two branches and a merge. Every input
// either resolves or throws strata::revision_error.

#include "strata/error.hpp"
#include "strata/revision.hpp"
#include "strata/revision_graph.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace {
strata::revision make(const char* id, std::vector<std::string> parents,
                      std::vector<std::string> labels = {}) {
    strata::revision rev;
    rev.id = id;
    rev.down_revisions = std::move(parents);
    rev.branch_labels = std::move(labels);
    return rev;
}

const strata::revision_graph& graph() {
    // a1 <- b2 <- c3 (label main) ; a1 <- d4 (label feature) <- e5 ; c3 + e5 <- f6 (merge);
    // an independent branch g7 (label other).
    static const strata::revision_graph g({
        make("a1aaaaaaaaaa", {}),
        make("b2bbbbbbbbbb", {"a1aaaaaaaaaa"}),
        make("c3cccccccccc", {"b2bbbbbbbbbb"}, {"main"}),
        make("d4dddddddddd", {"a1aaaaaaaaaa"}, {"feature"}),
        make("e5eeeeeeeeee", {"d4dddddddddd"}),
        make("f6ffffffffff", {"c3cccccccccc", "e5eeeeeeeeee"}),
        make("a7aaaaaaaaaa", {}, {"other"}),
    });
    return g;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto& g = graph();
    const std::vector<std::optional<std::vector<std::string>>> currents{
        std::nullopt, std::vector<std::string>{}, std::vector<std::string>{"b2bbbbbbbbbb"},
        std::vector<std::string>{"e5eeeeeeeeee", "a7aaaaaaaaaa"}};
    for (const auto& current : currents) {
        try {
            for (const auto& id : g.resolve(text, current)) {
                if (g.get(id) == nullptr) {
                    __builtin_trap(); // resolved to a revision the graph does not have
                }
            }
        } catch (const strata::revision_error&) {
        }
        try {
            (void)g.range(text, current);
        } catch (const strata::revision_error&) {
        }
    }
    return 0;
}
