#include "compare/diff.hpp"

#include "compare/existing_rows.hpp"
#include "compare/invert.hpp"
#include "compare/risks.hpp"
#include "support/diagnostic.hpp"

#include "strata/detail/named.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <set>

namespace strata::generator {
namespace {
using detail::find_named;

// The same shape, ignoring the name: what a rename looks like from the outside.
bool same_shape(const column& a, const column& b) {
    column renamed = a;
    renamed.name = b.name;
    return renamed == b;
}

bool same_columns(const table& a, const table& b) {
    if (a.columns.size() != b.columns.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.columns.size(); ++i) {
        if (!(a.columns[i] == b.columns[i])) {
            return false;
        }
    }
    return true;
}

// Whether @p a and @p b have their primary key over the same columns.
bool same_key(const table& a, const table& b) {
    auto key_a = a.primary_key();
    auto key_b = b.primary_key();
    std::sort(key_a.begin(), key_a.end());
    std::sort(key_b.begin(), key_b.end());
    return key_a == key_b;
}

// Column @p wanted as it is altered (or added, when @p have is null) before the table's
// primary key changes: in or out of the key as it was, and only tightened, since a key
// column cannot lose NOT NULL (PostgreSQL) or keep autoincrement outside a single-column
// key (SQLite) while it is still in the key. change_key() loosens it afterwards.
column before_key_change(const column* have, column wanted) {
    wanted.primary_key = have && have->primary_key;
    wanted.autoincrement = have && have->autoincrement && wanted.autoincrement;
    if (have) {
        wanted.nullable = have->nullable && wanted.nullable;
    }
    return wanted;
}

// Order-insensitive view of a table's columns, for the final consistency check: a column
// added to an existing table lands at the end in the database, wherever it is declared.
schema with_sorted_columns(schema s) {
    for (auto& t : s.tables) {
        std::sort(t.columns.begin(), t.columns.end(),
                  [](const column& a, const column& b) { return a.name < b.name; });
    }
    s.normalize();
    return s;
}

// Foreign-key type checks. Integers of any width compare with each other, and so do the
// two float widths; every other kind only with itself (an enumeration only with the same
// enum type): PostgreSQL refuses a foreign key across them ("incompatible types"), and
// SQLite accepts it but compares values that never match, so the constraint is wrong
// either way.
bool comparable(const column_type& a, const column_type& b) {
    if (is_integer(a.kind) && is_integer(b.kind)) {
        return true;
    }
    const auto is_float = [](type_kind k) {
        return k == type_kind::float32 || k == type_kind::float64;
    };
    if (is_float(a.kind) && is_float(b.kind)) {
        return true;
    }
    if (a.kind != b.kind) {
        return false;
    }
    return a.kind != type_kind::enumeration || a.enum_name == b.enum_name;
}

// How to declare a member that holds @p type, for the advice in a diagnostic.
std::string member_spelling(const column_type& type) {
    switch (type.kind) {
    case type_kind::int16:
        return "std::int16_t";
    case type_kind::int32:
        return "std::int32_t";
    case type_kind::int64:
        return "std::int64_t";
    case type_kind::float32:
        return "float";
    case type_kind::float64:
        return "double";
    case type_kind::boolean:
        return "bool";
    case type_kind::string:
        return type.length ? fmt::format("std::string with length = {}", *type.length)
                           : "std::string without a length";
    case type_kind::binary:
        return "std::vector<std::byte>";
    case type_kind::timestamp:
        return "std::chrono::system_clock::time_point";
    case type_kind::date:
        return "std::chrono::year_month_day";
    case type_kind::decimal:
        return fmt::format("decimal = ({}, {})", type.precision.value_or(0),
                           type.scale.value_or(0));
    case type_kind::enumeration:
        return fmt::format("the enum class whose SQL type is '{}'", type.enum_name);
    case type_kind::local_timestamp:
        return "std::chrono::local_seconds";
    case type_kind::time_of_day:
        return "std::chrono::hh_mm_ss<std::chrono::seconds>";
    case type_kind::interval:
        return "std::chrono::seconds";
    case type_kind::uuid:
        return "a uuid class";
    case type_kind::json:
        return "nlohmann::json";
    }
    return std::string(to_string(type.kind));
}

class differ {
public:
    differ(const schema& from, const schema& to, const scan_annotations& annotations)
        : m_working(from), m_target(to), m_annotations(annotations) {
        m_working.normalize();
        m_target.normalize();
    }

