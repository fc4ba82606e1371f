#pragma once
/// @file
/// `existing_rows = "..."`: how the rows an existing table already holds get through a
/// change they may fail (a narrowed type, a new unique constraint, unique index, check,
/// foreign key or primary key). Like strong_migrations' `safety_assured`, the generator
/// stops on such a change until the model declares one of:
///
/// - "checked": the user asserts every row satisfies the change; nothing is run first;
/// - "truncate": a string narrowed to length N; longer values are cut to N first;
/// - "delete": the rows that would fail are deleted first (duplicates of a unique key keep
///   the row with the smallest primary key; check violators; foreign-key orphans);
/// - "null": a foreign key over nullable columns; an orphan's key columns are set to NULL.
///
/// The statements are plain SQL that SQLite, PostgreSQL and MariaDB all accept.

#include "compare/risks.hpp"
#include "strata/operations.hpp"
#include "strata/schema.hpp"

#include <string>
#include <vector>

namespace strata::generator {

/// Whether @p r, a risk of @p op on a table that holds rows, stops generation until
/// existing_rows is declared: a may_fail risk the generator does not settle itself (NOT
/// NULL has `backfill`), or a type change that can fail on PostgreSQL. A unique key that
/// holds every column of the current primary key (in @p before) cannot fail: no.
[[nodiscard]] bool needs_existing_rows(const operation& op, const risk& r, const schema& before);

/// The existing_rows values that apply to @p op, run on @p before (the schema just before
/// it): "checked" always, the others where their procedure exists for the change.
[[nodiscard]] std::vector<std::string> existing_rows_values(const operation& op,
                                                            const schema& before);

/// What each value in existing_rows_values() does to @p op's rows, one note line per
/// value, e.g. `existing_rows = "delete": deletes the rows that ... first`.
[[nodiscard]] std::vector<std::string> existing_rows_notes(const operation& op,
                                                           const schema& before);

/// The statements that prepare the rows for @p op as @p value says, to run just before
/// it; empty for "checked". @p value must be one of existing_rows_values(op, before).
[[nodiscard]] std::vector<operation>
prepare_existing_rows(const operation& op, const schema& before, const std::string& value);

/// The line the revision's WARNING gains once @p value is declared, e.g.
/// `declared existing_rows = "delete": deletes rows whose ... first`.
[[nodiscard]] std::string declared_text(const operation& op, const schema& before,
                                        const std::string& value);

} // namespace strata::generator
