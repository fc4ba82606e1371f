#pragma once
/// @file
/// Reads the schema back from a live database: the migrator's view of the database
/// (SQLite's table rebuilds start from it), tests, and drift checks (does the database
/// match the models?).

#include "strata/connection.hpp"
#include "strata/export.hpp"
#include "strata/schema.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace strata {

/// The tables of the database behind @p db, normalized: columns with their types,
/// nullability, keys, defaults and autoincrement; indexes; unique, foreign key and check
/// constraints. Skips the database's internal tables, @p version_table and
/// @p history_table. Comments are read where the dialect stores them (not on SQLite).
/// Throws strata::error for a dialect without introspection.
[[nodiscard]] STRATA_API schema introspect(connection& db,
                                           std::string_view version_table = "strata_version",
                                           std::string_view history_table = "strata_history");

/// CREATE statements for what the database keeps on @p table_name that the schema model
/// does not describe (SQLite: triggers; partial, expression, descending or collated
/// indexes). A table rebuild recreates them. Empty where the dialect never rebuilds.
[[nodiscard]] STRATA_API std::vector<std::string> unmodelled_objects(connection& db,
                                                                     std::string_view table_name);

} // namespace strata
