// Reading a revision's operations back from its source: every operation render.cpp writes
// reads back equal (also after clang-format), hand-written steps state their effect, and
// anything else is refused at its file:line:col.

#include "expect_throw_msg.hpp"
#include "project/embedded_templates.hpp"
#include "project/post_write.hpp"
#include "render/render.hpp"
#include "render/revision_format.hpp"
#include "render/revision_reader.hpp"
#include "support/diagnostic.hpp"
#include "temp_dir.hpp"

#include <gtest/gtest.h>
#include <sstream>

using namespace strata;
using namespace strata::generator;
using namespace strata::dsl;

namespace {

// One of every operation, with every property a column, key or constraint can carry.
std::vector<operation> every_operation() {
    table full{.name = "pages"};
    full.columns = {
        col("id", int64()).primary_key().autoincrement(),
        col("site_id", int32()),
        col("title", string(200)).server_default("'untitled'").comment("shown \"as is\""),
        col("body", text()).nullable(),
        col("price", decimal(10, 2)).nullable(),
        col("status", enumeration("page_status", {"draft", "live"})),
        col("ratio", float32()),
        col("score", float64()),
        col("small", int16()),
        col("flag", boolean()).server_default("0"),
        col("blob", binary()).nullable(),
        col("at", timestamp()),
        col("day", date()),
        col("doc", sql_type(text(), "JSONB")).nullable()};
    full.indexes = {idx("ix_pages_title", {"title"}),
                    unique_idx("ux_pages_site", {"site_id", "id"})};
    full.uniques = {unique("uq_pages_title", {"site_id", "title"})};
    full.foreign_keys = {fk("fk_pages_site", {"site_id"}, "sites", {"id"},
                            referential_action::cascade, referential_action::set_null)};
    full.checks = {check("ck_pages_1", "length(title) > 0")};
    full.comment = "one\npage\twith \\ escapes";
    return {
        ops::create_table{full},
        ops::create_table{table{.name = "tags", .columns = {col("id", int64()).primary_key()}}},
        ops::drop_table{"old"},
        ops::rename_table{"a", "b"},
        ops::add_column{"users", col("nickname", string(40)).nullable()},
        ops::drop_column{"users", "bio"},
        ops::rename_column{"users", "mail", "email"},
        ops::alter_column{"users", col("email", string(100)), col("email", string(120)).nullable()},
        ops::alter_primary_key{"memberships", {"id"}, {"user_id", "site_id"}},
        ops::create_index{"users", idx("ix_users_email", {"email"})},
        ops::drop_index{"users", "ix_users_name"},
        ops::add_unique{"users", unique("uq_users_email", {"email"})},
        ops::drop_unique{"users", "uq_users_name"},
        ops::add_foreign_key{"pages", fk("fk_pages_user", {"user_id"}, "users", {"id"},
                                         referential_action::restrict)},
        ops::drop_foreign_key{"pages", "fk_pages_owner"},
        ops::add_check{"users", check("ck_users_1", "age >= 0")},
        ops::drop_check{"users", "ck_users_2"},
        ops::set_table_comment{"users", std::string("people")},
        ops::set_table_comment{"users", std::nullopt},
    };
}

std::string rendered(const std::vector<operation>& operations) {
    std::vector<step> steps;
    for (const auto& op : operations) {
        steps.push_back({op, ""});
    }
    return render_revision(script_template, "script.cpp.tmpl",
                           {"0123456789ab", {"ba9876543210"}, "everything", "2026-11-26 04:07:00"},
                           steps, {});
}

std::vector<operation> read_back(const std::string& text) {
    std::vector<operation> out;
    for (auto& [op, line, column] : read_revision_effect("rev.cpp", text).operations) {
        out.push_back(std::move(op));
    }
    return out;
}

// A revision whose upgrade() body is @p body.
std::string revision_with(const std::string& body) {
    return "#include <strata/revision.hpp>\n"
           "namespace r {\n"
           "using namespace strata::dsl;\n"
           "void upgrade([[maybe_unused]] strata::operations& op) {\n" +
           body +
           "\n}\n"
           "void downgrade([[maybe_unused]] strata::operations& op) {}\n"
           "const strata::revision_registrar registrar{{.id = \"0123456789ab\", "
           ".down_revisions = {}, .upgrade = &upgrade, .downgrade = &downgrade}};\n"
           "}\n";
}

} // namespace

