// The migrator on MariaDB: revisions up and down with rows, and what happens when a
// revision stops half-way on a database where every DDL statement commits on its own: the
// progress table records each statement, the next start continues where it stopped and
// never runs a statement twice, and what it cannot decide it names, with the fix.

#include "expect_throw_msg.hpp"
#include "my_test_server.hpp"
#include "test_revisions.hpp"

#include "strata/connection.hpp"
#include "strata/error.hpp"
#include "strata/fingerprint.hpp"
#include "strata/introspect.hpp"
#include "strata/migrator.hpp"
#include "strata/mysql.hpp" // also checks that the umbrella header compiles cleanly
#include "strata/offline.hpp"
#include "strata/revision_graph.hpp"

#include <gtest/gtest.h>

namespace {
using namespace strata::dsl;
using strata::operations;
using strata::revision;
using strata::row;
using strata::testing::make_revision;
using MyMigrator = strata::testing::mysql_test;
using rows = std::vector<row>;
using ids = std::vector<std::string>;

namespace create {
void upgrade(operations& op) {
    op.create_table("items", {col("id", int64()).primary_key().autoincrement(),
                              col("name", string(40)), col("qty", int32())});
    op.execute("INSERT INTO items (name, qty) VALUES ('a', 1), ('b', 2), ('c', 3)");
}
void downgrade(operations& op) {
    op.drop_table("items");
}
} // namespace create

// Four statements: two DDL, one data statement, one DDL.
namespace reshape {
void upgrade(operations& op) {
    op.add_column("items", col("price", decimal(10, 2)).server_default("0"));
    op.alter_column("items", col("name", string(40)), col("name", string(200)));
    op.execute("UPDATE items SET price = qty * 1.5");
    op.create_index("items", idx("ix_items_qty", {"qty"}));
}
void downgrade(operations& op) {
    op.drop_index("items", "ix_items_qty");
    op.alter_column("items", col("name", string(200)), col("name", string(40)));
    op.drop_column("items", "price");
}
} // namespace reshape

// Hand-written DDL, whose effect strata cannot read back.
namespace hand_written {
void upgrade(operations& op) {
    op.add_column("items", col("note", text()).nullable());
    op.execute("ALTER TABLE items ADD COLUMN extra INT NULL");
    op.execute("UPDATE items SET note = 'x'");
}
void downgrade(operations& op) {
    op.execute("ALTER TABLE items DROP COLUMN extra");
    op.drop_column("items", "note");
}
} // namespace hand_written

std::vector<revision> revisions() {
    return {make_revision("m001create00", {}, create::upgrade, create::downgrade),
            make_revision("m002reshape0", {"m001create00"}, reshape::upgrade, reshape::downgrade)};
}

std::vector<revision> with_hand_written() {
    auto all = revisions();
    all.push_back(make_revision("m003hand0000", {"m002reshape0"}, hand_written::upgrade,
                                hand_written::downgrade));
    return all;
}

// The statements of @p rev's upgrade on MySQL, as the migrator plans them from @p before.
std::vector<std::string> upgrade_sql(strata::connection& db, const revision& rev) {
    strata::operations op;
    rev.upgrade(op);
    const auto ops = op.recorded();
    return db.sql_dialect().sequence_sql(ops, strata::introspect(db));
}

// Leaves the database as a run killed inside @p rev's upgrade does (the progress table
// exists: an upgrade made it): statements
// [0, done) ran and are recorded 'done'; statement @p running (if any) recorded 'running',
// and run when @p ran.
void interrupt(strata::connection& db, const revision& rev, std::size_t done,
               std::optional<std::size_t> running, bool ran) {
    const auto statements = upgrade_sql(db, rev);
    strata::operations op;
    rev.upgrade(op);
    const auto checksum = strata::fingerprint(op.recorded());
    const auto record = [&](std::size_t i, const char* state) {
        db.execute("INSERT INTO strata_version_progress VALUES ('" + rev.id + "', 'upgrade', " +
                   std::to_string(i) + ", '" + state + "', '" + checksum + "', " +
                   db.sql_dialect().quote_literal(statements.at(i)) + ")");
    };
    for (std::size_t i = 0; i < done; ++i) {
        db.execute(statements.at(i));
        record(i, "done");
    }
    if (running) {
        if (ran) {
            db.execute(statements.at(*running));
        }
        record(*running, "running");
    }
}

rows items(strata::connection& db) {
    return db.query("SELECT id, name, qty, price FROM items ORDER BY id");
}

const rows reshaped = {{"1", "a", "1", "1.50"}, {"2", "b", "2", "3.00"}, {"3", "c", "3", "4.50"}};

TEST_F(MyMigrator, UpgradeAndDowngradeKeepRowsAndRecordHistory) {
    auto db = strata::connect(this->db().url());
    strata::migrator m(*db, revisions());
    m.upgrade();
    EXPECT_EQ(m.current(), ids{"m002reshape0"});
    EXPECT_EQ(items(*db), reshaped);
    // The progress table is empty between revisions and is nobody's model.
    EXPECT_EQ(db->query("SELECT COUNT(*) FROM strata_version_progress"), (rows{{"0"}}));
    for (const auto& t : strata::introspect(*db).tables) {
        EXPECT_NE(t.name, "strata_version_progress");
    }
    EXPECT_EQ(db->query("SELECT revision, direction FROM strata_history ORDER BY seq"),
              (rows{{"m001create00", "upgrade"}, {"m002reshape0", "upgrade"}}));
    m.downgrade("m001create00");
    EXPECT_EQ(db->query("SELECT id, name, qty FROM items ORDER BY id"),
              (rows{{"1", "a", "1"}, {"2", "b", "2"}, {"3", "c", "3"}}));
    m.downgrade("base");
    EXPECT_FALSE(db->has_table("items"));
}

// CREATE TABLE commits on MariaDB even when the table exists, so a run makes the progress
// table (and clears the build digest) once, not once per revision: a second revision in
// the same run creates no table (Com_create_table counts the session's CREATE TABLEs).
TEST_F(MyMigrator, ARunMakesTheProgressTableOnceNotOncePerRevision) {
    const auto creates = [](strata::connection& db) {
        return std::stol(
            db.query("SHOW SESSION STATUS LIKE 'Com_create_table'").at(0).at(1).value_or("0"));
    };
    const auto creates_of_run = [&](const std::string& url, std::string_view target) {
        auto db = strata::connect(url);
        const long before = creates(*db);
        strata::migrator(*db, revisions()).upgrade(target);
        return creates(*db) - before;
    };
    strata::testing::my_database other(server_url());
    const long one_revision = creates_of_run(this->db().url(), "m001create00");
    const long two_revisions = creates_of_run(other.url(), "m002reshape0");
    EXPECT_GE(one_revision, 2); // items and the progress table at least
    EXPECT_EQ(two_revisions, one_revision);
    // Each revision still recorded its statements and cleaned up after itself.
    auto db = strata::connect(other.url());
    EXPECT_EQ(db->query("SELECT COUNT(*) FROM strata_version_progress"), (rows{{"0"}}));
    EXPECT_EQ(items(*db), reshaped);
}

TEST_F(MyMigrator, InterruptedAfterADataStatementContinuesWithoutRepeatingIt) {
    auto db = strata::connect(this->db().url());
    strata::migrator(*db, revisions()).upgrade("m001create00");
    interrupt(*db, revisions()[1], 3, std::nullopt, false); // through the UPDATE
    std::vector<std::string> log;
    strata::migrate_options options;
    options.log = [&](std::string_view line) { log.emplace_back(line); };
    strata::migrator m(*db, revisions(), options);
    m.upgrade();
    EXPECT_EQ(m.current(), ids{"m002reshape0"});
    EXPECT_EQ(items(*db), reshaped); // the UPDATE ran once: 1.5 x qty, not 2.25 x qty
    ASSERT_FALSE(log.empty());
    EXPECT_NE(log.front().find("continuing the upgrade a previous run left after 3 statement(s)"),
              std::string::npos)
        << log.front();
    EXPECT_EQ(db->query("SELECT COUNT(*) FROM strata_version_progress"), (rows{{"0"}}));
    EXPECT_EQ(db->query("SELECT COUNT(*) FROM strata_history WHERE revision = 'm002reshape0'"),
              (rows{{"1"}}));
}

TEST_F(MyMigrator, AStatementRunningAtTheKillIsLookedForInTheDatabase) {
    for (const bool ran : {true, false}) {
        SCOPED_TRACE(ran ? "the statement took effect" : "the statement did not run");
        auto db = strata::connect(this->db().url());
        strata::migrator(*db, revisions()).upgrade("m001create00");
        // Statement 2 (the ALTER of name) was running.
        interrupt(*db, revisions()[1], 1, 1, ran);
        std::vector<std::string> log;
        strata::migrate_options options;
        options.log = [&](std::string_view line) { log.emplace_back(line); };
        strata::migrator m(*db, revisions(), options);
        m.upgrade();
        EXPECT_EQ(items(*db), reshaped);
        const auto said = ran ? "statement 2 had taken effect" : "statement 2 had not run";
        EXPECT_TRUE(std::any_of(log.begin(), log.end(), [&](const std::string& line) {
            return line.find(said) != std::string::npos;
        }));
        strata::migrator(*db, revisions()).downgrade("base");
    }
}

// Found by the kill test under load: the record of a DDL statement went from 'running' to
// 'done' as a DELETE and an INSERT, so a kill between the two left the statement with no
// record at all, and the next start ran it again ("Duplicate column name"). A trigger
// makes every write of a 'done' record for statement 1 fail, as a process killed right
// then would leave it; the next start must find the statement's effect, not run it twice.
TEST_F(MyMigrator, AKillWhileRecordingADdlStatementDoneNeverRunsItTwice) {
    auto db = strata::connect(this->db().url());
    strata::migrator(*db, revisions()).upgrade("m001create00");
    for (const std::string event : {"INSERT", "UPDATE"}) {
        db->execute("CREATE TRIGGER die_" + event + " BEFORE " + event +
                    " ON strata_version_progress FOR EACH ROW BEGIN IF NEW.statement_index = 0 "
                    "AND NEW.state = 'done' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = "
                    "'killed here'; END IF; END");
    }
    EXPECT_THROW(strata::migrator(*db, revisions()).upgrade(), strata::migration_error);
    // The ADD COLUMN ran; its record must still say so (or that it was running).
    EXPECT_TRUE(db->has_column("items", "price"));
    EXPECT_EQ(db->query("SELECT state FROM strata_version_progress WHERE statement_index = 0"),
              (rows{{"running"}}));
    db->execute("DROP TRIGGER die_INSERT");
    db->execute("DROP TRIGGER die_UPDATE");
    strata::migrator(*db, revisions()).upgrade();
    EXPECT_EQ(items(*db), reshaped);
    EXPECT_EQ(db->query("SELECT COUNT(*) FROM strata_version_progress"), (rows{{"0"}}));
}

TEST_F(MyMigrator, HandWrittenDdlOfUnknownOutcomeStopsWithTheFix) {
    auto db = strata::connect(this->db().url());
    strata::migrator(*db, with_hand_written()).upgrade("m002reshape0");
    interrupt(*db, with_hand_written()[2], 1, 1, true); // the hand-written ALTER ran
    const std::string fix_done =
        "UPDATE `strata_version_progress` SET state = 'done' WHERE revision = 'm003hand0000' AND "
        "direction = 'upgrade' AND statement_index = 1;";
    EXPECT_THROW_MSG(strata::migrator(*db, with_hand_written()).upgrade(), strata::migration_error,
                     "revision 'm003hand0000' (\"test\") was interrupted: its statement 2 was "
                     "running when the previous migrator stopped, and whether it took effect "
                     "cannot be read from the database (hand-written SQL). The statements before "
                     "it are done and never run again. Look at the database, record what "
                     "happened in 'strata_version_progress', and start again:\n"
                     "    if it took effect:   " +
                         fix_done);
    // Nothing ran meanwhile; the operator looks, sees the column, and says so.
    EXPECT_TRUE(db->has_column("items", "extra"));
    db->execute(fix_done);
    strata::migrator m(*db, with_hand_written());
    m.upgrade();
    EXPECT_EQ(m.current(), ids{"m003hand0000"});
    EXPECT_EQ(db->query("SELECT COUNT(*) FROM items WHERE note = 'x'"), (rows{{"3"}}));
}

TEST_F(MyMigrator, FailingStatementStopsNamingItAndTheNextStartContinuesThere) {
    auto db = strata::connect(this->db().url());
    strata::migrator(*db, revisions()).upgrade("m001create00");
    // A row the index... no: a row too long for the narrower name makes the downgrade's
    // ALTER fail after the index is gone.
    strata::migrator(*db, revisions()).upgrade();
    db->execute("UPDATE items SET name = REPEAT('x', 100) WHERE id = 2");
    try {
        strata::migrator(*db, revisions()).downgrade("m001create00");
        FAIL() << "the downgrade went through";
    } catch (const strata::migration_error& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("Data too long for column 'name'"), std::string::npos) << message;
        EXPECT_NE(message.find("mysql has no transactional DDL: the statements before this one "
                               "stay applied, recorded in 'strata_version_progress'; the next "
                               "start continues with this statement"),
                  std::string::npos)
            << message;
        EXPECT_NE(message.find("while running: ALTER TABLE `items` MODIFY COLUMN `name`"),
                  std::string::npos)
            << message;
    }
    // Statement 1 (DROP INDEX) is recorded done; the failed one is not recorded at all.
    EXPECT_EQ(db->query("SELECT statement_index, state FROM strata_version_progress"),
              (rows{{"0", "done"}}));
    // Another direction first is refused: the interrupted revision comes first.
    EXPECT_THROW_MSG(strata::migrator(*db, revisions()).upgrade(), strata::revision_error,
                     "the downgrade of revision 'm002reshape0' was interrupted");
    db->execute("UPDATE items SET name = 'b' WHERE id = 2");
    strata::migrator m(*db, revisions());
    m.downgrade("m001create00");
    EXPECT_EQ(m.current(), ids{"m001create00"});
    EXPECT_EQ(db->query("SELECT COUNT(*) FROM strata_history WHERE direction = 'downgrade'"),
              (rows{{"1"}}));
}

