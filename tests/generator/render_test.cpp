#include "expect_throw_msg.hpp"
#include "project/embedded_templates.hpp"
#include "render/render.hpp"
#include "support/diagnostic.hpp"

#include <gtest/gtest.h>

using namespace strata;
using namespace strata::generator;
using namespace strata::dsl;

TEST(render, create_table_reads_like_hand_written_code) {
    const operation op = ops::create_table{
        table{.name = "users",
              .columns = {col("id", int64()).primary_key(), col("email", string(120)),
                          col("bio", text()).nullable()}}};
    EXPECT_EQ(render_operation(op), "    op.create_table(\"users\", {\n"
                                    "        col(\"id\", int64()).primary_key(),\n"
                                    "        col(\"email\", string(120)),\n"
                                    "        col(\"bio\", text()).nullable(),\n"
                                    "    });");
}

TEST(render, create_table_with_constraints_uses_named_fields) {
    const operation op = ops::create_table{table{
        .name = "pages",
        .columns = {col("id", int64()).primary_key().autoincrement(), col("site_id", int64())},
        .indexes = {idx("ix_pages_site_id", {"site_id"})},
        .uniques = {unique("uq_pages_site_id", {"site_id"})},
        .foreign_keys = {fk("fk_pages_site_id_sites", {"site_id"}, "sites", {"id"},
                            referential_action::cascade)},
        .checks = {check("ck_pages_1", "site_id > 0")},
        .comment = "a page"}};
    EXPECT_EQ(render_operation(op),
              "    op.create_table({\n"
              "        .name = \"pages\",\n"
              "        .columns =\n"
              "            {\n"
              "                col(\"id\", int64()).primary_key().autoincrement(),\n"
              "                col(\"site_id\", int64()),\n"
              "            },\n"
              "        .indexes =\n"
              "            {\n"
              "                idx(\"ix_pages_site_id\", {\"site_id\"}),\n"
              "            },\n"
              "        .uniques =\n"
              "            {\n"
              "                unique(\"uq_pages_site_id\", {\"site_id\"}),\n"
              "            },\n"
              "        .foreign_keys =\n"
              "            {\n"
              "                fk(\"fk_pages_site_id_sites\", {\"site_id\"}, \"sites\", {\"id\"}, "
              "strata::referential_action::cascade),\n"
              "            },\n"
              "        .checks =\n"
              "            {\n"
              "                check(\"ck_pages_1\", \"site_id > 0\"),\n"
              "            },\n"
              "        .comment = \"a page\",\n"
              "    });");
}

TEST(render, every_column_type_and_option) {
    const auto rendered = render_operation(ops::create_table{
        table{.name = "t",
              .columns = {col("a", int16()), col("b", int32()), col("c", float32()),
                          col("d", float64()), col("e", boolean()), col("f", binary()),
                          col("g", timestamp()), col("h", date()), col("i", decimal(10, 2)),
                          col("j", enumeration("mood", {"calm", "busy"})),
                          col("k", sql_type(text(), "CITEXT")),
                          col("l", text()).nullable().server_default("'x'").comment("note")}}});
    for (const char* expected :
         {"col(\"a\", int16())", "col(\"b\", int32())", "col(\"c\", float32())",
          "col(\"d\", float64())", "col(\"e\", boolean())", "col(\"f\", binary())",
          "col(\"g\", timestamp())", "col(\"h\", date())", "col(\"i\", decimal(10, 2))",
          "col(\"j\", enumeration(\"mood\", {\"calm\", \"busy\"}))",
          "col(\"k\", sql_type(text(), \"CITEXT\"))",
          "col(\"l\", text()).nullable().server_default(\"'x'\").comment(\"note\")"}) {
        EXPECT_NE(rendered.find(expected), std::string::npos) << expected << " in\n" << rendered;
    }
}

TEST(render, every_other_operation) {
    const std::vector<std::pair<operation, std::string>> cases{
        {ops::drop_table{"users"}, "    op.drop_table(\"users\");"},
        {ops::rename_table{"users", "people"}, "    op.rename_table(\"users\", \"people\");"},
        {ops::add_column{"users", col("n", int32())},
         "    op.add_column(\"users\", col(\"n\", int32()));"},
        {ops::drop_column{"users", "n"}, "    op.drop_column(\"users\", \"n\");"},
        {ops::rename_column{"users", "n", "m"}, "    op.rename_column(\"users\", \"n\", \"m\");"},
        {ops::alter_column{"users", col("n", int32()), col("n", int64())},
         "    op.alter_column(\"users\",\n"
         "                    /*from=*/col(\"n\", int32()),\n"
         "                    /*to=*/col(\"n\", int64()));"},
        {ops::alter_primary_key{"t", {"a"}, {"b", "c"}},
         "    op.alter_primary_key(\"t\", {\"a\"}, {\"b\", \"c\"});"},
        {ops::alter_primary_key{"t", {}, {"a"}}, "    op.alter_primary_key(\"t\", {}, {\"a\"});"},
        {ops::create_index{"users", unique_idx("ux_users_n", {"n", "m"})},
         "    op.create_index(\"users\", unique_idx(\"ux_users_n\", {\"n\", \"m\"}));"},
        {ops::drop_index{"users", "ix"}, "    op.drop_index(\"users\", \"ix\");"},
        {ops::add_unique{"users", unique("uq", {"n"})},
         "    op.add_unique(\"users\", unique(\"uq\", {\"n\"}));"},
        {ops::drop_unique{"users", "uq"}, "    op.drop_unique(\"users\", \"uq\");"},
        {ops::add_foreign_key{"users", fk("fk", {"n"}, "t", {"id"}, referential_action::no_action,
                                          referential_action::set_null)},
         "    op.add_foreign_key(\"users\", fk(\"fk\", {\"n\"}, \"t\", {\"id\"}, "
         "strata::referential_action::no_action, strata::referential_action::set_null));"},
        {ops::drop_foreign_key{"users", "fk"}, "    op.drop_foreign_key(\"users\", \"fk\");"},
        {ops::add_check{"users", check("ck", "n > 0")},
         "    op.add_check(\"users\", check(\"ck\", \"n > 0\"));"},
        {ops::drop_check{"users", "ck"}, "    op.drop_check(\"users\", \"ck\");"},
        {ops::set_table_comment{"users", "hi"}, "    op.set_table_comment(\"users\", \"hi\");"},
        {ops::set_table_comment{"users", std::nullopt},
         "    op.set_table_comment(\"users\", nullptr);"},
        {ops::execute_sql{"UPDATE t SET a = \"x\""},
         "    op.execute(\"UPDATE t SET a = \\\"x\\\"\");"},
    };
    for (const auto& [op, expected] : cases) {
        EXPECT_EQ(render_operation(op), expected);
    }
}

