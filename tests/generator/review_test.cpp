// strata review / strata lint on real migrations directories: one fixture per rule with
// the exact finding texts, fixes, acknowledgements, the SQL per dialect, and the parser
// that reads revisions back (round trip through render_revision()).

#include "compare/existing_rows.hpp"
#include "expect_throw_msg.hpp"
#include "project/embedded_templates.hpp"
#include "project/migrations_dir.hpp"
#include "render/render.hpp"
#include "render/revision_reader.hpp"
#include "review/command.hpp"
#include "review/dialects.hpp"
#include "review/review.hpp"
#include "review/rules.hpp"
#include "support/diagnostic.hpp"
#include "temp_dir.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sstream>

using namespace strata;
using namespace strata::dsl;
using namespace strata::generator;
using namespace strata::generator::review;
using strata::testing::read_file;
using strata::testing::temp_dir;
using strata::testing::write_file;

namespace {

// users (id, email VARCHAR(120), name TEXT NULL, age INT NULL) and sites (id, owner_id,
// title), made by the base revision every test builds on.
std::vector<operation> base_operations() {
    return {
        ops::create_table{table{.name = "sites",
                                .columns = {col("id", int64()).primary_key(),
                                            col("owner_id", int64()), col("title", string(200))}}},
        ops::create_table{
            table{.name = "users",
                  .columns = {col("id", int64()).primary_key(), col("email", string(120)),
                              col("name", text()).nullable(), col("age", int32()).nullable()}}},
    };
}

class review_test : public ::testing::Test {
protected:
    void SetUp() override {
        init_migrations_dir(dir(), "sqlite:///app.db");
        write_revision("1_aaaaaaaaaaaa.cpp", "aaaaaaaaaaaa", {}, base_operations());
    }

    std::filesystem::path dir() const { return m_tmp.path() / "migrations"; }

    // A revision file exactly as the generator renders it, plus @p extra at the end.
    void write_revision(const std::string& name, const std::string& id,
                        std::vector<std::string> parents, const std::vector<operation>& ops,
                        const std::string& extra = "") {
        std::vector<step> steps;
        for (const auto& op : ops) {
            steps.push_back({op, ""});
        }
        write_steps(name, id, std::move(parents), steps, extra);
    }

    // The same with each operation's WARNING text, as the generator writes it.
    void write_steps(const std::string& name, const std::string& id,
                     std::vector<std::string> parents, const std::vector<step>& steps,
                     const std::string& extra = "") {
        const auto text = render_revision(
            script_template, "script.cpp.tmpl",
            {id, std::move(parents), "change " + id, "2026-12-01 10:00:00"}, steps, {});
        write_file(dir() / "versions" / name, text + extra);
    }

    // The review of one revision with @p ops on top of the base revision.
    review_report run(const std::vector<operation>& ops, const std::string& extra = "",
                      std::vector<std::string> dialects = {"postgresql", "sqlite"}) {
        write_revision("2_bbbbbbbbbbbb.cpp", "bbbbbbbbbbbb", {"aaaaaaaaaaaa"}, ops, extra);
        return build_review({dir(), "bbbbbbbbbbbb", std::move(dialects), ""});
    }

    // "rule: message" for each finding of the reviewed revision.
    static std::vector<std::string> findings(const review_report& report) {
        std::vector<std::string> out;
        for (const auto& f : report.revisions.at(0).findings) {
            out.push_back(std::string(f.raised_by->name) + ": " + f.message);
        }
        return out;
    }

    static const finding& only(const review_report& report, std::string_view rule_name) {
        for (const auto& f : report.revisions.at(0).findings) {
            if (f.raised_by->name == rule_name) {
                return f;
            }
        }
        throw std::runtime_error("no finding of rule " + std::string(rule_name));
    }

