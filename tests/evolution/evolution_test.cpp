// One change kind, end to end: the revisions the generator wrote for this case's model at
// v1 and v2 are compiled into this program. Against a real database it upgrades to v1,
// inserts rows, upgrades to v2, checks the schema by introspection against the v2
// snapshot and that the rows survived, then downgrades and checks v1 again.
//
// STRATA_EVOLUTION_CASE_DIR names the case's source folder, STRATA_EVOLUTION_OUT_DIR the
// folder generate_case.sh wrote the snapshots to. The database is a fresh SQLite file, or, with
// STRATA_EVOLUTION_DIALECT=postgresql (or mysql), a fresh database on the PostgreSQL (MariaDB)
// test server (ctest runs every case all three ways).
//
// Per case (tests/evolution/<case>/): v1.hpp, v2.hpp, and optionally rows.sql (run at v1),
// rows_v2.sql (run at v2, before the downgrade), check_v2.sql and check_v1.sql (each line
// a SELECT that must return the single value true). A file <name>.mysql.sql, when there,
// replaces <name>.sql on MariaDB, whose SQL spells some values differently (no INTERVAL
// type, no time zone in a DATETIME literal).

#include "my_test_server.hpp"
#include "pg_test_server.hpp"
#include "project/snapshot.hpp"
#include "temp_dir.hpp"

#include <strata/cli.hpp>
#include <strata/connection.hpp>
#include <strata/dialect.hpp>
#include <strata/introspect.hpp>
#include <strata/migrator.hpp>
#include <strata/revision.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

