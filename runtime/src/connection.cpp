#include "strata/connection.hpp"

#include "strata/backend.hpp"
#include "strata/dialect.hpp"
#include "strata/error.hpp"

#include <fmt/format.h>

namespace strata {

namespace {
// @p url with the password of its user-info part masked.
std::string mask_userinfo(std::string_view url) {
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) {
        return std::string(url);
    }
    const auto authority_begin = scheme_end + 3;
    const auto authority_end = url.find_first_of("/?#", authority_begin);
    const std::string_view authority = url.substr(authority_begin, authority_end - authority_begin);
    // The last '@' ends the credentials: a password may itself contain '@'.
    const auto at = authority.rfind('@');
    if (at == std::string_view::npos) {
        return std::string(url);
    }
    const auto colon = authority.substr(0, at).find(':');
    if (colon == std::string_view::npos) {
        return std::string(url);
    }
    return fmt::format("{}***{}", url.substr(0, authority_begin + colon + 1),
                       url.substr(authority_begin + at));
}
} // namespace

std::string mask_password(std::string_view url) {
    std::string result = mask_userinfo(url);
    // libpq also takes the password as a query parameter: ...?password=secret
    const auto query = result.find('?');
    if (query == std::string::npos) {
        return result;
    }
    constexpr std::string_view key = "password=";
    for (auto pos = query + 1; pos < result.size();) {
        auto end = result.find('&', pos);
        if (end == std::string::npos) {
            end = result.size();
        }
        if (std::string_view(result).substr(pos, end - pos).starts_with(key)) {
            const auto value = pos + key.size();
            result.replace(value, end - value, "***");
            end = value + 3;
        }
        pos = end + 1;
    }
    return result;
}

std::unique_ptr<connection> connect(std::string_view url, const connect_options& options) {
    return backend_for_url(url).open(url, options);
}

void connection::use_schema(std::string_view schema_name) {
    throw error(fmt::format("cannot use schema '{}' on '{}': {} has no schemas; leave the "
                            "schema option empty",
                            schema_name, display_url(), sql_dialect().name()));
}

} // namespace strata
