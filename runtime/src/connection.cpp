#include "strata/connection.hpp"

#include "strata/backend.hpp"
#include "strata/error.hpp"

#include <fmt/format.h>

namespace strata {

std::string mask_password(std::string_view url) {
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

std::unique_ptr<connection> connect(std::string_view url, const connect_options& options) {
    const auto backends = registered_backends();
    std::string linked;
    for (const auto& backend : backends) {
        linked += fmt::format("{}{} ({})", linked.empty() ? "" : ", ", backend.example_url,
                              backend.target);
    }
    if (linked.empty()) {
        linked = "none";
    }
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) {
        throw error(fmt::format("unsupported database url '{}': expected <scheme>://...; "
                                "backends linked into this program: {}",
                                mask_password(url), linked));
    }
    const std::string_view scheme = url.substr(0, scheme_end);
    for (const auto& backend : backends) {
        if (backend.scheme == scheme) {
            return backend.open(url, options);
        }
    }
    throw error(fmt::format("unsupported database url '{}': no backend for '{}' is linked into "
                            "this program (linked: {}); link its strata backend target, or list "
                            "its dialect in add_migrations(... DIALECTS ...)",
                            mask_password(url), scheme, linked));
}

} // namespace strata
