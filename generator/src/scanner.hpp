#pragma once
/// @file
/// The scanner: parses model headers with libclang and builds the schema model from the
/// structs annotated with STRATA_TABLE.

#include "diagnostic.hpp"
#include "strata/schema.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace strata::generator {

/// What to parse and how: the same flags the build compiles the models with.
struct scan_options {
    /// The model headers, in the order given on the command line.
    std::vector<std::filesystem::path> headers;
    /// Extra compiler arguments: -I, -isystem, -D, -std=... .
    std::vector<std::string> compiler_args;
};

/// The scanned models plus every file libclang opened (for the build's depfile).
struct scan_result {
    schema models;
    std::vector<std::filesystem::path> opened_files;
};

/// Parses the headers and returns the schema they declare. Throws diagnostic_error with
/// every problem found (a C++ error, an unsupported member type, an unknown annotation
/// key, a table without a primary key, a duplicate table name).
[[nodiscard]] scan_result scan(const scan_options& options);

} // namespace strata::generator
