#include "strata/revision.hpp"

#include <utility>

namespace strata {
namespace {
// A function-local static, so registrars in other translation units may run first.
std::vector<revision>& mutable_registry() {
    static std::vector<revision> revisions;
    return revisions;
}
} // namespace

const std::vector<revision>& registered_revisions() {
    return mutable_registry();
}

void revision_registrar::add(const revision& rev) {
    mutable_registry().push_back(rev);
}

} // namespace strata
