#pragma once
/// @file
/// Reads the schema back from a live database: used by tests today and by drift checks
/// (does the database match the models?) later.

#include "strata/connection.hpp"
#include "strata/schema.hpp"

#include <string_view>

namespace strata {

/// The tables of the database behind @p db, normalized. Skips the database's internal
/// tables and @p version_table. SQLite and PostgreSQL (its current schema) are supported;
/// other dialects throw strata::error.
[[nodiscard]] schema introspect(connection& db, std::string_view version_table = "strata_version");

} // namespace strata
