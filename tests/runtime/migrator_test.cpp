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

// --- a linear history: users, then posts + a nickname, then a data migration -------------

namespace create_users {
void upgrade(operations& op) {
    op.create_table("users", {col("id", int64()).primary_key(), col("email", string(120))});
}
void downgrade(operations& op) {
    op.drop_table("users");
}
} // namespace create_users

namespace add_posts {
void upgrade(operations& op) {
    op.add_column("users", col("nickname", string(40)).nullable());
    op.create_table("posts", {col("id", int64()).primary_key(), col("user_id", int64()),
                              col("title", text()), col("published", boolean()),
                              col("score", float64()).nullable()});
}
void downgrade(operations& op) {
    op.drop_table("posts");
    op.drop_column("users", "nickname");
}
} // namespace add_posts

namespace seed_admin {
void upgrade(operations& op) {
    op.execute("INSERT INTO users (id, email) VALUES (1, 'admin@example.com')");
}
void downgrade(operations& op) {
    op.execute("DELETE FROM users WHERE id = 1");
}
} // namespace seed_admin

// Its second statement fails: the first must not survive.
namespace broken {
void upgrade(operations& op) {
    op.create_table("comments", {col("id", int64()).primary_key()});
    op.execute("INSERT INTO no_such_table VALUES (1)");
}
void downgrade(operations& op) {
    op.drop_table("comments");
}
} // namespace broken

namespace throws_while_recording {
void upgrade(operations&) {
    throw std::runtime_error("cannot decide");
}
} // namespace throws_while_recording

constexpr const char* users_id = "a1b2c3d4e5f6";
constexpr const char* posts_id = "b7c8d9e0f1a2";
constexpr const char* seed_id = "c3d4e5f6a7b8";

std::vector<strata::revision> linear() {
    return {make_revision(users_id, {}, "create users", "2024-01-01 10:00:00",
                          create_users::upgrade, create_users::downgrade),
            make_revision(posts_id, {users_id}, "add posts", "2024-01-02 10:00:00",
                          add_posts::upgrade, add_posts::downgrade),
            make_revision(seed_id, {posts_id}, "seed admin", "2024-01-03 10:00:00",
                          seed_admin::upgrade, seed_admin::downgrade)};
}

std::vector<strata::revision> with(std::vector<strata::revision> revisions, strata::revision more) {
    revisions.push_back(std::move(more));
    return revisions;
}

strata::schema schema_after_users() {
    return {{{"users", {col("id", int64()).primary_key(), col("email", string(120))}}}};
}

strata::schema schema_after_posts() {
    strata::schema s{
        {{"users",
          {col("id", int64()).primary_key(), col("email", string(120)),
           col("nickname", string(40)).nullable()}},
         {"posts",
          {col("id", int64()).primary_key(), col("user_id", int64()), col("title", text()),
           col("published", boolean()), col("score", float64()).nullable()}}}};
    s.normalize();
    return s;
}

std::vector<strata::row> rows(strata::connection& db, const std::string& sql) {
    return db.query(sql);
}

class Migrator : public ::testing::Test {
protected:
    temp_dir m_dir;
    std::unique_ptr<strata::connection> m_db = strata::connect(m_dir.sqlite_url());
    std::vector<std::string> m_log;

    strata::migrate_options options() {
        strata::migrate_options o;
        o.log = [this](std::string_view line) { m_log.emplace_back(line); };
        return o;
    }
};

TEST_F(Migrator, UpgradeEmptyDatabaseToHead) {
    strata::migrator m(*m_db, linear(), options());
    EXPECT_TRUE(m.current().empty());
    const auto report = m.upgrade();
    EXPECT_EQ(report.steps, (ids{users_id, posts_id, seed_id}));
    EXPECT_EQ(report.current, ids{seed_id});
    EXPECT_EQ(m.current(), ids{seed_id});
    EXPECT_EQ(strata::introspect(*m_db), schema_after_posts());
    EXPECT_EQ(rows(*m_db, "SELECT email FROM users").size(), 1U);

    ASSERT_EQ(m_log.size(), 3U);
    EXPECT_TRUE(m_log[0].starts_with("upgrade base -> a1b2c3d4e5f6, create users (")) << m_log[0];
    EXPECT_TRUE(m_log[1].starts_with("upgrade a1b2c3d4e5f6 -> b7c8d9e0f1a2, add posts ("))
        << m_log[1];
    EXPECT_TRUE(m_log[2].ends_with(" ms)")) << m_log[2];
}

