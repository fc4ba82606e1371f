#include "scan/resolve.hpp"

#include "scan/naming.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string_view>

namespace strata::generator {
namespace {

/// Turns the names in one table's lists into columns of the schema, reporting what does
/// not resolve.
class resolver {
public:
    explicit resolver(found_models& models) : m_models(models) {}

    /// The column of @p found called @p name, by column name first, then by member name.
    static const column* find_column(const found_table& found, std::string_view name) {
        if (const column* by_name = found.model.find_column(name)) {
            return by_name;
        }
        for (std::size_t i = 0; i < found.columns.size(); ++i) {
            if (found.columns[i].member == name) {
                return &found.model.columns[i];
            }
        }
        return nullptr;
    }

    /// Resolves member or column names to column names. Reports a missing or repeated
    /// column; returns std::nullopt then, and also (silently) for a member already reported.
    std::optional<std::vector<std::string>> resolve_columns(const found_table& found,
                                                            const std::vector<std::string>& names,
                                                            const std::string& what,
                                                            const source_location& where) {
        std::vector<std::string> resolved;
        bool ok = true;
        for (const auto& name : names) {
            const column* c = find_column(found, name);
            if (c == nullptr) {
                if (!found.skipped.contains(name)) {
                    m_models.report(where,
                                    fmt::format("{} names missing column '{}' of table '{}'", what,
                                                name, found.model.name),
                                    {fmt::format("columns of table '{}' are: {}", found.model.name,
                                                 join(column_names(found.model))),
                                     "name a column by its member name or its column name"});
                }
                ok = false;
                continue;
            }
            if (std::find(resolved.begin(), resolved.end(), c->name) != resolved.end()) {
                m_models.report(where, fmt::format("{} names column '{}' twice", what, c->name));
                ok = false;
                continue;
            }
            resolved.push_back(c->name);
        }
        if (!ok) {
            return std::nullopt;
        }
        return resolved;
    }

    void resolve_indexes_and_checks(found_table& found) {
        table& model = found.model;
        // Column-level options first, in declaration order.
        for (std::size_t i = 0; i < found.columns.size(); ++i) {
            const column_options& opts = found.columns[i].options;
            const std::vector<std::string> columns{model.columns[i].name};
            if (opts.index) {
                model.indexes.push_back({default_index_name(model.name, columns, false), columns});
                m_models.origins[&found].push_back(
                    {model.indexes.back().name, "index", found.columns[i].where});
            }
            if (opts.unique) {
                model.uniques.push_back({default_unique_name(model.name, columns), columns});
                m_models.origins[&found].push_back({model.uniques.back().name, "unique constraint",
                                                    found.columns[i].where, columns.front()});
            }
            if (opts.check) {
                model.checks.push_back(
                    {fmt::format("ck_{}_{}", model.name, model.columns[i].name), *opts.check});
                m_models.origins[&found].push_back({model.checks.back().name, "check constraint",
                                                    found.columns[i].where, columns.front()});
            }
        }
        for (const index_option& option : found.options.indexes) {
            const char* key = option.kind == index_option::index_kind::index ? "index"
                              : option.kind == index_option::index_kind::unique_index
                                  ? "unique_index"
                                  : "unique";
            const auto columns = resolve_columns(
                found, option.columns,
                fmt::format("table option '{}' of struct '{}'", key, found.struct_name),
                found.options_where);
            if (!columns) {
                continue;
            }
            if (option.kind == index_option::index_kind::unique) {
                model.uniques.push_back(
                    {option.name.value_or(default_unique_name(model.name, *columns)), *columns});
                m_models.origins[&found].push_back(
                    {model.uniques.back().name, "unique constraint", found.options_where});
            } else {
                const bool unique = option.kind == index_option::index_kind::unique_index;
                model.indexes.push_back(
                    {option.name.value_or(default_index_name(model.name, *columns, unique)),
                     *columns, unique});
                m_models.origins[&found].push_back(
                    {model.indexes.back().name, "index", found.options_where});
            }
        }
        int unnamed = 0;
        for (const check_option& option : found.options.checks) {
            std::string name =
                option.name ? *option.name : fmt::format("ck_{}_{}", model.name, ++unnamed);
            model.checks.push_back({std::move(name), option.expression});
            m_models.origins[&found].push_back(
                {model.checks.back().name, "check constraint", found.options_where});
        }
    }

    /// True when @p columns (in any order) are the primary key or have a unique constraint
    /// or unique index: the only targets a database accepts for a foreign key.
    static bool is_unique_key(const table& model, const std::vector<std::string>& columns) {
        const auto same = [&](std::vector<std::string> other) {
            std::vector<std::string> wanted = columns;
            std::sort(wanted.begin(), wanted.end());
            std::sort(other.begin(), other.end());
            return wanted == other;
        };
        if (same(model.primary_key())) {
            return true;
        }
        return std::any_of(model.uniques.begin(), model.uniques.end(),
                           [&](const unique_constraint& u) { return same(u.columns); }) ||
               std::any_of(model.indexes.begin(), model.indexes.end(),
                           [&](const index& i) { return i.unique && same(i.columns); });
    }

