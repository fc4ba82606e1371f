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

class dialect;

/// The tables of the database behind @p db, normalized: columns with their types,
/// nullability, keys, defaults and autoincrement; indexes; unique, foreign key and check
/// constraints. Skips the database's internal tables, @p version_table and
/// @p history_table. Comments are read where the dialect stores them (not on SQLite).
/// Throws strata::error for a dialect without introspection.
[[nodiscard]] STRATA_API schema introspect(connection& db,
                                           std::string_view version_table = "strata_version",
                                           std::string_view history_table = "strata_history");

/// @p expected as the database behind @p db stores it and introspect() reads it back, so
/// that a drift check compares like with like: SQLite keeps no comments; PostgreSQL
/// rewrites CHECK and default expressions (`price >= 0` comes back as
/// `price >= (0)::double precision`). The database itself is asked: @p expected is created
/// where it touches nothing of the database's own (SQLite: a private in-memory database;
/// PostgreSQL: a scratch schema inside a transaction that is rolled back) and read back.
/// Where that is not possible (no right to create a schema) @p expected is returned as is.
[[nodiscard]] STRATA_API schema canonical_form(connection& db, const schema& expected);

/// The statements that create @p s from nothing in @p d: every table without its foreign
/// keys, then the keys, so that tables referencing each other in a cycle need no order.
[[nodiscard]] STRATA_API std::vector<std::string> creation_sql(const dialect& d, const schema& s);

/// CREATE statements for what the database keeps on @p table_name that the schema model
/// does not describe (SQLite: triggers; partial, expression, descending or collated
/// indexes). A table rebuild recreates them. Empty where the dialect never rebuilds.
[[nodiscard]] STRATA_API std::vector<std::string> unmodelled_objects(connection& db,
                                                                     std::string_view table_name);

} // namespace strata