    diff_result run() {
        check_foreign_key_types();
        rename_tables();
        rename_columns();
        if (!m_errors.empty()) {
            throw diagnostic_error(std::move(m_errors));
        }
        create_tables();
        for (const auto& target_table : m_target.tables) {
            if (was_there_before(target_table.name)) {
                drop_outdated_constraints(target_table);
            }
        }
        for (const auto& target_table : m_target.tables) {
            if (was_there_before(target_table.name)) {
                const table before = *m_working.find_table(target_table.name);
                const bool key_changes = !same_key(before, target_table);
                add_columns(target_table, key_changes);
                alter_columns(target_table, key_changes);
                if (key_changes) {
                    add_unique_keys_before_key_change(target_table);
                    change_key(target_table);
                    drop_unique_keys_after_key_change(target_table);
                }
                drop_columns(target_table, before);
            }
        }
        for (const auto& target_table : m_target.tables) {
            if (was_there_before(target_table.name)) {
                add_new_constraints(target_table);
            }
        }
        for (const auto& [table_name, key] : m_deferred_keys) {
            emit(ops::add_foreign_key{table_name, key});
        }
        for (const auto& target_table : m_target.tables) {
            const table* current = m_working.find_table(target_table.name);
            if (current && current->comment != target_table.comment) {
                emit(ops::set_table_comment{target_table.name, target_table.comment});
            }
        }
        drop_tables();
        attach_type_warnings();
        if (!m_errors.empty()) {
            throw diagnostic_error(std::move(m_errors));
        }
        if (with_sorted_columns(m_working) != with_sorted_columns(m_target)) {
            throw diagnostic_error(
                {diagnostic{{},
                            "internal error: the generated operations do not reproduce the models",
                            {"please report this with the model headers and the snapshot"}}});
        }
        return {std::move(m_changes), std::move(m_hints)};
    }

private:
    // Records @p op with its inverse (computed before the working schema moves on). A
    // table created by this revision has no rows, so nothing can fail on them there.
    void emit(operation op) {
        change c;
        std::vector<risk> risks = risks_of(op);
        if (m_created.count(operation_table(op)) != 0) {
            std::erase_if(risks, [](const risk& r) { return r.kind == risk_kind::may_fail; });
        }
        c.upgrade.warning = warning_text(op, risks);
        if (std::any_of(risks.begin(), risks.end(),
                        [&](const risk& r) { return needs_existing_rows(op, r, m_working); })) {
            handle_existing_rows(op, c.upgrade.warning);
        }
        if (auto inverse = invert(op, m_working)) {
            c.downgrade = step{*inverse, data_loss_warning(*inverse)};
        }
        strata::apply(m_working, op);
        c.upgrade.op = std::move(op);
        m_changes.push_back(std::move(c));
    }

    // Whose existing_rows covers @p op: the member ("table.column") whose STRATA_COLUMN
    // declared the column or constraint, else the table.
    std::string owner_of(const operation& op) const {
        const std::string table_name = operation_table(op);
        if (const auto* o = std::get_if<ops::alter_column>(&op)) {
            return table_name + "." + o->to.name;
        }
        const std::string name = std::visit(
            [](const auto& o) -> std::string {
                if constexpr (requires { o.definition.name; }) {
                    return o.definition.name;
                } else {
                    return {};
                }
            },
            op);
        auto it = m_annotations.constraint_owners.find(table_name + "." + name);
        return it == m_annotations.constraint_owners.end() ? table_name : it->second;
    }

