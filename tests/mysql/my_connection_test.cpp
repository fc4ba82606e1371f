// The MariaDB Connector/C connection against the real server: URLs, rows, errors with
// SQLSTATE, transactions, the migration lock (GET_LOCK) and databases as schemas.

#include "expect_throw_msg.hpp"
#include "my_test_server.hpp"

#include "strata/connection.hpp"
#include "strata/error.hpp"
#include "strata/mysql/connection.hpp"

#include <gtest/gtest.h>

namespace {
using strata::row;
using MyConnection = strata::testing::mysql_test;
using rows = std::vector<row>;

TEST(MyUrl, MaskPassword) {
    EXPECT_EQ(strata::mask_password("mysql://app:s3cret@db:3306/prod"),
              "mysql://app:***@db:3306/prod");
    EXPECT_EQ(strata::mask_password("mariadb://app:p@ss@db/prod"), "mariadb://app:***@db/prod");
    EXPECT_EQ(strata::mask_password("mysql://app@db/prod?socket=/run/a@b.sock"),
              "mysql://app@db/prod?socket=/run/a@b.sock");
}

TEST(MyUrl, UnreachableServerIsAConnectionErrorWithoutThePassword) {
    // Port 1 on the loopback interface: nothing listens there, so this fails at once.
    const std::string url = "mysql://app:s3cret%21@127.0.0.1:1/prod";
    try {
        (void)strata::connect(url);
        FAIL() << "connected to port 1";
    } catch (const strata::connection_error& e) {
        const std::string message = e.what();
        EXPECT_TRUE(message.starts_with("cannot connect to 'mysql://app:***@127.0.0.1:1/prod': "))
            << message;
        EXPECT_EQ(message.find("s3cret"), std::string::npos) << message;
    }
}

TEST(MyUrl, UnknownParameterAndBadPortAreClearErrors) {
    EXPECT_THROW_MSG((void)strata::connect("mysql://app:pw@127.0.0.1:1/prod?sslmode=x"),
                     strata::error, "unknown parameter 'sslmode' in the MySQL URL");
    EXPECT_THROW_MSG((void)strata::connect("mysql://app:pw@127.0.0.1:port/prod"), strata::error,
                     "the port in the MySQL URL is not a number; expected "
                     "mysql://user:password@host:port/database");
    EXPECT_THROW_MSG((void)strata::connect("mysql://app:pw@[::1]:port/prod"), strata::error,
                     "the port in the MySQL URL is not a number");
}

// A user who forgot the `@host` wrote the password where the port belongs: neither the
// masked URL nor the port error may show it.
TEST(MyUrl, APasswordWithoutItsAtHostIsNeverShown) {
    for (const std::string url : {"mysql://app:Hunter2Secret/db", "mysql://app:Hunter2Secret",
                                  "mariadb://app:Hunter2Secret:3306/db"}) {
        EXPECT_EQ(strata::mask_password(url).find("Hunter2Secret"), std::string::npos) << url;
        try {
            (void)strata::connect(url);
            ADD_FAILURE() << "connected: " << url;
        } catch (const std::exception& e) {
            EXPECT_EQ(std::string(e.what()).find("Hunter2Secret"), std::string::npos) << e.what();
        }
    }
}

// Without a database every statement would fail with "No database selected" (error 1046)
// after `current` had already said "base".
TEST(MyUrl, AUrlWithoutADatabaseIsRefused) {
    for (const std::string url : {"mysql://u:pw@127.0.0.1:1/", "mysql://u:pw@127.0.0.1:1",
                                  "mariadb://u@127.0.0.1/?socket=/run/my.sock"}) {
        SCOPED_TRACE(url);
        EXPECT_THROW_MSG((void)strata::connect(url), strata::error,
                         "the MySQL URL names no database; expected "
                         "mysql://user:password@host:port/database");
    }
}

TEST_F(MyConnection, ConnectsWithBothSchemesAndMasksTheUrl) {
    for (const std::string scheme : {"mysql://", "mariadb://"}) {
        const std::string url = scheme + db().url().substr(db().url().find("://") + 3);
        auto conn = strata::connect(url);
        EXPECT_EQ(conn->sql_dialect().name(), "mysql");
        EXPECT_EQ(conn->display_url(), strata::mask_password(url));
        EXPECT_EQ(conn->display_url().find("strata_test_password"), std::string::npos);
        EXPECT_EQ(conn->query("SELECT DATABASE()"), (rows{{db().name()}}));
    }
}

TEST_F(MyConnection, WrongPasswordIsAConnectionErrorWithoutThePassword) {
    std::string url = db().url();
    const auto at = url.rfind('@');
    const auto colon = url.rfind(':', at);
    url = url.substr(0, colon + 1) + "wrong%40pass" + url.substr(at);
    try {
        (void)strata::connect(url);
        FAIL() << "connected with a wrong password";
    } catch (const strata::connection_error& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("Access denied"), std::string::npos) << message;
        EXPECT_EQ(message.find("wrong"), std::string::npos) << message;
        EXPECT_EQ(e.sqlstate(), "28000");
    }
}

