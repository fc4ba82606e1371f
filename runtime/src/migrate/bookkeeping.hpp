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

/// The INSERT of @p rows as one statement, numbered from @p first_seq in order, each with
/// the database's clock and a duration of 0. What a new database created at head writes
/// for its whole history: one statement instead of one per revision, which at 500
/// revisions is a third of that start-up. The caller holds the migration lock and read
/// @p first_seq under it (next_history_seq_sql()). Empty for no rows.
[[nodiscard]] std::string history_rows_sql(const dialect& d, std::string_view table,
                                           std::int64_t first_seq,
                                           const std::vector<history_entry>& rows);

/// SELECT of the seq the next history row gets (1 in an empty table).
[[nodiscard]] std::string next_history_seq_sql(const dialect& d, std::string_view table);

} // namespace strata::detail
