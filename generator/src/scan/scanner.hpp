#pragma once
/// @file
/// The scanner: parses model headers with libclang and builds the schema model from the
/// structs annotated with STRATA_TABLE.

#include "strata/schema.hpp"
#include "support/diagnostic.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace strata::generator {

/// What to parse and how: the same flags the build compiles the models with.
struct scan_options {
    /// The model headers, in the order given on the command line.
    std::vector<std::filesystem::path> headers;
    /// Extra compiler arguments: -I, -isystem, -D, -std=... .
    std::vector<std::string> compiler_args;
    /// When not empty, only structs declared in this C++ namespace (or one nested in it)
    /// are tables, e.g. "billing" or "app::models"; add_migrations(NAMESPACE).
    std::string cpp_namespace{};
    /// When not empty, a directory where the system headers the models include are kept
    /// precompiled between scans (see header_cache.hpp); `strata revision --cache-dir`.
    std::filesystem::path cache_dir{};
    /// The dialects the revisions will run on (`--dialect`, add_migrations(DIALECTS)): the
    /// strictest one's name limit applies. Empty: every dialect this strata was built with.
    std::vector<std::string> dialects{};
};

/// A `renamed_from` annotation: the table or column used to be called @p old_name.
struct declared_rename {
    /// The table's (new) name.
    std::string table;
    /// The column's new name; empty for a table rename.
    std::string column;
    std::string old_name;
    source_location where;
};

/// Everything the scan learned that the schema model does not hold: intentions for the
/// next diff and where things were declared, for diagnostics.
struct scan_annotations {
    /// Declared renames of tables and columns.
    std::vector<declared_rename> renames;
    /// `backfill = "SQL"` per column, keyed "table.column": how existing rows get a value
    /// when the column is added as NOT NULL.
    std::map<std::string, std::string> backfills;
    /// Where each table ("table") and column ("table.column") was declared.
    std::map<std::string, source_location> locations;
    /// `existing_rows = "..."` on a table (key "table") or a column (key "table.column"):
    /// how rows the table already holds are handled by a change they may fail.
    std::map<std::string, std::string> existing_rows;
    /// The owner of each unique constraint, index, check and foreign key, keyed
    /// "table.constraint": "table.column" when a member's STRATA_COLUMN declared it,
    /// "table" when the STRATA_TABLE lists did. Says whose existing_rows applies.
    std::map<std::string, std::string> constraint_owners;
};

/// The scanned models plus every file libclang opened (for the build's depfile).
struct scan_result {
    schema models;
    scan_annotations annotations;
    std::vector<std::filesystem::path> opened_files;
};

/// Parses the headers and returns the schema they declare. Throws diagnostic_error with
/// every problem found (a C++ error, an unsupported member type, an unknown annotation
/// key, a table without a primary key, a duplicate table name).
[[nodiscard]] scan_result scan(const scan_options& options);

} // namespace strata::generator
