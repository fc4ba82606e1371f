#include "compare/diff.hpp"
#include "expect_throw_msg.hpp"
#include "strata/error.hpp"
#include "support/diagnostic.hpp"

#include <gtest/gtest.h>

using namespace strata;
using namespace strata::generator;
using namespace strata::dsl;

namespace {

table users_v1() {
    return table{.name = "users",
                 .columns = {col("id", int64()).primary_key(), col("email", string(120))}};
}

schema with(std::vector<table> tables) {
    schema s{std::move(tables)};
    s.normalize();
    return s;
}

std::vector<operation> upgrade_ops(const diff_result& d) {
    std::vector<operation> ops;
    for (const auto& s : upgrade_steps(d.changes)) {
        ops.push_back(s.op);
    }
    return ops;
}

schema sorted_columns(schema s) {
    for (auto& t : s.tables) {
        std::sort(t.columns.begin(), t.columns.end(),
                  [](const column& a, const column& b) { return a.name < b.name; });
    }
    return s;
}

// Applying upgrade to `from` gives `to`, and downgrade gives `from` back (column order
// aside: the database appends added columns).
diff_result expect_round_trip(const schema& from, const schema& to,
                              const scan_annotations& annotations = {}) {
    auto result = diff(from, to, annotations);
    schema up = from;
    for (const auto& s : upgrade_steps(result.changes)) {
        strata::apply(up, s.op);
    }
    EXPECT_EQ(sorted_columns(up), sorted_columns(to));
    schema down = up;
    for (const auto& s : downgrade_steps(result.changes)) {
        strata::apply(down, s.op);
    }
    EXPECT_EQ(sorted_columns(down), sorted_columns(from));
    return result;
}

template <class Op>
std::vector<Op> all_of_kind(const std::vector<operation>& ops) {
    std::vector<Op> found;
    for (const auto& op : ops) {
        if (const auto* o = std::get_if<Op>(&op)) {
            found.push_back(*o);
        }
    }
    return found;
}

std::size_t position_of(const std::vector<operation>& ops, const std::string& description) {
    for (std::size_t i = 0; i < ops.size(); ++i) {
        if (describe(ops[i]) == description) {
            return i;
        }
    }
    ADD_FAILURE() << "no operation '" << description << "'";
    return ops.size();
}

table site() {
    return table{.name = "sites", .columns = {col("id", int64()).primary_key()}};
}

table page() {
    return table{.name = "pages",
                 .columns = {col("id", int64()).primary_key(), col("site_id", int64())},
                 .foreign_keys = {fk("fk_pages_site_id_sites", {"site_id"}, "sites", {"id"},
                                     referential_action::cascade)}};
}

scan_annotations renames(std::vector<declared_rename> list) {
    scan_annotations a;
    a.renames = std::move(list);
    return a;
}

} // namespace

TEST(diff, identical_schemas_have_no_changes) {
    EXPECT_TRUE(diff(with({users_v1()}), with({users_v1()})).changes.empty());
}

TEST(diff, new_table_is_created_and_dropped_on_downgrade) {
    const auto result = expect_round_trip(schema{}, with({users_v1()}));
    ASSERT_EQ(result.changes.size(), 1u);
    EXPECT_EQ(result.changes[0].upgrade.op, operation{ops::create_table{users_v1()}});
    EXPECT_EQ(result.changes[0].downgrade->op, operation{ops::drop_table{"users"}});
    EXPECT_TRUE(result.changes[0].upgrade.warning.empty());
}

TEST(diff, dropped_table_is_recreated_in_full_on_downgrade_and_warned) {
    const auto result = expect_round_trip(with({users_v1()}), schema{});
    ASSERT_EQ(result.changes.size(), 1u);
    EXPECT_EQ(result.changes[0].downgrade->op, operation{ops::create_table{users_v1()}});
    EXPECT_NE(result.changes[0].upgrade.warning.find("drops table users"), std::string::npos);
}

TEST(diff, added_and_dropped_columns) {
    table v2{.name = "users",
             .columns = {col("id", int64()).primary_key(), col("bio", text()).nullable()}};
    const auto result = expect_round_trip(with({users_v1()}), with({v2}));
    const auto ops = upgrade_ops(result);
    ASSERT_EQ(ops.size(), 2u);
    EXPECT_EQ(ops[0], (operation{ops::add_column{"users", col("bio", text()).nullable()}}));
    EXPECT_EQ(ops[1], (operation{ops::drop_column{"users", "email"}}));
    EXPECT_NE(result.changes[1].upgrade.warning.find("drops column users.email"),
              std::string::npos);
    // The inverse of the add is a drop, which is warned in downgrade too.
    EXPECT_NE(result.changes[0].downgrade->warning.find("drops column users.bio"),
              std::string::npos);
}

TEST(diff, creates_follow_foreign_keys_and_drops_go_in_reverse) {
    const auto created = expect_round_trip(schema{}, with({page(), site()}));
    const auto up = upgrade_ops(created);
    EXPECT_LT(position_of(up, "create table sites"), position_of(up, "create table pages"));

    const auto dropped = expect_round_trip(with({page(), site()}), schema{});
    const auto down = upgrade_ops(dropped);
    EXPECT_LT(position_of(down, "drop table pages"), position_of(down, "drop table sites"));
}