    temp_dir m_tmp;
};

using strings = std::vector<std::string>;

TEST_F(review_test, drop_table_is_data_loss_and_backward_incompatible) {
    const auto report = run({ops::drop_table{"sites"}});
    EXPECT_EQ(findings(report),
              (strings{"drop-table: drops table 'sites' and every row in it",
                       "backward-incompatible: drops table 'sites', which the previous release's "
                       "code still uses"}));
    EXPECT_EQ(only(report, "backward-incompatible").fix,
              "// expand/contract: first release code that no longer uses table 'sites',\n"
              "// then remove it in a revision of the following release, acknowledged there:\n"
              "// strata:lint-ack backward-incompatible no deployed release uses it any more\n");
}

TEST_F(review_test, drop_column_is_data_loss_and_backward_incompatible) {
    EXPECT_EQ(findings(run({ops::drop_column{"users", "name"}})),
              (strings{"drop-column: drops column 'users.name' and every value in it",
                       "backward-incompatible: drops column 'users.name', which the previous "
                       "release's code still reads"}));
}

TEST_F(review_test, narrowing_a_string_offers_the_query_for_values_that_do_not_fit) {
    const column from = col("email", string(120));
    const column to = col("email", string(50));
    const auto report = run({ops::alter_column{"users", from, to}});
    EXPECT_EQ(findings(report),
              (strings{"narrow-type: changes 'users.email' from string(120) to string(50): "
                       "existing values may not fit",
                       "pg-table-rewrite: changes the type of 'users.email' from string(120) to "
                       "string(50), which rewrites 'users'",
                       "sqlite-table-rebuild: rebuilds table 'users' (copies every row) to alter "
                       "column users.email"}));
    EXPECT_EQ(only(report, "narrow-type").fix,
              "// Values that do not fit: SELECT COUNT(*) FROM \"users\" WHERE LENGTH(\"email\") > "
              "50\n");
}

TEST_F(review_test, widening_needs_no_rewrite_on_postgresql_but_an_integer_does) {
    EXPECT_EQ(findings(run({ops::alter_column{"users", col("email", string(120)),
                                              col("email", string(200))}},
                           "", {"postgresql"})),
              strings{});
    const auto report = run({ops::alter_column{"users", col("age", int32()).nullable(),
                                               col("age", int64()).nullable()}},
                            "", {"postgresql"});
    EXPECT_EQ(findings(report), (strings{"pg-table-rewrite: changes the type of 'users.age' from "
                                         "int32 to int64, which rewrites 'users'"}));
    EXPECT_EQ(only(report, "pg-table-rewrite").fix,
              "// Revision 1, expand: a column of the new type, filled from the old one (in "
              "batches on a large table);\n"
              "// ship with code that writes both and reads the new one:\n"
              "op.add_column(\"users\", col(\"age_new\", int64()).nullable());\n"
              "op.execute(\"UPDATE \\\"users\\\" SET \\\"age_new\\\" = \\\"age\\\"\");\n"
              "// Revision 2, contract (the next release):\n"
              "op.drop_column(\"users\", \"age\");\n");
}

TEST_F(review_test, not_null_on_existing_rows_fails_on_nulls_and_scans_on_postgresql) {
    const auto report =
        run({ops::alter_column{"users", col("name", text()).nullable(), col("name", text())}});
    EXPECT_EQ(findings(report),
              (strings{"not-null-existing-rows: makes 'users.name' NOT NULL: fails if a row holds "
                       "NULL there",
                       "pg-set-not-null: sets 'users.name' NOT NULL, which reads all of 'users' "
                       "under an ACCESS EXCLUSIVE lock",
                       "sqlite-table-rebuild: rebuilds table 'users' (copies every row) to alter "
                       "column users.name"}));
    EXPECT_EQ(only(report, "not-null-existing-rows").fix,
              "// Rows it fails on: SELECT COUNT(*) FROM \"users\" WHERE \"name\" IS NULL\n"
              "// Fill them first, in this revision before the change:\n"
              "op.execute(\"UPDATE \\\"users\\\" SET \\\"name\\\" = <value> WHERE \\\"name\\\" IS "
              "NULL\");\n");
    EXPECT_EQ(only(report, "pg-set-not-null").fix,
              "// PostgreSQL only, in a revision of its own with `.transactional = false` in its "
              "registrar:\n"
              "op.execute(\"ALTER TABLE \\\"users\\\" ADD CONSTRAINT \\\"users_name_not_null\\\" "
              "CHECK (\\\"name\\\" IS NOT NULL) NOT VALID\", strata::no_schema_change);\n"
              "op.execute(\"ALTER TABLE \\\"users\\\" VALIDATE CONSTRAINT "
              "\\\"users_name_not_null\\\"\", strata::no_schema_change);\n"
              "// ... then the alter_column (SET NOT NULL now skips the scan), and:\n"
              "op.execute(\"ALTER TABLE \\\"users\\\" DROP CONSTRAINT "
              "\\\"users_name_not_null\\\"\", strata::no_schema_change);\n");
}

TEST_F(review_test, the_generators_backfill_before_not_null_is_understood) {
    // What diff.cpp writes for `backfill = "'anonymous'"`.
    EXPECT_EQ(findings(run(
                  {ops::execute_sql{"UPDATE \"users\" SET \"name\" = 'anonymous' WHERE "
                                    "\"name\" IS NULL"},
                   ops::alter_column{"users", col("name", text()).nullable(), col("name", text())}},
                  "", {"postgresql"})),
              (strings{"pg-set-not-null: sets 'users.name' NOT NULL, which reads all of 'users' "
                       "under an ACCESS EXCLUSIVE lock"}));
}

TEST_F(review_test, a_validated_not_null_check_proves_set_not_null_without_a_scan) {
    EXPECT_EQ(findings(run(
                  {ops::add_check{"users", check("ck_users_name", "\"name\" IS NOT NULL")},
                   ops::alter_column{"users", col("name", text()).nullable(), col("name", text())}},
                  "", {"postgresql"})),
              (strings{"check-existing-rows: adds check 'ck_users_name' (\"name\" IS NOT NULL) on "
                       "'users': fails if a row violates it",
                       "pg-constraint-validates: adds check 'ck_users_name' on 'users' without NOT "
                       "VALID"}));
}

TEST_F(review_test, adding_a_not_null_column_without_default_breaks_rows_and_old_inserts) {
    const auto report = run({ops::add_column{"users", col("country", string(2))}}, "", {"sqlite"});
    EXPECT_EQ(findings(report),
              (strings{"not-null-existing-rows: adds NOT NULL column 'users.country' without a "
                       "default: fails if 'users' has any row",
                       "backward-incompatible: adds NOT NULL column 'users.country' without a "
                       "default; the previous release's code inserts rows without it, which then "
                       "fail",
                       "sqlite-table-rebuild: rebuilds table 'users' (copies every row) to add "
                       "column users.country"}));
    EXPECT_EQ(only(report, "not-null-existing-rows").fix,
              "// Give the model member `backfill = \"SQL\"` (or a default), or write:\n"
              "op.add_column(\"users\", col(\"country\", string(2)).nullable());\n"
              "op.execute(\"UPDATE \\\"users\\\" SET \\\"country\\\" = <value> WHERE "
              "\\\"country\\\" IS NULL\");\n"
              "op.alter_column(\"users\",\n"
              "                /*from=*/col(\"country\", string(2)).nullable(),\n"
              "                /*to=*/col(\"country\", string(2)));\n");
}

TEST_F(review_test, a_unique_index_fails_on_duplicates_and_blocks_writes_on_postgresql) {
    const auto report = run({ops::create_index{"users", unique_idx("ux_users_email", {"email"})}});
    EXPECT_EQ(findings(report),
              (strings{"unique-existing-rows: creates unique index 'ux_users_email' on 'users' "
                       "(email): fails if rows repeat a value",
                       "pg-index-not-concurrent: creates index 'ux_users_email' on 'users' "
                       "without CONCURRENTLY"}));
    EXPECT_EQ(only(report, "unique-existing-rows").fix,
              "// Repeated values: SELECT \"email\", COUNT(*) FROM \"users\" GROUP BY \"email\" "
              "HAVING COUNT(*) > 1\n");
    EXPECT_EQ(only(report, "pg-index-not-concurrent").fix,
              "// PostgreSQL only, in a revision of its own with `.transactional = false` in its "
              "registrar:\n"
              "op.execute(\"CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS \\\"ux_users_email\\\" "
              "ON \\\"users\\\" (\\\"email\\\")\",\n"
              "           [](strata::operations& state) { state.create_index(\"users\", "
              "unique_idx(\"ux_users_email\", {\"email\"})); });\n"
              "// A crash part-way leaves an INVALID index: DROP INDEX CONCURRENTLY it, run "
              "again.\n");
}

TEST_F(review_test, the_concurrent_index_fix_is_a_revision_the_review_reads_and_accepts) {
    const auto fix =
        only(run({ops::create_index{"users", idx("ix_users_age", {"age"})}}, "", {"postgresql"}),
             "pg-index-not-concurrent")
            .fix;
    // The fix pasted as the body of a revision of its own, outside a transaction.
    write_revision("2_bbbbbbbbbbbb.cpp", "bbbbbbbbbbbb", {"aaaaaaaaaaaa"}, {});
    const auto file = dir() / "versions" / "2_bbbbbbbbbbbb.cpp";
    auto text = read_file(file);
    text.replace(text.find("    // No schema changes."), 25, fix);
    text.replace(text.find("    .branch_labels"), 0, "    .transactional = false,\n");
    write_file(file, text);
    write_revision("3_cccccccccccc.cpp", "cccccccccccc", {"bbbbbbbbbbbb"},
                   {ops::drop_index{"users", "ix_users_age"}});
    const auto report = build_review({dir(), "bbbbbbbbbbbb:", {"postgresql"}, ""});
    ASSERT_EQ(report.revisions.size(), 2u);
    EXPECT_FALSE(report.revisions[0].transactional);
    EXPECT_EQ(findings(report),
              (strings{"hand-written-sql: runs hand-written SQL: CREATE INDEX CONCURRENTLY IF NOT "
                       "EXISTS \"ix_users_age\" ON \"users\" (\"age\")"}));
    // The stated effect reaches the schema: the next revision can drop the index.
    EXPECT_EQ(report.revisions[1].sql.at(0).error, "");
    EXPECT_NE(render_markdown(report).find("-- outside a transaction, one statement at a time:"),
              std::string::npos);
}

TEST_F(review_test, a_unique_constraint_is_built_from_a_concurrent_index) {
    const auto report =
        run({ops::add_unique{"users", unique("uq_users_email", {"email"})}}, "", {"postgresql"});
    EXPECT_EQ(findings(report),
              (strings{"unique-existing-rows: adds unique constraint 'uq_users_email' on 'users' "
                       "(email): fails if rows repeat a value",
                       "pg-index-not-concurrent: builds the index of unique constraint "
                       "'uq_users_email' on 'users' while blocking writes"}));
}

// What the generator writes once `existing_rows = "..."` is declared for @p change on the
// base schema: the procedure before the change, and the declaration in its WARNING.
std::vector<step> declared_steps(const operation& change, const std::string& value) {
    schema base;
    for (const auto& op : base_operations()) {
        apply(base, op);
    }
    std::vector<step> steps;
    for (auto& prepare : prepare_existing_rows(change, base, value)) {
        steps.push_back({std::move(prepare), ""});
    }
    steps.push_back({change, "may fail on existing rows\n" + declared_text(change, base, value)});
    return steps;
}

TEST_F(review_test, a_declared_existing_rows_procedure_is_the_generators_and_settles_the_risk) {
    const operation change = ops::add_unique{"users", unique("uq_users_email", {"email"})};
    write_steps("2_bbbbbbbbbbbb.cpp", "bbbbbbbbbbbb", {"aaaaaaaaaaaa"},
                declared_steps(change, "delete"));
    const auto report = build_review({dir(), "bbbbbbbbbbbb", {"postgresql"}, ""});
    // The DELETE of duplicates is the generator's: no "hand-written SQL" finding.
    EXPECT_EQ(findings(report),
              (strings{"unique-existing-rows: adds unique constraint 'uq_users_email' on 'users' "
                       "(email): fails if rows repeat a value",
                       "pg-index-not-concurrent: builds the index of unique constraint "
                       "'uq_users_email' on 'users' while blocking writes"}));
    const auto& settled = only(report, "unique-existing-rows");
    ASSERT_TRUE(settled.acknowledged);
    EXPECT_TRUE(settled.acknowledged->starts_with("declared existing_rows = \"delete\": "))
        << *settled.acknowledged;
    EXPECT_FALSE(only(report, "pg-index-not-concurrent").acknowledged);
}

TEST_F(review_test, checked_settles_the_risk_and_an_edited_procedure_is_hand_written_sql) {
    const operation change = ops::add_check{"users", check("ck_users_age", "age >= 0")};
    write_steps("2_bbbbbbbbbbbb.cpp", "bbbbbbbbbbbb", {"aaaaaaaaaaaa"},
                declared_steps(change, "checked"));
    auto report = build_review({dir(), "bbbbbbbbbbbb", {"sqlite"}, ""});
    ASSERT_TRUE(only(report, "check-existing-rows").acknowledged);
    EXPECT_EQ(*only(report, "check-existing-rows").acknowledged,
              "declared existing_rows = \"checked\": the model asserts every existing row "
              "satisfies it");

    // A person changed the generated DELETE: it is reviewed as the hand-written SQL it is.
    auto steps = declared_steps(change, "delete");
    ASSERT_EQ(steps.size(), 2U);
    std::get<ops::execute_sql>(steps[0].op).sql += " AND id > 100";
    write_steps("2_bbbbbbbbbbbb.cpp", "bbbbbbbbbbbb", {"aaaaaaaaaaaa"}, steps);
    report = build_review({dir(), "bbbbbbbbbbbb", {"sqlite"}, ""});
    EXPECT_EQ(findings(report).at(0).substr(0, 35), "hand-written-sql: runs hand-written");
}

TEST_F(review_test, a_foreign_key_fails_on_orphans_and_validates_under_lock) {
    const auto report = run({ops::add_foreign_key{
        "sites", fk("fk_sites_owner_id_users", {"owner_id"}, "users", {"id"})}});
    EXPECT_EQ(findings(report),
              (strings{"foreign-key-existing-rows: adds foreign key 'fk_sites_owner_id_users' from "
                       "'sites' (owner_id) to 'users': fails if a row references a missing one",
                       "pg-constraint-validates: adds foreign key 'fk_sites_owner_id_users' on "
                       "'sites' without NOT VALID",
                       "sqlite-table-rebuild: rebuilds table 'sites' (copies every row) to add "
                       "foreign key fk_sites_owner_id_users on sites"}));
    EXPECT_EQ(
        only(report, "foreign-key-existing-rows").fix,
        "// Orphans: SELECT COUNT(*) FROM \"sites\" WHERE \"sites\".\"owner_id\" IS NOT NULL "
        "AND NOT EXISTS (SELECT 1 FROM \"users\" r WHERE r.\"id\" = \"sites\".\"owner_id\")\n");
    EXPECT_EQ(only(report, "pg-constraint-validates").fix,
              "// PostgreSQL only, in a revision of its own with `.transactional = false` in its "
              "registrar:\n"
              "op.execute(\"ALTER TABLE \\\"sites\\\" ADD CONSTRAINT "
              "\\\"fk_sites_owner_id_users\\\" FOREIGN KEY (\\\"owner_id\\\") REFERENCES "
              "\\\"users\\\" (\\\"id\\\") NOT VALID\",\n"
              "           [](strata::operations& state) { state.add_foreign_key(\"sites\", "
              "fk(\"fk_sites_owner_id_users\", {\"owner_id\"}, \"users\", {\"id\"})); });\n"
              "op.execute(\"ALTER TABLE \\\"sites\\\" VALIDATE CONSTRAINT "
              "\\\"fk_sites_owner_id_users\\\"\", strata::no_schema_change);\n");
}

TEST_F(review_test, a_check_fails_on_violating_rows) {
    const auto report =
        run({ops::add_check{"users", check("ck_users_age", "age >= 0")}}, "", {"postgresql"});
    EXPECT_EQ(findings(report),
              (strings{"check-existing-rows: adds check 'ck_users_age' (age >= 0) on 'users': "
                       "fails if a row violates it",
                       "pg-constraint-validates: adds check 'ck_users_age' on 'users' without NOT "
                       "VALID"}));
    EXPECT_EQ(only(report, "check-existing-rows").fix,
              "// Violating rows: SELECT COUNT(*) FROM \"users\" WHERE NOT (age >= 0)\n");
}

TEST_F(review_test, renaming_a_column_offers_the_expand_contract_split) {
    const auto report = run({ops::rename_column{"users", "email", "email_address"}});
    EXPECT_EQ(findings(report),
              (strings{"backward-incompatible: renames column 'users.email' to 'email_address'; "
                       "the previous release's code still uses 'email'"}));
    EXPECT_EQ(only(report, "backward-incompatible").fix,
              "// Revision 1, expand (ship with code that writes both columns and reads the new "
              "one):\n"
              "op.add_column(\"users\", col(\"email_address\", string(120)).nullable());\n"
              "op.execute(\"UPDATE \\\"users\\\" SET \\\"email_address\\\" = \\\"email\\\"\");\n"
              "// Revision 2, contract (the next release, once no running code uses the old "
              "name):\n"
              "op.alter_column(\"users\",\n"
              "                /*from=*/col(\"email_address\", string(120)).nullable(),\n"
              "                /*to=*/col(\"email_address\", string(120)));\n"
              "op.drop_column(\"users\", \"email\");\n");
}

TEST_F(review_test, renaming_a_table_offers_a_copy_under_the_new_name) {
    const auto report = run({ops::rename_table{"sites", "websites"}});
    EXPECT_EQ(findings(report), (strings{"backward-incompatible: renames table 'sites' to "
                                         "'websites'; the previous release's code still uses "
                                         "'sites'"}));
    EXPECT_NE(only(report, "backward-incompatible")
                  .fix.find("op.execute(\"INSERT INTO \\\"websites\\\" SELECT * FROM "
                            "\\\"sites\\\"\");\n"),
              std::string::npos);
}

TEST_F(review_test, hand_written_sql_cannot_be_analysed) {
    EXPECT_EQ(findings(run({ops::execute_sql{"DELETE FROM users WHERE age IS NULL"}})),
              (strings{"hand-written-sql: runs hand-written SQL: DELETE FROM users WHERE age IS "
                       "NULL"}));
}

TEST_F(review_test, tables_the_revision_creates_hold_no_rows_to_lose_or_lock) {
    EXPECT_EQ(findings(run({ops::create_table{table{.name = "pages",
                                                    .columns = {col("id", int64()).primary_key(),
                                                                col("slug", string(200))}}},
                            ops::create_index{"pages", unique_idx("ux_pages_slug", {"slug"})},
                            ops::add_column{"pages", col("site_id", int64())},
                            ops::drop_table{"pages"}})),
              strings{});
}

TEST_F(review_test, rules_of_a_dialect_not_reviewed_stay_quiet) {
    EXPECT_EQ(
        findings(run({ops::create_index{"users", idx("ix_users_age", {"age"})}}, "", {"sqlite"})),
        strings{});
}

TEST_F(review_test, an_acknowledged_finding_no_longer_blocks) {
    const auto report = run({ops::drop_column{"users", "name"}},
                            "// strata:lint-ack drop-column names moved to profiles in 1a2b3c\n");
    const auto& f = only(report, "drop-column");
    ASSERT_TRUE(f.acknowledged);
    EXPECT_EQ(*f.acknowledged, "names moved to profiles in 1a2b3c");
    EXPECT_FALSE(only(report, "backward-incompatible").acknowledged);
    EXPECT_EQ(blocking(report, severity::warning).size(), 1u);
}

TEST_F(review_test, an_acknowledgement_names_a_known_rule_and_gives_a_reason) {
    EXPECT_THROW_MSG(run({ops::drop_column{"users", "name"}}, "// strata:lint-ack drop-colum ok\n"),
                     diagnostic_error, "did you mean 'drop-column'?");
    EXPECT_THROW_MSG(run({ops::drop_column{"users", "name"}}, "// strata:lint-ack drop-column\n"),
                     diagnostic_error, "strata:lint-ack drop-column gives no reason");
}

TEST_F(review_test, lint_exit_code_follows_fail_on_and_acknowledgements) {
    write_revision("2_bbbbbbbbbbbb.cpp", "bbbbbbbbbbbb", {"aaaaaaaaaaaa"},
                   {ops::create_index{"users", idx("ix_users_age", {"age"})}});
    std::ostringstream out;
    const review_request request{dir(), "bbbbbbbbbbbb", {"postgresql"}, ""};
    EXPECT_EQ(lint_command(request, "warning", out), 1);
    EXPECT_NE(out.str().find("2_bbbbbbbbbbbb.cpp:16: warning: [pg-index-not-concurrent] creates "
                             "index 'ix_users_age' on 'users' without CONCURRENTLY\n"),
              std::string::npos)
        << out.str();
    EXPECT_EQ(lint_command(request, "error", out), 0);
    write_revision("2_bbbbbbbbbbbb.cpp", "bbbbbbbbbbbb", {"aaaaaaaaaaaa"},
                   {ops::create_index{"users", idx("ix_users_age", {"age"})}},
                   "// strata:lint-ack pg-index-not-concurrent users has 40 rows\n");
    EXPECT_EQ(lint_command(request, "warning", out), 0);
    EXPECT_THROW_MSG(lint_command(request, "fatal", out), usage_error,
                     "unknown --fail-on level 'fatal'");
}

TEST_F(review_test, every_dialect_built_is_reviewable_and_the_others_are_named_so) {
    const auto built = available_dialects();
    for (const auto& name : built) {
        EXPECT_EQ(make_dialect(name)->name(), name);
    }
#ifdef STRATA_TEST_HAVE_MYSQL
    // The MySQL/MariaDB backend is built: its dialect shows its own SQL.
    const auto report = run({ops::drop_column{"users", "name"}}, "", {"mysql"});
    const auto& sql = report.revisions.at(0).sql.at(0);
    EXPECT_EQ(sql.dialect, "mysql");
    ASSERT_EQ(sql.steps.size(), 1u);
    EXPECT_NE(sql.steps[0].statements.at(0).find("ALTER TABLE `users` DROP COLUMN `name`"),
              std::string::npos)
        << sql.steps[0].statements.at(0);
#endif
    EXPECT_THROW_MSG((void)make_dialect("oracle"), usage_error,
                     "unknown dialect 'oracle'; this strata can review: ");
}

TEST_F(review_test, sql_per_dialect_is_what_the_migrator_runs_including_the_rebuild) {
    const auto report = run({ops::alter_column{"users", col("email", string(120)),
                                               col("email", string(120)).nullable()}},
                            "", {"sqlite"});
    const auto& sql = report.revisions.at(0).sql.at(0);
    EXPECT_EQ(sql.dialect, "sqlite");
    ASSERT_EQ(sql.steps.size(), 1u);
    EXPECT_EQ(sql.steps[0].rebuilt_table, "users");
    EXPECT_EQ(sql.before_begin, strings{"PRAGMA foreign_keys = OFF"});
    const auto& statements = sql.steps[0].statements;
    EXPECT_TRUE(std::any_of(statements.begin(), statements.end(), [](const std::string& s) {
        return s.starts_with("INSERT INTO") && s.find("SELECT") != std::string::npos;
    })) << "the rebuild copies the rows";
    const auto md = render_markdown(report);
    EXPECT_NE(md.find("<details><summary>SQL for sqlite ("), std::string::npos);
    EXPECT_NE(md.find("-- table rebuild: 1. alter column users.email\n"), std::string::npos) << md;
}

TEST_F(review_test, a_revision_with_code_the_review_cannot_evaluate_is_named_at_its_line) {
    write_revision("2_bbbbbbbbbbbb.cpp", "bbbbbbbbbbbb", {"aaaaaaaaaaaa"}, {});
    const auto file = dir() / "versions" / "2_bbbbbbbbbbbb.cpp";
    auto text = read_file(file);
    text.replace(text.find("    // No schema changes."), 25,
                 "    for (auto t : {\"a\"}) { op.drop_table(t); }");
    write_file(file, text);
    EXPECT_THROW_MSG((void)build_review({dir(), "bbbbbbbbbbbb", {"sqlite"}, ""}), diagnostic_error,
                     "2_bbbbbbbbbbbb.cpp:16:5: error: cannot read this statement of the "
                     "revision: it is not a call `op.<operation>(...)`");
}

TEST_F(review_test, the_reader_gives_back_every_operation_the_renderer_writes) {
    const std::vector<operation> all{
        ops::create_table{
            table{.name = "posts",
                  .columns = {col("id", int64()).primary_key().autoincrement(),
                              col("status", enumeration("post_status", {"draft", "live"}))
                                  .server_default("'draft'")
                                  .comment("where \"it\" is"),
                              col("price", decimal(10, 2)).nullable(),
                              col("raw", sql_type(binary(), "BYTEA")).nullable()},
                  .indexes = {idx("ix_posts_status", {"status"})},
                  .uniques = {unique("uq_posts_price", {"price"})},
                  .foreign_keys = {fk("fk_x", {"id"}, "users", {"id"}, referential_action::cascade,
                                      referential_action::set_null)},
                  .checks = {check("ck_price", "price > 0")},
                  .comment = "posts\nof users"}},
        ops::rename_table{"posts", "articles"},
        ops::rename_column{"articles", "raw", "blob"},
        ops::alter_primary_key{"articles", {"id"}, {"id", "status"}},
        ops::drop_index{"articles", "ix_posts_status"},
        ops::drop_unique{"articles", "uq_posts_price"},
        ops::drop_foreign_key{"articles", "fk_x"},
        ops::drop_check{"articles", "ck_price"},
        ops::set_table_comment{"articles", std::nullopt},
        ops::execute_sql{R"(UPDATE "articles" SET "price" = 1 -- a "quoted" \ backslash)"},
    };
    std::vector<step> steps;
    for (const auto& op : all) {
        steps.push_back({op, "a warning comment"});
    }
    const auto text = render_revision(script_template, "t", {"cccccccccccc", {}, "m", "d"}, steps,
                                      {{ops::drop_table{"x"}, ""}});
    const auto read = read_revision_effect("r.cpp", text);
    const auto ops_of = [](const std::vector<read_operation>& list) {
        std::vector<operation> out;
        for (const auto& r : list) {
            out.push_back(r.op);
        }
        return out;
    };
    const auto recorded = ops_of(read.recorded);
    ASSERT_EQ(recorded.size(), all.size());
    for (std::size_t i = 0; i < all.size(); ++i) {
        EXPECT_EQ(render_operation(recorded[i]), render_operation(all[i]));
        EXPECT_TRUE(recorded[i] == all[i]) << render_operation(all[i]);
    }
    EXPECT_TRUE(read.transactional);
    EXPECT_EQ(ops_of(read_revision_effect("r.cpp", text, true).recorded),
              (std::vector<operation>{ops::drop_table{"x"}}));
    // A comment is not the registrar: only code sets `.transactional = false`.
    EXPECT_TRUE(read_revision_effect("r.cpp", text + "// .transactional = false\n").transactional);
    EXPECT_FALSE(read_revision_effect("r.cpp", "void upgrade(strata::operations& op) {}\n"
                                               "const strata::revision_registrar r{{"
                                               ".transactional = false}};")
                     .transactional);
}

TEST_F(review_test, a_downgrade_the_review_cannot_read_is_reported_not_fatal) {
    write_revision("2_bbbbbbbbbbbb.cpp", "bbbbbbbbbbbb", {"aaaaaaaaaaaa"},
                   {ops::drop_column{"users", "age"}});
    const auto file = dir() / "versions" / "2_bbbbbbbbbbbb.cpp";
    auto text = read_file(file);
    const auto at = text.rfind("    // No schema changes.");
    ASSERT_NE(at, std::string::npos);
    text.replace(at, 25, "    restore_ages(op);");
    write_file(file, text);
    const auto report = build_review({dir(), "bbbbbbbbbbbb", {"sqlite"}, ""});
    EXPECT_NE(report.revisions.at(0).downgrade_unreadable.find("cannot read this statement"),
              std::string::npos);
    EXPECT_NE(render_markdown(report).find("Downgrade: not shown, `downgrade()` holds code the "
                                           "review cannot read.\n"),
              std::string::npos);
}

TEST_F(review_test, every_rule_has_a_reason_and_an_alternative) {
    for (const auto& r : rules()) {
        EXPECT_FALSE(r.reason.empty()) << r.name;
        EXPECT_FALSE(r.alternative.empty()) << r.name;
        EXPECT_EQ(find_rule(r.name), &r);
    }
    EXPECT_EQ(find_rule("no-such-rule"), nullptr);
}

TEST(review_docs, the_rule_table_in_docs_commands_md_matches_the_catalogue) {
    const auto docs = read_file(std::filesystem::path(STRATA_TEST_RUNTIME_INCLUDE_DIR) / ".." /
                                ".." / "docs" / "commands.md");
    ASSERT_FALSE(docs.empty());
    for (const auto& r : rules()) {
        const auto row = fmt::format(
            "| `{}` | {} | {}{} | {} | {} |", r.name, to_string(r.level), to_string(r.kind),
            r.dialect.empty() ? "" : ", " + std::string(r.dialect), r.reason, r.alternative);
        EXPECT_NE(docs.find(row), std::string::npos) << "docs/commands.md lacks the row\n" << row;
    }
}

} // namespace

