#pragma once
/// @file
/// SHA-256, for the checksums strata records (fingerprint()) and the generator's digest of
/// the revision files. Internal: shared with the generator through the strata_internal
/// target, not installed.

#include "strata/export.hpp"

#include <string>
#include <string_view>

namespace strata {

/// The SHA-256 of @p data as 64 lowercase hex digits.
[[nodiscard]] STRATA_API std::string sha256_hex(std::string_view data);

} // namespace strata
