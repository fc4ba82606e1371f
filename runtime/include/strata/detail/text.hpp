#pragma once
/// @file
/// Small text helpers shared by the runtime's sources (not part of the public API).

#include <cctype>
#include <string>
#include <string_view>
#include <vector>

namespace strata::detail {

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

/// `'a', 'b', 'c'`: names quoted for an error message.
inline std::string quoted_list(const std::vector<std::string>& names) {
    std::string text;
    for (const auto& name : names) {
        text += (text.empty() ? "'" : ", '") + name + "'";
    }
    return text;
}

} // namespace strata::detail
