#include "render/revision_id.hpp"

#include "strata/error.hpp"

#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <fmt/format.h>

namespace strata::generator {

std::uint64_t fnv1a_64(std::string_view text) {
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (unsigned char ch : text) {
        hash ^= ch;
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

std::string make_revision_id(const std::vector<std::string>& parents,
                             std::string_view operations_text, std::string_view message) {
    std::string content;
    for (const auto& parent : parents) {
        content += parent;
        content += '\n';
    }
    content += '\x1f';
    content += operations_text;
    content += '\x1f';
    content += message;
    return fmt::format("{:016x}", fnv1a_64(content)).substr(0, 12);
}

std::time_t creation_time() {
    if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch && *epoch) {
        char* end = nullptr;
        const long long value = std::strtoll(epoch, &end, 10);
        if (*end != '\0' || value < 0) {
            throw error(fmt::format("SOURCE_DATE_EPOCH='{}' is not a number of seconds", epoch));
        }
        return static_cast<std::time_t>(value);
    }
    return std::time(nullptr);
}

std::string format_create_date(std::time_t when) {
    std::tm utc{};
    gmtime_r(&when, &utc);
    return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}", utc.tm_year + 1900, utc.tm_mon + 1,
                       utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec);
}

std::string slugify(std::string_view message, std::size_t max_length) {
    std::string slug;
    for (unsigned char ch : message) {
        if (std::isalnum(ch) && ch < 0x80) {
            slug += static_cast<char>(std::tolower(ch));
        } else if (!slug.empty() && slug.back() != '_') {
            slug += '_';
        }
        if (slug.size() >= max_length) {
            break;
        }
    }
    while (!slug.empty() && slug.back() == '_') {
        slug.pop_back();
    }
    return slug.empty() ? std::string("revision") : slug;
}

} // namespace strata::generator
