#pragma once
/// @file
/// The SQLite backend's connection. The sqlite3 C API stays in the .cpp file: this header
/// only forward-declares the handle, so applications need no sqlite3.h to include it.

#include "strata/connection.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;

namespace strata::sqlite {

/// A connection to one SQLite database file (or an in-memory database).
class connection final : public strata::connection {
public:
    /// Opens (creating if needed) the database at @p path; ":memory:" or an empty path
    /// opens a private in-memory database. Throws strata::database_error.
    explicit connection(std::string path, const connect_options& options = {});
    ~connection() override;
    connection(const connection&) = delete;
    connection& operator=(const connection&) = delete;

    void execute(std::string_view sql) override;
    [[nodiscard]] std::vector<row> query(std::string_view sql) override;
    [[nodiscard]] bool has_table(std::string_view table_name) override;
    /// Runs `BEGIN IMMEDIATE`, which takes SQLite's write lock at once.
    void begin_exclusive() override;
    void commit() override;
    void rollback() noexcept override;
    [[nodiscard]] const strata::dialect& sql_dialect() const override;
    [[nodiscard]] std::string display_url() const override;

    /// The file path as given; empty for an in-memory database.
    [[nodiscard]] const std::string& path() const { return m_path; }

private:
    struct deleter {
        void operator()(sqlite3* db) const noexcept;
    };

    [[noreturn]] void fail(std::string_view statement) const;

    std::string m_path;
    std::unique_ptr<sqlite3, deleter> m_db;
};

} // namespace strata::sqlite
