#pragma once
/// @file
/// The SQLite backend's connection. The sqlite3 C API stays in the .cpp file: this header
/// only forward-declares the handle, so applications need no sqlite3.h to include it.

#include "strata/connection.hpp"
#include "strata/export.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;

namespace strata::sqlite {

/// A connection to one SQLite database file (or an in-memory database).
class STRATA_SQLITE_API connection final : public strata::connection {
public:
    /// Opens (creating if needed) the database at @p path; ":memory:" or an empty path
    /// opens a private in-memory database. A path starting with `file:` is an SQLite URI
    /// filename (`file:app.db?mode=ro`, `%XX` decoded), which is how connect() opens
    /// `sqlite:///...` URLs. Throws strata::database_error, with a sentence of its own
    /// when the path is a directory or a file that is not an SQLite database.
    explicit connection(std::string path, const connect_options& options = {});
    /// Closes the database.
    ~connection() override;
    /// Not copyable: the object owns the handle.
    connection(const connection&) = delete;
    /// Not assignable: the object owns the handle.
    connection& operator=(const connection&) = delete;

    /// Runs each statement of @p sql in turn; an error names the statement that failed.
    void execute(std::string_view sql) override;
    /// Runs exactly one statement and returns its rows as text.
    [[nodiscard]] std::vector<row> query(std::string_view sql) override;
    /// Looks @p table_name up in sqlite_master.
    [[nodiscard]] bool has_table(std::string_view table_name) override;
    [[nodiscard]] bool has_column(std::string_view table_name,
                                  std::string_view column_name) override;
    /// Runs `BEGIN IMMEDIATE`, which takes SQLite's write lock at once.
    void begin_exclusive() override;
    /// `BEGIN IMMEDIATE` with the busy timeout off for that one statement.
    [[nodiscard]] bool try_begin_exclusive() override;
    /// Runs `COMMIT`.
    void commit() override;
    /// Runs `ROLLBACK` if a transaction is open.
    void rollback() noexcept override;
    /// The shared strata::sqlite::dialect.
    [[nodiscard]] const strata::dialect& sql_dialect() const override;
    /// The tables, keys and constraints as the catalog has them.
    [[nodiscard]] schema introspect_schema(std::string_view version_table,
                                           std::string_view history_table) override;
    /// Triggers and indexes the model cannot express, recreated after a table rebuild.
    [[nodiscard]] std::vector<std::string> unmodelled_objects(std::string_view table_name) override;
    /// @p expected created in a private in-memory database and read back.
    [[nodiscard]] schema canonical_schema(const schema& expected) override;
    /// `sqlite:///<path>`, or `sqlite://` in memory.
    [[nodiscard]] std::string display_url() const override;

    /// The file path (a URI's path part, decoded); empty for an in-memory database.
    [[nodiscard]] const std::string& path() const { return m_path; }

private:
    struct deleter {
        void operator()(sqlite3* db) const noexcept;
    };

    [[noreturn]] void fail(std::string_view statement) const;

    std::string m_path;
    /// What sqlite3_open_v2() is given: @c m_path, or the URI filename as given.
    std::string m_filename;
    std::unique_ptr<sqlite3, deleter> m_db;
    /// The busy timeout set at open, restored after try_begin_exclusive().
    int m_busy_timeout_ms = 0;
};

} // namespace strata::sqlite
