#pragma once
/// @file
/// What the benchmark programs share: the generated revision chain, the rebuild
/// revisions, the offline SQL of the chain, and which optional features this build has.

#include <strata/revision.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace strata_bench {

/// The first @p count revisions of the generated chain (all when @p count is negative),
/// taken from strata::registered_revisions() in chain order.
[[nodiscard]] std::vector<strata::revision> chain_prefix(int count);

/// The two hand-built revisions of the rebuild benchmark: create "items" (with an index),
/// then change items.qty from int32 to int64, which SQLite can only do by rebuilding.
[[nodiscard]] std::vector<strata::revision> rebuild_revisions();

/// The SQL script that upgrades an empty database of @p url's kind to the head of
/// @p revisions: strata::offline_upgrade() when the runtime has offline mode, else the
/// same statements assembled from the dialect the way the migrator runs them.
[[nodiscard]] std::string offline_script(std::string_view url,
                                         const std::vector<strata::revision>& revisions);

/// True when this build's runtime can talk to PostgreSQL.
[[nodiscard]] bool has_postgresql();
/// True when this build's runtime can talk to MariaDB/MySQL (the strata::mysql backend).
[[nodiscard]] bool has_mysql();
/// True when the SQLite dialect can rebuild a table (an alter_column of a type).
[[nodiscard]] bool has_sqlite_rebuild();
/// True when the runtime has offline (--sql) mode, so offline_script() uses it.
[[nodiscard]] bool has_offline_mode();

} // namespace strata_bench
