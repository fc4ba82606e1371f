#include "temp_dir.hpp"
#include "test_revisions.hpp"

#include "strata/sqlite.hpp" // also checks that the umbrella headers compile cleanly

#include <cstdio>
#include <fstream>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {
using namespace strata::dsl;
using strata::operations;
using strata::testing::make_revision;

// Each upgrade writes one row to `log`, so a revision that ran twice shows up as a
// duplicate row (and a lost one as a missing row).
namespace first {
void upgrade(operations& op) {
    op.create_table("log", {col("revision", string(32)), col("pid", int64())});
    op.execute("INSERT INTO log VALUES ('first', 0)");
}
void downgrade(operations& op) {
    op.drop_table("log");
}
} // namespace first

namespace second {
void upgrade(operations& op) {
    op.create_table("numbers", {col("n", int64()).primary_key()});
    // Enough work that the others really queue behind the write lock.
    op.execute("WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 20000) "
               "INSERT INTO numbers SELECT n FROM s");
    op.execute("INSERT INTO log VALUES ('second', 0)");
}
void downgrade(operations& op) {
    op.drop_table("numbers");
}
} // namespace second

namespace third {
void upgrade(operations& op) {
    op.add_column("log", col("note", text()).nullable());
    // A table rebuild: its transaction needs foreign keys off, set before BEGIN.
    op.alter_column("log", col("pid", int64()), col("pid", int64()).nullable());
    op.execute("INSERT INTO log (revision, pid) VALUES ('third', 0)");
}
void downgrade(operations& op) {
    op.alter_column("log", col("pid", int64()).nullable(), col("pid", int64()));
    op.drop_column("log", "note");
}
} // namespace third

std::vector<strata::revision> revisions() {
    return {make_revision("0001aaaaaaaa", {}, "first", "2024-01-01 00:00:00", first::upgrade,
                          first::downgrade),
            make_revision("0002bbbbbbbb", {"0001aaaaaaaa"}, "second", "2024-01-02 00:00:00",
                          second::upgrade, second::downgrade),
            make_revision("0003cccccccc", {"0002bbbbbbbb"}, "third", "2024-01-03 00:00:00",
                          third::upgrade, third::downgrade)};
}

// Runs in a forked child: never returns into GoogleTest.
// Writes its log lines to @p log_file, with the defaults otherwise (lock_timeout).
[[noreturn]] void child_main(int start_fd, const std::string& url, const std::string& log_file) {
    char go = 0;
    // Block until the parent releases every child at once.
    const bool released = read(start_fd, &go, 1) >= 0;
    close(start_fd);
    int status = released ? 0 : 2;
    try {
        std::FILE* log = std::fopen(log_file.c_str(), "w");
        strata::migrate_options options;
        options.log = [log](std::string_view line) {
            std::fprintf(log, "%.*s\n", static_cast<int>(line.size()), line.data());
            std::fflush(log);
        };
        auto db = strata::connect(url); // the defaults an application gets
        strata::migrator m(*db, revisions(), options);
        m.upgrade("head");
        std::fclose(log);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "child %d: %s\n", static_cast<int>(getpid()), e.what());
        status = 1;
    }
    _exit(status);
}

// Issue 15: 16 starters on a loaded 2-core machine took 26.9 s of the old fixed 30 s, and
// a waiting starter said nothing. With the defaults, 32 starters queue up, and each one
// that waits says so once.
TEST(Concurrency, ThirtyTwoProcessesUpgradeTheSameFileOnce) {
    constexpr int processes = 32;
    for (int round = 0; round < 1; ++round) {
        strata::testing::temp_dir dir;
        const std::string url = dir.sqlite_url("shared.db");
        int start[2];
        ASSERT_EQ(pipe(start), 0);
        std::vector<pid_t> children;
        for (int i = 0; i < processes; ++i) {
            const pid_t pid = fork();
            ASSERT_GE(pid, 0);
            if (pid == 0) {
                close(start[1]);
                child_main(start[0], url, (dir / ("log" + std::to_string(i))).string());
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

        int waited = 0;
        for (int i = 0; i < processes; ++i) {
            std::ifstream in(dir / ("log" + std::to_string(i)));
            int waits = 0;
            for (std::string line; std::getline(in, line);) {
                if (line.starts_with("waiting for the write lock on '" + url +
                                     "': another instance is migrating it (waiting up to 120 s")) {
                    ++waits;
                }
            }
            EXPECT_LE(waits, 1) << "child " << i << " said it waits more than once";
            waited += waits;
        }
        EXPECT_GE(waited, 1) << "32 starters released together, and none waited?";

        auto db = strata::connect(url);
        EXPECT_EQ(db->query("SELECT revision, COUNT(*) FROM log GROUP BY revision ORDER BY 1"),
                  (std::vector<strata::row>{{std::string("first"), std::string("1")},
                                            {std::string("second"), std::string("1")},
                                            {std::string("third"), std::string("1")}}));
        EXPECT_EQ(db->query("SELECT COUNT(*) FROM numbers"),
                  std::vector<strata::row>{{std::string("20000")}});
        EXPECT_EQ(strata::migrator(*db, revisions()).current(),
                  std::vector<std::string>{"0003cccccccc"});
        // The history table saw each upgrade exactly once, in order.
        EXPECT_EQ(
            db->query("SELECT revision, direction FROM strata_history ORDER BY seq"),
            (std::vector<strata::row>{{std::string("0001aaaaaaaa"), std::string("upgrade")},
                                      {std::string("0002bbbbbbbb"), std::string("upgrade")},
                                      {std::string("0003cccccccc"), std::string("upgrade")}}));
    }
}

} // namespace
