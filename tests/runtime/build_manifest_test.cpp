// The start-up fast path: a program whose revisions come with a build manifest (as
// add_migrations() compiles one in) records the manifest's digest in the version table when
// it brings a database to head, and recognises such a database with one query. Its own
// executable, because the manifest describes every revision registered in the program.

#include "expect_throw_msg.hpp"
#include "manifest_revisions.hpp"
#include "temp_dir.hpp"
#include "test_revisions.hpp"

#include "strata/connection.hpp"
#include "strata/error.hpp"
#include "strata/migrator.hpp"

#include <gtest/gtest.h>

namespace {
using namespace strata::dsl;
using strata::operations;
using strata::testing::make_revision;
using strata::testing::temp_dir;
using ids = std::vector<std::string>;

using namespace strata::testing::manifest_revisions;

class BuildManifest : public ::testing::Test {
protected:
    void SetUp() override { m_db = strata::connect(m_dir.sqlite_url()); }

    /// version_num and chain_digest of every version row.
    std::vector<strata::row> version_rows() {
        return m_db->query("SELECT version_num, chain_digest FROM strata_version");
    }

    temp_dir m_dir;
    std::unique_ptr<strata::connection> m_db;
};

TEST_F(BuildManifest, IsRegistered) {
    const auto* m = strata::registered_build_manifest();
    ASSERT_NE(m, nullptr);
    EXPECT_EQ(m->heads, ids{second_id});
    EXPECT_EQ(m->digest, digest);
}

TEST_F(BuildManifest, ReachingHeadRecordsTheDigest) {
    EXPECT_EQ(strata::migrator(*m_db).upgrade().steps, (ids{first_id, second_id}));
    EXPECT_EQ(version_rows(), (std::vector<strata::row>{{second_id, digest}}));
}

TEST_F(BuildManifest, StopsShortOfHeadWithoutTheDigest) {
    strata::migrator(*m_db).upgrade(first_id);
    EXPECT_EQ(version_rows(), (std::vector<strata::row>{{first_id, std::nullopt}}));
    strata::migrator(*m_db).upgrade();
    EXPECT_EQ(version_rows(), (std::vector<strata::row>{{second_id, digest}}));
    strata::migrator(*m_db).downgrade("-1");
    EXPECT_EQ(version_rows(), (std::vector<strata::row>{{first_id, std::nullopt}}));
}

TEST_F(BuildManifest, AtHeadWithTheDigestTheChecksumsAreNotReadAgain) {
    strata::migrator(*m_db).upgrade();
    // Spoil the recorded checksums: with the digest in place nothing looks at them (the
    // revision files are byte-identical to those the database was brought to head with).
    m_db->execute("UPDATE strata_history SET checksum = 'spoilt'");
    EXPECT_TRUE(strata::migrator(*m_db).upgrade().steps.empty());
    EXPECT_EQ(strata::migrator(*m_db).upgrade("heads").current, ids{second_id});
    // Without the digest (another build, say) the full check runs and sees the change.
    m_db->execute("UPDATE strata_version SET chain_digest = NULL");
    EXPECT_THROW_MSG(strata::migrator(*m_db).upgrade(), strata::revision_error,
                     "was changed after it was applied");
    EXPECT_EQ(version_rows(), (std::vector<strata::row>{{second_id, std::nullopt}}));
}

TEST_F(BuildManifest, AnotherBuildsDigestIsVerifiedThenReplaced) {
    strata::migrator(*m_db).upgrade();
    m_db->execute("UPDATE strata_version SET chain_digest = 'from another build'");
    EXPECT_TRUE(strata::migrator(*m_db).upgrade().steps.empty());
    EXPECT_EQ(version_rows(), (std::vector<strata::row>{{second_id, digest}}));
}

namespace edited_first {
void upgrade(operations& op) {
    op.create_table("notes", {col("id", int64()).primary_key(), col("body", string(500))});
}
} // namespace edited_first

TEST_F(BuildManifest, AcceptingAnEditWithoutTheManifestForgetsTheDigest) {
    strata::migrator(*m_db).upgrade();
    // Another program accepts an edited first revision (--ignore-checksums, revisions
    // given as a vector): the digest no longer says what was verified.
    strata::migrate_options accept;
    accept.verify_checksums = false;
    strata::migrator(*m_db,
                     {make_revision(first_id, {}, edited_first::upgrade, first::downgrade),
                      make_revision(second_id, {first_id}, second::upgrade, second::downgrade)},
                     accept)
        .upgrade();
    EXPECT_EQ(version_rows(), (std::vector<strata::row>{{second_id, std::nullopt}}));
    // So this build checks again, and sees that the database took other operations.
    EXPECT_THROW_MSG(strata::migrator(*m_db).upgrade(), strata::revision_error,
                     "revision '1111aaaa0000' (\"test\") was changed after it was applied");
}

TEST_F(BuildManifest, StartAtHeadDoesNotWaitToRecordTheDigest) {
    strata::migrator(*m_db).upgrade();
    m_db->execute("UPDATE strata_version SET chain_digest = NULL");
    // Another session holds the write lock: the check is read-only, and the digest waits.
    auto other = strata::connect(m_dir.sqlite_url());
    other->begin_exclusive();
    EXPECT_TRUE(strata::migrator(*m_db).upgrade().steps.empty());
    other->rollback();
    EXPECT_EQ(version_rows(), (std::vector<strata::row>{{second_id, std::nullopt}}));
    EXPECT_TRUE(strata::migrator(*m_db).upgrade().steps.empty());
    EXPECT_EQ(version_rows(), (std::vector<strata::row>{{second_id, digest}}));
}

TEST_F(BuildManifest, RedundantStampedRowGoesWhenTheDigestIsRecorded) {
    strata::migrator(*m_db).upgrade();
    m_db->execute("INSERT INTO strata_version (version_num) VALUES ('1111aaaa0000')");
    EXPECT_TRUE(strata::migrator(*m_db).upgrade().steps.empty());
    EXPECT_EQ(version_rows(), (std::vector<strata::row>{{second_id, digest}}));
}

TEST_F(BuildManifest, VersionTableFromBeforeTheDigestGetsTheColumn) {
    strata::migrator(*m_db).upgrade();
    m_db->execute("ALTER TABLE strata_version DROP COLUMN chain_digest");
    EXPECT_TRUE(strata::migrator(*m_db).upgrade().steps.empty());
    EXPECT_EQ(version_rows(), (std::vector<strata::row>{{second_id, digest}}));
}

TEST_F(BuildManifest, StampedDatabaseGetsTheDigestAtItsNextStart) {
    strata::migrator(*m_db).upgrade();
    strata::migrator(*m_db).stamp("base");
    strata::migrator(*m_db).stamp("head");
    EXPECT_EQ(version_rows(), (std::vector<strata::row>{{second_id, std::nullopt}}));
    EXPECT_TRUE(strata::migrator(*m_db).upgrade().steps.empty());
    EXPECT_EQ(version_rows(), (std::vector<strata::row>{{second_id, digest}}));
}

TEST_F(BuildManifest, DatabaseAheadOfTheBuildIsStillRefused) {
    strata::migrator(*m_db).upgrade();
    m_db->execute("UPDATE strata_version SET version_num = '3333cccc0000'");
    EXPECT_THROW_MSG(strata::migrator(*m_db).upgrade(), strata::revision_error,
                     "database is at revision '3333cccc0000', which this application does not "
                     "know");
}

TEST_F(BuildManifest, UpgradeToHeadUsesIt) {
    const auto url = m_dir.sqlite_url("app.db");
    EXPECT_EQ(strata::upgrade_to_head(url).steps.size(), 2U);
    auto db = strata::connect(url);
    EXPECT_EQ(db->query("SELECT chain_digest FROM strata_version"),
              (std::vector<strata::row>{{digest}}));
    EXPECT_TRUE(strata::upgrade_to_head(url).steps.empty());
}

} // namespace
