#include "strata/version.hpp"

namespace strata {

const char* runtime_version() noexcept {
    return STRATA_VERSION_STRING;
}

} // namespace strata
