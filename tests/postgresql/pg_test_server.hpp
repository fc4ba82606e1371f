#pragma once
/// @file
/// The PostgreSQL server the tests run against (the ctest fixture `postgresql_server`
/// starts one with pg_server.sh), and a fresh database per test: tests/support/test_server.hpp.

#include "test_server.hpp"

namespace strata::testing {

/// How the tests find their PostgreSQL server.
struct postgres_traits {
    static constexpr const char* product = "PostgreSQL";
    static constexpr const char* url_variable = "STRATA_TEST_POSTGRES_URL";
    static constexpr const char* fixture = "postgresql_server";
    static constexpr const char* example_url = "postgresql://user:pw@host:port/db";
    // FORCE: a test that failed half-way may leave a connection open.
    static constexpr const char* drop_suffix = " WITH (FORCE)";
};

/// The test server's URL (its maintenance database), if there is one.
inline std::optional<std::string> postgres_server_url() {
    return server_url<postgres_traits>();
}
/// True under ctest's postgresql_server fixture, where a missing server is a failure.
inline bool postgres_required() {
    return server_required<postgres_traits>();
}

using pg_database = server_database<postgres_traits>;
using postgres_test = server_test<postgres_traits>;

} // namespace strata::testing