    // @p op may fail on rows its existing table holds: the model must say how they are
    // handled (existing_rows.hpp). The declared procedure runs first, as its own step,
    // and @p warning says what was declared; without a declaration generation stops.
    void handle_existing_rows(const operation& op, std::string& warning) {
        const std::string owner = owner_of(op);
        const bool on_column = owner.find('.') != std::string::npos;
        const std::string macro = on_column ? "STRATA_COLUMN" : "STRATA_TABLE";
        const std::vector<std::string> values = existing_rows_values(op, m_working);
        auto declared = m_annotations.existing_rows.find(owner);
        if (declared == m_annotations.existing_rows.end()) {
            std::vector<std::string> notes{fmt::format(
                "declare how existing rows are handled: {}(existing_rows = \"...\"), one of:",
                macro)};
            for (auto& note : existing_rows_notes(op, m_working)) {
                notes.push_back(std::move(note));
            }
            notes.emplace_back("the declaration applies to the change being generated; it may "
                               "stay in the model afterwards");
            error(owner,
                  fmt::format("{} '{}': the revision {}", on_column ? "column" : "table", owner,
                              warning),
                  std::move(notes));
            return;
        }
        if (std::find(values.begin(), values.end(), declared->second) == values.end()) {
            std::vector<std::string> notes{"values that apply to this change:"};
            for (auto& note : existing_rows_notes(op, m_working)) {
                notes.push_back(std::move(note));
            }
            error(owner,
                  fmt::format("{}(existing_rows = \"{}\") on '{}' does not apply to this "
                              "change: the revision {}",
                              macro, declared->second, owner, warning),
                  std::move(notes));
            return;
        }
        for (auto& prepare : prepare_existing_rows(op, m_working, declared->second)) {
            emit(std::move(prepare));
        }
        warning += "\n" + declared_text(op, m_working, declared->second);
    }

    // The warning of @p s without the risk @p rule, which a step before it has settled
    // (NULLs filled before NOT NULL).
    static void settle(step& s, std::string_view rule) {
        std::vector<risk> risks = risks_of(s.op);
        std::erase_if(risks, [&](const risk& r) { return r.rule == rule; });
        s.warning = warning_text(s.op, risks);
    }

    static std::string operation_table(const operation& op) {
        return std::visit(
            [](const auto& o) -> std::string {
                if constexpr (requires { o.table_name; }) {
                    return o.table_name;
                } else {
                    return {};
                }
            },
            op);
    }

    source_location where(const std::string& key) const {
        auto it = m_annotations.locations.find(key);
        return it == m_annotations.locations.end() ? source_location{} : it->second;
    }

    void error(const std::string& key, std::string message, std::vector<std::string> notes) {
        m_errors.push_back(diagnostic{where(key), std::move(message), std::move(notes)});
    }

    // Every foreign-key column against the column it references. Kinds that cannot be
    // compared are an error for every key in the models (PostgreSQL refuses them, so no
    // database made by the revisions can have one). A reference column that cannot hold
    // every key value (int32 referencing int64, VARCHAR(20) referencing VARCHAR(40)) works
    // until the keys grow, so it is a warning, given only when this revision adds the key
    // or changes one of the two columns: an old, reviewed mismatch is not repeated.
    void check_foreign_key_types() {
        for (const auto& t : m_target.tables) {
            for (const auto& key : t.foreign_keys) {
                const table* referenced = m_target.find_table(key.referenced_table);
                if (referenced == nullptr || key.columns.size() != key.referenced_columns.size()) {
                    continue; // the scanner reports these
                }
                for (std::size_t i = 0; i < key.columns.size(); ++i) {
                    const column* from = t.find_column(key.columns[i]);
                    const column* to = referenced->find_column(key.referenced_columns[i]);
                    if (from && to) {
                        check_reference_type(t, key, *from, *referenced, *to);
                    }
                }
            }
        }
    }

    void check_reference_type(const table& t, const foreign_key& key, const column& from,
                              const table& referenced, const column& to) {
        if (!from.type.sql_override.empty() || !to.type.sql_override.empty()) {
            return; // an explicit SQL type is the user's call; strata cannot compare it
        }
        const std::string column_key = t.name + "." + from.name;
        const std::string what = fmt::format(
            "foreign key '{}': column '{}' is {} but references '{}.{}', which is {}", key.name,
            column_key, describe_type(from.type), referenced.name, to.name, describe_type(to.type));
        const std::string fix =
            fmt::format("declare the member as {} like '{}.{}', or reference a column of the "
                        "member's type",
                        member_spelling(to.type), referenced.name, to.name);
        if (!comparable(from.type, to.type)) {
            error(column_key,
                  what + "; PostgreSQL refuses such a foreign key and SQLite would "
                         "compare values that never match",
                  {fix});
            return;
        }
        if (widens_or_keeps(to.type, from.type) || !is_new_or_changed(t, key, from, to)) {
            return;
        }
        // The revision file marks the step that makes the key (a WARNING comment, and a
        // warning line in the build log); the hint says where the member is and what to do.
        m_type_warnings.push_back(
            {t.name, key.name, from.name, referenced.name, to.name,
             fmt::format("{}; key values that do not fit '{}' cannot be referenced", what,
                         column_key)});
        const source_location at = where(column_key);
        std::string prefix;
        if (!at.file.empty()) {
            prefix = fmt::format("{}:{}:{}: ", at.file.string(), at.line, at.column);
        }
        m_hints.push_back(
            fmt::format("{}foreign key '{}' references a wider column: {}", prefix, key.name, fix));
    }

