// The fixes are C++ to paste into a revision (queries as comments above), so a reviewer
// can act on a finding without leaving the PR comment.

#include "review/fixes.hpp"

#include "render/render.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace strata::generator::review {
namespace {

// An SQL identifier in double quotes (inner quotes doubled): SQLite and PostgreSQL both
// read it so.
std::string q(const std::string& name) {
    std::string out = "\"";
    for (char c : name) {
        out += c == '"' ? "\"\"" : std::string(1, c);
    }
    return out + "\"";
}

std::string q_list(const std::vector<std::string>& names) {
    std::vector<std::string> quoted;
    for (const auto& n : names) {
        quoted.push_back(q(n));
    }
    return fmt::format("{}", fmt::join(quoted, ", "));
}

std::string line(const operation& op) {
    return render_operation(op, 0) + "\n";
}

std::string execute(const std::string& sql) {
    return line(ops::execute_sql{sql});
}

// `op.execute(sql, <effect>)`: hand-written SQL whose effect on the schema model is
// stated (revision_reader.hpp), so the snapshot proof and later reviews still see it.
std::string execute_stating(const std::string& sql, const operation& effect) {
    const auto call = render_operation(effect, 0);
    return fmt::format(
        "op.execute({},\n           [](strata::operations& state) {{ state.{} }});\n",
        cpp_string_literal(sql), call.substr(3));
}

std::string execute_no_change(const std::string& sql) {
    return fmt::format("op.execute({}, strata::no_schema_change);\n", cpp_string_literal(sql));
}

constexpr std::string_view pg_only = "// PostgreSQL only, in a revision of its own with "
                                     "`.transactional = false` in its registrar:\n";

// @p name with the old table name replaced by the new one (or prefixed with it), so the
// copy's indexes and constraints do not collide with the original's.
std::string renamed(const std::string& name, const std::string& old, const std::string& now) {
    const auto at = name.find(old);
    return at == std::string::npos ? now + "_" + name
                                   : name.substr(0, at) + now + name.substr(at + old.size());
}

} // namespace

std::string contract_note(const std::string& what) {
    return fmt::format(
        "// expand/contract: first release code that no longer uses {},\n"
        "// then remove it in a revision of the following release, acknowledged there:\n"
        "// strata:lint-ack backward-incompatible no deployed release uses it any more\n",
        what);
}

std::string expand_contract_column(const std::string& table_name, const column& old,
                                   const std::string& new_name) {
    column added = old;
    added.name = new_name;
    added.nullable = true;
    added.primary_key = false;
    added.autoincrement = false;
    std::string text = "// Revision 1, expand (ship with code that writes both columns and reads "
                       "the new one):\n";
    text += line(ops::add_column{table_name, added});
    text += execute(fmt::format("UPDATE {} SET {} = {}", q(table_name), q(new_name), q(old.name)));
    text += "// Revision 2, contract (the next release, once no running code uses the old "
            "name):\n";
    if (!old.nullable) {
        column final_shape = added;
        final_shape.nullable = false;
        text += line(ops::alter_column{table_name, added, final_shape});
    }
    return text + line(ops::drop_column{table_name, old.name});
}

std::string expand_contract_table(const table& old, const std::string& new_name) {
    table copy = old;
    copy.name = new_name;
    for (auto& i : copy.indexes) {
        i.name = renamed(i.name, old.name, new_name);
    }
    for (auto& u : copy.uniques) {
        u.name = renamed(u.name, old.name, new_name);
    }
    for (auto& k : copy.foreign_keys) {
        k.name = renamed(k.name, old.name, new_name);
    }
    for (auto& c : copy.checks) {
        c.name = renamed(c.name, old.name, new_name);
    }
    std::string text = "// Revision 1, expand (ship with code that writes both tables and reads "
                       "the new one):\n";
    text += line(ops::create_table{copy});
    text += execute(fmt::format("INSERT INTO {} SELECT * FROM {}", q(new_name), q(old.name)));
    text += "// Revision 2, contract (the next release, once no running code uses the old "
            "name):\n";
    return text + line(ops::drop_table{old.name});
}

std::string expand_contract_type(const std::string& table_name, const column& from,
                                 const column& to) {
    column added = to;
    added.name = to.name + "_new";
    added.nullable = true;
    std::string text = "// Revision 1, expand: a column of the new type, filled from the old one "
                       "(in batches on a large table);\n// ship with code that writes both and "
                       "reads the new one:\n";
    text += line(ops::add_column{table_name, added});
    text +=
        execute(fmt::format("UPDATE {} SET {} = {}", q(table_name), q(added.name), q(from.name)));
    text += "// Revision 2, contract (the next release):\n";
    return text + line(ops::drop_column{table_name, from.name});
}

std::string add_with_backfill(const std::string& table_name, const column& c) {
    column nullable = c;
    nullable.nullable = true;
    std::string text = "// Give the model member `backfill = \"SQL\"` (or a default), or write:\n";
    text += line(ops::add_column{table_name, nullable});
    text += execute(fmt::format("UPDATE {} SET {} = <value> WHERE {} IS NULL", q(table_name),
                                q(c.name), q(c.name)));
    return text + line(ops::alter_column{table_name, nullable, c});
}

std::string fill_nulls(const std::string& table_name, const column& c) {
    return fmt::format("// Rows it fails on: SELECT COUNT(*) FROM {} WHERE {} IS NULL\n"
                       "// Fill them first, in this revision before the change:\n",
                       q(table_name), q(c.name)) +
           execute(fmt::format("UPDATE {} SET {} = <value> WHERE {} IS NULL", q(table_name),
                               q(c.name), q(c.name)));
}

