#include "diff.hpp"

#include "diagnostic.hpp"

#include <fmt/format.h>

namespace strata::generator {
namespace {

std::string describe_type(const column& c) {
    std::string text(to_string(c.type.kind));
    if (c.type.length) {
        text += fmt::format("({})", *c.type.length);
    }
    if (c.nullable) {
        text = "optional " + text;
    }
    if (c.primary_key) {
        text += " primary key";
    }
    return text;
}

} // namespace

std::vector<change> diff(const schema& from, const schema& to) {
    std::vector<change> created_tables;
    std::vector<change> added_columns;
    std::vector<change> dropped_columns;
    std::vector<change> dropped_tables;
    std::vector<diagnostic> unsupported;

    for (const auto& new_table : to.tables) {
        const table* old_table = from.find_table(new_table.name);
        if (!old_table) {
            created_tables.push_back(
                {ops::create_table{new_table}, ops::drop_table{new_table.name}});
            continue;
        }
        for (const auto& new_column : new_table.columns) {
            const column* old_column = old_table->find_column(new_column.name);
            if (!old_column && !new_column.nullable) {
                // The table may already hold rows, and they need a value for the new column.
                unsupported.push_back(diagnostic{
                    {},
                    fmt::format("column '{}.{}' is added to an existing table as NOT NULL, but "
                                "existing rows would have no value for it",
                                new_table.name, new_column.name),
                    {fmt::format("declare the member as std::optional<...> so the column is "
                                 "nullable, or add it in a new table"),
                     "server defaults and backfills are not supported yet"}});
            } else if (!old_column) {
                added_columns.push_back({ops::add_column{new_table.name, new_column},
                                         ops::drop_column{new_table.name, new_column.name}});
            } else if (*old_column != new_column) {
                unsupported.push_back(diagnostic{
                    {},
                    fmt::format("column '{}.{}' changed from {} to {}; changing a column in "
                                "place is not supported yet",
                                new_table.name, new_column.name, describe_type(*old_column),
                                describe_type(new_column)),
                    {"revert the change, or write the migration by hand with `strata revision "
                     "-m MESSAGE` and op.execute(...), then update the snapshot"}});
            }
        }
        for (const auto& old_column : old_table->columns) {
            if (!new_table.find_column(old_column.name)) {
                dropped_columns.push_back({ops::drop_column{new_table.name, old_column.name},
                                           ops::add_column{new_table.name, old_column}});
            }
        }
    }
    for (const auto& old_table : from.tables) {
        if (!to.find_table(old_table.name)) {
            dropped_tables.push_back(
                {ops::drop_table{old_table.name}, ops::create_table{old_table}});
        }
    }
    if (!unsupported.empty()) {
        throw diagnostic_error(std::move(unsupported));
    }

    std::vector<change> all;
    for (auto* group : {&created_tables, &added_columns, &dropped_columns, &dropped_tables}) {
        all.insert(all.end(), group->begin(), group->end());
    }
    return all;
}

std::vector<operation> upgrade_operations(const std::vector<change>& changes) {
    std::vector<operation> result;
    result.reserve(changes.size());
    for (const auto& c : changes) {
        result.push_back(c.upgrade);
    }
    return result;
}

std::vector<operation> downgrade_operations(const std::vector<change>& changes) {
    std::vector<operation> result;
    result.reserve(changes.size());
    for (auto it = changes.rbegin(); it != changes.rend(); ++it) {
        result.push_back(it->downgrade);
    }
    return result;
}

} // namespace strata::generator