TEST_F(Migrator, VersionTableShape) {
    strata::migrator m(*m_db, linear());
    m.upgrade();
    const auto all = strata::introspect(*m_db, "");
    const auto* table = all.find_table("strata_version");
    ASSERT_NE(table, nullptr);
    // chain_digest stays NULL here: these revisions come without a build manifest.
    EXPECT_EQ(table->columns,
              (std::vector<strata::column>{col("version_num", string(32)).primary_key(),
                                           col("chain_digest", string(64)).nullable()}));
    EXPECT_EQ(rows(*m_db, "SELECT version_num, chain_digest FROM strata_version"),
              (std::vector<strata::row>{{std::string(seed_id), std::nullopt}}));
}

TEST_F(Migrator, CustomVersionTable) {
    strata::migrate_options o;
    o.version_table = "schema_history";
    strata::migrator m(*m_db, linear(), o);
    m.upgrade();
    EXPECT_TRUE(m_db->has_table("schema_history"));
    EXPECT_FALSE(m_db->has_table("strata_version"));
    EXPECT_EQ(m.current(), ids{seed_id});
}

TEST_F(Migrator, SecondUpgradeDoesNothing) {
    strata::migrator(*m_db, linear()).upgrade();
    strata::migrator again(*m_db, linear(), options());
    const auto report = again.upgrade("head");
    EXPECT_TRUE(report.steps.empty());
    EXPECT_EQ(report.current, ids{seed_id});
    EXPECT_TRUE(m_log.empty());
    EXPECT_EQ(rows(*m_db, "SELECT email FROM users").size(), 1U); // the seed ran once
}

TEST_F(Migrator, UpgradeStepByStepWithPrefix) {
    strata::migrator m(*m_db, linear());
    EXPECT_EQ(m.upgrade("a1b2").steps, ids{users_id});
    EXPECT_EQ(strata::introspect(*m_db), schema_after_users());
    EXPECT_EQ(m.upgrade(posts_id).steps, ids{posts_id});
    EXPECT_EQ(m.upgrade("a1").steps, ids{}); // already past it: never a downgrade
    EXPECT_EQ(m.upgrade("heads").steps, ids{seed_id});
}

TEST_F(Migrator, DowngradeOneStepThenToBase) {
    strata::migrator m(*m_db, linear(), options());
    m.upgrade();
    m_log.clear();

    auto report = m.downgrade("-1");
    EXPECT_EQ(report.steps, ids{seed_id});
    EXPECT_EQ(report.current, ids{posts_id});
    EXPECT_TRUE(rows(*m_db, "SELECT email FROM users").empty());
    EXPECT_EQ(strata::introspect(*m_db), schema_after_posts());

    report = m.downgrade("-1");
    EXPECT_EQ(report.current, ids{users_id});
    EXPECT_EQ(strata::introspect(*m_db), schema_after_users());

    report = m.downgrade("base");
    EXPECT_EQ(report.steps, ids{users_id});
    EXPECT_TRUE(report.current.empty());
    EXPECT_TRUE(m.current().empty());
    EXPECT_EQ(strata::introspect(*m_db), strata::schema{});

    ASSERT_EQ(m_log.size(), 3U);
    EXPECT_TRUE(m_log[0].starts_with("downgrade c3d4e5f6a7b8 -> b7c8d9e0f1a2, seed admin ("))
        << m_log[0];
    EXPECT_TRUE(m_log[2].starts_with("downgrade a1b2c3d4e5f6 -> base, create users (")) << m_log[2];

    // Back up again from base works.
    EXPECT_EQ(m.upgrade().steps, (ids{users_id, posts_id, seed_id}));
}