TEST(diff, foreign_key_cycle_is_closed_with_a_separate_operation) {
    table authors{
        .name = "authors",
        .columns = {col("id", int64()).primary_key(), col("best_book_id", int64()).nullable()},
        .foreign_keys = {fk("fk_authors_best_book", {"best_book_id"}, "books", {"id"})}};
    table books{.name = "books",
                .columns = {col("id", int64()).primary_key(), col("author_id", int64())},
                .foreign_keys = {fk("fk_books_author", {"author_id"}, "authors", {"id"})}};
    const auto result = expect_round_trip(schema{}, with({authors, books}));
    const auto ops = upgrade_ops(result);
    ASSERT_EQ(ops.size(), 3u);
    const auto& first = std::get<ops::create_table>(ops[0]).definition;
    EXPECT_EQ(first.name, "authors");
    EXPECT_TRUE(first.foreign_keys.empty());
    EXPECT_EQ(describe(ops[1]), "create table books");
    EXPECT_EQ(describe(ops[2]), "add foreign key fk_authors_best_book on authors");

    // Dropping both: the closing key goes first so no table is dropped while referenced.
    const auto drops = upgrade_ops(expect_round_trip(with({authors, books}), schema{}));
    EXPECT_TRUE(std::holds_alternative<ops::drop_foreign_key>(drops[0]));
}

TEST(diff, not_null_column_needs_a_default_or_backfill) {
    table v2 = users_v1();
    v2.columns.push_back(col("age", int32()));
    EXPECT_THROW_MSG((void)diff(with({users_v1()}), with({v2})), diagnostic_error,
                     "column 'users.age' is added to an existing table as NOT NULL");
    try {
        (void)diff(with({users_v1()}), with({v2}));
    } catch (const diagnostic_error& e) {
        const auto& notes = e.diagnostics().at(0).notes;
        EXPECT_NE(notes.at(0).find("default"), std::string::npos);
        EXPECT_NE(notes.at(1).find("backfill"), std::string::npos);
    }
}

TEST(diff, not_null_column_with_server_default_is_added_directly) {
    table v2 = users_v1();
    v2.columns.push_back(col("age", int32()).server_default("0"));
    const auto ops = upgrade_ops(expect_round_trip(with({users_v1()}), with({v2})));
    ASSERT_EQ(ops.size(), 1u);
    EXPECT_TRUE(std::holds_alternative<ops::add_column>(ops[0]));
}

TEST(diff, backfill_adds_nullable_fills_then_tightens) {
    table v2 = users_v1();
    v2.columns.push_back(col("age", int32()));
    scan_annotations a;
    a.backfills["users.age"] = "18";
    const auto result = expect_round_trip(with({users_v1()}), with({v2}), a);
    const auto ops = upgrade_ops(result);
    ASSERT_EQ(ops.size(), 3u);
    EXPECT_EQ(ops[0], (operation{ops::add_column{"users", col("age", int32()).nullable()}}));
    EXPECT_EQ(ops[1], (operation{ops::execute_sql{"UPDATE \"users\" SET \"age\" = 18"}}));
    EXPECT_EQ(ops[2], (operation{ops::alter_column{"users", col("age", int32()).nullable(),
                                                   col("age", int32())}}));
    // The UPDATE needs no undo: downgrade is loosen, then drop.
    EXPECT_EQ(downgrade_steps(result.changes).size(), 2u);
}

TEST(diff, type_changes_warn_only_when_narrowing) {
    table wider = users_v1();
    wider.columns[1] = col("email", text());
    auto widen = upgrade_steps(expect_round_trip(with({users_v1()}), with({wider})).changes);
    ASSERT_EQ(widen.size(), 1u);
    EXPECT_TRUE(std::holds_alternative<ops::alter_column>(widen[0].op));
    EXPECT_TRUE(widen[0].warning.empty());

    table narrower = users_v1();
    narrower.columns[1] = col("email", string(40));
    scan_annotations a;
    a.existing_rows["users.email"] = "checked";
    auto narrow = upgrade_steps(expect_round_trip(with({users_v1()}), with({narrower}), a).changes);
    EXPECT_EQ(narrow[0].warning,
              "alters column users.email: narrows its type (string(120) → string(40)): PostgreSQL "
              "fails on a value longer than 40 characters; SQLite keeps it; may lose data\n"
              "declared existing_rows = \"checked\": the model asserts every existing row "
              "satisfies it");
}

TEST(diff, nullable_to_not_null_uses_the_backfill_first) {
    table loose = users_v1();
    loose.columns[1] = col("email", string(120)).nullable();
    scan_annotations a;
    a.backfills["users.email"] = "'unknown'";
    const auto result = expect_round_trip(with({loose}), with({users_v1()}), a);
    const auto filled = upgrade_ops(result);
    ASSERT_EQ(filled.size(), 2u);
    EXPECT_EQ(filled[0],
              (operation{ops::execute_sql{
                  "UPDATE \"users\" SET \"email\" = 'unknown' WHERE \"email\" IS NULL"}}));
    // Every NULL has a value now, so the NOT NULL step cannot fail.
    EXPECT_EQ(upgrade_steps(result.changes)[1].warning, "");
}