TEST_F(review_test, a_revision_with_a_dependency_is_reviewed_on_the_schema_its_dependency_leaves) {
    // An independent branch creates tags; bbbbbbbbbbbb (on the users line) indexes it, so
    // it depends on that branch instead of merging it.
    write_revision(
        "1_cccccccccccc.cpp", "cccccccccccc", {},
        {ops::create_table{table{
            .name = "tags", .columns = {col("id", int64()).primary_key(), col("label", text())}}}});
    const std::vector<step> steps{{ops::create_index{"tags", idx("ix_tags_label", {"label"})}, ""}};
    write_file(dir() / "versions" / "2_bbbbbbbbbbbb.cpp",
               render_revision(script_template, "script.cpp.tmpl",
                               {"bbbbbbbbbbbb",
                                {"aaaaaaaaaaaa"},
                                "index tags",
                                "2026-12-01 10:00:00",
                                {},
                                {"cccccccccccc"}},
                               steps, {}));
    const auto report = build_review({dir(), "bbbbbbbbbbbb", {"sqlite"}, ""});
    ASSERT_EQ(report.revisions.size(), 1u);
    const std::vector<operation> expected{
        ops::create_index{"tags", idx("ix_tags_label", {"label"})}};
    EXPECT_EQ(report.revisions[0].operations, expected);
}