TEST(revision_reader, every_rendered_operation_reads_back_equal) {
    const auto ops = every_operation();
    EXPECT_EQ(read_back(rendered(ops)), ops);
}

TEST(revision_reader, reads_back_equal_after_clang_format) {
    strata::testing::temp_dir dir;
    // Narrow lines make clang-format wrap every call and split the long string literals.
    strata::testing::write_file(dir.path() / ".clang-format",
                                "BasedOnStyle: LLVM\nColumnLimit: 40\nBreakStringLiterals: true\n");
    std::ostringstream log;
    const auto text = rendered(every_operation());
    const auto formatted =
        run_post_write_hook("clang-format", true, text, dir.path() / "rev.cpp", log);
    ASSERT_NE(formatted, text) << "clang-format did not run: " << log.str();
    EXPECT_EQ(read_back(formatted), every_operation());
}

TEST(revision_reader, reads_the_lines_and_a_renamed_upgrade_function) {
    const std::string text =
        "void up(strata::operations& o) {\n  o.drop_table(\"a\");\n\n  o.drop_table(\"b\");\n}\n"
        "const strata::revision_registrar registrar{{.upgrade = &up}};\n";
    const auto effect = read_revision_effect("rev.cpp", text);
    ASSERT_EQ(effect.operations.size(), 2u);
    EXPECT_EQ(effect.operations[0].line, 2u);
    EXPECT_EQ(effect.operations[1].line, 4u);
}

TEST(revision_reader, reads_a_typed_table_definition) {
    const auto ops = read_back(revision_with(
        "op.create_table(strata::table{.name = \"t\", .columns = {col(\"id\", int64())}});"));
    ASSERT_EQ(ops.size(), 1u);
    EXPECT_EQ(ops[0],
              operation(ops::create_table{table{.name = "t", .columns = {col("id", int64())}}}));
}

TEST(revision_reader, data_only_sql_has_no_effect) {
    EXPECT_TRUE(read_back(revision_with("    op.execute(\"UPDATE users SET name = 'ALTER TABLE "
                                        "x' WHERE id = 1\");\n"
                                        "    op.execute(R\"sql(INSERT INTO t VALUES (1))sql\");"))
                    .empty());
}

TEST(revision_reader, ddl_in_execute_must_state_its_effect) {
    EXPECT_THROW_MSG(
        (void)read_back(revision_with("    op.drop_table(\"a\");\n"
                                      "    op.execute(\"ALTER TABLE users ADD COLUMN x INT\");")),
        diagnostic_error,
        "rev.cpp:6:16: error: op.execute() changes a table or an index, which the replay cannot "
        "see\nnote: write the change as an operation");
    EXPECT_THROW_MSG(
        (void)read_back(revision_with("op.execute(\"create unique index u on t(a)\");")),
        diagnostic_error, "changes a table or an index");
    EXPECT_THROW_MSG((void)read_back(revision_with("op.execute(sql_from_somewhere());")),
                     diagnostic_error,
                     "rev.cpp:5:12: error: op.execute() with SQL that is not a literal");
}

TEST(revision_reader, a_stated_effect_replaces_the_sql) {
    EXPECT_TRUE(read_back(revision_with("op.execute(\"CREATE VIEW v AS SELECT 1\", "
                                        "strata::no_schema_change);"))
                    .empty());
    const auto ops = read_back(revision_with(
        "op.execute(make_sql(\"tsv\"), [](strata::operations& state) {\n"
        "    state.add_column(\"docs\", col(\"tsv\", sql_type(text(), \"tsvector\")).nullable());\n"
        "});"));
    ASSERT_EQ(ops.size(), 1u);
    EXPECT_EQ(ops[0], operation(ops::add_column{
                          "docs", col("tsv", sql_type(text(), "tsvector")).nullable()}));
}