namespace {

// The case's folders come from the environment (ctest sets them per case), so this file is
// compiled once for every case.
std::filesystem::path env_dir(const char* name) {
    const char* value = std::getenv(name);
    if (value == nullptr) {
        throw std::runtime_error(std::string(name) + " is not set; run the case through ctest");
    }
    return value;
}
std::filesystem::path case_dir() {
    return env_dir("STRATA_EVOLUTION_CASE_DIR");
}
std::filesystem::path out_dir() {
    return env_dir("STRATA_EVOLUTION_OUT_DIR");
}

std::optional<std::string> read_optional(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) {
        return std::nullopt;
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// What the database can show of a schema. Types are compared as the dialect spells them
// (an explicit sql_type = "VARCHAR(12)" and string(12) are the same column to the
// database); a column added by ALTER TABLE lands at the end, so columns are compared by
// name. Comments and expressions are already in the database's own form on both sides
// (strata::canonical_form()).
strata::schema comparable(strata::schema s, const strata::dialect& d) {
    for (auto& t : s.tables) {
        std::sort(t.columns.begin(), t.columns.end(),
                  [](const auto& a, const auto& b) { return a.name < b.name; });
        for (auto& c : t.columns) {
            c.type = strata::column_type{.kind = c.type.kind, .sql_override = d.type_sql(c.type)};
        }
    }
    s.normalize();
    return s;
}

std::string as_text(const strata::schema& s) {
    std::string text;
    for (const auto& [name, content] : strata::generator::snapshot_files(s)) {
        text += content;
    }
    return text;
}

class evolution : public ::testing::Test {
protected:
    void SetUp() override {
        const char* dialect_env = std::getenv("STRATA_EVOLUTION_DIALECT");
        if (dialect_env && std::string_view(dialect_env) == "postgresql") {
            const auto server = strata::testing::postgres_server_url();
            if (!server) {
                if (strata::testing::postgres_required()) {
                    FAIL()
                        << "no PostgreSQL test server: the ctest fixture should have started one";
                }
                GTEST_SKIP() << "no PostgreSQL server: set STRATA_TEST_POSTGRES_URL to run this "
                                "case on PostgreSQL";
            }
            m_pg.emplace(*server);
            m_url = m_pg->url();
        } else if (dialect_env && std::string_view(dialect_env) == "mysql") {
            const auto server = strata::testing::mysql_server_url();
            if (!server) {
                if (strata::testing::mysql_required()) {
                    FAIL() << "no MariaDB test server: the ctest fixture should have started one";
                }
                GTEST_SKIP() << "no MariaDB server: set STRATA_TEST_MYSQL_URL to run this case "
                                "on MariaDB";
            }
            m_my.emplace(*server);
            m_url = m_my->url();
        } else {
            m_url = m_dir.sqlite_url("evolution.db");
        }
        m_db = strata::connect(m_url);
        m_graph_order = strata::revision_graph(strata::registered_revisions()).revisions();
        ASSERT_EQ(m_graph_order.size(), 2u) << "each case has exactly two revisions";
    }

    void TearDown() override {
        if (m_db) {
            // Leave a shared server clean for the next case; a failure here was already
            // reported by the test itself.
            try {
                strata::migrator(*m_db, strata::registered_revisions()).downgrade("base");
            } catch (const std::exception& e) {
                ADD_FAILURE() << "cleanup downgrade failed: " << e.what();
            }
        }
    }

    std::string dialect() const { return std::string(m_db->sql_dialect().name()); }

    void expect_schema(const char* snapshot_dir) {
        const auto expected = strata::canonical_form(
            *m_db, strata::generator::read_snapshot(out_dir() / snapshot_dir));
        const auto actual = strata::introspect(*m_db);
        // Compared as snapshot text, so a failure shows a readable diff.
        const auto& d = m_db->sql_dialect();
        EXPECT_EQ(as_text(comparable(actual, d)), as_text(comparable(expected, d)))
            << "database schema differs from " << snapshot_dir;
        // And as `<app>_migrate check` compares: a database strata just migrated has no drift.
        const auto drift = strata::schema_differences(expected, actual, d);
        EXPECT_TRUE(drift.empty()) << "check reports drift at " << snapshot_dir << ": "
                                   << (drift.empty() ? "" : drift.front());
    }

    // The case's file @p name, or its MariaDB variant there (see the top of this file).
    std::optional<std::string> case_file(const char* name) const {
        if (dialect() == "mysql") {
            std::string variant = name;
            variant.insert(variant.rfind(".sql"), ".mysql");
            if (auto text = read_optional(case_dir() / variant)) {
                return text;
            }
        }
        return read_optional(case_dir() / name);
    }

    void run_script(const char* name) {
        if (auto sql = case_file(name)) {
            m_db->execute(*sql);
        }
    }

    // Each line of the file is one SELECT, so a failure names the line that failed.
    void expect_check(const char* name) {
        const auto text = case_file(name);
        std::istringstream lines(text.value_or(""));
        for (std::string sql; std::getline(lines, sql);) {
            if (sql.empty()) {
                continue;
            }
            const auto rows = m_db->query(sql);
            ASSERT_EQ(rows.size(), 1u) << name;
            // SQLite and MariaDB answer a comparison with 1, PostgreSQL with t.
            const auto answer = rows[0].at(0).value_or("NULL");
            EXPECT_TRUE(answer == "1" || answer == "t") << name << " failed:\n" << sql;
        }
    }

    void expect_foreign_keys_intact() {
        if (dialect() == "sqlite") {
            EXPECT_TRUE(m_db->query("PRAGMA foreign_key_check").empty());
        }
    }

    strata::testing::temp_dir m_dir;
    std::optional<strata::testing::pg_database> m_pg;
    std::optional<strata::testing::my_database> m_my;
    std::string m_url;
    std::unique_ptr<strata::connection> m_db;
    std::vector<strata::revision> m_graph_order;
};

TEST_F(evolution, upgrade_keeps_rows_and_downgrade_restores_v1) {
    strata::migrator m(*m_db, strata::registered_revisions());
    const auto v1 = m_graph_order[0].id;
    const auto v2 = m_graph_order[1].id;

    m.upgrade(v1);
    expect_schema("snapshot_v1");
    run_script("rows.sql");

    m.upgrade("head");
    EXPECT_EQ(m.current(), std::vector<std::string>{v2});
    expect_schema("snapshot_v2");
    expect_check("check_v2.sql");
    expect_foreign_keys_intact();
    run_script("rows_v2.sql"); // rows v2 allows and v1 did not, for the downgrade

    m.downgrade(v1);
    EXPECT_EQ(m.current(), std::vector<std::string>{v1});
    expect_schema("snapshot_v1");
    expect_check("check_v1.sql");
    expect_foreign_keys_intact();

    // And forward again: a downgrade leaves a database the upgrade accepts.
    m.upgrade("head");
    expect_schema("snapshot_v2");
}

} // namespace
