// clang-format off
// Names at the edges of the dialects' limits: PostgreSQL keeps 63 bytes, MariaDB and MySQL
// 64 characters, SQLite any length (scanner_test.cpp, scanner_name_limits).
#include <strata/annotations.hpp>

#include <cstdint>

namespace app {
struct STRATA_TABLE(name = "readings") Reading {
    STRATA_COLUMN(primary_key) std::int64_t id;
    // 64 bytes: one more than PostgreSQL keeps, exactly what MariaDB keeps.
    std::int64_t sixty_four_bytes_one_more_than_postgresql_keeps_fine_for_mariadb;
    // 40 characters in 80 bytes: too long for PostgreSQL, short for MariaDB.
    STRATA_COLUMN(name = "éééééééééééééééééééééééééééééééééééééééé") std::int64_t accented;
};
} // namespace app
