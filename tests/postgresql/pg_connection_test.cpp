// The libpq connection against the real server: URLs, rows, errors with SQLSTATE,
// transactions, the migration lock and schemas.

#include "expect_throw_msg.hpp"
#include "pg_test_server.hpp"

#include "strata/connection.hpp"
#include "strata/error.hpp"
#include "strata/postgresql/connection.hpp"

#include <gtest/gtest.h>

namespace {
using strata::row;
using strata::testing::with_database;
using PgConnection = strata::testing::postgres_test;
using rows = std::vector<row>;

// The password in @p url; empty when it has none.
std::string password_of(const std::string& url) {
    const auto authority = url.find("://") + 3;
    const auto at = url.rfind('@', url.find('/', authority));
    const auto colon = url.find(':', authority);
    if (at == std::string::npos || at < authority || colon > at) {
        return "";
    }
    return url.substr(colon + 1, at - colon - 1);
}

TEST(PgUrl, MaskPassword) {
    EXPECT_EQ(strata::mask_password("postgresql://app:s3cret@db:5432/prod?schema=x"),
              "postgresql://app:***@db:5432/prod?schema=x");
    EXPECT_EQ(strata::mask_password("postgres://app:p@ss@db/prod"), "postgres://app:***@db/prod");
    EXPECT_EQ(strata::mask_password("postgresql://app@db/prod"), "postgresql://app@db/prod");
    EXPECT_EQ(
        strata::mask_password("postgresql://db/prod?user=app&password=s3cret&sslmode=require"),
        "postgresql://db/prod?user=app&password=***&sslmode=require");
    EXPECT_EQ(strata::mask_password("postgresql://a:b@db/prod?password=s3cret"),
              "postgresql://a:***@db/prod?password=***");
}

TEST(PgUrl, UnreachableServerIsAConnectionErrorWithoutThePassword) {
    // Port 1 on the loopback interface: nothing listens there, so this fails at once.
    const std::string url = "postgresql://app:s3cret%21@127.0.0.1:1/prod?connect_timeout=5";
    try {
        (void)strata::connect(url);
        FAIL() << "connected to port 1";
    } catch (const strata::connection_error& e) {
        const std::string message = e.what();
        EXPECT_TRUE(message.starts_with(
            "cannot connect to 'postgresql://app:***@127.0.0.1:1/prod?connect_timeout=5': "))
            << message;
        EXPECT_EQ(message.find("s3cret"), std::string::npos) << message;
        EXPECT_EQ(e.sqlstate(), "08001");
    }
}

TEST_F(PgConnection, ConnectsWithBothSchemesAndMasksTheUrl) {
    for (const std::string scheme : {"postgresql://", "postgres://"}) {
        const std::string url = scheme + db().url().substr(db().url().find("://") + 3);
        auto conn = strata::connect(url);
        EXPECT_EQ(conn->sql_dialect().name(), "postgresql");
        EXPECT_EQ(conn->query("SELECT 1 + 1"), (rows{{std::string("2")}}));
        EXPECT_EQ(conn->display_url(), strata::mask_password(url));
        if (const auto password = password_of(url); !password.empty()) {
            EXPECT_EQ(conn->display_url().find(password), std::string::npos);
            EXPECT_NE(conn->display_url().find(":***@"), std::string::npos);
        }
    }
}

TEST_F(PgConnection, WrongPasswordIsAConnectionErrorWithoutThePassword) {
    const std::string url = db().url();
    const auto authority = url.find("://") + 3;
    const auto at = url.find('@');
    ASSERT_NE(at, std::string::npos) << "the test server's URL names no user";
    const std::string user = url.substr(authority, url.find_first_of(":@", authority) - authority);
    const std::string wrong =
        url.substr(0, authority) + user + ":not-the-password" + url.substr(at);
    try {
        (void)strata::connect(wrong);
        FAIL() << "connected with a wrong password";
    } catch (const strata::connection_error& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("password authentication failed"), std::string::npos) << message;
        EXPECT_NE(message.find(strata::mask_password(wrong)), std::string::npos) << message;
        EXPECT_EQ(message.find("not-the-password"), std::string::npos) << message;
    }
}

TEST_F(PgConnection, PasswordAsAQueryParameterIsMaskedToo) {
    const std::string url = db().url();
    const auto authority = url.find("://") + 3;
    const auto at = url.find('@');
    ASSERT_NE(at, std::string::npos) << "the test server's URL names no user";
    const std::string user = url.substr(authority, url.find_first_of(":@", authority) - authority);
    const auto query = url.find('?');
    // The same server, the user and a wrong password given as query parameters.
    const std::string wrong = url.substr(0, authority) + url.substr(at + 1, query - at - 1) +
                              "?user=" + user + "&password=wrong-password" +
                              (query == std::string::npos ? "" : "&" + url.substr(query + 1));
    try {
        (void)strata::connect(wrong);
        FAIL() << "connected with a wrong password";
    } catch (const strata::connection_error& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("password=***"), std::string::npos) << message;
        EXPECT_EQ(message.find("wrong-password"), std::string::npos) << message;
    }
}

TEST(PgUrl, MalformedPercentEncodingDoesNotLeakThePassword) {
    // libpq quotes the bad token in its message; strata scrubs it.
    try {
        (void)strata::connect("postgresql://app:s3cret%zz@127.0.0.1:1/prod");
        FAIL() << "connected";
    } catch (const strata::connection_error& e) {
        const std::string message = e.what();
        EXPECT_EQ(message.find("s3cret"), std::string::npos) << message;
        EXPECT_NE(message.find("postgresql://app:***@127.0.0.1:1/prod"), std::string::npos)
            << message;
    }
}

