#include "strata/introspect.hpp"

namespace strata {

// Each backend reads its own catalogue, so the core links no database library.
schema introspect(connection& db, std::string_view version_table, std::string_view history_table) {
    return db.introspect_schema(version_table, history_table);
}

std::vector<std::string> unmodelled_objects(connection& db, std::string_view table_name) {
    return db.unmodelled_objects(table_name);
}

} // namespace strata
