#include "strata/introspect.hpp"

namespace strata {

schema introspect(connection& db, std::string_view version_table) {
    return db.introspect_schema(version_table);
}

} // namespace strata