// Issue 13: a nullable column becomes NOT NULL and gains a default; rows holding NULL
// get the default in the same revision, before the constraint (as EF Core does).
TEST(diff, nullable_to_not_null_fills_nulls_with_the_new_default) {
    const table v1{.name = "ticket",
                   .columns = {col("id", int64()).primary_key(), col("level", int32()).nullable()}};
    const table v2{
        .name = "ticket",
        .columns = {col("id", int64()).primary_key(), col("level", int32()).server_default("3")}};
    const auto result = expect_round_trip(with({v1}), with({v2}));
    const auto up = upgrade_steps(result.changes);
    ASSERT_EQ(up.size(), 2u);
    EXPECT_EQ(up[0].op, (operation{ops::execute_sql{
                            "UPDATE \"ticket\" SET \"level\" = 3 WHERE \"level\" IS NULL"}}));
    EXPECT_EQ(up[1].op, (operation{ops::alter_column{"ticket", v1.columns[1], v2.columns[1]}}));
    EXPECT_EQ(up[1].warning, "");
}

TEST(diff, nullable_to_not_null_without_a_value_stops_and_asks_for_a_backfill) {
    table loose = users_v1();
    loose.columns[1] = col("email", string(120)).nullable();
    scan_annotations a;
    a.locations["users.email"] = {"models/user.hpp", 7, 5};
    try {
        (void)diff(with({loose}), with({users_v1()}), a);
        FAIL() << "expected a diagnostic";
    } catch (const diagnostic_error& e) {
        ASSERT_EQ(e.diagnostics().size(), 1u);
        const auto text = format_diagnostic(e.diagnostics()[0]);
        EXPECT_NE(text.find("models/user.hpp:7:5: error: column 'users.email' becomes NOT NULL, "
                            "but existing rows may hold NULL"),
                  std::string::npos)
            << text;
        EXPECT_NE(text.find("backfill = "), std::string::npos) << text;
    }
}

// A type change and NOT NULL together: the type changes first (still nullable), then the
// fill writes a value of the new type, then the constraint.
TEST(diff, type_change_and_not_null_fill_in_between) {
    const table v1{.name = "t",
                   .columns = {col("id", int64()).primary_key(), col("n", int32()).nullable()}};
    const table v2{.name = "t",
                   .columns = {col("id", int64()).primary_key(),
                               col("n", string(10)).server_default("'none'")}};
    scan_annotations a;
    a.existing_rows["t.n"] = "checked"; // a number longer than 10 digits would not fit
    const auto up = upgrade_ops(expect_round_trip(with({v1}), with({v2}), a));
    ASSERT_EQ(up.size(), 3u);
    EXPECT_EQ(up[0],
              (operation{ops::alter_column{
                  "t", v1.columns[1], col("n", string(10)).server_default("'none'").nullable()}}));
    EXPECT_TRUE(std::holds_alternative<ops::execute_sql>(up[1]));
    EXPECT_EQ(up[2],
              (operation{ops::alter_column{
                  "t", col("n", string(10)).server_default("'none'").nullable(), v2.columns[1]}}));
}

// The same rule for downgrade(): a column made nullable becomes NOT NULL again there, so
// the rows written in between need a value too.
TEST(diff, not_null_to_nullable_fills_before_the_downgrade_tightens) {
    const table v1{
        .name = "t",
        .columns = {col("id", int64()).primary_key(), col("n", int32()).server_default("7")}};
    const table v2{.name = "t",
                   .columns = {col("id", int64()).primary_key(), col("n", int32()).nullable()}};
    const auto result = expect_round_trip(with({v1}), with({v2}));
    const auto down = downgrade_steps(result.changes);
    ASSERT_EQ(down.size(), 2u);
    EXPECT_EQ(down[0].op,
              (operation{ops::execute_sql{"UPDATE \"t\" SET \"n\" = 7 WHERE \"n\" IS NULL"}}));
    EXPECT_EQ(down[1].op, (operation{ops::alter_column{"t", v2.columns[1], v1.columns[1]}}));
    EXPECT_EQ(down[1].warning, "");

    const table plain{.name = "t",
                      .columns = {col("id", int64()).primary_key(), col("n", int32())}};
    EXPECT_THROW_MSG((void)diff(with({plain}), with({v2})), diagnostic_error,
                     "column 't.n' becomes nullable, so downgrade() makes it NOT NULL again");
    scan_annotations a;
    a.backfills["t.n"] = "-1";
    const auto declared = downgrade_steps(expect_round_trip(with({plain}), with({v2}), a).changes);
    ASSERT_EQ(declared.size(), 2u);
    EXPECT_EQ(declared[0].op,
              (operation{ops::execute_sql{"UPDATE \"t\" SET \"n\" = -1 WHERE \"n\" IS NULL"}}));
}