TEST_F(Migrator, DowngradeSeveralStepsAndToId) {
    strata::migrator m(*m_db, linear());
    m.upgrade();
    EXPECT_EQ(m.downgrade("-2").steps, (ids{seed_id, posts_id}));
    EXPECT_EQ(m.current(), ids{users_id});
    m.upgrade();
    EXPECT_EQ(m.downgrade("a1b2").steps, (ids{seed_id, posts_id}));
    EXPECT_EQ(m.downgrade(users_id).steps, ids{}); // already there
}

TEST_F(Migrator, DowngradeErrors) {
    strata::migrator m(*m_db, linear());
    m.upgrade(posts_id);
    EXPECT_THROW_MSG(m.downgrade("-3"), strata::revision_error,
                     "cannot downgrade '-3': the database is only 2 revision(s) above base");
    EXPECT_THROW_MSG(m.downgrade("-x"), strata::revision_error, "invalid downgrade target '-x'");
    EXPECT_THROW_MSG(m.downgrade("-0"), strata::revision_error, "invalid downgrade target '-0'");
    EXPECT_THROW_MSG(m.downgrade(seed_id), strata::revision_error,
                     "cannot downgrade to revision 'c3d4e5f6a7b8': it is not applied");
    EXPECT_EQ(m.current(), ids{posts_id});
}

TEST_F(Migrator, FailedRevisionRollsBackToPreviousRevision) {
    const auto revisions =
        with(linear(), make_revision("dead00beef00", {seed_id}, "add comments",
                                     "2024-01-04 10:00:00", broken::upgrade, broken::downgrade));
    strata::migrator m(*m_db, revisions, options());
    try {
        m.upgrade();
        FAIL() << "upgrade did not throw";
    } catch (const strata::migration_error& e) {
        EXPECT_STREQ(e.what(), "revision 'dead00beef00' (\"add comments\") failed: sqlite error: "
                               "no such table: no_such_table\n"
                               "    while running: INSERT INTO no_such_table VALUES (1)");
        EXPECT_EQ(e.revision(), "dead00beef00");
        EXPECT_EQ(e.statement(), "INSERT INTO no_such_table VALUES (1)");
    }
    // The three good revisions committed one by one; the broken one left no trace.
    EXPECT_EQ(m.current(), ids{seed_id});
    EXPECT_EQ(strata::introspect(*m_db), schema_after_posts());
    EXPECT_FALSE(m_db->has_table("comments"));
    EXPECT_EQ(rows(*m_db, "SELECT id, email FROM users"),
              (std::vector<strata::row>{{std::string("1"), std::string("admin@example.com")}}));
    EXPECT_EQ(m_log.size(), 3U);

    // Retrying fails the same way and changes nothing.
    EXPECT_THROW_MSG(m.upgrade(), strata::migration_error,
                     "revision 'dead00beef00' (\"add comments\") failed");
    EXPECT_EQ(m.current(), ids{seed_id});
}

TEST_F(Migrator, RevisionThatThrowsWhileRecording) {
    strata::migrator m(
        *m_db,
        with(linear(), make_revision("0badc0de0000", {seed_id}, "oops", "2024-01-04 10:00:00",
                                     throws_while_recording::upgrade, nullptr)));
    EXPECT_THROW_MSG(m.upgrade(), strata::migration_error,
                     "revision '0badc0de0000' (\"oops\") failed: cannot decide");
    EXPECT_EQ(m.current(), ids{seed_id});
}

TEST_F(Migrator, MissingDowngradeFunction) {
    strata::migrator m(*m_db, {make_revision(users_id, {}, "create users", "2024-01-01 10:00:00",
                                             create_users::upgrade, nullptr)});
    m.upgrade();
    EXPECT_THROW_MSG(m.downgrade("base"), strata::migration_error,
                     "revision 'a1b2c3d4e5f6' (\"create users\") failed: it has no downgrade "
                     "function");
    EXPECT_EQ(m.current(), ids{users_id});
}

