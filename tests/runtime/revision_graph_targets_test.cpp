// Targets as Alembic spells them, resolved by revision_graph::resolve() and ::range().

#include "expect_throw_msg.hpp"

#include "strata/error.hpp"
#include "strata/revision_graph.hpp"

#include <gtest/gtest.h>

namespace {
using strata::revision;
using strata::revision_error;
using strata::revision_graph;
using ids = std::vector<std::string>;

revision rev(std::string id, ids parents, ids labels = {}) {
    revision r;
    r.message = "message of " + id;
    r.id = std::move(id);
    r.down_revisions = std::move(parents);
    r.create_date = "2024-01-01 00:00:00";
    r.branch_labels = std::move(labels);
    return r;
}

//        base
//   a1 -> a2 -> a3 ----------------> m (merge of a3 and c2)
//          \-> c1 (label "cart") -> c2 /
// and a second root:  x1 (label "extra") -> x2
revision_graph branched() {
    return revision_graph({rev("a1aaaaaaaaaa", {}), rev("a2aaaaaaaaaa", {"a1aaaaaaaaaa"}),
                           rev("a3aaaaaaaaaa", {"a2aaaaaaaaaa"}),
                           rev("c1cccccccccc", {"a2aaaaaaaaaa"}, {"cart"}),
                           rev("c2cccccccccc", {"c1cccccccccc"}),
                           rev("m0mmmmmmmmmm", {"a3aaaaaaaaaa", "c2cccccccccc"})});
}

revision_graph linear() {
    return revision_graph({rev("a1aaaaaaaaaa", {}), rev("a2aaaaaaaaaa", {"a1aaaaaaaaaa"}),
                           rev("a3aaaaaaaaaa", {"a2aaaaaaaaaa"}, {"v3"})});
}

revision_graph two_heads() {
    return revision_graph({rev("a1aaaaaaaaaa", {}), rev("b1bbbbbbbbbb", {"a1aaaaaaaaaa"}),
                           rev("c1cccccccccc", {"a1aaaaaaaaaa"}, {"cart"}),
                           rev("c2cccccccccc", {"c1cccccccccc"}),
                           rev("x1xxxxxxxxxx", {}, {"extra"})});
}

TEST(RevisionTargets, Keywords) {
    const auto g = linear();
    EXPECT_EQ(g.resolve("base"), ids{});
    EXPECT_EQ(g.resolve("head"), ids{"a3aaaaaaaaaa"});
    EXPECT_EQ(g.resolve("heads"), ids{"a3aaaaaaaaaa"});
    EXPECT_EQ(g.resolve("current", ids{"a2aaaaaaaaaa"}), ids{"a2aaaaaaaaaa"});
    EXPECT_EQ(g.resolve("current", ids{}), ids{});
    EXPECT_THROW_MSG((void)g.resolve("current"), revision_error,
                     "target 'current' needs a database");
}

TEST(RevisionTargets, FullAndPartialIds) {
    const auto g = branched();
    EXPECT_EQ(g.resolve("a2aaaaaaaaaa"), ids{"a2aaaaaaaaaa"});
    EXPECT_EQ(g.resolve("c2"), ids{"c2cccccccccc"});
    EXPECT_THROW_MSG((void)g.resolve("a"), revision_error,
                     "revision prefix 'a' is ambiguous: it matches 'a1aaaaaaaaaa', "
                     "'a2aaaaaaaaaa', 'a3aaaaaaaaaa'; give more characters");
    EXPECT_THROW_MSG((void)g.resolve("ffff"), revision_error,
                     "unknown revision 'ffff'; run `history` to list the revisions");
}

TEST(RevisionTargets, SeveralHeads) {
    const auto g = two_heads();
    EXPECT_THROW_MSG((void)g.resolve("head"), revision_error,
                     "'head' is ambiguous: there are 3 heads ('b1bbbbbbbbbb', 'c2cccccccccc', "
                     "'x1xxxxxxxxxx'); create a merge revision that joins them, or use 'heads'");
    EXPECT_EQ(g.resolve("heads"), (ids{"b1bbbbbbbbbb", "c2cccccccccc", "x1xxxxxxxxxx"}));
    EXPECT_THROW_MSG((void)revision_graph({}).resolve("head"), revision_error,
                     "there is no head: the application has no revisions");
}

TEST(RevisionTargets, BranchLabels) {
    const auto g = two_heads();
    EXPECT_EQ(g.resolve("cart"), ids{"c1cccccccccc"}); // the labelled revision itself
    EXPECT_EQ(g.resolve("cart@head"), ids{"c2cccccccccc"});
    EXPECT_EQ(g.resolve("extra@head"), ids{"x1xxxxxxxxxx"});
    EXPECT_EQ(g.resolve("cart@heads"), ids{"c2cccccccccc"});
    EXPECT_EQ(g.resolve("cart@head-1"), ids{"c1cccccccccc"});
    EXPECT_EQ(g.labelled("cart")->id, "c1cccccccccc");
    EXPECT_EQ(g.labelled("nope"), nullptr);
    EXPECT_THROW_MSG((void)g.resolve("shop@head"), revision_error,
                     "unknown branch label 'shop' in 'shop@head'");
    EXPECT_THROW_MSG((void)g.resolve("cart@tail"), revision_error,
                     "invalid target 'cart@tail': after 'cart@' write 'head', 'heads', 'base', "
                     "'+N' or '-N'");
}

//   a1 -> b1 -> b2
//    \--> c1 (label "cart") -> c2 -> c3
//   x1 (label "extra") -> x2
revision_graph long_branches() {
    return revision_graph(
        {rev("a1aaaaaaaaaa", {}), rev("b1bbbbbbbbbb", {"a1aaaaaaaaaa"}),
         rev("b2bbbbbbbbbb", {"b1bbbbbbbbbb"}), rev("c1cccccccccc", {"a1aaaaaaaaaa"}, {"cart"}),
         rev("c2cccccccccc", {"c1cccccccccc"}), rev("c3cccccccccc", {"c2cccccccccc"}),
         rev("x1xxxxxxxxxx", {}, {"extra"}), rev("x2xxxxxxxxxx", {"x1xxxxxxxxxx"})});
}

TEST(RevisionTargets, BranchBaseWithoutADatabaseIsWhereTheBranchStarts) {
    const auto g = long_branches();
    EXPECT_EQ(g.resolve("cart@base"), ids{"a1aaaaaaaaaa"}); // the branch point
    EXPECT_EQ(g.resolve("extra@base"), ids{});              // its own root: base
    EXPECT_EQ(g.resolve("cart@base+1"), ids{"c1cccccccccc"});
    EXPECT_EQ(g.resolve("cart@base+3"), ids{"c3cccccccccc"});
    EXPECT_EQ(g.resolve("extra@base+2"), ids{"x2xxxxxxxxxx"});
    EXPECT_THROW_MSG((void)g.resolve("cart@base+4"), revision_error,
                     "'cart@base+4' goes past the head of branch 'cart': 'c3cccccccccc' has no "
                     "newer revision");
    EXPECT_THROW_MSG((void)g.resolve("cart@base-1"), revision_error,
                     "'cart@base-1' goes below the base of branch 'cart'; count fewer "
                     "revisions, or use 'cart@base'");
    EXPECT_THROW_MSG((void)g.resolve("shop@base"), revision_error,
                     "unknown branch label 'shop' in 'shop@base'");
}

TEST(RevisionTargets, BranchBaseWithADatabaseRemovesOnlyThatBranch) {
    const auto g = long_branches();
    const ids everything{"b2bbbbbbbbbb", "c3cccccccccc", "x2xxxxxxxxxx"};
    EXPECT_EQ(g.resolve("cart@base", everything), (ids{"b2bbbbbbbbbb", "x2xxxxxxxxxx"}));
    EXPECT_EQ(g.resolve("extra@base", everything), (ids{"b2bbbbbbbbbb", "c3cccccccccc"}));
    // Without the other branch, the branch point stays.
    EXPECT_EQ(g.resolve("cart@base", ids{"c2cccccccccc"}), ids{"a1aaaaaaaaaa"});
    // A branch that is not applied: nothing changes.
    EXPECT_EQ(g.resolve("extra@base", ids{"b1bbbbbbbbbb"}), ids{"b1bbbbbbbbbb"});
    EXPECT_EQ(g.resolve("cart@base", ids{}), ids{});
}

TEST(RevisionTargets, BranchRelativeMovesOnlyThatBranch) {
    const auto g = long_branches();
    const ids at{"b1bbbbbbbbbb", "c1cccccccccc", "x2xxxxxxxxxx"};
    EXPECT_EQ(g.resolve("cart@+1", at), (ids{"b1bbbbbbbbbb", "c2cccccccccc", "x2xxxxxxxxxx"}));
    EXPECT_EQ(g.resolve("cart@+2", at), (ids{"b1bbbbbbbbbb", "c3cccccccccc", "x2xxxxxxxxxx"}));
    EXPECT_EQ(g.resolve("cart@+0", at), at);
    EXPECT_EQ(g.resolve("cart@-1", at), (ids{"b1bbbbbbbbbb", "x2xxxxxxxxxx"}));
    EXPECT_EQ(g.resolve("extra@-1", at), (ids{"b1bbbbbbbbbb", "c1cccccccccc", "x1xxxxxxxxxx"}));
    EXPECT_EQ(g.resolve("extra@-2", at), (ids{"b1bbbbbbbbbb", "c1cccccccccc"}));
    // From an empty database the first step also brings what the branch starts from.
    EXPECT_EQ(g.resolve("cart@+1", ids{}), ids{"c1cccccccccc"});
    EXPECT_EQ(g.resolve("extra@+1", ids{"b2bbbbbbbbbb"}), (ids{"b2bbbbbbbbbb", "x1xxxxxxxxxx"}));
    // The last revision of a branch down to the branch point, which stays.
    EXPECT_EQ(g.resolve("cart@-1", ids{"c1cccccccccc"}), ids{"a1aaaaaaaaaa"});
}

TEST(RevisionTargets, BranchRelativeErrors) {
    const auto g = long_branches();
    const ids at{"b1bbbbbbbbbb", "c1cccccccccc", "x2xxxxxxxxxx"};
    EXPECT_THROW_MSG((void)g.resolve("cart@+3", at), revision_error,
                     "'cart@+3' goes past the head of branch 'cart': 'c3cccccccccc' has no newer "
                     "revision");
    EXPECT_THROW_MSG((void)g.resolve("cart@-2", at), revision_error,
                     "'cart@-2' goes below the base of branch 'cart'; count fewer revisions, or "
                     "use 'cart@base'");
    EXPECT_THROW_MSG((void)g.resolve("extra@-1", ids{"b1bbbbbbbbbb"}), revision_error,
                     "'extra@-1' goes below the base of branch 'extra'");
    EXPECT_THROW_MSG((void)g.resolve("cart@+1"), revision_error,
                     "relative target 'cart@+1' counts from where the database is on branch "
                     "'cart', and there is no database here; write it as 'cart@head-N', "
                     "'cart@base+N' or REVISION+1");
    EXPECT_THROW_MSG((void)g.resolve("shop@+1", at), revision_error,
                     "unknown branch label 'shop' in 'shop@+1'");
    EXPECT_THROW_MSG((void)g.resolve("cart@+x", at), revision_error,
                     "invalid target 'cart@+x': after 'cart@' write 'head', 'heads', 'base', "
                     "'+N' or '-N'");

    const revision_graph forked({rev("a1aaaaaaaaaa", {}, {"main"}),
                                 rev("b1bbbbbbbbbb", {"a1aaaaaaaaaa"}),
                                 rev("c1cccccccccc", {"a1aaaaaaaaaa"})});
    EXPECT_THROW_MSG((void)forked.resolve("main@+1", ids{"a1aaaaaaaaaa"}), revision_error,
                     "'main@+1' is ambiguous: branch 'main' forks after 'a1aaaaaaaaaa' into "
                     "'b1bbbbbbbbbb', 'c1cccccccccc'; name one of them");
    EXPECT_THROW_MSG((void)forked.resolve("main@-1", ids{"b1bbbbbbbbbb", "c1cccccccccc"}),
                     revision_error,
                     "relative target 'main@-1' is ambiguous: the database is at 2 heads of "
                     "branch 'main' ('b1bbbbbbbbbb', 'c1cccccccccc'); write it as REVISION-1 "
                     "instead");
}

TEST(RevisionTargets, LabelCoversAncestorsDownToTheBranchPoint) {
    // The label sits on c2; c1 exists only for that branch, so it belongs to it (Alembic).
    const revision_graph g({rev("a1aaaaaaaaaa", {}), rev("b1bbbbbbbbbb", {"a1aaaaaaaaaa"}),
                            rev("c1cccccccccc", {"a1aaaaaaaaaa"}),
                            rev("c2cccccccccc", {"c1cccccccccc"}, {"cart"}),
                            rev("c3cccccccccc", {"c2cccccccccc"})});
    EXPECT_EQ(g.resolve("cart@base"), ids{"a1aaaaaaaaaa"});
    EXPECT_EQ(g.resolve("cart@base+1"), ids{"c1cccccccccc"});
    EXPECT_EQ(g.resolve("cart@base", ids{"b1bbbbbbbbbb", "c3cccccccccc"}), ids{"b1bbbbbbbbbb"});
    EXPECT_EQ(g.resolve("cart@-3", ids{"b1bbbbbbbbbb", "c3cccccccccc"}), ids{"b1bbbbbbbbbb"});
    // A linear history: a label covers everything below it.
    EXPECT_EQ(linear().resolve("v3@base", ids{"a3aaaaaaaaaa"}), ids{});
    EXPECT_EQ(linear().resolve("v3@-1", ids{"a3aaaaaaaaaa"}), ids{"a2aaaaaaaaaa"});
}

TEST(RevisionTargets, BranchRelativeThroughAMerge) {
    // m merges the cart branch with a3: stepping down from m stays on the branch and
    // keeps a3, which is outside it.
    const auto g = branched();
    EXPECT_EQ(g.resolve("cart@-1", ids{"m0mmmmmmmmmm"}), (ids{"a3aaaaaaaaaa", "c2cccccccccc"}));
    EXPECT_EQ(g.resolve("cart@base", ids{"m0mmmmmmmmmm"}), ids{"a3aaaaaaaaaa"});
    EXPECT_EQ(g.resolve("cart@+1", ids{"a3aaaaaaaaaa", "c2cccccccccc"}), ids{"m0mmmmmmmmmm"});
}

TEST(RevisionTargets, BranchTargetsInRanges) {
    const auto g = long_branches();
    // `label@base:` starts at the branch point, as Alembic lists it.
    EXPECT_EQ(g.range("cart@base:"), (ids{"a1aaaaaaaaaa", "b1bbbbbbbbbb", "b2bbbbbbbbbb",
                                          "c1cccccccccc", "c2cccccccccc", "c3cccccccccc"}));
    EXPECT_EQ(g.range("extra@base:"), (ids{"x1xxxxxxxxxx", "x2xxxxxxxxxx"}));
    EXPECT_EQ(g.range("extra@base:", ids{"b1bbbbbbbbbb"}), (ids{"x1xxxxxxxxxx", "x2xxxxxxxxxx"}));
    EXPECT_EQ(g.range(":cart@base"), ids{"a1aaaaaaaaaa"});
    EXPECT_EQ(g.range("current:cart@+1", ids{"b1bbbbbbbbbb", "c1cccccccccc"}),
              (ids{"c1cccccccccc", "c2cccccccccc"}));
}

TEST(RevisionTargets, RevisionAtHeadIsTheHeadOfItsLine) {
    const auto g = long_branches();
    EXPECT_EQ(g.resolve("c1cccccccccc@head"), ids{"c3cccccccccc"});
    EXPECT_EQ(g.resolve("c2@head"), ids{"c3cccccccccc"}); // a unique prefix is enough
    EXPECT_EQ(g.resolve("b1bbbbbbbbbb@head"), ids{"b2bbbbbbbbbb"});
    EXPECT_EQ(g.resolve("x2xxxxxxxxxx@heads"), ids{"x2xxxxxxxxxx"});
    EXPECT_THROW_MSG((void)g.resolve("a1aaaaaaaaaa@head"), revision_error,
                     "'a1aaaaaaaaaa@head' is ambiguous: revision 'a1aaaaaaaaaa' leads to 2 heads "
                     "('b2bbbbbbbbbb', 'c3cccccccccc'); merge them, or use 'a1aaaaaaaaaa@heads'");
    EXPECT_EQ(g.resolve("a1aaaaaaaaaa@heads"), (ids{"b2bbbbbbbbbb", "c3cccccccccc"}));
    EXPECT_THROW_MSG((void)g.resolve("c@head"), revision_error, "revision prefix 'c' is ambiguous");
    EXPECT_THROW_MSG((void)g.resolve("zz@head"), revision_error,
                     "unknown branch label 'zz' in 'zz@head'");
}

TEST(RevisionTargets, LabelWithSeveralHeadsIsAmbiguous) {
    const revision_graph g({rev("a1aaaaaaaaaa", {}, {"main"}),
                            rev("b1bbbbbbbbbb", {"a1aaaaaaaaaa"}),
                            rev("c1cccccccccc", {"a1aaaaaaaaaa"})});
    EXPECT_THROW_MSG((void)g.resolve("main@head"), revision_error,
                     "'main@head' is ambiguous: branch 'main' has 2 heads ('b1bbbbbbbbbb', "
                     "'c1cccccccccc'); merge them, or use 'main@heads'");
    EXPECT_EQ(g.resolve("main@heads"), (ids{"b1bbbbbbbbbb", "c1cccccccccc"}));
}

TEST(RevisionTargets, RelativeToRevision) {
    const auto g = linear();
    EXPECT_EQ(g.resolve("a1aaaaaaaaaa+2"), ids{"a3aaaaaaaaaa"});
    EXPECT_EQ(g.resolve("a1+1"), ids{"a2aaaaaaaaaa"});
    EXPECT_EQ(g.resolve("head-1"), ids{"a2aaaaaaaaaa"});
    EXPECT_EQ(g.resolve("head-3"), ids{}); // exactly base
    EXPECT_EQ(g.resolve("v3-2"), ids{"a1aaaaaaaaaa"});
    EXPECT_EQ(g.resolve("base+1"), ids{"a1aaaaaaaaaa"});
    EXPECT_EQ(g.resolve("a2aaaaaaaaaa+0"), ids{"a2aaaaaaaaaa"});
    EXPECT_THROW_MSG((void)g.resolve("head-4"), revision_error,
                     "'head-4' goes below base; count fewer revisions");
    EXPECT_THROW_MSG((void)g.resolve("a2+2"), revision_error,
                     "'a2+2' goes past the head: 'a3aaaaaaaaaa' has no newer revision");
    EXPECT_THROW_MSG((void)g.resolve("zz+1"), revision_error, "unknown revision 'zz'");
}

TEST(RevisionTargets, RelativeToCurrent) {
    const auto g = linear();
    EXPECT_EQ(g.resolve("+1", ids{}), ids{"a1aaaaaaaaaa"});
    EXPECT_EQ(g.resolve("+2", ids{"a1aaaaaaaaaa"}), ids{"a3aaaaaaaaaa"});
    EXPECT_EQ(g.resolve("-1", ids{"a3aaaaaaaaaa"}), ids{"a2aaaaaaaaaa"});
    EXPECT_EQ(g.resolve("-1", ids{"a1aaaaaaaaaa"}), ids{});
    EXPECT_THROW_MSG((void)g.resolve("+1"), revision_error,
                     "relative target '+1' counts from the database's revision, and there is no "
                     "database here; write it as REVISION+1");
    EXPECT_THROW_MSG((void)g.resolve("-1", ids{}), revision_error, "'-1' goes below base");
}

TEST(RevisionTargets, RelativeStepsThroughBranchesAreAmbiguous) {
    const auto g = branched();
    EXPECT_THROW_MSG((void)g.resolve("a2+1"), revision_error,
                     "'a2+1' is ambiguous: the history branches after 'a2aaaaaaaaaa' into "
                     "'a3aaaaaaaaaa', 'c1cccccccccc'; name one of them");
    EXPECT_THROW_MSG((void)g.resolve("head-1"), revision_error,
                     "'head-1' is ambiguous: 'm0mmmmmmmmmm' is a merge of 'a3aaaaaaaaaa', "
                     "'c2cccccccccc'; name one of them");
    EXPECT_EQ(g.resolve("cart+1"), ids{"c2cccccccccc"});
    EXPECT_EQ(g.resolve("c2+1"), ids{"m0mmmmmmmmmm"});
    const auto several = two_heads();
    EXPECT_THROW_MSG((void)several.resolve("+1", ids{"b1bbbbbbbbbb", "c2cccccccccc"}),
                     revision_error,
                     "relative target '+1' is ambiguous: the database is at 2 heads "
                     "('b1bbbbbbbbbb', 'c2cccccccccc'); write it as REVISION+1 instead");
    EXPECT_THROW_MSG((void)several.resolve("+1", ids{}), revision_error,
                     "the history branches after 'base' into 'a1aaaaaaaaaa', 'x1xxxxxxxxxx'");
}

TEST(RevisionTargets, ChildrenAndDescendants) {
    const auto g = branched();
    EXPECT_EQ(g.children("a2aaaaaaaaaa"), (ids{"a3aaaaaaaaaa", "c1cccccccccc"}));
    EXPECT_EQ(g.children("m0mmmmmmmmmm"), ids{});
    EXPECT_EQ(g.descendants("c1"), (ids{"c1cccccccccc", "c2cccccccccc", "m0mmmmmmmmmm"}));
}

TEST(RevisionTargets, Ranges) {
    const auto g = branched();
    EXPECT_EQ(g.range(":"), (ids{"a1aaaaaaaaaa", "a2aaaaaaaaaa", "a3aaaaaaaaaa", "c1cccccccccc",
                                 "c2cccccccccc", "m0mmmmmmmmmm"}));
    EXPECT_EQ(g.range("base:a2"), (ids{"a1aaaaaaaaaa", "a2aaaaaaaaaa"}));
    EXPECT_EQ(g.range("cart:"), (ids{"c1cccccccccc", "c2cccccccccc", "m0mmmmmmmmmm"}));
    EXPECT_EQ(g.range("a3:head"), (ids{"a3aaaaaaaaaa", "m0mmmmmmmmmm"}));
    EXPECT_EQ(g.range("current:head", ids{"c2cccccccccc"}), (ids{"c2cccccccccc", "m0mmmmmmmmmm"}));
    EXPECT_THROW_MSG((void)g.range("a1"), revision_error,
                     "invalid range 'a1': write FROM:TO, e.g. 'base:head'");
}

TEST(RevisionTargets, LabelValidation) {
    EXPECT_THROW_MSG(revision_graph({rev("a1", {}, {"x"}), rev("b1", {"a1"}, {"x"})}),
                     revision_error,
                     "branch label 'x' is used by revisions 'a1' and 'b1'; a label names one "
                     "branch, so rename one of them");
    EXPECT_THROW_MSG(revision_graph({rev("a1", {}, {"head"})}), revision_error,
                     "branch label 'head' of revision 'a1' is reserved as a target keyword");
    EXPECT_THROW_MSG(revision_graph({rev("a1", {}, {"a@b"})}), revision_error,
                     "branch label 'a@b' of revision 'a1' is invalid: use letters, digits, '_', "
                     "'-' and '.'");
    EXPECT_THROW_MSG(revision_graph({rev("a1", {}), rev("b1", {"a1"}, {"a1"})}), revision_error,
                     "branch label 'a1' of revision 'b1' is also a revision id");
}

// Seen from outside: `history -r head:base` and `-r a3:a1` listed nothing and exited 0,
// `-r a:b:c` said "unknown revision 'a'".
TEST(RevisionTargets, ARangeRunningBackwardsOrWithTwoColonsIsAnError) {
    const auto g = branched();
    EXPECT_THROW_MSG((void)g.range("head:base"), revision_error,
                     "range 'head:base' lists nothing: it runs from newer to older; write it as "
                     "'base:head'");
    EXPECT_THROW_MSG((void)g.range("a3:a1"), revision_error,
                     "range 'a3:a1' lists nothing: it runs from newer to older; write it as "
                     "'a1:a3'");
    EXPECT_THROW_MSG((void)g.range("a3:c2"), revision_error,
                     "range 'a3:c2' lists nothing: 'a3aaaaaaaaaa' is not an ancestor of "
                     "'c2cccccccccc'");
    EXPECT_THROW_MSG((void)g.range("a1:a2:a3"), revision_error,
                     "invalid range 'a1:a2:a3': write FROM:TO with one ':'");
    EXPECT_EQ(g.range("base:base"), ids{});
    EXPECT_EQ(g.range("a2:a2"), ids{"a2aaaaaaaaaa"});
}

// Seen from outside: `heads+1` said "unknown revision 'heads'; did you mean 'heads'?", and a
// count too large for a number said "unknown revision".
TEST(RevisionTargets, KeywordAnchorsAndHugeCountsAreNamedForWhatTheyAre) {
    const auto g = linear();
    EXPECT_EQ(g.resolve("heads-1"), ids{"a2aaaaaaaaaa"});
    EXPECT_EQ(g.resolve("current+1", ids{"a1aaaaaaaaaa"}), ids{"a2aaaaaaaaaa"});
    EXPECT_THROW_MSG((void)g.resolve("current+1"), revision_error,
                     "target 'current' needs a database");
    EXPECT_THROW_MSG((void)two_heads().resolve("heads-1"), revision_error,
                     "'heads-1' is ambiguous: 'heads' names 3 revisions");
    EXPECT_THROW_MSG((void)g.resolve("a1+99999999999999999999"), revision_error,
                     "'a1+99999999999999999999': the count 99999999999999999999 is too large");
    EXPECT_THROW_MSG((void)g.resolve("haeds"), revision_error,
                     "unknown revision 'haeds'; did you mean 'heads'? Run `history`");
}

} // namespace
