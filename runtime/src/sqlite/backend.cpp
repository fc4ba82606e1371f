// Registers the SQLite backend with connect(). This object is kept by the linker through
// the symbol below, which strata::sqlite's link options mark as undefined (see
// strata/backend.hpp for why).

#include "strata/backend.hpp"
#include "strata/error.hpp"
#include "strata/export.hpp"
#include "strata/sqlite/connection.hpp"
#include "strata/sqlite/dialect.hpp"

#include <fmt/format.h>

namespace strata::sqlite {
namespace {

std::unique_ptr<strata::connection> open(std::string_view url, const connect_options& options) {
    const std::string_view rest = url.substr(std::string_view("sqlite://").size());
    if (rest.empty()) {
        return std::make_unique<connection>(":memory:", options);
    }
    // SQLAlchemy's form: an empty host, then '/', then the path (itself starting with
    // '/' when absolute). Anything before that '/' is a host, which SQLite has none of.
    if (!rest.starts_with('/') || rest.size() == 1) {
        throw error(fmt::format("invalid sqlite url '{}': expected sqlite:///relative.db, "
                                "sqlite:////absolute.db or sqlite:// (in memory)",
                                mask_password(url)));
    }
    // An SQLite URI filename, so SQLite itself decodes %XX and applies the query
    // parameters (`?mode=ro`, `?cache=shared`, `?immutable=1`) instead of taking them as
    // part of the file's name.
    return std::make_unique<connection>("file:" + std::string(rest.substr(1)), options);
}

const strata::dialect& the_dialect() {
    static const dialect instance;
    return instance;
}

const backend_registrar registrar{
    {"sqlite", "strata::sqlite", "sqlite:///path.db", &open, &the_dialect}};

} // namespace
} // namespace strata::sqlite

/// The anchor strata::sqlite's INTERFACE_LINK_OPTIONS name, so that linking the target
/// always links this object and runs its registrar. Exported: add_migrations() refers to
/// it from the program, which keeps a shared backend library linked under --as-needed.
extern "C" {
STRATA_SQLITE_API extern const int strata_link_sqlite;
const int strata_link_sqlite = 1;
}
