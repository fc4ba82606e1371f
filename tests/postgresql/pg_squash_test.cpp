// Squashes on PostgreSQL: the checks of tests/support/squash_history.hpp (SQLite runs them
// in tests/runtime/squash_test.cpp), each database a new one on the test server.

#include "pg_test_server.hpp"
#include "squash_history.hpp"

#include <gtest/gtest.h>

namespace {
namespace squash = strata::testing::squash_history;
using strata::testing::pg_database;

class PgSquash : public strata::testing::postgres_test {
protected:
    // A new database per call; the databases live as long as the test.
    squash::database_factory fresh() {
        return [this] {
            m_databases.push_back(std::make_unique<pg_database>(server_url()));
            return strata::connect(m_databases.back()->url());
        };
    }
    std::vector<std::unique_ptr<pg_database>> m_databases;
};

TEST_F(PgSquash, StartOfRangeTakesTheSquash) {
    squash::start_of_range_takes_the_squash(fresh());
}
TEST_F(PgSquash, MiddleOfRangeTakesTheOriginals) {
    squash::middle_of_range_takes_the_originals(fresh());
}
TEST_F(PgSquash, DowngradeThroughTheSquash) {
    squash::downgrade_through_the_squash(fresh());
}
TEST_F(PgSquash, OriginalsDeletedLater) {
    squash::originals_deleted_later(fresh());
}

} // namespace
