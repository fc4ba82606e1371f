#include "strata/mysql/connection.hpp"
#include "strata/mysql/introspect.hpp"

#include "strata/detail/text.hpp"
#include "strata/detail/url.hpp"
#include "strata/error.hpp"
#include "strata/introspect.hpp"
#include "strata/mysql/dialect.hpp"

#include <charconv>
#include <cstdint>
#include <errmsg.h>
#include <fmt/format.h>
#include <mysql.h>
#include <mysqld_error.h>

namespace strata::mysql {
namespace {
using strata::detail::percent_decode;
using strata::detail::trim;

// Frees a result however the scope is left.
struct result_deleter {
    void operator()(MYSQL_RES* result) const noexcept { mysql_free_result(result); }
};
using result_ptr = std::unique_ptr<MYSQL_RES, result_deleter>;

// `mysql://user:password@host:port/database?socket=/path`, split. Credentials end at the
// URL's last '@' (strata::detail::find_credentials), the rule masking uses too, so what
// is masked is exactly what is sent as the password.
struct parsed_url {
    std::string user;
    std::optional<std::string> password;
    std::string host = "127.0.0.1";
    unsigned port = 3306;
    std::string database;
    std::string socket;
};

// The host and port of @p authority (`host`, `host:port`, `[::1]:port`) into @p result.
// A port that is not a number is refused without being quoted: when the user forgot the
// `@host`, it is the password (`mysql://app:secret/db`).
void split_host_port(std::string_view authority, parsed_url& result) {
    std::string_view host = authority;
    std::optional<std::string_view> port_text;
    if (!authority.empty() && authority.front() == '[') { // [::1]:3306
        const auto close = authority.find(']');
        host = authority.substr(1, close == std::string_view::npos ? close : close - 1);
        if (const auto colon = authority.find(':', close); colon != std::string_view::npos) {
            port_text = authority.substr(colon + 1);
        }
    } else if (const auto colon = authority.find(':'); colon != std::string_view::npos) {
        host = authority.substr(0, colon);
        port_text = authority.substr(colon + 1);
    }
    if (port_text) {
        const auto [ptr, ec] =
            std::from_chars(port_text->data(), port_text->data() + port_text->size(), result.port);
        if (ec != std::errc() || ptr != port_text->data() + port_text->size()) {
            throw error("the port in the MySQL URL is not a number; expected "
                        "mysql://user:password@host:port/database (a password needs the "
                        "'@host' after it)");
        }
    }
    if (!host.empty()) {
        result.host = percent_decode(host);
    }
}

parsed_url parse_url(std::string_view url) {
    parsed_url result;
    const auto scheme_end = url.find("://");
    std::size_t rest_begin = scheme_end + 3;
    if (const auto credentials = strata::detail::find_credentials(url)) {
        const auto user_end = credentials->colon.value_or(credentials->at);
        result.user = percent_decode(url.substr(credentials->begin, user_end - credentials->begin));
        if (credentials->colon) {
            result.password = percent_decode(
                url.substr(*credentials->colon + 1, credentials->at - *credentials->colon - 1));
        }
        rest_begin = credentials->at + 1;
    }
    std::string_view rest = url.substr(rest_begin);
    const auto question = rest.find('?');
    std::string_view query =
        question == std::string_view::npos ? std::string_view() : rest.substr(question + 1);
    rest = rest.substr(0, question);
    const auto slash = rest.find('/');
    const std::string_view authority = rest.substr(0, slash);
    if (slash != std::string_view::npos) {
        result.database = percent_decode(rest.substr(slash + 1));
    }
    split_host_port(authority, result);
    if (result.database.empty()) {
        throw error("the MySQL URL names no database; expected "
                    "mysql://user:password@host:port/database (strata keeps its version "
                    "table in that database and migrates it)");
    }
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view param = query.substr(0, amp);
        query.remove_prefix(amp == std::string_view::npos ? query.size() : amp + 1);
        const auto eq = param.find('=');
        const std::string_view key = param.substr(0, eq);
        const std::string value =
            eq == std::string_view::npos ? std::string() : percent_decode(param.substr(eq + 1));
        if (key == "socket" || key == "unix_socket") {
            result.socket = value;
        } else if (!key.empty()) {
            throw error(fmt::format("unknown parameter '{}' in the MySQL URL; strata knows "
                                    "'socket' (a unix socket path)",
                                    key));
        }
    }
    return result;
}

bool is_connection_loss(unsigned code) {
    return code == CR_SERVER_GONE_ERROR || code == CR_SERVER_LOST || code == CR_CONNECTION_ERROR ||
           code == CR_CONN_HOST_ERROR;
}

// GET_LOCK's wait in whole seconds (MariaDB takes fractions too; MySQL rounds).
std::string seconds(std::chrono::milliseconds timeout) {
    return fmt::format("{}.{:03}", timeout.count() / 1000, timeout.count() % 1000);
}

// 64-bit FNV-1a: a stable lock name from a database name of any length (GET_LOCK names
// are at most 64 characters on MySQL).
std::uint64_t fnv1a(std::string_view text) {
    std::uint64_t hash = 14695981039346656037ULL;
    for (char c : text) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ULL;
    }
    return hash;
}
} // namespace

