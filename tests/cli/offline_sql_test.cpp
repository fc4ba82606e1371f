// Offline mode (--sql) emits exactly what online mode executes, for upgrades, downgrades,
// ranges and merges; and schema_at() is the schema online mode leaves behind.

#include "cli_revisions.hpp"
#include "expect_throw_msg.hpp"
#include "temp_dir.hpp"

#include "strata/error.hpp"
#include "strata/introspect.hpp"
#include "strata/migrator.hpp"
#include "strata/offline.hpp"
#include "strata/sqlite/dialect.hpp"

#include <gtest/gtest.h>

namespace {
using namespace strata::testing::cli;
using strata::testing::temp_dir;
using ids = std::vector<std::string>;

ids flatten(const std::vector<strata::sql_step>& steps) {
    ids result;
    for (const auto& step : steps) {
        result.emplace_back("BEGIN");
        result.insert(result.end(), step.statements.begin(), step.statements.end());
        result.emplace_back("COMMIT");
    }
    return result;
}

class OfflineSql : public ::testing::Test {
protected:
    temp_dir m_dir;
    std::unique_ptr<strata::connection> m_db = strata::connect(m_dir.sqlite_url());
    recording_connection m_recorder{*m_db};
    strata::sqlite::dialect m_dialect;
};

TEST_F(OfflineSql, UpgradeFromBaseEqualsWhatOnlineModeExecutes) {
    const strata::revision_graph graph(linear());
    const auto offline = strata::offline_upgrade(graph, m_dialect, "base", "head");
    strata::migrator(m_recorder, linear()).upgrade("head");
    EXPECT_EQ(flatten(offline), m_recorder.executed());
    ASSERT_EQ(offline.size(), 3U);
    EXPECT_EQ(offline[0].statements.front(),
              "CREATE TABLE \"strata_version\" (version_num VARCHAR(32) NOT NULL PRIMARY KEY)");
    EXPECT_EQ(offline[2].statements.back(),
              "INSERT INTO \"strata_version\" (version_num) VALUES ('c3d4e5f6a7b8')");
}

TEST_F(OfflineSql, RangeEqualsOnlineFromThatRevision) {
    strata::migrator(*m_db, linear()).upgrade(users_id);
    const strata::revision_graph graph(linear());
    const auto offline = strata::offline_upgrade(graph, m_dialect, "a1b2", "head");
    strata::migrator(m_recorder, linear()).upgrade("head");
    EXPECT_EQ(flatten(offline), m_recorder.executed());
    EXPECT_EQ(offline.front().revision, posts_id);
    EXPECT_EQ(offline.front().transition, "a1b2c3d4e5f6 -> b7c8d9e0f1a2");
}

TEST_F(OfflineSql, DowngradeEqualsWhatOnlineModeExecutes) {
    strata::migrator(*m_db, linear()).upgrade("head");
    const strata::revision_graph graph(linear());
    auto offline = strata::offline_downgrade(graph, m_dialect, "head", "-1");
    strata::migrator(m_recorder, linear()).downgrade("-1");
    EXPECT_EQ(flatten(offline), m_recorder.executed());

    m_recorder.clear();
    offline = strata::offline_downgrade(graph, m_dialect, posts_id, "base");
    strata::migrator(m_recorder, linear()).downgrade("base");
    EXPECT_EQ(flatten(offline), m_recorder.executed());
    EXPECT_EQ(offline.back().transition, "a1b2c3d4e5f6 -> base");
}

TEST_F(OfflineSql, ThroughAMergeEqualsOnline) {
    const strata::revision_graph graph(merged());
    const auto offline = strata::offline_upgrade(graph, m_dialect, "base", "head");
    strata::migrator(m_recorder, merged()).upgrade("head");
    EXPECT_EQ(flatten(offline), m_recorder.executed());

    m_recorder.clear();
    const auto back = strata::offline_downgrade(graph, m_dialect, "head", "tagging");
    strata::migrator(m_recorder, merged()).downgrade("tagging");
    EXPECT_EQ(flatten(back), m_recorder.executed());
}

TEST_F(OfflineSql, SchemaAtEqualsTheMigratedDatabase) {
    const strata::revision_graph graph(merged());
    strata::migrator(*m_db, merged()).upgrade("head");
    EXPECT_EQ(strata::schema_at(graph, graph.heads()), strata::introspect(*m_db));
    EXPECT_EQ(strata::schema_at(graph, {}), strata::schema{});
}

TEST_F(OfflineSql, ScriptText) {
    const strata::revision_graph graph(linear());
    EXPECT_EQ(strata::render_sql_script(
                  strata::offline_upgrade(graph, m_dialect, "b7c8d9e0f1a2", "c3d4")),
              "-- Running upgrade b7c8d9e0f1a2 -> c3d4e5f6a7b8, seed admin\n"
              "BEGIN;\n"
              "INSERT INTO users (id, email) VALUES (1, 'admin@example.com');\n"
              "DELETE FROM \"strata_version\" WHERE version_num = 'b7c8d9e0f1a2';\n"
              "INSERT INTO \"strata_version\" (version_num) VALUES ('c3d4e5f6a7b8');\n"
              "COMMIT;\n\n");
    EXPECT_TRUE(strata::offline_upgrade(graph, m_dialect, "head", "head").empty());
}

TEST_F(OfflineSql, Errors) {
    const strata::revision_graph graph(linear());
    EXPECT_THROW_MSG((void)strata::offline_downgrade(graph, m_dialect, users_id, "head"),
                     strata::revision_error,
                     "cannot downgrade from 'a1b2c3d4e5f6' to 'head': revision 'c3d4e5f6a7b8' is "
                     "not below 'a1b2c3d4e5f6'; write the range as NEWER:OLDER");
    EXPECT_THROW_MSG((void)strata::offline_upgrade(graph, m_dialect, "base", "nope"),
                     strata::revision_error, "unknown revision 'nope'");
    const strata::revision_graph no_downgrade({strata::testing::make_revision(
        users_id, {}, "create users", "2024-01-01 10:00:00", create_users_up, nullptr)});
    EXPECT_THROW_MSG((void)strata::offline_downgrade(no_downgrade, m_dialect, "head", "base"),
                     strata::migration_error,
                     "revision 'a1b2c3d4e5f6' (\"create users\") failed: it has no downgrade "
                     "function");
}

} // namespace
