// The one masking function for database URLs and DSNs (strata::mask_password) and the
// scrubber that keeps their passwords out of every message (strata::mask_secrets). Every
// form libpq accepts is covered: URI credentials, `password=` query parameters in any
// case, and keyword/value connection strings with quoted values.

#include "strata/connection.hpp"
#include "strata/detail/url.hpp"

#include <algorithm>
#include <cctype>

namespace strata {
namespace {

constexpr std::string_view mask = "***";

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

bool is_space(char c) {
    return std::isspace(static_cast<unsigned char>(c)) != 0;
}

// Where the value of a `password = value` assignment starting at @p key_end ends, and
// where it begins: libpq's keyword form allows spaces around '=' and single-quoted values
// with backslash escapes. @p stops end an unquoted value besides white space.
std::optional<std::pair<std::size_t, std::size_t>>
assignment_value(std::string_view text, std::size_t key_end, std::string_view stops) {
    std::size_t pos = key_end;
    while (pos < text.size() && is_space(text[pos])) {
        ++pos;
    }
    if (pos == text.size() || text[pos] != '=') {
        return std::nullopt;
    }
    ++pos;
    while (pos < text.size() && is_space(text[pos]) && text[pos] != '\n') {
        ++pos;
    }
    const std::size_t begin = pos;
    if (pos < text.size() && text[pos] == '\'') {
        for (++pos; pos < text.size() && text[pos] != '\''; ++pos) {
            if (text[pos] == '\\' && pos + 1 < text.size()) {
                ++pos;
            }
        }
        // Whatever sticks to the closing quote (`'pa'ss`) is masked with it: libpq would
        // refuse the string, and no rest of a password may show.
        pos = std::min(pos + 1, text.size());
    }
    while (pos < text.size() && !is_space(text[pos]) &&
           stops.find(text[pos]) == std::string::npos) {
        ++pos;
    }
    return std::pair{begin, pos};
}

// Every `password=value` in @p text (any case, a word of its own: after the start, white
// space, '?', '&', a quote or '(') with its value replaced by the mask.
std::string mask_assignments(std::string text, std::string_view stops) {
    constexpr std::string_view key = "password";
    for (std::size_t pos = 0; pos + key.size() <= text.size(); ++pos) {
        if (!iequals(std::string_view(text).substr(pos, key.size()), key)) {
            continue;
        }
        const bool word_start =
            pos == 0 ||
            std::string_view(" \t\r\n?&'\"(,;").find(text[pos - 1]) != std::string::npos;
        if (!word_start) {
            continue;
        }
        const auto value = assignment_value(text, pos + key.size(), stops);
        if (!value || value->first == value->second) {
            continue;
        }
        text.replace(value->first, value->second - value->first, mask);
        pos = value->first + mask.size() - 1;
    }
    return text;
}

// The raw value of every `password=` assignment in @p url_or_dsn, as written.
std::vector<std::string> assigned_passwords(std::string_view url_or_dsn) {
    std::vector<std::string> values;
    constexpr std::string_view key = "password";
    const std::string text(url_or_dsn);
    for (std::size_t pos = 0; pos + key.size() <= text.size(); ++pos) {
        if (!iequals(std::string_view(text).substr(pos, key.size()), key) ||
            (pos > 0 && std::string_view(" \t\r\n?&").find(text[pos - 1]) == std::string::npos)) {
            continue;
        }
        if (const auto value = assignment_value(text, pos + key.size(), "&#")) {
            values.push_back(text.substr(value->first, value->second - value->first));
        }
    }
    return values;
}

// Replaces every occurrence of @p secret in @p text by the mask.
void replace_all(std::string& text, const std::string& secret) {
    for (auto pos = text.find(secret); pos != std::string::npos;
         pos = text.find(secret, pos + mask.size())) {
        text.replace(pos, secret.size(), mask);
    }
}

// Every URL quoted in @p text (from a scheme's "://" to white space or a quote) with its
// password masked: a message may quote a URL strata was never told about, like a line of
// strata.ini that a parser echoes.
std::string mask_quoted_urls(std::string text) {
    constexpr std::string_view delimiters = " \t\r\n'\"<>`";
    for (auto sep = text.find("://"); sep != std::string::npos; sep = text.find("://", sep + 3)) {
        std::size_t begin = sep;
        while (begin > 0 && delimiters.find(text[begin - 1]) == std::string_view::npos) {
            --begin;
        }
        auto end = text.find_first_of(delimiters, sep);
        if (end == std::string::npos) {
            end = text.size();
        }
        const std::string_view quoted = std::string_view(text).substr(begin, end - begin);
        // The form a usage text shows (`postgres://user:password@host:port/dbname`): its
        // port is no number, so no database is behind it, and masking it would garble
        // the help.
        if (quoted.find("://user:password@host:port/") != std::string_view::npos) {
            sep = end - 2; // the loop looks again from `end` on
            continue;
        }
        const std::string masked = mask_password(quoted);
        text.replace(begin, end - begin, masked);
        sep = begin + masked.size() - std::min<std::size_t>(masked.size(), 3);
    }
    return text;
}

// One pass: the URI's credentials, then every `password=` assignment.
std::string mask_once(std::string_view url_or_dsn) {
    std::string result(url_or_dsn);
    if (const auto credentials = detail::find_credentials(url_or_dsn);
        credentials && credentials->colon) {
        result = std::string(url_or_dsn.substr(0, *credentials->colon + 1)) + std::string(mask) +
                 std::string(url_or_dsn.substr(credentials->at));
    } else if (const auto port = detail::non_numeric_port(url_or_dsn)) {
        // `user:password` without its `@host`: the "port" is a password.
        result = std::string(url_or_dsn.substr(0, port->first)) + std::string(mask) +
                 std::string(url_or_dsn.substr(port->second));
    }
    // A URI's query parameters end at '&' or '#'; a keyword string's values at white space.
    return mask_assignments(std::move(result), "&#");
}

} // namespace

std::string mask_password(std::string_view url_or_dsn) {
    // A masked value can hide the '@' that made a '?' before it part of the query
    // (`x://:pa?ss@h?password=v@w`), and then the text before that '@' reads as
    // credentials; fuzz_url found such a text. Masking until nothing more changes makes
    // the result final: masking it again changes nothing, and masking more is never a leak.
    std::string result = mask_once(url_or_dsn);
    for (int pass = 0; pass < 8; ++pass) {
        std::string again = mask_once(result);
        if (again == result) {
            break;
        }
        result = std::move(again);
    }
    return result;
}

std::vector<std::string> password_spellings(std::string_view url_or_dsn) {
    std::vector<std::string> raw = assigned_passwords(url_or_dsn);
    if (const auto credentials = detail::find_credentials(url_or_dsn);
        credentials && credentials->colon) {
        raw.emplace_back(
            url_or_dsn.substr(*credentials->colon + 1, credentials->at - *credentials->colon - 1));
    } else if (const auto port = detail::non_numeric_port(url_or_dsn)) {
        raw.emplace_back(url_or_dsn.substr(port->first, port->second - port->first));
    }
    std::vector<std::string> spellings;
    for (const auto& value : raw) {
        std::string unquoted = value;
        if (unquoted.size() >= 2 && unquoted.front() == '\'' && unquoted.back() == '\'') {
            unquoted = unquoted.substr(1, unquoted.size() - 2);
        }
        for (std::string form :
             {value, unquoted, detail::percent_decode(value), detail::percent_encode(unquoted)}) {
            if (!form.empty() &&
                std::find(spellings.begin(), spellings.end(), form) == spellings.end()) {
                spellings.push_back(std::move(form));
            }
        }
    }
    // Longest first, so that a spelling containing another is masked whole.
    std::sort(spellings.begin(), spellings.end(),
              [](const auto& a, const auto& b) { return a.size() > b.size(); });
    return spellings;
}

std::string mask_secrets(std::string_view text, std::string_view url_or_dsn) {
    std::string result(text);
    for (const auto& secret : password_spellings(url_or_dsn)) {
        // A password of one or two characters would garble every word it occurs in; such
        // a password is no secret anyway.
        if (secret.size() >= 3) {
            replace_all(result, secret);
        }
    }
    // Whatever else the text quotes: a URL or DSN from elsewhere, a libpq message.
    return mask_assignments(mask_quoted_urls(std::move(result)), "&#'\",;)");
}

} // namespace strata
