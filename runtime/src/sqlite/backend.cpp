// Registers the SQLite backend with connect(). This object is kept by the linker through
// the symbol below, which strata::sqlite's link options mark as undefined (see
// strata/backend.hpp for why).

#include "strata/backend.hpp"
#include "strata/detail/sqlite_url.hpp"
#include "strata/error.hpp"
#include "strata/export.hpp"
#include "strata/sqlite/connection.hpp"
#include "strata/sqlite/dialect.hpp"

#include <filesystem>
#include <fmt/format.h>
#include <sqlite3.h>

namespace strata::sqlite {
namespace {

std::unique_ptr<strata::connection> open(std::string_view url, const connect_options& options) {
    // The migrate tool checks the URL by the same rule before it looks for the file.
    const auto target = detail::parse_sqlite_url(url);
    std::error_code ec;
    if (!target.file.empty() && !target.creation_forbidden_by.empty() &&
        !std::filesystem::exists(target.file, ec)) {
        // SQLite would say "unable to open database file", or with immutable=1 create the
        // file empty.
        throw database_error(fmt::format("sqlite error: cannot open database '{}': the file does "
                                         "not exist, and the URL's {} does not let SQLite "
                                         "create it; check the path, or leave {} out to create "
                                         "a new database",
                                         target.file, target.creation_forbidden_by,
                                         target.creation_forbidden_by),
                             "", SQLITE_CANTOPEN);
    }
    return std::make_unique<connection>(target.filename, options);
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
