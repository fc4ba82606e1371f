#include "db_dump.hpp"
#include "expect_throw_msg.hpp"
#include "schema_printer.hpp"
#include "temp_dir.hpp"
#include "test_revisions.hpp"

#include "strata/connection.hpp"
#include "strata/error.hpp"
#include "strata/introspect.hpp"
#include "strata/migrator.hpp"

#include <gtest/gtest.h>

namespace {
using namespace strata::dsl;
using strata::operations;
using strata::referential_action;
using strata::row;
using strata::testing::make_revision;
using strata::testing::temp_dir;

// teams <- users <- posts: users has a foreign key pointing out (to teams) and one
// pointing in (from posts, ON DELETE CASCADE, which a careless rebuild would fire),
// indexes, a unique constraint, a check, a trigger and an expression index.
strata::table teams() {
    return {"teams", {col("id", int64()).primary_key(), col("name", string(40))}};
}

strata::table users() {
    strata::table t{"users",
                    {col("id", int64()).primary_key(), col("email", string(120)),
                     col("team_id", int64()), col("score", int32()).server_default("0")}};
    t.indexes = {idx("ix_users_team_id", {"team_id"})};
    t.uniques = {unique("uq_users_email", {"email"})};
    t.foreign_keys = {fk("fk_users_team_id_teams", {"team_id"}, "teams", {"id"})};
    t.checks = {check("ck_users_score", "score >= 0")};
    return t;
}

strata::table posts() {
    strata::table t{
        "posts", {col("id", int64()).primary_key(), col("user_id", int64()), col("title", text())}};
    t.indexes = {idx("ix_posts_user_id", {"user_id"})};
    t.foreign_keys = {
        fk("fk_posts_user_id_users", {"user_id"}, "users", {"id"}, referential_action::cascade)};
    return t;
}

// The numbers 1..n as table s(value), for seeding rows.
std::string series(int n) {
    return "WITH RECURSIVE s(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM s WHERE value < " +
           std::to_string(n) + ") ";
}

namespace base {
void upgrade(operations& op) {
    op.create_table(teams());
    op.create_table(users());
    op.create_table(posts());
    op.create_table("audit", {col("line", text())});
    op.execute("CREATE INDEX ix_users_lower_email ON users (lower(email))");
    op.execute("CREATE TRIGGER tr_users_email AFTER UPDATE OF email ON users BEGIN "
               "INSERT INTO audit VALUES ('email of ' || NEW.id); END");
    op.execute(series(3) + "INSERT INTO teams SELECT value, 'team ' || value FROM s");
    op.execute(series(100) + "INSERT INTO users SELECT value, 'u' || value || '@example.com', "
                             "1 + value % 3, value FROM s");
    op.execute(series(300) + "INSERT INTO posts SELECT value, 1 + value % 100, 'post ' || value "
                             "FROM s");
}
void downgrade(operations& op) {
    op.drop_table("audit");
    op.drop_table("posts");
    op.drop_table("users");
    op.drop_table("teams");
}
} // namespace base

// Everything on users that SQLite cannot ALTER, in one revision.
const strata::column score_before = col("score", int32()).server_default("0");
const strata::column score_after = col("points", int64()).nullable();

namespace reshape {
void upgrade(operations& op) {
    op.drop_check("users", "ck_users_score"); // it names score, which is renamed next
    op.alter_column("users", score_before, score_after);
    op.add_check("users", check("ck_users_email", "email LIKE '%@%'"));
    op.drop_unique("users", "uq_users_email");
    op.add_unique("users", unique("uq_users_team_email", {"team_id", "email"}));
    op.drop_foreign_key("users", "fk_users_team_id_teams");
    op.add_foreign_key(
        "users", fk("fk_users_team", {"team_id"}, "teams", {"id"}, referential_action::restrict));
    op.add_column("users", col("joined", timestamp()).server_default("CURRENT_TIMESTAMP"));
}
void downgrade(operations& op) {
    op.drop_column("users", "joined");
    op.drop_foreign_key("users", "fk_users_team");
    op.add_foreign_key("users", fk("fk_users_team_id_teams", {"team_id"}, "teams", {"id"}));
    op.drop_unique("users", "uq_users_team_email");
    op.add_unique("users", unique("uq_users_email", {"email"}));
    op.drop_check("users", "ck_users_email");
    op.alter_column("users", score_after, score_before);
    op.add_check("users", check("ck_users_score", "score >= 0"));
}
} // namespace reshape

std::vector<strata::revision> revisions() {
    return {make_revision("0001base0000", {}, "base", "2024-01-01 00:00:00", base::upgrade,
                          base::downgrade),
            make_revision("0002reshape0", {"0001base0000"}, "reshape users", "2024-01-02 00:00:00",
                          reshape::upgrade, reshape::downgrade)};
}

strata::schema model_at(void (*record)(operations&), strata::schema s = {}) {
    operations op;
    record(op);
    for (const auto& o : op.recorded()) {
        strata::apply(s, o);
    }
    return s;
}

class Rebuild : public ::testing::Test {
protected:
    temp_dir m_dir;
    std::unique_ptr<strata::connection> m_db = strata::connect(m_dir.sqlite_url());

