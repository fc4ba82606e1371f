// The per-application migrate tool, `<app>_migrate upgrade|downgrade|current|history|heads|
// stamp|check`: migrate_main() parses the command line (command_line.hpp), runs the command
// in a session (session.hpp) and turns every error into one line and an exit code.

#include "command_line.hpp"
#include "session.hpp"

#include "strata/cli.hpp"
#include "strata/connection.hpp"
#include "strata/error.hpp"
#include "strata/version.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <iostream>

namespace strata {
namespace {
using cli::command_position;
using cli::parse;
using cli::parsed_command;
using cli::usage;
using cli::usage_error;

// Every error is one line (docs/commands.md), also when the message has several: a failed
// revision's "while running:" line, a PostgreSQL error's detail and hint.
std::string one_line(std::string_view message) {
    std::string text;
    for (std::size_t i = 0; i < message.size(); ++i) {
        if (message[i] != '\n') {
            text += message[i];
            continue;
        }
        while (i + 1 < message.size() && (message[i + 1] == ' ' || message[i + 1] == '\t')) {
            ++i;
        }
        if (i + 1 < message.size()) {
            text += "; ";
        }
    }
    return text;
}

} // namespace

int migrate_main(const std::vector<std::string>& args, const migrate_cli_options& options) {
    std::ostream& out = options.out ? *options.out : std::cout;
    std::ostream& err = options.err ? *options.err : std::cerr;
    const std::string& program = options.program_name;
    if (args.empty()) {
        err << usage(program);
        return 2;
    }
    if (command_position(args) >= args.size() &&
        std::any_of(args.begin(), args.end(),
                    [](const auto& a) { return a == "--help" || a == "-h"; })) {
        out << usage(program);
        return 0;
    }
    if (args.front() == "help") {
        out << usage(program);
        return 0;
    }
    if (args.front() == "--version") {
        // The runtime's version: the one that does the migrating, shared library or not.
        out << fmt::format("{} (strata {})\n", program, runtime_version());
        return 0;
    }
    parsed_command cmd;
    try {
        cmd = parse(args, program);
    } catch (const usage_error& e) {
        const auto what = one_line(e.what());
        err << fmt::format("{}: error: {}{} run `{} --help` for the usage\n", program, what,
                           what.ends_with('?') ? "" : ";", program);
        return 2;
    }
    if (cmd.has("--help")) {
        out << fmt::format("usage: {} {}\n  {}\n", program, cmd.spec->synopsis, cmd.spec->summary);
        return 0;
    }
    // The last line of defence: whatever an error quotes, the database's password is masked.
    std::string url = cmd.has("--url") ? cmd.options.at("--url") : std::string();
    const auto report = [&](const std::exception& e) {
        std::string what = e.what();
        // A failed revision names its statement; a failure outside one (the version table,
        // a stamp) would otherwise not say which. Lock and connection errors name theirs.
        const auto* failed = dynamic_cast<const database_error*>(&e);
        if (failed != nullptr && !failed->statement().empty() &&
            dynamic_cast<const lock_timeout_error*>(&e) == nullptr &&
            dynamic_cast<const connection_error*>(&e) == nullptr) {
            what += "\n    while running: " + failed->statement();
        }
        err << fmt::format("{} {}: error: {}\n", program, cmd.spec->name,
                           one_line(mask_secrets(what, url)));
    };
    try {
        return cli::run_session(cmd, options, out, url);
    } catch (const usage_error& e) {
        report(e);
        return 2;
    } catch (const std::exception& e) {
        report(e);
        return 1;
    }
}

int migrate_main(int argc, char** argv, const migrate_cli_options& options) {
    migrate_cli_options effective = options;
    if (effective.program_name == "migrate" && argc > 0 && argv[0] != nullptr) {
        const std::string_view path = argv[0];
        effective.program_name = std::string(path.substr(path.find_last_of('/') + 1));
    }
    return migrate_main(std::vector<std::string>(argv + (argc > 0 ? 1 : 0), argv + argc),
                        effective);
}

} // namespace strata
