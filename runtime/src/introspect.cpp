#include "strata/introspect.hpp"

#include "sqlite/introspect.hpp"
#include "strata/dialect.hpp"
#include "strata/error.hpp"

#include <fmt/format.h>

namespace strata {

// Each dialect reads its own catalogue; this only dispatches on the dialect's name.
schema introspect(connection& db, std::string_view version_table, std::string_view history_table) {
    const std::string_view dialect_name = db.sql_dialect().name();
    if (dialect_name == "sqlite") {
        return sqlite::introspect(db, {std::string(version_table), std::string(history_table)});
    }
    throw error(fmt::format("introspection is not implemented for dialect '{}'", dialect_name));
}

std::vector<std::string> unmodelled_objects(connection& db, std::string_view table_name) {
    if (db.sql_dialect().name() == "sqlite") {
        return sqlite::unmodelled_objects(db, table_name);
    }
    return {};
}

} // namespace strata
