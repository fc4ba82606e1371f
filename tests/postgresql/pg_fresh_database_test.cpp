// A new PostgreSQL database brought to head in one step (migrate_options::
// create_fresh_at_head) against the same revisions replayed one by one: the same schema by
// introspection, the same enum types, the same version and history rows; and a database
// created in one step downgrades like a replayed one.

#include "fresh_history.hpp"
#include "pg_test_server.hpp"

#include "strata/connection.hpp"
#include "strata/introspect.hpp"
#include "strata/migrator.hpp"

#include <algorithm>
#include <gtest/gtest.h>

namespace {
using PgFreshDatabase = strata::testing::postgres_test;
using strata::testing::pg_database;
namespace history = strata::testing::fresh_history;
using ids = std::vector<std::string>;

std::vector<strata::row> enum_types(strata::connection& conn) {
    return conn.query("SELECT t.typname, e.enumlabel FROM pg_type t JOIN pg_enum e ON "
                      "e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace WHERE "
                      "n.nspname = current_schema() ORDER BY t.typname, e.enumsortorder");
}

// Column comments and the table comment, which introspection compares as well; listed
// here too so a failure shows them.
std::vector<strata::row> comments(strata::connection& conn) {
    return conn.query("SELECT c.relname, a.attname, d.description FROM pg_description d JOIN "
                      "pg_class c ON c.oid = d.objoid LEFT JOIN pg_attribute a ON a.attrelid = "
                      "c.oid AND a.attnum = d.objsubid WHERE c.relnamespace = "
                      "current_schema()::regnamespace ORDER BY 1, 2");
}

// Every constraint and index by name and definition: later revisions drop them by name.
std::vector<strata::row> constraints_and_indexes(strata::connection& conn) {
    auto result = conn.query("SELECT c.conrelid::regclass::text, c.conname, "
                             "pg_get_constraintdef(c.oid) FROM pg_constraint c WHERE "
                             "c.connamespace = current_schema()::regnamespace ORDER BY 1, 2");
    for (auto& r : conn.query("SELECT tablename, indexname, indexdef FROM pg_indexes WHERE "
                              "schemaname = current_schema() ORDER BY 1, 2")) {
        result.push_back(std::move(r));
    }
    return result;
}

TEST_F(PgFreshDatabase, OneStepEqualsReplay) {
    const pg_database replayed_db(server_url());
    auto fast = strata::connect(db().url());
    auto replayed = strata::connect(replayed_db.url());
    std::vector<std::string> log;
    strata::migrate_options fast_options;
    fast_options.log = [&](std::string_view line) { log.emplace_back(line); };
    strata::migrate_options replay_options;
    replay_options.create_fresh_at_head = false;

    const auto fast_report = strata::migrator(*fast, history::revisions(), fast_options).upgrade();
    ASSERT_EQ(log.size(), 1U);
    EXPECT_TRUE(log.front().starts_with("new database: created the schema")) << log.front();
    const auto replay_report =
        strata::migrator(*replayed, history::revisions(), replay_options).upgrade();

    EXPECT_EQ(fast_report.steps, replay_report.steps);
    EXPECT_EQ(fast_report.current, ids{"f3000000cccc"});
    const auto schema = strata::introspect(*fast);
    EXPECT_EQ(schema, strata::introspect(*replayed));
    EXPECT_NE(schema.find_table("memberships"), nullptr);
    EXPECT_EQ(enum_types(*fast), enum_types(*replayed));
    EXPECT_EQ(comments(*fast), comments(*replayed));
    EXPECT_EQ(constraints_and_indexes(*fast), constraints_and_indexes(*replayed));
    EXPECT_EQ(history::bookkeeping(*fast), history::bookkeeping(*replayed));

    // Both go down to base by their downgrades and leave nothing behind, enum types included.
    for (auto* conn : {fast.get(), replayed.get()}) {
        strata::migrator m(*conn, history::revisions(), replay_options);
        m.downgrade("base");
        EXPECT_EQ(strata::introspect(*conn), strata::schema{});
        EXPECT_TRUE(enum_types(*conn).empty());
    }
}

} // namespace