    /// One foreign key, from a column's `references` or the table's `foreign_key` list.
    struct pending_foreign_key {
        std::optional<std::string> name;
        std::vector<std::string> columns;
        std::string referenced_table;
        std::vector<std::string> referenced_columns;
        referential_action on_delete = referential_action::no_action;
        referential_action on_update = referential_action::no_action;
        /// "member 'Post::author_id'" or "foreign key of struct 'Post'".
        std::string what;
        source_location where;
        /// The column whose `references` declared it; empty for the table's list.
        std::string column = {};
    };

    void resolve_foreign_keys(found_table& found) {
        std::vector<pending_foreign_key> pending;
        for (std::size_t i = 0; i < found.columns.size(); ++i) {
            if (const auto& ref = found.columns[i].options.references) {
                pending.push_back(
                    {std::nullopt,
                     {found.model.columns[i].name},
                     ref->table,
                     {ref->column},
                     ref->on_delete,
                     ref->on_update,
                     fmt::format("member '{}::{}'", found.short_name, found.columns[i].member),
                     found.columns[i].where,
                     found.model.columns[i].name});
            }
        }
        for (const foreign_key_option& option : found.options.foreign_keys) {
            pending.push_back({option.name, option.columns, option.referenced_table,
                               option.referenced_columns, option.on_delete, option.on_update,
                               fmt::format("foreign key of struct '{}'", found.struct_name),
                               found.options_where});
        }
        for (auto& fk : pending) {
            if (auto resolved = resolve_foreign_key(found, fk)) {
                found.model.foreign_keys.push_back(std::move(*resolved));
                m_models.origins[&found].push_back(
                    {found.model.foreign_keys.back().name, "foreign key", fk.where, fk.column});
            }
        }
    }

    std::optional<foreign_key> resolve_foreign_key(const found_table& found,
                                                   const pending_foreign_key& fk) {
        const auto columns = resolve_columns(found, fk.columns, fk.what, fk.where);
        const found_table* target = m_models.find_table(fk.referenced_table);
        if (target == nullptr) {
            if (!m_models.table_options_failed) {
                report_missing_table(fk);
            }
            return std::nullopt;
        }
        const auto referenced = resolve_columns(
            *target, fk.referenced_columns,
            fmt::format("{} (references '{}')", fk.what, target->model.name), fk.where);
        if (!columns || !referenced) {
            return std::nullopt;
        }
        if (columns->size() != referenced->size()) {
            m_models.report(fk.where,
                            fmt::format("{} has {} column{} ({}) but references {} ({})", fk.what,
                                        columns->size(), columns->size() == 1 ? "" : "s",
                                        join(*columns), referenced->size(), join(*referenced)),
                            {"a foreign key needs one referenced column for each of its columns"});
            return std::nullopt;
        }
        if (!is_unique_key(target->model, *referenced)) {
            const std::vector<std::string> key = target->model.primary_key();
            m_models.report(
                fk.where,
                fmt::format("{} references '{}' ({}), which is neither the primary key nor "
                            "unique",
                            fk.what, target->model.name, join(*referenced)),
                {fmt::format("a database accepts foreign keys only to a primary key ({}) or "
                             "to unique columns; add unique = ({}) to struct '{}'",
                             join(key), join(*referenced), target->struct_name)});
            return std::nullopt;
        }
        if (fk.on_delete == referential_action::set_null ||
            fk.on_update == referential_action::set_null) {
            for (const auto& name : *columns) {
                if (!found.model.find_column(name)->nullable) {
                    m_models.report(
                        fk.where,
                        fmt::format("{} has {} = set_null, but column '{}' is NOT NULL", fk.what,
                                    fk.on_delete == referential_action::set_null ? "on_delete"
                                                                                 : "on_update",
                                    name),
                        {"make the member std::optional, or choose another action"});
                    return std::nullopt;
                }
            }
        }
        foreign_key result;
        result.name = fk.name.value_or(
            default_foreign_key_name(found.model.name, *columns, target->model.name));
        result.columns = *columns;
        result.referenced_table = target->model.name;
        result.referenced_columns = *referenced;
        result.on_delete = fk.on_delete;
        result.on_update = fk.on_update;
        return result;
    }

    void report_missing_table(const pending_foreign_key& fk) {
        std::vector<std::string> names;
        std::vector<std::string> notes;
        for (const auto& other : m_models.tables) {
            names.push_back(other.model.name);
            if (other.short_name == fk.referenced_table ||
                other.struct_name == fk.referenced_table) {
                notes.push_back(
                    fmt::format("struct '{}' maps to table '{}'; foreign keys name the table",
                                other.struct_name, other.model.name));
            }
        }
        std::sort(names.begin(), names.end());
        notes.push_back(fmt::format("tables in the scanned models are: {}", join(names)));
        notes.emplace_back("a table declared in another header must be scanned in the same run");
        m_models.report(
            fk.where, fmt::format("{} references missing table '{}'", fk.what, fk.referenced_table),
            std::move(notes));
    }

private:
    found_models& m_models;
};

} // namespace

void resolve_indexes_and_checks(found_table& found, found_models& models) {
    resolver(models).resolve_indexes_and_checks(found);
}

void resolve_foreign_keys(found_table& found, found_models& models) {
    resolver(models).resolve_foreign_keys(found);
}

} // namespace strata::generator
