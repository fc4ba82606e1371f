// migrator::stamp(): adopting an existing database, and the way out of a database at a
// revision this build does not know.

#include "cli_revisions.hpp"
#include "expect_throw_msg.hpp"
#include "temp_dir.hpp"

#include "strata/error.hpp"
#include "strata/introspect.hpp"
#include "strata/migrator.hpp"
#include "strata/offline.hpp"

#include <gtest/gtest.h>

namespace {
using namespace strata::testing::cli;
using strata::testing::temp_dir;
using ids = std::vector<std::string>;

class Stamp : public ::testing::Test {
protected:
    temp_dir m_dir;
    std::unique_ptr<strata::connection> m_db = strata::connect(m_dir.sqlite_url());
    std::vector<std::string> m_log;
    strata::migrate_options logging() {
        strata::migrate_options o;
        o.log = [this](std::string_view line) { m_log.emplace_back(line); };
        return o;
    }
};

TEST_F(Stamp, AdoptsAPreExistingDatabaseThenUpgrades) {
    // A database made before strata, by hand, with what the first revision creates.
    m_db->execute("CREATE TABLE users (id INTEGER NOT NULL PRIMARY KEY, email VARCHAR(120) NOT "
                  "NULL)");
    m_db->execute("INSERT INTO users (id, email) VALUES (7, 'kept@example.com')");
    strata::migrator m(*m_db, linear(), logging());
    const auto stamped = m.stamp("a1b2");
    EXPECT_TRUE(stamped.steps.empty());
    EXPECT_EQ(stamped.current, ids{users_id});
    EXPECT_EQ(m_log, ids{"stamp base -> a1b2c3d4e5f6 (no revision run)"});

    const auto report = m.upgrade();
    EXPECT_EQ(report.steps, (ids{posts_id, seed_id}));
    EXPECT_EQ(m_db->query("SELECT COUNT(*) FROM users").at(0).at(0), "2"); // data kept
    const strata::revision_graph graph(linear());
    EXPECT_EQ(strata::introspect(*m_db), strata::schema_at(graph, graph.heads()));
}

TEST_F(Stamp, MovesTheVersionWithoutRunningAnything) {
    strata::migrator m(*m_db, linear(), logging());
    m.upgrade(users_id);
    m.stamp("head");
    EXPECT_EQ(m.current(), ids{seed_id});
    EXPECT_FALSE(m_db->has_table("posts")); // nothing ran
    m.stamp("-2");                          // relative to the stamped revision
    EXPECT_EQ(m.current(), ids{users_id});
    m.stamp("base");
    EXPECT_TRUE(m.current().empty());
    EXPECT_TRUE(m_db->has_table("strata_version"));
    EXPECT_EQ(m_log.back(), "stamp a1b2c3d4e5f6 -> base (no revision run)");
}

TEST_F(Stamp, SeveralHeadsAndLabels) {
    strata::migrator m(*m_db, merged());
    m.stamp("heads");
    EXPECT_EQ(m.current(), ids{merge_id});
    m.stamp("tagging@head");
    EXPECT_EQ(m.current(), ids{merge_id});
    m.stamp("tagging");
    EXPECT_EQ(m.current(), ids{tags_id});
}

TEST_F(Stamp, BranchTargetsMoveOnlyThatBranch) {
    strata::migrator m(*m_db, labelled_branches());
    m.stamp("heads");
    EXPECT_EQ(m.current(), (ids{tag_color_id, avatar_id, audit_note_id}));
    m.stamp("audit@base");
    EXPECT_EQ(m.current(), (ids{tag_color_id, avatar_id}));
    m.stamp("tagging@-2");
    EXPECT_EQ(m.current(), ids{avatar_id});
    m.stamp("audit@+1");
    EXPECT_EQ(m.current(), (ids{avatar_id, audit_id}));
    EXPECT_FALSE(m_db->has_table("audit_log")); // nothing ran
}

TEST_F(Stamp, RecoversADatabaseAtAnUnknownRevision) {
    strata::migrator(*m_db, linear()).upgrade();
    m_db->execute("UPDATE strata_version SET version_num = 'f00dfeedf00d'");
    strata::migrator m(*m_db, linear());
    EXPECT_THROW_MSG(m.upgrade(), strata::revision_error,
                     "database is at revision 'f00dfeedf00d', which this application does not "
                     "know");
    EXPECT_THROW_MSG(m.stamp("-1"), strata::revision_error,
                     "relative target '-1' counts from the database's revision");
    EXPECT_EQ(m.current(), ids{"f00dfeedf00d"}); // the failed stamp changed nothing
    m.stamp(seed_id);
    EXPECT_EQ(m.current(), ids{seed_id});
    EXPECT_TRUE(m.upgrade().steps.empty());
}

TEST_F(Stamp, UnknownTargetChangesNothing) {
    strata::migrator m(*m_db, linear());
    EXPECT_THROW_MSG(m.stamp("zzz"), strata::revision_error, "unknown revision 'zzz'");
    EXPECT_FALSE(m_db->has_table("strata_version"));
}

} // namespace
