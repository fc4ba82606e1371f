#pragma once
/// @file
/// The exceptions strata throws. A small hierarchy, because callers act on the cases
/// differently: a bad revision graph is a deployment mistake to report, while a failed
/// statement carries the SQL and the revision so the operator can find the cause.

#include <stdexcept>
#include <string>

namespace strata {

/// Base of every strata exception. Messages are lowercase and quote names.
class error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The database reported an error; keeps the statement that failed.
class database_error : public error {
public:
    database_error(const std::string& message, std::string statement, int code)
        : error(message), m_statement(std::move(statement)), m_code(code) {}
    /// The SQL text that failed, or empty when the failure was not a statement.
    [[nodiscard]] const std::string& statement() const { return m_statement; }
    /// The database's own error code (sqlite3 extended result code).
    [[nodiscard]] int code() const { return m_code; }

private:
    std::string m_statement;
    int m_code;
};

/// A revision failed to apply; the database was rolled back to the previous revision.
class migration_error : public error {
public:
    migration_error(const std::string& message, std::string revision, std::string statement)
        : error(message), m_revision(std::move(revision)), m_statement(std::move(statement)) {}
    /// Id of the revision that failed.
    [[nodiscard]] const std::string& revision() const { return m_revision; }
    /// The SQL statement that failed (empty if the failure was elsewhere).
    [[nodiscard]] const std::string& statement() const { return m_statement; }

private:
    std::string m_revision;
    std::string m_statement;
};

/// The revisions compiled into the application do not form a usable history
/// (unknown target, several heads, a database at an unknown revision, ...).
class revision_error : public error {
public:
    using error::error;
};

} // namespace strata
