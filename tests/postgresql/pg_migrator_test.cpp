// The migrator on the real server: upgrade and downgrade with rows, introspection equal to
// the model, native enums created and dropped, failing and non-transactional revisions,
// the schema option and the lock timeout.

#include "expect_throw_msg.hpp"
#include "pg_test_server.hpp"
#include "test_revisions.hpp"

#include "strata/connection.hpp"
#include "strata/error.hpp"
#include "strata/introspect.hpp"
#include "strata/migrator.hpp"

#include <algorithm>
#include <gtest/gtest.h>

namespace {
using namespace strata::dsl;
using strata::operations;
using strata::referential_action;
using strata::revision;
using strata::row;
using PgMigrator = strata::testing::postgres_test;
using rows = std::vector<row>;
using ids = std::vector<std::string>;

using strata::testing::make_revision;

// Applies the operations @p record records to @p target, as the database would.
void apply_all(strata::schema& target, void (*record)(operations&)) {
    operations op;
    record(op);
    for (const auto& o : op.recorded()) {
        strata::apply(target, o);
    }
    target.normalize();
}

// The schema the first @p count revisions describe, computed without a database.
strata::schema model_after(const std::vector<revision>& revisions, std::size_t count) {
    strata::schema result;
    for (std::size_t i = 0; i < count; ++i) {
        apply_all(result, revisions[i].upgrade);
    }
    return result;
}

std::vector<std::string> enum_types(strata::connection& conn) {
    std::vector<std::string> names;
    for (const auto& r : conn.query("SELECT t.typname FROM pg_type t JOIN pg_namespace n ON "
                                    "n.oid = t.typnamespace WHERE t.typtype = 'e' AND n.nspname = "
                                    "current_schema() ORDER BY 1")) {
        names.push_back(*r.at(0));
    }
    return names;
}

// --- a history that uses every operation ------------------------------------------------

const strata::column_type status_v1 = enumeration("site_status", {"draft", "live"});
const strata::column_type status_v2 = enumeration("site_status", {"draft", "live", "archived"});

namespace base {
void upgrade(operations& op) {
    strata::table users{"users",
                        {col("id", int64()).primary_key().autoincrement(),
                         col("email", string(120)).comment("login"),
                         col("active", boolean()).server_default("true"),
                         col("created", timestamp()).server_default("CURRENT_TIMESTAMP"),
                         col("balance", decimal(12, 2)).server_default("0"),
                         col("avatar", binary()).nullable(), col("born", date()).nullable(),
                         col("score", float32()).nullable(), col("rating", float64()).nullable(),
                         col("level", int16()).server_default("1"),
                         col("visits", int32()).server_default("0"),
                         col("nick", string(20)).server_default("'anon'")}};
    users.indexes = {unique_idx("ix_users_email", {"email"})};
    users.checks = {check("ck_users_level", "level > 0")};
    users.comment = "people who log in";
    op.create_table(users);
    strata::table sites{"sites",
                        {col("id", int64()).primary_key().autoincrement(), col("owner_id", int64()),
                         col("name", text()), col("status", status_v1).server_default("'draft'")}};
    sites.uniques = {unique("uq_sites_owner_id_name", {"owner_id", "name"})};
    sites.foreign_keys = {
        fk("fk_sites_owner_id_users", {"owner_id"}, "users", {"id"}, referential_action::cascade)};
    op.create_table(sites);
    op.execute("INSERT INTO users (email) VALUES ('ada@example.com'), ('bob@example.com')");
    op.execute("INSERT INTO sites (owner_id, name, status) VALUES (1, 'home', 'live'), "
               "(2, 'blog', 'draft')");
}
void downgrade(operations& op) {
    op.drop_table("sites");
    op.drop_table("users");
}
} // namespace base

namespace evolve {
void upgrade(operations& op) {
    op.add_column("users", col("bio", text()).nullable().comment("about me"));
    op.rename_column("users", "nick", "handle");
    op.alter_column("users", col("visits", int32()).server_default("0"),
                    col("visits", int64()).server_default("0"));
    op.execute("UPDATE users SET score = 0 WHERE score IS NULL"); // before SET NOT NULL
    op.alter_column("users", col("score", float32()).nullable(), col("score", float32()));
    op.alter_column("sites", col("status", status_v1).server_default("'draft'"),
                    col("status", status_v2).server_default("'draft'"));
    op.create_index("sites", idx("ix_sites_name", {"name"}));
    op.drop_unique("sites", "uq_sites_owner_id_name");
    op.add_unique("sites", unique("uq_sites_name", {"name"}));
    op.drop_foreign_key("sites", "fk_sites_owner_id_users");
    op.add_foreign_key("sites", fk("fk_sites_owner_id_users", {"owner_id"}, "users", {"id"},
                                   referential_action::restrict));
    op.drop_check("users", "ck_users_level");
    op.add_check("users", check("ck_users_level", "level >= 1"));
    op.set_table_comment("users", "accounts");
    op.rename_table("sites", "websites");
    op.drop_column("users", "avatar");
    op.create_table("tags", {col("id", int32()).primary_key(), col("label", string(40))});
    op.drop_index("users", "ix_users_email");
}
void downgrade(operations& op) {
    op.create_index("users", unique_idx("ix_users_email", {"email"}));
    op.drop_table("tags");
    op.add_column("users", col("avatar", binary()).nullable());
    op.rename_table("websites", "sites");
    op.set_table_comment("users", "people who log in");
    op.drop_check("users", "ck_users_level");
    op.add_check("users", check("ck_users_level", "level > 0"));
    op.drop_foreign_key("sites", "fk_sites_owner_id_users");
    op.add_foreign_key("sites", fk("fk_sites_owner_id_users", {"owner_id"}, "users", {"id"},
                                   referential_action::cascade));
    op.drop_unique("sites", "uq_sites_name");
    op.add_unique("sites", unique("uq_sites_owner_id_name", {"owner_id", "name"}));
    op.drop_index("sites", "ix_sites_name");
    op.execute("UPDATE sites SET status = 'draft' WHERE status = 'archived'");
    op.alter_column("sites", col("status", status_v2).server_default("'draft'"),
                    col("status", status_v1).server_default("'draft'"));
    op.alter_column("users", col("score", float32()), col("score", float32()).nullable());
    op.alter_column("users", col("visits", int64()).server_default("0"),
                    col("visits", int32()).server_default("0"));
    op.rename_column("users", "handle", "nick");
    op.drop_column("users", "bio");
}
} // namespace evolve

namespace fill {
void upgrade(operations& op) {
    op.execute("UPDATE websites SET status = 'archived' WHERE name = 'blog'");
    op.execute("INSERT INTO tags VALUES (1, 'news')");
}
void downgrade(operations& op) {
    op.execute("DELETE FROM tags");
}
} // namespace fill

std::vector<revision> history() {
    return {make_revision("1111aaaaaaaa", {}, base::upgrade, base::downgrade),
            make_revision("2222bbbbbbbb", {"1111aaaaaaaa"}, evolve::upgrade, evolve::downgrade),
            make_revision("3333cccccccc", {"2222bbbbbbbb"}, fill::upgrade, fill::downgrade)};
}

TEST_F(PgMigrator, UpgradeAndDowngradeKeepRowsAndMatchTheModel) {
    auto conn = strata::connect(db().url());
    const auto revisions = history();
    strata::migrator m(*conn, revisions);

    m.upgrade("1111aaaaaaaa");
    EXPECT_EQ(strata::introspect(*conn), model_after(revisions, 1));
    EXPECT_EQ(enum_types(*conn), ids{"site_status"});

    const auto report = m.upgrade("head");
    EXPECT_EQ(report.steps, (ids{"2222bbbbbbbb", "3333cccccccc"}));
    EXPECT_EQ(m.current(), ids{"3333cccccccc"});
    EXPECT_EQ(strata::introspect(*conn), model_after(revisions, 3));
    EXPECT_EQ(conn->query("SELECT u.email, u.handle, u.visits, w.name, w.status::text FROM users "
                          "u JOIN websites w ON w.owner_id = u.id ORDER BY u.id"),
              (rows{{"ada@example.com", "anon", "0", "home", "live"},
                    {"bob@example.com", "anon", "0", "blog", "archived"}}));
    // IDENTITY keeps numbering after the rows the revisions inserted.
    conn->execute("INSERT INTO users (email, score) VALUES ('cy@example.com', 2)");
    EXPECT_EQ(conn->query("SELECT max(id) FROM users"), (rows{{"3"}}));

    m.downgrade("1111aaaaaaaa");
    EXPECT_EQ(m.current(), ids{"1111aaaaaaaa"});
    // The model after the downgrades: like revision 1, but the re-added column comes last.
    auto downgraded = model_after(revisions, 3);
    apply_all(downgraded, revisions[2].downgrade);
    apply_all(downgraded, revisions[1].downgrade);
    EXPECT_EQ(strata::introspect(*conn), downgraded);
    EXPECT_EQ(downgraded.find_table("users")->columns.back().name, "avatar");
    EXPECT_EQ(conn->query("SELECT u.email, u.nick, s.name, s.status::text FROM users u JOIN "
                          "sites s ON s.owner_id = u.id ORDER BY u.id"),
              (rows{{"ada@example.com", "anon", "home", "live"},
                    {"bob@example.com", "anon", "blog", "draft"}}));

    m.downgrade("base");
    EXPECT_EQ(strata::introspect(*conn), strata::schema{});
    EXPECT_EQ(enum_types(*conn), ids{});
    EXPECT_EQ(m.current(), ids{});
}

// --- native enums: the type is created with its first column and dropped with its last --

namespace enum_first {
void upgrade(operations& op) {
    op.create_table("sites", {col("id", int64()).primary_key(), col("status", status_v1)});
}
void downgrade(operations& op) {
    op.drop_table("sites");
}
} // namespace enum_first
namespace enum_second {
void upgrade(operations& op) {
    op.create_table("pages", {col("id", int64()).primary_key(), col("status", status_v1)});
    op.add_column("sites", col("kind", enumeration("site_kind", {"blog", "shop"})).nullable());
}
void downgrade(operations& op) {
    op.drop_column("sites", "kind");
    op.drop_table("pages");
}
} // namespace enum_second

TEST_F(PgMigrator, EnumTypesAreCreatedAndDroppedOnDowngrade) {
    auto conn = strata::connect(db().url());
    const std::vector<revision> revisions = {
        make_revision("aaaa00000001", {}, enum_first::upgrade, enum_first::downgrade),
        make_revision("aaaa00000002", {"aaaa00000001"}, enum_second::upgrade,
                      enum_second::downgrade)};
    strata::migrator m(*conn, revisions);
    for (int round = 0; round < 2; ++round) { // the second round fails if a type was left
        m.upgrade("aaaa00000001");
        EXPECT_EQ(enum_types(*conn), ids{"site_status"});
        m.upgrade("head");
        EXPECT_EQ(enum_types(*conn), (ids{"site_kind", "site_status"}));
        EXPECT_EQ(strata::introspect(*conn), model_after(revisions, 2));
        m.downgrade("-1");
        // pages.status went, but sites.status still uses site_status.
        EXPECT_EQ(enum_types(*conn), ids{"site_status"});
        m.downgrade("base");
        EXPECT_EQ(enum_types(*conn), ids{});
    }
}

// --- a failing revision ---------------------------------------------------------------

namespace breaks {
void upgrade(operations& op) {
    op.create_table("comments", {col("id", int64()).primary_key()});
    op.execute("INSERT INTO comments VALUES (1)");
    op.execute("INSERT INTO comments VALUES (1)");
}
void downgrade(operations& op) {
    op.drop_table("comments");
}
} // namespace breaks

TEST_F(PgMigrator, FailingRevisionLeavesThePreviousRevision) {
    auto conn = strata::connect(db().url());
    strata::migrator m(*conn, {make_revision("1111aaaaaaaa", {}, base::upgrade, base::downgrade),
                               make_revision("4444dddddddd", {"1111aaaaaaaa"}, breaks::upgrade,
                                             breaks::downgrade)});
    try {
        m.upgrade("head");
        FAIL() << "the revision did not fail";
    } catch (const strata::migration_error& e) {
        EXPECT_EQ(e.revision(), "4444dddddddd");
        EXPECT_EQ(e.sqlstate(), "23505");
        EXPECT_EQ(e.statement(), "INSERT INTO comments VALUES (1)");
        EXPECT_EQ(std::string(e.what()),
                  "revision '4444dddddddd' (\"test\") failed: postgresql error: duplicate key "
                  "value violates unique constraint \"comments_pkey\" (SQLSTATE 23505)\n"
                  "    detail: Key (id)=(1) already exists.\n"
                  "    while running: INSERT INTO comments VALUES (1)");
    }
    EXPECT_EQ(m.current(), ids{"1111aaaaaaaa"});
    // Transactional DDL: the table the failed revision created is gone too.
    EXPECT_FALSE(conn->has_table("comments"));
    EXPECT_EQ(conn->query("SELECT count(*) FROM users"), (rows{{"2"}}));
}

// --- revisions outside a transaction ----------------------------------------------------

namespace concurrent_index {
void upgrade(operations& op) {
    // Written to survive a crash half-way: an INVALID index left by an interrupted
    // CONCURRENTLY build is dropped before the build starts again.
    op.execute("DROP INDEX CONCURRENTLY IF EXISTS ix_users_created");
    op.execute("CREATE INDEX CONCURRENTLY ix_users_created ON users (created)");
}
void downgrade(operations& op) {
    op.execute("DROP INDEX CONCURRENTLY IF EXISTS ix_users_created");
}
} // namespace concurrent_index

namespace concurrent_then_fail {
void upgrade(operations& op) {
    op.execute("CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_users_born ON users (born)");
    op.execute("SELECT no_such_function()");
}
void downgrade(operations& op) {
    op.execute("DROP INDEX CONCURRENTLY IF EXISTS ix_users_born");
}
} // namespace concurrent_then_fail

TEST_F(PgMigrator, NonTransactionalRevisionRunsOutsideATransaction) {
    auto conn = strata::connect(db().url());
    const auto base_rev = make_revision("1111aaaaaaaa", {}, base::upgrade, base::downgrade);
    {
        // Inside the usual transaction PostgreSQL refuses it: the opt-out is needed.
        strata::migrator m(*conn, {base_rev, make_revision("5555eeeeeeee", {"1111aaaaaaaa"},
                                                           concurrent_index::upgrade,
                                                           concurrent_index::downgrade)});
        try {
            m.upgrade("head");
            FAIL() << "CREATE INDEX CONCURRENTLY ran inside a transaction";
        } catch (const strata::migration_error& e) {
            EXPECT_EQ(e.sqlstate(), "25001");
        }
        EXPECT_EQ(m.current(), ids{"1111aaaaaaaa"});
    }
    strata::migrator m(
        *conn, {base_rev, make_revision("5555eeeeeeee", {"1111aaaaaaaa"}, concurrent_index::upgrade,
                                        concurrent_index::downgrade, false)});
    EXPECT_EQ(m.upgrade("head").steps, ids{"5555eeeeeeee"});
    EXPECT_EQ(m.current(), ids{"5555eeeeeeee"});
    EXPECT_EQ(conn->query("SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = "
                          "i.indexrelid WHERE c.relname = 'ix_users_created'"),
              (rows{{"t"}}));
    m.downgrade("-1");
    EXPECT_EQ(m.current(), ids{"1111aaaaaaaa"});
    EXPECT_EQ(conn->query("SELECT 1 FROM pg_class WHERE relname = 'ix_users_created'"), rows{});
}

TEST_F(PgMigrator, NonTransactionalFailureKeepsEarlierStatementsAndTheOldVersion) {
    auto conn = strata::connect(db().url());
    strata::migrator m(
        *conn, {make_revision("1111aaaaaaaa", {}, base::upgrade, base::downgrade),
                make_revision("6666ffffffff", {"1111aaaaaaaa"}, concurrent_then_fail::upgrade,
                              concurrent_then_fail::downgrade, false)});
    EXPECT_THROW_MSG(m.upgrade("head"), strata::migration_error,
                     "the revision runs outside a transaction: statements before this one stay "
                     "applied, and the next start runs it again from the top");
    EXPECT_EQ(m.current(), ids{"1111aaaaaaaa"});
    EXPECT_EQ(conn->query("SELECT 1 FROM pg_class WHERE relname = 'ix_users_born'"), (rows{{"1"}}));
}

// --- the schema option ----------------------------------------------------------------

TEST_F(PgMigrator, SchemaOptionHoldsTheVersionTableAndTheModels) {
    auto conn = strata::connect(db().url());
    strata::migrate_options options;
    options.schema = "app";
    strata::migrator m(*conn, history(), options);
    m.upgrade("head");
    EXPECT_EQ(m.current(), ids{"3333cccccccc"});

    auto plain = strata::connect(db().url());
    EXPECT_EQ(plain->query("SELECT table_schema, table_name FROM information_schema.tables "
                           "WHERE table_schema IN ('app', 'public') ORDER BY 1, 2"),
              (rows{{"app", "strata_history"},
                    {"app", "strata_version"},
                    {"app", "tags"},
                    {"app", "users"},
                    {"app", "websites"}}));
    EXPECT_EQ(strata::migrator(*plain, history()).current(), ids{});
    EXPECT_EQ(strata::introspect(*plain), strata::schema{});

    // The URL spelling reaches the same schema.
    auto via_url = strata::connect(db().url() + "?schema=app");
    EXPECT_EQ(strata::migrator(*via_url, history()).current(), ids{"3333cccccccc"});
    EXPECT_EQ(strata::introspect(*via_url), model_after(history(), 3));
}

// A search_path naming no existing schema used to end in a bare "no schema has been
// selected to create in": the error names the database (masked) and what to do.
TEST_F(PgMigrator, SearchPathWithoutASchemaIsExplained) {
    const std::string url = db().url() + "?options=-c%20search_path%3Dnosuch";
    auto conn = strata::connect(url);
    try {
        strata::migrator(*conn, history()).upgrade("head");
        FAIL() << "migrated without a schema";
    } catch (const strata::error& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("no schema has been selected to create in (SQLSTATE 3F000)"),
                  std::string::npos)
            << message;
        EXPECT_NE(message.find("hint: the search_path of " + strata::mask_password(url) +
                               " names no schema that exists"),
                  std::string::npos)
            << message;
        EXPECT_NE(message.find("create that schema, correct the search_path, or give "
                               "?schema=NAME"),
                  std::string::npos)
            << message;
        const auto password = db().url().substr(0, db().url().rfind('@'));
        EXPECT_EQ(message.find(password.substr(password.rfind(':') + 1)), std::string::npos)
            << message;
    }
    EXPECT_EQ(strata::migrator(*strata::connect(db().url()), history()).current(), ids{});
}

