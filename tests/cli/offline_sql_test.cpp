// Offline mode (--sql) emits exactly what online mode executes, for upgrades, downgrades,
// ranges and merges; and schema_at() is the schema online mode leaves behind.

#include "cli_revisions.hpp"
#include "expect_throw_msg.hpp"
#include "temp_dir.hpp"

#include "strata/error.hpp"
#include "strata/fingerprint.hpp"
#include "strata/introspect.hpp"
#include "strata/migrator.hpp"
#include "strata/offline.hpp"
#include "strata/sqlite/dialect.hpp"

#include <gtest/gtest.h>

namespace {
using namespace strata::testing::cli;
using strata::testing::temp_dir;
using ids = std::vector<std::string>;

std::vector<strata::operation> recorded(void (*record)(strata::operations&)) {
    strata::operations ops;
    record(ops);
    return ops.recorded();
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
    EXPECT_EQ(flatten(offline), without_duration(m_recorder.executed()));
    ASSERT_EQ(offline.size(), 3U);
    EXPECT_EQ(offline[0].setup.front(),
              "CREATE TABLE \"strata_version\" (version_num VARCHAR(32) NOT NULL PRIMARY KEY, "
              "chain_digest VARCHAR(64))");
    EXPECT_TRUE(offline[0].setup.back().starts_with("CREATE TABLE \"strata_history\" (\n"));
    EXPECT_TRUE(offline[1].setup.empty());
    EXPECT_EQ(offline[2].bookkeeping.at(1),
              "INSERT INTO \"strata_version\" (version_num) VALUES ('c3d4e5f6a7b8')");
    EXPECT_EQ(offline[2].bookkeeping.at(2),
              "INSERT INTO \"strata_history\" (seq, revision, direction, checksum, applied_at, "
              "duration_ms) SELECT COALESCE(MAX(seq), 0) + 1, 'c3d4e5f6a7b8', 'upgrade', '" +
                  strata::fingerprint(recorded(seed_up)) +
                  "', strftime('%Y-%m-%d %H:%M:%f', 'now'), 0 FROM \"strata_history\"");
    for (const auto& step : offline) {
        EXPECT_TRUE(step.before_begin.empty()) << step.revision; // nothing rebuilds
    }
}

TEST_F(OfflineSql, RangeEqualsOnlineFromThatRevision) {
    strata::migrator(*m_db, linear()).upgrade(users_id);
    const strata::revision_graph graph(linear());
    const auto offline = strata::offline_upgrade(graph, m_dialect, "a1b2", "head");
    strata::migrator(m_recorder, linear()).upgrade("head");
    EXPECT_EQ(flatten(offline), without_duration(m_recorder.executed()));
    EXPECT_EQ(offline.front().revision, posts_id);
    EXPECT_EQ(offline.front().transition, "a1b2c3d4e5f6 -> b7c8d9e0f1a2");
}

TEST_F(OfflineSql, DowngradeEqualsWhatOnlineModeExecutes) {
    strata::migrator(*m_db, linear()).upgrade("head");
    const strata::revision_graph graph(linear());
    auto offline = strata::offline_downgrade(graph, m_dialect, "head", "-1");
    strata::migrator(m_recorder, linear()).downgrade("-1");
    EXPECT_EQ(flatten(offline), without_duration(m_recorder.executed()));

    m_recorder.clear();
    offline = strata::offline_downgrade(graph, m_dialect, posts_id, "base");
    strata::migrator(m_recorder, linear()).downgrade("base");
    EXPECT_EQ(flatten(offline), without_duration(m_recorder.executed()));
    EXPECT_EQ(offline.back().transition, "a1b2c3d4e5f6 -> base");
}

TEST_F(OfflineSql, ThroughAMergeEqualsOnline) {
    const strata::revision_graph graph(merged());
    const auto offline = strata::offline_upgrade(graph, m_dialect, "base", "head");
    // The replay, as the script has it: a new database would otherwise be created at head
    // in one step (fresh_database_test.cpp compares that one with the replay).
    strata::migrate_options replay;
    replay.create_fresh_at_head = false;
    strata::migrator(m_recorder, merged(), replay).upgrade("head");
    EXPECT_EQ(flatten(offline), without_duration(m_recorder.executed()));

    m_recorder.clear();
    const auto back = strata::offline_downgrade(graph, m_dialect, "head", "tagging");
    strata::migrator(m_recorder, merged()).downgrade("tagging");
    EXPECT_EQ(flatten(back), without_duration(m_recorder.executed()));
}

TEST_F(OfflineSql, RebuildsAndHandWrittenSqlEqualOnline) {
    const strata::revision_graph graph(rebuilding());
    const auto offline = strata::offline_upgrade(graph, m_dialect, "base", "head");
    strata::migrator(m_recorder, rebuilding()).upgrade("head");
    EXPECT_EQ(flatten(offline), without_duration(m_recorder.executed()));

    ASSERT_EQ(offline.size(), 5U);
    const auto frame = m_dialect.frame_for_rebuild();
    const auto& widen = offline[3];
    EXPECT_EQ(widen.revision, widen_id);
    EXPECT_EQ(widen.before_begin, ids{"PRAGMA foreign_keys = OFF"});
    EXPECT_EQ(widen.checks, ids{"PRAGMA foreign_key_check"});
    EXPECT_EQ(widen.after_end, frame.after_end);
    EXPECT_EQ(widen.statements.front(), "UPDATE users SET email = lower(email)");
    // One rebuild that copies the column added just before it.
    const auto copies =
        std::count_if(widen.statements.begin(), widen.statements.end(),
                      [](const auto& sql) { return sql.starts_with("INSERT INTO"); });
    EXPECT_EQ(copies, 1);
    EXPECT_NE(std::find_if(widen.statements.begin(), widen.statements.end(),
                           [](const auto& sql) {
                               return sql.find("age") != std::string::npos &&
                                      sql.find("VARCHAR(255)") != std::string::npos;
                           }),
              widen.statements.end());
    EXPECT_FALSE(offline[4].transactional);
    EXPECT_EQ(offline[4].before_begin, frame.before_begin);
    EXPECT_TRUE(offline[2].before_begin.empty());

    m_recorder.clear();
    const auto back = strata::offline_downgrade(graph, m_dialect, "head", seed_id);
    strata::migrator(m_recorder, rebuilding()).downgrade(seed_id);
    EXPECT_EQ(flatten(back), without_duration(m_recorder.executed()));
    EXPECT_EQ(back.at(1).before_begin, frame.before_begin);
}

// The script itself, run on an empty database, leaves what online mode leaves: the same
// schema, version rows and history (but for the durations).
TEST_F(OfflineSql, ScriptRunLeavesWhatOnlineModeLeaves) {
    const strata::revision_graph graph(rebuilding());
    auto scripted = strata::connect(m_dir.sqlite_url("scripted.db"));
    scripted->execute(
        strata::render_sql_script(strata::offline_upgrade(graph, m_dialect, "base", "head")));
    strata::migrator(*m_db, rebuilding()).upgrade("head");

    EXPECT_EQ(strata::introspect(*scripted), strata::introspect(*m_db));
    const auto history = [](strata::connection& db) {
        return db.query("SELECT seq, revision, direction, checksum FROM strata_history ORDER BY "
                        "seq");
    };
    EXPECT_EQ(history(*scripted), history(*m_db));
    EXPECT_EQ(history(*scripted).size(), 5U);
    EXPECT_EQ(strata::migrator(*scripted, rebuilding()).current(), ids{posts_fk_id});
    EXPECT_EQ(scripted->query("SELECT COUNT(*) FROM strata_history WHERE applied_at LIKE "
                              "'20__-__-__ __:__:__.___' AND duration_ms = 0"),
              (std::vector<strata::row>{{"5"}}));
    EXPECT_EQ(scripted->query("PRAGMA foreign_keys"), (std::vector<strata::row>{{"1"}}));
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
              "INSERT INTO \"strata_history\" (seq, revision, direction, checksum, applied_at, "
              "duration_ms) SELECT COALESCE(MAX(seq), 0) + 1, 'c3d4e5f6a7b8', 'upgrade', '" +
                  strata::fingerprint(recorded(seed_up)) +
                  "', strftime('%Y-%m-%d %H:%M:%f', 'now'), 0 FROM \"strata_history\";\n"
                  "COMMIT;\n\n");
    EXPECT_TRUE(strata::offline_upgrade(graph, m_dialect, "head", "head").empty());
}