void connection::deleter::operator()(st_mysql* handle) const noexcept {
    mysql_close(handle);
}

connection::connection(std::string_view url, const connect_options& options)
    : m_url(url), m_lock_timeout(options.lock_timeout) {
    const parsed_url parts = parse_url(url);
    m_handle.reset(mysql_init(nullptr));
    if (!m_handle) {
        throw connection_error(fmt::format("cannot connect to '{}': out of memory", display_url()),
                               "", 0, "08001");
    }
    const unsigned connect_timeout = 30;
    mysql_optionsv(m_handle.get(), MYSQL_OPT_CONNECT_TIMEOUT, &connect_timeout);
    mysql_optionsv(m_handle.get(), MYSQL_SET_CHARSET_NAME, "utf8mb4");
    if (!mysql_real_connect(m_handle.get(), parts.socket.empty() ? parts.host.c_str() : nullptr,
                            parts.user.c_str(), parts.password ? parts.password->c_str() : nullptr,
                            parts.database.empty() ? nullptr : parts.database.c_str(),
                            parts.socket.empty() ? parts.port : 0,
                            parts.socket.empty() ? nullptr : parts.socket.c_str(),
                            CLIENT_MULTI_STATEMENTS)) {
        const unsigned code = mysql_errno(m_handle.get());
        throw connection_error(scrub(fmt::format("cannot connect to '{}': {} (error {})",
                                                 display_url(), mysql_error(m_handle.get()), code)),
                               "", static_cast<int>(code), mysql_sqlstate(m_handle.get()));
    }
    execute(dialect::session_setup_sql());
    // Bounds every wait for a metadata lock: DDL on a table an application transaction
    // holds would otherwise queue for a day (the default), and every query on that table
    // behind it. Whole seconds, at least one.
    const auto wait = std::max<std::int64_t>(1, (options.ddl_lock_timeout.count() + 999) / 1000);
    execute(
        fmt::format("SET SESSION lock_wait_timeout = {0}, innodb_lock_wait_timeout = {0}", wait));
}

connection::~connection() = default;

std::string connection::scrub(std::string text) const {
    return mask_secrets(text, m_url);
}

void connection::fail(std::string_view statement) const {
    const unsigned code = mysql_errno(m_handle.get());
    std::string sqlstate = mysql_sqlstate(m_handle.get());
    std::string message = scrub(fmt::format("mysql error {}: {} (SQLSTATE {})", code,
                                            mysql_error(m_handle.get()), sqlstate));
    std::string sql(trim(statement));
    if (is_connection_loss(code)) {
        throw connection_error(message, std::move(sql), static_cast<int>(code), "08006");
    }
    if (code == ER_LOCK_WAIT_TIMEOUT) {
        throw lock_timeout_error(message, std::move(sql), static_cast<int>(code),
                                 std::move(sqlstate));
    }
    if (sqlstate.starts_with("08") || sqlstate.starts_with("28")) {
        throw connection_error(message, std::move(sql), static_cast<int>(code),
                               std::move(sqlstate));
    }
    throw database_error(message, std::move(sql), static_cast<int>(code), std::move(sqlstate));
}

