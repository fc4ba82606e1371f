#pragma once
/// @file
/// The exceptions strata throws. A small hierarchy, because callers act on the cases
/// differently: a bad revision graph is a deployment mistake to report, while a failed
/// statement carries the SQL and the revision so the operator can find the cause.

#include "strata/export.hpp"
#include <stdexcept>
#include <string>

namespace strata {

/// Base of every strata exception. Messages are lowercase and quote names.
class STRATA_API error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The database reported an error; keeps the statement that failed.
class STRATA_API database_error : public error {
public:
    database_error(const std::string& message, std::string statement, int code,
                   std::string sqlstate = {})
        : error(message), m_statement(std::move(statement)), m_code(code),
          m_sqlstate(std::move(sqlstate)) {}
    /// The SQL text that failed, or empty when the failure was not a statement.
    [[nodiscard]] const std::string& statement() const { return m_statement; }
    /// The database's own error code (sqlite3 extended result code; 0 on PostgreSQL,
    /// which reports sqlstate() instead).
    [[nodiscard]] int code() const { return m_code; }
    /// The five-character SQLSTATE, e.g. "42P01" (undefined table); empty when the
    /// database reports none (SQLite).
    [[nodiscard]] const std::string& sqlstate() const { return m_sqlstate; }

private:
    std::string m_statement;
    int m_code;
    std::string m_sqlstate;
};

/// The database could not be reached or refused the login (SQLSTATE class 08 or 28): the
/// deployment is at fault, not a revision; a caller may retry later.
class STRATA_API connection_error : public database_error {
public:
    using database_error::database_error;
};

/// The migration lock (or another lock a statement needed) was not granted within the
/// configured wait (migrate_options::lock_timeout): another instance is migrating or a
/// long transaction holds the table. Nothing was changed; starting again later is safe.
class STRATA_API lock_timeout_error : public database_error {
public:
    using database_error::database_error;
};

/// The database is open read-only (SQLite: `?mode=ro`, `?immutable=1`, a file or directory
/// this user may not write), so a write was refused and nothing was written; migrating again
/// the same way fails the same way, so no caller should retry or fall back.
class STRATA_API read_only_error : public database_error {
public:
    using database_error::database_error;
};

/// A revision failed to apply; the database was rolled back to the previous revision.
class STRATA_API migration_error : public error {
public:
    migration_error(const std::string& message, std::string revision, std::string statement,
                    std::string sqlstate = {})
        : error(message), m_revision(std::move(revision)), m_statement(std::move(statement)),
          m_sqlstate(std::move(sqlstate)) {}
    /// Id of the revision that failed.
    [[nodiscard]] const std::string& revision() const { return m_revision; }
    /// The SQL statement that failed (empty if the failure was elsewhere).
    [[nodiscard]] const std::string& statement() const { return m_statement; }
    /// The database's SQLSTATE for the failure, e.g. "23505"; empty when the database
    /// reports none (SQLite) or the failure was not a statement.
    [[nodiscard]] const std::string& sqlstate() const { return m_sqlstate; }

private:
    std::string m_revision;
    std::string m_statement;
    std::string m_sqlstate;
};

/// The revisions compiled into the application do not form a usable history
/// (unknown target, several heads, a database at an unknown revision, ...).
class STRATA_API revision_error : public error {
public:
    using error::error;
};

} // namespace strata
