#include "bench_support.hpp"

#include "chain.hpp"

#include <strata/connection.hpp>
#include <strata/dialect.hpp>
#include <strata/error.hpp>
#include <strata/operations.hpp>
#include <strata/sqlite/dialect.hpp>

#if STRATA_BENCH_HAVE_OFFLINE
#include <strata/offline.hpp>
#include <strata/revision_graph.hpp>
#endif

#include <fmt/format.h>

#include <map>
#include <stdexcept>

namespace strata_bench {
namespace {
using namespace strata::dsl;

void create_items(strata::operations& op) {
    strata::table items{.name = "items",
                        .columns = {col("id", int64()).primary_key(), col("name", string(100)),
                                    col("qty", int32()), col("price", float64())},
                        .indexes = {idx("ix_items_name", {"name"})}};
    op.create_table(std::move(items));
}
void drop_items(strata::operations& op) {
    op.drop_table("items");
}

strata::column qty_as(strata::column_type type) {
    return col("qty", std::move(type));
}

void widen_qty(strata::operations& op) {
    op.alter_column("items", qty_as(int32()), qty_as(int64()));
}
void narrow_qty(strata::operations& op) {
    op.alter_column("items", qty_as(int64()), qty_as(int32()));
}

#if !STRATA_BENCH_HAVE_OFFLINE
// The runtime has no offline mode yet: the statements the migrator runs, one transaction
// per revision, with the version table kept exactly as migrator::run() keeps it.
std::string assembled_script(const strata::dialect& d,
                             const std::vector<strata::revision>& revisions) {
    const std::string table = d.quote_identifier("strata_version");
    std::string script =
        fmt::format("CREATE TABLE {} (version_num VARCHAR(32) NOT NULL PRIMARY KEY);\n", table);
    strata::schema current;
    std::string previous;
    for (const auto& rev : revisions) {
        script += fmt::format("-- {}: {}\nBEGIN;\n", rev.id, rev.message);
        strata::operations ops;
        rev.upgrade(ops);
        for (const auto& op : ops.recorded()) {
            for (const auto& sql : d.to_sql(op, current)) {
                script += sql + ";\n";
            }
            strata::apply(current, op);
        }
        if (!previous.empty()) {
            script += fmt::format("DELETE FROM {} WHERE version_num = {};\n", table,
                                  d.quote_literal(previous));
        }
        script += fmt::format("INSERT INTO {} (version_num) VALUES ({});\nCOMMIT;\n", table,
                              d.quote_literal(rev.id));
        previous = rev.id;
    }
    return script;
}
#endif
} // namespace

std::vector<strata::revision> chain_prefix(int count) {
    std::map<std::string, const strata::revision*, std::less<>> by_id;
    for (const auto& rev : strata::registered_revisions()) {
        by_id.emplace(rev.id, &rev);
    }
    if (count < 0 || count > bench_chain_length) {
        count = bench_chain_length;
    }
    std::vector<strata::revision> result;
    for (int i = 0; i < count; ++i) {
        const auto found = by_id.find(bench_chain[i]);
        if (found == by_id.end()) {
            throw std::runtime_error(
                fmt::format("benchmark revision '{}' is not compiled in", bench_chain[i]));
        }
        result.push_back(*found->second);
    }
    return result;
}

std::vector<strata::revision> rebuild_revisions() {
    return {
        strata::revision{.id = "b0000000000a",
                         .down_revisions = {},
                         .message = "create items",
                         .create_date = "2026-01-01 00:00:00",
                         .upgrade = &create_items,
                         .downgrade = &drop_items},
        strata::revision{.id = "b0000000000b",
                         .down_revisions = {"b0000000000a"},
                         .message = "widen items.qty",
                         .create_date = "2026-01-01 00:00:00",
                         .upgrade = &widen_qty,
                         .downgrade = &narrow_qty},
    };
}

std::string offline_script(std::string_view url, const std::vector<strata::revision>& revisions) {
    // The dialect is the connection's, so this works for any backend the runtime has.
    const auto db = strata::connect(url);
    const strata::dialect& d = db->sql_dialect();
#if STRATA_BENCH_HAVE_OFFLINE
    const strata::revision_graph graph(revisions);
    return strata::render_sql_script(strata::offline_upgrade(graph, d, "base", "head"));
#else
    return assembled_script(d, revisions);
#endif
}

namespace {

// Port 1 on localhost refuses at once: a runtime with the backend fails to connect, one
// without it refuses the URL itself.
bool has_backend(const std::string& url) {
    try {
        (void)strata::connect(url);
        return true;
    } catch (const std::exception& e) {
        return std::string_view(e.what()).find("unsupported database url") ==
               std::string_view::npos;
    }
}

} // namespace

bool has_postgresql() {
    return has_backend("postgresql://bench@127.0.0.1:1/none?connect_timeout=1");
}

bool has_mysql() {
    return has_backend("mysql://bench@127.0.0.1:1/none");
}

bool has_sqlite_rebuild() {
    strata::operations ops;
    create_items(ops);
    strata::schema before;
    strata::apply(before, ops.recorded().front());
    strata::operations change;
    widen_qty(change);
    try {
        const auto sql = strata::sqlite::dialect{}.to_sql(change.recorded().front(), before);
        return !sql.empty();
    } catch (const std::exception&) {
        return false;
    }
}

bool has_offline_mode() {
    return STRATA_BENCH_HAVE_OFFLINE != 0;
}

} // namespace strata_bench
