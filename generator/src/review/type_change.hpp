#pragma once
/// @file
/// What a column type change does to the values already stored: whether it can lose or
/// refuse some (narrowing), and whether PostgreSQL rewrites the table for it.

#include "strata/schema.hpp"

#include <string_view>

namespace strata::generator::review {

/// True when some value of type @p from may not fit @p to: a shorter or bounded string,
/// a smaller integer or float, fewer digits, enum values removed, or another kind
/// altogether (except any type to unbounded text).
[[nodiscard]] bool narrows(const column_type& from, const column_type& to);

/// True when PostgreSQL rewrites the table for ALTER COLUMN ... TYPE from @p from to
/// @p to: every change except a longer VARCHAR, VARCHAR to TEXT, more NUMERIC digits at
/// the same scale, and enum values appended. A type spelt with sql_type counts as a rewrite
/// (strata cannot tell).
[[nodiscard]] bool pg_rewrites(const column_type& from, const column_type& to);

/// True when a server default is volatile (random(), gen_random_uuid(), clock_timestamp()
/// ...): PostgreSQL 11+ then writes it into every existing row instead of storing it once.
[[nodiscard]] bool volatile_default(std::string_view expression);

} // namespace strata::generator::review