// Issue 13: the downgrade of dropping a NOT NULL column re-adds it; as a plain NOT NULL
// ADD COLUMN it would fail on any row, so it comes back nullable, gets a placeholder, and
// is tightened; the file says the values are gone.
TEST(diff, dropped_not_null_column_comes_back_with_a_placeholder) {
    const table v1{.name = "notes",
                   .columns = {col("id", int64()).primary_key(), col("body", text())}};
    const table v2{.name = "notes", .columns = {col("id", int64()).primary_key()}};
    const auto result = expect_round_trip(with({v1}), with({v2}));
    const auto down = downgrade_steps(result.changes);
    ASSERT_EQ(down.size(), 3u);
    EXPECT_EQ(down[0].op, (operation{ops::add_column{"notes", col("body", text()).nullable()}}));
    EXPECT_EQ(down[0].warning, "re-adds column notes.body, which upgrade() dropped, with '' in "
                               "every row: its values are gone");
    EXPECT_EQ(
        down[1].op,
        (operation{ops::execute_sql{"UPDATE \"notes\" SET \"body\" = '' WHERE \"body\" IS NULL"}}));
    EXPECT_EQ(down[2].op, (operation{ops::alter_column{"notes", col("body", text()).nullable(),
                                                       v1.columns[1]}}));
    EXPECT_EQ(down[2].warning, "");
}

// Constraints that existing rows may violate say so on an existing table, and not on a
// table the same revision creates.
TEST(diff, constraints_on_existing_tables_say_what_can_fail) {
    table v2 = users_v1();
    v2.uniques = {unique("uq_users_email", {"email"})};
    v2.checks = {check("ck_users_1", "length(email) > 3")};
    scan_annotations a;
    a.existing_rows["users"] = "checked";
    const auto up = upgrade_steps(expect_round_trip(with({users_v1()}), with({v2}), a).changes);
    ASSERT_EQ(up.size(), 2u);
    const std::string declared =
        "\ndeclared existing_rows = \"checked\": the model asserts every existing row satisfies it";
    EXPECT_EQ(up[0].warning, "adds unique constraint uq_users_email on users(email): fails if "
                             "existing rows repeat a value of (email)" +
                                 declared);
    EXPECT_EQ(
        up[1].warning,
        "adds check ck_users_1 on users: fails if an existing row violates length(email) > 3" +
            declared);
    for (const auto& s : upgrade_steps(diff(schema{}, with({v2, page(), site()})).changes)) {
        EXPECT_EQ(s.warning, "") << describe(s.op);
    }
}

TEST(diff, declared_table_rename_keeps_the_table) {
    table people = users_v1();
    people.name = "people";
    const auto ops = upgrade_ops(expect_round_trip(with({users_v1()}), with({people}),
                                                   renames({{"people", "", "users", {}}})));
    ASSERT_EQ(ops.size(), 1u);
    EXPECT_EQ(ops[0], (operation{ops::rename_table{"users", "people"}}));
    // Once applied (the snapshot has the new name), the annotation does nothing.
    EXPECT_TRUE(diff(with({people}), with({people}), renames({{"people", "", "users", {}}}))
                    .changes.empty());
}

TEST(diff, declared_column_rename_keeps_the_column) {
    table v2 = users_v1();
    v2.columns[1].name = "email_address";
    const auto ops = upgrade_ops(expect_round_trip(
        with({users_v1()}), with({v2}), renames({{"users", "email_address", "email", {}}})));
    ASSERT_EQ(ops.size(), 1u);
    EXPECT_EQ(ops[0], (operation{ops::rename_column{"users", "email", "email_address"}}));
}

TEST(diff, rename_of_something_that_never_existed_is_an_error_at_its_declaration) {
    table v2 = users_v1();
    v2.columns[1].name = "mail";
    EXPECT_THROW_MSG((void)diff(with({users_v1()}), with({v2}),
                                renames({{"users", "mail", "e_mail", {"models/user.hpp", 7, 5}}})),
                     diagnostic_error,
                     "models/user.hpp:7:5: error: column 'users.mail' is declared renamed_from "
                     "'e_mail', but the snapshot has no column 'users.e_mail'");
    EXPECT_THROW_MSG((void)diff(with({users_v1()}), with({users_v1(), site()}),
                                renames({{"sites", "", "websites", {}}})),
                     diagnostic_error, "the snapshot has no table 'websites'");
}

TEST(diff, undeclared_rename_is_a_drop_and_add_with_a_hint) {
    table v2 = users_v1();
    v2.columns[1].name = "mail";
    v2.columns[1].nullable = false;
    table v2_loose = v2;
    v2_loose.columns[1].nullable = true; // added columns must be nullable; same type otherwise
    table v1_loose = users_v1();
    v1_loose.columns[1].nullable = true;
    const auto result = diff(with({v1_loose}), with({v2_loose}));
    ASSERT_EQ(result.hints.size(), 1u);
    EXPECT_NE(result.hints[0].find("renamed_from = \"email\""), std::string::npos);

    table people = users_v1();
    people.name = "people";
    const auto tables = diff(with({users_v1()}), with({people}));
    ASSERT_EQ(tables.hints.size(), 1u);
    EXPECT_NE(tables.hints[0].find("STRATA_TABLE(renamed_from = \"users\")"), std::string::npos);
}