    // Attaches each foreign-key type warning to the step that makes the key or changes one
    // of its columns.
    void attach_type_warnings() {
        for (const auto& w : m_type_warnings) {
            // Only three kinds of step can make the key or change its columns, so this asks
            // for them by type instead of visiting every operation.
            auto makes_key = [&](const change& c) {
                const operation& op = c.upgrade.op;
                if (const auto* o = std::get_if<ops::add_foreign_key>(&op)) {
                    return o->table_name == w.table && o->definition.name == w.key;
                }
                if (const auto* o = std::get_if<ops::create_table>(&op)) {
                    const auto& keys = o->definition.foreign_keys;
                    return o->definition.name == w.table &&
                           std::any_of(keys.begin(), keys.end(),
                                       [&](const foreign_key& k) { return k.name == w.key; });
                }
                if (const auto* o = std::get_if<ops::alter_column>(&op)) {
                    return (o->table_name == w.table && o->to.name == w.column) ||
                           (o->table_name == w.referenced_table &&
                            o->to.name == w.referenced_column);
                }
                return false;
            };
            auto it = std::find_if(m_changes.begin(), m_changes.end(), makes_key);
            if (it != m_changes.end()) {
                // On the first line: a further one says what existing_rows declared.
                std::string& warning = it->upgrade.warning;
                const auto first_line_end = std::min(warning.find('\n'), warning.size());
                warning.insert(first_line_end, (warning.empty() ? "" : "; ") + w.text);
            }
        }
    }

    // Whether the snapshot lacks @p key or had either column with another type.
    bool is_new_or_changed(const table& t, const foreign_key& key, const column& from,
                           const column& to) const {
        const table* before = m_working.find_table(t.name);
        const table* referenced_before = m_working.find_table(key.referenced_table);
        if (before == nullptr || referenced_before == nullptr ||
            std::find(before->foreign_keys.begin(), before->foreign_keys.end(), key) ==
                before->foreign_keys.end()) {
            return true;
        }
        const column* from_before = before->find_column(from.name);
        const column* to_before = referenced_before->find_column(to.name);
        return from_before == nullptr || to_before == nullptr ||
               !(from_before->type == from.type) || !(to_before->type == to.type);
    }

    // Tables the snapshot had (possibly under the name a declared rename gave them).
    bool was_there_before(const std::string& name) const { return m_existing.count(name) != 0; }

    void rename_tables() {
        for (const auto& t : m_working.tables) {
            m_existing.insert(t.name);
        }
        for (const auto& rename : m_annotations.renames) {
            if (!rename.column.empty()) {
                continue;
            }
            if (m_working.find_table(rename.table)) {
                continue; // Renamed by an earlier revision; the annotation is now a no-op.
            }
            if (!m_working.find_table(rename.old_name)) {
                m_errors.push_back(diagnostic{
                    rename.where,
                    fmt::format("table '{}' is declared renamed_from '{}', but the snapshot has "
                                "no table '{}'",
                                rename.table, rename.old_name, rename.old_name),
                    {"check the spelling, or remove renamed_from if this is a new table"}});
                continue;
            }
            emit(ops::rename_table{rename.old_name, rename.table});
            m_existing.erase(rename.old_name);
            m_existing.insert(rename.table);
        }
    }

    void rename_columns() {
        for (const auto& rename : m_annotations.renames) {
            if (rename.column.empty()) {
                continue;
            }
            const table* current = m_working.find_table(rename.table);
            if (current && current->find_column(rename.column)) {
                continue; // Already renamed by an earlier revision.
            }
            if (!current || !current->find_column(rename.old_name)) {
                m_errors.push_back(diagnostic{
                    rename.where,
                    fmt::format("column '{}.{}' is declared renamed_from '{}', but the snapshot "
                                "has no column '{}.{}'",
                                rename.table, rename.column, rename.old_name, rename.table,
                                rename.old_name),
                    {"check the spelling, or remove renamed_from if this is a new column"}});
                continue;
            }
            emit(ops::rename_column{rename.table, rename.old_name, rename.column});
        }
    }

