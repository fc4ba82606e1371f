// The new-database rows as an application that uses SQLite has them: the revision chain
// compiled in by add_migrations(... DIALECTS sqlite), so the program links strata's runtime
// and its SQLite backend and nothing of the PostgreSQL or MariaDB client libraries (whose
// dynamic loading alone, with libssl and Kerberos behind them, costs more than a new
// database's whole schema). strata_bench_apply links every backend for the other rows.
//
//   strata_bench_apply_sqlite URL    strata::upgrade_to_head(URL)

#include <strata/migrator.hpp>

#include <exception>
#include <iostream>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: strata_bench_apply_sqlite URL\n";
        return 2;
    }
    try {
        (void)strata::upgrade_to_head(argv[1]);
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "strata_bench_apply_sqlite: " << e.what() << '\n';
        return 1;
    }
}