TEST(diff, indexes_and_constraints_are_added_dropped_and_replaced) {
    table v1 = users_v1();
    v1.indexes = {idx("ix_users_email", {"email"})};
    v1.checks = {check("ck_users_email", "email <> ''")};
    table v2 = users_v1();
    v2.indexes = {unique_idx("ix_users_email", {"email"})}; // same name, now unique
    v2.uniques = {unique("uq_users_email", {"email"})};
    scan_annotations a;
    a.existing_rows["users"] = "checked";
    const auto ops = upgrade_ops(expect_round_trip(with({v1}), with({v2}), a));
    EXPECT_LT(position_of(ops, "drop index ix_users_email on users"),
              position_of(ops, "create index ix_users_email on users"));
    position_of(ops, "drop check constraint ck_users_email on users");
    position_of(ops, "add unique constraint uq_users_email on users");
}

TEST(diff, foreign_key_added_to_existing_table_after_its_column) {
    table pages_v1{.name = "pages", .columns = {col("id", int64()).primary_key()}};
    const auto ops =
        upgrade_ops(expect_round_trip(with({pages_v1, site()}), with({page(), site()}), [] {
            scan_annotations a;
            a.backfills["pages.site_id"] = "1";
            a.existing_rows["pages"] = "checked";
            return a;
        }()));
    EXPECT_LT(position_of(ops, "add column pages.site_id"),
              position_of(ops, "add foreign key fk_pages_site_id_sites on pages"));
}

TEST(diff, comments_change_in_place) {
    table v2 = users_v1();
    v2.comment = "people who sign in";
    v2.columns[1] = col("email", string(120)).comment("where we write");
    const auto ops = upgrade_ops(expect_round_trip(with({users_v1()}), with({v2})));
    position_of(ops, "alter column users.email");
    position_of(ops, "set comment on table users");
}

TEST(diff, primary_key_change_is_one_operation) {
    const table v1{.name = "memberships",
                   .columns = {col("id", int64()).primary_key(), col("user_id", int64()),
                               col("site_id", int64())}};
    const table v2{.name = "memberships",
                   .columns = {col("id", int64()), col("user_id", int64()).primary_key(),
                               col("site_id", int64()).primary_key()}};
    scan_annotations a;
    a.existing_rows["memberships"] = "checked";
    const auto result = expect_round_trip(with({v1}), with({v2}), a);
    ASSERT_EQ(result.changes.size(), 1u);
    EXPECT_EQ(result.changes[0].upgrade.op,
              (operation{ops::alter_primary_key{"memberships", {"id"}, {"user_id", "site_id"}}}));
    EXPECT_EQ(result.changes[0].downgrade->op,
              (operation{ops::alter_primary_key{"memberships", {"user_id", "site_id"}, {"id"}}}));
    EXPECT_EQ(result.changes[0].upgrade.warning,
              "changes the primary key of memberships: fails if rows duplicate the new key\n"
              "declared existing_rows = \"checked\": the model asserts every existing row "
              "satisfies it");
    EXPECT_EQ(result.changes[0].downgrade->warning,
              "changes the primary key of memberships: fails if rows duplicate the new key");
}

TEST(diff, primary_key_change_waits_for_added_and_keeps_dropped_columns) {
    // The key moves from `id` (dropped) to (`code`, `site_id`): `site_id` is new and
    // declared before an existing column, but is added at the end like any new column.
    const table v1{.name = "pages",
                   .columns = {col("id", int64()).primary_key(), col("code", string(20))}};
    const table v2{.name = "pages",
                   .columns = {col("site_id", int64()).primary_key(),
                               col("code", string(20)).primary_key(), col("title", text())}};
    scan_annotations a;
    a.backfills["pages.site_id"] = "1";
    a.backfills["pages.title"] = "''";
    a.existing_rows["pages"] = "checked";
    const auto result = expect_round_trip(with({v1}), with({v2}), a);
    const auto ops = upgrade_ops(result);
    const auto keys = all_of_kind<ops::alter_primary_key>(ops);
    ASSERT_EQ(keys.size(), 1u);
    EXPECT_EQ(keys[0], (ops::alter_primary_key{"pages", {"id"}, {"code", "site_id"}}));
    const auto key_at = position_of(ops, "alter primary key of pages from (id) to (code, site_id)");
    EXPECT_LT(position_of(ops, "alter column pages.site_id"), key_at);
    EXPECT_LT(key_at, position_of(ops, "drop column pages.id"));
    // Joining the key later, the new column is added outside it.
    for (const auto& added : all_of_kind<ops::add_column>(ops)) {
        EXPECT_FALSE(added.definition.primary_key) << added.definition.name;
    }
    for (const auto& altered : all_of_kind<ops::alter_column>(ops)) {
        EXPECT_EQ(altered.from.primary_key, altered.to.primary_key) << altered.to.name;
    }
}

