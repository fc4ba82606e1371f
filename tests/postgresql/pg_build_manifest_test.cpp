// The start-up fast path on PostgreSQL: the build manifest's digest recorded in the version
// table, one query at head, the digest column added to an older table, and a start that
// never waits for a running migrator to record it. Its own executable, because the
// manifest describes every revision registered in the program.

#include "expect_throw_msg.hpp"
#include "manifest_revisions.hpp"
#include "pg_test_server.hpp"
#include "test_revisions.hpp"

#include "strata/connection.hpp"
#include "strata/error.hpp"
#include "strata/migrator.hpp"

#include <gtest/gtest.h>

namespace {
using namespace strata::dsl;
using strata::operations;
using strata::testing::make_revision;
using ids = std::vector<std::string>;

using namespace strata::testing::manifest_revisions;

class PgBuildManifest : public strata::testing::postgres_test {
protected:
    void SetUp() override {
        strata::testing::postgres_test::SetUp();
        if (!IsSkipped() && !HasFailure()) {
            m_conn = strata::connect(db().url());
        }
    }
    void TearDown() override {
        m_conn.reset();
        strata::testing::postgres_test::TearDown();
    }
    std::vector<strata::row> version_rows(const std::string& table = "strata_version") {
        return m_conn->query("SELECT version_num, chain_digest FROM " + table);
    }

    std::unique_ptr<strata::connection> m_conn;
};

TEST_F(PgBuildManifest, DigestIsRecordedAndTrustedAtHead) {
    EXPECT_EQ(strata::migrator(*m_conn).upgrade().steps, (ids{first_id, second_id}));
    EXPECT_EQ(version_rows(), (std::vector<strata::row>{{second_id, digest}}));
    // With the digest in place the recorded checksums are not read again...
    m_conn->execute("UPDATE strata_history SET checksum = 'spoilt'");
    EXPECT_TRUE(strata::migrator(*m_conn).upgrade().steps.empty());
    // ...and without it they are, and the difference is refused.
    m_conn->execute("UPDATE strata_version SET chain_digest = NULL");
    EXPECT_THROW_MSG(strata::migrator(*m_conn).upgrade(), strata::revision_error,
                     "was changed after it was applied");
}

TEST_F(PgBuildManifest, OlderVersionTableGetsTheColumnAtTheNextStart) {
    strata::migrator(*m_conn).upgrade();
    m_conn->execute("ALTER TABLE strata_version DROP COLUMN chain_digest");
    EXPECT_FALSE(m_conn->has_column("strata_version", "chain_digest"));
    EXPECT_TRUE(strata::migrator(*m_conn).upgrade().steps.empty());
    EXPECT_TRUE(m_conn->has_column("strata_version", "chain_digest"));
    EXPECT_EQ(version_rows(), (std::vector<strata::row>{{second_id, digest}}));
}

TEST_F(PgBuildManifest, StartDoesNotWaitForAMigratorToRecordTheDigest) {
    strata::migrator(*m_conn).upgrade();
    m_conn->execute("UPDATE strata_version SET chain_digest = NULL");
    auto other = strata::connect(db().url());
    other->begin_exclusive(); // what a migrating instance holds during a revision
    EXPECT_TRUE(strata::migrator(*m_conn).upgrade().steps.empty());
    EXPECT_EQ(version_rows(), (std::vector<strata::row>{{second_id, std::nullopt}}));
    other->rollback();
    EXPECT_TRUE(strata::migrator(*m_conn).upgrade().steps.empty());
    EXPECT_EQ(version_rows(), (std::vector<strata::row>{{second_id, digest}}));
}

TEST_F(PgBuildManifest, WorksInASchemaOfItsOwn) {
    strata::migrate_options in_app;
    in_app.schema = "app";
    EXPECT_EQ(strata::migrator(*m_conn, in_app).upgrade().steps.size(), 2U);
    EXPECT_EQ(version_rows("app.strata_version"), (std::vector<strata::row>{{second_id, digest}}));
    auto again = strata::connect(db().url());
    EXPECT_TRUE(strata::migrator(*again, in_app).upgrade().steps.empty());
}

} // namespace
