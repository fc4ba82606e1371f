#pragma once
/// @file
/// SHA-256, for the checksums strata records (fingerprint()) and the generator's digest of
/// the revision files. Internal: shared with the generator and the tests through the
/// strata_internal target, not installed. (Exported from the runtime library for them, so
/// in namespace strata: a shared library exports nothing of strata::detail.)

#include "strata/export.hpp"

#include <string>
#include <string_view>

namespace strata {

/// The SHA-256 of @p data as 64 lowercase hex digits, computed with the fastest block
/// function this processor has.
[[nodiscard]] STRATA_API std::string sha256_hex(std::string_view data);

/// A SHA-256 block function: every engine gives the same digest.
enum class sha256_engine {
    portable,           ///< plain C++, on every processor
    x86_sha_extensions, ///< the x86 SHA instructions (SHA256RNDS2 and friends)
};

/// Whether @p engine runs on this processor (and was compiled in).
[[nodiscard]] STRATA_API bool sha256_engine_available(sha256_engine engine);

/// The engine sha256_hex(std::string_view) uses: the SHA instructions where available.
[[nodiscard]] STRATA_API sha256_engine fastest_sha256_engine();

/// The SHA-256 of @p data with @p engine, which must be available.
[[nodiscard]] STRATA_API std::string sha256_hex(std::string_view data, sha256_engine engine);

} // namespace strata