    std::vector<row> query(const std::string& sql) { return m_db->query(sql); }
    std::string one(const std::string& sql) { return query(sql).at(0).at(0).value_or("NULL"); }
};

TEST_F(Rebuild, KeepsRowsIndexesTriggersAndForeignKeysBothWays) {
    strata::migrator m(*m_db, revisions());
    m.upgrade("0001base0000");
    const auto users_before = query("SELECT id, email, team_id, score FROM users ORDER BY id");
    m.upgrade();

    const auto expected = model_at(reshape::upgrade, model_at(base::upgrade));
    EXPECT_EQ(strata::introspect(*m_db), expected);
    // Rows: every user with its values (score copied into points), no post cascaded away.
    EXPECT_EQ(query("SELECT id, email, team_id, points FROM users ORDER BY id"), users_before);
    EXPECT_EQ(one("SELECT COUNT(*) FROM posts"), "300");
    EXPECT_EQ(one("SELECT COUNT(*) FROM users WHERE joined IS NOT NULL"), "100");
    // What the model does not describe came back too.
    EXPECT_EQ(one("SELECT COUNT(*) FROM sqlite_master WHERE name IN ('ix_users_lower_email', "
                  "'tr_users_email', 'ix_users_team_id', 'ix_posts_user_id')"),
              "4");
    m_db->execute("UPDATE users SET email = 'new@example.com' WHERE id = 7");
    EXPECT_EQ(query("SELECT line FROM audit"), std::vector<row>{{"email of 7"}});
    // Foreign keys hold and are enforced again, in and out; the connection is restored.
    EXPECT_TRUE(query("PRAGMA foreign_key_check").empty());
    EXPECT_EQ(one("PRAGMA foreign_keys"), "1");
    EXPECT_EQ(one("PRAGMA legacy_alter_table"), "0");
    EXPECT_THROW_MSG(m_db->execute("INSERT INTO posts VALUES (1000, 999, 'orphan')"),
                     strata::database_error, "FOREIGN KEY constraint failed");
    EXPECT_THROW_MSG(m_db->execute("DELETE FROM teams WHERE id = 1"), strata::database_error,
                     "FOREIGN KEY constraint failed"); // ON DELETE RESTRICT now
    EXPECT_THROW_MSG(m_db->execute("INSERT INTO users (id, email, team_id) VALUES (500, 'x', 1)"),
                     strata::database_error, "CHECK constraint failed: ck_users_email");
    m_db->execute("DELETE FROM users WHERE id = 5"); // the cascade still works
    EXPECT_EQ(one("SELECT COUNT(*) FROM posts WHERE user_id = 5"), "0");
    m_db->execute(
        "INSERT INTO users (id, email, team_id, points) VALUES (5, 'u5@example.com', 1, 0)");

    // And back.
    m.downgrade("0001base0000");
    EXPECT_EQ(strata::introspect(*m_db), model_at(base::upgrade));
    EXPECT_EQ(query("SELECT COUNT(*), SUM(score) FROM users"),
              (std::vector<row>{{"100", std::to_string(5050 - 5)}})); // row 5 re-inserted, score 0
    EXPECT_EQ(one("SELECT COUNT(*) FROM sqlite_master WHERE name = 'tr_users_email'"), "1");
}

// Adding a foreign key that existing rows break: the check before COMMIT fails the
// revision and nothing changes.
namespace bad_key {
void upgrade(operations& op) {
    op.execute("INSERT INTO posts VALUES (301, 1, 'fine')");
    op.add_foreign_key("audit", fk("fk_audit_line_teams", {"line"}, "teams", {"id"}));
}
void downgrade(operations& op) {
    op.drop_foreign_key("audit", "fk_audit_line_teams");
}
} // namespace bad_key

TEST_F(Rebuild, ForeignKeyViolationsFailTheRevision) {
    auto all = revisions();
    all.push_back(make_revision("0003badkey00", {"0002reshape0"}, "bad key", "2024-01-03 00:00:00",
                                bad_key::upgrade, bad_key::downgrade));
    strata::migrator m(*m_db, all);
    m.upgrade("0002reshape0");
    m_db->execute("INSERT INTO audit VALUES ('no such team')");
    const auto schema_before = strata::testing::schema_rows(*m_db);
    const auto rows_before = strata::testing::all_rows(*m_db);
    EXPECT_THROW_MSG(m.upgrade(), strata::migration_error,
                     "revision '0003badkey00' (\"bad key\") failed: foreign key check failed "
                     "after rebuilding tables: 1 row(s) break a foreign key, the first in table "
                     "'audit' (rowid 1) refers to a missing row of 'teams'; nothing was changed");
    EXPECT_EQ(strata::testing::schema_rows(*m_db), schema_before);
    EXPECT_EQ(strata::testing::all_rows(*m_db), rows_before);
    EXPECT_EQ(one("PRAGMA foreign_keys"), "1");
}

// Each operation on a table with rows, checked against the model after each revision, up
// and down: the SQLite side of every change kind the generator emits.
namespace every_op {
void upgrade(operations& op) {
    op.rename_table("audit", "journal");
    op.rename_column("journal", "line", "entry");
    op.add_column("journal", col("level", int16()).server_default("1"));
    op.add_column(
        "journal",
        col("kind", enumeration("journal_kind", {"info", "warn"})).server_default("'info'"));
    op.create_index("journal", idx("ix_journal_level", {"level"}));
    op.create_index("journal", unique_idx("ux_journal_entry", {"entry"}));
    op.alter_column("journal", col("level", int16()).server_default("1"),
                    col("level", int32()).server_default("2").nullable());
    op.set_table_comment("journal", "what happened");
    op.add_column("journal", col("id", int64()).nullable());
    op.drop_index("journal", "ix_journal_level");
    op.drop_column("journal", "id");
}
void downgrade(operations& op) {
    op.add_column("journal", col("id", int64()).nullable());
    op.drop_column("journal", "id");
    op.create_index("journal", idx("ix_journal_level", {"level"}));
    op.set_table_comment("journal", std::nullopt);
    op.alter_column("journal", col("level", int32()).server_default("2").nullable(),
                    col("level", int16()).server_default("1"));
    op.drop_index("journal", "ux_journal_entry");
    op.drop_index("journal", "ix_journal_level");
    op.drop_column("journal", "kind");
    op.drop_column("journal", "level");
    op.rename_column("journal", "entry", "line");
    op.rename_table("journal", "audit");
}
} // namespace every_op

TEST_F(Rebuild, EveryOperationKindWithRows) {
    auto all = revisions();
    all.push_back(make_revision("0003everyop0", {"0002reshape0"}, "every op", "2024-01-03 00:00:00",
                                every_op::upgrade, every_op::downgrade));
    strata::migrator m(*m_db, all);
    m.upgrade("0002reshape0");
    m_db->execute("INSERT INTO audit VALUES ('one'), ('two')");
    const auto at_reshape = strata::introspect(*m_db);
    m.upgrade();
    auto expected = model_at(every_op::upgrade, at_reshape);
    expected.find_table("journal")->comment.reset(); // SQLite stores no comments
    EXPECT_EQ(strata::introspect(*m_db), expected);
    EXPECT_EQ(query("SELECT entry, level, kind FROM journal ORDER BY entry"),
              (std::vector<row>{{"one", "1", "info"}, {"two", "1", "info"}}));
    EXPECT_THROW_MSG(m_db->execute("INSERT INTO journal (entry, kind) VALUES ('x', 'oops')"),
                     strata::database_error, "CHECK constraint failed: journal_kind");
    m.downgrade("0002reshape0");
    EXPECT_EQ(strata::introspect(*m_db), at_reshape);
    EXPECT_EQ(query("SELECT line FROM audit ORDER BY line"), (std::vector<row>{{"one"}, {"two"}}));
}

} // namespace
