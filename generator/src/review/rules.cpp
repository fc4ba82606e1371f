#include "review/rules.hpp"

#include <algorithm>

namespace strata::generator::review {

std::string_view to_string(severity level) {
    switch (level) {
    case severity::notice:
        return "notice";
    case severity::warning:
        return "warning";
    case severity::error:
        return "error";
    }
    return "error";
}

std::optional<severity> severity_from_string(std::string_view text) {
    for (auto level : {severity::notice, severity::warning, severity::error}) {
        if (to_string(level) == text) {
            return level;
        }
    }
    return std::nullopt;
}

std::string_view to_string(category kind) {
    switch (kind) {
    case category::data_loss:
        return "data loss";
    case category::data_dependent:
        return "data-dependent failure";
    case category::lock:
        return "lock";
    case category::compatibility:
        return "backward-incompatible";
    case category::unanalysed:
        return "not analysed";
    }
    return "not analysed";
}

const std::vector<rule>& rules() {
    // The texts appear verbatim in review comments and in docs/commands.md; keep both in
    // step (tests/generator/review_rules_test.cpp compares them).
    static const std::vector<rule> catalogue{
        {"drop-table", severity::error, category::data_loss, "",
         "dropping a table deletes every row in it; a downgrade brings the table back empty",
         "release code that no longer uses the table first, keep a backup, then drop it in a "
         "later revision"},
        {"drop-column", severity::error, category::data_loss, "",
         "dropping a column deletes its value in every row; a downgrade brings the column back "
         "empty",
         "stop reading and writing the column in one release, back the values up if they may "
         "be needed, drop it in the next"},
        {"narrow-type", severity::error, category::data_loss, "",
         "the new type holds less than the old one: a value that does not fit fails the "
         "migration (PostgreSQL) or stays as it is, unexpected by the code (SQLite)",
         "find the values that do not fit (the query below), fix them in an earlier data "
         "migration, or keep the wider type"},
        {"not-null-existing-rows", severity::warning, category::data_dependent, "",
         "a NOT NULL column without a value for the rows already there fails as soon as one row "
         "holds NULL",
         "fill the NULLs in the same revision before the change, or give the column a server "
         "default"},
        {"unique-existing-rows", severity::warning, category::data_dependent, "",
         "a unique constraint, unique index or primary key fails when rows already repeat a "
         "value",
         "find the duplicates (the query below) and resolve them in an earlier data migration"},
        {"foreign-key-existing-rows", severity::warning, category::data_dependent, "",
         "a foreign key fails (or, on SQLite, fails the rebuild's foreign_key_check) when rows "
         "already reference rows that do not exist",
         "find the orphans (the query below) and delete or repair them in an earlier data "
         "migration"},
        {"check-existing-rows", severity::warning, category::data_dependent, "",
         "a check constraint fails when a row already violates it",
         "find the violating rows (the query below) and repair them in an earlier data "
         "migration"},
        {"pg-table-rewrite", severity::warning, category::lock, "postgresql",
         "this change makes PostgreSQL rewrite the whole table and its indexes under an ACCESS "
         "EXCLUSIVE lock: no reads or writes until it is done",
         "add a column of the new type, backfill it in batches, move the code over, then drop "
         "the old column (expand/contract)"},
        {"pg-set-not-null", severity::warning, category::lock, "postgresql",
         "SET NOT NULL reads the whole table under an ACCESS EXCLUSIVE lock unless a validated "
         "CHECK (column IS NOT NULL) already proves it",
         "add CHECK (column IS NOT NULL) NOT VALID, VALIDATE it in a later transaction, then SET "
         "NOT NULL (PostgreSQL 12+ skips the scan) and drop the check"},
        {"pg-index-not-concurrent", severity::warning, category::lock, "postgresql",
         "building an index without CONCURRENTLY blocks every write to the table until the index "
         "is built",
         "build it with CREATE INDEX CONCURRENTLY in a revision that runs outside a transaction "
         "(.transactional = false)"},
        {"pg-constraint-validates", severity::warning, category::lock, "postgresql",
         "adding a foreign key or check reads every existing row while holding a lock that "
         "blocks writes (for a foreign key, on both tables)",
         "add it NOT VALID (new rows are checked at once), then VALIDATE CONSTRAINT in a later "
         "transaction, which lets writes through"},
        {"sqlite-table-rebuild", severity::warning, category::lock, "sqlite",
         "SQLite cannot ALTER this in place: the whole table is copied into a new one while the "
         "database's write lock is held, for a time that grows with the table, whose size strata "
         "cannot know",
         "fine for a small table; for a large one plan a quiet moment, or reach the goal with "
         "changes SQLite makes in place (a new nullable column instead of a changed one)"},
        {"backward-incompatible", severity::error, category::compatibility, "",
         "the previous release's code, still running during a rolling deploy or after an "
         "application rollback, uses what this revision removes or renames and fails",
         "split it: expand (add the new, copy, write to both) in one release, contract (drop the "
         "old) in the next"},
        {"hand-written-sql", severity::warning, category::unanalysed, "",
         "strata cannot tell what hand-written SQL locks, changes or deletes, and reviews the "
         "operations after it against the schema as if it changed nothing",
         "review the statement by hand; keep schema changes in op.* calls so they are checked"},
    };
    return catalogue;
}

const rule* find_rule(std::string_view name) {
    const auto& all = rules();
    const auto it =
        std::find_if(all.begin(), all.end(), [&](const rule& r) { return r.name == name; });
    return it == all.end() ? nullptr : &*it;
}

std::vector<std::string> rule_names() {
    std::vector<std::string> names;
    for (const auto& r : rules()) {
        names.emplace_back(r.name);
    }
    return names;
}

} // namespace strata::generator::review