TEST_F(Migrator, DatabaseAtUnknownRevisionIsRefused) {
    strata::migrator(*m_db, linear()).upgrade();
    // A newer build migrated this database further than this build knows.
    m_db->execute("UPDATE strata_version SET version_num = 'f00dfeedf00d'");
    strata::migrator older(*m_db, linear());
    EXPECT_EQ(older.current(), ids{"f00dfeedf00d"});
    EXPECT_THROW_MSG(older.upgrade(), strata::revision_error,
                     "database is at revision 'f00dfeedf00d', which this application does not "
                     "know: its file was deleted from versions/ after the database applied "
                     "it, or the code is older than the database; restore the revision file");
    EXPECT_THROW_MSG(older.downgrade("-1"), strata::revision_error,
                     "database is at revision 'f00dfeedf00d'");
    EXPECT_THROW_MSG(older.downgrade("base"), strata::revision_error,
                     "database is at revision 'f00dfeedf00d'");
    EXPECT_EQ(strata::introspect(*m_db), schema_after_posts()); // untouched
}

TEST_F(Migrator, UnknownOrAmbiguousTarget) {
    auto revisions = linear();
    revisions.push_back(make_revision("a1b2ffffffff", {seed_id}, "another a1b2",
                                      "2024-01-04 10:00:00", seed_admin::upgrade,
                                      seed_admin::downgrade));
    strata::migrator m(*m_db, revisions);
    EXPECT_THROW_MSG(m.upgrade("a1b2"), strata::revision_error,
                     "revision prefix 'a1b2' is ambiguous: it matches 'a1b2c3d4e5f6', "
                     "'a1b2ffffffff'");
    EXPECT_THROW_MSG(m.upgrade("0000"), strata::revision_error, "unknown revision '0000'");
    EXPECT_THROW_MSG(m.downgrade("0000"), strata::revision_error, "unknown revision '0000'");
    EXPECT_FALSE(m_db->has_table("users"));
}

// --- branches and merges -----------------------------------------------------------------

namespace branch_tags {
void upgrade(operations& op) {
    op.create_table("tags", {col("name", string(30)).primary_key()});
}
void downgrade(operations& op) {
    op.drop_table("tags");
}
} // namespace branch_tags

namespace branch_avatar {
void upgrade(operations& op) {
    op.add_column("users", col("avatar", text()).nullable());
}
void downgrade(operations& op) {
    op.drop_column("users", "avatar");
}
} // namespace branch_avatar

namespace merge_noop {
void upgrade(operations&) {}
void downgrade(operations&) {}
} // namespace merge_noop

constexpr const char* tags_id = "1111aaaa2222";
constexpr const char* avatar_id = "3333bbbb4444";
constexpr const char* merge_id = "5555cccc6666";

std::vector<strata::revision> branched() {
    return {make_revision(users_id, {}, "create users", "2024-01-01 10:00:00",
                          create_users::upgrade, create_users::downgrade),
            make_revision(tags_id, {users_id}, "add tags", "2024-01-02 10:00:00",
                          branch_tags::upgrade, branch_tags::downgrade),
            make_revision(avatar_id, {users_id}, "add avatar", "2024-01-02 11:00:00",
                          branch_avatar::upgrade, branch_avatar::downgrade)};
}

std::vector<strata::revision> merged() {
    return with(branched(),
                make_revision(merge_id, {tags_id, avatar_id}, "merge heads", "2024-01-03 10:00:00",
                              merge_noop::upgrade, merge_noop::downgrade));
}

TEST_F(Migrator, SeveralHeadsRefuseHead) {
    strata::migrator m(*m_db, branched());
    EXPECT_THROW_MSG(m.upgrade(), strata::revision_error,
                     "cannot upgrade to 'head': there are 2 heads ('1111aaaa2222', "
                     "'3333bbbb4444'); create a merge revision");
    EXPECT_FALSE(m_db->has_table("strata_version")); // refused before touching anything

    const auto report = m.upgrade("heads");
    EXPECT_EQ(report.steps, (ids{users_id, tags_id, avatar_id}));
    EXPECT_EQ(report.current, (ids{tags_id, avatar_id}));
}

