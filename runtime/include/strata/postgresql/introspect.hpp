#pragma once
/// @file
/// Reads a PostgreSQL schema back into strata::schema (strata::introspect() dispatches here).

#include "strata/connection.hpp"
#include "strata/export.hpp"
#include "strata/schema.hpp"

#include <string_view>

namespace strata::postgresql {

/// The tables of the current schema (`current_schema()`) behind @p db, skipping
/// @p version_table: columns with native types mapped back to the portable kinds, primary
/// keys, IDENTITY as autoincrement, defaults, comments, native enums with their values,
/// indexes, unique, foreign-key and check constraints. A type strata has no kind for comes
/// back as a string column whose sql_override is the type's PostgreSQL spelling.
[[nodiscard]] STRATA_POSTGRESQL_API schema introspect(strata::connection& db,
                                                      std::string_view version_table);

} // namespace strata::postgresql
