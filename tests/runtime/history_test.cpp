#include "expect_throw_msg.hpp"
#include "temp_dir.hpp"
#include "test_revisions.hpp"

#include "strata/connection.hpp"
#include "strata/detail/sha256.hpp"
#include "strata/error.hpp"
#include "strata/fingerprint.hpp"
#include "strata/migrator.hpp"

#include <gtest/gtest.h>

namespace {
using namespace strata::dsl;
using strata::operations;
using strata::row;
using strata::testing::make_revision;
using strata::testing::temp_dir;

namespace first {
void upgrade(operations& op) {
    op.create_table("notes", {col("id", int64()).primary_key(), col("body", text())});
}
void downgrade(operations& op) {
    op.drop_table("notes");
}
} // namespace first

namespace second {
void upgrade(operations& op) {
    op.add_column("notes", col("title", string(80)).nullable());
}
// The same revision, edited after it was applied.
void upgrade_edited(operations& op) {
    op.add_column("notes", col("title", string(120)).nullable());
}
void downgrade(operations& op) {
    op.drop_column("notes", "title");
}
} // namespace second

std::vector<strata::revision> revisions(bool edited = false) {
    return {make_revision("1111aaaa2222", {}, "notes", "2024-01-01 00:00:00", first::upgrade,
                          first::downgrade),
            make_revision("3333bbbb4444", {"1111aaaa2222"}, "titles", "2024-01-02 00:00:00",
                          edited ? second::upgrade_edited : second::upgrade, second::downgrade)};
}

std::string checksum_of(void (*record)(operations&)) {
    operations op;
    record(op);
    return strata::fingerprint(op.recorded());
}

TEST(Fingerprint, Sha256KnownAnswers) {
    EXPECT_EQ(strata::sha256_hex(""),
              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(strata::sha256_hex("abc"),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(strata::sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    EXPECT_EQ(strata::sha256_hex(std::string(1000, 'a')),
              "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3");
}

TEST(Fingerprint, StableAndSensitive) {
    // Pinned: the same operations give this value on every machine and in every release
    // that keeps the "strata-operations-v1" form. Changing it breaks every recorded history.
    EXPECT_EQ(checksum_of(first::upgrade),
              "89354c6d0656f3b5ac589094d598550b38950afba9ddb0a07058b6ec9168345b");
    EXPECT_NE(checksum_of(second::upgrade), checksum_of(second::upgrade_edited));
    EXPECT_NE(strata::fingerprint({strata::ops::execute_sql{"ab"}, strata::ops::execute_sql{"c"}}),
              strata::fingerprint({strata::ops::execute_sql{"a"}, strata::ops::execute_sql{"bc"}}));
    EXPECT_NE(strata::fingerprint({}), strata::fingerprint({strata::ops::execute_sql{""}}));
    // A key column moved from one list to the other is a different operation.
    EXPECT_NE(strata::fingerprint({strata::ops::alter_primary_key{"t", {"a"}, {"b"}}}),
              strata::fingerprint({strata::ops::alter_primary_key{"t", {"a", "b"}, {}}}));
}

class History : public ::testing::Test {
protected:
    temp_dir m_dir;
    std::unique_ptr<strata::connection> m_db = strata::connect(m_dir.sqlite_url());

    std::vector<row> history() {
        return m_db->query("SELECT seq, revision, direction, checksum FROM strata_history "
                           "ORDER BY seq");
    }
};

TEST_F(History, RecordsEachUpgradeAndDowngrade) {
    strata::migrator m(*m_db, revisions());
    m.upgrade();
    m.downgrade("-1");
    const auto first_sum = checksum_of(first::upgrade);
    const auto second_sum = checksum_of(second::upgrade);
    const auto second_down = checksum_of(second::downgrade);
    EXPECT_EQ(history(), (std::vector<row>{{"1", "1111aaaa2222", "upgrade", first_sum},
                                           {"2", "3333bbbb4444", "upgrade", second_sum},
                                           {"3", "3333bbbb4444", "downgrade", second_down}}));
    const auto timing =
        m_db->query("SELECT COUNT(*) FROM strata_history WHERE applied_at LIKE '20__-__-__ "
                    "__:__:__.___' AND duration_ms >= 0");
    EXPECT_EQ(timing, std::vector<row>{{"3"}});
}

TEST_F(History, EditedAppliedRevisionIsRefused) {
    strata::migrator(*m_db, revisions()).upgrade();
    strata::migrator edited(*m_db, revisions(true));
    EXPECT_THROW_MSG(edited.upgrade(), strata::revision_error,
                     "revision '3333bbbb4444' (\"titles\") was changed after it was applied: its "
                     "operations now have checksum " +
                         checksum_of(second::upgrade_edited).substr(0, 12) +
                         ", but the database recorded " +
                         checksum_of(second::upgrade).substr(0, 12));
    EXPECT_THROW_MSG(edited.upgrade(), strata::revision_error,
                     "migrate once with migrate_options::verify_checksums = false to accept it");
    EXPECT_EQ(history().size(), 2U); // nothing recorded by the refused runs
}

TEST_F(History, VerifyChecksumsFalseAcceptsTheEditOnce) {
    strata::migrator(*m_db, revisions()).upgrade();
    std::vector<std::string> lines;
    strata::migrate_options accept;
    accept.verify_checksums = false;
    accept.log = [&](std::string_view line) { lines.emplace_back(line); };
    EXPECT_TRUE(strata::migrator(*m_db, revisions(true), accept).upgrade().steps.empty());
    ASSERT_EQ(lines.size(), 1U);
    EXPECT_NE(lines[0].find("accepted the changed operations of revision '3333bbbb4444'"),
              std::string::npos);
    EXPECT_EQ(history().back(),
              (row{"3", "3333bbbb4444", "accept", checksum_of(second::upgrade_edited)}));
    // From now on the edited revision is what the database is known to match.
    EXPECT_NO_THROW(strata::migrator(*m_db, revisions(true)).upgrade());
    EXPECT_THROW_MSG(strata::migrator(*m_db, revisions()).upgrade(), strata::revision_error,
                     "was changed after it was applied");
}

TEST_F(History, ReappliedRevisionIsCheckedAgainstItsLatestUpgrade) {
    strata::migrator(*m_db, revisions()).upgrade();
    strata::migrator(*m_db, revisions()).downgrade("-1");
    // Downgraded revisions are not checked; re-applying the edited one records it anew.
    EXPECT_EQ(strata::migrator(*m_db, revisions(true)).upgrade().steps,
              std::vector<std::string>{"3333bbbb4444"});
    EXPECT_NO_THROW(strata::migrator(*m_db, revisions(true)).upgrade());
}

TEST_F(History, DatabaseFromBeforeTheHistoryTableGetsOne) {
    strata::migrator(*m_db, revisions()).upgrade("1111aaaa2222");
    m_db->execute("DROP TABLE strata_history");
    strata::migrator(*m_db, revisions(true)).upgrade();
    EXPECT_EQ(history(), (std::vector<row>{{"1", "3333bbbb4444", "upgrade",
                                            checksum_of(second::upgrade_edited)}}));
}

TEST_F(History, CustomHistoryTable) {
    strata::migrate_options o;
    o.history_table = "applied_log";
    strata::migrator(*m_db, revisions(), o).upgrade();
    EXPECT_TRUE(m_db->has_table("applied_log"));
    EXPECT_FALSE(m_db->has_table("strata_history"));
}

TEST(LockTimeout, WaitIsBoundedAndTheErrorSaysWhatToDo) {
    temp_dir dir;
    auto holder = strata::connect(dir.sqlite_url());
    holder->begin_exclusive(); // another instance, mid-migration
    auto db = strata::connect(dir.sqlite_url(), {.lock_timeout = std::chrono::milliseconds(50)});
    strata::migrator m(*db, revisions());
    EXPECT_THROW_MSG(m.upgrade(), strata::database_error,
                     "cannot lock database '" + dir.sqlite_url().substr(0) +
                         "' for migrating: sqlite error: database is locked; another instance "
                         "is probably migrating it and held the lock longer than the lock "
                         "timeout: try again, or raise the lock timeout (--lock-timeout "
                         "SECONDS, lock_timeout in strata.ini, or "
                         "migrate_options::lock_timeout)");
    holder->rollback();
    EXPECT_EQ(m.upgrade().steps.size(), 2U); // once the lock is free, it proceeds
}

} // namespace