TEST(diff, unique_keys_come_before_a_key_change_and_go_after_it) {
    // The key moves from id to code; id becomes unique (a constraint and an index), and
    // the unique on code goes. Foreign keys to id (pages) then always have a unique index
    // to rest on: PostgreSQL drops and re-adds them around the key change.
    const table v1{.name = "sites",
                   .columns = {col("id", int64()).primary_key(), col("code", string(20))},
                   .indexes = {strata::index{"ix_sites_code", {"code"}, true}},
                   .uniques = {unique_constraint{"uq_sites_code", {"code"}}}};
    const table v2{.name = "sites",
                   .columns = {col("id", int64()), col("code", string(20)).primary_key()},
                   .indexes = {strata::index{"ix_sites_id", {"id"}, true},
                               strata::index{"ix_sites_id_plain", {"id"}, false}},
                   .uniques = {unique_constraint{"uq_sites_id", {"id"}}}};
    const table pages{.name = "pages",
                      .columns = {col("id", int64()).primary_key(), col("site_id", int64())},
                      .foreign_keys = {foreign_key{"fk_pages_site", {"site_id"}, "sites", {"id"}}}};
    scan_annotations a;
    a.existing_rows["sites"] = "checked";
    const auto result = expect_round_trip(with({v1, pages}), with({v2, pages}), a);
    const auto up = upgrade_ops(result);
    const auto key_at = position_of(up, "alter primary key of sites from (id) to (code)");
    EXPECT_LT(position_of(up, "add unique constraint uq_sites_id on sites"), key_at);
    EXPECT_LT(position_of(up, "create index ix_sites_id on sites"), key_at);
    EXPECT_GT(position_of(up, "create index ix_sites_id_plain on sites"), key_at);
    EXPECT_GT(position_of(up, "drop unique constraint uq_sites_code on sites"), key_at);
    EXPECT_GT(position_of(up, "drop index ix_sites_code on sites"), key_at);
    // The downgrade mirrors it: the unique on id goes only after id is the key again.
    std::vector<operation> down;
    for (const auto& s : downgrade_steps(result.changes)) {
        down.push_back(s.op);
    }
    const auto back_at = position_of(down, "alter primary key of sites from (code) to (id)");
    EXPECT_GT(position_of(down, "drop unique constraint uq_sites_id on sites"), back_at);
    EXPECT_LT(position_of(down, "add unique constraint uq_sites_code on sites"), back_at);
}

TEST(diff, column_leaving_the_key_loosens_after_it_and_joining_one_tightens_before) {
    // `id` leaves the key and its autoincrement and NOT NULL go; `slug` becomes NOT NULL
    // and joins the key. Neither can happen while the old key stands.
    const table v1{.name = "tags",
                   .columns = {col("id", int64()).primary_key().autoincrement(),
                               col("slug", string(40)).nullable()}};
    const table v2{
        .name = "tags",
        .columns = {col("id", int64()).nullable(), col("slug", string(40)).primary_key()}};
    scan_annotations a;
    a.backfills["tags.slug"] = "'tag-' || id";
    // id may hold NULL after the upgrade; the downgrade puts it back into the key.
    a.backfills["tags.id"] = "rowid";
    a.existing_rows["tags"] = "checked";
    const auto ops = upgrade_ops(expect_round_trip(with({v1}), with({v2}), a));
    const auto key_at = position_of(ops, "alter primary key of tags from (id) to (slug)");
    const auto alters = all_of_kind<ops::alter_column>(ops);
    ASSERT_EQ(alters.size(), 3u);
    // Before the key: slug tightened (after its backfill), id loses autoincrement only.
    EXPECT_EQ(alters[0].to, col("id", int64()).primary_key());
    EXPECT_EQ(alters[1].to, col("slug", string(40)));
    EXPECT_LT(position_of(ops, "execute sql: UPDATE \"tags\" SET \"slug\" = 'tag-' || id WHERE "
                               "\"slug\" IS NULL"),
              key_at);
    // After it: id accepts NULL.
    EXPECT_EQ(alters[2],
              (ops::alter_column{"tags", col("id", int64()), col("id", int64()).nullable()}));
    EXPECT_GT(ops.size(), key_at);
    EXPECT_EQ(ops.back(), operation{alters[2]});
}

TEST(diff, unchanged_primary_key_needs_no_key_operation) {
    table v2 = users_v1();
    v2.columns[0].type = int32();
    scan_annotations a;
    a.existing_rows["users.id"] = "checked";
    const auto ops = upgrade_ops(expect_round_trip(with({users_v1()}), with({v2}), a));
    EXPECT_TRUE(all_of_kind<ops::alter_primary_key>(ops).empty());
    position_of(ops, "alter column users.id");
}

TEST(diff, primary_key_in_other_than_declaration_order_is_refused) {
    schema s = with({table{.name = "m",
                           .columns = {col("id", int64()).primary_key(), col("a", int64()),
                                       col("b", int64()).nullable()}}});
    EXPECT_THROW_MSG(strata::apply(s, ops::alter_primary_key{"m", {"id"}, {"a", "id"}}),
                     strata::error,
                     "cannot alter primary key of 'm' to (a, id): list the key columns once "
                     "each, in declaration order: (id, a)");
    EXPECT_THROW_MSG(strata::apply(s, ops::alter_primary_key{"m", {"a"}, {"id"}}), strata::error,
                     "cannot alter primary key of 'm' from (a): its primary key is (id)");
    EXPECT_THROW_MSG(strata::apply(s, ops::alter_primary_key{"m", {"id"}, {"b"}}), strata::error,
                     "cannot alter primary key of 'm': column 'm.b' is nullable; make it NOT "
                     "NULL (alter_column) before it joins the key");
    EXPECT_THROW_MSG(strata::apply(s, ops::alter_primary_key{"m", {"id"}, {"c"}}), strata::error,
                     "cannot alter primary key: column 'm.c' does not exist");
    strata::apply(s, ops::alter_primary_key{"m", {"id"}, {}});
    EXPECT_TRUE(s.tables[0].primary_key().empty());
}

