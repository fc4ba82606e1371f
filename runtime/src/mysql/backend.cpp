// Registers the MySQL/MariaDB backend with connect(), for both spellings: one library
// speaks to both servers. This object is kept by the linker through the symbol below,
// which strata::mysql's link options mark as undefined (see strata/backend.hpp for why).

#include "strata/backend.hpp"
#include "strata/export.hpp"
#include "strata/mysql/connection.hpp"
#include "strata/mysql/dialect.hpp"

namespace strata::mysql {
namespace {

std::unique_ptr<strata::connection> open(std::string_view url, const connect_options& options) {
    return std::make_unique<connection>(url, options);
}

const strata::dialect& the_dialect() {
    static const dialect instance;
    return instance;
}

const backend_registrar mysql_name{
    {"mysql", "strata::mysql", "mysql://user:password@host:port/database", &open, &the_dialect}};
const backend_registrar mariadb_name{{"mariadb", "strata::mysql",
                                      "mariadb://user:password@host:port/database", &open,
                                      &the_dialect}};

} // namespace
} // namespace strata::mysql

/// The anchor strata::mysql's INTERFACE_LINK_OPTIONS name, so that linking the target
/// always links this object and runs its registrars. Exported: add_migrations() refers to
/// it from the program, which keeps a shared backend library linked under --as-needed.
extern "C" {
STRATA_MYSQL_API extern const int strata_link_mysql;
const int strata_link_mysql = 1;
}