void connection::execute(std::string_view sql) {
    if (mysql_real_query(m_handle.get(), sql.data(), sql.size()) != 0) {
        fail(sql);
    }
    // Every result of a multi-statement text is read, so the next statement finds the
    // connection idle; an error in a later statement surfaces here.
    for (;;) {
        result_ptr result(mysql_store_result(m_handle.get()));
        if (!result && mysql_field_count(m_handle.get()) != 0) {
            fail(sql);
        }
        const int next = mysql_next_result(m_handle.get());
        if (next > 0) {
            fail(sql);
        }
        if (next < 0) {
            return;
        }
    }
}

std::vector<row> connection::query(std::string_view sql) {
    if (mysql_real_query(m_handle.get(), sql.data(), sql.size()) != 0) {
        fail(sql);
    }
    result_ptr result(mysql_store_result(m_handle.get()));
    if (!result && mysql_field_count(m_handle.get()) != 0) {
        fail(sql);
    }
    std::vector<row> rows;
    if (result) {
        const unsigned columns = mysql_num_fields(result.get());
        rows.reserve(mysql_num_rows(result.get()));
        while (MYSQL_ROW values = mysql_fetch_row(result.get())) {
            const unsigned long* lengths = mysql_fetch_lengths(result.get());
            row& out = rows.emplace_back();
            out.reserve(columns);
            for (unsigned c = 0; c < columns; ++c) {
                if (values[c] == nullptr) {
                    out.emplace_back(std::nullopt);
                } else {
                    out.emplace_back(std::string(values[c], lengths[c]));
                }
            }
        }
    }
    if (mysql_more_results(m_handle.get())) {
        // Drained first, so the session stays usable.
        while (mysql_next_result(m_handle.get()) == 0) {
            result_ptr(mysql_store_result(m_handle.get()));
        }
        throw database_error("mysql error: query() runs exactly one statement; this text has "
                             "several (use execute())",
                             std::string(trim(sql)), 0, "42000");
    }
    return rows;
}

bool connection::has_table(std::string_view table_name) {
    return !query(fmt::format("SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = "
                              "DATABASE() AND TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME = {}",
                              sql_dialect().quote_literal(table_name)))
                .empty();
}

bool connection::has_column(std::string_view table_name, std::string_view column_name) {
    return !query(fmt::format("SELECT 1 FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = "
                              "DATABASE() AND TABLE_NAME = {} AND COLUMN_NAME = {}",
                              sql_dialect().quote_literal(table_name),
                              sql_dialect().quote_literal(column_name)))
                .empty();
}

std::string connection::current_database() {
    const auto rows = query("SELECT DATABASE()");
    return rows.empty() || !rows.front().at(0) ? std::string() : *rows.front().at(0);
}

std::string connection::server_version() const {
    return mysql_get_server_info(m_handle.get());
}

std::string connection::lock_name() {
    // One lock per database: instances migrating different databases of one server do
    // not wait for each other.
    return fmt::format("strata_migrations_{:016x}", fnv1a(current_database()));
}

bool connection::get_lock(const std::string& name, std::chrono::milliseconds timeout) {
    const auto rows = query(fmt::format("SELECT GET_LOCK({}, {})",
                                        sql_dialect().quote_literal(name), seconds(timeout)));
    return !rows.empty() && rows.front().at(0) == std::optional<std::string>("1");
}

void connection::begin_exclusive() {
    const std::string name = lock_name();
    if (!get_lock(name, m_lock_timeout)) {
        throw lock_timeout_error(
            fmt::format("timed out after {} ms waiting for the migration lock on '{}': another "
                        "instance is migrating this database; start again when it is done",
                        m_lock_timeout.count(), display_url()),
            "SELECT GET_LOCK(...)", 0, "HY000");
    }
    m_transaction_lock = name;
    try {
        execute("START TRANSACTION");
    } catch (...) {
        release_transaction_lock();
        throw;
    }
}

bool connection::try_begin_exclusive() {
    const std::string name = lock_name();
    if (!get_lock(name, std::chrono::milliseconds(0))) {
        return false;
    }
    m_transaction_lock = name;
    try {
        execute("START TRANSACTION");
    } catch (...) {
        release_transaction_lock();
        throw;
    }
    return true;
}

