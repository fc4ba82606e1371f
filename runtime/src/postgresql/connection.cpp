#include "strata/postgresql/connection.hpp"
#include "strata/postgresql/introspect.hpp"

#include "strata/detail/text.hpp"
#include "strata/detail/url.hpp"
#include "strata/error.hpp"
#include "strata/introspect.hpp"
#include "strata/postgresql/dialect.hpp"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>
#include <libpq-fe.h>
#include <thread>

namespace strata::postgresql {
namespace {
// Clears a result however the scope is left.
struct result_deleter {
    void operator()(PGresult* result) const noexcept { PQclear(result); }
};
using result_ptr = std::unique_ptr<PGresult, result_deleter>;

// SQLSTATEs strata reports when the server sent none (the failure happened in libpq).
constexpr const char* connection_failure = "08006";
constexpr const char* cannot_connect = "08001";
constexpr const char* lock_not_available = "55P03";

using strata::detail::trim;

using strata::detail::percent_decode;

// The URL split into what libpq understands and strata's own `schema` parameter, which
// libpq would reject as an unknown URI parameter. The credentials are re-encoded: strata
// ends them at the last '@' (strata::detail::find_credentials), libpq at the first '@' or
// '/', so `app:p@ss@host` would otherwise send the password 'p' and the host 'ss@host',
// which libpq's "could not translate host name" error then prints.
struct parsed_url {
    std::string libpq_url;
    std::string schema;
};

parsed_url parse_url(std::string_view url) {
    parsed_url result;
    std::string normalized(url);
    if (const auto credentials = strata::detail::find_credentials(url)) {
        const auto user_end = credentials->colon.value_or(credentials->at);
        std::string userinfo = strata::detail::percent_encode(
            percent_decode(url.substr(credentials->begin, user_end - credentials->begin)));
        if (credentials->colon) {
            // Two appends, not `":" + string`: GCC 12 -O3 warns (-Wrestrict) on that
            // operator+ overload, a known false positive.
            userinfo += ':';
            userinfo += strata::detail::percent_encode(percent_decode(
                url.substr(*credentials->colon + 1, credentials->at - *credentials->colon - 1)));
        }
        normalized = std::string(url.substr(0, credentials->begin)) + userinfo +
                     std::string(url.substr(credentials->at));
    }
    const std::string_view text = normalized;
    // Re-encoded credentials hold no '?': the first one starts the query.
    const auto question = text.find('?');
    const std::string_view base = text.substr(0, question);
    result.libpq_url = std::string(base);
    if (question != std::string_view::npos) {
        std::string kept;
        std::string_view rest = text.substr(question + 1);
        while (!rest.empty()) {
            const auto amp = rest.find('&');
            const std::string_view param = rest.substr(0, amp);
            rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
            if (param.starts_with("schema=")) {
                result.schema = percent_decode(param.substr(7));
                continue;
            }
            if (!param.empty()) {
                kept += kept.empty() ? "" : "&";
                kept += param;
            }
        }
        if (!kept.empty()) {
            result.libpq_url += "?" + kept;
        }
    }
    return result;
}

std::string field(const PGresult* result, int code) {
    const char* value = PQresultErrorField(result, code);
    return value ? std::string(value) : std::string();
}

// 64-bit FNV-1a: a stable key for pg_advisory_lock from a name, the same on every host
// and every PostgreSQL version (hashtext() promises neither).
std::int64_t fnv1a(std::string_view text) {
    std::uint64_t hash = 14695981039346656037ULL;
    for (char c : text) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ULL;
    }
    return static_cast<std::int64_t>(hash);
}

// Notices (e.g. "table does not exist, skipping") are not errors; the migrator's log
// reports what ran.
void ignore_notice(void*, const char*) {}
} // namespace

void connection::deleter::operator()(pg_conn* conn) const noexcept {
    PQfinish(conn);
}

