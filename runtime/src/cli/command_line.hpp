#pragma once
/// @file
/// The migrate tool's command line (strata::cli, private): the command table, parsing into
/// a parsed_command, the usage text, and the checks of option values. Arguments are parsed
/// by hand because the runtime depends on nothing but the database clients and fmt.

#include "strata/error.hpp"

#include <chrono>
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace strata::cli {

/// A mistake in the command line itself: exit code 2 and the usage.
class usage_error : public error {
public:
    using error::error;
};

/// One command of the table: its name, usage line, summary and what it accepts.
struct command_spec {
    std::string name;
    std::string synopsis;
    std::string summary;
    std::size_t max_positional;
    std::vector<std::string> options;
};

/// The commands, in the order the usage lists them.
const std::vector<command_spec>& commands();

/// A command line as parse() understood it.
struct parsed_command {
    const command_spec* spec = nullptr;
    std::vector<std::string> positional;
    std::map<std::string, std::string, std::less<>> options;

    [[nodiscard]] bool has(std::string_view option) const { return options.contains(option); }
};

/// The index of the command in @p args: options may come before it.
std::size_t command_position(const std::vector<std::string>& args);

/// The usage text of @p program.
std::string usage(const std::string& program);

/// @p args (without the program name) checked against the command table; throws
/// usage_error for an unknown command or option, a missing value or an extra argument.
parsed_command parse(std::vector<std::string> args, const std::string& program);

/// @p value of --url or STRATA_DATABASE_URL (named by @p source); refused when empty or
/// blank, so that an unset shell variable never sends a command to strata.ini's database.
std::string explicit_url(std::string_view value, std::string_view source);

/// @p value (seconds, e.g. "90" or "2.5") of the option or ini key @p source.
std::chrono::milliseconds parse_seconds(const std::string& value, std::string_view source);

} // namespace strata::cli
