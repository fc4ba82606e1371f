#pragma once
/// @file
/// What online mode (migrator.cpp), offline mode (offline.cpp) and stamp (stamp.cpp) share:
/// a revision's recorded operations and the SQL of the version and history tables. One
/// place, so that the script `upgrade --sql` prints is what a migration executes.

#include "strata/dialect.hpp"
#include "strata/operations.hpp"
#include "strata/revision.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strata::detail {

/// "revision 'id' (\"message\")", how errors name a revision.
[[nodiscard]] std::string describe(const revision& rev);

/// True for a squash step (revision_graph::squash_steps()): run under the id of the newest
/// revision it replaces, it stands for every one of them (`replaces`).
[[nodiscard]] inline bool is_squash_step(const revision& rev) {
    return !rev.replaces.empty() && rev.replaces.back() == rev.id;
}

/// The parents of @p rev joined with ", ", or "base".
[[nodiscard]] std::string parents_or_base(const revision& rev);

/// The operations of one direction of @p rev, recorded up front so that a revision
/// function that throws fails before anything runs. Throws strata::migration_error naming
/// the revision when it has no such function or the function throws.
[[nodiscard]] std::vector<operation> operations_of(const revision& rev, bool is_upgrade);

/// CREATE TABLE of the version table @p table (unquoted name).
[[nodiscard]] std::string create_version_table_sql(const dialect& d, std::string_view table);

/// CREATE TABLE of the history table @p table (unquoted name).
[[nodiscard]] std::string create_history_table_sql(const dialect& d, std::string_view table);

/// UPDATE that forgets the digest in every version row (nothing is known to be verified).
[[nodiscard]] std::string clear_digest_sql(const dialect& d, std::string_view table);

/// ALTER TABLE that gives a version table from before build manifests its digest column.
[[nodiscard]] std::string add_digest_column_sql(const dialect& d, std::string_view table);

/// The DELETEs and INSERTs that change the version table @p table from the rows @p before
/// to the rows @p after (only the rows that differ). With @p digest, every row afterwards
/// carries it in the digest column (the build manifest's, see migrator::at_build_head());
/// without, new rows carry none.
[[nodiscard]] std::vector<std::string>
version_rows_sql(const dialect& d, std::string_view table, const std::vector<std::string>& before,
                 const std::vector<std::string>& after,
                 const std::optional<std::string>& digest = std::nullopt);

/// The INSERT of one history row. applied_at is the database's clock
/// (dialect::current_timestamp_sql()), so online and offline mode emit the same statement
/// except for @p duration, which only a run can measure (offline passes 0).
[[nodiscard]] std::string history_row_sql(const dialect& d, std::string_view table,
                                          std::string_view revision_id, std::string_view direction,
                                          std::string_view checksum,
                                          std::chrono::milliseconds duration);

/// One row of the history table, as history_rows_sql() writes it.
struct history_entry {
    std::string revision_id;
    std::string direction;
    std::string checksum;
};

/// Where a batch of history rows starts: the next free seq, and the database's clock as it
/// returned it (the text of dialect::current_timestamp_sql()), both read once with
/// history_start_sql() by a caller holding the migration lock.
struct history_start {
    std::int64_t first_seq = 1;
    std::string applied_at;
};

/// The SELECT that reads a history_start: `SELECT COALESCE(MAX(seq), 0) + 1, <clock> ...`.
[[nodiscard]] std::string history_start_sql(const dialect& d, std::string_view table);

/// The INSERTs of @p rows, a hundred rows per statement, numbered from @p start's seq in
/// order, all applied at @p start's time with a duration of 0. What a new database created
/// at head writes for its whole history: a few statements instead of one per revision,
/// which at 500 revisions was a third of that start-up. Empty for no rows.
[[nodiscard]] std::vector<std::string> history_rows_sql(const dialect& d, std::string_view table,
                                                        const history_start& start,
                                                        const std::vector<history_entry>& rows);

} // namespace strata::detail