TEST_F(Migrator, UpgradeOneBranchThenTheOther) {
    strata::migrator m(*m_db, branched());
    m.upgrade(avatar_id);
    EXPECT_EQ(m.current(), ids{avatar_id});
    m.upgrade(tags_id);
    EXPECT_EQ(m.current(), (ids{tags_id, avatar_id}));
    EXPECT_THROW_MSG(m.downgrade("-1"), strata::revision_error,
                     "the database is at several heads ('1111aaaa2222', '3333bbbb4444')");
    EXPECT_EQ(m.downgrade(users_id).steps, (ids{avatar_id, tags_id}));
    EXPECT_EQ(m.current(), ids{users_id});
}

TEST_F(Migrator, MergeRevisionJoinsHeads) {
    strata::migrator(*m_db, branched()).upgrade("heads");
    strata::migrator m(*m_db, merged(), options());
    const auto report = m.upgrade();
    EXPECT_EQ(report.steps, ids{merge_id});
    EXPECT_EQ(report.current, ids{merge_id});
    EXPECT_EQ(rows(*m_db, "SELECT version_num FROM strata_version"),
              std::vector<strata::row>{{std::string(merge_id)}});
    ASSERT_EQ(m_log.size(), 1U);
    EXPECT_TRUE(
        m_log[0].starts_with("upgrade 1111aaaa2222, 3333bbbb4444 -> 5555cccc6666, merge heads ("))
        << m_log[0];

    EXPECT_EQ(m.downgrade("-1").current, (ids{tags_id, avatar_id}));
    EXPECT_EQ(m.downgrade("base").steps, (ids{avatar_id, tags_id, users_id}));
}

TEST_F(Migrator, MergeFromEmptyDatabase) {
    strata::migrator m(*m_db, merged());
    EXPECT_EQ(m.upgrade().steps, (ids{users_id, tags_id, avatar_id, merge_id}));
    EXPECT_EQ(m.current(), ids{merge_id});
    const auto s = strata::introspect(*m_db);
    ASSERT_NE(s.find_table("tags"), nullptr);
    ASSERT_NE(s.find_table("users"), nullptr);
    EXPECT_NE(s.find_table("users")->find_column("avatar"), nullptr);
}

TEST_F(Migrator, InvalidGraphIsRefusedAtConstruction) {
    EXPECT_THROW_MSG(
        (void)strata::migrator(
            *m_db, with(linear(), make_revision("x", {"nope"}, "x", "", nullptr, nullptr))),
        strata::revision_error, "has parent 'nope', which does not exist");
}

TEST_F(Migrator, EmptyHistoryCreatesOnlyTheBookkeepingTables) {
    strata::migrator m(*m_db, std::vector<strata::revision>{});
    EXPECT_TRUE(m.upgrade().steps.empty());
    EXPECT_TRUE(m_db->has_table("strata_version"));
    EXPECT_TRUE(m_db->has_table("strata_history"));
    EXPECT_TRUE(strata::introspect(*m_db).tables.empty());
    EXPECT_TRUE(m.downgrade("base").steps.empty());
}

// --- the one-call entry point ------------------------------------------------------------

namespace registered {
void upgrade(operations& op) {
    op.create_table("registered", {col("id", int64()).primary_key()});
}
void downgrade(operations& op) {
    op.drop_table("registered");
}
// Registered as a generated revision file would; only UpgradeToHead uses the registry.
const strata::revision_registrar registrar(make_revision("9999eeee0000", {}, "registered one",
                                                         "2024-02-01 00:00:00", upgrade,
                                                         downgrade));
} // namespace registered

TEST(UpgradeToHead, UsesRegisteredRevisions) {
    temp_dir dir;
    std::vector<std::string> lines;
    strata::migrate_options o;
    o.log = [&](std::string_view line) { lines.emplace_back(line); };
    const auto report = strata::upgrade_to_head(dir.sqlite_url("app.db"), o);
    EXPECT_EQ(report.steps, ids{"9999eeee0000"});
    EXPECT_EQ(lines.size(), 1U);
    EXPECT_TRUE(strata::upgrade_to_head(dir.sqlite_url("app.db")).steps.empty());
    EXPECT_THROW_MSG(strata::upgrade_to_head("mysql://root:pw@localhost/app"), strata::error,
                     "unsupported database url 'mysql://root:***@localhost/app'");
}

} // namespace