TEST_F(PgConnection, RowsAsTextAndNull) {
    auto conn = strata::connect(db().url());
    EXPECT_EQ(conn->query("SELECT 'a''b', NULL::text, true, 1.5::numeric(4,2)"),
              (rows{{std::string("a'b"), std::nullopt, std::string("t"), std::string("1.50")}}));
    EXPECT_THROW_MSG((void)conn->query("SELECT 1; SELECT 2"), strata::database_error,
                     "cannot insert multiple commands into a prepared statement");
}

TEST_F(PgConnection, ErrorsKeepSqlstateAndStatement) {
    auto conn = strata::connect(db().url());
    try {
        conn->execute("INSERT INTO missing VALUES (1)");
        FAIL() << "no error";
    } catch (const strata::database_error& e) {
        EXPECT_EQ(e.sqlstate(), "42P01");
        EXPECT_EQ(e.statement(), "INSERT INTO missing VALUES (1)");
        EXPECT_STREQ(e.what(),
                     "postgresql error: relation \"missing\" does not exist (SQLSTATE 42P01)");
    }
    conn->execute("CREATE TABLE t (id BIGINT PRIMARY KEY)");
    conn->execute("INSERT INTO t VALUES (1)");
    try {
        conn->execute("INSERT INTO t VALUES (1)");
        FAIL() << "no error";
    } catch (const strata::database_error& e) {
        EXPECT_EQ(e.sqlstate(), "23505");
        EXPECT_NE(std::string(e.what()).find("detail: Key (id)=(1) already exists."),
                  std::string::npos)
            << e.what();
    }
}

TEST_F(PgConnection, TransactionsCommitAndRollBack) {
    auto conn = strata::connect(db().url());
    conn->execute("CREATE TABLE t (id BIGINT PRIMARY KEY)");
    conn->begin_exclusive();
    conn->execute("INSERT INTO t VALUES (1)");
    conn->rollback();
    conn->begin_exclusive();
    conn->execute("INSERT INTO t VALUES (2)");
    conn->commit();
    EXPECT_EQ(conn->query("SELECT id FROM t"), (rows{{std::string("2")}}));
    EXPECT_TRUE(conn->has_table("t"));
    EXPECT_FALSE(conn->has_table("u"));
    conn->rollback(); // nothing open: does nothing
}

TEST_F(PgConnection, CommitOfAFailedTransactionThrows) {
    auto conn = strata::connect(db().url());
    conn->begin_exclusive();
    EXPECT_THROW((void)conn->execute("SELECT * FROM missing"), strata::database_error);
    // PostgreSQL answers COMMIT with ROLLBACK here; that must not pass for a commit.
    EXPECT_THROW_MSG(conn->commit(), strata::database_error,
                     "the transaction was rolled back instead of committed");
}

TEST_F(PgConnection, MigrationLockIsExclusiveAndBounded) {
    auto first = strata::connect(db().url());
    auto second = strata::connect(db().url());
    first->lock_migrations(std::chrono::seconds(5));
    EXPECT_THROW_MSG(second->lock_migrations(std::chrono::milliseconds(200)),
                     strata::lock_timeout_error,
                     "timed out after 200 ms waiting for the migration lock on '" +
                         strata::mask_password(db().url()) +
                         "' (schema 'public'): another instance is migrating this database; "
                         "start again when it is done, or raise the lock timeout "
                         "(--lock-timeout SECONDS, lock_timeout in strata.ini, or "
                         "migrate_options::lock_timeout)");
    EXPECT_THROW((void)second->lock_migrations(std::chrono::milliseconds(0)),
                 strata::lock_timeout_error);
    first->unlock_migrations();
    second->lock_migrations(std::chrono::milliseconds(0));
    second->unlock_migrations();
}

TEST_F(PgConnection, LockDiesWithItsSession) {
    auto second = strata::connect(db().url());
    {
        auto first = strata::connect(db().url());
        first->lock_migrations(std::chrono::seconds(5));
    } // closed without unlock_migrations()
    second->lock_migrations(std::chrono::seconds(30));
    second->unlock_migrations();
}

TEST_F(PgConnection, SchemaFromTheUrl) {
    const std::string url = db().url() + "?schema=app";
    auto conn = strata::connect(url);
    EXPECT_EQ(conn->display_url(), strata::mask_password(url));
    conn->execute("CREATE TABLE t (id BIGINT)");
    auto plain = strata::connect(db().url());
    EXPECT_EQ(plain->query("SELECT table_schema FROM information_schema.tables WHERE "
                           "table_name = 't'"),
              (rows{{std::string("app")}}));
    EXPECT_TRUE(conn->has_table("t"));
    EXPECT_FALSE(plain->has_table("t"));
    // Connecting again finds the schema there.
    EXPECT_TRUE(strata::connect(url)->has_table("t"));
}

TEST_F(PgConnection, SchemaLocksAreSeparate) {
    auto app = strata::connect(db().url() + "?schema=app");
    auto other = strata::connect(db().url() + "?schema=other");
    app->lock_migrations(std::chrono::seconds(1));
    other->lock_migrations(std::chrono::milliseconds(0));
}

TEST(PgSchema, SqliteHasNone) {
    auto conn = strata::connect("sqlite://");
    EXPECT_THROW_MSG(conn->use_schema("app"), strata::error,
                     "cannot use schema 'app' on 'sqlite://': sqlite has no schemas");
}

} // namespace