void connection::commit() {
    try {
        execute("COMMIT");
    } catch (...) {
        release_transaction_lock();
        throw;
    }
    release_transaction_lock();
}

void connection::rollback() noexcept {
    try {
        execute("ROLLBACK");
    } catch (...) {
        // The session is gone: the server rolled back and released everything with it.
    }
    release_transaction_lock();
}

void connection::release_transaction_lock() noexcept {
    if (m_transaction_lock.empty()) {
        return;
    }
    try {
        execute(
            fmt::format("DO RELEASE_LOCK({})", sql_dialect().quote_literal(m_transaction_lock)));
    } catch (...) {
        // The session is gone: the server released the lock with it.
    }
    m_transaction_lock.clear();
}

void connection::lock_migrations(std::chrono::milliseconds timeout) {
    // GET_LOCK waits in the server; a waiting session holds no metadata lock and no
    // snapshot, so it cannot hold up the holder's DDL. GET_LOCK nests (MariaDB 10.0+,
    // MySQL 5.7+): begin_exclusive() inside a run takes the same lock once more.
    const std::string name = lock_name();
    if (get_lock(name, timeout)) {
        return;
    }
    throw lock_timeout_error(
        fmt::format("timed out after {} ms waiting for the migration lock on '{}' (database "
                    "'{}'): another instance is migrating this database; start again when it "
                    "is done, or raise the lock timeout (--lock-timeout SECONDS, "
                    "lock_timeout in strata.ini, or migrate_options::lock_timeout)",
                    timeout.count(), display_url(), current_database()),
        fmt::format("SELECT GET_LOCK('{}', {})", name, seconds(timeout)), 0, "HY000");
}

void connection::unlock_migrations() noexcept {
    try {
        execute(fmt::format("DO RELEASE_LOCK({})", sql_dialect().quote_literal(lock_name())));
    } catch (...) {
        // The session is gone or broken: the server released the lock with it.
    }
}

void connection::use_schema(std::string_view schema_name) {
    const auto& d = sql_dialect();
    execute(fmt::format("CREATE DATABASE IF NOT EXISTS {} CHARACTER SET utf8mb4",
                        d.quote_identifier(schema_name)));
    execute(fmt::format("USE {}", d.quote_identifier(schema_name)));
}

const strata::dialect& connection::sql_dialect() const {
    static const dialect instance;
    return instance;
}

std::string connection::display_url() const {
    return mask_password(m_url);
}

schema connection::introspect_schema(std::string_view version_table,
                                     std::string_view history_table) {
    schema result = mysql::introspect(*this, version_table);
    std::erase_if(result.tables, [&](const table& t) { return t.name == history_table; });
    return result;
}

schema connection::canonical_schema(const schema& expected) {
    const auto& d = sql_dialect();
    const auto id = query("SELECT CONNECTION_ID()").at(0).at(0).value_or("0");
    const std::string name = "strata_canonical_" + id;
    const std::string scratch = d.quote_identifier(name);
    const std::string previous = current_database();
    // MySQL has no transactional DDL: the scratch database is dropped by hand, also when
    // creating it fails half-way.
    try {
        execute(fmt::format("DROP DATABASE IF EXISTS {}", scratch));
        execute(fmt::format("CREATE DATABASE {} CHARACTER SET utf8mb4", scratch));
    } catch (const database_error&) {
        // No right to create a database: compare as written, which may report rewritten
        // expressions as differences.
        return expected;
    }
    const auto restore = [&]() noexcept {
        try {
            if (!previous.empty()) {
                execute(fmt::format("USE {}", d.quote_identifier(previous)));
            }
            execute(fmt::format("DROP DATABASE IF EXISTS {}", scratch));
        } catch (...) {
            // Left behind only when the session broke; the name says what it is.
        }
    };
    try {
        execute(fmt::format("USE {}", scratch));
        for (const auto& statement : creation_sql(d, expected)) {
            execute(statement);
        }
        schema result = mysql::introspect(*this, "", name);
        restore();
        return result;
    } catch (...) {
        restore();
        throw;
    }
}

} // namespace strata::mysql
