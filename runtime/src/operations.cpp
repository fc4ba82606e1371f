#include "strata/operations.hpp"

#include "strata/error.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace strata {
namespace {
template <class... Fs>
struct overloaded : Fs... {
    using Fs::operator()...;
};
template <class... Fs>
overloaded(Fs...) -> overloaded<Fs...>;

table& table_or_throw(schema& target, const std::string& name, const char* what) {
    for (auto& t : target.tables) {
        if (t.name == name) {
            return t;
        }
    }
    throw error(fmt::format("cannot {}: table '{}' does not exist", what, name));
}
} // namespace

std::string describe(const operation& op) {
    return std::visit(
        overloaded{
            [](const ops::create_table& o) {
                return fmt::format("create table {}", o.definition.name);
            },
            [](const ops::drop_table& o) { return fmt::format("drop table {}", o.table_name); },
            [](const ops::add_column& o) {
                return fmt::format("add column {}.{}", o.table_name, o.definition.name);
            },
            [](const ops::drop_column& o) {
                return fmt::format("drop column {}.{}", o.table_name, o.column_name);
            },
            [](const ops::execute_sql& o) { return fmt::format("execute sql: {}", o.sql); },
        },
        op);
}

void apply(schema& target, const operation& op) {
    std::visit(overloaded{
                   [&](const ops::create_table& o) {
                       if (target.find_table(o.definition.name)) {
                           throw error(fmt::format("cannot create table '{}': it already exists",
                                                   o.definition.name));
                       }
                       target.tables.push_back(o.definition);
                       target.normalize();
                   },
                   [&](const ops::drop_table& o) {
                       table_or_throw(target, o.table_name, "drop table");
                       std::erase_if(target.tables,
                                     [&](const table& t) { return t.name == o.table_name; });
                   },
                   [&](const ops::add_column& o) {
                       table& t = table_or_throw(target, o.table_name, "add column");
                       if (t.find_column(o.definition.name)) {
                           throw error(fmt::format("cannot add column '{}.{}': it already exists",
                                                   o.table_name, o.definition.name));
                       }
                       t.columns.push_back(o.definition);
                   },
                   [&](const ops::drop_column& o) {
                       table& t = table_or_throw(target, o.table_name, "drop column");
                       if (!t.find_column(o.column_name)) {
                           throw error(fmt::format("cannot drop column '{}.{}': it does not exist",
                                                   o.table_name, o.column_name));
                       }
                       std::erase_if(t.columns,
                                     [&](const column& c) { return c.name == o.column_name; });
                   },
                   [](const ops::execute_sql&) {
                       // Hand-written SQL does not change the modelled schema.
                   },
               },
               op);
}

void operations::create_table(std::string name, std::vector<column> columns) {
    m_recorded.emplace_back(ops::create_table{table{std::move(name), std::move(columns)}});
}

void operations::drop_table(std::string name) {
    m_recorded.emplace_back(ops::drop_table{std::move(name)});
}

void operations::add_column(std::string table_name, column definition) {
    m_recorded.emplace_back(ops::add_column{std::move(table_name), std::move(definition)});
}

void operations::drop_column(std::string table_name, std::string column_name) {
    m_recorded.emplace_back(ops::drop_column{std::move(table_name), std::move(column_name)});
}

void operations::execute(std::string sql) {
    m_recorded.emplace_back(ops::execute_sql{std::move(sql)});
}

} // namespace strata
