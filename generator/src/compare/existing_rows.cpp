#include "compare/existing_rows.hpp"

#include "strata/detail/text.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <optional>

namespace strata::generator {
namespace {

// Identifiers in double quotes: standard SQL, and MariaDB too, since strata's sessions
// run with ANSI_QUOTES.
std::string q(const std::string& name) {
    return strata::detail::quote_with(name, '"');
}

std::string q(const std::string& qualifier, const std::string& name) {
    return q(qualifier) + "." + q(name);
}

// "a.x = b.x AND a.y = b.y" over @p left and @p right, pairwise.
std::string equal_columns(const std::string& a, const std::vector<std::string>& left,
                          const std::string& b, const std::vector<std::string>& right) {
    std::vector<std::string> terms;
    for (std::size_t i = 0; i < left.size(); ++i) {
        terms.push_back(fmt::format("{} = {}", q(a, left[i]), q(b, right[i])));
    }
    return fmt::format("{}", fmt::join(terms, " AND "));
}

// Whether row @p a sorts before row @p b by @p key, spelled out column by column (row
// value comparison `(a, b) < (c, d)` is not in every dialect's subqueries alike).
std::string sorts_before(const std::string& a, const std::string& b,
                         const std::vector<std::string>& key, std::size_t from = 0) {
    const std::string less = fmt::format("{} < {}", q(a, key[from]), q(b, key[from]));
    if (from + 1 == key.size()) {
        return less;
    }
    return fmt::format("({} OR ({} = {} AND {}))", less, q(a, key[from]), q(b, key[from]),
                       sorts_before(a, b, key, from + 1));
}

// A change that makes @p columns of @p table unique; rows are kept by the smallest @p order
// (the primary key as it stands before the change).
struct uniqueness {
    std::string table;
    std::vector<std::string> columns;
    std::vector<std::string> order;
};

std::optional<uniqueness> uniqueness_of(const operation& op, const schema& before) {
    auto key_of = [&](const std::string& name) {
        const table* t = before.find_table(name);
        return t ? t->primary_key() : std::vector<std::string>{};
    };
    if (const auto* o = std::get_if<ops::add_unique>(&op)) {
        return uniqueness{o->table_name, o->definition.columns, key_of(o->table_name)};
    }
    if (const auto* o = std::get_if<ops::create_index>(&op); o && o->definition.unique) {
        return uniqueness{o->table_name, o->definition.columns, key_of(o->table_name)};
    }
    if (const auto* o = std::get_if<ops::alter_primary_key>(&op); o && !o->to_columns.empty()) {
        return uniqueness{o->table_name, o->to_columns, o->from_columns};
    }
    return std::nullopt;
}

// The rows of a foreign key's table whose key matches no referenced row. A row with a NULL
// in any key column passes the constraint (MATCH SIMPLE, every dialect's default).
std::string orphans(const ops::add_foreign_key& o) {
    const foreign_key& k = o.definition;
    std::vector<std::string> terms;
    for (const auto& c : k.columns) {
        terms.push_back(fmt::format("{} IS NOT NULL", q(o.table_name, c)));
    }
    terms.push_back(fmt::format(
        "NOT EXISTS (SELECT 1 FROM {} AS {} WHERE {})", q(k.referenced_table), q("strata_ref"),
        equal_columns("strata_ref", k.referenced_columns, o.table_name, k.columns)));
    return fmt::format("{}", fmt::join(terms, " AND "));
}

// A string narrowed to a length: the one type change with a procedure (truncate).
std::optional<std::int32_t> truncated_length(const operation& op) {
    const auto* o = std::get_if<ops::alter_column>(&op);
    if (o == nullptr || o->from.type.kind != type_kind::string ||
        o->to.type.kind != type_kind::string || !o->from.type.sql_override.empty() ||
        !o->to.type.sql_override.empty() || !o->to.type.length) {
        return std::nullopt;
    }
    return o->to.type.length;
}

bool all_nullable(const ops::add_foreign_key& o, const schema& before) {
    const table* t = before.find_table(o.table_name);
    return t && std::all_of(o.definition.columns.begin(), o.definition.columns.end(),
                            [&](const std::string& name) {
                                const column* c = t->find_column(name);
                                return c && c->nullable;
                            });
}

// What declaring @p value does, for notes and the WARNING; empty when it does not apply.
std::string procedure_text(const operation& op, const schema& before, const std::string& value) {
    if (value == "checked") {
        return "every existing row is known to satisfy it; the revision runs it as it is";
    }
    if (value == "truncate") {
        const auto length = truncated_length(op);
        return length ? fmt::format("values longer than {} characters are cut to {} first", *length,
                                    *length)
                      : std::string();
    }
    const auto* key = std::get_if<ops::add_foreign_key>(&op);
    if (value == "null") {
        return key && all_nullable(*key, before)
                   ? fmt::format("sets ({}) to NULL first in rows that match no row of {}",
                                 fmt::join(key->definition.columns, ", "),
                                 key->definition.referenced_table)
                   : std::string();
    }
    if (value != "delete") {
        return {};
    }
    if (key) {
        return fmt::format("deletes rows whose ({}) matches no row of {} first",
                           fmt::join(key->definition.columns, ", "),
                           key->definition.referenced_table);
    }
    if (const auto* check = std::get_if<ops::add_check>(&op)) {
        return fmt::format("deletes rows that violate {} first", check->definition.expression);
    }
    if (const auto u = uniqueness_of(op, before); u && !u->order.empty()) {
        return fmt::format("deletes rows that repeat a value of ({}) first, keeping the one "
                           "with the smallest ({})",
                           fmt::join(u->columns, ", "), fmt::join(u->order, ", "));
    }
    return {};
}

constexpr const char* all_values[] = {"checked", "truncate", "delete", "null"};

} // namespace

bool needs_existing_rows(const operation& op, const risk& r, const schema& before) {
    if (const auto u = uniqueness_of(op, before); u && !u->order.empty()) {
        // Over every column of the current primary key: rows already differ in it.
        return !std::all_of(u->order.begin(), u->order.end(), [&](const std::string& c) {
            return std::find(u->columns.begin(), u->columns.end(), c) != u->columns.end();
        });
    }
    if (r.rule == "add-unique" || r.rule == "add-unique-index" || r.rule == "add-foreign-key" ||
        r.rule == "add-check" || r.rule == "change-primary-key") {
        return true;
    }
    const auto* o = std::get_if<ops::alter_column>(&op);
    if (r.rule != "narrow-type" || o == nullptr) {
        return false;
    }
    // Type changes PostgreSQL's ALTER ... TYPE ... USING converts for every value: a
    // double rounded to a float, anything to unbounded text, an integer to a float.
    const column_type& from = o->from.type;
    const column_type& to = o->to.type;
    if (!from.sql_override.empty() || !to.sql_override.empty()) {
        return true;
    }
    const bool to_float = to.kind == type_kind::float32 || to.kind == type_kind::float64;
    return !((from.kind == type_kind::float64 && to.kind == type_kind::float32) ||
             (to.kind == type_kind::string && !to.length) || (is_integer(from.kind) && to_float));
}

std::vector<std::string> existing_rows_values(const operation& op, const schema& before) {
    std::vector<std::string> values;
    for (const char* value : all_values) {
        if (!procedure_text(op, before, value).empty()) {
            values.emplace_back(value);
        }
    }
    return values;
}

std::vector<std::string> existing_rows_notes(const operation& op, const schema& before) {
    std::vector<std::string> notes;
    for (const auto& value : existing_rows_values(op, before)) {
        notes.push_back(
            fmt::format("existing_rows = \"{}\": {}", value, procedure_text(op, before, value)));
    }
    return notes;
}

std::vector<operation> prepare_existing_rows(const operation& op, const schema& before,
                                             const std::string& value) {
    if (value == "truncate") {
        const auto& o = std::get<ops::alter_column>(op);
        const std::int32_t n = *truncated_length(op);
        const std::string c = q(o.from.name);
        return {ops::execute_sql{fmt::format("UPDATE {} SET {} = substr({}, 1, {}) WHERE "
                                             "length({}) > {}",
                                             q(o.table_name), c, c, n, c, n)}};
    }
    if (const auto* key = std::get_if<ops::add_foreign_key>(&op)) {
        if (value == "null") {
            std::vector<std::string> sets;
            for (const auto& c : key->definition.columns) {
                sets.push_back(fmt::format("{} = NULL", q(c)));
            }
            return {ops::execute_sql{fmt::format("UPDATE {} SET {} WHERE {}", q(key->table_name),
                                                 fmt::join(sets, ", "), orphans(*key))}};
        }
        if (value == "delete") {
            return {ops::execute_sql{
                fmt::format("DELETE FROM {} WHERE {}", q(key->table_name), orphans(*key))}};
        }
    }
    if (const auto* check = std::get_if<ops::add_check>(&op); check && value == "delete") {
        return {ops::execute_sql{fmt::format("DELETE FROM {} WHERE NOT ({})", q(check->table_name),
                                             check->definition.expression)}};
    }
    if (const auto u = uniqueness_of(op, before); u && value == "delete") {
        // Another row with the same key that sorts first: this one goes. NULLs never
        // compare equal, matching how all three dialects treat NULLs in a unique key.
        return {ops::execute_sql{
            fmt::format("DELETE FROM {} WHERE EXISTS (SELECT 1 FROM {} AS {} WHERE {} AND {})",
                        q(u->table), q(u->table), q("strata_keep"),
                        equal_columns("strata_keep", u->columns, u->table, u->columns),
                        sorts_before("strata_keep", u->table, u->order))}};
    }
    return {};
}

std::string declared_text(const operation& op, const schema& before, const std::string& value) {
    return fmt::format("declared existing_rows = \"{}\": {}", value,
                       value == "checked" ? "the model asserts every existing row satisfies it"
                                          : procedure_text(op, before, value));
}

} // namespace strata::generator