// apply() re-sorts only the table an operation touches (sorting every table after each of
// N operations made diffing N new tables quadratic); the result must still be exactly
// what schema::normalize() gives.
TEST(diff, apply_keeps_tables_and_constraints_sorted_like_normalize) {
    const auto named = [](std::string name) {
        return table{.name = std::move(name), .columns = {col("id", int64()).primary_key()}};
    };
    schema s = with({named("b"), named("d"), named("f")});
    const auto expect_normalized = [&](const std::vector<std::string>& names) {
        schema sorted = s;
        sorted.normalize();
        EXPECT_EQ(s, sorted);
        std::vector<std::string> actual;
        for (const auto& t : s.tables) {
            actual.push_back(t.name);
        }
        EXPECT_EQ(actual, names);
    };
    table c = named("c");
    c.indexes = {strata::index{"ix_z", {"id"}, false}, strata::index{"ix_a", {"id"}, false}};
    strata::apply(s, ops::create_table{c});
    expect_normalized({"b", "c", "d", "f"});
    EXPECT_EQ(s.find_table("c")->indexes.front().name, "ix_a");
    strata::apply(s, ops::create_table{named("a")});
    strata::apply(s, ops::create_table{named("g")});
    expect_normalized({"a", "b", "c", "d", "f", "g"});
    strata::apply(s, ops::rename_table{"a", "e"});
    expect_normalized({"b", "c", "d", "e", "f", "g"});
    strata::apply(s, ops::rename_table{"f", "a"});
    expect_normalized({"a", "b", "c", "d", "e", "g"});
    strata::apply(s, ops::create_index{"d", strata::index{"ix_m", {"id"}, false}});
    strata::apply(s, ops::create_index{"d", strata::index{"ix_b", {"id"}, false}});
    expect_normalized({"a", "b", "c", "d", "e", "g"});
    EXPECT_EQ(s.find_table("d")->indexes.front().name, "ix_b");
    strata::apply(s, ops::drop_table{"c"});
    expect_normalized({"a", "b", "d", "e", "g"});

    // A schema that was not normalized comes out normalized, as before.
    schema unsorted{{named("z"), named("y")}};
    strata::apply(unsorted, ops::create_table{named("x")});
    ASSERT_EQ(unsorted.tables.size(), 3U);
    EXPECT_EQ(unsorted.tables[0].name, "x");
    EXPECT_EQ(unsorted.tables[2].name, "z");
}

// apply_to_normalized() skips apply()'s whole-schema check; from an empty or normalized
// schema it must give exactly what apply() gives, operation by operation.
TEST(diff, apply_to_normalized_matches_apply_from_a_normalized_schema) {
    const auto named = [](std::string name) {
        return table{.name = std::move(name), .columns = {col("id", int64()).primary_key()}};
    };
    table c = named("c");
    c.indexes = {strata::index{"ix_z", {"id"}, false}, strata::index{"ix_a", {"id"}, false}};
    const std::vector<strata::operation> steps = {
        ops::create_table{named("f")},
        ops::create_table{c},
        ops::create_table{named("a")},
        ops::rename_table{"a", "e"},
        ops::add_column{"e", col("note", string(20)).nullable()},
        ops::create_index{"f", strata::index{"ix_m", {"id"}, false}},
        ops::create_index{"f", strata::index{"ix_b", {"id"}, false}},
        ops::add_unique{"c", unique_constraint{"uq_c_id", {"id"}}},
        ops::drop_table{"c"},
    };
    schema checked;
    schema trusted;
    for (const auto& op : steps) {
        strata::apply(checked, op);
        strata::apply_to_normalized(trusted, op);
        ASSERT_EQ(trusted, checked) << strata::describe(op);
    }
    schema sorted = trusted;
    sorted.normalize();
    EXPECT_EQ(trusted, sorted);
}

// --- Foreign-key column types against the columns they reference ---------------------------

namespace {
// users(id: @p key_type, login VARCHAR(40) unique) and pets(owner: @p owner_type -> users.id).
schema owners(column_type key_type, column_type owner_type) {
    table users{.name = "users",
                .columns = {col("id", key_type).primary_key(), col("login", string(40))},
                .uniques = {unique_constraint{"uq_users_login", {"login"}}}};
    table pets{.name = "pets",
               .columns = {col("id", int64()).primary_key(), col("owner", owner_type)},
               .foreign_keys = {foreign_key{"fk_pets_owner", {"owner"}, "users", {"id"}}}};
    return with({users, pets});
}

scan_annotations pet_owner_at_line_7() {
    scan_annotations notes;
    notes.locations["pets.owner"] = source_location{"models/pet.hpp", 7, 18};
    return notes;
}

std::string step_warning(const diff_result& d, std::size_t i) {
    return upgrade_steps(d.changes).at(i).warning;
}
} // namespace