TEST_F(OfflineSql, ScriptTextWithARebuildFrame) {
    const strata::revision_graph graph(rebuilding());
    const auto script =
        strata::render_sql_script(strata::offline_upgrade(graph, m_dialect, seed_id, "head"));
    EXPECT_TRUE(script.starts_with("-- Running upgrade c3d4e5f6a7b8 -> d4e5f6a7b8c9, widen email\n"
                                   "PRAGMA foreign_keys = OFF;\n"
                                   "BEGIN;\n"
                                   "UPDATE users SET email = lower(email);\n"))
        << script;
    EXPECT_NE(script.find("-- must return no rows:\n"
                          "PRAGMA foreign_key_check;\n"
                          "DELETE FROM \"strata_version\" WHERE version_num = 'c3d4e5f6a7b8';\n"),
              std::string::npos)
        << script;
    EXPECT_NE(script.find("COMMIT;\n"
                          "PRAGMA legacy_alter_table = OFF;\n"
                          "PRAGMA foreign_keys = ON;\n\n"
                          "-- Running upgrade d4e5f6a7b8c9 -> e5f6a7b8c9d0, posts reference users\n"
                          "PRAGMA foreign_keys = OFF;\n"
                          "-- outside a transaction:\n"
                          "DELETE FROM posts WHERE user_id NOT IN (SELECT id FROM users);\n"),
              std::string::npos)
        << script;
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
