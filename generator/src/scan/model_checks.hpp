#pragma once
/// @file
/// Validation of what the walk found: the rules a schema must meet beyond each member's own
/// type and options. Each check reports into found_models::problems and changes nothing.

#include "scan/found_models.hpp"

namespace strata::generator {

/// SQLite assigns values only to a lone INTEGER PRIMARY KEY, so autoincrement needs the
/// key to be that one column.
void check_autoincrement(const found_table& found, found_models& models);

/// A rename must not leave two columns with one name: the old name must be gone, and
/// only one column can come from it.
void check_column_renames(const found_table& found, found_models& models);

/// Reports struct pairs that map to the same table name (after index_by_name()).
void check_duplicate_tables(found_models& models);

/// Table renames: not to the table's own name, the old name gone, one taker per old name.
void check_table_renames(found_models& models);

/// Index and constraint names: unique within their table; index and unique-constraint
/// names also across the database and apart from table names, as SQLite and PostgreSQL
/// keep those in one namespace.
void check_constraint_names(found_models& models);

/// Enumerations become SQL types named after the enum (PostgreSQL's CREATE TYPE), so one
/// name must always mean the same values.
void check_enums(found_models& models);

} // namespace strata::generator
