// A new database brought to head in one step (migrate_options::create_fresh_at_head)
// against the same revisions replayed one by one: the same schema by introspection, the
// same version and history rows, and a database that later upgrades and downgrades alike.
// The rule for when a replay happens instead is pinned down here too.

#include "expect_throw_msg.hpp"
#include "fresh_history.hpp"
#include "schema_printer.hpp"
#include "temp_dir.hpp"
#include "test_revisions.hpp"

#include "strata/connection.hpp"
#include "strata/error.hpp"
#include "strata/introspect.hpp"
#include "strata/migrator.hpp"

#include <algorithm>
#include <gtest/gtest.h>

namespace {
using namespace strata::dsl;
using strata::operations;
using strata::testing::make_revision;
using strata::testing::temp_dir;
namespace history = strata::testing::fresh_history;
using ids = std::vector<std::string>;

bool created_in_one_step(const std::vector<std::string>& log) {
    return std::any_of(log.begin(), log.end(), [](const std::string& line) {
        return line.starts_with("new database: created the schema");
    });
}

class FreshDatabase : public ::testing::Test {
protected:
    temp_dir m_dir;
    std::vector<std::string> m_log;

    strata::migrate_options options(bool fresh) {
        strata::migrate_options o;
        o.create_fresh_at_head = fresh;
        o.log = [this](std::string_view line) { m_log.emplace_back(line); };
        return o;
    }
};

TEST_F(FreshDatabase, OneStepEqualsReplay) {
    auto fast = strata::connect(m_dir.sqlite_url("fast.db"));
    auto replayed = strata::connect(m_dir.sqlite_url("replayed.db"));
    strata::migrator fast_m(*fast, history::revisions(), options(true));
    const auto fast_report = fast_m.upgrade("head");
    ASSERT_TRUE(created_in_one_step(m_log));
    m_log.clear();
    strata::migrator replay_m(*replayed, history::revisions(), options(false));
    const auto replay_report = replay_m.upgrade("head");
    EXPECT_FALSE(created_in_one_step(m_log));
    EXPECT_EQ(m_log.size(), 3U); // one line per revision

    EXPECT_EQ(fast_report.steps, replay_report.steps);
    EXPECT_EQ(fast_report.current, replay_report.current);
    EXPECT_EQ(strata::introspect(*fast), strata::introspect(*replayed));
    EXPECT_EQ(history::bookkeeping(*fast), history::bookkeeping(*replayed));
    // The SQL the database keeps may differ in spelling only where SQLite records the
    // statement as given (CREATE vs. ALTER ... ADD), never in what the tables hold.
    EXPECT_EQ(fast->query("PRAGMA foreign_key_check"), replayed->query("PRAGMA foreign_key_check"));
    EXPECT_FALSE(strata::introspect(*fast).tables.empty());
}

TEST_F(FreshDatabase, LaterRunsSeeNoDifference) {
    auto fast = strata::connect(m_dir.sqlite_url("fast.db"));
    auto replayed = strata::connect(m_dir.sqlite_url("replayed.db"));
    const auto all = history::revisions();
    const std::vector<strata::revision> first_two(all.begin(), all.begin() + 2);
    strata::migrator(*fast, first_two, options(true)).upgrade("head");
    strata::migrator(*replayed, first_two, options(false)).upgrade("head");
    ASSERT_TRUE(created_in_one_step(m_log));

    // The third revision arrives: both upgrade by replay, checksums verified.
    for (auto* db : {fast.get(), replayed.get()}) {
        strata::migrator m(*db, all, options(true));
        EXPECT_EQ(m.upgrade("head").steps, ids{"f3000000cccc"});
    }
    EXPECT_EQ(strata::introspect(*fast), strata::introspect(*replayed));
    EXPECT_EQ(history::bookkeeping(*fast), history::bookkeeping(*replayed));

    // Down to base and up again: the downgrades work on the created schema alike.
    for (auto* db : {fast.get(), replayed.get()}) {
        strata::migrator m(*db, all, options(false));
        m.downgrade("f1000000aaaa");
    }
    EXPECT_EQ(strata::introspect(*fast), strata::introspect(*replayed));
    for (auto* db : {fast.get(), replayed.get()}) {
        strata::migrator m(*db, all, options(true));
        m.downgrade("base");
        EXPECT_EQ(strata::introspect(*db), strata::schema{});
    }
}

TEST_F(FreshDatabase, ToAnEarlierTargetCreatesThatSchema) {
    auto fast = strata::connect(m_dir.sqlite_url("fast.db"));
    auto replayed = strata::connect(m_dir.sqlite_url("replayed.db"));
    strata::migrator(*fast, history::revisions(), options(true)).upgrade("f2000000bbbb");
    strata::migrator(*replayed, history::revisions(), options(false)).upgrade("f2000000bbbb");
    ASSERT_TRUE(created_in_one_step(m_log));
    EXPECT_EQ(strata::introspect(*fast), strata::introspect(*replayed));
    EXPECT_EQ(history::bookkeeping(*fast), history::bookkeeping(*replayed));
}

namespace seed {
void upgrade(operations& op) {
    op.execute("INSERT INTO users (email, score) VALUES ('ada@example.com', 1)");
}
void downgrade(operations& op) {
    op.execute("DELETE FROM users");
}
} // namespace seed

TEST_F(FreshDatabase, HandWrittenSqlOnTheWayMeansReplay) {
    auto revisions = history::revisions();
    revisions.insert(revisions.begin() + 1, make_revision("f1500000dddd", {"f1000000aaaa"},
                                                          seed::upgrade, seed::downgrade));
    revisions[2].down_revisions = {"f1500000dddd"};
    auto db = strata::connect(m_dir.sqlite_url());
    strata::migrator m(*db, revisions, options(true));
    EXPECT_EQ(m.upgrade("head").steps.size(), 4U);
    EXPECT_FALSE(created_in_one_step(m_log));
    EXPECT_EQ(db->query("SELECT email FROM users"),
              (std::vector<strata::row>{{"ada@example.com"}}));
}

namespace second_table {
void upgrade(operations& op) {
    op.create_table("other", {col("id", int64()).primary_key()});
}
void downgrade(operations& op) {
    op.drop_table("other");
}
} // namespace second_table

TEST_F(FreshDatabase, ADatabaseWithTablesIsNotNew) {
    auto db = strata::connect(m_dir.sqlite_url());
    db->execute("CREATE TABLE legacy (id INTEGER PRIMARY KEY)");
    strata::migrator m(
        *db, {make_revision("e1000000aaaa", {}, second_table::upgrade, second_table::downgrade)},
        options(true));
    EXPECT_EQ(m.upgrade("head").steps, ids{"e1000000aaaa"});
    EXPECT_FALSE(created_in_one_step(m_log));
    EXPECT_TRUE(db->has_table("legacy"));
    EXPECT_TRUE(db->has_table("other"));
}

TEST_F(FreshDatabase, AFailureIsReportedByTheReplayNamingTheRevision) {
    // A table the dialect cannot create: the one-step attempt rolls back entirely and the
    // replay fails at the revision at fault, as without the fast path.
    auto db = strata::connect(m_dir.sqlite_url());
    strata::migrator m(
        *db,
        {make_revision("e1000000aaaa", {}, second_table::upgrade, second_table::downgrade),
         make_revision(
             "e2000000bbbb", {"e1000000aaaa"},
             [](operations& op) {
                 op.create_table("bad",
                                 {col("id", sql_type(int64(), "NO SUCH TYPE (")).primary_key()});
             },
             [](operations& op) { op.drop_table("bad"); })},
        options(true));
    EXPECT_THROW_MSG(m.upgrade("head"), strata::migration_error, "revision 'e2000000bbbb'");
    EXPECT_EQ(m.current(), ids{"e1000000aaaa"});
    EXPECT_TRUE(db->has_table("other"));
    EXPECT_FALSE(db->has_table("bad"));
}

namespace cycle {
void upgrade(operations& op) {
    op.create_table("a", {col("id", int64()).primary_key(), col("b_id", int64()).nullable()});
    op.create_table("b", {col("id", int64()).primary_key(), col("a_id", int64()).nullable()});
    op.add_foreign_key("a", fk("fk_a_b_id_b", {"b_id"}, "b", {"id"}));
    op.add_foreign_key("b", fk("fk_b_a_id_a", {"a_id"}, "a", {"id"}));
}
void downgrade(operations& op) {
    op.drop_foreign_key("b", "fk_b_a_id_a");
    op.drop_foreign_key("a", "fk_a_b_id_b");
    op.drop_table("b");
    op.drop_table("a");
}
} // namespace cycle

TEST_F(FreshDatabase, ForeignKeysInACycleMeanReplay) {
    auto db = strata::connect(m_dir.sqlite_url());
    strata::migrator m(*db, {make_revision("c1000000aaaa", {}, cycle::upgrade, cycle::downgrade)},
                       options(true));
    EXPECT_EQ(m.upgrade("head").steps, ids{"c1000000aaaa"});
    EXPECT_FALSE(created_in_one_step(m_log));
    EXPECT_EQ(strata::introspect(*db).find_table("b")->foreign_keys.size(), 1U);
}

} // namespace
