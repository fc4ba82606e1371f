#pragma once
/// @file
/// The per-application migrate command line (the `flask db` analogue) that
/// add_migrations() builds as `<target>_migrate`, and the drift report of its `check`.
/// Library strata::cli (component of the core package, pkg-config `strata-cli`): an
/// application that only migrates at start-up links strata::runtime and its backends,
/// without argument parsing or drift reporting.

#include "strata/export.hpp"
#include "strata/revision.hpp"
#include "strata/revision_graph.hpp"
#include "strata/schema.hpp"

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace strata {

class dialect;

/// What a migrate tool knows about the application it belongs to.
struct STRATA_CLI_API migrate_cli_options {
    /// Name shown in usage and messages, e.g. "sitebuilder_migrate".
    std::string program_name = "migrate";
    /// The application's revisions; empty means strata::registered_revisions().
    std::vector<revision> revisions;
    /// strata.ini to take database_url and version_table from when neither --url nor
    /// STRATA_DATABASE_URL gives a database; add_migrations() bakes in the directory's.
    /// The command line's `--config PATH` replaces it.
    std::string ini_file;
    /// Where output and errors go; std::cout / std::cerr when null.
    std::ostream* out = nullptr;
    /// See out.
    std::ostream* err = nullptr;
};

/// Runs one command (`upgrade`, `downgrade`, `current`, `history`, `heads`, `stamp`,
/// `check`; see docs/commands.md) from @p argv and returns the process exit code: 0 on
/// success, 1 when the command failed or `check` found drift, 2 for bad usage.
STRATA_CLI_API int migrate_main(int argc, char** argv, const migrate_cli_options& options = {});

/// migrate_main() on arguments without the program name, for tests and embedding.
STRATA_CLI_API int migrate_main(const std::vector<std::string>& args,
                                const migrate_cli_options& options);

/// How the live schema @p actual differs from the @p expected one, one line per
/// difference ("column 'users.email' differs: expected ..., found ..."); empty when equal.
[[nodiscard]] STRATA_CLI_API std::vector<std::string>
schema_differences(const schema& expected, const schema& actual, const dialect& d);

} // namespace strata
