#include "strata/sqlite/dialect.hpp"

#include <gtest/gtest.h>

namespace {
using namespace strata;
using namespace strata::dsl;

std::vector<std::string> sql(const operation& op) {
    return sqlite::dialect().to_sql(op, schema{});
}

TEST(SqliteDialect, TypeSql) {
    const sqlite::dialect d;
    EXPECT_EQ(d.type_sql(int32()), "INTEGER");
    EXPECT_EQ(d.type_sql(int64()), "INTEGER");
    EXPECT_EQ(d.type_sql(float64()), "REAL");
    EXPECT_EQ(d.type_sql(boolean()), "BOOLEAN");
    EXPECT_EQ(d.type_sql(string(120)), "VARCHAR(120)");
    EXPECT_EQ(d.type_sql(text()), "TEXT");
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
    EXPECT_EQ(sql(ops::create_table{users}),
              std::vector<std::string>{"CREATE TABLE \"users\" (\n"
                                       "    \"id\" INTEGER NOT NULL,\n"
                                       "    \"email\" VARCHAR(120) NOT NULL,\n"
                                       "    \"display_name\" TEXT,\n"
                                       "    \"score\" REAL NOT NULL,\n"
                                       "    \"active\" BOOLEAN NOT NULL,\n"
                                       "    PRIMARY KEY (\"id\")\n"
                                       ")"});
}

TEST(SqliteDialect, CreateTableCompositeKey) {
    const table memberships{
        "memberships",
        {col("user_id", int64()).primary_key(), col("group_id", int32()).primary_key()}};
    EXPECT_EQ(sql(ops::create_table{memberships}),
              std::vector<std::string>{"CREATE TABLE \"memberships\" (\n"
                                       "    \"user_id\" INTEGER NOT NULL,\n"
                                       "    \"group_id\" INTEGER NOT NULL,\n"
                                       "    PRIMARY KEY (\"user_id\", \"group_id\")\n"
                                       ")"});
}

TEST(SqliteDialect, CreateTableWithoutKey) {
    EXPECT_EQ(sql(ops::create_table{table{"log", {col("line", text())}}}),
              std::vector<std::string>{"CREATE TABLE \"log\" (\n    \"line\" TEXT NOT NULL\n)"});
}

TEST(SqliteDialect, DropTable) {
    EXPECT_EQ(sql(ops::drop_table{"users"}), std::vector<std::string>{"DROP TABLE \"users\""});
}

TEST(SqliteDialect, AddColumn) {
    EXPECT_EQ(
        sql(ops::add_column{"users", col("nickname", string(40)).nullable()}),
        std::vector<std::string>{"ALTER TABLE \"users\" ADD COLUMN \"nickname\" VARCHAR(40)"});
    EXPECT_EQ(
        sql(ops::add_column{"users", col("age", int32())}),
        std::vector<std::string>{"ALTER TABLE \"users\" ADD COLUMN \"age\" INTEGER NOT NULL"});
}

TEST(SqliteDialect, DropColumn) {
    EXPECT_EQ(sql(ops::drop_column{"users", "email"}),
              std::vector<std::string>{"ALTER TABLE \"users\" DROP COLUMN \"email\""});
}

TEST(SqliteDialect, ExecuteSqlPassesThrough) {
    EXPECT_EQ(sql(ops::execute_sql{"UPDATE users SET active = 1"}),
              std::vector<std::string>{"UPDATE users SET active = 1"});
}

} // namespace
