#include "strata/connection.hpp"

#include "strata/backend.hpp"
#include "strata/dialect.hpp"
#include "strata/error.hpp"

#include <fmt/format.h>

namespace strata {

std::unique_ptr<connection> connect(std::string_view url, const connect_options& options) {
    return backend_for_url(url).open(url, options);
}

void connection::use_schema(std::string_view schema_name) {
    throw error(fmt::format("cannot use schema '{}' on '{}': {} has no schemas; leave the "
                            "schema option empty",
                            schema_name, display_url(), sql_dialect().name()));
}

} // namespace strata