TEST_F(MyConnection, SessionIsStrictUtcAndUtf8mb4) {
    auto conn = strata::connect(db().url());
    const auto settings = conn->query("SELECT @@time_zone, @@character_set_client, "
                                      "FIND_IN_SET('STRICT_ALL_TABLES', @@sql_mode) > 0, "
                                      "FIND_IN_SET('ANSI_QUOTES', @@sql_mode) > 0");
    EXPECT_EQ(settings, (rows{{"+00:00", "utf8mb4", "1", "1"}}));
    conn->execute("CREATE TABLE t (name VARCHAR(3) NOT NULL)");
    // Strict: too long fails instead of being cut.
    EXPECT_THROW_MSG(conn->execute("INSERT INTO t VALUES ('abcd')"), strata::database_error,
                     "Data too long for column 'name'");
    conn->execute("INSERT INTO t VALUES ('\xF0\x9F\x99\x82')"); // four UTF-8 bytes
    EXPECT_EQ(conn->query("SELECT CHAR_LENGTH(name) FROM t"), (rows{{"1"}}));
}

TEST_F(MyConnection, RowsAsTextAndNull) {
    auto conn = strata::connect(db().url());
    EXPECT_EQ(conn->query("SELECT 'a''b\\\\c', NULL, TRUE, CAST(1.5 AS DECIMAL(4,2))"),
              (rows{{std::string("a'b\\c"), std::nullopt, std::string("1"), std::string("1.50")}}));
    EXPECT_THROW_MSG((void)conn->query("SELECT 1; SELECT 2"), strata::database_error,
                     "query() runs exactly one statement");
    EXPECT_EQ(conn->query("SELECT 3"), (rows{{"3"}})); // the session is still usable
    // The dialect's literal survives backslashes and quotes.
    const std::string text = "it's a \\ back'slash";
    EXPECT_EQ(conn->query("SELECT " + conn->sql_dialect().quote_literal(text)), (rows{{text}}));
}

TEST_F(MyConnection, ErrorsKeepSqlstateCodeAndStatement) {
    auto conn = strata::connect(db().url());
    try {
        conn->execute("INSERT INTO missing VALUES (1)");
        FAIL() << "no error";
    } catch (const strata::database_error& e) {
        EXPECT_EQ(e.sqlstate(), "42S02");
        EXPECT_EQ(e.code(), 1146);
        EXPECT_EQ(e.statement(), "INSERT INTO missing VALUES (1)");
        EXPECT_EQ(std::string(e.what()), "mysql error 1146: Table '" + db().name() +
                                             ".missing' doesn't exist (SQLSTATE 42S02)");
    }
    // An error in the second statement of a text surfaces too.
    conn->execute("CREATE TABLE t (id BIGINT PRIMARY KEY)");
    EXPECT_THROW_MSG(conn->execute("INSERT INTO t VALUES (1); INSERT INTO t VALUES (1)"),
                     strata::database_error, "Duplicate entry '1' for key 'PRIMARY'");
    EXPECT_EQ(conn->query("SELECT COUNT(*) FROM t"), (rows{{"1"}}));
}

