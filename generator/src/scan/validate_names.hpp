#pragma once
/// @file
/// The names the models give the database, checked before anything is written: names
/// strata reserves for itself, names longer than an enabled dialect keeps (and that would
/// collide once cut), and bytes that are not UTF-8. Each problem is one `file:line:col: error:`.

#include "support/diagnostic.hpp"

#include <cstddef>
#include <string>
#include <string_view>
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

/// How one dialect treats an identifier longer than it keeps.
struct identifier_limit {
    /// The dialect's name, as `--dialect` and add_migrations(DIALECTS) spell it.
    std::string_view dialect;
    /// How messages name the database.
    std::string_view shown;
    /// The longest identifier the database keeps whole.
    std::size_t max;
    /// Whether @ref max counts characters (MariaDB, MySQL) rather than bytes (PostgreSQL).
    bool in_characters;
    /// Whether a longer name is cut silently (PostgreSQL), rather than refused: only a cut
    /// name can collide with another one.
    bool cuts;
};

/// The dialects whose limits apply to a build, strictest first; the result of
/// identifier_limits_for().
using identifier_limits = std::vector<const identifier_limit*>;

/// The dialect names the generator knows: `sqlite`, `postgresql`, `mysql`.
[[nodiscard]] const std::vector<std::string>& known_dialects();

/// The dialects this strata was built with (its backends), the default of `--dialect`.
[[nodiscard]] const std::vector<std::string>& built_dialects();

/// The name limits of @p dialects, strictest first: PostgreSQL cuts names to 63 bytes,
/// MariaDB and MySQL refuse names over 64 characters, SQLite keeps any length. Empty
/// @p dialects means built_dialects(). Throws diagnostic_error for a name that is not in
/// known_dialects().
[[nodiscard]] identifier_limits identifier_limits_for(const std::vector<std::string>& dialects);

/// Every problem with @p names, in their order: a name that is not UTF-8; a table, index
/// or constraint named `strata_*` (strata's own tables: version, history, SQLite rebuilds);
/// a name longer than the strictest of @p limits keeps, with a note naming what it would
/// collide with once a dialect that cuts names has cut it. Revisions are dialect-neutral,
/// so every dialect the build enables must keep every name.
[[nodiscard]] std::vector<diagnostic> validate_names(const std::vector<declared_name>& names,
                                                     const identifier_limits& limits);

/// The byte offset of the first byte of @p text that is not part of valid UTF-8, or
/// std::string::npos when it is all valid.
[[nodiscard]] std::size_t invalid_utf8_offset(std::string_view text);

/// @p text with the bytes that are not printable ASCII written as \xHH, so a message
/// quoting user text is valid UTF-8 itself and shows where a bad byte is.
[[nodiscard]] std::string printable(std::string_view text);

} // namespace strata::generator
