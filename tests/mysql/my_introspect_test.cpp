// Introspection on a real MariaDB: tables strata did not create map back to the portable
// kinds, and every operation the dialect writes runs on the server and reads back as the
// model says (through strata::canonical_form(), which is how `check` compares).

#include "expect_throw_msg.hpp"
#include "my_test_server.hpp"

#include "strata/connection.hpp"
#include "strata/error.hpp"
#include "strata/introspect.hpp"

#include <gtest/gtest.h>

namespace {
using namespace strata::dsl;
using strata::referential_action;
using strata::schema;
namespace ops = strata::ops;
using MyIntrospect = strata::testing::mysql_test;

// A column as one readable line, so that a mismatch shows what differs.
std::string describe(const strata::column& c) {
    std::string enum_values;
    for (const auto& v : c.type.enum_values) {
        enum_values += v + "|";
    }
    return c.name + " kind=" + std::string(strata::to_string(c.type.kind)) +
           " length=" + std::to_string(c.type.length.value_or(-1)) +
           " precision=" + std::to_string(c.type.precision.value_or(-1)) +
           " scale=" + std::to_string(c.type.scale.value_or(-1)) + " enum=" + c.type.enum_name +
           ":" + enum_values + " sql=" + c.type.sql_override +
           " null=" + std::to_string(c.nullable) + " pk=" + std::to_string(c.primary_key) +
           " auto=" + std::to_string(c.autoincrement) +
           " default=" + c.server_default.value_or("-") + " comment=" + c.comment.value_or("-");
}

// Expects @p actual to equal @p expected, naming the first difference.
void expect_same(const schema& actual, const schema& expected, const std::string& when = {}) {
    ASSERT_EQ(actual.tables.size(), expected.tables.size()) << when;
    for (std::size_t t = 0; t < actual.tables.size(); ++t) {
        const auto& a = actual.tables[t];
        const auto& e = expected.tables[t];
        EXPECT_EQ(a.name, e.name) << when;
        ASSERT_EQ(a.columns.size(), e.columns.size()) << when << " table " << a.name;
        for (std::size_t c = 0; c < a.columns.size(); ++c) {
            EXPECT_EQ(describe(a.columns[c]), describe(e.columns[c])) << when;
        }
        EXPECT_EQ(a.indexes, e.indexes) << when << " indexes of " << a.name;
        EXPECT_EQ(a.uniques, e.uniques) << when << " uniques of " << a.name;
        EXPECT_EQ(a.foreign_keys, e.foreign_keys) << when << " foreign keys of " << a.name;
        EXPECT_EQ(a.checks, e.checks) << when << " checks of " << a.name;
        EXPECT_EQ(a.comment, e.comment) << when << " comment of " << a.name;
    }
    EXPECT_EQ(actual, expected) << when;
}

TEST_F(MyIntrospect, MapsHandWrittenTables) {
    auto conn = strata::connect(db().url());
    conn->execute(R"(
        CREATE TABLE people (
            id INT AUTO_INCREMENT PRIMARY KEY,
            name VARCHAR(30) NOT NULL DEFAULT 'nobody',
            mood ENUM('sad', 'ok', 'happy') DEFAULT 'ok',
            delta INT NOT NULL DEFAULT -1,
            price DECIMAL(8, 3),
            seen DATETIME(6),
            happened TIMESTAMP(6) NULL,
            data JSON,
            opens TIME(6),
            token CHAR(36),
            flag BOOLEAN NOT NULL DEFAULT FALSE,
            notes TEXT,
            small TINYINT UNSIGNED,
            CONSTRAINT ck_people_delta CHECK (delta < 10)
        ) COMMENT 'who is who';
        CREATE TABLE strata_version (version_num VARCHAR(32) PRIMARY KEY);
    )");
    strata::table people{
        "people",
        {col("id", int32()).primary_key().autoincrement(),
         col("name", string(30)).server_default("'nobody'"),
         col("mood", enumeration("", {"sad", "ok", "happy"})).nullable().server_default("'ok'"),
         col("delta", int32()).server_default("-1"), col("price", decimal(8, 3)).nullable(),
         col("seen", local_timestamp()).nullable(), col("happened", timestamp()).nullable(),
         col("data", json()).nullable(), col("opens", time_of_day()).nullable(),
         col("token", uuid()).nullable(), col("flag", boolean()).server_default("0"),
         // No schema kind: the MySQL spelling is kept.
         col("notes", sql_type(text(), "TEXT")).nullable(),
         col("small", sql_type(int16(), "TINYINT(3) UNSIGNED")).nullable()}};
    people.columns.back().type.kind = strata::type_kind::string;
    // As MariaDB rewrites it, identifiers quoted as the session's ANSI_QUOTES says.
    people.checks = {check("ck_people_delta", "\"delta\" < 10")};
    people.comment = "who is who";
    expect_same(strata::introspect(*conn), schema{{people}});
}

// Applies @p op on the server and to @p expected; then the database must read back as
// @p expected does once the server has stored it.
void apply_and_compare(strata::connection& conn, schema& expected, const strata::operation& op) {
    for (const auto& sql : conn.sql_dialect().to_sql(op, expected)) {
        conn.execute(sql);
    }
    strata::apply(expected, op);
    expect_same(strata::introspect(conn), strata::canonical_form(conn, expected),
                "after " + strata::describe(op));
}

TEST_F(MyIntrospect, EveryOperationRunsAndReadsBackAsTheModel) {
    auto conn = strata::connect(db().url());
    schema s;
    strata::table sites{
        "sites",
        {col("id", int64()).primary_key().autoincrement(),
         col("name", string(80)).comment("shown in the header"), col("body", text()).nullable(),
         col("blob", binary()).nullable(),
         col("status", enumeration("status", {"draft", "live"})).server_default("'draft'"),
         col("price", decimal(10, 2)).server_default("0"),
         col("created", timestamp()).server_default("CURRENT_TIMESTAMP"),
         col("doc", json()).nullable()}};
    sites.indexes = {idx("ix_sites_body", {"body"})};
    sites.uniques = {unique("uq_sites_name", {"name"})};
    sites.checks = {check("ck_sites_price", "price >= 0")};
    sites.comment = "every site";
    const std::vector<strata::operation> steps = {
        ops::create_table{sites},
        ops::create_table{
            {"pages",
             {col("id", int64()).primary_key(), col("site_id", int64()), col("slug", string(40))}}},
        ops::add_foreign_key{"pages", fk("fk_pages_site_id_sites", {"site_id"}, "sites", {"id"},
                                         referential_action::cascade)},
        ops::add_column{"pages", col("title", string(100)).nullable()},
        ops::alter_column{"pages", col("title", string(100)).nullable(),
                          col("title", string(200)).server_default("'untitled'")},
        ops::rename_column{"pages", "slug", "path"},
        ops::create_index{"pages", unique_idx("ix_pages_site_id_path", {"site_id", "path"})},
        ops::add_check{"pages", check("ck_pages_path", "path <> ''")},
        ops::set_table_comment{"pages", "pages of a site"},
        ops::alter_primary_key{"pages", {"id"}, {"id", "site_id"}},
        ops::drop_check{"pages", "ck_pages_path"},
        ops::drop_index{"pages", "ix_pages_site_id_path"},
        ops::drop_foreign_key{"pages", "fk_pages_site_id_sites"},
        ops::drop_unique{"sites", "uq_sites_name"},
        ops::set_table_comment{"pages", std::nullopt},
        ops::drop_column{"pages", "title"},
        ops::rename_table{"pages", "documents"},
        ops::drop_table{"documents"},
    };
    for (const auto& op : steps) {
        apply_and_compare(*conn, s, op);
        if (HasFailure()) {
            break;
        }
    }
    // The canonical form is the model as MariaDB rewrites it, e.g. the check's expression.
    const auto canonical = strata::canonical_form(*conn, s);
    ASSERT_EQ(canonical.tables.size(), 1u);
    EXPECT_EQ(canonical.tables[0].checks.at(0).expression, "\"price\" >= 0");
    // And the scratch database it was made in (named after this connection; other tests'
    // may be making theirs meanwhile) is gone.
    EXPECT_TRUE(conn->query("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE "
                            "SCHEMA_NAME = CONCAT('strata_canonical_', CONNECTION_ID())")
                    .empty());
}

TEST_F(MyIntrospect, IndexesForForeignKeysAreTheKeysBusiness) {
    auto conn = strata::connect(db().url());
    conn->execute("CREATE TABLE u (id BIGINT PRIMARY KEY); CREATE TABLE t (id BIGINT PRIMARY "
                  "KEY, u_id BIGINT NOT NULL, CONSTRAINT fk_t_u FOREIGN KEY (u_id) REFERENCES u "
                  "(id))");
    const auto s = strata::introspect(*conn);
    ASSERT_EQ(s.tables.size(), 2u);
    EXPECT_TRUE(s.tables[0].indexes.empty()); // InnoDB's index `fk_t_u` is not shown
    ASSERT_EQ(s.tables[0].foreign_keys.size(), 1u);
    // Dropping the key drops that index too: adding the key again needs no clean-up.
    for (const auto& sql : conn->sql_dialect().to_sql(ops::drop_foreign_key{"t", "fk_t_u"}, s)) {
        conn->execute(sql);
    }
    EXPECT_TRUE(conn->query("SELECT 1 FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = "
                            "DATABASE() AND INDEX_NAME = 'fk_t_u'")
                    .empty());
}

} // namespace
