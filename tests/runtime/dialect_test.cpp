#include "expect_throw_msg.hpp"

#include "strata/error.hpp"
#include "strata/sqlite/dialect.hpp"

#include <gtest/gtest.h>

namespace {
using namespace strata;
using namespace strata::dsl;
using strings = std::vector<std::string>;

strings sql(const operation& op, const schema& before = {}) {
    return sqlite::dialect().to_sql(op, before);
}

// users(id, email unique, team_id -> teams), with an index and a check: the table most
// rebuild cases start from.
table users_table() {
    table t{"users",
            {col("id", int64()).primary_key(), col("email", string(120)),
             col("team_id", int64()).nullable(), col("score", int32()).server_default("0")}};
    t.indexes = {idx("ix_users_team_id", {"team_id"})};
    t.uniques = {unique("uq_users_email", {"email"})};
    t.foreign_keys = {
        fk("fk_users_team_id_teams", {"team_id"}, "teams", {"id"}, referential_action::set_null)};
    t.checks = {check("ck_users_score", "score >= 0")};
    return t;
}

schema with_users() {
    schema s{{users_table(), table{"teams", {col("id", int64()).primary_key()}}}};
    s.normalize();
    return s;
}

const std::string users_create = "CREATE TABLE \"strata_rebuild_users\" (\n"
                                 "    \"id\" INTEGER NOT NULL,\n"
                                 "    \"email\" VARCHAR(120) NOT NULL,\n"
                                 "    \"team_id\" BIGINT,\n"
                                 "    \"score\" INT NOT NULL DEFAULT 0,\n";

// The statements of a rebuild of users whose CREATE TABLE is @p create and whose copied
// columns are @p copied (target list, source list).
strings users_rebuild(const std::string& create, const std::string& targets,
                      const std::string& sources, const strings& indexes) {
    strings expected{"PRAGMA legacy_alter_table = ON", create,
                     "INSERT INTO \"strata_rebuild_users\" (" + targets + ") SELECT " + sources +
                         " FROM \"users\"",
                     "DROP TABLE \"users\"",
                     "ALTER TABLE \"strata_rebuild_users\" RENAME TO \"users\""};
    expected.insert(expected.end(), indexes.begin(), indexes.end());
    expected.emplace_back("PRAGMA legacy_alter_table = OFF");
    return expected;
}

const std::string all_columns = "\"id\", \"email\", \"team_id\", \"score\"";
const std::string team_index = "CREATE INDEX \"ix_users_team_id\" ON \"users\" (\"team_id\")";

TEST(SqliteDialect, TypeSql) {
    const sqlite::dialect d;
    EXPECT_EQ(d.type_sql(int16()), "SMALLINT");
    EXPECT_EQ(d.type_sql(int32()), "INT");
    EXPECT_EQ(d.type_sql(int64()), "BIGINT");
    EXPECT_EQ(d.type_sql(float32()), "FLOAT");
    EXPECT_EQ(d.type_sql(float64()), "REAL");
    EXPECT_EQ(d.type_sql(boolean()), "BOOLEAN");
    EXPECT_EQ(d.type_sql(string(120)), "VARCHAR(120)");
    EXPECT_EQ(d.type_sql(text()), "TEXT");
    EXPECT_EQ(d.type_sql(binary()), "BLOB");
    EXPECT_EQ(d.type_sql(timestamp()), "TIMESTAMP");
    EXPECT_EQ(d.type_sql(local_timestamp()), "DATETIME");
    EXPECT_EQ(d.type_sql(time_of_day()), "TIME");
    EXPECT_EQ(d.type_sql(interval()), "INTERVAL");
    EXPECT_EQ(d.type_sql(uuid()), "UUID");
    EXPECT_EQ(d.type_sql(json()), "JSON");
    EXPECT_EQ(d.type_sql(date()), "DATE");
    EXPECT_EQ(d.type_sql(decimal(10, 2)), "DECIMAL(10,2)");
    EXPECT_EQ(d.type_sql(enumeration("status", {"a", "b"})), "TEXT");
    EXPECT_EQ(d.type_sql(sql_type(text(), "JSON")), "JSON");
    EXPECT_EQ(d.name(), "sqlite");
}

TEST(SqliteDialect, Quoting) {
    const sqlite::dialect d;
    EXPECT_EQ(d.quote_identifier("users"), "\"users\"");
    EXPECT_EQ(d.quote_identifier("we\"ird"), "\"we\"\"ird\"");
    EXPECT_EQ(d.quote_literal("it's"), "'it''s'");
}

TEST(SqliteDialect, CreateTable) {
    const table users{"users",
                      {col("id", int64()).primary_key(), col("email", string(120)),
                       col("display_name", text()).nullable(), col("score", float64()),
                       col("active", boolean())}};
    EXPECT_EQ(sql(ops::create_table{users}), strings{"CREATE TABLE \"users\" (\n"
                                                     "    \"id\" INTEGER NOT NULL,\n"
                                                     "    \"email\" VARCHAR(120) NOT NULL,\n"
                                                     "    \"display_name\" TEXT,\n"
                                                     "    \"score\" REAL NOT NULL,\n"
                                                     "    \"active\" BOOLEAN NOT NULL,\n"
                                                     "    PRIMARY KEY (\"id\")\n"
                                                     ")"});
}

TEST(SqliteDialect, CreateTableWithEverything) {
    EXPECT_EQ(sql(ops::create_table{users_table()}),
              (strings{"CREATE TABLE \"users\" (\n"
                       "    \"id\" INTEGER NOT NULL,\n"
                       "    \"email\" VARCHAR(120) NOT NULL,\n"
                       "    \"team_id\" BIGINT,\n"
                       "    \"score\" INT NOT NULL DEFAULT 0,\n"
                       "    PRIMARY KEY (\"id\"),\n"
                       "    CONSTRAINT \"uq_users_email\" UNIQUE (\"email\"),\n"
                       "    CONSTRAINT \"fk_users_team_id_teams\" FOREIGN KEY (\"team_id\") "
                       "REFERENCES \"teams\" (\"id\") ON DELETE SET NULL,\n"
                       "    CONSTRAINT \"ck_users_score\" CHECK (score >= 0)\n"
                       ")",
                       team_index}));
}

TEST(SqliteDialect, CreateTableColumnFeatures) {
    const table posts{"posts",
                      {col("id", int32()).primary_key().autoincrement(),
                       col("status", enumeration("post_status", {"draft", "it's live"}))
                           .server_default("'draft'"),
                       col("created", timestamp()).server_default("CURRENT_TIMESTAMP"),
                       col("rank", int64()).server_default("1 + 2").comment("not stored"),
                       col("delta", int16()).server_default("-1")}};
    EXPECT_EQ(sql(ops::create_table{posts}),
              strings{"CREATE TABLE \"posts\" (\n"
                      "    \"id\" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,\n"
                      "    \"status\" TEXT NOT NULL DEFAULT 'draft' CONSTRAINT \"post_status\" "
                      "CHECK (\"status\" IN ('draft', 'it''s live')),\n"
                      "    \"created\" TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,\n"
                      "    \"rank\" BIGINT NOT NULL DEFAULT (1 + 2),\n"
                      "    \"delta\" SMALLINT NOT NULL DEFAULT -1\n"
                      ")"});
}

TEST(SqliteDialect, CreateTableCompositeKey) {
    const table memberships{
        "memberships",
        {col("user_id", int64()).primary_key(), col("group_id", int32()).primary_key()}};
    EXPECT_EQ(sql(ops::create_table{memberships}),
              strings{"CREATE TABLE \"memberships\" (\n"
                      "    \"user_id\" BIGINT NOT NULL,\n"
                      "    \"group_id\" INT NOT NULL,\n"
                      "    PRIMARY KEY (\"user_id\", \"group_id\")\n"
                      ")"});
}

TEST(SqliteDialect, AutoincrementNeedsASingleIntegerKey) {
    const table bad{
        "t", {col("a", int64()).primary_key().autoincrement(), col("b", int64()).primary_key()}};
    EXPECT_THROW_MSG((void)sql(ops::create_table{bad}), error,
                     "column 't.a' is autoincrement, but SQLite can only autoincrement a "
                     "single-column integer primary key");
}

TEST(SqliteDialect, CreateTableWithoutKey) {
    EXPECT_EQ(sql(ops::create_table{table{"log", {col("line", text())}}}),
              strings{"CREATE TABLE \"log\" (\n    \"line\" TEXT NOT NULL\n)"});
}

TEST(SqliteDialect, DropTable) {
    EXPECT_EQ(sql(ops::drop_table{"users"}), strings{"DROP TABLE \"users\""});
}

TEST(SqliteDialect, RenameTable) {
    EXPECT_EQ(sql(ops::rename_table{"users", "people"}),
              strings{"ALTER TABLE \"users\" RENAME TO \"people\""});
}

TEST(SqliteDialect, AddColumn) {
    EXPECT_EQ(sql(ops::add_column{"users", col("nickname", string(40)).nullable()}),
              strings{"ALTER TABLE \"users\" ADD COLUMN \"nickname\" VARCHAR(40)"});
    EXPECT_EQ(sql(ops::add_column{"users", col("age", int32()).server_default("18")}),
              strings{"ALTER TABLE \"users\" ADD COLUMN \"age\" INT NOT NULL DEFAULT 18"});
}

TEST(SqliteDialect, AddColumnSqliteRefusesIsARebuild) {
    // NOT NULL without a default: ALTER TABLE refuses, so the table is rebuilt (the copy
    // fails if rows exist, which is what the generator's backfill rule is about).
    EXPECT_EQ(sql(ops::add_column{"users", col("age", int32())}, with_users()),
              users_rebuild(users_create + "    \"age\" INT NOT NULL,\n"
                                           "    PRIMARY KEY (\"id\"),\n"
                                           "    CONSTRAINT \"uq_users_email\" UNIQUE (\"email\"),\n"
                                           "    CONSTRAINT \"fk_users_team_id_teams\" FOREIGN "
                                           "KEY (\"team_id\") REFERENCES \"teams\" (\"id\") ON "
                                           "DELETE SET NULL,\n"
                                           "    CONSTRAINT \"ck_users_score\" CHECK (score >= "
                                           "0)\n)",
                            all_columns, all_columns, {team_index}));
    const sqlite::dialect d;
    EXPECT_EQ(
        d.rebuilt_table(
            ops::add_column{"users", col("at", timestamp()).server_default("CURRENT_TIMESTAMP")},
            with_users()),
        "users");
    EXPECT_TRUE(d.rebuilt_table(ops::add_column{"users", col("n", int32()).server_default("'x'")},
                                with_users())
                    .empty());
}

TEST(SqliteDialect, DropColumn) {
    EXPECT_EQ(sql(ops::drop_column{"users", "email"}),
              strings{"ALTER TABLE \"users\" DROP COLUMN \"email\""});
    schema s = with_users();
    s.find_table("users")->columns.push_back(col("bio", text()));
    EXPECT_EQ(sql(ops::drop_column{"users", "bio"}, s),
              strings{"ALTER TABLE \"users\" DROP COLUMN \"bio\""});
}

TEST(SqliteDialect, DropColumnUsedByAConstraintIsARebuild) {
    // The index and the foreign key on team_id go with the column.
    EXPECT_EQ(sql(ops::drop_column{"users", "team_id"}, with_users()),
              users_rebuild("CREATE TABLE \"strata_rebuild_users\" (\n"
                            "    \"id\" INTEGER NOT NULL,\n"
                            "    \"email\" VARCHAR(120) NOT NULL,\n"
                            "    \"score\" INT NOT NULL DEFAULT 0,\n"
                            "    PRIMARY KEY (\"id\"),\n"
                            "    CONSTRAINT \"uq_users_email\" UNIQUE (\"email\"),\n"
                            "    CONSTRAINT \"ck_users_score\" CHECK (score >= 0)\n)",
                            "\"id\", \"email\", \"score\"", "\"id\", \"email\", \"score\"", {}));
    // A check that mentions the column goes too.
    const auto dropped = sql(ops::drop_column{"users", "score"}, with_users());
    EXPECT_EQ(dropped.at(1).find("CHECK"), std::string::npos) << dropped.at(1);
}

TEST(SqliteDialect, RenameColumn) {
    EXPECT_EQ(sql(ops::rename_column{"users", "email", "mail"}),
              strings{"ALTER TABLE \"users\" RENAME COLUMN \"email\" TO \"mail\""});
}

TEST(SqliteDialect, AlterColumnIsARebuild) {
    const column from = col("score", int32()).server_default("0");
    const column to = col("points", int64()).nullable();
    const auto result = sql(ops::alter_column{"users", from, to}, with_users());
    EXPECT_EQ(result, users_rebuild("CREATE TABLE \"strata_rebuild_users\" (\n"
                                    "    \"id\" INTEGER NOT NULL,\n"
                                    "    \"email\" VARCHAR(120) NOT NULL,\n"
                                    "    \"team_id\" BIGINT,\n"
                                    "    \"points\" BIGINT,\n"
                                    "    PRIMARY KEY (\"id\"),\n"
                                    "    CONSTRAINT \"uq_users_email\" UNIQUE (\"email\"),\n"
                                    "    CONSTRAINT \"fk_users_team_id_teams\" FOREIGN KEY "
                                    "(\"team_id\") REFERENCES \"teams\" (\"id\") ON DELETE SET "
                                    "NULL,\n"
                                    "    CONSTRAINT \"ck_users_score\" CHECK (score >= 0)\n)",
                                    "\"id\", \"email\", \"team_id\", \"points\"",
                                    "\"id\", \"email\", \"team_id\", \"score\"", {team_index}));
}

TEST(SqliteDialect, AlterColumnCommentOrNameOnlyNeedsNoRebuild) {
    const column score = col("score", int32()).server_default("0");
    column commented = score;
    commented.comment = "points so far";
    EXPECT_EQ(sql(ops::alter_column{"users", score, commented}, with_users()), strings{});
    column renamed = score;
    renamed.name = "points";
    EXPECT_EQ(sql(ops::alter_column{"users", score, renamed}, with_users()),
              strings{"ALTER TABLE \"users\" RENAME COLUMN \"score\" TO \"points\""});
}

TEST(SqliteDialect, AlterColumnOfAMissingTableIsAnError) {
    EXPECT_THROW_MSG((void)sql(ops::alter_column{"ghosts", col("a", int32()), col("a", int64())}),
                     error,
                     "cannot alter column ghosts.a on SQLite: table 'ghosts' is not in the "
                     "database, and SQLite must rebuild the table for this change");
}

TEST(SqliteDialect, Indexes) {
    EXPECT_EQ(sql(ops::create_index{"users", idx("ix_users_a_b", {"a", "b"})}),
              strings{"CREATE INDEX \"ix_users_a_b\" ON \"users\" (\"a\", \"b\")"});
    EXPECT_EQ(sql(ops::create_index{"users", unique_idx("ux_users_a", {"a"})}),
              strings{"CREATE UNIQUE INDEX \"ux_users_a\" ON \"users\" (\"a\")"});
    EXPECT_EQ(sql(ops::drop_index{"users", "ix_users_a_b"}),
              strings{"DROP INDEX \"ix_users_a_b\""});
}

TEST(SqliteDialect, ConstraintChangesAreRebuilds) {
    const sqlite::dialect d;
    const schema s = with_users();
    const auto create_of = [&](const operation& op) { return sql(op, s).at(1); };
    EXPECT_NE(
        create_of(ops::add_unique{"users", unique("uq_users_team_email", {"team_id", "email"})})
            .find("CONSTRAINT \"uq_users_team_email\" UNIQUE (\"team_id\", \"email\")"),
        std::string::npos);
    EXPECT_EQ(create_of(ops::drop_unique{"users", "uq_users_email"}).find("UNIQUE"),
              std::string::npos);
    EXPECT_NE(create_of(ops::add_foreign_key{"users", fk("fk_users_id_teams", {"id"}, "teams",
                                                         {"id"}, referential_action::cascade,
                                                         referential_action::restrict)})
                  .find("CONSTRAINT \"fk_users_id_teams\" FOREIGN KEY (\"id\") REFERENCES "
                        "\"teams\" (\"id\") ON DELETE CASCADE ON UPDATE RESTRICT"),
              std::string::npos);
    EXPECT_EQ(
        create_of(ops::drop_foreign_key{"users", "fk_users_team_id_teams"}).find("FOREIGN KEY"),
        std::string::npos);
    EXPECT_NE(create_of(ops::add_check{"users", check("ck_users_email", "email <> ''")})
                  .find("CONSTRAINT \"ck_users_email\" CHECK (email <> '')"),
              std::string::npos);
    EXPECT_EQ(create_of(ops::drop_check{"users", "ck_users_score"}).find("CHECK"),
              std::string::npos);
    for (const operation& op : {operation{ops::add_check{"users", check("c", "1")}},
                                operation{ops::drop_unique{"users", "uq_users_email"}}}) {
        EXPECT_EQ(d.rebuilt_table(op, s), "users");
        EXPECT_EQ(sql(op, s).size(), 7U); // legacy on, create, copy, drop, rename, index, off
    }
    EXPECT_THROW_MSG((void)sql(ops::drop_check{"users", "nope"}, s), error,
                     "cannot drop check constraint: 'nope' does not exist on table 'users'");
}

TEST(SqliteDialect, AutoincrementKeepsItsHighWaterMark) {
    schema s{{table{"t", {col("id", int64()).primary_key().autoincrement(), col("v", int32())}}}};
    const auto result = sql(ops::alter_column{"t", col("v", int32()), col("v", int64())}, s);
    EXPECT_EQ(result.at(3), "DELETE FROM sqlite_sequence WHERE name = 'strata_rebuild_t'");
    EXPECT_EQ(result.at(4), "INSERT INTO sqlite_sequence (name, seq) SELECT 'strata_rebuild_t', "
                            "seq FROM sqlite_sequence WHERE name = 't'");
}

TEST(SqliteDialect, ExplicitSqlTypeCarriesTheModelType) {
    EXPECT_EQ(sql(ops::add_column{"t", col("code", sql_type(string(12), "CHAR(12)")).nullable()}),
              strings{"ALTER TABLE \"t\" ADD COLUMN \"code\" CHAR(12) /*strata:string "
                      "length=12*/"});
}

TEST(SqliteDialect, ConsecutiveRebuildsOfOneTableAreMerged) {
    // A composite key changed column by column: one rebuild, no intermediate shape (which
    // would make user_id alone the key, and fail on duplicate user ids).
    schema s{{table{
        "m",
        {col("id", int64()).primary_key(), col("user_id", int64()), col("site_id", int64())}}}};
    const std::vector<operation> ops{
        ops::alter_column{"m", col("id", int64()).primary_key(), col("id", int64())},
        ops::alter_column{"m", col("user_id", int64()), col("uid", int64()).primary_key()},
        ops::alter_column{"m", col("site_id", int64()), col("site_id", int64()).primary_key()},
        ops::create_index{"m", idx("ix_m_id", {"id"})},
        ops::add_check{"m", check("ck_m", "id > 0")},
    };
    const auto steps = sqlite::dialect().plan(ops, s);
    ASSERT_EQ(steps.size(), 3U);
    EXPECT_EQ(steps[0].first, 0U);
    EXPECT_EQ(steps[0].last, 3U);
    EXPECT_EQ(steps[0].rebuilt_table, "m");
    EXPECT_EQ(steps[0].statements.at(1), "CREATE TABLE \"strata_rebuild_m\" (\n"
                                         "    \"id\" BIGINT NOT NULL,\n"
                                         "    \"uid\" BIGINT NOT NULL,\n"
                                         "    \"site_id\" BIGINT NOT NULL,\n"
                                         "    PRIMARY KEY (\"uid\", \"site_id\")\n"
                                         ")");
    EXPECT_EQ(steps[0].statements.at(2), "INSERT INTO \"strata_rebuild_m\" (\"id\", \"uid\", "
                                         "\"site_id\") SELECT \"id\", \"user_id\", "
                                         "\"site_id\" FROM \"m\"");
    EXPECT_EQ(steps[1].statements, strings{"CREATE INDEX \"ix_m_id\" ON \"m\" (\"id\")"});
    EXPECT_TRUE(steps[1].rebuilt_table.empty());
    EXPECT_EQ(steps[2].rebuilt_table, "m");
    EXPECT_EQ(sqlite::dialect().sequence_sql(ops, s).size(),
              steps[0].statements.size() + 1 + steps[2].statements.size());
}

TEST(SqliteDialect, PrimaryKeyChangeIsARebuildMergedWithItsNeighbours) {
    // id was the rowid alias (INTEGER PRIMARY KEY); outside the key it is a BIGINT whose
    // values the copy keeps.
    schema s{{table{"m",
                    {col("id", int64()).primary_key().autoincrement(), col("user_id", int64()),
                     col("site_id", int64()).nullable()}}}};
    const sqlite::dialect d;
    EXPECT_EQ(d.rebuilt_table(ops::alter_primary_key{"m", {"id"}, {"user_id"}}, s), "m");
    const std::vector<operation> ops{
        ops::alter_column{"m", col("id", int64()).primary_key().autoincrement(),
                          col("id", int64()).primary_key()},
        ops::alter_column{"m", col("site_id", int64()).nullable(), col("site_id", int64())},
        ops::alter_primary_key{"m", {"id"}, {"user_id", "site_id"}},
        ops::alter_column{"m", col("id", int64()), col("id", int64()).nullable()},
    };
    const auto steps = d.plan(ops, s);
    ASSERT_EQ(steps.size(), 1U);
    EXPECT_EQ(steps[0].last, 4U);
    EXPECT_EQ(steps[0].statements,
              (strings{"PRAGMA legacy_alter_table = ON",
                       "CREATE TABLE \"strata_rebuild_m\" (\n"
                       "    \"id\" BIGINT,\n"
                       "    \"user_id\" BIGINT NOT NULL,\n"
                       "    \"site_id\" BIGINT NOT NULL,\n"
                       "    PRIMARY KEY (\"user_id\", \"site_id\")\n"
                       ")",
                       "INSERT INTO \"strata_rebuild_m\" (\"id\", \"user_id\", \"site_id\") "
                       "SELECT \"id\", \"user_id\", \"site_id\" FROM \"m\"",
                       "DROP TABLE \"m\"", "ALTER TABLE \"strata_rebuild_m\" RENAME TO \"m\"",
                       "PRAGMA legacy_alter_table = OFF"}));
    // Alone, and back to a single int64 key: the rowid alias again.
    schema composite{{table{"m",
                            {col("id", int64()), col("user_id", int64()).primary_key(),
                             col("site_id", int64()).primary_key()}}}};
    EXPECT_EQ(sql(ops::alter_primary_key{"m", {"user_id", "site_id"}, {"id"}}, composite).at(1),
              "CREATE TABLE \"strata_rebuild_m\" (\n"
              "    \"id\" INTEGER NOT NULL,\n"
              "    \"user_id\" BIGINT NOT NULL,\n"
              "    \"site_id\" BIGINT NOT NULL,\n"
              "    PRIMARY KEY (\"id\")\n"
              ")");
    // An autoincrement column cannot stay one outside a single-column key.
    EXPECT_THROW_MSG((void)sql(ops::alter_primary_key{"m", {"id"}, {"user_id"}}, s), error,
                     "column 'm.id' is autoincrement, but SQLite can only autoincrement a "
                     "single-column integer primary key");
}

TEST(SqliteDialect, TableCommentsAreANoOp) {
    EXPECT_EQ(sql(ops::set_table_comment{"users", "people"}), strings{});
    EXPECT_EQ(sql(ops::set_table_comment{"users", std::nullopt}), strings{});
}

TEST(SqliteDialect, ExecuteSqlPassesThrough) {
    EXPECT_EQ(sql(ops::execute_sql{"UPDATE users SET active = 1"}),
              strings{"UPDATE users SET active = 1"});
}

TEST(SqliteDialect, RebuildFrame) {
    const auto frame = sqlite::dialect().frame_for_rebuild();
    EXPECT_EQ(frame.before_begin, strings{"PRAGMA foreign_keys = OFF"});
    EXPECT_EQ(frame.checks, strings{"PRAGMA foreign_key_check"});
    EXPECT_EQ(frame.after_end,
              (strings{"PRAGMA legacy_alter_table = OFF", "PRAGMA foreign_keys = ON"}));
}

} // namespace
