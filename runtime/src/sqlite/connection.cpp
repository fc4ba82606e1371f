#include "strata/sqlite/connection.hpp"

#include "introspect.hpp"

#include "strata/detail/sqlite_url.hpp"
#include "strata/detail/text.hpp"
#include "strata/detail/url.hpp"
#include "strata/error.hpp"
#include "strata/introspect.hpp"
#include "strata/sqlite/dialect.hpp"

#include <cctype>
#include <filesystem>
#include <fmt/format.h>
#include <sqlite3.h>

namespace strata::sqlite {
namespace {
// Finalizes a prepared statement however the scope is left.
struct statement_deleter {
    void operator()(sqlite3_stmt* stmt) const noexcept { sqlite3_finalize(stmt); }
};
using statement_ptr = std::unique_ptr<sqlite3_stmt, statement_deleter>;

bool is_memory(const std::string& path) {
    return path.empty() || path == ":memory:";
}

using strata::detail::trim;

// sqlite3_prepare_v2 takes an int length; statements are never near 2 GiB.
int length_of(std::string_view sql) {
    return static_cast<int>(sql.size());
}
} // namespace

void connection::deleter::operator()(sqlite3* db) const noexcept {
    // close_v2 defers the close until any forgotten statement is finalized, so the
    // destructor never fails.
    sqlite3_close_v2(db);
}

namespace {
// The file a path or an SQLite URI filename (`file:dir/app.db?mode=ro`) names, decoded.
std::string file_of(const std::string& path) {
    if (!path.starts_with("file:")) {
        return path;
    }
    const std::string_view rest = std::string_view(path).substr(5);
    return strata::detail::percent_decode(rest.substr(0, rest.find_first_of("?#")));
}

// Throws when @p path cannot be opened as a database file for a reason SQLite words
// poorly ("unable to open database file").
void check_openable(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        throw database_error(
            fmt::format("sqlite error: cannot open database '{}': it is a directory; give the "
                        "path of a database file in it, e.g. {}",
                        path,
                        strata::detail::sqlite_url_for(std::filesystem::path(path) / "app.db")),
            "", SQLITE_CANTOPEN);
    }
    const auto directory = std::filesystem::absolute(path).parent_path();
    if (!std::filesystem::is_directory(directory, ec)) {
        throw database_error(
            fmt::format("sqlite error: cannot open database '{}': directory '{}' does not exist",
                        path, directory.string()),
            "", SQLITE_CANTOPEN);
    }
}
} // namespace

connection::connection(std::string path, const connect_options& options)
    : m_path(is_memory(path) ? std::string() : file_of(path)),
      m_filename(is_memory(path) ? std::string(":memory:") : std::move(path)) {
    if (!m_path.empty()) {
        check_openable(m_path);
    }
    sqlite3* raw = nullptr;
    const int rc =
        sqlite3_open_v2(m_filename.c_str(), &raw,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI, nullptr);
    // The handle is allocated even when opening fails and must be closed either way.
    m_db.reset(raw);
    if (rc != SQLITE_OK) {
        const int code = raw ? sqlite3_extended_errcode(raw) : rc;
        const std::string message = raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
        throw database_error(fmt::format("sqlite error: cannot open database '{}': {}",
                                         m_path.empty() ? m_filename : m_path, message),
                             "", code);
    }
    sqlite3_extended_result_codes(m_db.get(), 1);
    // Concurrent instances wait for each other's write lock instead of failing at once.
    m_busy_timeout_ms = static_cast<int>(options.lock_timeout.count());
    sqlite3_busy_timeout(m_db.get(), m_busy_timeout_ms);
    // SQLite reads the file only when a statement needs it; a file that is no database
    // would otherwise fail later with SQLite's bare "file is not a database".
    sqlite3_stmt* probe = nullptr;
    int probe_rc =
        sqlite3_prepare_v2(m_db.get(), "SELECT 1 FROM sqlite_master LIMIT 1", -1, &probe, nullptr);
    if (probe_rc == SQLITE_OK) {
        probe_rc = sqlite3_step(probe);
    }
    sqlite3_finalize(probe);
    if ((probe_rc & 0xff) == SQLITE_NOTADB) {
        throw database_error(
            fmt::format("sqlite error: cannot open database '{}': the file is not an SQLite "
                        "database (or is encrypted); check that the URL names the right file",
                        m_path),
            "", SQLITE_NOTADB);
    }
    // SQLite leaves foreign keys unenforced unless each connection asks.
    execute("PRAGMA foreign_keys = ON");
}

