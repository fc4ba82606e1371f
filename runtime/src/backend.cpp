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

} // namespace strata
