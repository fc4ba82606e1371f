#pragma once
/// @file
/// Reads the schema back from a live database: used by tests today and by drift checks
/// (does the database match the models?) later.

#include "strata/connection.hpp"
#include "strata/schema.hpp"

#include <string_view>

namespace strata {

/// The tables of the database behind @p db, normalized. Skips the database's internal
/// tables and @p version_table. Only SQLite is supported so far; other dialects throw
/// strata::error, as does a column whose type strata does not model.
[[nodiscard]] schema introspect(connection& db, std::string_view version_table = "strata_version");

} // namespace strata
