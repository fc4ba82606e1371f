// SIGKILL at seeded random moments while a migrator upgrades a MariaDB database through
// multi-statement revisions. MySQL commits every DDL statement on its own, so most kills
// land between two statements of a revision, or inside one: the next start must bring
// every outcome to head, run no statement twice (a repeated ALTER would fail on its
// duplicate column; a repeated UPDATE would change the rows), and lose no row.

#include "my_test_server.hpp"
#include "test_revisions.hpp"

#include "strata/connection.hpp"
#include "strata/introspect.hpp"
#include "strata/migrator.hpp"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <gtest/gtest.h>
#include <random>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace {
using namespace strata::dsl;
using strata::operations;
using strata::row;
using strata::testing::make_revision;
using rows = std::vector<row>;
using MyKillTest = strata::testing::mysql_test;

constexpr int seeded_rows = 20000;

namespace seed {
void upgrade(operations& op) {
    op.create_table(
        "items", {col("id", int64()).primary_key(), col("name", string(40)), col("qty", int32())});
    strata::table tags{"tags", {col("id", int64()).primary_key(), col("item_id", int64())}};
    tags.foreign_keys = {fk("fk_tags_item_id_items", {"item_id"}, "items", {"id"},
                            strata::referential_action::cascade)};
    op.create_table(tags);
    op.execute("INSERT INTO items SELECT seq, 'item ' || seq, seq % 97 FROM seq_1_to_" +
               std::to_string(seeded_rows));
    op.execute("INSERT INTO tags SELECT seq, seq FROM seq_1_to_" + std::to_string(seeded_rows));
}
void downgrade(operations& op) {
    op.drop_table("tags");
    op.drop_table("items");
}
} // namespace seed

// Each revision several statements that copy or rebuild the tables, so a kill lands
// inside a statement as well as between two.
namespace widen {
void upgrade(operations& op) {
    op.alter_column("items", col("name", string(40)), col("name", string(200)));
    op.create_index("items", idx("ix_items_qty", {"qty"}));
    op.add_column("items", col("code", string(20)).nullable());
    op.execute("UPDATE items SET code = 'c' || id");
}
void downgrade(operations& op) {
    op.drop_column("items", "code");
    op.drop_index("items", "ix_items_qty");
    op.alter_column("items", col("name", string(200)), col("name", string(40)));
}
} // namespace widen

namespace price {
void upgrade(operations& op) {
    op.add_column("items", col("price", decimal(10, 2)).server_default("0"));
    op.execute("UPDATE items SET price = qty * 1.5");
    op.add_check("items", check("ck_items_qty", "qty >= 0"));
    op.alter_column("items", col("qty", int32()), col("qty", int64()));
}
void downgrade(operations& op) {
    op.alter_column("items", col("qty", int64()), col("qty", int32()));
    op.drop_check("items", "ck_items_qty");
    op.drop_column("items", "price");
}
} // namespace price

namespace tags_label {
void upgrade(operations& op) {
    op.add_column("tags", col("label", string(30)).server_default("'none'"));
    op.alter_column("tags", col("item_id", int64()), col("item_id", int64()).nullable());
    op.add_unique("items", unique("uq_items_code", {"code"}));
    op.execute("UPDATE tags SET label = 'tag ' || id");
}
void downgrade(operations& op) {
    op.drop_unique("items", "uq_items_code");
    op.alter_column("tags", col("item_id", int64()).nullable(), col("item_id", int64()));
    op.drop_column("tags", "label");
}
} // namespace tags_label

std::vector<strata::revision> revisions() {
    return {make_revision("k001seed0000", {}, "seed", "2024-01-01 00:00:00", seed::upgrade,
                          seed::downgrade),
            make_revision("k002widen000", {"k001seed0000"}, "widen", "2024-01-02 00:00:00",
                          widen::upgrade, widen::downgrade),
            make_revision("k003price000", {"k002widen000"}, "price", "2024-01-03 00:00:00",
                          price::upgrade, price::downgrade),
            make_revision("k004label000", {"k003price000"}, "label", "2024-01-04 00:00:00",
                          tags_label::upgrade, tags_label::downgrade)};
}

// Runs in a forked child: upgrades to head and exits, unless killed first.
[[noreturn]] void child_upgrade(const std::string& url) {
    int status = 0;
    try {
        auto db = strata::connect(url);
        strata::migrator(*db, revisions()).upgrade();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "child: %s\n", e.what());
        status = 1;
    }
    _exit(status);
}

pid_t spawn_upgrade(const std::string& url) {
    const pid_t pid = fork();
    if (pid == 0) {
        child_upgrade(url);
    }
    return pid;
}

// A database at the seed revision: the tables and their rows, before the kills.
void reseed(strata::connection& admin, const std::string& name, const std::string& url) {
    const auto quoted = admin.sql_dialect().quote_identifier(name);
    admin.execute("DROP DATABASE IF EXISTS " + quoted);
    admin.execute("CREATE DATABASE " + quoted);
    auto db = strata::connect(url);
    strata::migrator(*db, revisions()).upgrade("k001seed0000");
}

