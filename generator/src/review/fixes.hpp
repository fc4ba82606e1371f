#pragma once
/// @file
/// Mechanical fixes a finding offers: the C++ of revisions that reach the same schema
/// safely (expand/contract, a concurrent index in a non-transactional revision) and the
/// queries that find the rows a change would fail on. SQL identifiers are double-quoted,
/// which both SQLite and PostgreSQL accept.

#include "strata/operations.hpp"
#include "strata/schema.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace strata::generator::review {

/// The contract half of expand/contract for removing @p what ("column 'users.bio'").
[[nodiscard]] std::string contract_note(const std::string& what);
/// Expand/contract revisions that replace column @p old of @p table_name by @p new_name.
[[nodiscard]] std::string expand_contract_column(const std::string& table_name, const column& old,
                                                 const std::string& new_name);
/// Expand/contract revisions that replace table @p old by a copy called @p new_name.
[[nodiscard]] std::string expand_contract_table(const table& old, const std::string& new_name);
/// Expand/contract revisions that change the type of column @p from into @p to.
[[nodiscard]] std::string expand_contract_type(const std::string& table_name, const column& from,
                                               const column& to);
/// Adding @p c as nullable, filling it, then making it NOT NULL.
[[nodiscard]] std::string add_with_backfill(const std::string& table_name, const column& c);
/// The UPDATE to put before making @p c NOT NULL, and the query that counts the NULLs.
[[nodiscard]] std::string fill_nulls(const std::string& table_name, const column& c);
/// The PostgreSQL statements that set NOT NULL without a long lock.
[[nodiscard]] std::string not_null_via_check(const std::string& table_name,
                                             const std::string& column_name);
/// A query listing the values of @p columns repeated in @p table_name.
[[nodiscard]] std::string duplicates_query(const std::string& table_name,
                                           const std::vector<std::string>& columns);
/// A query counting rows of @p table_name whose key @p key references nothing.
[[nodiscard]] std::string orphans_query(const std::string& table_name, const foreign_key& key);
/// A query counting rows of @p table_name that violate @p expression.
[[nodiscard]] std::string violations_query(const std::string& table_name,
                                           const std::string& expression);
/// A query counting values of @p from that do not fit @p to (empty when strata has none).
[[nodiscard]] std::string misfits_query(const std::string& table_name, const column& from,
                                        const column_type& to);
/// A non-transactional PostgreSQL revision that builds the index of @p op (create_index)
/// concurrently, stating @p op as its effect so the schema replay still sees the index.
[[nodiscard]] std::string concurrent_index(const ops::create_index& op);
/// The same for a unique constraint (the index first, then ADD CONSTRAINT ... USING INDEX).
[[nodiscard]] std::string concurrent_unique(const ops::add_unique& op);
/// The same for a primary key.
[[nodiscard]] std::string concurrent_primary_key(const ops::alter_primary_key& op);
/// @p add_sql (the dialect's ADD CONSTRAINT statement for @p op) with NOT VALID, then
/// VALIDATE CONSTRAINT named @p constraint_name; @p op is stated as the effect.
[[nodiscard]] std::string not_valid_constraint(const operation& op, const std::string& table_name,
                                               const std::string& constraint_name,
                                               const std::string& add_sql);
/// What operations [@p first, @p last) of @p ops change, for a rebuild finding.
[[nodiscard]] std::string rebuild_purpose(const std::vector<operation>& ops, std::size_t first,
                                          std::size_t last);

} // namespace strata::generator::review
