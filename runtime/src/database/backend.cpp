#include "strata/backend.hpp"

#include "strata/error.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <mutex>
#include <utility>

namespace strata {
namespace {

struct registry {
    std::mutex lock;
    std::vector<backend_info> backends;
};

// A function-local static, so backends registering from other translation units during
// static initialisation always find it constructed.
registry& the_registry() {
    static registry instance;
    return instance;
}

} // namespace

void register_backend(backend_info backend) {
    auto& reg = the_registry();
    const std::lock_guard guard(reg.lock);
    const auto existing = std::find_if(reg.backends.begin(), reg.backends.end(),
                                       [&](const auto& b) { return b.scheme == backend.scheme; });
    if (existing != reg.backends.end()) {
        if (existing->open == backend.open) {
            return;
        }
        throw error(fmt::format("two backends register the url scheme '{}' ({} and {}); link "
                                "only one of them",
                                backend.scheme, existing->target, backend.target));
    }
    reg.backends.push_back(std::move(backend));
    std::sort(reg.backends.begin(), reg.backends.end(),
              [](const auto& a, const auto& b) { return a.scheme < b.scheme; });
}

std::vector<backend_info> registered_backends() {
    auto& reg = the_registry();
    const std::lock_guard guard(reg.lock);
    return reg.backends;
}

backend_registrar::backend_registrar(backend_info backend) {
    register_backend(std::move(backend));
}

backend_info backend_for_url(std::string_view url) {
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
        // libpq's keyword form (host=... dbname=...) is not taken: one URL syntax
        // everywhere, and the scheme picks the backend.
        const bool keywords = url.find('=') != std::string_view::npos;
        throw error(fmt::format("unsupported database url '{}': expected <scheme>://...{}; "
                                "backends linked into this program: {}",
                                mask_password(url),
                                keywords ? " (write a keyword connection string as "
                                           "postgresql://user@host:port/dbname)"
                                         : "",
                                linked));
    }
    const std::string_view scheme = url.substr(0, scheme_end);
    for (const auto& backend : backends) {
        if (backend.scheme == scheme) {
            return backend;
        }
    }
    throw error(fmt::format("unsupported database url '{}': no backend for '{}' is linked into "
                            "this program (linked: {}); link its strata backend target, or list "
                            "its dialect in add_migrations(... DIALECTS ...)",
                            mask_password(url), scheme, linked));
}

} // namespace strata