TEST_F(MyKillTest, SigkillAtRandomMomentsIsAlwaysResumedToHeadWithoutLossOrRepeats) {
    auto admin = strata::connect(server_url());
    const std::string name = db().name() + "_k";
    const std::string url = strata::testing::with_database(db().url(), name);
    // How long the upgrade from the seed takes here (the faster of two runs), so that
    // kills spread over all of it.
    std::chrono::microseconds full = std::chrono::hours(1);
    int status = 0;
    for (int run = 0; run < 2; ++run) {
        reseed(*admin, name, url);
        const auto started = std::chrono::steady_clock::now();
        const pid_t calibration = spawn_upgrade(url);
        ASSERT_GT(calibration, 0);
        ASSERT_EQ(waitpid(calibration, &status, 0), calibration);
        ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        full = std::min(full, std::chrono::duration_cast<std::chrono::microseconds>(
                                  std::chrono::steady_clock::now() - started));
    }
    strata::schema expected;
    {
        auto db = strata::connect(url);
        expected = strata::introspect(*db);
    }

    const unsigned seed = 20261206;
    std::mt19937 random(seed);
    std::uniform_int_distribution<long long> moment(0, full.count() * 11 / 10);
    constexpr int trials = 32;
    int interrupted = 0;
    int mid_revision = 0;
    int mid_statement = 0;
    for (int trial = 0; trial < trials; ++trial) {
        const auto delay = std::chrono::microseconds(moment(random));
        SCOPED_TRACE("seed " + std::to_string(seed) + ", trial " + std::to_string(trial) +
                     ", kill after " + std::to_string(delay.count()) + " us of " +
                     std::to_string(full.count()));
        reseed(*admin, name, url);
        const pid_t pid = spawn_upgrade(url);
        ASSERT_GT(pid, 0);
        std::this_thread::sleep_for(delay);
        kill(pid, SIGKILL);
        ASSERT_EQ(waitpid(pid, &status, 0), pid);
        if (WIFSIGNALED(status)) {
            ++interrupted;
        } else {
            ASSERT_EQ(WEXITSTATUS(status), 0) << "the child failed by itself";
        }

        // A fresh start: continues whatever the killed process left, then reaches head.
        auto db = strata::connect(url);
        if (db->has_table("strata_version_progress") &&
            db->query("SELECT COUNT(*) FROM strata_version_progress") != rows{{"0"}}) {
            ++mid_revision; // killed between two statements of a revision, or inside one
            if (db->query("SELECT COUNT(*) FROM strata_version_progress WHERE state = "
                          "'running'") != rows{{"0"}}) {
                ++mid_statement; // inside one: its effect is looked for in the catalogue
            }
        }
        strata::migrator m(*db, revisions());
        ASSERT_NO_THROW(m.upgrade());
        EXPECT_EQ(m.current(), std::vector<std::string>{"k004label000"});
        EXPECT_EQ(strata::introspect(*db), expected);
        EXPECT_EQ(db->query("SELECT COUNT(*), SUM(id), SUM(qty), SUM(price), "
                            "SUM(code = CONCAT('c', id)) FROM items"),
                  (rows{{std::to_string(seeded_rows),
                         std::to_string(seeded_rows * (seeded_rows + 1LL) / 2), "959307",
                         "1438960.50", std::to_string(seeded_rows)}}));
        EXPECT_EQ(db->query("SELECT COUNT(*) FROM tags WHERE item_id = id AND label = "
                            "CONCAT('tag ', id)"),
                  (rows{{std::to_string(seeded_rows)}}));
        // Each revision ran to its end exactly once, whatever the kills interrupted.
        EXPECT_EQ(db->query("SELECT revision, COUNT(*) FROM strata_history WHERE direction = "
                            "'upgrade' GROUP BY revision ORDER BY revision"),
                  (rows{{"k001seed0000", "1"},
                        {"k002widen000", "1"},
                        {"k003price000", "1"},
                        {"k004label000", "1"}}));
        EXPECT_EQ(db->query("SELECT COUNT(*) FROM strata_version_progress"), (rows{{"0"}}));
        if (HasFailure()) {
            break;
        }
    }
    admin->execute("DROP DATABASE IF EXISTS " + admin->sql_dialect().quote_identifier(name));
    // Kills must land mid-upgrade and between statements of a revision, or the test proves
    // little.
    std::printf("kill test (MariaDB): seed %u, %d trials, %d interrupted, %d inside a revision "
                "(%d inside a statement)\n",
                seed, trials, interrupted, mid_revision, mid_statement);
    EXPECT_GE(interrupted, trials / 4);
    EXPECT_GE(mid_revision, trials / 8);
}

} // namespace
