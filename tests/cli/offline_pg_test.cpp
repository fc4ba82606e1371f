// Offline mode (--sql) on PostgreSQL emits exactly what online mode executes against a real
// server, and the script, run on an empty database, leaves what online mode leaves.

#include "cli_revisions.hpp"
#include "pg_test_server.hpp"

#include "strata/introspect.hpp"
#include "strata/migrator.hpp"
#include "strata/offline.hpp"
#include "strata/postgresql/dialect.hpp"

#include <gtest/gtest.h>

namespace {
using namespace strata::testing::cli;
using ids = std::vector<std::string>;

// PostgreSQL has no rebuild frame: no before_begin, checks or after_end in its steps.
void expect_no_frame(const std::vector<strata::sql_step>& steps) {
    for (const auto& step : steps) {
        EXPECT_TRUE(step.before_begin.empty() && step.checks.empty() && step.after_end.empty());
    }
}

class OfflinePg : public strata::testing::postgres_test {
protected:
    strata::postgresql::dialect m_dialect;
};

TEST_F(OfflinePg, EqualsWhatOnlineModeExecutes) {
    const strata::revision_graph graph(rebuilding());
    auto conn = strata::connect(db().url());
    recording_connection recorder(*conn);
    const auto up = strata::offline_upgrade(graph, m_dialect, "base", "head");
    strata::migrator(recorder, rebuilding()).upgrade("head");
    expect_no_frame(up);
    EXPECT_EQ(flatten(up), without_duration(recorder.executed()));
    EXPECT_NE(up.at(0).bookkeeping.back().find(m_dialect.current_timestamp_sql()),
              std::string::npos);

    recorder.clear();
    const auto down = strata::offline_downgrade(graph, m_dialect, "head", "base");
    strata::migrator(recorder, rebuilding()).downgrade("base");
    expect_no_frame(down);
    EXPECT_EQ(flatten(down), without_duration(recorder.executed()));
}

TEST_F(OfflinePg, ScriptRunLeavesWhatOnlineModeLeaves) {
    const strata::revision_graph graph(rebuilding());
    const strata::testing::pg_database other(server_url());
    auto scripted = strata::connect(other.url());
    scripted->execute(
        strata::render_sql_script(strata::offline_upgrade(graph, m_dialect, "base", "head")));
    auto online = strata::connect(db().url());
    strata::migrator(*online, rebuilding()).upgrade("head");

    EXPECT_EQ(strata::introspect(*scripted), strata::introspect(*online));
    const auto history = [](strata::connection& conn) {
        return conn.query(
            "SELECT seq, revision, direction, checksum FROM strata_history ORDER BY seq");
    };
    EXPECT_EQ(history(*scripted), history(*online));
    EXPECT_EQ(strata::migrator(*scripted, rebuilding()).current(), ids{posts_fk_id});
}

} // namespace
