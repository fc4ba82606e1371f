#include "invert.hpp"

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
    auto it = std::find_if(items.begin(), items.end(), [&](const T& x) { return x.name == name; });
    if (it == items.end()) {
        throw error(fmt::format("internal error: '{}' is not on table '{}'", name, table_name));
    }
    return *it;
}

int integer_rank(type_kind kind) {
    switch (kind) {
    case type_kind::int16:
        return 1;
    case type_kind::int32:
        return 2;
    case type_kind::int64:
        return 3;
    default:
        return 0;
    }
}

} // namespace

bool widens_or_keeps(const column_type& from, const column_type& to) {
    if (from == to) {
        return true;
    }
    if (!to.sql_override.empty() || !from.sql_override.empty()) {
        return false;
    }
    if (integer_rank(from.kind) && integer_rank(to.kind)) {
        return integer_rank(from.kind) <= integer_rank(to.kind);
    }
    if (from.kind == type_kind::float32 && to.kind == type_kind::float64) {
        return true;
    }
    if (from.kind == type_kind::string && to.kind == type_kind::string) {
        return !to.length || (from.length && *from.length <= *to.length);
    }
    if (from.kind == type_kind::decimal && to.kind == type_kind::decimal) {
        const int from_int = from.precision.value_or(0) - from.scale.value_or(0);
        const int to_int = to.precision.value_or(0) - to.scale.value_or(0);
        return to_int >= from_int && to.scale.value_or(0) >= from.scale.value_or(0);
    }
    if (from.kind == type_kind::enumeration && to.kind == type_kind::enumeration) {
        return std::all_of(from.enum_values.begin(), from.enum_values.end(), [&](const auto& v) {
            return std::find(to.enum_values.begin(), to.enum_values.end(), v) !=
                   to.enum_values.end();
        });
    }
    return false;
}

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

std::string data_loss_warning(const operation& op) {
    if (const auto* o = std::get_if<ops::drop_table>(&op)) {
        return fmt::format("drops table {} and every row in it; may lose data", o->table_name);
    }
    if (const auto* o = std::get_if<ops::drop_column>(&op)) {
        return fmt::format("drops column {}.{} and its values; may lose data", o->table_name,
                           o->column_name);
    }
    if (const auto* o = std::get_if<ops::alter_column>(&op)) {
        std::vector<std::string> reasons;
        if (!widens_or_keeps(o->from.type, o->to.type)) {
            reasons.push_back("narrows or converts its type");
        }
        if (o->from.nullable && !o->to.nullable) {
            reasons.push_back("makes it NOT NULL (fails while rows hold NULL)");
        }
        if (reasons.empty()) {
            return {};
        }
        std::string text = fmt::format("alters column {}.{}: ", o->table_name, o->to.name);
        for (std::size_t i = 0; i < reasons.size(); ++i) {
            text += (i ? " and " : "") + reasons[i];
        }
        return text + "; may lose data";
    }
    if (const auto* o = std::get_if<ops::alter_primary_key>(&op)) {
        // Any new key can meet rows that repeat it, a narrower one most easily.
        return o->to_columns.empty()
                   ? std::string()
                   : fmt::format("changes the primary key of {}; fails if rows duplicate the "
                                 "new key",
                                 o->table_name);
    }
    return {};
}

} // namespace strata::generator
