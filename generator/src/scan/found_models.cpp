#include "scan/found_models.hpp"

namespace strata::generator {

std::vector<std::string> column_names(const table& model) {
    std::vector<std::string> names;
    for (const auto& c : model.columns) {
        names.push_back(c.name);
    }
    return names;
}

void found_models::report(source_location where, std::string message,
                          std::vector<std::string> notes) {
    problems.push_back({std::move(where), std::move(message), std::move(notes)});
}

void found_models::index_by_name() {
    first_by_name.clear();
    for (std::size_t i = 0; i < tables.size(); ++i) {
        first_by_name.emplace(tables[i].model.name, i);
    }
}

found_table* found_models::find_table(const std::string& name) {
    auto it = first_by_name.find(name);
    return it == first_by_name.end() ? nullptr : &tables[it->second];
}

std::vector<declared_name> found_models::declared_names() {
    std::vector<declared_name> names;
    for (const auto& found : tables) {
        names.push_back({found.model.name, "table", {}, found.where});
        for (std::size_t i = 0; i < found.columns.size(); ++i) {
            names.push_back(
                {found.model.columns[i].name, "column", found.model.name, found.columns[i].where});
        }
        for (const named_item& item : origins[&found]) {
            names.push_back({item.name, item.what, found.model.name, item.where});
        }
    }
    return names;
}

std::pair<schema, scan_annotations> found_models::take_result() {
    schema result;
    scan_annotations notes;
    for (auto& found : tables) {
        const std::string& name = found.model.name;
        notes.locations[name] = found.where;
        if (found.options.existing_rows) {
            notes.existing_rows[name] = *found.options.existing_rows;
        }
        for (const named_item& item : origins[&found]) {
            notes.constraint_owners[name + "." + item.name] =
                item.column.empty() ? name : name + "." + item.column;
        }
        if (found.options.renamed_from) {
            notes.renames.push_back({name, {}, *found.options.renamed_from, found.where});
        }
        for (std::size_t i = 0; i < found.columns.size(); ++i) {
            const std::string& column_name = found.model.columns[i].name;
            const found_column& c = found.columns[i];
            const std::string key = name + "." + column_name;
            notes.locations[key] = c.where;
            if (c.options.renamed_from) {
                notes.renames.push_back({name, column_name, *c.options.renamed_from, c.where});
            }
            if (c.options.backfill) {
                notes.backfills[key] = *c.options.backfill;
            }
            if (c.options.existing_rows) {
                notes.existing_rows[key] = *c.options.existing_rows;
            }
        }
        result.tables.push_back(std::move(found.model));
    }
    return {std::move(result), std::move(notes)};
}

} // namespace strata::generator
