// The one strata.ini reader (strata/settings.hpp). The runtime depends on nothing but fmt
// and the database clients, so this is a small hand-written INI parser rather than
// Boost.Program_options' config-file parser, which the generator used to have on its own:
// two readers had given one file two meanings (inline comments, version_table).

#include "strata/settings.hpp"

#include "strata/detail/text.hpp"
#include "strata/detail/tool_text.hpp"

#include <fmt/format.h>
#include <fstream>
#include <functional>
#include <map>
#include <set>

namespace strata {
namespace {

std::string trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) {
        return {};
    }
    return std::string(text.substr(first, text.find_last_not_of(" \t\r") - first + 1));
}

// Cuts an inline comment: `#` or `;` after a space or tab (configparser's
// inline_comment_prefixes), so a `#` inside a value (no space before it) stays.
std::string without_inline_comment(const std::string& line) {
    for (std::size_t i = 1; i < line.size(); ++i) {
        if ((line[i] == '#' || line[i] == ';') && (line[i - 1] == ' ' || line[i - 1] == '\t')) {
            return line.substr(0, i);
        }
    }
    return line;
}

constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

constexpr std::string_view known_keys =
    "[strata] database_url, file_template, truncate_slug_length, version_table, snapshot, "
    "lock_timeout, ddl_lock_timeout; [logging] level; [hooks] post_write; [review] dialects";

// @p value of @p key when it is a number of seconds the migrate tool accepts; checked here,
// where the line is known, rather than when a command first reads it.
std::string seconds(std::string_view key, const std::string& value) {
    if (!detail::seconds_from_text(value)) {
        throw std::invalid_argument(
            fmt::format("{} must be a number of seconds between 0 and {}, e.g. 120; got '{}'", key,
                        detail::max_timeout_seconds, value));
    }
    return value;
}

using setter = std::function<void(ini_settings&, const std::string&)>;

// Every key strata.ini may set; a setter throws std::invalid_argument with the reason
// for a bad value.
const std::map<std::string, setter, std::less<>>& keys() {
    static const std::map<std::string, setter, std::less<>> table{
        {"strata.database_url", [](ini_settings& s, const std::string& v) { s.database_url = v; }},
        {"strata.file_template",
         [](ini_settings& s, const std::string& v) { s.file_template = v; }},
        {"strata.truncate_slug_length",
         [](ini_settings& s, const std::string& v) {
             const bool digits = !v.empty() && v.size() < 6 &&
                                 v.find_first_not_of("0123456789") == std::string::npos;
             if (!digits || std::stoul(v) == 0) {
                 throw std::invalid_argument(
                     fmt::format("truncate_slug_length '{}' is not a positive whole number", v));
             }
             s.truncate_slug_length = std::stoul(v);
         }},
        {"strata.version_table",
         [](ini_settings& s, const std::string& v) {
             if (v.empty()) {
                 throw std::invalid_argument("version_table is empty");
             }
             s.version_table = v;
         }},
        {"strata.snapshot",
         [](ini_settings& s, const std::string& v) {
             if (v.empty()) {
                 throw std::invalid_argument("snapshot is empty");
             }
             s.snapshot = v;
         }},
        {"strata.lock_timeout",
         [](ini_settings& s, const std::string& v) {
             s.lock_timeout = seconds("lock_timeout", v);
         }},
        {"strata.ddl_lock_timeout",
         [](ini_settings& s, const std::string& v) {
             s.ddl_lock_timeout = seconds("ddl_lock_timeout", v);
         }},
        {"logging.level",
         [](ini_settings& s, const std::string& v) {
             if (v == "warning") {
                 s.log_level = log_level::warning;
             } else if (v == "info") {
                 s.log_level = log_level::info;
             } else {
                 throw std::invalid_argument(fmt::format(
                     "[logging] level '{}' is not a level strata has; use warning (no line per "
                     "revision) or info (a line per revision)",
                     v));
             }
         }},
        {"hooks.post_write",
         [](ini_settings& s, const std::string& v) {
             s.post_write = v;
             s.post_write_set = true;
         }},
        {"review.dialects", [](ini_settings& s, const std::string& v) { s.review_dialects = v; }},
    };
    return table;
}

} // namespace