TEST_F(MyMigrator, AnEditedRevisionIsNotContinued) {
    auto db = strata::connect(this->db().url());
    strata::migrator(*db, revisions()).upgrade("m001create00");
    interrupt(*db, revisions()[1], 1, std::nullopt, false);
    db->execute("UPDATE strata_version_progress SET checksum = 'changed'");
    EXPECT_THROW_MSG(strata::migrator(*db, revisions()).upgrade(), strata::revision_error,
                     "was interrupted half-way, and its operations changed since");
}

TEST_F(MyMigrator, OfflineScriptRunsOutsideTransactionsButTheBookkeeping) {
    auto db = strata::connect(this->db().url());
    const strata::revision_graph graph(revisions());
    const auto steps = strata::offline_upgrade(graph, db->sql_dialect(), "base", "head");
    ASSERT_EQ(steps.size(), 2u);
    EXPECT_FALSE(steps[1].transactional);
    EXPECT_EQ(steps[1].statements.at(1),
              "ALTER TABLE `items` MODIFY COLUMN `name` VARCHAR(200) NOT NULL");
    const auto script = strata::render_sql_script(steps);
    // The script runs as it is on the server and leaves what the migrator leaves.
    db->execute(script);
    EXPECT_EQ(items(*db), reshaped);
    EXPECT_EQ(strata::migrator(*db, revisions()).current(), ids{"m002reshape0"});
}

} // namespace
