#include "compare/invert.hpp"

#include "strata/detail/named.hpp"
#include "strata/detail/overloaded.hpp"
#include "strata/error.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace strata::generator {
namespace {
using strata::detail::overloaded;

const table& table_in(const schema& s, const std::string& name) {
    if (const table* t = s.find_table(name)) {
        return *t;
    }
    throw error(fmt::format("internal error: table '{}' is not in the schema", name));
}

const column& column_in(const schema& s, const std::string& table_name, const std::string& name) {
    if (const column* c = table_in(s, table_name).find_column(name)) {
        return *c;
    }
    throw error(
        fmt::format("internal error: column '{}.{}' is not in the schema", table_name, name));
}

template <class T>
const T& named_in(const std::vector<T>& items, const std::string& name,
                  const std::string& table_name) {
    if (const T* item = detail::find_named(items, name)) {
        return *item;
    }
    throw error(fmt::format("internal error: '{}' is not on table '{}'", name, table_name));
}

} // namespace

std::optional<operation> invert(const operation& op, const schema& before) {
    return std::visit(
        overloaded{
            [&](const ops::create_table& o) -> std::optional<operation> {
                return ops::drop_table{o.definition.name};
            },
            [&](const ops::drop_table& o) -> std::optional<operation> {
                return ops::create_table{table_in(before, o.table_name)};
            },
            [&](const ops::rename_table& o) -> std::optional<operation> {
                return ops::rename_table{o.new_name, o.old_name};
            },
            [&](const ops::add_column& o) -> std::optional<operation> {
                return ops::drop_column{o.table_name, o.definition.name};
            },
            [&](const ops::drop_column& o) -> std::optional<operation> {
                return ops::add_column{o.table_name,
                                       column_in(before, o.table_name, o.column_name)};
            },
            [&](const ops::rename_column& o) -> std::optional<operation> {
                return ops::rename_column{o.table_name, o.new_name, o.old_name};
            },
            [&](const ops::alter_column& o) -> std::optional<operation> {
                return ops::alter_column{o.table_name, o.to, o.from};
            },
            [&](const ops::alter_primary_key& o) -> std::optional<operation> {
                return ops::alter_primary_key{o.table_name, o.to_columns, o.from_columns};
            },
            [&](const ops::create_index& o) -> std::optional<operation> {
                return ops::drop_index{o.table_name, o.definition.name};
            },
            [&](const ops::drop_index& o) -> std::optional<operation> {
                return ops::create_index{
                    o.table_name,
                    named_in(table_in(before, o.table_name).indexes, o.index_name, o.table_name)};
            },
            [&](const ops::add_unique& o) -> std::optional<operation> {
                return ops::drop_unique{o.table_name, o.definition.name};
            },
            [&](const ops::drop_unique& o) -> std::optional<operation> {
                return ops::add_unique{o.table_name,
                                       named_in(table_in(before, o.table_name).uniques,
                                                o.constraint_name, o.table_name)};
            },
            [&](const ops::add_foreign_key& o) -> std::optional<operation> {
                return ops::drop_foreign_key{o.table_name, o.definition.name};
            },
            [&](const ops::drop_foreign_key& o) -> std::optional<operation> {
                return ops::add_foreign_key{o.table_name,
                                            named_in(table_in(before, o.table_name).foreign_keys,
                                                     o.constraint_name, o.table_name)};
            },
            [&](const ops::add_check& o) -> std::optional<operation> {
                return ops::drop_check{o.table_name, o.definition.name};
            },
            [&](const ops::drop_check& o) -> std::optional<operation> {
                return ops::add_check{o.table_name, named_in(table_in(before, o.table_name).checks,
                                                             o.constraint_name, o.table_name)};
            },
            [&](const ops::set_table_comment& o) -> std::optional<operation> {
                return ops::set_table_comment{o.table_name, table_in(before, o.table_name).comment};
            },
            [&](const ops::execute_sql&) -> std::optional<operation> { return std::nullopt; },
        },
        op);
}

} // namespace strata::generator