connection::~connection() = default;

namespace {
// Why a write to @p db (the database file @p path) was refused as read-only, and what to
// change: SQLite's "attempt to write a readonly database" names neither. Empty when the
// database was writable at first (a recovery, a moved file), where more may have been written.
std::pair<std::string, std::string> read_only_reason(sqlite3* db, const std::string& path,
                                                     int code) {
    const char* uri = sqlite3_db_filename(db, "main");
    const char* mode = sqlite3_uri_parameter(uri, "mode");
    if (mode != nullptr && std::string_view(mode) == "ro") {
        return {"the URL opens it with mode=ro", "drop mode=ro from the URL"};
    }
    if (sqlite3_uri_boolean(uri, "immutable", 0) != 0) {
        return {"the URL marks it immutable=1", "drop immutable=1 from the URL"};
    }
    if (code == SQLITE_READONLY_DIRECTORY) {
        const auto directory = std::filesystem::absolute(path).parent_path().string();
        return {fmt::format("this user may not write to its directory '{}', where SQLite "
                            "keeps the journal",
                            directory),
                "make that directory writable for this user"};
    }
    if (sqlite3_db_readonly(db, "main") == 1) {
        return {"this user may not write to the file (its permissions, a read-only file "
                "system or an immutable attribute, chattr +i)",
                "make the file writable for this user"};
    }
    return {};
}
} // namespace

void connection::fail(std::string_view statement) const {
    const int code = sqlite3_extended_errcode(m_db.get());
    if ((code & 0xff) == SQLITE_READONLY && !m_path.empty()) {
        const auto [reason, remedy] = read_only_reason(m_db.get(), m_path, code);
        if (!reason.empty()) {
            // Opened read-only, so every write of this connection failed alike.
            throw read_only_error(fmt::format("sqlite error: database '{}' is read-only: {}; "
                                              "nothing was written to it; to migrate it, {}",
                                              m_path, reason, remedy),
                                  std::string(trim(statement)), code);
        }
    }
    throw database_error(fmt::format("sqlite error: {}", sqlite3_errmsg(m_db.get())),
                         std::string(trim(statement)), code);
}

void connection::execute(std::string_view sql) {
    // Prepared one at a time, rather than with sqlite3_exec, so that an error names the
    // statement that failed and not the whole script.
    std::string_view rest = sql;
    while (!trim(rest).empty()) {
        sqlite3_stmt* raw = nullptr;
        const char* tail = nullptr;
        if (sqlite3_prepare_v2(m_db.get(), rest.data(), length_of(rest), &raw, &tail) !=
            SQLITE_OK) {
            fail(rest);
        }
        statement_ptr stmt(raw);
        const auto consumed = static_cast<std::size_t>(tail - rest.data());
        const std::string_view current = rest.substr(0, consumed);
        rest.remove_prefix(consumed);
        if (!stmt) {
            continue; // only a comment or a lone semicolon
        }
        int rc = SQLITE_ROW;
        while (rc == SQLITE_ROW) {
            rc = sqlite3_step(stmt.get());
        }
        if (rc != SQLITE_DONE) {
            fail(current);
        }
    }
}