    // New tables in foreign-key order: a table comes after the tables it references. When
    // the remaining tables reference each other in a cycle, the first (by name) is created
    // without its keys into the cycle, and those keys are added once all tables exist.
    void create_tables() {
        std::vector<const table*> pending;
        for (const auto& t : m_target.tables) {
            if (!m_working.find_table(t.name)) {
                pending.push_back(&t);
            }
        }
        auto is_pending = [&](const std::string& name) {
            return std::any_of(pending.begin(), pending.end(),
                               [&](const table* t) { return t->name == name; });
        };
        while (!pending.empty()) {
            auto ready = std::find_if(pending.begin(), pending.end(), [&](const table* t) {
                return std::none_of(
                    t->foreign_keys.begin(), t->foreign_keys.end(), [&](const foreign_key& k) {
                        return k.referenced_table != t->name && is_pending(k.referenced_table);
                    });
            });
            const bool breaks_cycle = ready == pending.end();
            if (breaks_cycle) {
                ready = pending.begin();
            }
            table definition = **ready;
            pending.erase(ready);
            if (breaks_cycle) {
                std::erase_if(definition.foreign_keys, [&](const foreign_key& k) {
                    if (k.referenced_table != definition.name && is_pending(k.referenced_table)) {
                        m_deferred_keys.emplace_back(definition.name, k);
                        return true;
                    }
                    return false;
                });
            }
            m_created.insert(definition.name);
            emit(ops::create_table{std::move(definition)});
        }
    }

    template <class T, class Drop>
    void drop_changed(const std::vector<T>& current, const std::vector<T>& wanted, Drop make_drop) {
        for (const auto& item : current) {
            const T* target_item = find_named(wanted, item.name);
            if (!target_item || !(*target_item == item)) {
                emit(make_drop(item.name));
            }
        }
    }

    template <class T, class Add>
    void add_changed(const std::vector<T>& current, const std::vector<T>& wanted, Add make_add) {
        for (const auto& item : wanted) {
            const T* existing = find_named(current, item.name);
            if (!existing || !(*existing == item)) {
                emit(make_add(item));
            }
        }
    }

    void drop_outdated_constraints(const table& target_table) {
        const std::string& name = target_table.name;
        const table current = *m_working.find_table(name);
        drop_changed(current.foreign_keys, target_table.foreign_keys, [&](const std::string& n) {
            return ops::drop_foreign_key{name, n};
        });
        drop_changed(current.checks, target_table.checks, [&](const std::string& n) {
            return ops::drop_check{name, n};
        });
        // While the primary key changes, unique constraints and indexes that go stay until
        // the new key is in place (drop_unique_keys_after_key_change): a foreign key to the
        // old key's columns may rest on one of them.
        const bool key_changes = !same_key(current, target_table);
        for (const auto& u : current.uniques) {
            const auto* wanted = find_named(target_table.uniques, u.name);
            if (wanted ? !(*wanted == u) : !key_changes) {
                emit(ops::drop_unique{name, u.name});
            }
        }
        for (const auto& i : current.indexes) {
            const auto* wanted = find_named(target_table.indexes, i.name);
            if (wanted ? !(*wanted == i) : !(key_changes && i.unique)) {
                emit(ops::drop_index{name, i.name});
            }
        }
    }

    // A table whose primary key changes gets its new unique constraints and unique indexes
    // before the key changes, and loses the ones that go after: foreign keys referencing
    // the old key's columns then always have a unique index to rest on, which PostgreSQL
    // needs when it drops and re-adds them around the key change (moving a key from id to
    // code while id becomes unique), and the reverse order serves the downgrade.
    void add_unique_keys_before_key_change(const table& target_table) {
        const std::string& name = target_table.name;
        const table current = *m_working.find_table(name);
        for (const auto& u : target_table.uniques) {
            if (!find_named(current.uniques, u.name)) {
                emit(ops::add_unique{name, u});
            }
        }
        for (const auto& i : target_table.indexes) {
            if (i.unique && !find_named(current.indexes, i.name)) {
                emit(ops::create_index{name, i});
            }
        }
    }

    void drop_unique_keys_after_key_change(const table& target_table) {
        const std::string& name = target_table.name;
        const table current = *m_working.find_table(name);
        for (const auto& u : current.uniques) {
            if (!find_named(target_table.uniques, u.name)) {
                emit(ops::drop_unique{name, u.name});
            }
        }
        for (const auto& i : current.indexes) {
            if (i.unique && !find_named(target_table.indexes, i.name)) {
                emit(ops::drop_index{name, i.name});
            }
        }
    }

