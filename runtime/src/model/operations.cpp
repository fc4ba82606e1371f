#include "strata/operations.hpp"

#include "strata/detail/named.hpp"
#include "strata/detail/overloaded.hpp"
#include "strata/error.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h> // fmt::join lives here from fmt 11 on

namespace strata {
namespace {
using detail::overloaded;

// A table of @p target by name: a binary search where @p sorted says the schema is
// normalized (apply_to_normalized(), which a new database runs for every revision's
// operations), a scan otherwise.
table* find_table(schema& target, bool sorted, std::string_view name) {
    return sorted ? detail::find_named_sorted(target.tables, name) : target.find_table(name);
}

table& table_or_throw(schema& target, bool sorted, const std::string& name, const char* what) {
    if (table* t = find_table(target, sorted, name)) {
        return *t;
    }
    throw error(fmt::format("cannot {}: table '{}' does not exist", what, name));
}

column& column_or_throw(table& t, const std::string& name, const char* what) {
    if (column* c = detail::find_named(t.columns, name)) {
        return *c;
    }
    throw error(fmt::format("cannot {}: column '{}.{}' does not exist", what, t.name, name));
}

// Removes the element called @p name from @p items, or throws naming @p what.
template <class T>
void erase_named(std::vector<T>& items, const std::string& name, const std::string& table_name,
                 const char* what) {
    const T* item = detail::find_named(items, name);
    if (item == nullptr) {
        throw error(fmt::format("cannot drop {}: '{}' does not exist on table '{}'", what, name,
                                table_name));
    }
    items.erase(items.begin() + (item - items.data()));
}

template <class T>
void add_named(std::vector<T>& items, T item, const std::string& table_name, const char* what) {
    if (detail::find_named(items, item.name) != nullptr) {
        throw error(fmt::format("cannot add {}: '{}' already exists on table '{}'", what, item.name,
                                table_name));
    }
    items.push_back(std::move(item));
}

// The column names of @p t in declaration order that @p names lists: the order a key
// over @p names must be given in.
std::vector<std::string> in_declaration_order(const table& t,
                                              const std::vector<std::string>& names) {
    std::vector<std::string> ordered;
    for (const auto& c : t.columns) {
        if (std::find(names.begin(), names.end(), c.name) != names.end()) {
            ordered.push_back(c.name);
        }
    }
    return ordered;
}

// Moves the primary key of @p t as @p o says, after checking that @p o fits @p t.
void alter_key(table& t, const ops::alter_primary_key& o) {
    const auto listed = [](const std::vector<std::string>& names) {
        return names.empty() ? std::string("no key") : fmt::format("({})", fmt::join(names, ", "));
    };
    if (t.primary_key() != o.from_columns) {
        throw error(fmt::format("cannot alter primary key of '{}' from {}: its primary key is {}",
                                t.name, listed(o.from_columns), listed(t.primary_key())));
    }
    for (const auto& name : o.to_columns) {
        const column& c = column_or_throw(t, name, "alter primary key");
        if (c.nullable) {
            throw error(fmt::format("cannot alter primary key of '{}': column '{}.{}' is "
                                    "nullable; make it NOT NULL (alter_column) before it joins "
                                    "the key",
                                    t.name, t.name, name));
        }
    }
    if (const auto ordered = in_declaration_order(t, o.to_columns); ordered != o.to_columns) {
        throw error(fmt::format("cannot alter primary key of '{}' to {}: list the key columns "
                                "once each, in declaration order: {}",
                                t.name, listed(o.to_columns), listed(ordered)));
    }
    for (auto& c : t.columns) {
        c.primary_key =
            std::find(o.to_columns.begin(), o.to_columns.end(), c.name) != o.to_columns.end();
    }
}

void rename_in(std::vector<std::string>& names, const std::string& from, const std::string& to) {
    std::replace(names.begin(), names.end(), from, to);
}

template <class T>
bool sorted_by_name(const std::vector<T>& items) {
    return std::is_sorted(items.begin(), items.end(),
                          [](const T& a, const T& b) { return a.name < b.name; });
}

// Whether schema::normalize() would leave @p s as it is. A linear scan: far cheaper than
// sorting every table again after each operation, which made diffing N new tables O(N²
// log N) table moves.
bool is_normalized(const schema& s) {
    return sorted_by_name(s.tables) &&
           std::all_of(s.tables.begin(), s.tables.end(), [](const table& t) {
               return sorted_by_name(t.indexes) && sorted_by_name(t.uniques) &&
                      sorted_by_name(t.foreign_keys) && sorted_by_name(t.checks);
           });
}

// The table whose name or contents @p op changes (its new name for a rename), or null
// when the order of tables and their constraint lists cannot change.
const std::string* touched_table(const operation& op) {
    return std::visit(
        overloaded{
            [](const ops::create_table& o) -> const std::string* { return &o.definition.name; },
            [](const ops::drop_table&) -> const std::string* { return nullptr; },
            [](const ops::rename_table& o) -> const std::string* { return &o.new_name; },
            [](const ops::add_column& o) -> const std::string* { return &o.table_name; },
            [](const ops::drop_column& o) -> const std::string* { return &o.table_name; },
            [](const ops::rename_column& o) -> const std::string* { return &o.table_name; },
            [](const ops::alter_column& o) -> const std::string* { return &o.table_name; },
            [](const ops::alter_primary_key& o) -> const std::string* { return &o.table_name; },
            [](const ops::create_index& o) -> const std::string* { return &o.table_name; },
            [](const ops::drop_index& o) -> const std::string* { return &o.table_name; },
            [](const ops::add_unique& o) -> const std::string* { return &o.table_name; },
            [](const ops::drop_unique& o) -> const std::string* { return &o.table_name; },
            [](const ops::add_foreign_key& o) -> const std::string* { return &o.table_name; },
            [](const ops::drop_foreign_key& o) -> const std::string* { return &o.table_name; },
            [](const ops::add_check& o) -> const std::string* { return &o.table_name; },
            [](const ops::drop_check& o) -> const std::string* { return &o.table_name; },
            [](const ops::set_table_comment& o) -> const std::string* { return &o.table_name; },
            [](const ops::execute_sql&) -> const std::string* { return nullptr; },
        },
        op);
}

// Restores schema::normalize() order in @p s, where only the table called @p name may be
// out of place or have unsorted constraint lists: the same result as normalize().
void renormalize_one(schema& s, const std::string& name) {
    // Where a binary search finds it, unless the change left it out of order: a new table
    // is appended last, a renamed one keeps its old place (then the scan).
    table* found = !s.tables.empty() && s.tables.back().name == name
                       ? &s.tables.back()
                       : detail::find_named_sorted(s.tables, name);
    if (found == nullptr) {
        found = detail::find_named(s.tables, name);
    }
    if (found == nullptr) {
        return;
    }
    auto it = s.tables.begin() + (found - s.tables.data());
    it->normalize();
    const auto by_name = [](const table& a, const table& b) { return a.name < b.name; };
    if (it != s.tables.begin() && by_name(*it, *std::prev(it))) {
        std::rotate(std::upper_bound(s.tables.begin(), it, *it, by_name), it, std::next(it));
    } else if (std::next(it) != s.tables.end() && by_name(*std::next(it), *it)) {
        std::rotate(it, std::next(it),
                    std::lower_bound(std::next(it), s.tables.end(), *it, by_name));
    }
}

// apply() of rename_table: references from other tables follow the rename, as they do in
// the database.
void rename_table(schema& target, bool sorted, const ops::rename_table& o) {
    if (find_table(target, sorted, o.new_name)) {
        throw error(fmt::format("cannot rename table '{}' to '{}': '{}' exists", o.old_name,
                                o.new_name, o.new_name));
    }
    table_or_throw(target, sorted, o.old_name, "rename table").name = o.new_name;
    for (auto& t : target.tables) {
        for (auto& key : t.foreign_keys) {
            if (key.referenced_table == o.old_name) {
                key.referenced_table = o.new_name;
            }
        }
    }
}

// apply() of rename_column: the column's indexes, constraints and the foreign keys that
// reference it follow the rename.
void rename_column(schema& target, bool sorted, const ops::rename_column& o) {
    table& t = table_or_throw(target, sorted, o.table_name, "rename column");
    if (t.find_column(o.new_name)) {
        throw error(fmt::format("cannot rename column '{}.{}' to '{}': it exists", o.table_name,
                                o.old_name, o.new_name));
    }
    column_or_throw(t, o.old_name, "rename column").name = o.new_name;
    for (auto& i : t.indexes) {
        rename_in(i.columns, o.old_name, o.new_name);
    }
    for (auto& u : t.uniques) {
        rename_in(u.columns, o.old_name, o.new_name);
    }
    for (auto& key : t.foreign_keys) {
        rename_in(key.columns, o.old_name, o.new_name);
    }
    for (auto& other : target.tables) {
        for (auto& key : other.foreign_keys) {
            if (key.referenced_table == o.table_name) {
                rename_in(key.referenced_columns, o.old_name, o.new_name);
            }
        }
    }
}

} // namespace

std::string describe(const operation& op) {
    return std::visit(
        overloaded{
            [](const ops::create_table& o) {
                return fmt::format("create table {}", o.definition.name);
            },
            [](const ops::drop_table& o) { return fmt::format("drop table {}", o.table_name); },
            [](const ops::rename_table& o) {
                return fmt::format("rename table {} to {}", o.old_name, o.new_name);
            },
            [](const ops::add_column& o) {
                return fmt::format("add column {}.{}", o.table_name, o.definition.name);
            },
            [](const ops::drop_column& o) {
                return fmt::format("drop column {}.{}", o.table_name, o.column_name);
            },
            [](const ops::rename_column& o) {
                return fmt::format("rename column {}.{} to {}", o.table_name, o.old_name,
                                   o.new_name);
            },
            [](const ops::alter_column& o) {
                return fmt::format("alter column {}.{}", o.table_name, o.to.name);
            },
            [](const ops::alter_primary_key& o) {
                return fmt::format("alter primary key of {} from ({}) to ({})", o.table_name,
                                   fmt::join(o.from_columns, ", "), fmt::join(o.to_columns, ", "));
            },
            [](const ops::create_index& o) {
                return fmt::format("create index {} on {}", o.definition.name, o.table_name);
            },
            [](const ops::drop_index& o) {
                return fmt::format("drop index {} on {}", o.index_name, o.table_name);
            },
            [](const ops::add_unique& o) {
                return fmt::format("add unique constraint {} on {}", o.definition.name,
                                   o.table_name);
            },
            [](const ops::drop_unique& o) {
                return fmt::format("drop unique constraint {} on {}", o.constraint_name,
                                   o.table_name);
            },
            [](const ops::add_foreign_key& o) {
                return fmt::format("add foreign key {} on {}", o.definition.name, o.table_name);
            },
            [](const ops::drop_foreign_key& o) {
                return fmt::format("drop foreign key {} on {}", o.constraint_name, o.table_name);
            },
            [](const ops::add_check& o) {
                return fmt::format("add check constraint {} on {}", o.definition.name,
                                   o.table_name);
            },
            [](const ops::drop_check& o) {
                return fmt::format("drop check constraint {} on {}", o.constraint_name,
                                   o.table_name);
            },
            [](const ops::set_table_comment& o) {
                return fmt::format("{} comment on table {}", o.comment ? "set" : "remove",
                                   o.table_name);
            },
            [](const ops::execute_sql& o) { return fmt::format("execute sql: {}", o.sql); },
        },
        op);
}

namespace {

// What @p op changes in @p target, leaving the order of tables and lists to the caller.
// @p sorted: @p target is normalized, so tables are found by binary search.
void change(schema& target, const operation& op, bool sorted) {
    std::visit(
        overloaded{
            [&](const ops::create_table& o) {
                if (find_table(target, sorted, o.definition.name)) {
                    throw error(fmt::format("cannot create table '{}': it already exists",
                                            o.definition.name));
                }
                target.tables.push_back(o.definition);
            },
            [&](const ops::drop_table& o) {
                table_or_throw(target, sorted, o.table_name, "drop table");
                std::erase_if(target.tables,
                              [&](const table& t) { return t.name == o.table_name; });
            },
            [&](const ops::rename_table& o) { rename_table(target, sorted, o); },
            [&](const ops::add_column& o) {
                table& t = table_or_throw(target, sorted, o.table_name, "add column");
                if (t.find_column(o.definition.name)) {
                    throw error(fmt::format("cannot add column '{}.{}': it already exists",
                                            o.table_name, o.definition.name));
                }
                t.columns.push_back(o.definition);
            },
            [&](const ops::drop_column& o) {
                table& t = table_or_throw(target, sorted, o.table_name, "drop column");
                column_or_throw(t, o.column_name, "drop column");
                std::erase_if(t.columns, [&](const column& c) { return c.name == o.column_name; });
            },
            [&](const ops::rename_column& o) { rename_column(target, sorted, o); },
            [&](const ops::alter_column& o) {
                table& t = table_or_throw(target, sorted, o.table_name, "alter column");
                column_or_throw(t, o.from.name, "alter column") = o.to;
            },
            [&](const ops::alter_primary_key& o) {
                table& t = table_or_throw(target, sorted, o.table_name, "alter primary key");
                alter_key(t, o);
            },
            [&](const ops::create_index& o) {
                add_named(table_or_throw(target, sorted, o.table_name, "create index").indexes,
                          o.definition, o.table_name, "index");
            },
            [&](const ops::drop_index& o) {
                erase_named(table_or_throw(target, sorted, o.table_name, "drop index").indexes,
                            o.index_name, o.table_name, "index");
            },
            [&](const ops::add_unique& o) {
                add_named(
                    table_or_throw(target, sorted, o.table_name, "add unique constraint").uniques,
                    o.definition, o.table_name, "unique constraint");
            },
            [&](const ops::drop_unique& o) {
                erase_named(table_or_throw(target, sorted, o.table_name, "drop unique").uniques,
                            o.constraint_name, o.table_name, "unique constraint");
            },
            [&](const ops::add_foreign_key& o) {
                add_named(
                    table_or_throw(target, sorted, o.table_name, "add foreign key").foreign_keys,
                    o.definition, o.table_name, "foreign key");
            },
            [&](const ops::drop_foreign_key& o) {
                erase_named(
                    table_or_throw(target, sorted, o.table_name, "drop foreign key").foreign_keys,
                    o.constraint_name, o.table_name, "foreign key");
            },
            [&](const ops::add_check& o) {
                add_named(table_or_throw(target, sorted, o.table_name, "add check").checks,
                          o.definition, o.table_name, "check constraint");
            },
            [&](const ops::drop_check& o) {
                erase_named(table_or_throw(target, sorted, o.table_name, "drop check").checks,
                            o.constraint_name, o.table_name, "check constraint");
            },
            [&](const ops::set_table_comment& o) {
                table_or_throw(target, sorted, o.table_name, "set table comment").comment =
                    o.comment;
            },
            [](const ops::execute_sql&) {
                // Hand-written SQL does not change the modelled schema.
            },
        },
        op);
}

// After change(): @p target was normalized before it, so only the table it touched can be
// out of order.
void renormalize_touched(schema& target, const operation& op) {
    if (const std::string* name = touched_table(op)) {
        renormalize_one(target, *name);
    }
}

} // namespace

void apply(schema& target, const operation& op) {
    const bool was_normalized = is_normalized(target);
    change(target, op, was_normalized);
    if (!was_normalized) {
        target.normalize();
    } else {
        renormalize_touched(target, op);
    }
}

void apply_to_normalized(schema& target, const operation& op) {
    change(target, op, true);
    renormalize_touched(target, op);
}

} // namespace strata
