#pragma once
/// @file
/// Reading the schema back from a SQLite database. Internal: strata::introspect()
/// dispatches here for SQLite connections.

#include "strata/connection.hpp"
#include "strata/schema.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace strata::sqlite {

/// Every table of @p db except SQLite's own and those named in @p skip, normalized.
[[nodiscard]] schema introspect(strata::connection& db, const std::vector<std::string>& skip);

/// CREATE statements of what a rebuild of @p table_name would lose because the schema
/// model does not describe it: triggers, and partial, expression, descending or collated
/// indexes.
[[nodiscard]] std::vector<std::string> unmodelled_objects(strata::connection& db,
                                                          std::string_view table_name);

/// The model type for the declared type @p declared. Spellings the dialect writes map
/// back exactly; anything else keeps its spelling as sql_override with the kind its
/// SQLite type affinity suggests.
[[nodiscard]] column_type type_from_declared(std::string_view declared);

} // namespace strata::sqlite
