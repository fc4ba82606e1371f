#pragma once
/// @file
/// The schema snapshot: the models as of the newest revision, stored as pretty-printed,
/// sorted JSON in the migrations directory so a pull request shows model changes as a
/// readable diff. One object per table, keyed by table name, so branches that touch
/// different tables merge cleanly in git and a real clash is a git conflict.

#include "strata/schema.hpp"

#include <filesystem>
#include <string>

namespace strata::generator {

/// The snapshot text for @p s: stable, sorted, two-space indented, ending in a newline.
[[nodiscard]] std::string serialize_snapshot(const schema& s);

/// Parses snapshot text; @p origin names the file in error messages.
/// Throws diagnostic_error on malformed JSON or an unknown format.
[[nodiscard]] schema parse_snapshot(const std::string& text, const std::filesystem::path& origin);

/// Reads and parses the snapshot file. A missing or unreadable file is an error, never an
/// empty schema: that would make every table look new.
[[nodiscard]] schema read_snapshot(const std::filesystem::path& file);

} // namespace strata::generator
