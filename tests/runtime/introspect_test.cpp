#include "expect_throw_msg.hpp"
#include "schema_printer.hpp"

#include "strata/error.hpp"
#include "strata/introspect.hpp"
#include "strata/sqlite/connection.hpp"
#include "strata/sqlite/dialect.hpp"

#include <gtest/gtest.h>

namespace {
using namespace strata::dsl;
using strata::referential_action;

void create(strata::connection& db, const strata::table& t) {
    for (const auto& sql :
         db.sql_dialect().to_sql(strata::ops::create_table{t}, strata::schema{})) {
        db.execute(sql);
    }
}

// Every feature of the model that SQLite can store.
strata::schema every_feature() {
    strata::table teams{"teams",
                        {col("id", int64()).primary_key().autoincrement(),
                         col("name", string(80)).server_default("'unnamed'")}};
    teams.uniques = {unique("uq_teams_id_name", {"id", "name"})};
    strata::table accounts{
        "accounts",
        {col("tenant", int64()).primary_key(), col("number", int32()).primary_key(),
         col("tiny", int16()), col("ratio", float32()), col("balance", float64()),
         col("closed", boolean()).server_default("0"), col("notes", text()).nullable(),
         col("avatar", binary()).nullable(),
         col("opened", timestamp()).server_default("CURRENT_TIMESTAMP"),
         col("birthday", date()).nullable(), col("amount", decimal(12, 2)),
         col("status", enumeration("account_status", {"open", "frozen", "it's closed"}))
             .server_default("'open'"),
         col("kind", enumeration("", {"a"})), col("doc", sql_type(text(), "JSON")).nullable(),
         col("computed", int64()).server_default("1 + 2"), col("team_id", int64()).nullable(),
         col("team_name", string(80)).nullable(),
         col("code", sql_type(string(12), "VARCHAR(12)")).nullable()}};
    accounts.indexes = {idx("ix_accounts_team_id", {"team_id"}),
                        unique_idx("ux_accounts_tenant_tiny", {"tenant", "tiny"})};
    accounts.uniques = {unique("uq_accounts_number", {"number"}),
                        unique("uq_accounts_team", {"team_id", "team_name"})};
    accounts.foreign_keys = {fk("fk_accounts_team_id_teams", {"team_id"}, "teams", {"id"},
                                referential_action::set_null, referential_action::cascade),
                             fk("fk_accounts_team", {"team_id", "team_name"}, "teams",
                                {"id", "name"}, referential_action::restrict)};
    accounts.checks = {check("ck_accounts_balance", "balance >= 0 AND (ratio < 1.5)"),
                       check("ck_accounts_notes", "notes <> 'it''s'")};
    strata::schema s{{teams, accounts, strata::table{"alpha", {col("x", int64()).nullable()}}}};
    s.normalize();
    return s;
}

TEST(Introspect, RoundTripsEveryFeatureTheDialectCreates) {
    strata::sqlite::connection db(":memory:");
    const auto expected = every_feature();
    for (const auto& t : expected.tables) {
        create(db, t);
    }
    db.execute("CREATE TABLE strata_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)");
    db.execute("CREATE TABLE strata_history (seq BIGINT)");
    EXPECT_EQ(strata::introspect(db), expected);
    const auto all = strata::introspect(db, "other", "another");
    EXPECT_NE(all.find_table("strata_version"), nullptr);
    EXPECT_NE(all.find_table("strata_history"), nullptr);
}

TEST(Introspect, RoundTripsAfterARebuild) {
    // The legacy RENAME rewrites the CREATE TABLE text; it must still read back exactly.
    strata::sqlite::connection db(":memory:");
    auto s = every_feature();
    for (const auto& t : s.tables) {
        create(db, t);
    }
    const strata::operation op =
        strata::ops::add_check{"accounts", check("ck_accounts_tiny", "tiny < 100")};
    for (const auto& sql : db.sql_dialect().to_sql(op, s)) {
        db.execute(sql);
    }
    strata::apply(s, op);
    EXPECT_EQ(strata::introspect(db), s);
}

TEST(Introspect, CommentsAreNotStored) {
    strata::sqlite::connection db(":memory:");
    strata::table t{"t", {col("a", int32()).comment("kept in the models only")}};
    t.comment = "a table";
    create(db, t);
    EXPECT_EQ(strata::introspect(db), (strata::schema{{{"t", {col("a", int32())}}}}));
}

TEST(Introspect, HandWrittenTables) {
    strata::sqlite::connection db(":memory:");
    db.execute("CREATE TABLE p (id INTEGER PRIMARY KEY, code TEXT UNIQUE)");
    db.execute("CREATE TABLE t (small INTEGER NOT NULL, lower varchar( 12 ), "
               "pid int REFERENCES p ON DELETE CASCADE, "
               "CHECK (small > 0), CONSTRAINT named CHECK (lower <> 'x'), "
               "UNIQUE (small, lower))");
    strata::table p{"p",
                    {col("id", int64()).primary_key().nullable(), col("code", text()).nullable()}};
    p.uniques = {unique("uq_p_code", {"code"})};
    strata::table t{"t",
                    {col("small", int64()), col("lower", string(12)).nullable(),
                     col("pid", int32()).nullable()}};
    t.foreign_keys = {fk("fk_t_pid_p", {"pid"}, "p", {"id"}, referential_action::cascade)};
    t.checks = {check("ck_t_1", "small > 0"), check("named", "lower <> 'x'")};
    t.uniques = {unique("uq_t_small_lower", {"small", "lower"})};
    strata::schema expected{{p, t}};
    expected.normalize();
    EXPECT_EQ(strata::introspect(db), expected);
}

TEST(Introspect, SkipsInternalTables) {
    strata::sqlite::connection db(":memory:");
    // AUTOINCREMENT makes SQLite create its internal sqlite_sequence table.
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT)");
    const auto s = strata::introspect(db);
    ASSERT_EQ(s.tables.size(), 1U);
    EXPECT_EQ(s.tables[0].name, "t");
    EXPECT_TRUE(s.tables[0].columns.at(0).autoincrement);
}

