#pragma once
/// @file
/// The MariaDB server the tests run against (the ctest fixture `mysql_server` starts one
/// with mariadb_server.sh), and a fresh database per test: tests/support/test_server.hpp.

#include "test_server.hpp"

namespace strata::testing {

/// How the tests find their MariaDB server.
struct mysql_traits {
    static constexpr const char* product = "MariaDB";
    static constexpr const char* url_variable = "STRATA_TEST_MYSQL_URL";
    static constexpr const char* fixture = "mysql_server";
    static constexpr const char* example_url = "mysql://user:pw@host:port/db";
    // A connection a failed test left open does not stop DROP DATABASE on MySQL.
    static constexpr const char* drop_suffix = "";
};

/// The test server's URL (its `mysql` database), if there is one.
inline std::optional<std::string> mysql_server_url() {
    return server_url<mysql_traits>();
}
/// True under ctest's mysql_server fixture, where a missing server is a failure.
inline bool mysql_required() {
    return server_required<mysql_traits>();
}

using my_database = server_database<mysql_traits>;
using mysql_test = server_test<mysql_traits>;

} // namespace strata::testing
