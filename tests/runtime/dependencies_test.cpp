// depends_on (Alembic's branch dependencies) in the revision graph and in the migrator on a
// real SQLite file: a dependency is applied first and reverted with its dependents, but it
// joins no branches, so both heads stay heads.

#include "expect_throw_msg.hpp"
#include "temp_dir.hpp"
#include "test_revisions.hpp"

#include "strata/connection.hpp"
#include "strata/detail/tool_text.hpp"
#include "strata/error.hpp"
#include "strata/introspect.hpp"
#include "strata/migrator.hpp"
#include "strata/offline.hpp"
#include "strata/revision_graph.hpp"
#include "strata/sqlite/dialect.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace {
using namespace strata::dsl;
using strata::operations;
using strata::revision;
using strata::revision_error;
using strata::revision_graph;
using strata::testing::make_revision;
using strata::testing::temp_dir;
using ids = std::vector<std::string>;

// Two independent branches: accounts (acc1 → acc2 → acc3) and networking (net1 → net2),
// where net2 copies accounts.level, which acc2 adds, so it depends on acc2.
namespace acc1 {
void upgrade(operations& op) {
    op.create_table("accounts", {col("id", int64()).primary_key()});
    op.execute("INSERT INTO accounts (id) VALUES (7)");
}
void downgrade(operations& op) {
    op.drop_table("accounts");
}
} // namespace acc1
namespace acc2 {
void upgrade(operations& op) {
    op.add_column("accounts", col("level", int64()).nullable());
    op.execute("UPDATE accounts SET level = 3");
}
void downgrade(operations& op) {
    op.drop_column("accounts", "level");
}
} // namespace acc2
namespace acc3 {
void upgrade(operations& op) {
    op.add_column("accounts", col("name", text()).nullable());
}
void downgrade(operations& op) {
    op.drop_column("accounts", "name");
}
} // namespace acc3
namespace net1 {
void upgrade(operations& op) {
    op.create_table("hosts", {col("id", int64()).primary_key()});
}
void downgrade(operations& op) {
    op.drop_table("hosts");
}
} // namespace net1
namespace net2 {
void upgrade(operations& op) {
    op.add_column("hosts", col("level", int64()).nullable());
    // Fails unless acc2 ran first: this is why net2 depends on it.
    op.execute("INSERT INTO hosts (id, level) SELECT id, level FROM accounts");
}
void downgrade(operations& op) {
    op.execute("DELETE FROM hosts");
    op.drop_column("hosts", "level");
}
} // namespace net2

revision labelled(revision r, std::string label) {
    r.branch_labels = {std::move(label)};
    return r;
}

revision needing(revision r, ids dependencies) {
    r.depends_on = std::move(dependencies);
    return r;
}

std::vector<revision> two_branches() {
    return {labelled(make_revision("acc1", {}, "accounts", "2024-01-01 10:00:00", acc1::upgrade,
                                   acc1::downgrade),
                     "accounts"),
            make_revision("acc2", {"acc1"}, "level", "2024-01-02 10:00:00", acc2::upgrade,
                          acc2::downgrade),
            make_revision("acc3", {"acc2"}, "name", "2024-01-04 10:00:00", acc3::upgrade,
                          acc3::downgrade),
            labelled(make_revision("net1", {}, "hosts", "2024-01-01 11:00:00", net1::upgrade,
                                   net1::downgrade),
                     "networking"),
            // Older than acc2: only the dependency puts it after acc2.
            needing(make_revision("net2", {"net1"}, "host level", "2024-01-01 12:00:00",
                                  net2::upgrade, net2::downgrade),
                    {"acc2"})};
}

ids order(const revision_graph& g) {
    ids result;
    for (const auto& r : g.revisions()) {
        result.push_back(r.id);
    }
    return result;
}

TEST(Dependencies, ADependencyOrdersLikeAParentButJoinsNoBranches) {
    const revision_graph g(two_branches());
    EXPECT_EQ(order(g), (ids{"acc1", "net1", "acc2", "net2", "acc3"}));
    EXPECT_EQ(g.heads(), (ids{"acc3", "net2"}));
    EXPECT_EQ(g.closure({"net2"}), (ids{"acc1", "net1", "acc2", "net2"}));
    EXPECT_EQ(g.ancestors("net2"), (ids{"acc1", "net1", "acc2"}));
    EXPECT_EQ(g.line({"net2"}), (ids{"net1", "net2"}));
    // A database at net2 has acc2 applied too; both rows are what a version table records.
    EXPECT_EQ(g.heads_of(g.closure({"net2"})), (ids{"acc2", "net2"}));
    EXPECT_EQ(g.children("acc2"), ids{"acc3"});
    EXPECT_EQ(g.resolve("networking@head"), ids{"net2"});
    EXPECT_EQ(g.resolve("accounts@head"), ids{"acc3"});
    // `history --verbose` says so, in Alembic's words.
    EXPECT_NE(strata::history_entry(g, *g.get("net2")).find("\nAlso depends on: acc2\n"),
              std::string::npos)
        << strata::history_entry(g, *g.get("net2"));
    EXPECT_EQ(strata::history_entry(g, *g.get("acc2")).find("depends on"), std::string::npos);
}