TEST(revision_reader, recorded_keeps_the_sql_and_the_registrar_flag) {
    const auto effect = read_revision_effect(
        "rev.cpp", revision_with("op.execute(\"UPDATE t SET a = 1\");\n"
                                 "op.execute(make_sql(), [](strata::operations& s) {\n"
                                 "    s.drop_table(\"old\");\n});\n"
                                 "op.drop_table(\"t\");"));
    ASSERT_EQ(effect.recorded.size(), 3u);
    EXPECT_EQ(effect.recorded[0].op, operation(ops::execute_sql{"UPDATE t SET a = 1"}));
    EXPECT_EQ(effect.recorded[1].op, operation(ops::execute_sql{"make_sql ( )"}));
    EXPECT_EQ(effect.recorded[2].op, operation(ops::drop_table{"t"}));
    EXPECT_EQ(effect.recorded[2].line, 9u);
    ASSERT_EQ(effect.operations.size(), 2u);
    EXPECT_EQ(effect.operations[0].op, operation(ops::drop_table{"old"}));
    EXPECT_TRUE(effect.transactional);
    EXPECT_FALSE(read_revision_effect("rev.cpp", "void upgrade(strata::operations& op) {}\n"
                                                 "// .transactional = true\n"
                                                 "const strata::revision_registrar r{{"
                                                 ".transactional = false}};")
                     .transactional);
}

TEST(revision_reader, other_code_is_refused_where_it_starts) {
    EXPECT_THROW_MSG((void)read_back(revision_with("for (auto t : {\"a\", \"b\"}) {\n"
                                                   "    op.drop_table(t);\n}")),
                     diagnostic_error,
                     "rev.cpp:5:1: error: cannot read this statement of the revision: it is not "
                     "a call `op.<operation>(...)`\nnote: the replay reads upgrade() as");
    EXPECT_THROW_MSG((void)read_back(revision_with("op.drop_table(name);")), diagnostic_error,
                     "rev.cpp:5:15: error: expected a string literal here");
    EXPECT_THROW_MSG((void)read_back(revision_with("op.add_column(\"t\", col(\"c\", "
                                                   "text()).unique());")),
                     diagnostic_error, "rev.cpp:5:37: error: unknown column property `.unique()`");
    EXPECT_THROW_MSG((void)read_back(revision_with("op.truncate(\"t\");")), diagnostic_error,
                     "rev.cpp:5:4: error: unknown operation `op.truncate()`");
    EXPECT_THROW_MSG((void)read_revision_effect("rev.cpp", "int main() {}"), diagnostic_error,
                     "cannot find the definition of `void upgrade(strata::operations& op)`");
}

// --- one owner for the revision-file format (render/revision_format.hpp) ------------------

namespace {
using revision_format::read_registration;

// A revision with every kind of metadata, rendered through the default template, with
// `.transactional = false` and a hand-written step with a stated effect added by hand.
struct full_revision {
    revision_header header{"0123456789ab",
                           {"ba9876543210", "cd5432109876"},
                           "all \"of\" it\nwith a \\ second line",
                           "2026-11-26 04:07:00",
                           {"audit"},
                           {"aaaa11112222", "bbbb33334444"}};
    std::vector<operation> downgrades{ops::drop_table{"tags"}, ops::execute_sql{"DELETE FROM x"}};
    std::string text;

