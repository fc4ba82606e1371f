#pragma once
// Where the migrate tool takes its database from: --url, then STRATA_DATABASE_URL, then
// strata.ini. The runtime has no Boost, so strata.ini is read here with a few lines of
// code that understand just what the tool needs: [strata] database_url and version_table.

#include <optional>
#include <string>

namespace strata::cli {

/// The settings the migrate tool reads from strata.ini.
struct ini_settings {
    std::string database_url;
    std::string version_table;
    /// Seconds to wait for another instance's lock, as written; empty when not set.
    std::string lock_timeout;
    /// Seconds a PostgreSQL statement may wait for a table lock, as written.
    std::string ddl_lock_timeout;
};

/// Reads @p path. Throws strata::error when it cannot be read.
ini_settings read_ini(const std::string& path);

} // namespace strata::cli
