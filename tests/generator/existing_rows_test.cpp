// existing_rows (issue 13): a change that rows an existing table already holds may fail
// stops the diff until the model declares how they are handled; each declared value
// writes its procedure before the change. The SQL itself runs against real databases in
// tests/evolution/existing_rows_*.

#include "compare/diff.hpp"
#include "support/diagnostic.hpp"

#include <gtest/gtest.h>

using namespace strata;
using namespace strata::generator;
using namespace strata::dsl;

namespace {

schema with(std::vector<table> tables) {
    schema s{std::move(tables)};
    s.normalize();
    return s;
}

table users(column email = col("email", string(120))) {
    return table{.name = "users", .columns = {col("id", int64()).primary_key(), std::move(email)}};
}

table posts(column author = col("author_id", int64()).nullable()) {
    return table{.name = "posts", .columns = {col("id", int64()).primary_key(), std::move(author)}};
}

table posts_with_key(column author = col("author_id", int64()).nullable()) {
    table t = posts(std::move(author));
    t.foreign_keys = {fk("fk_posts_author", {"author_id"}, "users", {"id"})};
    return t;
}

scan_annotations declare(const std::string& owner, const std::string& value) {
    scan_annotations a;
    a.existing_rows[owner] = value;
    a.locations[owner] = source_location{"models.hpp", 7, 5};
    return a;
}

// The one diagnostic the diff stops with.
diagnostic stop(const schema& from, const schema& to, const scan_annotations& a) {
    try {
        (void)diff(from, to, a);
    } catch (const diagnostic_error& e) {
        EXPECT_EQ(e.diagnostics().size(), 1u);
        return e.diagnostics().at(0);
    }
    ADD_FAILURE() << "the diff did not stop";
    return {};
}

std::string all_notes(const diagnostic& d) {
    std::string text;
    for (const auto& n : d.notes) {
        text += n + "\n";
    }
    return text;
}

std::vector<step> upgrade(const schema& from, const schema& to, const scan_annotations& a) {
    return upgrade_steps(diff(from, to, a).changes);
}

std::string sql_of(const step& s) {
    const auto* sql = std::get_if<ops::execute_sql>(&s.op);
    return sql ? sql->sql : std::string("(not execute_sql: ") + describe(s.op) + ")";
}

} // namespace

TEST(existing_rows, narrowed_string_stops_with_location_and_the_values_that_apply) {
    scan_annotations a;
    a.locations["users.email"] = source_location{"models.hpp", 9, 5};
    const auto d = stop(with({users()}), with({users(col("email", string(40)))}), a);
    EXPECT_EQ(format_location(d.where), "models.hpp:9:5");
    EXPECT_EQ(d.message, "column 'users.email': the revision alters column users.email: narrows "
                         "its type (string(120) → string(40)): PostgreSQL fails on a value "
                         "longer than 40 characters; SQLite keeps it; may lose data");
    const auto notes = all_notes(d);
    EXPECT_NE(notes.find("STRATA_COLUMN(existing_rows = \"...\")"), std::string::npos) << notes;
    EXPECT_NE(notes.find("existing_rows = \"checked\""), std::string::npos) << notes;
    EXPECT_NE(notes.find("existing_rows = \"truncate\": values longer than 40 characters are cut "
                         "to 40 first"),
              std::string::npos)
        << notes;
    EXPECT_EQ(notes.find("\"delete\""), std::string::npos) << notes;
}

TEST(existing_rows, truncate_cuts_long_strings_before_the_alter) {
    const auto up = upgrade(with({users()}), with({users(col("email", string(40)))}),
                            declare("users.email", "truncate"));
    ASSERT_EQ(up.size(), 2u);
    EXPECT_EQ(sql_of(up[0]),
              R"(UPDATE "users" SET "email" = substr("email", 1, 40) WHERE length("email") > 40)");
    EXPECT_TRUE(std::holds_alternative<ops::alter_column>(up[1].op));
    EXPECT_NE(up[1].warning.find("\ndeclared existing_rows = \"truncate\": values longer than 40 "
                                 "characters are cut to 40 first"),
              std::string::npos)
        << up[1].warning;
}