settings_error::settings_error(std::filesystem::path file, unsigned line, std::string reason,
                               std::string hint)
    : error(fmt::format("{}{}: error: {}{}{}", file.string(),
                        line == 0 ? std::string() : fmt::format(":{}", line), reason,
                        hint.empty() ? "" : "; ", hint)),
      m_file(std::move(file)), m_line(line), m_reason(std::move(reason)), m_hint(std::move(hint)) {}

ini_settings read_ini(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in || std::filesystem::is_directory(path)) {
        throw settings_error(path, 0, "cannot read strata.ini",
                             "check the path, or create the migrations directory with "
                             "`strata init`");
    }
    ini_settings result;
    std::string section;
    std::set<std::string, std::less<>> seen;
    std::vector<std::string> names;
    for (const auto& [name, set] : keys()) {
        names.push_back(name.substr(name.find('.') + 1));
    }
    unsigned number = 0;
    for (std::string raw; std::getline(in, raw);) {
        ++number;
        // Windows editors start a UTF-8 file with a byte-order mark; it is not part of the
        // first line's text.
        if (number == 1 && raw.rfind(utf8_bom, 0) == 0) {
            raw.erase(0, utf8_bom.size());
        }
        const std::string line = trim(raw);
        if (line.empty() || line.front() == '#' || line.front() == ';') {
            continue;
        }
        if (line.front() == '[') {
            const auto close = line.find(']');
            if (close == std::string::npos ||
                !trim(without_inline_comment(line.substr(close + 1))).empty()) {
                throw settings_error(path, number, "malformed section header",
                                     "write it as [strata], [logging], [hooks] or [review]");
            }
            section = trim(line.substr(1, close - 1));
            if (section != "strata" && section != "logging" && section != "hooks" &&
                section != "review") {
                throw settings_error(
                    path, number, fmt::format("unknown section [{}]", section),
                    fmt::format("did you mean [{}]? known settings: {}",
                                closest_match(section, {"strata", "logging", "hooks", "review"}),
                                known_keys));
            }
            continue;
        }
        const auto equals = line.find('=');
        if (equals == std::string::npos) {
            // The line is not quoted: it may hold a password (a URL without its `=`).
            throw settings_error(path, number, "this line is not a `key = value` setting",
                                 fmt::format("known settings: {}", known_keys));
        }
        const std::string key = trim(std::string_view(line).substr(0, equals));
        const std::string value = trim(without_inline_comment(line.substr(equals + 1)));
        if (section.empty()) {
            throw settings_error(path, number, fmt::format("'{}' comes before any [section]", key),
                                 fmt::format("known settings: {}", known_keys));
        }
        const std::string full = section + "." + key;
        const auto it = keys().find(full);
        if (it == keys().end()) {
            for (const auto& [known, set] : keys()) {
                if (known.substr(known.find('.') + 1) == key) {
                    // A known key in the wrong section: "did you mean 'level'" helps nobody.
                    throw settings_error(
                        path, number, fmt::format("'{}' is not a setting of [{}]", key, section),
                        fmt::format("it belongs in [{}]", known.substr(0, known.find('.'))));
                }
            }
            throw settings_error(path, number,
                                 fmt::format("unknown setting '{}' in [{}]", key, section),
                                 fmt::format("did you mean '{}'? known settings: {}",
                                             closest_match(key, names), known_keys));
        }
        if (!seen.insert(full).second) {
            throw settings_error(path, number,
                                 fmt::format("'{}' is set twice in [{}]", key, section),
                                 "keep one of the two lines");
        }
        try {
            it->second(result, value);
        } catch (const std::invalid_argument& e) {
            throw settings_error(path, number, e.what(), "");
        }
    }
    return result;
}

std::string_view to_string(log_level level) {
    return level == log_level::warning ? "warning" : "info";
}

} // namespace strata
