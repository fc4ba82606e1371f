#include "schema_printer.hpp"
#include "temp_dir.hpp"
#include "test_revisions.hpp"

#include "strata/connection.hpp"
#include "strata/introspect.hpp"
#include "strata/migrator.hpp"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
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
using strata::testing::temp_dir;

constexpr int seeded_rows = 20000;

std::string series(int n) {
    return "WITH RECURSIVE s(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM s WHERE value < " +
           std::to_string(n) + ") ";
}

namespace seed {
void upgrade(operations& op) {
    op.create_table(
        "items", {col("id", int64()).primary_key(), col("name", string(40)), col("qty", int32())});
    strata::table tags{"tags", {col("id", int64()).primary_key(), col("item_id", int64())}};
    tags.foreign_keys = {fk("fk_tags_item_id_items", {"item_id"}, "items", {"id"},
                            strata::referential_action::cascade)};
    op.create_table(tags);
    op.execute(series(seeded_rows) +
               "INSERT INTO items SELECT value, 'item ' || value, value % 97 FROM s");
    op.execute(series(seeded_rows) + "INSERT INTO tags SELECT value, value FROM s");
}
void downgrade(operations& op) {
    op.drop_table("tags");
    op.drop_table("items");
}
} // namespace seed

// A long upgrade: several rebuilds of both tables and data changes, each revision its
// own transaction, so a kill lands between revisions as well as inside one.
namespace widen {
void upgrade(operations& op) {
    op.alter_column("items", col("name", string(40)), col("name", string(200)));
    op.create_index("items", idx("ix_items_qty", {"qty"}));
}
void downgrade(operations& op) {
    op.drop_index("items", "ix_items_qty");
    op.alter_column("items", col("name", string(200)), col("name", string(40)));
}
} // namespace widen

namespace price {
void upgrade(operations& op) {
    op.add_column("items", col("price", decimal(10, 2)).server_default("0"));
    op.execute("UPDATE items SET price = qty * 1.5");
    op.add_check("items", check("ck_items_qty", "qty >= 0"));
}
void downgrade(operations& op) {
    op.drop_check("items", "ck_items_qty");
    op.drop_column("items", "price");
}
} // namespace price

namespace tags_label {
void upgrade(operations& op) {
    op.add_column("tags", col("label", text()).server_default("'none'"));
    op.alter_column("tags", col("item_id", int64()), col("item_id", int64()).nullable());
    op.add_unique("items", unique("uq_items_name", {"name"}));
}
void downgrade(operations& op) {
    op.drop_unique("items", "uq_items_name");
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

strata::schema head_model() {
    strata::schema s;
    for (const auto& rev : revisions()) {
        operations op;
        rev.upgrade(op);
        for (const auto& o : op.recorded()) {
            strata::apply(s, o);
        }
    }
    return s;
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

TEST(KillTest, SigkillAtRandomMomentsNeverLosesRowsOrBlocksTheNextStart) {
    temp_dir dir;
    const auto seeded = dir / "seeded.db";
    const auto file = dir / "test.db";
    {
        auto db = strata::connect("sqlite:///" + seeded.string());
        strata::migrator(*db, revisions()).upgrade("k001seed0000");
    }
    // How long a whole upgrade takes here (the faster of two runs, the first warms the
    // caches), so that kills spread over all of it.
    std::chrono::microseconds full = std::chrono::hours(1);
    for (int run = 0; run < 2; ++run) {
        std::filesystem::remove(file);
        std::filesystem::copy_file(seeded, file);
        const auto started = std::chrono::steady_clock::now();
        const pid_t calibration = spawn_upgrade("sqlite:///" + file.string());
        ASSERT_GT(calibration, 0);
        int status = 0;
        ASSERT_EQ(waitpid(calibration, &status, 0), calibration);
        ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        full = std::min(full, std::chrono::duration_cast<std::chrono::microseconds>(
                                  std::chrono::steady_clock::now() - started));
    }
    int status = 0;

    const auto expected = head_model();
    const unsigned seed = 20240607;
    std::mt19937 random(seed);
    std::uniform_int_distribution<long long> moment(0, full.count() * 11 / 10);
    constexpr int trials = 32;
    int interrupted = 0;
    int mid_transaction = 0;
    for (int trial = 0; trial < trials; ++trial) {
        const auto delay = std::chrono::microseconds(moment(random));
        SCOPED_TRACE("seed " + std::to_string(seed) + ", trial " + std::to_string(trial) +
                     ", kill after " + std::to_string(delay.count()) + " us of " +
                     std::to_string(full.count()));
        std::filesystem::remove(file);
        std::filesystem::remove(dir / "test.db-journal");
        std::filesystem::copy_file(seeded, file);
        const std::string url = "sqlite:///" + file.string();
        const pid_t pid = spawn_upgrade(url);
        ASSERT_GT(pid, 0);
        std::this_thread::sleep_for(delay);
        kill(pid, SIGKILL);
        ASSERT_EQ(waitpid(pid, &status, 0), pid);
        if (std::filesystem::exists(dir / "test.db-journal")) {
            ++mid_transaction; // killed inside a revision's transaction: a hot journal
        }
        if (WIFSIGNALED(status)) {
            ++interrupted;
        } else {
            ASSERT_EQ(WEXITSTATUS(status), 0) << "the child failed by itself";
        }

        // A fresh start: rolls back whatever the killed process left, then reaches head.
        auto db = strata::connect(url);
        strata::migrator m(*db, revisions());
        m.upgrade();
        EXPECT_EQ(m.current(), std::vector<std::string>{"k004label000"});
        EXPECT_EQ(strata::introspect(*db), expected);
        EXPECT_EQ(db->query("SELECT COUNT(*), SUM(id), SUM(qty) FROM items"),
                  (std::vector<row>{{std::to_string(seeded_rows),
                                     std::to_string(seeded_rows * (seeded_rows + 1LL) / 2),
                                     "959307"}})); // sum of id % 97
        EXPECT_EQ(db->query("SELECT COUNT(*) FROM tags WHERE item_id = id"),
                  (std::vector<row>{{std::to_string(seeded_rows)}}));
        EXPECT_TRUE(db->query("PRAGMA foreign_key_check").empty());
        EXPECT_EQ(db->query("PRAGMA integrity_check"), std::vector<row>{{"ok"}});
        // Each revision ran to its end exactly once, whatever the kills interrupted.
        EXPECT_EQ(db->query("SELECT revision, COUNT(*) FROM strata_history WHERE direction = "
                            "'upgrade' GROUP BY revision ORDER BY revision"),
                  (std::vector<row>{{"k001seed0000", "1"},
                                    {"k002widen000", "1"},
                                    {"k003price000", "1"},
                                    {"k004label000", "1"}}));
    }
    // Kills must land mid-upgrade and inside transactions, or the test proves little.
    std::printf("kill test: seed %u, %d trials, %d interrupted, %d inside a transaction\n", seed,
                trials, interrupted, mid_transaction);
    EXPECT_GE(interrupted, trials / 4);
    EXPECT_GE(mid_transaction, 1);
}

} // namespace
