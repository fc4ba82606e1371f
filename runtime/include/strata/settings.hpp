#pragma once
/// @file
/// strata.ini, the settings of a migrations directory (the analogue of alembic.ini). One
/// reader for every tool: the `strata` generator, the application's migrate tool and,
/// through the build manifest, strata::upgrade_to_head() in the application itself, so a
/// setting means the same everywhere.
///
/// The format is the INI dialect of Python's configparser as Alembic users know it:
/// `[section]` headers, `key = value` lines, comment lines starting with `#` or `;`, and
/// inline comments: `#` or `;` preceded by a space or tab ends the value
/// (`database_url = sqlite:///notes.db   # the dev database`). A `#` or `;` with no space
/// before it stays part of the value. Unknown sections and keys, a key given twice and a bad
/// value are errors naming the line.

#include "strata/error.hpp"
#include "strata/export.hpp"

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace strata {

/// How much the application's migrate tool prints (`[logging] level`).
enum class log_level {
    /// Only warnings and errors: no line per revision.
    warning,
    /// A line per revision applied, reverted or stamped (the default).
    info,
};

/// Everything strata.ini can set, with the defaults of a key that is not there.
struct ini_settings {
    /// `[strata] database_url`: the database the migrate tool uses without --url.
    std::string database_url;
    /// `[strata] file_template`: new revision file names.
    std::string file_template = "{year}{month}{day}_{hour}{minute}_{rev}_{slug}";
    /// `[strata] truncate_slug_length`: the longest slug in a file name.
    std::size_t truncate_slug_length = 40;
    /// `[strata] version_table`: the table recording the applied revision(s).
    std::string version_table = "strata_version";
    /// `[strata] snapshot`: the snapshot directory, relative to the migrations directory.
    std::string snapshot = "schema";
    /// `[strata] lock_timeout`: seconds the migrate tool waits for another instance's
    /// lock, as written (the tool checks the number); empty when not set.
    std::string lock_timeout = {};
    /// `[strata] ddl_lock_timeout`: seconds a PostgreSQL statement may wait for a table
    /// lock, as written; empty when not set.
    std::string ddl_lock_timeout = {};
    /// `[logging] level`: warning or info.
    strata::log_level log_level = log_level::info;
    /// `[hooks] post_write`: the formatter new revisions go through.
    std::string post_write = "clang-format";
    /// True when strata.ini sets post_write (a missing formatter is then worth a warning).
    bool post_write_set = false;
    /// `[review] dialects`: the databases `strata review` / `strata lint` cover, separated
    /// by spaces; empty means every one this strata was built with.
    std::string review_dialects = {};
};

/// A strata.ini that cannot be read or says something strata does not understand. what()
/// is one line, `<file>:<line>: error: <reason>; <hint>`.
class STRATA_API settings_error : public error {
public:
    /// @p line is 0 when the problem is the whole file (it cannot be read).
    settings_error(std::filesystem::path file, unsigned line, std::string reason, std::string hint);
    /// The strata.ini concerned.
    [[nodiscard]] const std::filesystem::path& file() const noexcept { return m_file; }
    /// Its line (1-based), 0 for the whole file.
    [[nodiscard]] unsigned line() const noexcept { return m_line; }
    /// What is wrong, without the location.
    [[nodiscard]] const std::string& reason() const noexcept { return m_reason; }
    /// What to do about it.
    [[nodiscard]] const std::string& hint() const noexcept { return m_hint; }

private:
    std::filesystem::path m_file;
    unsigned m_line;
    std::string m_reason;
    std::string m_hint;
};

/// Reads the strata.ini at @p path. Throws settings_error.
[[nodiscard]] STRATA_API ini_settings read_ini(const std::filesystem::path& path);

/// The name of @p level as strata.ini spells it ("warning", "info").
[[nodiscard]] STRATA_API std::string_view to_string(log_level level);

} // namespace strata
