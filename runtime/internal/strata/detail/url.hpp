#pragma once
/// @file
/// Where a database URL keeps its credentials, by the one rule the whole runtime uses (not
/// part of the public API): masking, secret scrubbing and the PostgreSQL backend all
/// split a URL here, so what is masked is exactly what is sent as the password.

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace strata::detail {

/// Positions of `user[:password]@` in a URL: the credentials run from @c begin (just after
/// `://`) to @c at; the password, if any, from @c colon + 1 to @c at.
struct credentials_span {
    std::size_t begin;
    std::size_t at;
    std::optional<std::size_t> colon;
};

/// The credentials of @p url, if it has any. A password may contain '/', '?', ':' and
/// '@' unencoded, so the credentials end at the *last* '@' of the URL, unless that '@'
/// belongs to a `key=value` query parameter (`?sslcert=/a@b`); then the last '@' before
/// that query. A URL whose authority is empty (`sqlite:///a@b.db`) has none, nor has one
/// whose would-be user name holds a '/' and no password follows (`host/db@x`).
inline std::optional<credentials_span> find_credentials(std::string_view url) {
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) {
        return std::nullopt;
    }
    const std::size_t begin = scheme_end + 3;
    if (begin >= url.size() || url[begin] == '/') {
        return std::nullopt;
    }
    std::size_t at = url.rfind('@');
    while (at != std::string_view::npos && at >= begin) {
        const auto question = url.rfind('?', at);
        const bool in_query = question != std::string_view::npos && question >= begin &&
                              url.substr(question, at - question).find('=') != std::string::npos;
        if (!in_query) {
            break;
        }
        at = question == begin ? std::string_view::npos : url.rfind('@', question - 1);
    }
    if (at == std::string_view::npos || at < begin) {
        return std::nullopt;
    }
    const auto colon = url.substr(begin, at - begin).find(':');
    if (colon == std::string_view::npos &&
        url.substr(begin, at - begin).find('/') != std::string_view::npos) {
        return std::nullopt; // `host/db@x`: an '@' in the path, not a user name
    }
    return credentials_span{
        begin, at,
        colon == std::string_view::npos ? std::nullopt : std::optional<std::size_t>(begin + colon)};
}

/// Where a password may sit in @p url although it has no credentials: a user who forgot
/// the `@host` (`postgresql://app:Secret/db`) wrote `user:password` where the authority's
/// `host:port` belongs. The span runs from just after the first ':' of a `host:port`
/// (PostgreSQL's multi-host list is split at ',') to that entry's end, when what follows
/// the ':' is not a port number; std::nullopt when every port is a number, or the URL has
/// credentials (find_credentials() then finds the password).
inline std::optional<std::pair<std::size_t, std::size_t>> non_numeric_port(std::string_view url) {
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos || find_credentials(url)) {
        return std::nullopt;
    }
    const std::size_t begin = scheme_end + 3;
    const std::size_t end = std::min(url.find_first_of("/?#", begin), url.size());
    for (std::size_t entry = begin; entry < end;) {
        const std::size_t entry_end = std::min(url.find(',', entry), end);
        std::size_t host_end = entry;
        if (url[entry] == '[') { // [::1]:5432: the port follows the bracket
            host_end = std::min(url.find(']', entry), entry_end);
        }
        const auto colon = url.substr(0, entry_end).find(':', host_end);
        if (colon != std::string_view::npos) {
            const auto port = url.substr(colon + 1, entry_end - colon - 1);
            if (!std::all_of(port.begin(), port.end(),
                             [](char c) { return c >= '0' && c <= '9'; })) {
                return std::pair{colon + 1, entry_end};
            }
        }
        entry = entry_end + 1;
    }
    return std::nullopt;
}

/// The value of a hexadecimal digit, or -1.
inline int hex_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/// URI percent-decoding, as libpq and SQLite apply it to URI components; a '%' not
/// followed by two hex digits stays as it is.
inline std::string percent_decode(std::string_view text) {
    std::string result;
    result.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
            hex_value(text[i + 2]) >= 0) {
            result += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
            i += 2;
        } else {
            result += text[i];
        }
    }
    return result;
}

/// @p text with every byte outside the URI's unreserved set percent-encoded, so that a
/// component (a user name, a password) reaches a URI parser exactly as written.
inline std::string percent_encode(std::string_view text) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string result;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte) != 0 || c == '-' || c == '.' || c == '_' || c == '~') {
            result += c;
        } else {
            result += '%';
            result += digits[byte >> 4];
            result += digits[byte & 0xf];
        }
    }
    return result;
}

} // namespace strata::detail
