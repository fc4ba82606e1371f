#include "bookkeeping.hpp"

#include "strata/error.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>

namespace strata::detail {

std::string describe(const revision& rev) {
    return fmt::format("revision '{}' (\"{}\")", rev.id, rev.message);
}

std::string parents_or_base(const revision& rev) {
    return rev.down_revisions.empty() ? std::string("base")
                                      : fmt::format("{}", fmt::join(rev.down_revisions, ", "));
}

std::vector<operation> operations_of(const revision& rev, bool is_upgrade) {
    const auto fail = [&](std::string_view cause) {
        return migration_error(fmt::format("{} failed: {}", describe(rev), cause), rev.id, "");
    };
    auto* record = is_upgrade ? rev.upgrade : rev.downgrade;
    if (record == nullptr) {
        throw fail(fmt::format("it has no {} function", is_upgrade ? "upgrade" : "downgrade"));
    }
    try {
        operations ops;
        record(ops);
        return ops.recorded();
    } catch (const std::exception& e) {
        throw fail(e.what());
    }
}

std::string create_version_table_sql(const dialect& d, std::string_view table) {
    // chain_digest: the build manifest digest the database was brought to head with.
    return fmt::format("CREATE TABLE {} (version_num VARCHAR(32) NOT NULL PRIMARY KEY, "
                       "chain_digest VARCHAR(64))",
                       d.quote_identifier(table));
}

std::string clear_digest_sql(const dialect& d, std::string_view table) {
    return fmt::format("UPDATE {} SET chain_digest = NULL", d.quote_identifier(table));
}

std::string add_digest_column_sql(const dialect& d, std::string_view table) {
    return fmt::format("ALTER TABLE {} ADD COLUMN chain_digest VARCHAR(64)",
                       d.quote_identifier(table));
}

std::string create_history_table_sql(const dialect& d, std::string_view table) {
    return fmt::format("CREATE TABLE {} (\n"
                       "    seq BIGINT NOT NULL PRIMARY KEY,\n"
                       "    revision VARCHAR(32) NOT NULL,\n"
                       "    direction VARCHAR(9) NOT NULL,\n"
                       "    checksum VARCHAR(64) NOT NULL,\n"
                       "    applied_at TIMESTAMP NOT NULL,\n"
                       "    duration_ms BIGINT NOT NULL\n"
                       ")",
                       d.quote_identifier(table));
}

std::vector<std::string> version_rows_sql(const dialect& d, std::string_view table,
                                          const std::vector<std::string>& before,
                                          const std::vector<std::string>& after,
                                          const std::optional<std::string>& digest) {
    const std::string quoted = d.quote_identifier(table);
    std::vector<std::string> result;
    bool keeps_rows = false;
    for (const auto& id : before) {
        if (std::find(after.begin(), after.end(), id) == after.end()) {
            result.push_back(
                fmt::format("DELETE FROM {} WHERE version_num = {}", quoted, d.quote_literal(id)));
        }
    }
    for (const auto& id : after) {
        if (std::find(before.begin(), before.end(), id) != before.end()) {
            keeps_rows = true;
        } else if (digest) {
            result.push_back(
                fmt::format("INSERT INTO {} (version_num, chain_digest) VALUES ({}, {})", quoted,
                            d.quote_literal(id), d.quote_literal(*digest)));
        } else {
            result.push_back(fmt::format("INSERT INTO {} (version_num) VALUES ({})", quoted,
                                         d.quote_literal(id)));
        }
    }
    if (digest && keeps_rows) {
        result.push_back(
            fmt::format("UPDATE {} SET chain_digest = {}", quoted, d.quote_literal(*digest)));
    }
    return result;
}

std::string history_row_sql(const dialect& d, std::string_view table, std::string_view revision_id,
                            std::string_view direction, std::string_view checksum,
                            std::chrono::milliseconds duration) {
    const std::string quoted = d.quote_identifier(table);
    // seq from MAX + 1: the migrator holds the write lock, and it needs no dialect-specific
    // identity column.
    return fmt::format("INSERT INTO {} (seq, revision, direction, checksum, applied_at, "
                       "duration_ms) SELECT COALESCE(MAX(seq), 0) + 1, {}, {}, {}, {}, {} FROM {}",
                       quoted, d.quote_literal(revision_id), d.quote_literal(direction),
                       d.quote_literal(checksum), d.current_timestamp_sql(), duration.count(),
                       quoted);
}

std::vector<std::string> history_rows_sql(const dialect& d, std::string_view table,
                                          const history_start& start,
                                          const std::vector<history_entry>& rows) {
    // A hundred rows per statement: SQLite holds a statement's whole parse and program in
    // memory, and 500 rows in one took 2 MB of fresh pages (a fifth of a new database's
    // page faults); a hundred keep the statement count low and reuse the same memory.
    constexpr std::size_t rows_per_statement = 100;
    const std::string head = fmt::format("INSERT INTO {} (seq, revision, direction, checksum, "
                                         "applied_at, duration_ms) VALUES ",
                                         d.quote_identifier(table));
    const std::string applied_at = d.quote_literal(start.applied_at);
    std::vector<std::string> statements;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (i % rows_per_statement == 0) {
            statements.push_back(head);
        }
        fmt::format_to(std::back_inserter(statements.back()), "{}({}, {}, {}, {}, {}, 0)",
                       i % rows_per_statement == 0 ? "" : ", ",
                       start.first_seq + static_cast<std::int64_t>(i),
                       d.quote_literal(rows[i].revision_id), d.quote_literal(rows[i].direction),
                       d.quote_literal(rows[i].checksum), applied_at);
    }
    return statements;
}

std::string history_start_sql(const dialect& d, std::string_view table) {
    return fmt::format("SELECT COALESCE(MAX(seq), 0) + 1, {} FROM {}", d.current_timestamp_sql(),
                       d.quote_identifier(table));
}

} // namespace strata::detail
