#pragma once
/// @file
/// The schema snapshot: the models as of the newest revision, kept in the migrations
/// directory as one pretty-printed JSON file per table (`schema/<table>.json`), so a pull
/// request shows a model change as a readable diff, two branches that touch different
/// tables merge cleanly in git, and two that touch the same table conflict visibly.

#include "strata/schema.hpp"

#include <filesystem>
#include <map>
#include <string>

namespace strata::generator {

/// The snapshot text of one table: stable field order, two-space indent, final newline.
[[nodiscard]] std::string serialize_table(const table& t);

/// Parses one table file; @p origin names the file in error messages.
/// Throws diagnostic_error on malformed JSON, an unknown format or a missing field.
[[nodiscard]] table parse_table(const std::string& text, const std::filesystem::path& origin);

/// The files that make up the snapshot of @p s: file name (`<table>.json`) → content.
[[nodiscard]] std::map<std::string, std::string> snapshot_files(const schema& s);

/// Reads every `*.json` file of the snapshot directory @p dir. A missing directory, an
/// unreadable or corrupt file, or a file whose name is not its table's is an error, never
/// an empty schema: that would make every table look new.
[[nodiscard]] schema read_snapshot(const std::filesystem::path& dir);

} // namespace strata::generator
