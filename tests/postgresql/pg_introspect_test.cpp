// Introspection of tables strata did not create: native spellings map back to the
// portable kinds, and what has no kind keeps its exact spelling.

#include "expect_throw_msg.hpp"
#include "pg_test_server.hpp"

#include "strata/connection.hpp"
#include "strata/error.hpp"
#include "strata/introspect.hpp"

#include <gtest/gtest.h>

namespace {
using namespace strata::dsl;
using PgIntrospect = strata::testing::postgres_test;

TEST_F(PgIntrospect, MapsHandWrittenTables) {
    auto conn = strata::connect(db().url());
    conn->execute(R"(
        CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
        CREATE TABLE people (
            id SERIAL PRIMARY KEY,
            name CHARACTER VARYING(30) NOT NULL DEFAULT 'nobody',
            mood mood DEFAULT 'ok',
            delta INTEGER NOT NULL DEFAULT -1,
            price NUMERIC(8, 3),
            seen TIMESTAMP WITHOUT TIME ZONE,
            data JSONB,
            opens TIME,
            length INTERVAL,
            token UUID,
            raw JSON,
            CONSTRAINT ck_people_delta CHECK (delta < 10)
        );
        CREATE TABLE strata_version (version_num VARCHAR(32) PRIMARY KEY);
    )");
    strata::table people{
        "people",
        {col("id", int32()).primary_key().autoincrement(),
         col("name", string(30)).server_default("'nobody'"),
         col("mood", enumeration("mood", {"sad", "ok", "happy"})).nullable().server_default("'ok'"),
         col("delta", int32()).server_default("-1"), col("price", decimal(8, 3)).nullable(),
         col("seen", local_timestamp()).nullable(), col("data", json()).nullable(),
         col("opens", time_of_day()).nullable(), col("length", interval()).nullable(),
         col("token", uuid()).nullable(),
         // No schema kind: the PostgreSQL spelling is kept.
         col("raw", sql_type(text(), "JSON")).nullable()}};
    people.checks = {check("ck_people_delta", "delta < 10")};
    EXPECT_EQ(strata::introspect(*conn), strata::schema{{people}});
}

TEST_F(PgIntrospect, RefusesExpressionIndexes) {
    auto conn = strata::connect(db().url());
    conn->execute("CREATE TABLE t (a TEXT NOT NULL); CREATE INDEX ix_t_lower ON t (lower(a))");
    EXPECT_THROW_MSG((void)strata::introspect(*conn), strata::error,
                     "index 'ix_t_lower' on table 't' has expressions or a WHERE clause, which "
                     "strata does not model");
}

} // namespace
