#pragma once
/// @file
/// The names the models give the database, checked before anything is written: names
/// strata reserves for itself, names longer than a dialect keeps (and that would collide
/// once cut), and bytes that are not UTF-8. Each problem is one `file:line:col: error:`.

#include "support/diagnostic.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace strata::generator {

/// A name the database will see, and where the models declare it.
struct declared_name {
    std::string name;
    /// "table", "column", "index", "unique constraint", "check constraint", "foreign key".
    std::string what;
    /// The table a column, index or constraint belongs to; empty for a table.
    std::string table;
    source_location where;
};

/// The longest identifier, in bytes, that every dialect a revision may run on keeps
/// whole: PostgreSQL's NAMEDATALEN - 1. Revisions are dialect-neutral, so the strictest
/// dialect strata supports sets the limit (SQLite has none; MariaDB's will be 64).
inline constexpr std::size_t max_identifier_bytes = 63;

/// Every problem with @p names, in their order: a name that is not UTF-8; a table, index
/// or constraint named `strata_*` (strata's own tables: version, history, SQLite rebuilds);
/// a name over @p max_bytes, with a note naming what it would collide with once cut.
[[nodiscard]] std::vector<diagnostic> validate_names(const std::vector<declared_name>& names,
                                                     std::size_t max_bytes = max_identifier_bytes);

/// The byte offset of the first byte of @p text that is not part of valid UTF-8, or
/// std::string::npos when it is all valid.
[[nodiscard]] std::size_t invalid_utf8_offset(std::string_view text);

} // namespace strata::generator