    void add_new_constraints(const table& target_table) {
        const std::string& name = target_table.name;
        const table current = *m_working.find_table(name);
        add_changed(current.indexes, target_table.indexes, [&](const index& i) {
            return ops::create_index{name, i};
        });
        add_changed(current.uniques, target_table.uniques, [&](const unique_constraint& u) {
            return ops::add_unique{name, u};
        });
        add_changed(current.checks, target_table.checks, [&](const check_constraint& c) {
            return ops::add_check{name, c};
        });
        add_changed(current.foreign_keys, target_table.foreign_keys, [&](const foreign_key& k) {
            return ops::add_foreign_key{name, k};
        });
    }

    std::optional<std::string> backfill_for(const std::string& table_name,
                                            const std::string& column_name) const {
        auto it = m_annotations.backfills.find(table_name + "." + column_name);
        if (it == m_annotations.backfills.end()) {
            return std::nullopt;
        }
        return it->second;
    }

    // With @p key_changes, the new columns join the primary key later, in change_key().
    void add_columns(const table& target_table, bool key_changes) {
        const std::string& name = target_table.name;
        for (const auto& declared : target_table.columns) {
            if (m_working.find_table(name)->find_column(declared.name)) {
                continue;
            }
            const column wanted = key_changes ? before_key_change(nullptr, declared) : declared;
            if (wanted.nullable || wanted.server_default) {
                emit(ops::add_column{name, wanted});
                continue;
            }
            if (auto backfill = backfill_for(name, wanted.name)) {
                // Existing rows get their value in between: add as nullable, fill, tighten.
                column loose = wanted;
                loose.nullable = true;
                emit(ops::add_column{name, loose});
                emit(ops::execute_sql{
                    fmt::format("UPDATE \"{}\" SET \"{}\" = {}", name, wanted.name, *backfill)});
                emit(ops::alter_column{name, loose, wanted});
                // Every row has just been given a value, so tightening cannot fail.
                m_changes.back().upgrade.warning.clear();
                continue;
            }
            error(name + "." + wanted.name,
                  fmt::format("column '{}.{}' is added to an existing table as NOT NULL, but "
                              "existing rows would have no value for it",
                              name, wanted.name),
                  {"give it a server default: STRATA_COLUMN(default = \"...\")",
                   "or a value for existing rows: STRATA_COLUMN(backfill = \"SQL expression\")",
                   "or make the member std::optional<...> so the column accepts NULL",
                   // A user's first guess (`std::int32_t priority = 0;`), which C++ keeps to
                   // itself: the database never sees it.
                   "a C++ member initializer (`= 0`) is no database default: strata does not "
                   "read it"});
        }
    }

    // With @p key_changes, only what can change while the old primary key stands.
    void alter_columns(const table& target_table, bool key_changes) {
        const std::string& name = target_table.name;
        for (const auto& declared : target_table.columns) {
            const column* current = m_working.find_table(name)->find_column(declared.name);
            if (!current) {
                continue;
            }
            const column wanted = key_changes ? before_key_change(current, declared) : declared;
            if (*current == wanted) {
                continue;
            }
            alter(name, *current, wanted);
        }
    }

    // What fills the NULLs of column @p table_name.@p wanted before it becomes NOT NULL:
    // its declared backfill, else @p defaults in order. std::nullopt: nothing says.
    std::optional<std::string>
    fill_for(const std::string& table_name, const column& wanted,
             std::initializer_list<const std::optional<std::string>*> defaults) const {
        if (auto backfill = backfill_for(table_name, wanted.name)) {
            return backfill;
        }
        for (const auto* d : defaults) {
            if (*d) {
                return *d;
            }
        }
        return std::nullopt;
    }

    static operation fill_nulls(const std::string& table_name, const std::string& column_name,
                                const std::string& value) {
        return ops::execute_sql{fmt::format("UPDATE \"{}\" SET \"{}\" = {} WHERE \"{}\" IS NULL",
                                            table_name, column_name, value, column_name)};
    }

