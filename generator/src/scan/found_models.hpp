#pragma once
/// @file
/// What the walk over the models finds, before and while it is resolved into the schema:
/// each table with the options, members and places that later checks and messages need,
/// and every problem reported on the way. The stages of the scan (walk.hpp, resolve.hpp,
/// model_checks.hpp) all work on one found_models.

#include "scan/annotation.hpp"
#include "scan/scanner.hpp"
#include "scan/validate_names.hpp"
#include "strata/schema.hpp"
#include "support/diagnostic.hpp"

#include <cstddef>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace strata::generator {

/// A column found in a struct, with the options that later checks resolve.
struct found_column {
    std::string member;
    source_location where;
    column_options options;
};

/// A table found in the sources, with everything needed to resolve its lists and to name it
/// in messages.
struct found_table {
    table model;
    /// Qualified struct name, e.g. `app::User`.
    std::string struct_name;
    /// The struct's own name, e.g. `User`.
    std::string short_name;
    source_location where;
    /// Where STRATA_TABLE(...) is written: table-level list problems point here.
    source_location options_where;
    table_options options;
    /// Parallel to model.columns.
    std::vector<found_column> columns;
    /// Member and column names of members left out after an error, so that lists naming
    /// them are not reported a second time as naming a missing column.
    std::set<std::string, std::less<>> skipped;
};

/// An index or constraint name with where it was declared, for the duplicate-name checks.
struct named_item {
    std::string name;
    std::string what;
    source_location where;
    /// The column whose STRATA_COLUMN declared it (`unique`, `check`, `references`);
    /// empty for an item of the STRATA_TABLE lists.
    std::string column = {};
};

/// The column names of @p model, in order.
[[nodiscard]] std::vector<std::string> column_names(const table& model);

/// Everything the scan found, and every problem so far.
struct found_models {
    std::vector<found_table> tables;
    /// The index in #tables of the first table with each name, built by index_by_name().
    std::unordered_map<std::string, std::size_t> first_by_name;
    /// Every index and constraint of a table with where it came from, in declaration order.
    std::map<const found_table*, std::vector<named_item>> origins;
    /// Some STRATA_TABLE failed to parse, so its name may be wrong: do not report foreign
    /// keys to it as pointing at a missing table.
    bool table_options_failed = false;
    std::vector<diagnostic> problems;

    /// Records a problem.
    void report(source_location where, std::string message, std::vector<std::string> notes = {});
    /// Builds #first_by_name once table names are final: lookups by name go through it, since
    /// scanning every table per foreign key made resolving N tables O(N²).
    void index_by_name();
    /// The found table called @p name, or nullptr (after index_by_name()).
    [[nodiscard]] found_table* find_table(const std::string& name);
    /// Every name the schema gives the database, for validate_names().
    [[nodiscard]] std::vector<declared_name> declared_names();
    /// The schema and the annotations the diff needs; leaves #tables' models moved-from.
    [[nodiscard]] std::pair<schema, scan_annotations> take_result();
};

} // namespace strata::generator