TEST(existing_rows, checked_runs_nothing_first_and_keeps_the_warning) {
    const auto up = upgrade(with({users()}), with({users(col("email", string(40)))}),
                            declare("users.email", "checked"));
    ASSERT_EQ(up.size(), 1u);
    EXPECT_NE(up[0].warning.find("narrows its type"), std::string::npos) << up[0].warning;
    EXPECT_NE(up[0].warning.find("declared existing_rows = \"checked\""), std::string::npos);
}

TEST(existing_rows, a_value_that_does_not_apply_is_an_error_listing_those_that_do) {
    table narrowed = users();
    narrowed.columns[0] = col("id", int32()).primary_key();
    const auto d = stop(with({users()}), with({narrowed}), declare("users.id", "truncate"));
    EXPECT_EQ(format_location(d.where), "models.hpp:7:5");
    EXPECT_NE(d.message.find("STRATA_COLUMN(existing_rows = \"truncate\") on 'users.id' does not "
                             "apply to this change"),
              std::string::npos)
        << d.message;
    const auto notes = all_notes(d);
    EXPECT_NE(notes.find("existing_rows = \"checked\""), std::string::npos) << notes;
    EXPECT_EQ(notes.find("existing_rows = \"truncate\""), std::string::npos) << notes;
}

TEST(existing_rows, widening_and_conversions_that_always_succeed_need_nothing) {
    EXPECT_NO_THROW((void)diff(with({users()}), with({users(col("email", text()))})));
    EXPECT_NO_THROW((void)diff(with({users()}), with({users(col("email", string(200)))})));
    table t{.name = "t", .columns = {col("id", int64()).primary_key(), col("x", float64())}};
    table rounded = t;
    rounded.columns[1] = col("x", float32());
    EXPECT_NO_THROW((void)diff(with({t}), with({rounded})));
}

TEST(existing_rows, unique_delete_keeps_the_row_with_the_smallest_primary_key) {
    table v2 = users();
    v2.uniques = {unique("uq_users_email", {"email"})};
    EXPECT_NE(stop(with({users()}), with({v2}), {}).message.find("adds unique constraint"),
              std::string::npos);
    const auto up = upgrade(with({users()}), with({v2}), declare("users", "delete"));
    ASSERT_EQ(up.size(), 2u);
    EXPECT_EQ(sql_of(up[0]),
              R"(DELETE FROM "users" WHERE EXISTS (SELECT 1 FROM "users" AS "strata_keep" WHERE )"
              R"("strata_keep"."email" = "users"."email" AND "strata_keep"."id" < "users"."id"))");
    EXPECT_NE(up[1].warning.find("declared existing_rows = \"delete\": deletes rows that repeat "
                                 "a value of (email) first, keeping the one with the smallest "
                                 "(id)"),
              std::string::npos)
        << up[1].warning;
}

TEST(existing_rows, unique_index_and_a_composite_key_order_rows_column_by_column) {
    table v1{.name = "m",
             .columns = {col("a", int64()).primary_key(), col("b", int64()).primary_key(),
                         col("c", int64())}};
    table v2 = v1;
    v2.indexes = {unique_idx("ix_m_c", {"c"})};
    const auto up = upgrade(with({v1}), with({v2}), declare("m", "delete"));
    ASSERT_EQ(up.size(), 2u);
    EXPECT_EQ(sql_of(up[0]),
              R"(DELETE FROM "m" WHERE EXISTS (SELECT 1 FROM "m" AS "strata_keep" WHERE )"
              R"("strata_keep"."c" = "m"."c" AND ("strata_keep"."a" < "m"."a" OR )"
              R"(("strata_keep"."a" = "m"."a" AND "strata_keep"."b" < "m"."b"))))");
}

TEST(existing_rows, a_unique_key_over_the_primary_key_cannot_fail) {
    table v2 = users();
    v2.uniques = {unique("uq_users_email_id", {"email", "id"})};
    EXPECT_NO_THROW((void)diff(with({users()}), with({v2})));
}