    full_revision() {
        std::vector<step> up;
        for (const auto& op : every_operation()) {
            up.push_back({op, ""});
        }
        up.push_back({ops::execute_sql{"UPDATE users SET email = lower(email)"}, ""});
        std::vector<step> down;
        for (const auto& op : downgrades) {
            down.push_back({op, ""});
        }
        text = render_revision(script_template, "script.cpp.tmpl", header, up, down);
        text.replace(text.find("}};"), 0, "    .transactional = false,\n");
        const std::string stated =
            "    op.execute(\"CREATE TABLE made (id INTEGER)\", [](strata::operations& state) "
            "{\n        state.create_table(\"made\", {col(\"id\", int64())});\n    });\n";
        const auto body = text.find('{', text.find("static void upgrade(")) + 2;
        text.insert(body, stated);
    }
};

void expect_round_trip(const full_revision& rev, const std::string& text) {
    const auto reg = read_registration("rev.cpp", text);
    EXPECT_EQ(reg.id, rev.header.id);
    EXPECT_EQ(reg.down_revisions, rev.header.down_revisions);
    EXPECT_EQ(reg.message, rev.header.message);
    EXPECT_EQ(reg.create_date, rev.header.create_date);
    EXPECT_EQ(reg.branch_labels, rev.header.branch_labels);
    EXPECT_EQ(reg.depends_on, rev.header.depends_on);
    EXPECT_FALSE(reg.transactional);

    const auto effect = read_revision_effect("rev.cpp", text);
    EXPECT_FALSE(effect.transactional);
    auto expected = every_operation();
    expected.insert(expected.begin(),
                    ops::create_table{table{.name = "made", .columns = {col("id", int64())}}});
    EXPECT_EQ(read_back(text), expected);
    ASSERT_EQ(effect.recorded.size(), every_operation().size() + 2);
    EXPECT_EQ(effect.recorded.front().op,
              operation(ops::execute_sql{"CREATE TABLE made (id INTEGER)"}));
    EXPECT_EQ(effect.recorded.back().op,
              operation(ops::execute_sql{"UPDATE users SET email = lower(email)"}));
    std::vector<operation> down;
    for (auto& [op, line, column] : read_revision_effect("rev.cpp", text, true).recorded) {
        down.push_back(std::move(op));
    }
    EXPECT_EQ(down, rev.downgrades);
}

} // namespace

TEST(revision_format, render_then_read_gives_back_the_operations_and_the_metadata) {
    const full_revision rev;
    expect_round_trip(rev, rev.text);
}

TEST(revision_format, reads_back_after_clang_format_wraps_the_registrar) {
    const full_revision rev;
    strata::testing::temp_dir dir;
    strata::testing::write_file(
        dir.path() / ".clang-format",
        "BasedOnStyle: LLVM\nColumnLimit: 30\nBreakStringLiterals: false\n");
    std::ostringstream log;
    const auto formatted =
        run_post_write_hook("clang-format", true, rev.text, dir.path() / "rev.cpp", log);
    ASSERT_NE(formatted, rev.text) << "clang-format did not run: " << log.str();
    expect_round_trip(rev, formatted);
}

TEST(revision_format, the_default_template_writes_every_field_through_its_placeholder) {
    namespace format = revision_format;
    const std::string tmpl = script_template;
    for (const auto& [field, placeholder] :
         std::vector<std::pair<std::string_view, std::string_view>>{
             {format::id_field, format::revision_placeholder},
             {format::down_revisions_field, format::down_revisions_placeholder},
             {format::message_field, format::message_literal_placeholder},
             {format::create_date_field, format::create_date_placeholder},
             {format::branch_labels_field, format::branch_labels_placeholder},
             {format::depends_on_field, format::depends_on_placeholder}}) {
        const auto at = tmpl.find("." + std::string(field) + " = ");
        ASSERT_NE(at, std::string::npos) << field;
        EXPECT_EQ(
            tmpl.substr(at, tmpl.find('\n', at) - at).find(format::placeholder(placeholder)) !=
                std::string::npos,
            true)
            << field;
    }
    EXPECT_NE(tmpl.find(format::list_field_line(format::depends_on_field,
                                                format::depends_on_placeholder)),
              std::string::npos);
    // Comments are not the registrar; a file without one has no id, and saying so is an error.
    const auto scanned = format::scan_registration("// .id = \"abc\"\n// .transactional = false\n");
    EXPECT_TRUE(scanned.id.empty());
    EXPECT_TRUE(scanned.transactional);
    EXPECT_THROW_MSG((void)read_registration("r.cpp", "int x;"), diagnostic_error,
                     "revision file has no `.id = \"...\"` in its strata::revision_registrar");
}
