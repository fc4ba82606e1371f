#pragma once
/// @file
/// The analysis behind `strata review` and `strata lint`: the rules of rules.hpp applied
/// to one revision's operations, knowing the schema before it and the SQL each dialect
/// plans for it.

#include "review/finding.hpp"
#include "strata/dialect.hpp"
#include "strata/operations.hpp"
#include "strata/schema.hpp"

#include <map>
#include <string>
#include <vector>

namespace strata::generator::review {

/// The SQL one database runs for one revision, as the migrator runs it.
struct dialect_sql {
    /// The dialect's name, e.g. "postgresql".
    std::string dialect;
    /// Statements before BEGIN (a rebuild's frame), empty when none.
    std::vector<std::string> before_begin;
    /// dialect::plan() per run of operations between hand-written SQL (which becomes a
    /// step of its own), each with the range of operations it performs.
    std::vector<planned_step> steps;
    /// Queries that must return no rows before COMMIT (a rebuild's frame).
    std::vector<std::string> checks;
    /// Statements after COMMIT (a rebuild's frame).
    std::vector<std::string> after_end;
    /// Why the dialect cannot perform the revision; empty when it can.
    std::string error;
};

/// What the analysis of one revision needs.
struct check_input {
    /// The operations upgrade() records.
    const std::vector<operation>& operations;
    /// The schema just before the revision (its parents' schema).
    const schema& before;
    /// The SQL per reviewed dialect; rules about a dialect apply only when it is here.
    const std::vector<dialect_sql>& sql;
    /// The `existing_rows` value the revision declares per operation index
    /// (read_declared_existing_rows()): the procedure written before that operation is the
    /// generator's, not hand-written SQL, and its may-fail finding is acknowledged with
    /// what the declaration does. May be null.
    const std::map<std::size_t, std::string>* declared_existing_rows = nullptr;
};

/// Every finding for the revision, in operation order (rules in catalogue order within
/// an operation). Tables the revision creates are empty, so nothing that depends on rows
/// or locks is reported for them.
[[nodiscard]] std::vector<finding> check_revision(const check_input& input);

/// Plain words for @p op applied to @p before, e.g. "change users.email: string(120) →
/// string(200), NULL allowed → NOT NULL".
[[nodiscard]] std::string explain(const operation& op, const schema& before);

/// A type in the spelling of the strata::dsl builders, e.g. "string(120)".
[[nodiscard]] std::string type_words(const column_type& type);

} // namespace strata::generator::review
