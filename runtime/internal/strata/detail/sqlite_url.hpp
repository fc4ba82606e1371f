#pragma once
/// @file
/// What a `sqlite://` URL names, checked once by the one rule the SQLite backend and the
/// migrate tool share (not part of the public API): the tool refuses a missing file, and
/// must read the same file name the backend opens, after the same checks.

#include "strata/connection.hpp"
#include "strata/detail/tool_text.hpp"
#include "strata/detail/url.hpp"
#include "strata/error.hpp"

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <string>
#include <string_view>
#include <vector>

namespace strata::detail {

/// A `sqlite://` URL, split.
struct sqlite_target {
    /// The database file, %XX decoded; empty for an in-memory database (`sqlite://`).
    std::string file;
    /// What sqlite3_open_v2() opens: an SQLite URI filename (`file:path?query`), so that
    /// SQLite itself decodes %XX and applies the query parameters, or ":memory:".
    std::string filename;
    /// The URI parameter that forbids SQLite to create a missing file (`mode=ro`,
    /// `mode=rw`, `immutable=1`), or empty.
    std::string creation_forbidden_by = {};
};

/// The URI parameters SQLite documents (https://sqlite.org/uri.html) and strata passes on.
inline const std::vector<std::string>& sqlite_uri_parameters() {
    static const std::vector<std::string> names{"cache",  "immutable", "mode", "modeof",
                                                "nolock", "psow",      "vfs"};
    return names;
}

/// Splits and checks @p url (`sqlite:///relative.db`, `sqlite:////absolute.db`,
/// `sqlite://`). Throws strata::error, the URL masked, for another form, a parameter
/// SQLite does not know (it would ignore a misspelt `?mdoe=ro`), and a %00 in the path
/// (SQLite would cut the file name there), or a '#' (SQLite drops a URI's fragment).
inline sqlite_target parse_sqlite_url(std::string_view url) {
    const std::string_view rest =
        url.substr(std::min(url.size(), std::string_view("sqlite://").size()));
    if (rest.empty()) {
        return {{}, ":memory:"};
    }
    // SQLAlchemy's form: an empty host, then '/', then the path (itself starting with
    // '/' when absolute). Anything before that '/' is a host, which SQLite has none of.
    const std::string_view path = rest.substr(0, rest.find_first_of("?#"));
    if (!rest.starts_with('/') || path.size() <= 1) {
        throw error(fmt::format("invalid sqlite url '{}': expected sqlite:///relative.db, "
                                "sqlite:////absolute.db or sqlite:// (in memory)",
                                mask_password(url)));
    }
    if (rest.find('#') != std::string_view::npos) {
        // SQLite drops a URI's fragment: `sqlite:///a#b.db` would open the file `a`.
        throw error(fmt::format("invalid sqlite url '{}': it has a '#', where a URL's fragment "
                                "starts and SQLite would cut the file name; write a '#' in a "
                                "file name as %23",
                                mask_password(url)));
    }
    const std::string file = percent_decode(path.substr(1));
    if (file.find('\0') != std::string::npos) {
        throw error(fmt::format("invalid sqlite url '{}': the path holds %00, a NUL byte, which "
                                "no file name can contain",
                                mask_password(url)));
    }
    std::string_view query = rest.substr(path.size());
    query = query.substr(0, query.find('#'));
    if (!query.empty()) {
        query.remove_prefix(1); // the '?'
    }
    sqlite_target target{file, "file:" + std::string(rest.substr(1))};
    while (!query.empty()) {
        const auto amp = query.find('&');
        const auto pair = query.substr(0, amp);
        const auto equals = pair.find('=');
        const std::string key(percent_decode(pair.substr(0, equals)));
        const std::string value(
            equals == std::string_view::npos ? "" : percent_decode(pair.substr(equals + 1)));
        query.remove_prefix(amp == std::string_view::npos ? query.size() : amp + 1);
        if ((key == "mode" && (value == "ro" || value == "rw")) ||
            (key == "immutable" && value == "1")) {
            target.creation_forbidden_by = key + "=" + value;
        }
        if (key == "mode" && value == "memory") {
            // The file would never be written: a migration that reports success and keeps
            // nothing.
            throw error(fmt::format("the sqlite url '{}' has mode=memory, which keeps the "
                                    "database in memory and never writes the file; use "
                                    "sqlite:// for an in-memory database",
                                    mask_password(url)));
        }
        const auto& known = sqlite_uri_parameters();
        if (!key.empty() && std::find(known.begin(), known.end(), key) == known.end()) {
            throw error(fmt::format("unknown parameter '{}' in the sqlite url '{}'; did you mean "
                                    "'{}'? SQLite takes {}",
                                    key, mask_password(url), closest_match(key, known),
                                    fmt::join(known, ", ")));
        }
    }
    return target;
}

/// The `sqlite://` URL that names @p file, for a message to suggest: `sqlite:///rel/app.db`
/// or `sqlite:////abs/app.db`. Composed from the normalized path, so that a directory given
/// as `sub/` or `/` yields no `//` beyond the scheme's; a `%`, `?` or `#` in a name is
/// percent-encoded, which parse_sqlite_url() would otherwise read as an escape or a query.
inline std::string sqlite_url_for(const std::filesystem::path& file) {
    const auto normal = file.lexically_normal();
    std::string url = normal.has_root_directory() ? "sqlite:////" : "sqlite:///";
    std::string_view separator;
    for (const auto& part : normal.relative_path()) {
        if (part.empty()) {
            continue; // what a trailing separator leaves
        }
        url += separator;
        for (const char c : part.string()) {
            url += c == '%' || c == '?' || c == '#' ? fmt::format("%{:02X}", c) : std::string(1, c);
        }
        separator = "/";
    }
    return url;
}

} // namespace strata::detail
