#pragma once
/// @file
/// A checksum of a revision's operations, recorded when the revision is applied so that a
/// later edit of an applied revision is detected (as Flyway and sqlx do).

#include "strata/export.hpp"
#include "strata/operations.hpp"

#include <string>
#include <vector>

namespace strata {

/// SHA-256, as 64 lowercase hex digits, of a canonical text form of @p ops: every field of
/// every operation, strings length-prefixed, in order. The same operations give the same
/// fingerprint on any machine, compiler and run; any change to an operation changes it.
[[nodiscard]] STRATA_API std::string fingerprint(const std::vector<operation>& ops);

} // namespace strata
