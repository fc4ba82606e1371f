#pragma once
/// @file
/// One run of the migrate tool's command (strata::cli, private): the session reads the
/// settings (--url, STRATA_DATABASE_URL, strata.ini), opens the database and runs the
/// command of @p cmd.

#include "command_line.hpp"

#include "strata/cli.hpp"

#include <ostream>
#include <string>

namespace strata::cli {

/// Runs @p cmd with @p options, writing to @p out, and returns the exit code; @p url is
/// set to the database URL as soon as it is known (for masking it in an error). Throws
/// usage_error for a bad option value and strata::error for a failure.
int run_session(const parsed_command& cmd, const migrate_cli_options& options, std::ostream& out,
                std::string& url);

} // namespace strata::cli
