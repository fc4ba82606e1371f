// Registers the PostgreSQL backend with connect(), for both spellings libpq accepts. This
// object is kept by the linker through the symbol below, which strata::postgresql's link
// options mark as undefined (see strata/backend.hpp for why).

#include "strata/backend.hpp"
#include "strata/export.hpp"
#include "strata/postgresql/connection.hpp"
#include "strata/postgresql/dialect.hpp"

namespace strata::postgresql {
namespace {

// libpq parses the URL itself; both spellings are its own.
std::unique_ptr<strata::connection> open(std::string_view url, const connect_options& options) {
    return std::make_unique<connection>(url, options);
}

const strata::dialect& the_dialect() {
    static const dialect instance;
    return instance;
}

const backend_registrar long_name{{"postgresql", "strata::postgresql",
                                   "postgresql://user:password@host:port/dbname", &open,
                                   &the_dialect}};
const backend_registrar short_name{{"postgres", "strata::postgresql",
                                    "postgres://user:password@host:port/dbname", &open,
                                    &the_dialect}};

} // namespace
} // namespace strata::postgresql

/// The anchor strata::postgresql's INTERFACE_LINK_OPTIONS name, so that linking the target
/// always links this object and runs its registrars. Exported: add_migrations() refers to
/// it from the program, which keeps a shared backend library linked under --as-needed.
extern "C" {
STRATA_POSTGRESQL_API extern const int strata_link_postgresql;
const int strata_link_postgresql = 1;
}
