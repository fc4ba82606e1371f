#pragma once
/// @file
/// The name of the table in which a database without transactional DDL (MySQL, MariaDB)
/// records each statement of a revision as it runs (runtime/src/migrate/progress.*): one
/// rule, so that introspection hides the table wherever it reads the catalogue.

#include <string>
#include <string_view>

namespace strata::detail {

/// `<version_table>_progress`, e.g. strata_version_progress.
inline std::string progress_table_name(std::string_view version_table) {
    return std::string(version_table) + "_progress";
}

} // namespace strata::detail
