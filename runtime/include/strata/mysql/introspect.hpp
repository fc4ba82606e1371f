#pragma once
/// @file
/// Reads a MySQL/MariaDB schema back into strata::schema from information_schema
/// (strata::introspect() dispatches here).

#include "strata/connection.hpp"
#include "strata/export.hpp"
#include "strata/schema.hpp"

#include <string_view>

namespace strata::mysql {

/// The tables of @p database (the current one when empty) behind @p db, skipping
/// @p version_table: columns with native types mapped back to the portable kinds, primary
/// keys, AUTO_INCREMENT, defaults, comments, inline ENUMs with their values, indexes
/// (without the ones InnoDB creates for a foreign key), unique, foreign-key and check
/// constraints. MySQL keeps a unique constraint as a unique index: a unique index comes
/// back as one when strata made it (dialect::unique_index_comment), else as a constraint. A type
/// strata has no kind for comes back as a string column whose sql_override is the type's MySQL
/// spelling.
[[nodiscard]] STRATA_MYSQL_API schema introspect(strata::connection& db,
                                                 std::string_view version_table,
                                                 std::string_view database = {});

} // namespace strata::mysql