    // Alters @p before into @p wanted. Becoming NOT NULL, its NULLs are filled first
    // (after a type change, so the value is written in the new type); becoming nullable,
    // the downgrade fills them before it makes the column NOT NULL again. Without a value
    // for either, generation stops and asks for one.
    void alter(const std::string& name, column before, const column& wanted) {
        const bool tightens = before.nullable && !wanted.nullable;
        const bool loosens = !before.nullable && wanted.nullable;
        if (tightens) {
            const auto fill = fill_for(name, wanted, {&wanted.server_default});
            if (!fill) {
                ask_for_fill(name, wanted, "becomes NOT NULL, but existing rows may hold NULL");
                emit(ops::alter_column{name, before, wanted}); // keeps the diff going
                return;
            }
            if (before.type != wanted.type) {
                column loose = wanted;
                loose.nullable = true;
                emit(ops::alter_column{name, before, loose});
                before = loose;
            }
            emit(fill_nulls(name, wanted.name, *fill));
            emit(ops::alter_column{name, before, wanted});
            settle(m_changes.back().upgrade, "set-not-null");
            return;
        }
        emit(ops::alter_column{name, before, wanted});
        if (loosens) {
            const auto fill =
                fill_for(name, wanted, {&before.server_default, &wanted.server_default});
            if (!fill) {
                ask_for_fill(name, wanted,
                             "becomes nullable, so downgrade() makes it NOT NULL again, but rows "
                             "written after the upgrade may hold NULL");
                return;
            }
            fill_before_downgrade(m_changes.back(), name, before, wanted, *fill);
        }
    }

    // The downgrade of @p c turns @p wanted (nullable) back into @p before (NOT NULL):
    // fill the NULLs first, after turning the type back if it changed.
    static void fill_before_downgrade(change& c, const std::string& name, const column& before,
                                      const column& wanted, const std::string& fill) {
        column loose = before;
        loose.nullable = true;
        if (before.type != wanted.type) {
            c.downgrade_prelude.push_back(
                step{ops::alter_column{name, wanted, loose},
                     data_loss_warning(ops::alter_column{name, wanted, loose})});
            c.downgrade = step{ops::alter_column{name, loose, before}, {}};
        }
        c.downgrade_prelude.push_back(step{fill_nulls(name, before.name, fill), {}});
        settle(*c.downgrade, "set-not-null");
    }

    void ask_for_fill(const std::string& name, const column& wanted, std::string_view what) {
        error(name + "." + wanted.name, fmt::format("column '{}.{}' {}", name, wanted.name, what),
              {"declare the value rows holding NULL get: STRATA_COLUMN(backfill = \"SQL "
               "expression\"), e.g. backfill = \"0\"",
               "or give the column a server default: STRATA_COLUMN(default = \"...\"); the "
               "revision fills NULLs with it",
               "or keep its nullability as it was"});
    }

    // One alter_primary_key, with every column it needs present and those it drops still
    // there: flag changes per column would pass through wrong keys (the key over user_id
    // alone, failing on a user's second row). Then what alter_columns() held back.
    void change_key(const table& target_table) {
        const std::string& name = target_table.name;
        const table current = *m_working.find_table(name);
        const std::vector<std::string> wanted_key = target_table.primary_key();
        // The model keeps key columns in declaration order; added columns sit at the end.
        std::vector<std::string> to;
        for (const auto& c : current.columns) {
            if (std::find(wanted_key.begin(), wanted_key.end(), c.name) != wanted_key.end()) {
                to.push_back(c.name);
            }
        }
        emit(ops::alter_primary_key{name, current.primary_key(), std::move(to)});
        for (const auto& wanted : target_table.columns) {
            const column* now = m_working.find_table(name)->find_column(wanted.name);
            if (now && !(*now == wanted)) {
                alter(name, *now, wanted);
            }
        }
    }

    // @p before is the table as it was before columns were added, for the rename hint.
    void drop_columns(const table& target_table, const table& before) {
        const std::string& name = target_table.name;
        const table current = *m_working.find_table(name);
        for (const auto& existing : current.columns) {
            if (target_table.find_column(existing.name)) {
                continue;
            }
            for (const auto& added : target_table.columns) {
                if (!before.find_column(added.name) && same_shape(existing, added)) {
                    m_hints.push_back(fmt::format(
                        "column '{}.{}' is dropped and '{}.{}' of the same type is added; if it "
                        "was renamed, declare STRATA_COLUMN(renamed_from = \"{}\") on the member "
                        "to keep its data",
                        name, existing.name, name, added.name, existing.name));
                }
            }
            emit(ops::drop_column{name, existing.name});
            if (!existing.nullable && !existing.server_default && !existing.autoincrement) {
                refill_on_downgrade(m_changes.back(), name, existing);
            }
        }
    }

