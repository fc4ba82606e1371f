#include "expect_throw_msg.hpp"

#include "strata/error.hpp"
#include "strata/introspect.hpp"
#include "strata/sqlite/connection.hpp"
#include "strata/sqlite/dialect.hpp"

#include <gtest/gtest.h>

namespace {
using namespace strata::dsl;

TEST(Introspect, RoundTripsWhatTheDialectCreates) {
    strata::sqlite::connection db(":memory:");
    const strata::table accounts{"accounts",
                                 {col("tenant", int64()).primary_key(),
                                  col("number", int64()).primary_key(), col("name", string(80)),
                                  col("balance", float64()), col("closed", boolean()),
                                  col("notes", text()).nullable()}};
    const strata::table alpha{"alpha", {col("x", int64()).nullable()}};
    for (const auto& t : {accounts, alpha}) {
        for (const auto& sql : db.sql_dialect().to_sql(strata::ops::create_table{t}, strata::schema{})) {
            db.execute(sql);
        }
    }
    db.execute("CREATE TABLE strata_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)");
    strata::schema expected{{accounts, alpha}};
    expected.normalize();
    EXPECT_EQ(strata::introspect(db), expected);
    EXPECT_NE(strata::introspect(db, "other").find_table("strata_version"), nullptr);
}

TEST(Introspect, Int32ComesBackAsInt64) {
    // SQLite has one integer type; the dialect writes int32 as INTEGER too.
    strata::sqlite::connection db(":memory:");
    db.execute("CREATE TABLE t (small INTEGER NOT NULL, lower varchar(12))");
    EXPECT_EQ(
        strata::introspect(db),
        (strata::schema{{{"t", {col("small", int64()), col("lower", string(12)).nullable()}}}}));
}

TEST(Introspect, SkipsInternalTables) {
    strata::sqlite::connection db(":memory:");
    // AUTOINCREMENT makes SQLite create its internal sqlite_sequence table.
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT)");
    const auto s = strata::introspect(db);
    ASSERT_EQ(s.tables.size(), 1U);
    EXPECT_EQ(s.tables[0].name, "t");
}

TEST(Introspect, UnmodelledTypeIsAnError) {
    strata::sqlite::connection db(":memory:");
    db.execute("CREATE TABLE files (data BLOB)");
    EXPECT_THROW_MSG((void)strata::introspect(db), strata::error,
                     "column 'files.data' has type 'BLOB', which strata does not model");
}

} // namespace