// --- the lock -------------------------------------------------------------------------

TEST_F(PgMigrator, LockTimeoutIsAClearError) {
    auto holder = strata::connect(db().url());
    holder->lock_migrations(std::chrono::seconds(5));
    auto conn = strata::connect(db().url());
    strata::migrate_options options;
    options.lock_timeout = std::chrono::milliseconds(300);
    strata::migrator m(*conn, history(), options);
    EXPECT_THROW_MSG(m.upgrade("head"), strata::lock_timeout_error,
                     "timed out after 300 ms waiting for the migration lock on '" +
                         strata::mask_password(db().url()) + "'");
    EXPECT_EQ(m.current(), ids{});
    holder->unlock_migrations();
    m.upgrade("head");
    EXPECT_EQ(m.current(), ids{"3333cccccccc"});
}

// Issue 15: a migration queued behind one long transaction blocked every other query on
// that table without limit. Now a statement waits ddl_lock_timeout, the revision is rolled
// back and retried, and then the run stops with a sentence that says what to do.
TEST_F(PgMigrator, DdlLockWaitsAreBoundedRetriedAndExplained) {
    using namespace std::chrono_literals;
    auto conn = strata::connect(db().url(), {.lock_timeout = 5s, .ddl_lock_timeout = 200ms});
    std::vector<std::string> log;
    strata::migrate_options options;
    options.ddl_lock_timeout = 200ms;
    options.ddl_lock_retries = 2;
    options.log = [&](std::string_view line) { log.emplace_back(line); };
    strata::migrator m(*conn, history(), options);
    m.upgrade("1111aaaaaaaa");

    auto app = strata::connect(db().url());
    app->execute("BEGIN");
    (void)app->query("SELECT count(*) FROM users"); // holds its lock until the transaction ends
    EXPECT_THROW_MSG(m.upgrade("2222bbbbbbbb"), strata::migration_error,
                     "a statement waited longer than the lock timeout (200 ms) for a lock "
                     "another transaction holds on its table, 3 time(s); nothing of this "
                     "revision was applied");
    EXPECT_EQ(std::count_if(log.begin(), log.end(),
                            [](const std::string& line) {
                                return line.find("rolled back, trying again") != std::string::npos;
                            }),
              2);
    EXPECT_EQ(m.current(), ids{"1111aaaaaaaa"});

    app->execute("COMMIT");
    m.upgrade("head");
    EXPECT_EQ(m.current(), ids{"3333cccccccc"});
}

} // namespace
