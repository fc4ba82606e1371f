#include "strata/dialect.hpp"

namespace strata {
namespace {
// Doubling the quote character is the SQL standard escape, understood by every dialect
// strata targets; no backslash escapes, which differ between databases.
std::string quote_with(std::string_view text, char quote) {
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
} // namespace

std::vector<std::string> dialect::rebuilt_tables(const operation& /*op*/,
                                                 const schema& /*before*/) const {
    return {};
}

rebuild_frame dialect::frame_for_rebuild() const {
    return {};
}

std::string dialect::quote_identifier(std::string_view identifier) const {
    return quote_with(identifier, '"');
}

std::string dialect::quote_literal(std::string_view text) const {
    return quote_with(text, '\'');
}

} // namespace strata
