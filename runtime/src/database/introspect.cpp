#include "strata/introspect.hpp"

#include "strata/detail/progress_table.hpp"
#include "strata/dialect.hpp"

namespace strata {

// Each backend reads its own catalogue, so the core links no database library.
schema introspect(connection& db, std::string_view version_table, std::string_view history_table) {
    schema result = db.introspect_schema(version_table, history_table);
    // The progress of a revision in flight is bookkeeping too (migrate/progress.hpp).
    std::erase_if(result.tables, [&](const table& t) {
        return t.name == detail::progress_table_name(version_table);
    });
    return result;
}

schema canonical_form(connection& db, const schema& expected) {
    return db.canonical_schema(expected);
}

std::vector<std::string> creation_sql(const dialect& d, const schema& s) {
    std::vector<operation> ops;
    for (const auto& t : s.tables) {
        table bare = t;
        bare.foreign_keys.clear();
        ops.emplace_back(ops::create_table{std::move(bare)});
    }
    for (const auto& t : s.tables) {
        for (const auto& key : t.foreign_keys) {
            ops.emplace_back(ops::add_foreign_key{t.name, key});
        }
    }
    return d.sequence_sql(ops, schema{});
}

std::vector<std::string> unmodelled_objects(connection& db, std::string_view table_name) {
    return db.unmodelled_objects(table_name);
}

} // namespace strata
