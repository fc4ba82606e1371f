#pragma once
/// @file
/// The PostgreSQL backend's connection, over libpq. libpq-fe.h stays in the .cpp file:
/// this header only forward-declares the handle, so applications need no libpq headers.

#include "strata/connection.hpp"
#include "strata/export.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct pg_conn;

namespace strata::postgresql {

/// A connection to one PostgreSQL database.
class STRATA_POSTGRESQL_API connection final : public strata::connection {
public:
    /// Connects to @p url, `postgresql://user:password@host:port/dbname?...` (or
    /// `postgres://`). Every libpq URI parameter is accepted; strata adds `schema=name`,
    /// which calls use_schema(). Waits for table locks at most options.lock_timeout.
    /// Throws strata::connection_error when the server cannot be reached or refuses the
    /// login; the message shows the URL with its password masked.
    explicit connection(std::string_view url, const connect_options& options = {});
    /// Closes the connection, which also releases any lock it still holds.
    ~connection() override;
    /// Not copyable: the object owns the handle.
    connection(const connection&) = delete;
    /// Not assignable: the object owns the handle.
    connection& operator=(const connection&) = delete;

    /// Runs @p sql (one or more statements) with the simple query protocol.
    void execute(std::string_view sql) override;
    /// Runs exactly one statement and returns its rows as text (booleans are "t"/"f").
    [[nodiscard]] std::vector<row> query(std::string_view sql) override;
    /// True when @p table_name is a table in the current schema.
    [[nodiscard]] bool has_table(std::string_view table_name) override;
    [[nodiscard]] bool has_column(std::string_view table_name,
                                  std::string_view column_name) override;
    /// `BEGIN`, then the transaction-level form of the migration lock, so that even a
    /// caller that skipped lock_migrations() serialises with running migrators.
    void begin_exclusive() override;
    /// `BEGIN` and pg_try_advisory_xact_lock(): false (rolled back) when a migrator holds it.
    [[nodiscard]] bool try_begin_exclusive() override;
    /// `COMMIT`; throws if the server rolled the transaction back instead.
    void commit() override;
    /// `ROLLBACK` if a transaction is open.
    void rollback() noexcept override;
    /// A session-level advisory lock on a key derived from the current schema, tried
    /// until @p timeout has passed (zero: once).
    void lock_migrations(std::chrono::milliseconds timeout) override;
    /// `pg_advisory_unlock` for lock_migrations().
    void unlock_migrations() noexcept override;
    /// Creates schema @p schema_name if missing (safe when many instances race) and
    /// sets `search_path` to it alone, so nothing resolves to another schema by accident.
    void use_schema(std::string_view schema_name) override;
    /// The shared strata::postgresql::dialect.
    [[nodiscard]] const strata::dialect& sql_dialect() const override;
    /// The tables, keys and constraints as the catalog has them.
    [[nodiscard]] schema introspect_schema(std::string_view version_table,
                                           std::string_view history_table) override;
    /// @p expected created in a scratch schema, read back, and rolled back.
    [[nodiscard]] schema canonical_schema(const schema& expected) override;
    /// The URL as given, password masked.
    [[nodiscard]] std::string display_url() const override;

    /// The schema unqualified names resolve to (`current_schema()`), e.g. "public".
    [[nodiscard]] std::string current_schema();
    /// The server's version as a number, e.g. 150020 for 15.20.
    [[nodiscard]] int server_version() const;

private:
    struct deleter {
        void operator()(pg_conn* conn) const noexcept;
    };

    /// The advisory lock key for the current schema.
    [[nodiscard]] std::int64_t lock_key();
    /// strata::mask_secrets() for this connection's URL: no spelling of its password survives.
    [[nodiscard]] std::string scrub(std::string text) const;

    std::string m_url;
    /// The session's lock_timeout for statements (connect_options::ddl_lock_timeout).
    std::chrono::milliseconds m_ddl_lock_timeout;
    std::unique_ptr<pg_conn, deleter> m_conn;
};

} // namespace strata::postgresql