TEST(existing_rows, new_primary_key_delete_keeps_the_smallest_old_key) {
    table v2 = users();
    v2.columns[0].primary_key = false;
    v2.columns[1].primary_key = true;
    EXPECT_NE(stop(with({users()}), with({v2}), {}).message.find("changes the primary key"),
              std::string::npos);
    const auto up = upgrade(with({users()}), with({v2}), declare("users", "delete"));
    ASSERT_EQ(up.size(), 2u);
    EXPECT_EQ(sql_of(up[0]),
              R"(DELETE FROM "users" WHERE EXISTS (SELECT 1 FROM "users" AS "strata_keep" WHERE )"
              R"("strata_keep"."email" = "users"."email" AND "strata_keep"."id" < "users"."id"))");
    EXPECT_TRUE(std::holds_alternative<ops::alter_primary_key>(up[1].op));
}

TEST(existing_rows, check_delete_removes_the_rows_that_violate_it) {
    table v2 = users();
    v2.checks = {check("ck_users_email", "email <> ''")};
    const auto up = upgrade(with({users()}), with({v2}), declare("users", "delete"));
    ASSERT_EQ(up.size(), 2u);
    EXPECT_EQ(sql_of(up[0]), R"(DELETE FROM "users" WHERE NOT (email <> ''))");
    EXPECT_NE(up[1].warning.find("deletes rows that violate email <> '' first"), std::string::npos)
        << up[1].warning;
}

TEST(existing_rows, foreign_key_orphans_are_deleted_or_set_to_null) {
    const schema before = with({users(), posts()});
    const schema after = with({users(), posts_with_key()});
    const auto d = stop(before, after, {});
    EXPECT_NE(d.message.find("table 'posts': the revision adds foreign key fk_posts_author"),
              std::string::npos)
        << d.message;
    EXPECT_NE(all_notes(d).find("existing_rows = \"null\""), std::string::npos);
    const std::string orphan = R"("posts"."author_id" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM )"
                               R"("users" AS "strata_ref" WHERE "strata_ref"."id" = )"
                               R"("posts"."author_id"))";
    const auto deleted = upgrade(before, after, declare("posts", "delete"));
    ASSERT_EQ(deleted.size(), 2u);
    EXPECT_EQ(sql_of(deleted[0]), "DELETE FROM \"posts\" WHERE " + orphan);
    const auto nulled = upgrade(before, after, declare("posts", "null"));
    ASSERT_EQ(nulled.size(), 2u);
    EXPECT_EQ(sql_of(nulled[0]), "UPDATE \"posts\" SET \"author_id\" = NULL WHERE " + orphan);
}

TEST(existing_rows, null_on_a_not_null_foreign_key_is_an_error) {
    const auto required = col("author_id", int64());
    const auto d = stop(with({users(), posts(required)}), with({users(), posts_with_key(required)}),
                        declare("posts", "null"));
    EXPECT_NE(d.message.find("STRATA_TABLE(existing_rows = \"null\") on 'posts' does not apply"),
              std::string::npos)
        << d.message;
    EXPECT_EQ(all_notes(d).find("existing_rows = \"null\""), std::string::npos) << all_notes(d);
    EXPECT_NE(all_notes(d).find("existing_rows = \"delete\""), std::string::npos);
}

TEST(existing_rows, a_member_declares_for_the_constraints_it_declared) {
    // The member's `references` makes the key: its STRATA_COLUMN is where to declare.
    scan_annotations a = declare("posts.author_id", "delete");
    a.constraint_owners["posts.fk_posts_author"] = "posts.author_id";
    const auto up = upgrade(with({users(), posts()}), with({users(), posts_with_key()}), a);
    ASSERT_EQ(up.size(), 2u);
    EXPECT_NE(sql_of(up[0]).find("DELETE FROM \"posts\""), std::string::npos);
    // A declaration on the table does not cover it.
    scan_annotations on_table = declare("posts", "delete");
    on_table.constraint_owners["posts.fk_posts_author"] = "posts.author_id";
    EXPECT_NE(stop(with({users(), posts()}), with({users(), posts_with_key()}), on_table)
                  .message.find("column 'posts.author_id'"),
              std::string::npos);
}

TEST(existing_rows, tables_created_in_the_revision_need_nothing) {
    table v2 = users();
    v2.uniques = {unique("uq_users_email", {"email"})};
    v2.checks = {check("ck_users_email", "email <> ''")};
    EXPECT_NO_THROW((void)diff(schema{}, with({v2, posts_with_key()})));
}
