#pragma once
/// @file
/// The MariaDB server the tests run against, and a fresh database per test.
///
/// The server's URL comes from STRATA_TEST_MYSQL_URL (an existing server), else from
/// the file named by STRATA_TEST_MYSQL_URL_FILE, which the ctest fixture
/// `mysql_server` writes after starting a throwaway server (mariadb_server.sh). Under
/// ctest a missing server fails the test; run by hand without either variable, the tests
/// skip with a loud message instead.

#include "strata/connection.hpp"
#include "strata/dialect.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <gtest/gtest.h>
#include <optional>
#include <random>
#include <string>
#include <unistd.h>

namespace strata::testing {

/// The test server's URL (connecting to its `mysql` database), if there is one.
inline std::optional<std::string> mysql_server_url() {
    if (const char* url = std::getenv("STRATA_TEST_MYSQL_URL"); url && *url) {
        return std::string(url);
    }
    if (const char* file = std::getenv("STRATA_TEST_MYSQL_URL_FILE"); file && *file) {
        std::ifstream in(file);
        std::string url;
        if (std::getline(in, url) && !url.empty()) {
            return url;
        }
    }
    return std::nullopt;
}

/// True when the test runs under ctest's mysql_server fixture, where a missing
/// server is a failure, not a reason to skip.
inline bool mysql_required() {
    const char* file = std::getenv("STRATA_TEST_MYSQL_URL_FILE");
    return file && *file;
}

/// @p url with its database name replaced by @p database (query parameters kept).
inline std::string my_with_database(const std::string& url, const std::string& database) {
    const auto authority = url.find("://") + 3;
    const auto path = url.find('/', authority);
    const auto query = url.find('?', authority);
    const std::string base = url.substr(0, std::min(path, query));
    return base + "/" + database + (query == std::string::npos ? "" : url.substr(query));
}

/// A database of its own on the test server, created empty and dropped at the end.
class my_database {
public:
    /// Creates `strata_test_<pid>_<random>` on @p server_url.
    explicit my_database(const std::string& server_url) : m_server_url(server_url) {
        m_name = "strata_test_" + std::to_string(getpid()) + "_" +
                 std::to_string(std::random_device{}() % 1000000000U);
        auto admin = connect(m_server_url);
        admin->execute("CREATE DATABASE " + admin->sql_dialect().quote_identifier(m_name));
        m_url = my_with_database(m_server_url, m_name);
    }
    my_database(const my_database&) = delete;
    my_database& operator=(const my_database&) = delete;
    ~my_database() {
        try {
            auto admin = connect(m_server_url);
            // A connection a failed test left open does not stop DROP DATABASE on MySQL.
            admin->execute("DROP DATABASE IF EXISTS " +
                           admin->sql_dialect().quote_identifier(m_name));
        } catch (const std::exception& e) {
            std::fprintf(stderr, "warning: cannot drop test database '%s': %s\n", m_name.c_str(),
                         e.what());
        }
    }
    /// URL of the database.
    [[nodiscard]] const std::string& url() const { return m_url; }
    /// Name of the database.
    [[nodiscard]] const std::string& name() const { return m_name; }

private:
    std::string m_server_url;
    std::string m_name;
    std::string m_url;
};

/// Base of every MariaDB test: a fresh database in db(), or a loud skip (a failure
/// under ctest) when no server can be had.
class mysql_test : public ::testing::Test {
protected:
    void SetUp() override {
        const auto url = mysql_server_url();
        if (!url) {
            if (mysql_required()) {
                FAIL() << "no MariaDB server: the ctest fixture 'mysql_server' did not "
                          "write the URL file named by STRATA_TEST_MYSQL_URL_FILE; see the "
                          "output of the test 'mysql_server_start'";
            }
            std::fprintf(stderr, "\n*** NO MARIADB SERVER: MariaDB tests are SKIPPED. ***\n"
                                 "*** Run them with ctest (it starts a server) or set ***\n"
                                 "*** STRATA_TEST_MYSQL_URL=mysql://user:pw@host:port/db ***\n\n");
            GTEST_SKIP() << "no MariaDB server (set STRATA_TEST_MYSQL_URL or run ctest)";
        }
        m_server_url = *url;
        m_db.emplace(*url);
    }
    void TearDown() override { m_db.reset(); }

    /// The test's own database.
    [[nodiscard]] const my_database& db() const { return *m_db; }
    /// The server's `mysql`-database URL.
    [[nodiscard]] const std::string& server_url() const { return m_server_url; }

private:
    std::string m_server_url;
    std::optional<my_database> m_db;
};

} // namespace strata::testing