connection::connection(std::string_view url, const connect_options& options)
    : m_url(url), m_ddl_lock_timeout(options.ddl_lock_timeout) {
    const parsed_url parts = parse_url(url);
    m_conn.reset(PQconnectdb(parts.libpq_url.c_str()));
    if (!m_conn) {
        throw connection_error(fmt::format("cannot connect to '{}': out of memory", display_url()),
                               "", 0, cannot_connect);
    }
    if (PQstatus(m_conn.get()) != CONNECTION_OK) {
        throw connection_error(scrub(fmt::format("cannot connect to '{}': {}", display_url(),
                                                 trim(PQerrorMessage(m_conn.get())))),
                               "", 0, cannot_connect);
    }
    PQsetNoticeProcessor(m_conn.get(), ignore_notice, nullptr);
    // The session's lock_timeout bounds every wait for a lock a statement needs: DDL on a
    // table an application transaction holds would otherwise queue without limit, and
    // every query on that table behind it (strong_migrations' and squawk's advice).
    execute(fmt::format("SET lock_timeout = {}", sql_dialect().quote_literal(fmt::format(
                                                     "{}ms", m_ddl_lock_timeout.count()))));
    if (server_version() >= 140000) {
        // A server otherwise notices a vanished client only when it next writes to it:
        // a migrator killed during a long statement would keep its locks until that
        // statement ended. With this the server checks every second and rolls back.
        execute("SET client_connection_check_interval = '1s'");
    }
    if (!parts.schema.empty()) {
        use_schema(parts.schema);
    }
}

connection::~connection() = default;

std::string connection::scrub(std::string text) const {
    return mask_secrets(text, m_url);
}

namespace {
// What to do when nothing may be created: the server words the search_path's fault as
// "no schema has been selected to create in", naming neither the database nor the remedy.
// Its other invalid_schema_name error quotes the schema it names, which needs no help.
std::string missing_schema_hint(std::string_view sqlstate, std::string_view primary,
                                std::string_view database) {
    if (sqlstate != "3F000" || primary.find('"') != std::string_view::npos) {
        return {};
    }
    return fmt::format("the search_path of {} names no schema that exists (the URL's "
                       "options=-c search_path=..., or the role's or database's setting); "
                       "create that schema, correct the search_path, or give ?schema=NAME, "
                       "which strata creates",
                       database);
}

// Throws the exception that fits @p result's error, naming @p statement; @p database is
// the connection's URL, masked, for a hint that needs it.
template <class Scrub>
[[noreturn]] void fail(PGconn* conn, const PGresult* result, std::string_view statement,
                       std::string_view database, const Scrub& scrub) {
    std::string sqlstate = result ? field(result, PG_DIAG_SQLSTATE) : std::string();
    std::string primary = result ? field(result, PG_DIAG_MESSAGE_PRIMARY) : std::string();
    if (primary.empty()) {
        primary = std::string(trim(PQerrorMessage(conn)));
    }
    std::string message = fmt::format("postgresql error: {}", primary);
    if (!sqlstate.empty()) {
        message += fmt::format(" (SQLSTATE {})", sqlstate);
    }
    if (result) {
        if (const auto detail = field(result, PG_DIAG_MESSAGE_DETAIL); !detail.empty()) {
            message += fmt::format("\n    detail: {}", detail);
        }
        auto hint = field(result, PG_DIAG_MESSAGE_HINT);
        if (hint.empty()) {
            hint = missing_schema_hint(sqlstate, primary, database);
        }
        if (!hint.empty()) {
            message += fmt::format("\n    hint: {}", hint);
        }
    }
    message = scrub(std::move(message));
    std::string sql(trim(statement));
    if (PQstatus(conn) != CONNECTION_OK) {
        throw connection_error(message, std::move(sql), 0,
                               sqlstate.empty() ? connection_failure : sqlstate);
    }
    if (sqlstate == lock_not_available) {
        throw lock_timeout_error(message, std::move(sql), 0, std::move(sqlstate));
    }
    if (sqlstate.starts_with("08") || sqlstate.starts_with("28")) {
        throw connection_error(message, std::move(sql), 0, std::move(sqlstate));
    }
    throw database_error(message, std::move(sql), 0, std::move(sqlstate));
}

bool succeeded(const PGresult* result) {
    if (!result) {
        return false;
    }
    const auto status = PQresultStatus(result);
    return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY;
}
} // namespace

