#include "diagnostic.hpp"
#include "embedded_templates.hpp"
#include "expect_throw_msg.hpp"
#include "render.hpp"

#include <gtest/gtest.h>

using namespace strata;
using namespace strata::generator;
using namespace strata::dsl;

TEST(render, create_table_reads_like_hand_written_code) {
    const operation op =
        ops::create_table{table{"users",
                                {col("id", int64()).primary_key(), col("email", string(120)),
                                 col("bio", text()).nullable()}}};
    EXPECT_EQ(render_operation(op), "    op.create_table(\"users\", {\n"
                                    "        col(\"id\", int64()).primary_key(),\n"
                                    "        col(\"email\", string(120)),\n"
                                    "        col(\"bio\", text()).nullable(),\n"
                                    "    });");
}

TEST(render, other_operations) {
    EXPECT_EQ(render_operation(ops::drop_table{"users"}), "    op.drop_table(\"users\");");
    EXPECT_EQ(render_operation(ops::add_column{"users", col("n", int32())}),
              "    op.add_column(\"users\", col(\"n\", int32()));");
    EXPECT_EQ(render_operation(ops::drop_column{"users", "n"}),
              "    op.drop_column(\"users\", \"n\");");
    EXPECT_EQ(render_operation(ops::execute_sql{"UPDATE t SET a = \"x\""}),
              "    op.execute(\"UPDATE t SET a = \\\"x\\\"\");");
}

TEST(render, default_template_has_every_part) {
    revision_header header{"abc123def456", {"0123456789ab"}, "add \"bio\"", "2026-11-26 04:27:00"};
    const auto rendered = render_revision(script_template, "script.cpp.tmpl", header,
                                          {ops::add_column{"users", col("bio", text()).nullable()}},
                                          {ops::drop_column{"users", "bio"}});
    EXPECT_NE(rendered.find("// Revision ID: abc123def456"), std::string::npos);
    EXPECT_NE(rendered.find("// Revises: 0123456789ab"), std::string::npos);
    EXPECT_NE(rendered.find("// Create Date: 2026-11-26 04:27:00"), std::string::npos);
    EXPECT_NE(rendered.find(".down_revisions = {\"0123456789ab\"}"), std::string::npos);
    EXPECT_NE(rendered.find(".message = \"add \\\"bio\\\"\""), std::string::npos);
    EXPECT_NE(rendered.find("namespace strata_revision_abc123def456"), std::string::npos);
    EXPECT_NE(rendered.find("op.drop_column(\"users\", \"bio\");"), std::string::npos);
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