TEST(diff, reference_narrower_than_its_key_warns_in_the_revision_and_says_where) {
    const auto result = diff(schema{}, owners(int64(), int32()), pet_owner_at_line_7());
    // users first, then pets, whose create_table makes the key.
    ASSERT_EQ(result.changes.size(), 2u);
    EXPECT_EQ(step_warning(result, 0), "");
    EXPECT_EQ(step_warning(result, 1),
              "foreign key 'fk_pets_owner': column 'pets.owner' is int32 but references "
              "'users.id', which is int64; key values that do not fit 'pets.owner' cannot be "
              "referenced");
    ASSERT_EQ(result.hints.size(), 1u);
    EXPECT_EQ(result.hints[0],
              "models/pet.hpp:7:18: foreign key 'fk_pets_owner' references a wider column: "
              "declare the member as std::int64_t like 'users.id', or reference a column of the "
              "member's type");
}

TEST(diff, reference_at_least_as_wide_as_its_key_is_fine) {
    for (const auto& [key, owner] :
         std::vector<std::pair<column_type, column_type>>{{int64(), int64()},
                                                          {int32(), int64()},
                                                          {int16(), int32()},
                                                          {string(40), text()},
                                                          {string(40), string(80)},
                                                          {float32(), float64()}}) {
        const auto result = diff(schema{}, owners(key, owner));
        EXPECT_TRUE(result.hints.empty()) << result.hints.front();
        for (const auto& s : upgrade_steps(result.changes)) {
            EXPECT_EQ(s.warning, "");
        }
    }
}

TEST(diff, narrower_string_reference_warns) {
    const auto result = diff(schema{}, owners(string(40), string(20)));
    EXPECT_NE(step_warning(result, 1).find("column 'pets.owner' is string(20) but references "
                                           "'users.id', which is string(40)"),
              std::string::npos);
    ASSERT_EQ(result.hints.size(), 1u); // no location known: no file:line prefix
    EXPECT_EQ(result.hints[0], "foreign key 'fk_pets_owner' references a wider column: declare "
                               "the member as std::string with length = 40 like 'users.id', or "
                               "reference a column of the member's type");
}

TEST(diff, old_narrow_reference_is_not_repeated_but_a_change_to_it_is) {
    const auto before = owners(int64(), int32());
    const auto same = diff(before, before);
    EXPECT_TRUE(same.changes.empty());
    EXPECT_TRUE(same.hints.empty());
    // Narrowing the reference column: its alter step warns.
    scan_annotations a;
    a.existing_rows["pets.owner"] = "checked";
    const auto result = diff(owners(int64(), int32()), owners(int64(), int16()), a);
    ASSERT_EQ(result.changes.size(), 1u);
    EXPECT_NE(step_warning(result, 0).find("alters column pets.owner: narrows its type (int32 → "
                                           "int16): PostgreSQL fails on a value out of int16's "
                                           "range; SQLite keeps it; may lose data; foreign key "
                                           "'fk_pets_owner': column 'pets.owner' is int16"),
              std::string::npos)
        << step_warning(result, 0);
    EXPECT_EQ(result.hints.size(), 1u);
    // Widening the key past the reference: the key's alter step warns.
    const auto widened = diff(owners(int32(), int32()), owners(int64(), int32()));
    ASSERT_EQ(widened.changes.size(), 1u);
    EXPECT_EQ(step_warning(widened, 0),
              "foreign key 'fk_pets_owner': column 'pets.owner' is int32 but references "
              "'users.id', which is int64; key values that do not fit 'pets.owner' cannot be "
              "referenced");
}

TEST(diff, reference_between_kinds_that_do_not_compare_is_an_error) {
    EXPECT_THROW_MSG((void)diff(schema{}, owners(int64(), text()), pet_owner_at_line_7()),
                     diagnostic_error,
                     "models/pet.hpp:7:18: error: foreign key 'fk_pets_owner': column "
                     "'pets.owner' is string (TEXT) but references 'users.id', which is int64; "
                     "PostgreSQL refuses such a foreign key and SQLite would compare values "
                     "that never match\nnote: declare the member as std::int64_t like "
                     "'users.id', or reference a column of the member's type");
    EXPECT_THROW_MSG((void)diff(schema{}, owners(int64(), boolean())), diagnostic_error,
                     "column 'pets.owner' is boolean but references 'users.id', which is int64");
    EXPECT_THROW_MSG((void)diff(schema{}, owners(decimal(10, 0), int64())), diagnostic_error,
                     "column 'pets.owner' is int64 but references 'users.id', which is "
                     "decimal(10, 0)");
    // Also for a key the snapshot already has: no database the revisions make can hold it.
    const auto bad = owners(int64(), text());
    EXPECT_THROW_MSG((void)diff(bad, bad), diagnostic_error, "PostgreSQL refuses");
}

TEST(diff, explicit_sql_types_are_not_compared) {
    column_type citext = text();
    citext.sql_override = "CITEXT";
    EXPECT_TRUE(diff(schema{}, owners(int64(), citext)).hints.empty());
}