std::string not_null_via_check(const std::string& table_name, const std::string& column_name) {
    const std::string check = q(fmt::format("{}_{}_not_null", table_name, column_name));
    return std::string(pg_only) +
           execute_no_change(fmt::format("ALTER TABLE {} ADD CONSTRAINT {} CHECK ({} IS NOT NULL) "
                                         "NOT VALID",
                                         q(table_name), check, q(column_name))) +
           execute_no_change(
               fmt::format("ALTER TABLE {} VALIDATE CONSTRAINT {}", q(table_name), check)) +
           "// ... then the alter_column (SET NOT NULL now skips the scan), and:\n" +
           execute_no_change(
               fmt::format("ALTER TABLE {} DROP CONSTRAINT {}", q(table_name), check));
}

std::string duplicates_query(const std::string& table_name,
                             const std::vector<std::string>& columns) {
    return fmt::format(
        "// Repeated values: SELECT {0}, COUNT(*) FROM {1} GROUP BY {0} HAVING COUNT(*) > 1\n",
        q_list(columns), q(table_name));
}

std::string orphans_query(const std::string& table_name, const foreign_key& key) {
    std::vector<std::string> present;
    std::vector<std::string> match;
    for (std::size_t i = 0; i < key.columns.size() && i < key.referenced_columns.size(); ++i) {
        present.push_back(fmt::format("{}.{} IS NOT NULL", q(table_name), q(key.columns[i])));
        match.push_back(fmt::format("r.{} = {}.{}", q(key.referenced_columns[i]), q(table_name),
                                    q(key.columns[i])));
    }
    return fmt::format("// Orphans: SELECT COUNT(*) FROM {} WHERE {} AND NOT EXISTS "
                       "(SELECT 1 FROM {} r WHERE {})\n",
                       q(table_name), fmt::join(present, " AND "), q(key.referenced_table),
                       fmt::join(match, " AND "));
}

std::string violations_query(const std::string& table_name, const std::string& expression) {
    return fmt::format("// Violating rows: SELECT COUNT(*) FROM {} WHERE NOT ({})\n", q(table_name),
                       expression);
}

std::string misfits_query(const std::string& table_name, const column& from,
                          const column_type& to) {
    std::string condition;
    if (to.kind == type_kind::string && to.length) {
        condition = fmt::format("LENGTH({}) > {}", q(from.name), *to.length);
    } else if (to.kind == type_kind::int16) {
        condition = fmt::format("{} NOT BETWEEN -32768 AND 32767", q(from.name));
    } else if (to.kind == type_kind::int32) {
        condition = fmt::format("{} NOT BETWEEN -2147483648 AND 2147483647", q(from.name));
    } else if (to.kind == type_kind::enumeration) {
        std::vector<std::string> values;
        for (const auto& v : to.enum_values) {
            values.push_back("'" + v + "'");
        }
        condition = fmt::format("{} NOT IN ({})", q(from.name), fmt::join(values, ", "));
    }
    if (condition.empty()) {
        return {};
    }
    return fmt::format("// Values that do not fit: SELECT COUNT(*) FROM {} WHERE {}\n",
                       q(table_name), condition);
}

std::string concurrent_index(const ops::create_index& op) {
    const auto& definition = op.definition;
    return std::string(pg_only) +
           execute_stating(fmt::format("CREATE {}INDEX CONCURRENTLY IF NOT EXISTS {} ON {} ({})",
                                       definition.unique ? "UNIQUE " : "", q(definition.name),
                                       q(op.table_name), q_list(definition.columns)),
                           op) +
           "// A crash part-way leaves an INVALID index: DROP INDEX CONCURRENTLY it, run again.\n";
}

std::string concurrent_unique(const ops::add_unique& op) {
    const auto& definition = op.definition;
    return std::string(pg_only) +
           execute_no_change(fmt::format("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS {} ON {} "
                                         "({})",
                                         q(definition.name), q(op.table_name),
                                         q_list(definition.columns))) +
           execute_stating(fmt::format("ALTER TABLE {} ADD CONSTRAINT {} UNIQUE USING INDEX {}",
                                       q(op.table_name), q(definition.name), q(definition.name)),
                           op);
}

std::string concurrent_primary_key(const ops::alter_primary_key& op) {
    const std::string key = q(op.table_name + "_pkey");
    const std::string index = q(op.table_name + "_pkey_new");
    return std::string(pg_only) +
           execute_no_change(fmt::format("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS {} ON {} "
                                         "({})",
                                         index, q(op.table_name), q_list(op.to_columns))) +
           execute_stating(fmt::format("ALTER TABLE {0} DROP CONSTRAINT IF EXISTS {1}, ADD "
                                       "CONSTRAINT {1} PRIMARY KEY USING INDEX {2}",
                                       q(op.table_name), key, index),
                           op);
}

std::string not_valid_constraint(const operation& op, const std::string& table_name,
                                 const std::string& constraint_name, const std::string& add_sql) {
    if (add_sql.empty()) {
        return {};
    }
    return std::string(pg_only) + execute_stating(add_sql + " NOT VALID", op) +
           execute_no_change(fmt::format("ALTER TABLE {} VALIDATE CONSTRAINT {}", q(table_name),
                                         q(constraint_name)));
}

std::string rebuild_purpose(const std::vector<operation>& ops, std::size_t first,
                            std::size_t last) {
    std::vector<std::string> parts;
    for (std::size_t i = first; i < last && i < ops.size(); ++i) {
        parts.push_back(describe(ops[i]));
    }
    return fmt::format("{}", fmt::join(parts, ", "));
}

} // namespace strata::generator::review
