// The SQL the MySQL/MariaDB dialect writes for every operation, as text. (The same
// operations run on the real server in my_introspect_test.cpp.)

#include "expect_throw_msg.hpp"

#include "strata/error.hpp"
#include "strata/mysql/dialect.hpp"

#include <gtest/gtest.h>

namespace {
using namespace strata::dsl;
using strata::column_type;
using strata::operation;
using strata::referential_action;
using strata::schema;
namespace ops = strata::ops;
using sql = std::vector<std::string>;

const strata::mysql::dialect my;

sql to_sql(const operation& op, const schema& before = {}) {
    return my.to_sql(op, before);
}

TEST(MyDialect, NativeTypes) {
    EXPECT_EQ(my.type_sql(int16()), "SMALLINT");
    EXPECT_EQ(my.type_sql(int32()), "INT");
    EXPECT_EQ(my.type_sql(int64()), "BIGINT");
    EXPECT_EQ(my.type_sql(float32()), "FLOAT");
    EXPECT_EQ(my.type_sql(float64()), "DOUBLE");
    EXPECT_EQ(my.type_sql(boolean()), "TINYINT(1)");
    EXPECT_EQ(my.type_sql(text()), "LONGTEXT");
    EXPECT_EQ(my.type_sql(string(120)), "VARCHAR(120)");
    EXPECT_EQ(my.type_sql(binary()), "LONGBLOB");
    EXPECT_EQ(my.type_sql(timestamp()), "TIMESTAMP(6)");
    EXPECT_EQ(my.type_sql(local_timestamp()), "DATETIME(6)");
    EXPECT_EQ(my.type_sql(time_of_day()), "TIME(6)");
    EXPECT_EQ(my.type_sql(interval()), "VARCHAR(64)");
    EXPECT_EQ(my.type_sql(uuid()), "CHAR(36)");
    EXPECT_EQ(my.type_sql(json()), "JSON");
    EXPECT_EQ(my.type_sql(date()), "DATE");
    EXPECT_EQ(my.type_sql(decimal(10, 2)), "DECIMAL(10, 2)");
    EXPECT_EQ(my.type_sql(column_type{.kind = strata::type_kind::decimal}), "DECIMAL(65, 30)");
    EXPECT_EQ(my.type_sql(enumeration("status", {"draft", "it's"})), "ENUM('draft', 'it''s')");
    EXPECT_EQ(my.type_sql(sql_type(text(), "MEDIUMTEXT")), "MEDIUMTEXT");
}

TEST(MyDialect, QuotesIdentifiersAndLiterals) {
    EXPECT_EQ(my.quote_identifier("a`b"), "`a``b`");
    EXPECT_EQ(my.quote_literal("it's a \\"), "'it''s a \\\\'");
}

TEST(MyDialect, CreateTableIsOneStatementWithKeysIndexesAndComments) {
    strata::table t{
        "pages",
        {col("id", int64()).primary_key().autoincrement(),
         col("site_id", int64()).comment("owning site"),
         col("slug", string(80)).server_default("'home'"),
         col("status", enumeration("site_status", {"draft", "live"})).server_default("'draft'"),
         col("body", text()).nullable()}};
    t.indexes = {idx("ix_pages_body", {"body"}), idx("ix_pages_slug", {"slug"})};
    t.uniques = {unique("uq_pages_site_id_slug", {"site_id", "slug"})};
    t.foreign_keys = {
        fk("fk_pages_site_id_sites", {"site_id"}, "sites", {"id"}, referential_action::cascade)};
    t.checks = {check("ck_pages_slug", "slug <> ''")};
    t.comment = "one page of a site";
    EXPECT_EQ(to_sql(ops::create_table{t}),
              (sql{"CREATE TABLE `pages` (\n"
                   "    `id` BIGINT NOT NULL AUTO_INCREMENT,\n"
                   "    `site_id` BIGINT NOT NULL COMMENT 'owning site',\n"
                   "    `slug` VARCHAR(80) NOT NULL DEFAULT 'home',\n"
                   "    `status` ENUM('draft', 'live') NOT NULL DEFAULT 'draft',\n"
                   "    `body` LONGTEXT NULL,\n"
                   "    PRIMARY KEY (`id`),\n"
                   "    CONSTRAINT `uq_pages_site_id_slug` UNIQUE (`site_id`, `slug`),\n"
                   // TEXT is indexed over a prefix
                   "    INDEX `ix_pages_body` (`body`(191)),\n"
                   "    INDEX `ix_pages_slug` (`slug`),\n"
                   "    CONSTRAINT `fk_pages_site_id_sites` FOREIGN KEY (`site_id`) "
                   "REFERENCES `sites` (`id`) ON DELETE CASCADE,\n"
                   "    CONSTRAINT `ck_pages_slug` CHECK (slug <> '')\n"
                   ") ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COMMENT = 'one page of a site'"}));
}

TEST(MyDialect, ColumnsOnlineWhereTheServerAllows) {
    EXPECT_EQ(to_sql(ops::add_column{"t", col("c", string(10)).nullable()}),
              (sql{"ALTER TABLE `t` ADD COLUMN `c` VARCHAR(10) NULL, ALGORITHM = INSTANT"}));
    // A key column rebuilds the table: no INSTANT, which the server would refuse.
    EXPECT_EQ(to_sql(ops::add_column{"t", col("id", int64()).primary_key().autoincrement()}),
              (sql{"ALTER TABLE `t` ADD COLUMN `id` BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY"}));
    EXPECT_EQ(to_sql(ops::drop_column{"t", "c"}), (sql{"ALTER TABLE `t` DROP COLUMN `c`"}));
    EXPECT_EQ(to_sql(ops::rename_column{"t", "a", "b"}),
              (sql{"ALTER TABLE `t` RENAME COLUMN `a` TO `b`"}));
    EXPECT_EQ(to_sql(ops::rename_table{"a", "b"}), (sql{"RENAME TABLE `a` TO `b`"}));
    EXPECT_EQ(to_sql(ops::drop_table{"a"}), (sql{"DROP TABLE `a`"}));
}

TEST(MyDialect, AlterColumnRestatesTheWholeColumnInOneStatement) {
    const strata::column from = col("n", int32()).nullable().comment("count");
    EXPECT_EQ(to_sql(ops::alter_column{"t", from, col("n", int64()).server_default("0")}),
              (sql{"ALTER TABLE `t` MODIFY COLUMN `n` BIGINT NOT NULL DEFAULT 0"}));
    strata::column renamed = from;
    renamed.name = "m";
    EXPECT_EQ(to_sql(ops::alter_column{"t", from, renamed}),
              (sql{"ALTER TABLE `t` RENAME COLUMN `n` TO `m`"}));
    renamed.nullable = false;
    EXPECT_EQ(to_sql(ops::alter_column{"t", from, renamed}),
              (sql{"ALTER TABLE `t` CHANGE COLUMN `n` `m` INT NOT NULL COMMENT 'count'"}));
    EXPECT_THROW_MSG(
        (void)to_sql(ops::alter_column{"t", col("n", int32()), col("n", int32()).primary_key()}),
        strata::error, "cannot alter column 't.n' on mysql");
}

TEST(MyDialect, AlterPrimaryKeyIsOneStatement) {
    EXPECT_EQ(to_sql(ops::alter_primary_key{"t", {"a"}, {"a", "b"}}),
              (sql{"ALTER TABLE `t` DROP PRIMARY KEY, ADD PRIMARY KEY (`a`, `b`)"}));
    EXPECT_EQ(to_sql(ops::alter_primary_key{"t", {}, {"a"}}),
              (sql{"ALTER TABLE `t` ADD PRIMARY KEY (`a`)"}));
    EXPECT_EQ(to_sql(ops::alter_primary_key{"t", {"a"}, {}}),
              (sql{"ALTER TABLE `t` DROP PRIMARY KEY"}));
}

TEST(MyDialect, IndexesAreBuiltOnlineWithPrefixesForText) {
    schema before;
    before.tables.push_back({"t", {col("id", int64()).primary_key(), col("body", text())}});
    EXPECT_EQ(
        to_sql(ops::create_index{"t", idx("ix_t_body", {"body"})}, before),
        (sql{"CREATE INDEX `ix_t_body` ON `t` (`body`(191)) ALGORITHM = INPLACE LOCK = NONE"}));
    // Unique over whole values: MariaDB hashes them, which copies the table.
    EXPECT_EQ(to_sql(ops::create_index{"t", unique_idx("ux_t_body", {"id", "body"})}, before),
              (sql{"CREATE UNIQUE INDEX `ux_t_body` ON `t` (`id`, `body`) COMMENT 'strata: unique "
                   "index'"}));
    EXPECT_EQ(to_sql(ops::create_index{"t", unique_idx("ux_t_id", {"id"})}, before),
              (sql{"CREATE UNIQUE INDEX `ux_t_id` ON `t` (`id`) COMMENT 'strata: unique index' "
                   "ALGORITHM = INPLACE LOCK = NONE"}));
    EXPECT_EQ(to_sql(ops::drop_index{"t", "ix_t_body"}), (sql{"DROP INDEX `ix_t_body` ON `t`"}));
}

TEST(MyDialect, Constraints) {
    EXPECT_EQ(to_sql(ops::add_unique{"t", unique("uq_t_a", {"a"})}),
              (sql{"ALTER TABLE `t` ADD CONSTRAINT `uq_t_a` UNIQUE (`a`)"}));
    EXPECT_EQ(to_sql(ops::drop_unique{"t", "uq_t_a"}),
              (sql{"ALTER TABLE `t` DROP INDEX `uq_t_a`"}));
    EXPECT_EQ(to_sql(ops::add_foreign_key{
                  "t", fk("fk_t_u", {"u_id"}, "u", {"id"}, referential_action::set_null)}),
              (sql{"ALTER TABLE `t` ADD CONSTRAINT `fk_t_u` FOREIGN KEY (`u_id`) REFERENCES `u` "
                   "(`id`) ON DELETE SET NULL"}));
    // The index InnoDB made for the key goes with it.
    EXPECT_EQ(to_sql(ops::drop_foreign_key{"t", "fk_t_u"}),
              (sql{"ALTER TABLE `t` DROP FOREIGN KEY `fk_t_u`, DROP INDEX IF EXISTS `fk_t_u`"}));
    EXPECT_EQ(to_sql(ops::add_check{"t", check("ck_t_a", "a > 0")}),
              (sql{"ALTER TABLE `t` ADD CONSTRAINT `ck_t_a` CHECK (a > 0)"}));
    EXPECT_EQ(to_sql(ops::drop_check{"t", "ck_t_a"}),
              (sql{"ALTER TABLE `t` DROP CONSTRAINT `ck_t_a`"}));
}

TEST(MyDialect, DroppingTheIndexAForeignKeyRestsOnKeepsOneForTheKey) {
    schema before;
    strata::table t{"t",
                    {col("id", int64()).primary_key(), col("u_id", int64()), col("n", int32())}};
    t.foreign_keys = {fk("fk_t_u", {"u_id"}, "u", {"id"})};
    t.indexes = {idx("ix_t_u_id_n", {"u_id", "n"})};
    t.uniques = {unique("uq_t_u_id_n", {"u_id", "n"})};
    before.tables.push_back(t);
    // Another index still serves the key: a plain drop.
    EXPECT_EQ(to_sql(ops::drop_index{"t", "ix_t_u_id_n"}, before),
              (sql{"DROP INDEX `ix_t_u_id_n` ON `t`"}));
    before.tables[0].uniques.clear();
    EXPECT_EQ(to_sql(ops::drop_index{"t", "ix_t_u_id_n"}, before),
              (sql{"ALTER TABLE `t` DROP INDEX `ix_t_u_id_n`, ADD INDEX IF NOT EXISTS `fk_t_u` "
                   "(`u_id`)"}));
    // The same for a primary key that served it.
    before.tables[0].indexes.clear();
    before.tables[0].foreign_keys = {fk("fk_t_id", {"id"}, "u", {"id"})};
    EXPECT_EQ(to_sql(ops::alter_primary_key{"t", {"id"}, {}}, before),
              (sql{"ALTER TABLE `t` DROP PRIMARY KEY, ADD INDEX IF NOT EXISTS `fk_t_id` (`id`)"}));
}

TEST(MyDialect, TableCommentAndVerbatimSql) {
    EXPECT_EQ(to_sql(ops::set_table_comment{"t", "x"}), (sql{"ALTER TABLE `t` COMMENT = 'x'"}));
    EXPECT_EQ(to_sql(ops::set_table_comment{"t", std::nullopt}),
              (sql{"ALTER TABLE `t` COMMENT = ''"}));
    EXPECT_EQ(to_sql(ops::execute_sql{"UPDATE t SET a = 1"}), (sql{"UPDATE t SET a = 1"}));
}

} // namespace
