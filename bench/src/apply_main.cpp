// The whole-process side of the benchmarks: what an application (or its migrate tool)
// does at start-up, timed by hyperfine against the sqlite3 shell, psql, the mariadb
// client and Alembic.
//
//   strata_bench_apply capabilities            which optional features this build has (JSON)
//   strata_bench_apply upgrade URL             strata::upgrade_to_head(URL), all revisions
//   strata_bench_apply upgrade-replay URL [N]  the same (or the first N), replaying every
//                                              revision (no one-step creation of a new database)
//   strata_bench_apply upgrade-prefix URL N    the first N revisions of the chain
//   strata_bench_apply sql URL [N]             the offline SQL of the whole chain (or of the
//                                              first N revisions)
//   strata_bench_apply rebuild-setup PATH ROWS the "items" table with ROWS rows, at its
//                                              first revision
//   strata_bench_apply rebuild PATH            applies the revision that rebuilds "items"

#include "bench_support.hpp"

#include <strata/connection.hpp>
#include <strata/migrator.hpp>

#include <fmt/format.h>

#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

namespace {

int usage() {
    std::cerr << "usage: strata_bench_apply capabilities | upgrade URL | upgrade-replay URL [N] | "
                 "upgrade-prefix URL N | "
                 "sql URL [N] | rebuild-setup PATH ROWS | rebuild PATH\n";
    return 2;
}

int run(const std::vector<std::string>& args) {
    if (args.empty()) {
        return usage();
    }
    const std::string& command = args[0];
    if (command == "capabilities" && args.size() == 1) {
        fmt::print("{{\"postgresql\": {}, \"mysql\": {}, \"sqlite_rebuild\": {}, "
                   "\"offline_mode\": {}}}\n",
                   strata_bench::has_postgresql(), strata_bench::has_mysql(),
                   strata_bench::has_sqlite_rebuild(), strata_bench::has_offline_mode());
        return 0;
    }
    if (command == "upgrade" && args.size() == 2) {
        (void)strata::upgrade_to_head(args[1]);
        return 0;
    }
    if (command == "upgrade-replay" && (args.size() == 2 || args.size() == 3)) {
        strata::migrate_options options;
        options.create_fresh_at_head = false;
        if (args.size() == 2) {
            (void)strata::upgrade_to_head(args[1], options);
        } else {
            auto db = strata::connect(args[1]);
            strata::migrator m(*db, strata_bench::chain_prefix(std::stoi(args[2])), options);
            (void)m.upgrade("head");
        }
        return 0;
    }
    if (command == "upgrade-prefix" && args.size() == 3) {
        auto db = strata::connect(args[1]);
        strata::migrator m(*db, strata_bench::chain_prefix(std::stoi(args[2])));
        (void)m.upgrade("head");
        return 0;
    }
    if (command == "sql" && (args.size() == 2 || args.size() == 3)) {
        const int count = args.size() == 3 ? std::stoi(args[2]) : -1;
        std::cout << strata_bench::offline_script(args[1], strata_bench::chain_prefix(count));
        return 0;
    }
    if (command == "rebuild-setup" && args.size() == 3) {
        auto db = strata::connect("sqlite:///" + args[1]);
        strata::migrator m(*db, strata_bench::rebuild_revisions());
        (void)m.upgrade("b0000000000a");
        db->execute(fmt::format(
            "BEGIN; WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {}) "
            "INSERT INTO items (id, name, qty, price) SELECT i, 'item-' || i, i % 1000, i * 0.5 "
            "FROM n; COMMIT",
            std::stol(args[2])));
        return 0;
    }
    if (command == "rebuild" && args.size() == 2) {
        auto db = strata::connect("sqlite:///" + args[1]);
        strata::migrator m(*db, strata_bench::rebuild_revisions());
        (void)m.upgrade("head");
        return 0;
    }
    return usage();
}

} // namespace

int main(int argc, char** argv) {
    try {
        return run(std::vector<std::string>(argv + 1, argv + argc));
    } catch (const std::exception& e) {
        std::cerr << "strata_bench_apply: error: " << e.what() << '\n';
        return 1;
    }
}