std::vector<row> connection::query(std::string_view sql) {
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    if (sqlite3_prepare_v2(m_db.get(), sql.data(), length_of(sql), &raw, &tail) != SQLITE_OK) {
        fail(sql);
    }
    statement_ptr stmt(raw);
    if (!stmt || !trim(std::string_view(tail, sql.data() + sql.size() - tail)).empty()) {
        throw database_error("sqlite error: query() takes exactly one statement",
                             std::string(trim(sql)), SQLITE_MISUSE);
    }
    std::vector<row> rows;
    const int columns = sqlite3_column_count(stmt.get());
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
        row& values = rows.emplace_back();
        values.reserve(static_cast<std::size_t>(columns));
        for (int i = 0; i < columns; ++i) {
            if (sqlite3_column_type(stmt.get(), i) == SQLITE_NULL) {
                values.emplace_back(std::nullopt);
            } else {
                const auto* text =
                    reinterpret_cast<const char*>(sqlite3_column_text(stmt.get(), i));
                values.emplace_back(std::string(
                    text, static_cast<std::size_t>(sqlite3_column_bytes(stmt.get(), i))));
            }
        }
    }
    if (rc != SQLITE_DONE) {
        fail(sql);
    }
    return rows;
}

bool connection::has_table(std::string_view table_name) {
    const auto rows =
        query(fmt::format("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = {}",
                          sql_dialect().quote_literal(table_name)));
    return !rows.empty();
}

bool connection::has_column(std::string_view table_name, std::string_view column_name) {
    const auto rows = query(fmt::format("SELECT 1 FROM pragma_table_info({}) WHERE name = {}",
                                        sql_dialect().quote_literal(table_name),
                                        sql_dialect().quote_literal(column_name)));
    return !rows.empty();
}

void connection::begin_exclusive() {
    // IMMEDIATE takes the RESERVED lock now: a second migrator waits here (busy timeout)
    // rather than failing later when it tries to upgrade a read lock to a write lock.
    execute("BEGIN IMMEDIATE");
}

bool connection::try_begin_exclusive() {
    sqlite3_busy_timeout(m_db.get(), 0);
    struct restore_timeout {
        sqlite3* db;
        int ms;
        ~restore_timeout() { sqlite3_busy_timeout(db, ms); }
    } restore{m_db.get(), m_busy_timeout_ms};
    try {
        execute("BEGIN IMMEDIATE");
    } catch (const database_error& e) {
        if ((e.code() & 0xff) == SQLITE_BUSY) {
            return false;
        }
        throw;
    }
    return true;
}

void connection::commit() {
    execute("COMMIT");
}

void connection::rollback() noexcept {
    // SQLite may already have rolled back by itself (e.g. after SQLITE_FULL).
    if (sqlite3_get_autocommit(m_db.get()) == 0) {
        sqlite3_exec(m_db.get(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
}

schema connection::introspect_schema(std::string_view version_table,
                                     std::string_view history_table) {
    return sqlite::introspect(*this, {std::string(version_table), std::string(history_table)});
}

schema connection::canonical_schema(const schema& expected) {
    connection scratch(":memory:");
    // Foreign keys are added by table rebuilds, which must not act on other tables.
    scratch.execute("PRAGMA foreign_keys = OFF");
    for (const auto& statement : creation_sql(sql_dialect(), expected)) {
        scratch.execute(statement);
    }
    return scratch.introspect_schema("strata_version", "strata_history");
}

std::vector<std::string> connection::unmodelled_objects(std::string_view table_name) {
    return sqlite::unmodelled_objects(*this, table_name);
}

const strata::dialect& connection::sql_dialect() const {
    static const dialect instance;
    return instance;
}

std::string connection::display_url() const {
    // An absolute path already starts with '/', giving the four-slash form; a URI keeps
    // its query (`?mode=ro`).
    if (m_path.empty()) {
        return "sqlite://";
    }
    return "sqlite:///" + (m_filename.starts_with("file:") ? m_filename.substr(5) : m_filename);
}

} // namespace strata::sqlite
