#include "scan/naming.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cctype>

namespace strata::generator {

std::string snake_case(std::string_view name) {
    const auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
    const auto lower_or_digit = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    };
    std::string result;
    for (std::size_t i = 0; i < name.size(); ++i) {
        const char c = name[i];
        if (upper(c) && i > 0 && name[i - 1] != '_') {
            const bool after_lower = lower_or_digit(name[i - 1]);
            const bool acronym_end = upper(name[i - 1]) && i + 1 < name.size() &&
                                     name[i + 1] >= 'a' && name[i + 1] <= 'z';
            if (after_lower || acronym_end) {
                result += '_';
            }
        }
        result += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return result;
}

std::string join(const std::vector<std::string>& items) {
    return fmt::format("{}", fmt::join(items, ", "));
}

std::string_view article(std::string_view noun) {
    return noun.starts_with('i') ? "an" : "a";
}

std::string plural(std::string_view noun) {
    return noun == "index" ? "indexes" : std::string(noun) + "s";
}

} // namespace strata::generator
