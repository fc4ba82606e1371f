#pragma once
/// @file
/// Offline mode (`upgrade --sql`): the SQL a migration would run, computed without a
/// database. The schema before each operation comes from apply() on the schema at the
/// starting revision, which is what online mode passes the dialect too, so both emit the
/// same statements.

#include "strata/dialect.hpp"
#include "strata/migrator.hpp"
#include "strata/revision_graph.hpp"
#include "strata/schema.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace strata {

/// One revision's transaction in an offline script, in the order online mode runs it.
struct sql_step {
    /// The revision applied or reverted.
    std::string revision;
    /// Its message, for the script's comments.
    std::string message;
    /// true for an upgrade step, false for a downgrade step.
    bool is_upgrade = true;
    /// "parents -> id" (upgrade) or "id -> parents" (downgrade), as the progress log says.
    std::string transition;
    /// The statements between BEGIN and COMMIT: the revision's own, then the version table's.
    std::vector<std::string> statements;
};

/// The schema a database has once the revisions @p heads and all their ancestors are
/// applied from base: every operation applied in order to an empty schema, normalized.
/// Throws strata::migration_error naming the revision whose operations do not apply.
[[nodiscard]] schema schema_at(const revision_graph& graph, const std::vector<std::string>& heads);

/// The steps that upgrade a database at target @p from ("base" for an empty database) to
/// target @p to. Relative targets in @p to count from @p from. Throws strata::revision_error
/// for an unknown target and strata::migration_error for a revision that cannot be recorded.
[[nodiscard]] std::vector<sql_step> offline_upgrade(const revision_graph& graph, const dialect& d,
                                                    std::string_view from, std::string_view to,
                                                    const migrate_options& options = {});

/// The steps that downgrade a database at target @p from to target @p to, which must be
/// @p from or one of its ancestors ("base", "-N" counted from @p from, an id...).
[[nodiscard]] std::vector<sql_step> offline_downgrade(const revision_graph& graph, const dialect& d,
                                                      std::string_view from, std::string_view to,
                                                      const migrate_options& options = {});

/// @p steps as a SQL script: a comment per revision, then BEGIN; its statements; COMMIT;.
[[nodiscard]] std::string render_sql_script(const std::vector<sql_step>& steps);

} // namespace strata
