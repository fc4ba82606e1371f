#pragma once
/// @file
/// Offline mode (`upgrade --sql`): the SQL a migration would run, computed without a
/// database. The schema before each operation comes from apply() on the schema at the
/// starting revision, which is what online mode introspects, and both plan with
/// dialect::plan() and write the version and history tables with the same code, so both
/// emit the same statements. What offline mode cannot know: the history row's duration_ms
/// (0), objects the schema model does not describe (SQLite triggers, which online mode
/// recreates after a table rebuild), and what hand-written SQL changed in the schema.

#include "strata/dialect.hpp"
#include "strata/export.hpp"
#include "strata/migrator.hpp"
#include "strata/revision_graph.hpp"
#include "strata/schema.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace strata {

/// One revision in an offline script: the statements online mode executes for it, in
/// its order. A transactional revision runs as
///     before_begin; BEGIN; setup; statements; checks; bookkeeping; COMMIT; after_end
/// and one that runs outside a transaction (revision::transactional false) as
///     before_begin; [BEGIN; setup; COMMIT;] statements; checks; BEGIN; bookkeeping; COMMIT;
///     after_end
/// (the bracketed transaction only when setup is not empty)
/// (render_sql_script() writes exactly that; the migrator runs the checks as queries).
struct STRATA_API sql_step {
    /// The revision applied or reverted.
    std::string revision;
    /// Its message, for the script's comments.
    std::string message;
    /// true for an upgrade step, false for a downgrade step.
    bool is_upgrade = true;
    /// "parents -> id" (upgrade) or "id -> parents" (downgrade), as the progress log says.
    std::string transition;
    /// false when the revision runs outside a transaction (revision::transactional).
    bool transactional = true;
    /// The dialect's rebuild_frame::before_begin when the revision rebuilds a table (or
    /// runs outside a transaction on a dialect with a frame); else empty.
    std::vector<std::string> before_begin;
    /// The version and history tables' CREATE TABLE, in the first step from base.
    std::vector<std::string> setup;
    /// The revision's own statements, from dialect::plan().
    std::vector<std::string> statements;
    /// The frame's rebuild_frame::checks: queries that must return no rows.
    std::vector<std::string> checks;
    /// The version table's DELETEs and INSERTs, then the history row.
    std::vector<std::string> bookkeeping;
    /// The frame's rebuild_frame::after_end, when before_begin is not empty.
    std::vector<std::string> after_end;
};

/// The schema a database has once the revisions @p heads and all their ancestors are
/// applied from base: every operation applied in order to an empty schema, normalized.
/// Throws strata::migration_error naming the revision whose operations do not apply.
[[nodiscard]] STRATA_API schema schema_at(const revision_graph& graph,
                                          const std::vector<std::string>& heads);

/// The steps that upgrade a database at target @p from ("base" for an empty database) to
/// target @p to. Relative targets in @p to count from @p from. Throws strata::revision_error
/// for an unknown target and strata::migration_error for a revision that cannot be recorded.
[[nodiscard]] STRATA_API std::vector<sql_step>
offline_upgrade(const revision_graph& graph, const dialect& d, std::string_view from,
                std::string_view to, const migrate_options& options = {});

/// The steps that downgrade a database at target @p from to target @p to, which must be
/// @p from or one of its ancestors ("base", "-N" counted from @p from, an id...).
[[nodiscard]] STRATA_API std::vector<sql_step>
offline_downgrade(const revision_graph& graph, const dialect& d, std::string_view from,
                  std::string_view to, const migrate_options& options = {});

/// @p steps as a SQL script: a comment per revision, then its statements in the order
/// sql_step describes, each ending with ';'. A check is preceded by a comment saying that
/// it must return no rows.
[[nodiscard]] STRATA_API std::string render_sql_script(const std::vector<sql_step>& steps);

} // namespace strata
