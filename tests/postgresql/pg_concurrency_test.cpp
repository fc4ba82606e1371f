// A fleet of instances against one database: 16 processes upgrade a fresh database at
// once, and a process killed while it holds the migration lock leaves nothing to repair.

#include "pg_test_server.hpp"
#include "test_revisions.hpp"

#include "strata/connection.hpp"
#include "strata/error.hpp"
#include "strata/migrator.hpp"
#include "strata/postgresql.hpp" // also checks that the umbrella header compiles cleanly

#include <chrono>
#include <csignal>
#include <cstdio>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace {
using namespace strata::dsl;
using strata::operations;
using strata::revision;
using strata::row;
using PgConcurrency = strata::testing::postgres_test;
using rows = std::vector<row>;
using ids = std::vector<std::string>;

using strata::testing::make_revision;

// Every upgrade writes one row to `log`: a revision applied twice shows up as a
// duplicate, a lost one as a missing row.
namespace first {
void upgrade(operations& op) {
    op.create_table("log", {col("revision", string(32)), col("pid", int64())});
    op.execute("INSERT INTO log VALUES ('first', pg_backend_pid())");
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
    op.execute("INSERT INTO numbers SELECT n, CASE WHEN n % 2 = 0 THEN 'even' ELSE 'odd' END::"
               "number_kind FROM generate_series(1, 20000) AS n");
    op.execute("INSERT INTO log VALUES ('second', pg_backend_pid())");
}
void downgrade(operations& op) {
    op.drop_table("numbers");
}
} // namespace second
namespace third { // outside a transaction, while the others wait for the lock
void upgrade(operations& op) {
    op.execute("DROP INDEX CONCURRENTLY IF EXISTS ix_numbers_kind");
    op.execute("CREATE INDEX CONCURRENTLY ix_numbers_kind ON numbers (kind)");
    op.execute("INSERT INTO log VALUES ('third', pg_backend_pid())");
}
void downgrade(operations& op) {
    op.execute("DROP INDEX CONCURRENTLY IF EXISTS ix_numbers_kind");
}
} // namespace third
namespace fourth {
void upgrade(operations& op) {
    op.add_column("log", col("note", text()).nullable());
    op.execute("INSERT INTO log (revision, pid) VALUES ('fourth', pg_backend_pid())");
}
void downgrade(operations& op) {
    op.drop_column("log", "note");
}
} // namespace fourth

std::vector<revision> fleet_revisions() {
    return {
        make_revision("0001aaaaaaaa", {}, first::upgrade, first::downgrade),
        make_revision("0002bbbbbbbb", {"0001aaaaaaaa"}, second::upgrade, second::downgrade),
        make_revision("0003cccccccc", {"0002bbbbbbbb"}, third::upgrade, third::downgrade, false),
        make_revision("0004dddddddd", {"0003cccccccc"}, fourth::upgrade, fourth::downgrade)};
}

// Upgrades @p url to head; the exit status of a child process.
int upgrade_in_child(const std::string& url, const std::vector<revision>& revisions,
                     bool create_fresh_at_head = true) {
    try {
        auto db = strata::connect(url);
        strata::migrate_options options;
        options.lock_timeout = std::chrono::minutes(2);
        options.create_fresh_at_head = create_fresh_at_head;
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
    EXPECT_EQ(db->query("SELECT revision, count(*) FROM log GROUP BY revision ORDER BY 1"),
              (rows{{"first", "1"}, {"fourth", "1"}, {"second", "1"}, {"third", "1"}}));
    EXPECT_EQ(db->query("SELECT count(*) FROM numbers"), (rows{{"20000"}}));
    EXPECT_EQ(db->query("SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = "
                        "i.indexrelid WHERE c.relname = 'ix_numbers_kind'"),
              (rows{{"t"}}));
    EXPECT_EQ(strata::migrator(*db, fleet_revisions()).current(), ids{"0004dddddddd"});
}

TEST_F(PgConcurrency, SixteenProcessesUpgradeAFreshDatabaseOnce) {
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

// --- a holder killed with SIGKILL -----------------------------------------------------

int g_signal_fd = -1;

namespace stalls_idle {
// Runs while the migrator holds the lock and the revision's transaction is open: tell
// the parent, then wait to be killed.
void upgrade(operations&) {
    const char ready = 'x';
    if (write(g_signal_fd, &ready, 1) != 1) {
        _exit(3);
    }
    for (;;) {
        pause();
    }
}
} // namespace stalls_idle
namespace stalls_in_statement {
void upgrade(operations& op) {
    op.create_table("log", {col("revision", string(32)), col("pid", int64())});
    op.execute("SELECT pg_sleep(3600)");
}
} // namespace stalls_in_statement

// Forks a child that upgrades with @p stalling as its first revision; returns its pid.
pid_t start_stalling_child(const std::string& url, void (*stalling)(operations&), int signal_fd) {
    const pid_t pid = fork();
    if (pid == 0) {
        g_signal_fd = signal_fd;
        auto revisions = fleet_revisions();
        revisions[0].upgrade = stalling;
        // The stall must happen under the lock, inside the revision's transaction: the
        // one-step creation of a new database records every revision before it locks.
        _exit(upgrade_in_child(url, revisions, /*create_fresh_at_head=*/false));
    }
    return pid;
}

void kill_and_reap(pid_t pid) {
    ASSERT_EQ(kill(pid, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "status " << status;
}

TEST_F(PgConcurrency, HolderKilledWhileIdleLeavesNoStaleLock) {
    const std::string url = db().url();
    int ready[2];
    ASSERT_EQ(pipe(ready), 0);
    const pid_t pid = start_stalling_child(url, stalls_idle::upgrade, ready[1]);
    ASSERT_GE(pid, 0);
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
    kill_and_reap(pid);
    // The next start proceeds, without anyone removing a lock by hand.
    EXPECT_EQ(upgrade_in_child(url, fleet_revisions()), 0);
    expect_fleet_done(url);
}

TEST_F(PgConcurrency, HolderKilledDuringAStatementLeavesNoStaleLock) {
    const std::string url = db().url();
    const pid_t pid = start_stalling_child(url, stalls_in_statement::upgrade, -1);
    ASSERT_GE(pid, 0);
    // Wait (bounded) until the child's revision is inside its long statement.
    auto probe = strata::connect(url);
    bool sleeping = false;
    for (int attempt = 0; attempt < 600 && !sleeping; ++attempt) {
        sleeping = !probe
                        ->query("SELECT 1 FROM pg_stat_activity WHERE datname = "
                                "current_database() AND state = 'active' AND query = 'SELECT "
                                "pg_sleep(3600)'")
                        .empty();
        if (!sleeping) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }
    ASSERT_TRUE(sleeping) << "the child never reached its long statement";
    probe.reset();
    kill_and_reap(pid);
    // The server notices the vanished client (client_connection_check_interval), rolls
    // its transaction back and frees the lock; the next start gets it well within its
    // bounded wait, instead of after the hour the statement would have taken.
    EXPECT_EQ(upgrade_in_child(url, fleet_revisions()), 0);
    expect_fleet_done(url);
}

} // namespace
