#include "strata/sqlite/dialect.hpp"

#include "sql_tokens.hpp"
#include "strata/detail/overloaded.hpp"
#include "strata/error.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h> // fmt::join lives here from fmt 11 on
#include <map>

namespace strata::sqlite {
namespace {
using strata::detail::overloaded;
using strata::sqlite::detail::token;

// SQLite makes a column the rowid alias only when it is the single primary key column and
// declared exactly INTEGER. An int64 key and any autoincrement key get that spelling.
bool is_rowid_key(const column& c, const table& owner) {
    return c.primary_key && owner.primary_key().size() == 1 && c.type.sql_override.empty() &&
           (c.type.kind == type_kind::int64 || c.autoincrement);
}

// A default SQLite accepts without parentheses: one literal, a signed number, or one of
// the CURRENT_* keywords. Anything else is an expression and must be parenthesised.
bool is_bare_default(std::string_view expression) {
    const auto tokens = detail::tokenize(expression);
    if (tokens.size() == 2 && (tokens[0].is('-') || tokens[0].is('+'))) {
        return tokens[1].type == token::kind::number;
    }
    if (tokens.size() != 1) {
        return false;
    }
    const token& t = tokens[0];
    if (t.type == token::kind::number || t.type == token::kind::string ||
        t.type == token::kind::blob) {
        return true;
    }
    for (const char* keyword :
         {"NULL", "TRUE", "FALSE", "CURRENT_TIME", "CURRENT_DATE", "CURRENT_TIMESTAMP"}) {
        if (t.is_keyword(keyword)) {
            return true;
        }
    }
    return false;
}

// A default ALTER TABLE ADD COLUMN accepts: a constant, not CURRENT_* and not an
// expression in parentheses.
bool is_constant_default(std::string_view expression) {
    if (!is_bare_default(expression)) {
        return false;
    }
    const std::string text = detail::upper(expression);
    return !text.starts_with("CURRENT_");
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

void check_autoincrement(const column& c, const table& owner) {
    if (c.autoincrement && (!is_integer(c.type.kind) || !c.primary_key ||
                            owner.primary_key().size() != 1 || !c.type.sql_override.empty())) {
        throw error(fmt::format(
            "column '{}.{}' is autoincrement, but SQLite can only autoincrement a "
            "single-column integer primary key; make it the table's only primary key column, "
            "or remove autoincrement",
            owner.name, c.name));
    }
}

const table& table_or_throw(const schema& before, const std::string& name, const operation& op) {
    if (const table* t = before.find_table(name)) {
        return *t;
    }
    throw error(fmt::format("cannot {} on SQLite: table '{}' is not in the database, and SQLite "
                            "must rebuild the table for this change",
                            describe(op), name));
}
} // namespace

std::string dialect::type_sql(const column_type& type) const {
    if (!type.sql_override.empty()) {
        return type.sql_override;
    }
    switch (type.kind) {
    case type_kind::int16:
        return "SMALLINT";
    case type_kind::int32:
        // INT, not INTEGER: a single INTEGER key column is the rowid alias, and reading
        // INTEGER back could not tell int32 from int64.
        return "INT";
    case type_kind::int64:
        return "BIGINT";
    case type_kind::float32:
        return "FLOAT";
    case type_kind::float64:
        return "REAL";
    case type_kind::boolean:
        return "BOOLEAN";
    case type_kind::string:
        return type.length ? fmt::format("VARCHAR({})", *type.length) : std::string("TEXT");
    case type_kind::binary:
        return "BLOB";
    case type_kind::timestamp:
        return "TIMESTAMP";
    case type_kind::date:
        return "DATE";
    case type_kind::decimal:
        if (type.precision && type.scale) {
            return fmt::format("DECIMAL({},{})", *type.precision, *type.scale);
        }
        return type.precision ? fmt::format("DECIMAL({})", *type.precision)
                              : std::string("DECIMAL");
    case type_kind::enumeration:
        // The allowed values are an inline CHECK, written by column_sql().
        return "TEXT";
    // SQLite has none of these; each gets a declared type of its own so that introspection
    // tells them apart, with the affinity the values need (ISO text for the times, JSON
    // text, UUID text; a number stays a number).
    case type_kind::local_timestamp:
        return "DATETIME";
    case type_kind::time_of_day:
        return "TIME";
    case type_kind::interval:
        return "INTERVAL";
    case type_kind::uuid:
        return "UUID";
    case type_kind::json:
        return "JSON";
    }
    throw error(fmt::format("unknown type kind {}", static_cast<int>(type.kind)));
}

std::string dialect::column_sql(const column& definition, const table& owner) const {
    check_autoincrement(definition, owner);
    std::string sql = fmt::format("{} {}", quote_identifier(definition.name),
                                  is_rowid_key(definition, owner) ? std::string("INTEGER")
                                                                  : type_sql(definition.type));
    if (const column_type& t = definition.type; !t.sql_override.empty()) {
        // SQLite keeps comments in the stored CREATE TABLE text: this one lets introspection
        // give back the model type behind an explicit SQL type, which the declared type
        // alone cannot tell (is VARCHAR(12) an override or string(12)?).
        sql += fmt::format(" /*strata:{}", to_string(t.kind));
        if (t.length) {
            sql += fmt::format(" length={}", *t.length);
        }
        if (t.precision) {
            sql += fmt::format(" precision={}", *t.precision);
        }
        if (t.scale) {
            sql += fmt::format(" scale={}", *t.scale);
        }
        sql += "*/";
    }
    if (!definition.nullable) {
        sql += " NOT NULL";
    }
    if (definition.autoincrement) {
        // AUTOINCREMENT is a column constraint; the table then has no PRIMARY KEY clause.
        sql += " PRIMARY KEY AUTOINCREMENT";
    }
    if (definition.server_default) {
        const std::string& value = *definition.server_default;
        sql += is_bare_default(value) ? " DEFAULT " + value : " DEFAULT (" + value + ")";
    }
    if (definition.type.kind == type_kind::enumeration && definition.type.sql_override.empty()) {
        std::vector<std::string> values;
        for (const auto& v : definition.type.enum_values) {
            values.push_back(quote_literal(v));
        }
        if (!definition.type.enum_name.empty()) {
            sql += " CONSTRAINT " + quote_identifier(definition.type.enum_name);
        }
        sql += fmt::format(" CHECK ({} IN ({}))", quote_identifier(definition.name),
                           fmt::join(values, ", "));
    }
    // Comments: SQLite has nowhere to store them; they live in the models and snapshot.
    return sql;
}

std::string dialect::create_table_sql(const table& definition, std::string_view name) const {
    const auto quoted_list = [&](const std::vector<std::string>& names) {
        std::vector<std::string> quoted;
        for (const auto& n : names) {
            quoted.push_back(quote_identifier(n));
        }
        return fmt::format("{}", fmt::join(quoted, ", "));
    };
    const auto named = [&](const std::string& constraint) {
        return constraint.empty() ? std::string()
                                  : "CONSTRAINT " + quote_identifier(constraint) + " ";
    };
    std::vector<std::string> lines;
    bool autoincrement = false;
    for (const column& c : definition.columns) {
        lines.push_back(column_sql(c, definition));
        autoincrement = autoincrement || c.autoincrement;
    }
    // A table constraint rather than a column constraint, so composite keys need no
    // special case (a single INTEGER key is still the rowid alias).
    const auto key = definition.primary_key();
    if (!key.empty() && !autoincrement) {
        lines.push_back(fmt::format("PRIMARY KEY ({})", quoted_list(key)));
    }
    for (const auto& u : definition.uniques) {
        lines.push_back(fmt::format("{}UNIQUE ({})", named(u.name), quoted_list(u.columns)));
    }
    for (const auto& f : definition.foreign_keys) {
        std::string line = fmt::format("{}FOREIGN KEY ({}) REFERENCES {} ({})", named(f.name),
                                       quoted_list(f.columns), quote_identifier(f.referenced_table),
                                       quoted_list(f.referenced_columns));
        if (f.on_delete != referential_action::no_action) {
            line += fmt::format(" ON DELETE {}", strata::to_sql(f.on_delete));
        }
        if (f.on_update != referential_action::no_action) {
            line += fmt::format(" ON UPDATE {}", strata::to_sql(f.on_update));
        }
        lines.push_back(std::move(line));
    }
    for (const auto& c : definition.checks) {
        lines.push_back(fmt::format("{}CHECK ({})", named(c.name), c.expression));
    }
    return fmt::format("CREATE TABLE {} (\n    {}\n)",
                       quote_identifier(name.empty() ? std::string_view(definition.name) : name),
                       fmt::join(lines, ",\n    "));
}

std::string dialect::create_index_sql(std::string_view table_name, const index& definition) const {
    std::vector<std::string> quoted;
    for (const auto& n : definition.columns) {
        quoted.push_back(quote_identifier(n));
    }
    return fmt::format("CREATE {}INDEX {} ON {} ({})", definition.unique ? "UNIQUE " : "",
                       quote_identifier(definition.name), quote_identifier(table_name),
                       fmt::join(quoted, ", "));
}

namespace {

// Whether a key, index or constraint of @p from uses column @p c (which ALTER TABLE DROP
// COLUMN then refuses).
bool used_by_constraints(const table& from, const column& c) {
    const auto uses = [&](const auto& items) {
        return std::any_of(items.begin(), items.end(),
                           [&](const auto& x) { return contains(x.columns, c.name); });
    };
    const bool checked = std::any_of(from.checks.begin(), from.checks.end(), [&](const auto& k) {
        return detail::mentions_identifier(k.expression, c.name);
    });
    return c.primary_key || uses(from.indexes) || uses(from.uniques) || uses(from.foreign_keys) ||
           checked;
}

// Removes from @p t the indexes, constraints and keys that use column @p name.
void drop_users_of(table& t, const std::string& name) {
    std::erase_if(t.indexes, [&](const auto& x) { return contains(x.columns, name); });
    std::erase_if(t.uniques, [&](const auto& x) { return contains(x.columns, name); });
    std::erase_if(t.foreign_keys, [&](const auto& x) { return contains(x.columns, name); });
    std::erase_if(t.checks,
                  [&](const auto& x) { return detail::mentions_identifier(x.expression, name); });
}

// Renames column @p from to @p to in the indexes, unique constraints and keys of @p t.
void rename_in_keys(table& t, const std::string& from, const std::string& to) {
    for (auto& i : t.indexes) {
        std::replace(i.columns.begin(), i.columns.end(), from, to);
    }
    for (auto& u : t.uniques) {
        std::replace(u.columns.begin(), u.columns.end(), from, to);
    }
    for (auto& f : t.foreign_keys) {
        std::replace(f.columns.begin(), f.columns.end(), from, to);
    }
}

} // namespace

std::optional<dialect::rebuild_plan> dialect::plan_rebuild(const operation& op,
                                                           const schema& before) const {
    // The shape after @p op, computed the same way the model computes it.
    const auto target = [&](const std::string& table_name) {
        schema after = before;
        apply(after, op);
        return *after.find_table(table_name);
    };
    const auto plan_for = [&](const table& from, table to) {
        rebuild_plan plan{from, std::move(to), {}};
        for (const auto& c : plan.to.columns) {
            plan.sources.emplace_back(c.name, from.find_column(c.name)
                                                  ? std::optional<std::string>(c.name)
                                                  : std::nullopt);
        }
        return plan;
    };
    const auto constraint_change = [&](const std::string& table_name) {
        const table& from = table_or_throw(before, table_name, op);
        return std::optional<rebuild_plan>(plan_for(from, target(table_name)));
    };
    return std::visit(
        overloaded{
            [](const ops::create_table&) -> std::optional<rebuild_plan> { return std::nullopt; },
            [](const ops::drop_table&) -> std::optional<rebuild_plan> { return std::nullopt; },
            [](const ops::rename_table&) -> std::optional<rebuild_plan> { return std::nullopt; },
            [&](const ops::add_column& o) -> std::optional<rebuild_plan> {
                const column& c = o.definition;
                const bool has_default =
                    c.server_default && detail::upper(*c.server_default) != "NULL";
                // ALTER TABLE ADD COLUMN refuses these (lang_altertable.html#altertabaddcol).
                const bool refused = c.primary_key || (!c.nullable && !has_default) ||
                                     (c.server_default && !is_constant_default(*c.server_default));
                const table* from = before.find_table(o.table_name);
                if (!refused || from == nullptr) {
                    return std::nullopt;
                }
                return plan_for(*from, target(o.table_name));
            },
            [&](const ops::drop_column& o) -> std::optional<rebuild_plan> {
                const table* from = before.find_table(o.table_name);
                const column* dropped = from ? from->find_column(o.column_name) : nullptr;
                if (dropped == nullptr) {
                    return std::nullopt;
                }
                // ALTER TABLE DROP COLUMN refuses a column that a key, index or constraint
                // uses; the rebuild drops those with it, as PostgreSQL's DROP COLUMN does.
                if (!used_by_constraints(*from, *dropped)) {
                    return std::nullopt;
                }
                table to = target(o.table_name);
                drop_users_of(to, o.column_name);
                return plan_for(*from, std::move(to));
            },
            [](const ops::rename_column&) -> std::optional<rebuild_plan> { return std::nullopt; },
            [&](const ops::alter_column& o) -> std::optional<rebuild_plan> {
                const table& from = table_or_throw(before, o.table_name, op);
                const column* current = from.find_column(o.from.name);
                if (current == nullptr) {
                    throw error(fmt::format("cannot {}: column '{}.{}' does not exist",
                                            describe(op), o.table_name, o.from.name));
                }
                column have = *current;
                column want = o.to;
                have.comment.reset();
                want.comment.reset();
                want.name = have.name;
                if (have == want) {
                    return std::nullopt; // a comment or a plain rename: no rebuild
                }
                table to = target(o.table_name);
                if (o.to.name != o.from.name) {
                    rename_in_keys(to, o.from.name, o.to.name);
                }
                rebuild_plan plan = plan_for(from, std::move(to));
                for (auto& [name, source] : plan.sources) {
                    if (name == o.to.name) {
                        source = o.from.name;
                    }
                }
                return plan;
            },
            // Also when a rowid alias (INTEGER PRIMARY KEY) leaves the key: the rebuilt table
            // spells it BIGINT and the copy keeps its values.
            [&](const ops::alter_primary_key& o) { return constraint_change(o.table_name); },
            [](const ops::create_index&) -> std::optional<rebuild_plan> { return std::nullopt; },
            [](const ops::drop_index&) -> std::optional<rebuild_plan> { return std::nullopt; },
            [&](const ops::add_unique& o) { return constraint_change(o.table_name); },
            [&](const ops::drop_unique& o) { return constraint_change(o.table_name); },
            [&](const ops::add_foreign_key& o) { return constraint_change(o.table_name); },
            [&](const ops::drop_foreign_key& o) { return constraint_change(o.table_name); },
            [&](const ops::add_check& o) { return constraint_change(o.table_name); },
            [&](const ops::drop_check& o) { return constraint_change(o.table_name); },
            [](const ops::set_table_comment&) -> std::optional<rebuild_plan> {
                return std::nullopt;
            },
            [](const ops::execute_sql&) -> std::optional<rebuild_plan> { return std::nullopt; },
        },
        op);
}

std::vector<std::string> dialect::rebuild_sql(const rebuild_plan& plan) const {
    const std::string& name = plan.to.name;
    const std::string temporary = "strata_rebuild_" + name;
    std::vector<std::string> sql;
    // The final RENAME must not rewrite or re-check other tables' references, triggers and
    // views: they name the table, which exists again right after (Django, drift, the
    // SQLite documentation do the same).
    sql.emplace_back("PRAGMA legacy_alter_table = ON");
    sql.push_back(create_table_sql(plan.to, temporary));
    std::vector<std::string> targets;
    std::vector<std::string> sources;
    for (const auto& [column_name, source] : plan.sources) {
        if (source) {
            targets.push_back(quote_identifier(column_name));
            sources.push_back(quote_identifier(*source));
        }
    }
    if (!targets.empty()) {
        // One INSERT ... SELECT: SQLite copies the rows in a single pass, as fast as by hand.
        sql.push_back(fmt::format("INSERT INTO {} ({}) SELECT {} FROM {}",
                                  quote_identifier(temporary), fmt::join(targets, ", "),
                                  fmt::join(sources, ", "), quote_identifier(plan.from.name)));
    }
    const auto has_autoincrement = [](const table& t) {
        return std::any_of(t.columns.begin(), t.columns.end(),
                           [](const column& c) { return c.autoincrement; });
    };
    if (has_autoincrement(plan.from) && has_autoincrement(plan.to)) {
        // Keep the high-water mark, so AUTOINCREMENT never reuses a deleted row's id.
        sql.push_back(
            fmt::format("DELETE FROM sqlite_sequence WHERE name = {}", quote_literal(temporary)));
        sql.push_back(fmt::format("INSERT INTO sqlite_sequence (name, seq) SELECT {}, seq FROM "
                                  "sqlite_sequence WHERE name = {}",
                                  quote_literal(temporary), quote_literal(plan.from.name)));
    }
    sql.push_back(fmt::format("DROP TABLE {}", quote_identifier(plan.from.name)));
    sql.push_back(fmt::format("ALTER TABLE {} RENAME TO {}", quote_identifier(temporary),
                              quote_identifier(name)));
    for (const auto& i : plan.to.indexes) {
        sql.push_back(create_index_sql(name, i));
    }
    sql.emplace_back("PRAGMA legacy_alter_table = OFF");
    return sql;
}

dialect::rebuild_plan dialect::merged_plan(std::span<const operation> ops, schema& current) const {
    std::optional<rebuild_plan> merged;
    // For each column of the shape so far, the column of the original table it holds.
    std::map<std::string, std::optional<std::string>> origin;
    for (const operation& op : ops) {
        rebuild_plan plan = *plan_rebuild(op, current);
        std::map<std::string, std::optional<std::string>> next;
        for (const auto& [name, source] : plan.sources) {
            next[name] = !merged ? source : source ? origin[*source] : std::nullopt;
        }
        origin = std::move(next);
        *current.find_table(plan.to.name) = plan.to;
        if (!merged) {
            merged = std::move(plan);
        } else {
            merged->to = std::move(plan.to);
        }
    }
    merged->sources.clear();
    for (const auto& c : merged->to.columns) {
        merged->sources.emplace_back(c.name, origin[c.name]);
    }
    return std::move(*merged);
}

std::vector<planned_step> dialect::plan(std::span<const operation> ops,
                                        const schema& before) const {
    std::vector<planned_step> steps;
    schema current = before;
    // After its first apply() the schema is normalized, and the later steps skip apply()'s
    // whole-schema check: planning a new database's 250 tables paid it 250 times over.
    bool normalized = false;
    std::size_t i = 0;
    while (i < ops.size()) {
        const std::string rebuilt = rebuilt_table(ops[i], current);
        if (rebuilt.empty()) {
            steps.push_back(planned_step{i, i + 1, to_sql(ops[i], current), {}});
            if (normalized) {
                apply_to_normalized(current, ops[i]);
            } else {
                apply(current, ops[i]);
                normalized = true;
            }
            ++i;
            continue;
        }
        // The run of operations that rebuild this same table, planned as one.
        schema probe = current;
        std::size_t end = i;
        while (end < ops.size() && rebuilt_table(ops[end], probe) == rebuilt) {
            (void)merged_plan(ops.subspan(end, 1), probe);
            ++end;
        }
        steps.push_back(planned_step{
            i, end, rebuild_sql(merged_plan(ops.subspan(i, end - i), current)), rebuilt});
        i = end;
    }
    return steps;
}

std::string dialect::rebuilt_table(const operation& op, const schema& before) const {
    if (auto plan = plan_rebuild(op, before)) {
        return plan->to.name;
    }
    return {};
}

rebuild_frame dialect::frame_for_rebuild() const {
    return rebuild_frame{
        .before_begin = {"PRAGMA foreign_keys = OFF"},
        .checks = {"PRAGMA foreign_key_check"},
        .after_end = {"PRAGMA legacy_alter_table = OFF", "PRAGMA foreign_keys = ON"},
    };
}

std::vector<std::string> dialect::to_sql(const operation& op, const schema& before) const {
    if (auto plan = plan_rebuild(op, before)) {
        return rebuild_sql(*plan);
    }
    const auto one = [](std::string statement) {
        return std::vector<std::string>{std::move(statement)};
    };
    const auto owner_of = [&](const std::string& table_name) {
        const table* t = before.find_table(table_name);
        return t ? *t : table{table_name};
    };
    return std::visit(
        overloaded{
            [&](const ops::create_table& o) {
                std::vector<std::string> sql{create_table_sql(o.definition)};
                for (const auto& i : o.definition.indexes) {
                    sql.push_back(create_index_sql(o.definition.name, i));
                }
                return sql;
            },
            [&](const ops::drop_table& o) {
                return one(fmt::format("DROP TABLE {}", quote_identifier(o.table_name)));
            },
            [&](const ops::rename_table& o) {
                return one(fmt::format("ALTER TABLE {} RENAME TO {}", quote_identifier(o.old_name),
                                       quote_identifier(o.new_name)));
            },
            [&](const ops::add_column& o) {
                return one(fmt::format("ALTER TABLE {} ADD COLUMN {}",
                                       quote_identifier(o.table_name),
                                       column_sql(o.definition, owner_of(o.table_name))));
            },
            [&](const ops::drop_column& o) {
                return one(fmt::format("ALTER TABLE {} DROP COLUMN {}",
                                       quote_identifier(o.table_name),
                                       quote_identifier(o.column_name)));
            },
            [&](const ops::rename_column& o) {
                return one(fmt::format("ALTER TABLE {} RENAME COLUMN {} TO {}",
                                       quote_identifier(o.table_name), quote_identifier(o.old_name),
                                       quote_identifier(o.new_name)));
            },
            [&](const ops::alter_column& o) {
                // No rebuild needed: only the name (RENAME COLUMN) or the comment changes.
                if (o.from.name == o.to.name) {
                    return std::vector<std::string>{};
                }
                return one(fmt::format("ALTER TABLE {} RENAME COLUMN {} TO {}",
                                       quote_identifier(o.table_name),
                                       quote_identifier(o.from.name), quote_identifier(o.to.name)));
            },
            [&](const ops::create_index& o) {
                return one(create_index_sql(o.table_name, o.definition));
            },
            [&](const ops::drop_index& o) {
                return one(fmt::format("DROP INDEX {}", quote_identifier(o.index_name)));
            },
            // plan_rebuild() always plans these (or throws): SQLite cannot ALTER constraints.
            [](const ops::alter_primary_key&) { return std::vector<std::string>{}; },
            [](const ops::add_unique&) { return std::vector<std::string>{}; },
            [](const ops::drop_unique&) { return std::vector<std::string>{}; },
            [](const ops::add_foreign_key&) { return std::vector<std::string>{}; },
            [](const ops::drop_foreign_key&) { return std::vector<std::string>{}; },
            [](const ops::add_check&) { return std::vector<std::string>{}; },
            [](const ops::drop_check&) { return std::vector<std::string>{}; },
            [](const ops::set_table_comment&) {
                // SQLite stores no comments: nothing to do (docs/annotations.md).
                return std::vector<std::string>{};
            },
            [&](const ops::execute_sql& o) { return one(o.sql); },
        },
        op);
}

} // namespace strata::sqlite
