#include "scan/model_checks.hpp"

#include "scan/naming.hpp"

#include <fmt/format.h>

#include <map>

namespace strata::generator {

void check_autoincrement(const found_table& found, found_models& models) {
    const std::vector<std::string> key = found.model.primary_key();
    for (std::size_t i = 0; i < found.columns.size(); ++i) {
        if (found.model.columns[i].autoincrement && key.size() != 1) {
            models.report(found.columns[i].where,
                          fmt::format("column option 'autoincrement' on member '{}::{}' of a "
                                      "composite primary key ({})",
                                      found.short_name, found.columns[i].member, join(key)),
                          {"autoincrement needs a single-column primary key"});
        }
    }
}

void check_column_renames(const found_table& found, found_models& models) {
    const auto& columns = found.model.columns;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        const auto& old_name = found.columns[i].options.renamed_from;
        if (!old_name) {
            continue;
        }
        const std::string qualified = found.short_name + "::" + found.columns[i].member;
        if (*old_name == columns[i].name) {
            models.report(found.columns[i].where,
                          fmt::format("member '{}' is renamed_from its own column name '{}'",
                                      qualified, *old_name),
                          {"renamed_from takes the column's previous name"});
            continue;
        }
        for (std::size_t j = 0; j < columns.size(); ++j) {
            if (columns[j].name == *old_name) {
                models.report(found.columns[i].where,
                              fmt::format("member '{}' is renamed_from '{}', but member '{}::{}' "
                                          "still maps to column '{}'",
                                          qualified, *old_name, found.short_name,
                                          found.columns[j].member, *old_name),
                              {"a renamed column's old name must be gone; rename or remove the "
                               "other member"});
            }
            if (j < i && found.columns[j].options.renamed_from == old_name) {
                models.report(found.columns[i].where,
                              fmt::format("members '{}::{}' and '{}' are both renamed_from '{}'",
                                          found.short_name, found.columns[j].member, qualified,
                                          *old_name),
                              {"only one column can take over an old column"});
            }
        }
    }
}

void check_duplicate_tables(found_models& models) {
    for (std::size_t i = 0; i < models.tables.size(); ++i) {
        // Against the first struct that maps to the same table.
        const std::size_t j = models.first_by_name.at(models.tables[i].model.name);
        if (j != i) {
            models.report(models.tables[i].where,
                          fmt::format("structs '{}' and '{}' both map to table '{}'",
                                      models.tables[j].struct_name, models.tables[i].struct_name,
                                      models.tables[i].model.name),
                          {fmt::format("'{}' is declared at {}", models.tables[j].struct_name,
                                       format_location(models.tables[j].where)),
                           "give one of them another name with STRATA_TABLE(name = \"...\")"});
        }
    }
}

void check_table_renames(found_models& models) {
    for (std::size_t i = 0; i < models.tables.size(); ++i) {
        const found_table& found = models.tables[i];
        const auto& old_name = found.options.renamed_from;
        if (!old_name) {
            continue;
        }
        if (*old_name == found.model.name) {
            models.report(found.options_where,
                          fmt::format("struct '{}' is renamed_from its own table name '{}'",
                                      found.struct_name, *old_name),
                          {"renamed_from takes the table's previous name"});
            continue;
        }
        for (std::size_t j = 0; j < models.tables.size(); ++j) {
            if (models.tables[j].model.name == *old_name) {
                models.report(found.options_where,
                              fmt::format("struct '{}' is renamed_from '{}', but struct '{}' still "
                                          "maps to table '{}'",
                                          found.struct_name, *old_name,
                                          models.tables[j].struct_name, *old_name),
                              {"a renamed table's old name must be gone; rename or remove the "
                               "other struct"});
            }
            if (j < i && models.tables[j].options.renamed_from == old_name) {
                models.report(found.options_where,
                              fmt::format("structs '{}' and '{}' are both renamed_from '{}'",
                                          models.tables[j].struct_name, found.struct_name,
                                          *old_name),
                              {"only one table can take over an old table"});
            }
        }
    }
}

void check_constraint_names(found_models& models) {
    struct global_name {
        const named_item* item;
        const found_table* owner;
    };
    std::map<std::string, global_name> global;
    for (const auto& found : models.tables) {
        global.emplace(found.model.name, global_name{nullptr, &found});
    }
    for (const auto& found : models.tables) {
        const auto& items = models.origins[&found];
        for (std::size_t i = 0; i < items.size(); ++i) {
            const named_item& item = items[i];
            bool duplicate = false;
            for (std::size_t j = 0; j < i && !duplicate; ++j) {
                if (items[j].name == item.name) {
                    duplicate = true;
                    const std::string both =
                        items[j].what == item.what
                            ? fmt::format("two {}", plural(item.what))
                            : fmt::format("{} {} and {} {}", article(items[j].what), items[j].what,
                                          article(item.what), item.what);
                    models.report(item.where,
                                  fmt::format("struct '{}' has {} named '{}'", found.struct_name,
                                              both, item.name),
                                  {fmt::format("the {} is declared at {}", items[j].what,
                                               format_location(items[j].where)),
                                   "give one of them an explicit name, e.g. index = (\"name\", "
                                   "column)"});
                }
            }
            if (duplicate || (item.what != "index" && item.what != "unique constraint")) {
                continue;
            }
            const auto [it, inserted] = global.emplace(item.name, global_name{&item, &found});
            if (inserted || (it->second.owner == &found && it->second.item != nullptr)) {
                continue;
            }
            const found_table& other = *it->second.owner;
            if (it->second.item == nullptr) {
                models.report(item.where,
                              fmt::format("{} '{}' of struct '{}' has the name of table '{}'",
                                          item.what, item.name, found.struct_name, item.name),
                              {"indexes and tables share one namespace in the database; give the "
                               "index another name"});
            } else {
                models.report(
                    item.where,
                    fmt::format("{} '{}' of struct '{}' has the name of {} '{}' of struct "
                                "'{}'",
                                item.what, item.name, found.struct_name, it->second.item->what,
                                item.name, other.struct_name),
                    {fmt::format("the other is declared at {}",
                                 format_location(it->second.item->where)),
                     "index and unique constraint names must be unique in the whole "
                     "database; give one of them another name"});
            }
        }
    }
}

void check_enums(found_models& models) {
    struct first_use {
        std::string member;
        std::vector<std::string> values;
    };
    std::map<std::string, first_use> seen;
    for (const auto& found : models.tables) {
        for (std::size_t i = 0; i < found.columns.size(); ++i) {
            const column_type& type = found.model.columns[i].type;
            if (type.kind != type_kind::enumeration) {
                continue;
            }
            const std::string member = found.short_name + "::" + found.columns[i].member;
            const auto [it, inserted] =
                seen.emplace(type.enum_name, first_use{member, type.enum_values});
            if (!inserted && it->second.values != type.enum_values) {
                models.report(found.columns[i].where,
                              fmt::format("member '{}' uses enum type '{}' with values ({}), but "
                                          "member '{}' uses an enum of the same name with values "
                                          "({})",
                                          member, type.enum_name, join(type.enum_values),
                                          it->second.member, join(it->second.values)),
                              {"an enum's SQL type is named after the enum in snake_case; rename "
                               "one of the enums"});
            }
        }
    }
}

} // namespace strata::generator