void connection::execute(std::string_view sql) {
    const std::string text(sql);
    result_ptr result(PQexec(m_conn.get(), text.c_str()));
    if (!succeeded(result.get())) {
        fail(m_conn.get(), result.get(), sql, display_url(),
             [this](std::string s) { return scrub(std::move(s)); });
    }
}

std::vector<row> connection::query(std::string_view sql) {
    const std::string text(sql);
    // The extended protocol takes exactly one statement, as query() promises.
    result_ptr result(
        PQexecParams(m_conn.get(), text.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0));
    if (!succeeded(result.get())) {
        fail(m_conn.get(), result.get(), sql, display_url(),
             [this](std::string s) { return scrub(std::move(s)); });
    }
    std::vector<row> rows;
    const int count = PQntuples(result.get());
    const int columns = PQnfields(result.get());
    rows.reserve(static_cast<std::size_t>(count));
    for (int r = 0; r < count; ++r) {
        row& values = rows.emplace_back();
        values.reserve(static_cast<std::size_t>(columns));
        for (int c = 0; c < columns; ++c) {
            if (PQgetisnull(result.get(), r, c)) {
                values.emplace_back(std::nullopt);
            } else {
                values.emplace_back(
                    std::string(PQgetvalue(result.get(), r, c),
                                static_cast<std::size_t>(PQgetlength(result.get(), r, c))));
            }
        }
    }
    return rows;
}

bool connection::has_table(std::string_view table_name) {
    const auto rows = query(fmt::format(
        "SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = "
        "c.relnamespace WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND "
        "c.relname = {}",
        sql_dialect().quote_literal(table_name)));
    return !rows.empty();
}

bool connection::has_column(std::string_view table_name, std::string_view column_name) {
    const auto rows = query(fmt::format(
        "SELECT 1 FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = "
        "a.attrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = "
        "current_schema() AND c.relname = {} AND a.attname = {} AND a.attnum > 0 AND NOT "
        "a.attisdropped",
        sql_dialect().quote_literal(table_name), sql_dialect().quote_literal(column_name)));
    return !rows.empty();
}

std::string connection::current_schema() {
    const auto rows = query("SELECT current_schema()");
    return rows.empty() || !rows.front().at(0) ? std::string() : *rows.front().at(0);
}

int connection::server_version() const {
    return PQserverVersion(m_conn.get());
}

std::int64_t connection::lock_key() {
    // One lock per schema: instances migrating different schemas of one database do not
    // wait for each other.
    return fnv1a("strata migrations " + current_schema());
}

void connection::begin_exclusive() {
    execute("BEGIN");
    try {
        execute(fmt::format("SELECT pg_advisory_xact_lock({})", lock_key()));
    } catch (...) {
        rollback();
        throw;
    }
}

bool connection::try_begin_exclusive() {
    execute("BEGIN");
    try {
        const auto rows = query(fmt::format("SELECT pg_try_advisory_xact_lock({})", lock_key()));
        if (!rows.empty() && rows.front().at(0) == std::optional<std::string>("t")) {
            return true;
        }
    } catch (...) {
        rollback();
        throw;
    }
    rollback();
    return false;
}

void connection::commit() {
    result_ptr result(PQexec(m_conn.get(), "COMMIT"));
    if (!succeeded(result.get())) {
        fail(m_conn.get(), result.get(), "COMMIT", display_url(),
             [this](std::string s) { return scrub(std::move(s)); });
    }
    // COMMIT of a transaction that already failed succeeds as a ROLLBACK; never let that
    // pass for a commit.
    if (std::string_view(PQcmdStatus(result.get())) != "COMMIT") {
        throw database_error("postgresql error: the transaction was rolled back instead of "
                             "committed, because a statement in it failed (SQLSTATE 25P02)",
                             "COMMIT", 0, "25P02");
    }
}

