// An application as issue #18 wants it: it migrates its SQLite database at start-up and
// links strata::sqlite only, not strata::cli. links_no_cli_test.sh runs it and checks that
// neither it nor the libraries it links define the migrate command line or drift report.

#include "test_revisions.hpp"

#include "strata/script.hpp"
#include "strata/sqlite.hpp"

#include <iostream>
#include <string>

namespace {
void up(strata::operations& op) {
    op.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY)");
}
void down(strata::operations& op) {
    op.execute("DROP TABLE notes");
}
} // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: sqlite_only_app DATABASE_FILE\n";
        return 2;
    }
    auto db = strata::connect(std::string("sqlite:///") + argv[1]);
    strata::migrator m(*db, {strata::testing::make_revision("r1", {}, up, down)});
    const auto report = m.upgrade("head");
    std::cout << "applied " << report.steps.size() << ", at " << report.current.at(0) << '\n';
    return db->has_table("notes") ? 0 : 1;
}
