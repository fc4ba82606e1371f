#include "strata/build_manifest.hpp"

#include "strata/revision.hpp"

#include <optional>
#include <utility>

namespace strata {
namespace {
struct manifest_slot {
    std::optional<build_manifest> manifest;
    // Two manifests mean two revision sets linked into one program: neither describes the
    // whole, so neither is used.
    bool ambiguous = false;
};

// A function-local static, so registrars in other translation units may run first.
manifest_slot& slot() {
    static manifest_slot instance;
    return instance;
}
} // namespace

const build_manifest* registered_build_manifest() {
    const auto& s = slot();
    if (!s.manifest || s.ambiguous || s.manifest->revision_count != registered_revisions().size()) {
        return nullptr;
    }
    return &*s.manifest;
}

build_manifest_registrar::build_manifest_registrar(build_manifest manifest) {
    auto& s = slot();
    s.ambiguous = s.manifest.has_value();
    s.manifest = std::move(manifest);
}

} // namespace strata
