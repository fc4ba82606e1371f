// Squashes on SQLite files (tests/support/squash_history.hpp; PostgreSQL runs the same
// checks in tests/postgresql/pg_squash_test.cpp), and the graph's rules for them.

#include "expect_throw_msg.hpp"
#include "squash_history.hpp"
#include "temp_dir.hpp"

#include "strata/error.hpp"
#include "strata/revision_graph.hpp"

#include <gtest/gtest.h>

namespace {
namespace squash = strata::testing::squash_history;
using strata::testing::temp_dir;
using ids = std::vector<std::string>;

class SqliteSquash : public ::testing::Test {
protected:
    squash::database_factory fresh() {
        return [this] {
            return strata::connect(
                "sqlite:///" + (m_dir / ("db" + std::to_string(m_count++) + ".sqlite")).string());
        };
    }
    temp_dir m_dir;
    int m_count = 0;
};

TEST_F(SqliteSquash, StartOfRangeTakesTheSquash) {
    squash::start_of_range_takes_the_squash(fresh());
}
TEST_F(SqliteSquash, MiddleOfRangeTakesTheOriginals) {
    squash::middle_of_range_takes_the_originals(fresh());
}
TEST_F(SqliteSquash, DowngradeThroughTheSquash) {
    squash::downgrade_through_the_squash(fresh());
}
TEST_F(SqliteSquash, OriginalsDeletedLater) {
    squash::originals_deleted_later(fresh());
}

TEST(SquashGraph, OriginalsPresentKeepTheGraphAndOfferTheSquash) {
    const strata::revision_graph graph(squash::with_originals());
    EXPECT_EQ(graph.size(), 5U);
    EXPECT_EQ(graph.heads(), ids{"d000000000aa"});
    EXPECT_EQ(graph.get("5500000000aa"), nullptr);
    ASSERT_EQ(graph.squash_steps().size(), 1U);
    const auto* step = graph.squash_step_for("b000000000aa");
    ASSERT_NE(step, nullptr);
    EXPECT_EQ(step->id, "c000000000aa");
    EXPECT_EQ(step->down_revisions, ids{"r000000000aa"});
    EXPECT_EQ(graph.squash_step_for("d000000000aa"), nullptr);
    EXPECT_FALSE(graph.replaced("a000000000aa"));
}

TEST(SquashGraph, OriginalsDeletedTheSquashTakesTheirPlace) {
    const strata::revision_graph graph(squash::originals_deleted());
    EXPECT_EQ(graph.heads(), ids{"d000000000aa"});
    EXPECT_EQ(graph.get("d000000000aa")->down_revisions, ids{"5500000000aa"});
    EXPECT_EQ(graph.canonical("c000000000aa"), "5500000000aa");
    EXPECT_EQ(graph.canonical("d000000000aa"), "d000000000aa");
    EXPECT_TRUE(graph.replaced("a000000000aa"));
    EXPECT_TRUE(graph.squash_steps().empty());
}

TEST(SquashGraph, SomeOriginalsDeletedIsAnError) {
    auto revisions = squash::with_originals();
    revisions.erase(revisions.begin() + 1); // a
    EXPECT_THROW_MSG((void)strata::revision_graph(revisions), strata::revision_error,
                     "squash revision '5500000000aa' replaces 'a000000000aa', 'b000000000aa', "
                     "'c000000000aa', but only 'b000000000aa', 'c000000000aa' of them are in "
                     "this build; keep every replaced revision");
}

TEST(SquashGraph, NewestReplacedRevisionMustBeLast) {
    auto revisions = squash::with_originals();
    revisions.back().replaces = {"a000000000aa", "c000000000aa", "b000000000aa"};
    EXPECT_THROW_MSG((void)strata::revision_graph(revisions), strata::revision_error,
                     "'c000000000aa' must be listed last");
}

} // namespace
