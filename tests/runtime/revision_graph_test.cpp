#include "expect_throw_msg.hpp"

#include "strata/error.hpp"
#include "strata/revision_graph.hpp"

#include <gtest/gtest.h>

namespace {
using strata::revision;
using strata::revision_error;
using strata::revision_graph;
using ids = std::vector<std::string>;

revision rev(std::string id, ids parents, std::string date = "2024-01-01 00:00:00") {
    revision r;
    r.message = "message of " + id;
    r.id = std::move(id);
    r.down_revisions = std::move(parents);
    r.create_date = std::move(date);
    return r;
}

ids order(const revision_graph& g) {
    ids result;
    for (const auto& r : g.revisions()) {
        result.push_back(r.id);
    }
    return result;
}

TEST(RevisionGraph, TopologicalOrderParentsFirstTiesByDateThenId) {
    // base -> {b2 (older), a1 (newer)} -> merge; b0 shares b2's date and sorts before it by id.
    const revision_graph g(
        {rev("m", {"a1", "b2", "b0"}, "2024-01-05 00:00:00"),
         rev("a1", {"base"}, "2024-01-03 00:00:00"), rev("b2", {"base"}, "2024-01-02 00:00:00"),
         rev("b0", {"base"}, "2024-01-02 00:00:00"), rev("base", {}, "2024-01-01 00:00:00")});
    EXPECT_EQ(order(g), (ids{"base", "b0", "b2", "a1", "m"}));
    EXPECT_EQ(g.heads(), ids{"m"});
    EXPECT_EQ(g.bases(), ids{"base"});
    EXPECT_EQ(g.ancestors("m"), (ids{"base", "b0", "b2", "a1"}));
    EXPECT_EQ(g.ancestors("a1"), ids{"base"});
    EXPECT_TRUE(g.ancestors("base").empty());
    EXPECT_EQ(g.size(), 5U);
}

TEST(RevisionGraph, OrderDoesNotDependOnInputOrder) {
    std::vector<revision> revisions{rev("a", {}), rev("b", {"a"}), rev("c", {"a"}),
                                    rev("d", {"b", "c"})};
    const auto forward = order(revision_graph(revisions));
    std::reverse(revisions.begin(), revisions.end());
    EXPECT_EQ(order(revision_graph(revisions)), forward);
}

TEST(RevisionGraph, HeadsAndBasesSorted) {
    const revision_graph g({rev("z", {}), rev("y", {"z"}), rev("x", {"z"}), rev("w", {})});
    EXPECT_EQ(g.heads(), (ids{"w", "x", "y"}));
    EXPECT_EQ(g.bases(), (ids{"w", "z"}));
    EXPECT_EQ(g.heads_of({"z", "x"}), ids{"x"});
    EXPECT_EQ(g.closure({"x", "w"}), (ids{"w", "z", "x"}));
}

TEST(RevisionGraph, EmptyGraph) {
    const revision_graph g({});
    EXPECT_TRUE(g.empty());
    EXPECT_TRUE(g.heads().empty());
}

TEST(RevisionGraph, DuplicateId) {
    EXPECT_THROW_MSG(revision_graph({rev("abc", {}), rev("abc", {})}), revision_error,
                     "duplicate revision id 'abc' (\"message of abc\" and \"message of abc\")");
}

TEST(RevisionGraph, MissingParentNamesBothRevisions) {
    EXPECT_THROW_MSG(revision_graph({rev("a", {}), rev("b", {"zzz"})}), revision_error,
                     "revision 'b' (\"message of b\") has parent 'zzz', which does not exist");
}

TEST(RevisionGraph, Cycle) {
    EXPECT_THROW_MSG(revision_graph({rev("a", {}), rev("b", {"a", "c"}), rev("c", {"b"})}),
                     revision_error, "revision graph has a cycle among 'b', 'c'");
    EXPECT_THROW_MSG(revision_graph({rev("self", {"self"})}), revision_error, "cycle among 'self'");
}

TEST(RevisionGraph, EmptyId) {
    EXPECT_THROW_MSG(revision_graph({rev("", {})}), revision_error, "has an empty id");
}

TEST(RevisionGraph, FindByIdAndPrefix) {
    const revision_graph g({rev("3f2a9c1b7d4e", {}), rev("3f2b00000000", {"3f2a9c1b7d4e"}),
                            rev("3f", {"3f2b00000000"})});
    EXPECT_EQ(g.find("3f2a").id, "3f2a9c1b7d4e");
    EXPECT_EQ(g.find("3f2b00000000").id, "3f2b00000000");
    EXPECT_EQ(g.find("3f").id, "3f"); // an exact id wins over a prefix
    EXPECT_EQ(g.get("3f2a"), nullptr);
    EXPECT_THROW_MSG((void)g.find("3f2"), revision_error,
                     "revision prefix '3f2' is ambiguous: it matches '3f2a9c1b7d4e', "
                     "'3f2b00000000'");
    EXPECT_THROW_MSG((void)g.find("beef"), revision_error, "unknown revision 'beef'");
    EXPECT_THROW_MSG((void)g.find(""), revision_error, "unknown revision ''");
    EXPECT_THROW_MSG((void)g.ancestors("beef"), revision_error, "unknown revision 'beef'");
}

} // namespace
