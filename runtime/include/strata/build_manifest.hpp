#pragma once
/// @file
/// What the build knew about the revisions it compiled into a program. add_migrations()
/// generates one per target, next to the revisions, so that a start-up with nothing to
/// migrate costs one query: the database records the digest of the revisions it was
/// brought to head with, and the program compares it with its own.

#include "strata/export.hpp"
#include <cstddef>
#include <string>
#include <vector>

namespace strata {

/// The build's summary of the registered revisions.
struct STRATA_API build_manifest {
    /// Head revision ids, sorted; one unless the history has unmerged branches.
    std::vector<std::string> heads;
    /// How many revisions the build compiled in (checked against registered_revisions()).
    std::size_t revision_count = 0;
    /// SHA-256 (64 hex digits) of every revision's id and source file bytes, in id order.
    /// Equal digests mean byte-identical revision files, so revisions whose checksums a
    /// database verified once need no second look while the digest stays the same.
    std::string digest;
};

/// The manifest registered in this program, or nullptr when there is none (revisions
/// compiled without add_migrations(), or more than one manifest linked in).
[[nodiscard]] STRATA_API const build_manifest* registered_build_manifest();

/// Registers the build manifest at static-initialisation time; add_migrations() writes it.
class STRATA_API build_manifest_registrar {
public:
    /// Makes @p manifest what registered_build_manifest() returns.
    explicit build_manifest_registrar(build_manifest manifest);
};

} // namespace strata