TEST(Dependencies, UnknownDependencyAndCyclesAreRefused) {
    auto unknown = two_branches();
    unknown.back().depends_on = {"acc9"};
    EXPECT_THROW_MSG(revision_graph{unknown}, revision_error,
                     "revision 'net2' (\"host level\") depends on 'acc9', which does not exist; "
                     "is a revision file missing from the build?");
    auto cycle = two_branches();
    cycle[0].depends_on = {"net2"}; // acc1 needs net2, which needs acc2, which needs acc1
    EXPECT_THROW_MSG(revision_graph{cycle}, revision_error,
                     "revision graph has a cycle among 'acc1', 'acc2', 'acc3', 'net2'");
    auto itself = two_branches();
    itself.back().depends_on = {"net2"};
    EXPECT_THROW_MSG(revision_graph{itself}, revision_error, "cycle among 'net2'");
}

TEST(Dependencies, MovingTheDependedOnBranchBelowTheDependencyTakesTheDependentAlong) {
    const revision_graph g(two_branches());
    const ids at_heads{"acc3", "net2"};
    // Above the dependency: net2 stays.
    EXPECT_EQ(g.resolve("accounts@-1", at_heads), (ids{"acc2", "net2"}));
    // Below it: net2 is reverted too, net1 stays.
    EXPECT_EQ(g.resolve("accounts@-2", at_heads), (ids{"acc1", "net1"}));
    EXPECT_EQ(g.resolve("accounts@base", at_heads), ids{"net1"});
    // Moving the dependent branch leaves the other alone.
    EXPECT_EQ(g.resolve("networking@base", at_heads), ids{"acc3"});
    EXPECT_EQ(g.resolve("networking@-1", at_heads), (ids{"acc3", "net1"}));
}

TEST(Dependencies, TheOfflineScriptRunsTheDependencyFirstAndKeepsBothHeads) {
    const revision_graph g(two_branches());
    const strata::sqlite::dialect d;
    const auto steps = strata::offline_upgrade(g, d, "net1", "net2");
    ids order;
    for (const auto& step : steps) {
        order.push_back(step.revision);
    }
    EXPECT_EQ(order, (ids{"acc1", "acc2", "net2"}));
    // The script's last version rows are both heads, as online mode records them.
    const auto script = strata::render_sql_script(steps);
    for (const char* kept : {"acc2", "net2"}) {
        const auto row = fmt::format("'{}'", kept);
        EXPECT_NE(script.find("INSERT INTO \"strata_version\" (version_num) VALUES (" + row + ")"),
                  std::string::npos)
            << script;
        EXPECT_EQ(script.find("WHERE version_num = " + row), std::string::npos) << script;
    }
    const auto at_net2 = strata::schema_at(g, {"net2"});
    ASSERT_NE(at_net2.find_table("accounts"), nullptr);
    EXPECT_NE(at_net2.find_table("accounts")->find_column("level"), nullptr);
    EXPECT_EQ(at_net2.find_table("accounts")->find_column("name"), nullptr);
}

class DependencyMigrator : public ::testing::Test {
protected:
    temp_dir m_dir;
    std::unique_ptr<strata::connection> m_db = strata::connect(m_dir.sqlite_url());
    strata::migrator m_migrator{*m_db, two_branches()};

    bool has_column(const std::string& table, const std::string& column) {
        const auto s = strata::introspect(*m_db);
        const auto* t = s.find_table(table);
        return t != nullptr && t->find_column(column) != nullptr;
    }
};

TEST_F(DependencyMigrator, UpgradingToADependentAppliesItsDependencyFirst) {
    // From an existing database (not the fresh-database path), one revision at a time.
    m_migrator.upgrade("net1");
    const auto report = m_migrator.upgrade("net2");
    EXPECT_EQ(report.steps, (ids{"acc1", "acc2", "net2"}));
    EXPECT_EQ(report.current, (ids{"acc2", "net2"}));
    EXPECT_EQ(m_migrator.current(), (ids{"acc2", "net2"}));
    EXPECT_EQ(m_db->query("SELECT id, level FROM hosts"), (std::vector<strata::row>{{"7", "3"}}));
    EXPECT_FALSE(has_column("accounts", "name")); // acc3 is not needed, so not applied

    EXPECT_EQ(m_migrator.upgrade("heads").steps, ids{"acc3"});
    EXPECT_EQ(m_migrator.current(), (ids{"acc3", "net2"}));
}

TEST_F(DependencyMigrator, AFreshDatabaseAtADependentHasItsDependency) {
    const auto report = m_migrator.upgrade("networking@head");
    EXPECT_EQ(report.current, (ids{"acc2", "net2"}));
    EXPECT_TRUE(has_column("hosts", "level"));
    EXPECT_TRUE(has_column("accounts", "level"));
    EXPECT_FALSE(has_column("accounts", "name"));
}

TEST_F(DependencyMigrator, DowngradingTheDependencyRevertsItsDependentFirst) {
    m_migrator.upgrade("heads");
    EXPECT_EQ(m_migrator.downgrade("accounts@-1").steps, ids{"acc3"});
    EXPECT_EQ(m_migrator.current(), (ids{"acc2", "net2"}));
    // Below acc2: net2 needs it, so net2 goes first, and networking stays at net1.
    EXPECT_EQ(m_migrator.downgrade("accounts@-1").steps, (ids{"net2", "acc2"}));
    EXPECT_EQ(m_migrator.current(), (ids{"acc1", "net1"}));
    EXPECT_FALSE(has_column("hosts", "level"));
    EXPECT_FALSE(has_column("accounts", "level"));
    // Upgrading networking again brings acc2 back with it.
    EXPECT_EQ(m_migrator.upgrade("networking@head").steps, (ids{"acc2", "net2"}));
    EXPECT_EQ(m_migrator.downgrade("base").steps, (ids{"net2", "acc2", "net1", "acc1"}));
    EXPECT_TRUE(m_migrator.current().empty());
}

} // namespace
