#pragma once
/// @file
/// Small text helpers shared by the runtime's sources (not part of the public API).

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strata::detail {

/// @p text between two @p quote characters, each one inside doubled: the SQL standard
/// escape every dialect strata targets understands (no backslash escapes, which differ
/// between databases). `"` for identifiers, `'` for string literals.
inline std::string quote_with(std::string_view text, char quote) {
    std::string result;
    result.reserve(text.size() + 2);
    result += quote;
    for (char c : text) {
        if (c == quote) {
            result += quote;
        }
        result += c;
    }
    result += quote;
    return result;
}

/// The longest wait strata accepts for a lock timeout, in seconds (a day).
inline constexpr double max_timeout_seconds = 86400;

/// @p text as a number of seconds between 0 and max_timeout_seconds ("90", "2.5"), or
/// nothing: one rule for the `--lock-timeout` flags and the strata.ini keys.
inline std::optional<double> seconds_from_text(const std::string& text) {
    // Plain decimal only: std::stod also takes "0x10", "1e3" and "inf".
    if (text.empty() || text.find_first_not_of("0123456789.") != std::string::npos) {
        return std::nullopt;
    }
    std::size_t used = 0;
    double seconds = -1;
    try {
        seconds = std::stod(text, &used);
    } catch (const std::exception&) {
        return std::nullopt;
    }
    if (used == 0 || used != text.size() || !(seconds >= 0) || seconds > max_timeout_seconds) {
        return std::nullopt;
    }
    return seconds;
}

/// @p text in ASCII upper case (SQL keywords and type names as catalogues spell them).
inline std::string upper(std::string_view text) {
    std::string result(text);
    std::transform(result.begin(), result.end(), result.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return result;
}

/// @p text as a 32-bit integer when all of it is one, else nothing.
inline std::optional<std::int32_t> to_int32(std::string_view text) {
    std::int32_t value = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || ptr != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

/// A nullable catalogue value as text, NULL as "".
inline std::string text_of(const std::optional<std::string>& value) {
    return value.value_or("");
}

/// @p text without leading and trailing white space.
inline std::string_view trim(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
        text.remove_prefix(1);
    }
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
        text.remove_suffix(1);
    }
    return text;
}

/// Levenshtein distance between @p a and @p b, for "did you mean" hints.
inline std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        row[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            const std::size_t substitute = diagonal + (a[i - 1] != b[j - 1] ? 1 : 0);
            row[j] = std::min(std::min(row[j] + 1, row[j - 1] + 1), substitute);
            diagonal = above;
        }
    }
    return row[b.size()];
}

/// `'a', 'b', 'c'`: names quoted for an error message.
inline std::string quoted_list(const std::vector<std::string>& names) {
    std::string text;
    for (const auto& name : names) {
        text += (text.empty() ? "'" : ", '") + name + "'";
    }
    return text;
}

} // namespace strata::detail
