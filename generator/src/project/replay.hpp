#pragma once
/// @file
/// The revisions are the truth, the snapshot is their cache. replay() computes the schema
/// the revisions produce by applying every revision's operations (read by
/// revision_reader.hpp, never compiled) to an empty schema, parents before children, the
/// way ODB patches its changelog and Django replays its migrations; verified_snapshot()
/// proves `schema/*.json` equal to it before anything is generated from it.

#include "project/migrations_dir.hpp"

#include "strata/schema.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace strata::generator {

/// The schema every revision together produces (all heads: what `upgrade heads` gives).
struct replayed_schema {
    schema result;
    /// The revision file that last changed each table ("users") and column ("users.email"),
    /// so a difference can name where the revisions' side of it comes from.
    std::map<std::string, std::filesystem::path> changed_in;
};

/// Replays @p revisions on an empty schema in graph order. Throws diagnostic_error at the
/// revision's `file:line` when one cannot be read or an operation does not fit the schema
/// its ancestors leave (a column added twice by two merged branches, say).
[[nodiscard]] replayed_schema replay(const std::vector<revision_file>& revisions);

/// The snapshot of @p dir, proven equal to the replay of @p revisions. Throws
/// diagnostic_error naming the snapshot file, the table and the column that disagree, with
/// the repair, when it is not.
[[nodiscard]] schema verified_snapshot(const migrations_dir& dir,
                                       const std::vector<revision_file>& revisions);

} // namespace strata::generator