TEST_F(MyConnection, TransactionsCommitAndRollBack) {
    auto conn = strata::connect(db().url());
    conn->execute("CREATE TABLE t (id BIGINT PRIMARY KEY)");
    conn->begin_exclusive();
    conn->execute("INSERT INTO t VALUES (1)");
    conn->rollback();
    conn->begin_exclusive();
    conn->execute("INSERT INTO t VALUES (2)");
    conn->commit();
    EXPECT_EQ(conn->query("SELECT id FROM t"), (rows{{"2"}}));
    EXPECT_TRUE(conn->has_table("t"));
    EXPECT_FALSE(conn->has_table("u"));
    EXPECT_TRUE(conn->has_column("t", "id"));
    EXPECT_FALSE(conn->has_column("t", "name"));
    conn->rollback(); // nothing open: does nothing
}

TEST_F(MyConnection, ExclusiveTransactionsSerialise) {
    auto first = strata::connect(db().url());
    auto second = strata::connect(db().url());
    first->begin_exclusive();
    EXPECT_FALSE(second->try_begin_exclusive());
    first->commit(); // releases the lock with the transaction
    ASSERT_TRUE(second->try_begin_exclusive());
    second->rollback();
    EXPECT_TRUE(first->try_begin_exclusive());
    first->rollback();
}

TEST_F(MyConnection, MigrationLockIsExclusiveAndBounded) {
    auto first = strata::connect(db().url());
    auto second = strata::connect(db().url());
    first->lock_migrations(std::chrono::seconds(5));
    EXPECT_THROW_MSG(second->lock_migrations(std::chrono::milliseconds(200)),
                     strata::lock_timeout_error,
                     "timed out after 200 ms waiting for the migration lock on '" +
                         strata::mask_password(db().url()) + "' (database '" + db().name() +
                         "'): another instance is migrating this database; start again "
                         "when it is done, or raise the lock timeout (--lock-timeout SECONDS, "
                         "lock_timeout in strata.ini, or migrate_options::lock_timeout)");
    EXPECT_THROW((void)second->lock_migrations(std::chrono::milliseconds(0)),
                 strata::lock_timeout_error);
    // The holder's own transactions nest inside its run's lock.
    first->begin_exclusive();
    first->commit();
    EXPECT_THROW((void)second->lock_migrations(std::chrono::milliseconds(0)),
                 strata::lock_timeout_error);
    first->unlock_migrations();
    second->lock_migrations(std::chrono::milliseconds(0));
    second->unlock_migrations();
}

TEST_F(MyConnection, LockDiesWithItsSession) {
    auto second = strata::connect(db().url());
    {
        auto first = strata::connect(db().url());
        first->lock_migrations(std::chrono::seconds(5));
    } // closed without unlock_migrations()
    second->lock_migrations(std::chrono::seconds(30));
    second->unlock_migrations();
}

TEST_F(MyConnection, UseSchemaCreatesAndSelectsADatabase) {
    auto conn = strata::connect(db().url());
    const std::string other = db().name() + "_app";
    conn->use_schema(other);
    conn->execute("CREATE TABLE t (id BIGINT)");
    // In the new database, not in the test's own (other tests run in parallel: only
    // these two databases are asked about).
    EXPECT_EQ(conn->query("SELECT TABLE_SCHEMA FROM information_schema.TABLES WHERE TABLE_NAME "
                          "= 't' AND TABLE_SCHEMA IN ('" +
                          db().name() + "', '" + other + "')"),
              (rows{{other}}));
    // Locks are per database: another database's migrator does not wait.
    conn->lock_migrations(std::chrono::seconds(1));
    strata::connect(db().url())->lock_migrations(std::chrono::milliseconds(0));
    conn->use_schema(other); // again: already there
    conn->execute("DROP DATABASE " + conn->sql_dialect().quote_identifier(other));
}

TEST_F(MyConnection, DdlLockWaitIsBounded) {
    strata::connect_options options;
    options.ddl_lock_timeout = std::chrono::seconds(1);
    auto holder = strata::connect(db().url());
    auto migrator = strata::connect(db().url(), options);
    holder->execute("CREATE TABLE t (id BIGINT PRIMARY KEY)");
    holder->execute("START TRANSACTION");
    (void)holder->query("SELECT * FROM t"); // a metadata lock until the transaction ends
    EXPECT_THROW_MSG(migrator->execute("ALTER TABLE t ADD COLUMN c INT"),
                     strata::lock_timeout_error, "Lock wait timeout exceeded");
    holder->execute("ROLLBACK");
    migrator->execute("ALTER TABLE t ADD COLUMN c INT");
}

} // namespace