TEST(render, default_template_has_every_part_and_warnings) {
    revision_header header{"abc123def456", {"0123456789ab"}, "add \"bio\"", "2026-11-26 04:27:00"};
    const std::vector<step> upgrades{{ops::add_column{"users", col("bio", text()).nullable()}, ""}};
    const std::vector<step> downgrades{
        {ops::drop_column{"users", "bio"}, "drops column users.bio and its values; may lose data"}};
    const auto rendered =
        render_revision(script_template, "script.cpp.tmpl", header, upgrades, downgrades);
    EXPECT_NE(rendered.find("// Revision ID: abc123def456"), std::string::npos);
    EXPECT_NE(rendered.find("// Revises: 0123456789ab"), std::string::npos);
    EXPECT_NE(rendered.find("// Create Date: 2026-11-26 04:27:00"), std::string::npos);
    EXPECT_NE(rendered.find(".down_revisions = {\"0123456789ab\"}"), std::string::npos);
    EXPECT_NE(rendered.find(".message = \"add \\\"bio\\\"\""), std::string::npos);
    EXPECT_NE(rendered.find("namespace strata_revision_abc123def456"), std::string::npos);
    EXPECT_NE(rendered.find("    // WARNING: drops column users.bio and its values; may lose data\n"
                            "    op.drop_column(\"users\", \"bio\");"),
              std::string::npos);
    EXPECT_EQ(rendered.find("${"), std::string::npos);
}

TEST(render, first_revision_revises_base) {
    revision_header header{"abc123def456", {}, "initial", "2026-11-26 04:27:00"};
    const auto rendered = render_revision(script_template, "script.cpp.tmpl", header, {}, {});
    EXPECT_NE(rendered.find("// Revises: <base>"), std::string::npos);
    EXPECT_NE(rendered.find(".down_revisions = {}"), std::string::npos);
    EXPECT_NE(rendered.find("// No schema changes."), std::string::npos);
}

TEST(render, unknown_placeholder_names_template_line) {
    revision_header header{"abc", {}, "m", "d"};
    EXPECT_THROW_MSG((void)render_revision("line one\n${revison}\n", "migrations/script.cpp.tmpl",
                                           header, {}, {}),
                     diagnostic_error,
                     "migrations/script.cpp.tmpl:2: error: unknown placeholder '${revison}'");
}

// Issue 14 item 6: `strata revision -m $'fix data\nsecond line'` broke the build because
// the message was pasted into a `//` comment unescaped. Every value is escaped for where
// it stands; the compiled proof is tests/cmake/newuser_test.sh.
TEST(render, message_is_escaped_for_the_comment_and_the_literal) {
    revision_header header{"abc123def456",
                           {},
                           "fix data\nsecond line \"quoted\" C:\\\r*/ end\\",
                           "2026-11-26 04:27:00"};
    const auto rendered = render_revision(script_template, "script.cpp.tmpl", header, {}, {});
    EXPECT_NE(rendered.find("// fix data\n// second line \"quoted\" C:\\ * / end\\.\n//\n"),
              std::string::npos)
        << rendered;
    EXPECT_NE(rendered.find(".message = \"fix data\\nsecond line \\\"quoted\\\" C:\\\\\\015*/ "
                            "end\\\\\""),
              std::string::npos)
        << rendered;
}

TEST(render, continuation_repeats_the_template_line_prefix) {
    revision_header header{"abc", {}, "one\ntwo", "d"};
    EXPECT_EQ(render_revision("/*\n * ${message}\n */\n", "t", header, {}, {}),
              "/*\n * one\n * two\n */\n");
    EXPECT_EQ(comment_text("a\\\nb", "// "), "a\\.\n// b");
    EXPECT_EQ(cpp_string_literal(std::string("a\x01z\x7f", 4)), "\"a\\001z\\177\"");
}
