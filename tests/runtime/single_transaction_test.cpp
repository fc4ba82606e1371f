// migrate_options::transaction_per_migration = false: a whole run in one transaction, all
// or nothing, on SQLite (tests/postgresql has the same on the server).

#include "expect_throw_msg.hpp"
#include "schema_printer.hpp"
#include "temp_dir.hpp"
#include "test_revisions.hpp"

#include "strata/connection.hpp"
#include "strata/error.hpp"
#include "strata/introspect.hpp"
#include "strata/migrator.hpp"

#include <gtest/gtest.h>

namespace {
using namespace strata::dsl;
using strata::operations;
using strata::testing::make_revision;
using strata::testing::temp_dir;
using ids = std::vector<std::string>;

void users_up(operations& op) {
    op.create_table("users", {col("id", int64()).primary_key(), col("score", int32())});
    op.execute("INSERT INTO users VALUES (1, 7)");
}
void users_down(operations& op) {
    op.drop_table("users");
}
// SQLite rebuilds the table for the type change (foreign keys off around it).
void widen_up(operations& op) {
    op.create_table("posts", {col("id", int64()).primary_key(), col("user_id", int64())});
    op.add_foreign_key("posts", fk("fk_posts_user_id_users", {"user_id"}, "users", {"id"}));
    op.alter_column("users", col("score", int32()), col("score", int64()));
}
void widen_down(operations& op) {
    op.alter_column("users", col("score", int64()), col("score", int32()));
    op.drop_table("posts");
}
void broken_up(operations& op) {
    op.create_table("comments", {col("id", int64()).primary_key()});
    op.execute("INSERT INTO no_such_table VALUES (1)");
}
void broken_down(operations& op) {
    op.drop_table("comments");
}

std::vector<strata::revision> chain(bool with_broken) {
    std::vector<strata::revision> revisions{
        make_revision("a1000000aaaa", {}, users_up, users_down),
        make_revision("a2000000bbbb", {"a1000000aaaa"}, widen_up, widen_down)};
    if (with_broken) {
        revisions.push_back(
            make_revision("a3000000cccc", {"a2000000bbbb"}, broken_up, broken_down));
    }
    return revisions;
}

strata::migrate_options one_transaction() {
    strata::migrate_options o;
    o.transaction_per_migration = false;
    return o;
}

TEST(SingleTransaction, AFailureRollsBackTheWholeRun) {
    temp_dir dir;
    auto db = strata::connect(dir.sqlite_url());
    strata::migrator(*db, chain(false), one_transaction()).upgrade("a1000000aaaa");
    const auto before = strata::introspect(*db);

    strata::migrator m(*db, chain(true), one_transaction());
    EXPECT_THROW_MSG(m.upgrade("head"), strata::migration_error,
                     "the run was one transaction: every revision it applied was rolled back");
    EXPECT_EQ(m.current(), ids{"a1000000aaaa"});
    EXPECT_EQ(strata::introspect(*db), before);
    EXPECT_FALSE(db->has_table("posts"));
    EXPECT_EQ(db->query("SELECT count(*) FROM strata_history"), (std::vector<strata::row>{{"1"}}));
    EXPECT_EQ(db->query("PRAGMA foreign_keys"), (std::vector<strata::row>{{"1"}}));

    // One transaction per revision (the default) keeps what succeeded.
    strata::migrator per_revision(*db, chain(true));
    EXPECT_THROW(per_revision.upgrade("head"), strata::migration_error);
    EXPECT_EQ(per_revision.current(), ids{"a2000000bbbb"});
}

TEST(SingleTransaction, RebuildsAndDowngradesWorkInOneTransaction) {
    temp_dir dir;
    auto one = strata::connect(dir.sqlite_url("one.db"));
    auto per = strata::connect(dir.sqlite_url("per.db"));
    for (auto* db : {one.get(), per.get()}) {
        // Not new, so the revisions are replayed rather than created in one step.
        strata::migrator(*db, chain(false)).upgrade("a1000000aaaa");
    }
    strata::migrator m(*one, chain(false), one_transaction());
    EXPECT_EQ(m.upgrade("head").steps, ids{"a2000000bbbb"});
    strata::migrator(*per, chain(false)).upgrade("head");
    EXPECT_EQ(strata::introspect(*one), strata::introspect(*per));
    EXPECT_EQ(one->query("SELECT id, score FROM users"), (std::vector<strata::row>{{"1", "7"}}));
    EXPECT_EQ(one->query("PRAGMA foreign_keys"), (std::vector<strata::row>{{"1"}}));

    EXPECT_EQ(m.downgrade("base").steps, (ids{"a2000000bbbb", "a1000000aaaa"}));
    EXPECT_EQ(strata::introspect(*one), strata::schema{});
    EXPECT_TRUE(m.current().empty());
}

void concurrently_up(operations& op) {
    op.execute("CREATE INDEX ix_users_score ON users (score)");
}
void concurrently_down(operations& op) {
    op.execute("DROP INDEX ix_users_score");
}

TEST(SingleTransaction, ARevisionOutsideATransactionIsRefusedBeforeAnythingChanges) {
    temp_dir dir;
    auto db = strata::connect(dir.sqlite_url());
    auto revisions = chain(false);
    revisions.push_back(make_revision("a4000000dddd", {"a2000000bbbb"}, concurrently_up,
                                      concurrently_down, /*transactional=*/false));
    strata::migrator(*db, revisions).upgrade("a1000000aaaa");
    strata::migrator m(*db, revisions, one_transaction());
    EXPECT_THROW_MSG(m.upgrade("head"), strata::revision_error,
                     "revision 'a4000000dddd' (\"test\") runs outside a transaction");
    EXPECT_EQ(m.current(), ids{"a1000000aaaa"});
    EXPECT_FALSE(db->has_table("posts"));
}

} // namespace
