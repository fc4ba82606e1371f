// The migrate tool's command line: the command table and its parser (command_line.hpp).

#include "command_line.hpp"

#include "strata/detail/text.hpp"
#include "strata/detail/tool_text.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <optional>

namespace strata::cli {

const std::vector<command_spec>& commands() {
    static const std::vector<command_spec> specs{
        {"upgrade",
         "upgrade [TARGET] [--sql] [--ignore-checksums] [--single-transaction]",
         "upgrade to TARGET (default head); with --sql, print the SQL for [FROM:]TO instead",
         1,
         {"--sql", "--ignore-checksums", "--single-transaction"}},
        {"downgrade",
         "downgrade [TARGET] [--sql] [--ignore-checksums] [--single-transaction]",
         "downgrade to TARGET (default -1); with --sql, print the SQL for FROM:TO instead",
         1,
         {"--sql", "--ignore-checksums", "--single-transaction"}},
        {"current",
         "current [--verbose]",
         "show the revision(s) the database is at",
         0,
         {"--verbose"}},
        {"history",
         "history [-r RANGE] [--verbose]",
         "list the revisions, newest first; RANGE is FROM:TO (e.g. base:head, abc:, :current)",
         0,
         {"--rev-range", "--verbose"}},
        {"heads",
         "heads [--verbose]",
         "show the head revision(s) of this application",
         0,
         {"--verbose"}},
        {"stamp",
         "stamp TARGET [--purge]",
         "record TARGET as the database's revision without running anything; --purge first "
         "empties the version table",
         1,
         {"--ignore-checksums", "--purge"}},
        {"check",
         "check",
         "exit 1 when the database's schema differs from the one head implies (drift)",
         0,
         {}},
    };
    return specs;
}

namespace {
// Options every command accepts, and the short spellings.
const std::vector<std::string> common_options{"--url", "--config", "--lock-timeout",
                                              "--ddl-lock-timeout", "--help"};
const std::map<std::string, std::string, std::less<>> short_options{
    {"-r", "--rev-range"}, {"-v", "--verbose"}, {"-h", "--help"}};
bool takes_value(std::string_view option) {
    return option == "--url" || option == "--rev-range" || option == "--config" || option == "-r" ||
           option == "--lock-timeout" || option == "--ddl-lock-timeout";
}
} // namespace

// Options may come before the command (`app_migrate --url URL upgrade`): the command is the
// first argument that is neither an option nor an option's value.
std::size_t command_position(const std::vector<std::string>& args) {
    std::size_t i = 0;
    while (i < args.size() && args[i].size() > 1 && args[i].front() == '-') {
        i += takes_value(args[i]) ? 2 : 1;
    }
    return i;
}

// One row of the help: @p left in a column, @p right after it; a @p left too wide for the
// column gets a line of its own, so the descriptions stay in one column.
std::string help_row(std::string_view left, std::string_view right) {
    constexpr std::size_t column = 40;
    constexpr std::size_t width = 58; // of the description, for a 100-column terminal
    std::string text = left.size() > column ? fmt::format("  {}\n  {:<{}} ", left, "", column)
                                            : fmt::format("  {:<{}} ", left, column);
    std::size_t used = 0;
    for (std::size_t start = 0; start < right.size();) {
        auto end = right.find(' ', start);
        end = end == std::string_view::npos ? right.size() : end;
        const auto word = right.substr(start, end - start);
        if (used > 0 && used + 1 + word.size() > width) {
            text += fmt::format("\n  {:<{}} ", "", column);
            used = 0;
        } else if (used > 0) {
            text += ' ';
            ++used;
        }
        text += word;
        used += word.size();
        start = end + 1;
    }
    return text + "\n";
}

std::string usage(const std::string& program) {
    std::string text = fmt::format("usage: {} <command> [options]\n\ncommands:\n", program);
    for (const auto& c : commands()) {
        text += help_row(c.synopsis, c.summary);
    }
    text += "\noptions:\n";
    text += help_row("--url URL", "the database, e.g. sqlite:///app.db");
    text += help_row("--config PATH",
                     "the strata.ini to read (database_url, version_table, [logging] level)");
    text += help_row("--lock-timeout SECONDS",
                     "wait this long for another instance's lock (default 120; ini: lock_timeout)");
    text += help_row("--ddl-lock-timeout SECONDS",
                     "PostgreSQL: a statement's wait for a table lock, retried (default 5)");
    text += help_row("-h, --help", "show this help");
    text += help_row("--version", "print the version");
    text += "\nThe database is --url, else $STRATA_DATABASE_URL, else database_url in strata.ini.\n"
            "Exit codes: 0 done, 1 the command failed (or check found drift), 2 bad usage.\n"
            "Targets: head, heads, base, a revision id or unique prefix, a branch label, "
            "LABEL@head,\nLABEL@base, LABEL@+N / LABEL@-N (that branch only), +N / -N (from the "
            "database's\nrevision), REV+N / REV-N.\n";
    return text;
}

parsed_command parse(std::vector<std::string> args, const std::string& program) {
    parsed_command parsed;
    const auto& specs = commands();
    const auto position = command_position(args);
    if (position >= args.size()) {
        throw usage_error("no command given");
    }
    const std::string name = args[position];
    args.erase(args.begin() + static_cast<std::ptrdiff_t>(position));
    const auto it =
        std::find_if(specs.begin(), specs.end(), [&](const auto& c) { return c.name == name; });
    if (it == specs.end()) {
        std::vector<std::string> names;
        for (const auto& c : specs) {
            names.push_back(c.name);
        }
        throw usage_error(fmt::format("unknown command '{}'; did you mean '{}'?", name,
                                      closest_match(name, names)));
    }
    parsed.spec = &*it;
    std::vector<std::string> allowed = common_options;
    allowed.insert(allowed.end(), it->options.begin(), it->options.end());

    bool options_done = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string arg = args[i];
        // "-1" is a relative target, not an option.
        const bool looks_like_option = !options_done && arg.size() > 1 && arg[0] == '-' &&
                                       std::isdigit(static_cast<unsigned char>(arg[1])) == 0;
        if (!options_done && arg == "--") {
            options_done = true;
            continue;
        }
        if (!looks_like_option) {
            if (parsed.positional.size() == it->max_positional) {
                throw usage_error(fmt::format("unexpected argument '{}' for '{}'; usage: {} {}",
                                              arg, it->name, program, it->synopsis));
            }
            parsed.positional.push_back(arg);
            continue;
        }
        std::optional<std::string> value;
        if (const auto eq = arg.find('='); eq != std::string::npos && arg.starts_with("--")) {
            value = arg.substr(eq + 1);
            arg.resize(eq);
        }
        if (const auto s = short_options.find(arg); s != short_options.end()) {
            arg = s->second;
        }
        if (std::find(allowed.begin(), allowed.end(), arg) == allowed.end()) {
            throw usage_error(fmt::format("unknown option '{}' for '{}'; did you mean '{}'? "
                                          "usage: {} {}",
                                          args[i], it->name, closest_match(arg, allowed), program,
                                          it->synopsis));
        }
        if (takes_value(arg) && !value) {
            if (i + 1 == args.size()) {
                throw usage_error(fmt::format("option '{}' needs a value; usage: {} {}", arg,
                                              program, it->synopsis));
            }
            value = args[++i];
        } else if (!takes_value(arg) && value) {
            throw usage_error(fmt::format("option '{}' takes no value", arg));
        }
        // The last of two --url would win silently, and the tool never guesses which
        // database is meant; the values are not quoted, a URL may hold a password.
        if (takes_value(arg) && parsed.has(arg)) {
            throw usage_error(
                fmt::format("option '{}' is given more than once; give it once", arg));
        }
        parsed.options[arg] = value.value_or("");
    }
    return parsed;
}

/// @p value of --url or STRATA_DATABASE_URL (named by @p source); refused when empty or
/// blank, so that an unset shell variable never sends a command to strata.ini's database.
std::string explicit_url(std::string_view value, std::string_view source) {
    if (value.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        throw usage_error(fmt::format(
            "{} is empty; give the database URL (e.g. sqlite:///app.db), or leave {} out to "
            "use database_url from strata.ini",
            source, source == "--url" ? "the option" : "the variable"));
    }
    return std::string(value);
}

/// @p value (seconds, e.g. "90" or "2.5") of the option or ini key @p source.
std::chrono::milliseconds parse_seconds(const std::string& value, std::string_view source) {
    const auto seconds = detail::seconds_from_text(value);
    if (!seconds) {
        throw usage_error(fmt::format("{} must be a number of seconds between 0 and 86400, "
                                      "e.g. 120; got '{}'",
                                      source, value));
    }
    return std::chrono::milliseconds(static_cast<long long>(*seconds * 1000));
}

} // namespace strata::cli
