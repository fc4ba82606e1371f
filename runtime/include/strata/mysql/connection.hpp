#pragma once
/// @file
/// The MySQL/MariaDB backend's connection, over MariaDB Connector/C (`libmariadb`). mysql.h
/// stays in the .cpp file: this header only forward-declares the handle, so applications
/// need no client headers.

#include "strata/connection.hpp"
#include "strata/export.hpp"

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct st_mysql;

namespace strata::mysql {

/// A connection to one MySQL or MariaDB database (a MySQL "schema").
class STRATA_MYSQL_API connection final : public strata::connection {
public:
    /// Connects to @p url, `mysql://user:password@host:port/dbname` (or `mariadb://`);
    /// `?socket=/path` connects over a unix socket instead of TCP. The session gets a
    /// strict sql_mode, utf8mb4, UTC (`time_zone = '+00:00'`) and a `lock_wait_timeout`
    /// of options.ddl_lock_timeout (metadata locks a DDL statement waits for). Throws
    /// strata::connection_error when the server cannot be reached or refuses the login;
    /// the message shows the URL with its password masked.
    explicit connection(std::string_view url, const connect_options& options = {});
    /// Closes the connection, which also releases any lock it still holds.
    ~connection() override;
    /// Not copyable: the object owns the handle.
    connection(const connection&) = delete;
    /// Not assignable: the object owns the handle.
    connection& operator=(const connection&) = delete;

    /// Runs @p sql (one or more statements separated by ';'). Every DDL statement commits
    /// implicitly on MySQL: there is no transactional DDL.
    void execute(std::string_view sql) override;
    /// Runs exactly one statement and returns its rows as text (booleans are "1"/"0").
    [[nodiscard]] std::vector<row> query(std::string_view sql) override;
    /// True when @p table_name is a base table in the current database.
    [[nodiscard]] bool has_table(std::string_view table_name) override;
    [[nodiscard]] bool has_column(std::string_view table_name,
                                  std::string_view column_name) override;
    /// The migration lock (GET_LOCK, waited for at most options.lock_timeout), then
    /// `START TRANSACTION`: writers of the bookkeeping serialise even when a caller skipped
    /// lock_migrations(). commit() and rollback() release what this took.
    void begin_exclusive() override;
    /// begin_exclusive() without waiting: false when another session holds the lock.
    [[nodiscard]] bool try_begin_exclusive() override;
    /// `COMMIT`, then releases the lock begin_exclusive() took.
    void commit() override;
    /// `ROLLBACK` (of what a transaction can roll back: DML, not DDL), then releases the
    /// lock begin_exclusive() took.
    void rollback() noexcept override;
    /// `GET_LOCK` on a name derived from the current database, waiting at most
    /// @p timeout. A session-level lock: it dies with a crashed holder's connection.
    void lock_migrations(std::chrono::milliseconds timeout) override;
    /// `RELEASE_LOCK` for lock_migrations().
    void unlock_migrations() noexcept override;
    /// Creates database @p schema_name if missing and makes it the current one (`USE`).
    void use_schema(std::string_view schema_name) override;
    /// The shared strata::mysql::dialect.
    [[nodiscard]] const strata::dialect& sql_dialect() const override;
    /// The tables, keys and constraints as information_schema has them.
    [[nodiscard]] schema introspect_schema(std::string_view version_table,
                                           std::string_view history_table) override;
    /// @p expected created in a scratch database, read back, and dropped.
    [[nodiscard]] schema canonical_schema(const schema& expected) override;
    /// The URL as given, password masked.
    [[nodiscard]] std::string display_url() const override;

    /// The current database (`DATABASE()`); empty when none is selected.
    [[nodiscard]] std::string current_database();
    /// The server's version string, e.g. "10.11.6-MariaDB-0+deb12u1".
    [[nodiscard]] std::string server_version() const;

private:
    struct deleter {
        void operator()(st_mysql* handle) const noexcept;
    };

    /// The GET_LOCK name for the current database.
    [[nodiscard]] std::string lock_name();
    /// Takes the lock @p name, waiting at most @p timeout; false when it expired.
    [[nodiscard]] bool get_lock(const std::string& name, std::chrono::milliseconds timeout);
    /// Releases what begin_exclusive() took, if it did; never throws.
    void release_transaction_lock() noexcept;
    /// strata::mask_secrets() for this connection's URL: no spelling of its password survives.
    [[nodiscard]] std::string scrub(std::string text) const;
    /// Throws the exception that fits the handle's last error, naming @p statement.
    [[noreturn]] void fail(std::string_view statement) const;

    std::string m_url;
    std::chrono::milliseconds m_lock_timeout;
    /// The lock begin_exclusive() took, released at commit() or rollback().
    std::string m_transaction_lock;
    std::unique_ptr<st_mysql, deleter> m_handle;
};

} // namespace strata::mysql