void connection::rollback() noexcept {
    const auto status = PQtransactionStatus(m_conn.get());
    if (status == PQTRANS_INTRANS || status == PQTRANS_INERROR) {
        PQclear(PQexec(m_conn.get(), "ROLLBACK"));
    }
}

void connection::lock_migrations(std::chrono::milliseconds timeout) {
    const std::string statement = fmt::format("SELECT pg_try_advisory_lock({})", lock_key());
    // Polled rather than waited for in the server (pg_advisory_lock): a session blocked in
    // that statement holds a snapshot, and CREATE INDEX CONCURRENTLY in the lock holder's
    // non-transactional revision waits for every older snapshot, so the two would
    // deadlock. Between attempts a waiting instance holds nothing.
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    auto pause = std::chrono::milliseconds(5);
    for (;;) {
        const auto rows = query(statement);
        if (!rows.empty() && rows.front().at(0) == "t") {
            return;
        }
        const auto now = std::chrono::steady_clock::now();
        if (now >= deadline) {
            break;
        }
        std::this_thread::sleep_for(
            std::min<std::chrono::steady_clock::duration>(pause, deadline - now));
        pause = std::min(pause * 2, std::chrono::milliseconds(200));
    }
    throw lock_timeout_error(
        fmt::format("timed out after {} ms waiting for the migration lock on '{}' (schema "
                    "'{}'): another instance is migrating this database; start again when it "
                    "is done, or raise the lock timeout (--lock-timeout SECONDS, "
                    "lock_timeout in strata.ini, or migrate_options::lock_timeout)",
                    timeout.count(), display_url(), current_schema()),
        statement, 0, lock_not_available);
}

void connection::unlock_migrations() noexcept {
    try {
        rollback();
        execute(fmt::format("SELECT pg_advisory_unlock({})", lock_key()));
    } catch (...) {
        // The session is gone or broken: the server released the lock with it.
    }
}

void connection::use_schema(std::string_view schema_name) {
    const auto& d = sql_dialect();
    // Looked up first so a role without CREATE on the database can use an existing
    // schema; the handler covers instances that race to create it at the same moment
    // (CREATE SCHEMA IF NOT EXISTS alone still fails with unique_violation then).
    execute(fmt::format("DO $strata$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace "
                        "WHERE nspname = {0}) THEN CREATE SCHEMA {1}; END IF; EXCEPTION WHEN "
                        "duplicate_schema OR unique_violation THEN NULL; END $strata$",
                        d.quote_literal(schema_name), d.quote_identifier(schema_name)));
    execute(fmt::format("SET search_path TO {}", d.quote_identifier(schema_name)));
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
    schema result = postgresql::introspect(*this, version_table);
    std::erase_if(result.tables, [&](const table& t) { return t.name == history_table; });
    return result;
}

schema connection::canonical_schema(const schema& expected) {
    const auto& d = sql_dialect();
    const auto pid = query("SELECT pg_backend_pid()").at(0).at(0).value_or("0");
    const std::string scratch = d.quote_identifier("strata_canonical_" + pid);
    execute("BEGIN");
    try {
        execute(fmt::format("CREATE SCHEMA {}", scratch));
        execute(fmt::format("SET LOCAL search_path TO {}", scratch));
        for (const auto& statement : creation_sql(d, expected)) {
            execute(statement);
        }
        schema result = postgresql::introspect(*this, "");
        rollback();
        return result;
    } catch (const database_error&) {
        // No right to create a schema: compare as written, which may report rewritten
        // expressions as differences.
        rollback();
        return expected;
    }
}

} // namespace strata::postgresql