    // The downgrade of dropping NOT NULL column @p dropped re-adds it; its values are
    // gone, and rows written after the upgrade have none, so it comes back nullable, gets
    // a placeholder in every row, and then becomes NOT NULL.
    static void refill_on_downgrade(change& c, const std::string& name, const column& dropped) {
        column loose = dropped;
        loose.nullable = true;
        const std::string value = placeholder_value(dropped.type);
        c.downgrade_prelude.push_back(
            step{ops::add_column{name, loose},
                 fmt::format("re-adds column {}.{}, which upgrade() dropped, with {} in every row: "
                             "its values are gone",
                             name, dropped.name, value)});
        c.downgrade_prelude.push_back(step{fill_nulls(name, dropped.name, value), {}});
        c.downgrade = step{ops::alter_column{name, loose, dropped}, {}};
    }

    // Dropped tables go last, referencing tables before the tables they reference; a key
    // between two dropped tables that would still point at a dropped table goes first.
    void drop_tables() {
        std::vector<table> doomed;
        for (const auto& t : m_working.tables) {
            if (!m_target.find_table(t.name)) {
                doomed.push_back(t);
            }
        }
        for (const auto& gone : doomed) {
            for (const auto& created : m_target.tables) {
                if (!was_there_before(created.name) && same_columns(gone, created)) {
                    m_hints.push_back(fmt::format(
                        "table '{}' is dropped and '{}' with the same columns is created; if it "
                        "was renamed, declare STRATA_TABLE(renamed_from = \"{}\") on the struct "
                        "to keep its rows",
                        gone.name, created.name, gone.name));
                }
            }
        }
        // Reverse creation order: a table is dropped after every table referencing it.
        std::vector<std::string> order;
        std::vector<std::string> pending;
        for (const auto& t : doomed) {
            pending.push_back(t.name);
        }
        auto references = [&](const std::string& from, const std::string& to) {
            const table* t = m_working.find_table(from);
            return std::any_of(t->foreign_keys.begin(), t->foreign_keys.end(),
                               [&](const foreign_key& k) { return k.referenced_table == to; });
        };
        while (!pending.empty()) {
            auto next = std::find_if(pending.begin(), pending.end(), [&](const std::string& name) {
                return std::none_of(pending.begin(), pending.end(), [&](const std::string& other) {
                    return other != name && references(other, name);
                });
            });
            if (next == pending.end()) {
                next = pending.begin(); // A cycle: its keys are dropped below first.
            }
            order.push_back(*next);
            pending.erase(next);
        }
        for (std::size_t i = 0; i < order.size(); ++i) {
            for (std::size_t j = i + 1; j < order.size(); ++j) {
                const table current = *m_working.find_table(order[j]);
                for (const auto& key : current.foreign_keys) {
                    if (key.referenced_table == order[i]) {
                        emit(ops::drop_foreign_key{order[j], key.name});
                    }
                }
            }
            emit(ops::drop_table{order[i]});
        }
    }

    schema m_working;
    schema m_target;
    const scan_annotations& m_annotations;
    std::set<std::string> m_existing;
    /// Tables this revision creates: they hold no rows yet.
    std::set<std::string> m_created;
    std::vector<std::pair<std::string, foreign_key>> m_deferred_keys;
    std::vector<change> m_changes;
    std::vector<std::string> m_hints;
    /// A foreign key whose column is narrower than the column it references.
    struct type_warning {
        std::string table;
        std::string key;
        std::string column;
        std::string referenced_table;
        std::string referenced_column;
        std::string text;
    };
    std::vector<type_warning> m_type_warnings;
    std::vector<diagnostic> m_errors;
};

} // namespace

diff_result diff(const schema& from, const schema& to, const scan_annotations& annotations) {
    return differ(from, to, annotations).run();
}

std::vector<step> upgrade_steps(const std::vector<change>& changes) {
    std::vector<step> result;
    result.reserve(changes.size());
    for (const auto& c : changes) {
        result.push_back(c.upgrade);
    }
    return result;
}

std::vector<step> downgrade_steps(const std::vector<change>& changes) {
    std::vector<step> result;
    for (auto it = changes.rbegin(); it != changes.rend(); ++it) {
        result.insert(result.end(), it->downgrade_prelude.begin(), it->downgrade_prelude.end());
        if (it->downgrade) {
            result.push_back(*it->downgrade);
        }
    }
    return result;
}

} // namespace strata::generator
