#pragma once
/// @file
/// A database connection as the migrator needs it: run SQL, read rows, transactions.
/// Each backend (sqlite/, postgresql/) implements it; no C handle appears here.

#include "strata/export.hpp"
#include "strata/schema.hpp"

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strata {

class dialect;

/// Settings for opening a connection.
struct STRATA_API connect_options {
    /// How long to wait for another connection's lock before failing with "database is
    /// locked"; long by default so that instances starting together queue up (32 starters
    /// on a loaded 2-core machine fit in it).
    std::chrono::milliseconds lock_timeout = std::chrono::seconds(120);
    /// PostgreSQL: how long one statement may wait for a lock another transaction holds
    /// (the session's `lock_timeout`). DDL queued behind a long transaction blocks every
    /// other query on that table while it waits, so this is short; the migrator retries
    /// the revision (migrate_options::ddl_lock_retries). SQLite ignores it.
    std::chrono::milliseconds ddl_lock_timeout = std::chrono::seconds(5);
};

/// One row of a query result; std::nullopt is SQL NULL.
using row = std::vector<std::optional<std::string>>;

/// An open database connection.
class STRATA_API connection {
public:
    virtual ~connection() = default;

    /// Runs one or more SQL statements that return no rows. Throws strata::database_error.
    virtual void execute(std::string_view sql) = 0;
    /// Runs one statement and returns every row, values as text.
    [[nodiscard]] virtual std::vector<row> query(std::string_view sql) = 0;
    /// True when a table called @p table_name exists.
    [[nodiscard]] virtual bool has_table(std::string_view table_name) = 0;
    /// True when table @p table_name exists and has a column called @p column_name.
    [[nodiscard]] virtual bool has_column(std::string_view table_name,
                                          std::string_view column_name) = 0;

    /// Starts a transaction that holds the database's write lock from its first statement,
    /// so that concurrent migrators serialise instead of failing half-way.
    virtual void begin_exclusive() = 0;
    /// begin_exclusive() without waiting: false when another session holds the lock now
    /// (nothing is open then). For optional writes that must never delay a start-up. The
    /// default returns false: a backend that cannot try simply skips them.
    [[nodiscard]] virtual bool try_begin_exclusive() { return false; }
    /// Commits the open transaction.
    virtual void commit() = 0;
    /// Rolls back the open transaction; never throws (used on error paths).
    virtual void rollback() noexcept = 0;

    /// Takes the session-wide migration lock that serialises migrators across processes
    /// and hosts, waiting at most @p timeout (zero: do not wait). Throws
    /// strata::lock_timeout_error when the wait expires. The migrator holds it around a
    /// whole run, outside the per-revision transactions. A lock tied to the session (a
    /// PostgreSQL advisory lock) dies with a crashed holder, so no stale lock survives.
    /// The default does nothing: SQLite's BEGIN IMMEDIATE already serialises migrators.
    virtual void lock_migrations([[maybe_unused]] std::chrono::milliseconds timeout) {}
    /// Releases lock_migrations(); never throws (used on error paths).
    virtual void unlock_migrations() noexcept {}
    /// Makes @p schema_name the namespace (PostgreSQL schema) that unqualified names,
    /// the version table and the models' tables, live in; creates it if missing. The
    /// default throws strata::error: SQLite has no schemas.
    virtual void use_schema(std::string_view schema_name);

    /// The SQL dialect this connection speaks.
    [[nodiscard]] virtual const dialect& sql_dialect() const = 0;
    /// The schema of the database, read back from its catalogue (strata::introspect()),
    /// without strata's bookkeeping tables @p version_table and @p history_table. Each
    /// backend reads its own catalogue, so the core needs no database library.
    [[nodiscard]] virtual schema introspect_schema(std::string_view version_table,
                                                   std::string_view history_table) = 0;
    /// @p expected as this database would store it and introspect_schema() read it back
    /// (strata::canonical_form()). The default returns @p expected unchanged.
    [[nodiscard]] virtual schema canonical_schema(const schema& expected) { return expected; }
    /// CREATE statements for what @p table_name has that the schema model does not
    /// describe (strata::unmodelled_objects()); empty where the dialect never rebuilds.
    [[nodiscard]] virtual std::vector<std::string>
    unmodelled_objects([[maybe_unused]] std::string_view table_name) {
        return {};
    }
    /// The URL the connection was opened with, any password masked.
    [[nodiscard]] virtual std::string display_url() const = 0;
};

/// Opens a connection from a SQLAlchemy-style URL:
/// `sqlite:///relative.db`, `sqlite:////absolute.db`, `sqlite://` (in memory),
/// `postgresql://user:password@host:port/dbname[?schema=app&...]` (also `postgres://`).
/// Throws strata::error for an unknown scheme, strata::connection_error for a database
/// that cannot be reached, strata::database_error for one that cannot be opened.
[[nodiscard]] STRATA_API std::unique_ptr<connection> connect(std::string_view url,
                                                             const connect_options& options = {});

/// @p url_or_dsn with every password replaced by `***`, for messages: the credentials of a
/// URL (`user:***@host`; the password ends at the last '@', so it may contain '/', '?',
/// ':' and '@'), `password=` query parameters in any case, and libpq keyword strings
/// (`host=h password=***`, quoted values too). The one masking function of strata.
[[nodiscard]] STRATA_API std::string mask_password(std::string_view url_or_dsn);

/// Every spelling in which a message may quote the password(s) of @p url_or_dsn: as
/// written, unquoted, percent-decoded and percent-encoded; longest first.
[[nodiscard]] STRATA_API std::vector<std::string> password_spellings(std::string_view url_or_dsn);

/// @p text (an error message, a log line; libpq's included) with every spelling of
/// @p url_or_dsn's password and every `password=value` it quotes replaced by `***`.
[[nodiscard]] STRATA_API std::string mask_secrets(std::string_view text, std::string_view url_or_dsn);

} // namespace strata
