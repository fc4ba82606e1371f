#pragma once
/// @file
/// A database server the tests run against (PostgreSQL, MariaDB), and a fresh database
/// per test; each server kind is a small traits struct (postgres_traits in
/// tests/postgresql/pg_test_server.hpp, mysql_traits in tests/mysql/my_test_server.hpp).
///
/// The server's URL comes from `<url_variable>` (an existing server), else from the file
/// named by `<url_variable>_FILE`, which the ctest fixture writes after starting a
/// throwaway server. Under ctest a missing server fails the test; run by hand without
/// either variable, the tests skip with a loud message instead.

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

/// The test server's URL (its administrative database), if there is one.
template <class Server>
std::optional<std::string> server_url() {
    if (const char* url = std::getenv(Server::url_variable); url && *url) {
        return std::string(url);
    }
    const std::string file_variable = std::string(Server::url_variable) + "_FILE";
    if (const char* file = std::getenv(file_variable.c_str()); file && *file) {
        std::ifstream in(file);
        std::string url;
        if (std::getline(in, url) && !url.empty()) {
            return url;
        }
    }
    return std::nullopt;
}

/// True when the test runs under the server's ctest fixture, where a missing server is a
/// failure, not a reason to skip.
template <class Server>
bool server_required() {
    const std::string file_variable = std::string(Server::url_variable) + "_FILE";
    const char* file = std::getenv(file_variable.c_str());
    return file && *file;
}

/// @p url with its database name replaced by @p database (query parameters kept).
inline std::string with_database(const std::string& url, const std::string& database) {
    const auto authority = url.find("://") + 3;
    const auto path = url.find('/', authority);
    const auto query = url.find('?', authority);
    const std::string base = url.substr(0, std::min(path, query));
    return base + "/" + database + (query == std::string::npos ? "" : url.substr(query));
}

/// A database of its own on the test server, created empty and dropped at the end.
template <class Server>
class server_database {
public:
    /// Creates `strata_test_<pid>_<random>` on @p server_url.
    explicit server_database(const std::string& server_url) : m_server_url(server_url) {
        m_name = "strata_test_" + std::to_string(getpid()) + "_" +
                 std::to_string(std::random_device{}() % 1000000000U);
        auto admin = connect(m_server_url);
        admin->execute("CREATE DATABASE " + admin->sql_dialect().quote_identifier(m_name));
        m_url = with_database(m_server_url, m_name);
    }
    server_database(const server_database&) = delete;
    server_database& operator=(const server_database&) = delete;
    ~server_database() {
        try {
            auto admin = connect(m_server_url);
            admin->execute("DROP DATABASE IF EXISTS " +
                           admin->sql_dialect().quote_identifier(m_name) + Server::drop_suffix);
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

/// Base of every test on this server: a fresh database in db(), or a loud skip (a failure
/// under ctest) when no server can be had.
template <class Server>
class server_test : public ::testing::Test {
protected:
    void SetUp() override {
        const auto url = strata::testing::server_url<Server>();
        if (!url) {
            if (server_required<Server>()) {
                FAIL() << "no " << Server::product << " server: the ctest fixture '"
                       << Server::fixture << "' did not write the URL file named by "
                       << Server::url_variable << "_FILE; see the output of the test '"
                       << Server::fixture << "_start'";
            }
            std::fprintf(stderr,
                         "\n*** NO %s SERVER: %s tests are SKIPPED. ***\n"
                         "*** Run them with ctest (it starts a server) or set ***\n"
                         "*** %s=%s ***\n\n",
                         Server::product, Server::product, Server::url_variable,
                         Server::example_url);
            GTEST_SKIP() << "no " << Server::product << " server (set " << Server::url_variable
                         << " or run ctest)";
        }
        m_server_url = *url;
        m_db.emplace(*url);
    }
    void TearDown() override { m_db.reset(); }

    /// The test's own database.
    [[nodiscard]] const server_database<Server>& db() const { return *m_db; }
    /// The server's administrative-database URL.
    [[nodiscard]] const std::string& server_url() const { return m_server_url; }

private:
    std::string m_server_url;
    std::optional<server_database<Server>> m_db;
};

} // namespace strata::testing