TEST(Introspect, UnknownTypesKeepTheirSpelling) {
    // The kind follows SQLite's type affinity rules; the spelling is kept as sql_override.
    strata::sqlite::connection db(":memory:");
    db.execute("CREATE TABLE files (data BYTEA, n NUMERIC(5), tag NVARCHAR(20), x, big INT8)");
    // Held by name: a reference into the temporary introspect() returns would dangle
    // (AddressSanitizer, make test-sanitize).
    const auto schema = strata::introspect(db);
    const auto& columns = schema.tables.at(0).columns;
    using strata::type_kind;
    EXPECT_EQ(columns.at(0).type,
              (strata::column_type{.kind = type_kind::decimal, .sql_override = "BYTEA"}));
    EXPECT_EQ(columns.at(1).type,
              (strata::column_type{.kind = type_kind::decimal, .sql_override = "NUMERIC(5)"}));
    EXPECT_EQ(columns.at(2).type, sql_type(text(), "NVARCHAR(20)"));
    EXPECT_EQ(columns.at(3).type, sql_type(binary(), ""));
    EXPECT_EQ(columns.at(4).type, sql_type(int64(), "INT8"));
}

TEST(Introspect, UnmodelledObjects) {
    strata::sqlite::connection db(":memory:");
    db.execute("CREATE TABLE t (a INT, b TEXT)");
    db.execute("CREATE INDEX ix_plain ON t (a)");
    db.execute("CREATE INDEX ix_partial ON t (a) WHERE a > 0");
    db.execute("CREATE INDEX ix_expression ON t (a + 1)");
    db.execute("CREATE INDEX ix_desc ON t (a DESC)");
    db.execute("CREATE INDEX ix_nocase ON t (b COLLATE NOCASE)");
    db.execute("CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END");
    const auto s = strata::introspect(db);
    EXPECT_EQ(s.tables.at(0).indexes, std::vector<strata::index>{idx("ix_plain", {"a"})});
    const auto objects = strata::unmodelled_objects(db, "t");
    EXPECT_EQ(objects, (std::vector<std::string>{
                           "CREATE INDEX ix_desc ON t (a DESC)",
                           "CREATE INDEX ix_expression ON t (a + 1)",
                           "CREATE INDEX ix_nocase ON t (b COLLATE NOCASE)",
                           "CREATE INDEX ix_partial ON t (a) WHERE a > 0",
                           "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END",
                       }));
}

} // namespace
