// A fleet of instances against one MariaDB database: 16 processes upgrade a fresh database
// at once (GET_LOCK serialises them, each revision applied once), and a process killed
// while it holds the migration lock leaves nothing to repair.

#include "my_test_server.hpp"
#include "test_revisions.hpp"

#include "strata/connection.hpp"
#include "strata/error.hpp"
#include "strata/migrator.hpp"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {
using namespace strata::dsl;
using strata::operations;
using strata::revision;
using strata::row;
using MyConcurrency = strata::testing::mysql_test;
using rows = std::vector<row>;
using ids = std::vector<std::string>;

using strata::testing::make_revision;

// Every upgrade writes one row to `log`: a revision applied twice shows up as a
// duplicate, a lost one as a missing row.
namespace first {
void upgrade(operations& op) {
    op.create_table("log", {col("revision", string(32)), col("pid", int64())});
    op.execute("INSERT INTO log VALUES ('first', CONNECTION_ID())");
}
void downgrade(operations& op) {
    op.drop_table("log");
}
} // namespace first
namespace second {
void upgrade(operations& op) {
    op.create_table("numbers", {col("n", int64()).primary_key(),
                                col("kind", enumeration("number_kind", {"odd", "even"}))});
    // Enough work that the others really queue behind the lock.
    op.execute("INSERT INTO numbers SELECT seq, IF(seq % 2 = 0, 'even', 'odd') FROM "
               "seq_1_to_20000");
    op.execute("INSERT INTO log VALUES ('second', CONNECTION_ID())");
}
void downgrade(operations& op) {
    op.drop_table("numbers");
}
} // namespace second
namespace third {
void upgrade(operations& op) {
    op.create_index("numbers", idx("ix_numbers_kind", {"kind"}));
    op.add_column("log", col("note", text()).nullable());
    op.execute("INSERT INTO log (revision, pid) VALUES ('third', CONNECTION_ID())");
}
void downgrade(operations& op) {
    op.drop_column("log", "note");
    op.drop_index("numbers", "ix_numbers_kind");
}
} // namespace third

std::vector<revision> fleet_revisions() {
    return {make_revision("0001aaaaaaaa", {}, first::upgrade, first::downgrade),
            make_revision("0002bbbbbbbb", {"0001aaaaaaaa"}, second::upgrade, second::downgrade),
            make_revision("0003cccccccc", {"0002bbbbbbbb"}, third::upgrade, third::downgrade)};
}

// Upgrades @p url to head; the exit status of a child process.
int upgrade_in_child(const std::string& url, const std::vector<revision>& revisions) {
    try {
        auto db = strata::connect(url);
        strata::migrate_options options;
        options.lock_timeout = std::chrono::minutes(3);
        strata::migrator m(*db, revisions, options);
        m.upgrade("head");
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "child %d: %s\n", static_cast<int>(getpid()), e.what());
        return 1;
    }
}

void expect_fleet_done(const std::string& url) {
    auto db = strata::connect(url);
    EXPECT_EQ(db->query("SELECT revision, COUNT(*) FROM log GROUP BY revision ORDER BY 1"),
              (rows{{"first", "1"}, {"second", "1"}, {"third", "1"}}));
    EXPECT_EQ(db->query("SELECT COUNT(*) FROM numbers"), (rows{{"20000"}}));
    EXPECT_EQ(db->query("SELECT revision, COUNT(*) FROM strata_history GROUP BY revision ORDER "
                        "BY 1"),
              (rows{{"0001aaaaaaaa", "1"}, {"0002bbbbbbbb", "1"}, {"0003cccccccc", "1"}}));
    EXPECT_EQ(strata::migrator(*db, fleet_revisions()).current(), ids{"0003cccccccc"});
}

TEST_F(MyConcurrency, SixteenProcessesUpgradeAFreshDatabaseOnce) {
    constexpr int processes = 16;
    const std::string url = db().url();
    int start[2];
    ASSERT_EQ(pipe(start), 0);
    std::vector<pid_t> children;
    for (int i = 0; i < processes; ++i) {
        const pid_t pid = fork();
        ASSERT_GE(pid, 0);
        if (pid == 0) {
            close(start[1]);
            char go = 0;
            // Blocks until the parent releases every child at once.
            const bool released = read(start[0], &go, 1) >= 0;
            _exit(released ? upgrade_in_child(url, fleet_revisions()) : 2);
        }
        children.push_back(pid);
    }
    close(start[0]);
    close(start[1]); // EOF releases every reader together
    for (pid_t pid : children) {
        int status = 0;
        ASSERT_EQ(waitpid(pid, &status, 0), pid);
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
            << "child " << pid << " status " << status;
    }
    expect_fleet_done(url);
}

int g_signal_fd = -1;

// Runs while the migrator holds the lock: tell the parent, then wait to be killed.
void stalls_idle(operations&) {
    const char ready = 'x';
    if (write(g_signal_fd, &ready, 1) != 1) {
        _exit(3);
    }
    for (;;) {
        pause();
    }
}

TEST_F(MyConcurrency, HolderKilledWhileIdleLeavesNoStaleLock) {
    const std::string url = db().url();
    int ready[2];
    ASSERT_EQ(pipe(ready), 0);
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        g_signal_fd = ready[1];
        auto revisions = fleet_revisions();
        revisions[1].upgrade = stalls_idle;
        _exit(upgrade_in_child(url, revisions));
    }
    close(ready[1]);
    char got = 0;
    ASSERT_EQ(read(ready[0], &got, 1), 1) << "the child died before taking the lock";
    close(ready[0]);
    {
        // Proof that the child really holds the lock at this point.
        auto probe = strata::connect(url);
        EXPECT_THROW(probe->lock_migrations(std::chrono::milliseconds(0)),
                     strata::lock_timeout_error);
    }
    ASSERT_EQ(kill(pid, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "status " << status;
    // The next start proceeds, without anyone removing a lock by hand.
    EXPECT_EQ(upgrade_in_child(url, fleet_revisions()), 0);
    expect_fleet_done(url);
}

} // namespace
