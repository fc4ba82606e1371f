// The rules of rules.hpp applied to a revision. One member function per kind of
// operation; each raises the findings that operation deserves on the schema it meets.
// Messages and fixes are exact texts (tests/generator/review_checks_test.cpp pins them).

#include "review/checks.hpp"

#include "compare/existing_rows.hpp"
#include "review/fixes.hpp"
#include "review/rules.hpp"
#include "review/type_change.hpp"

#include "strata/detail/overloaded.hpp"
#include "strata/detail/text.hpp"
#include "strata/error.hpp"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <regex>
#include <set>

namespace strata::generator::review {
namespace {

using strata::detail::overloaded;

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

class checker {
public:
    explicit checker(const check_input& input) : m_in(input), m_shape(input.before) {
        for (const auto& d : input.sql) {
            m_dialects.insert(d.dialect);
        }
    }

    std::vector<finding> run() {
        for (m_index = 0; m_index < m_in.operations.size(); ++m_index) {
            const operation& op = m_in.operations[m_index];
            std::visit([this](const auto& o) { check(o); }, op);
            sqlite_rebuild();
            try {
                apply(m_shape, op);
            } catch (const strata::error&) {
                // The dialects report an operation that does not apply (dialect_sql::error).
            }
        }
        return std::move(m_found);
    }

private:
    void raise(std::string_view rule_name, std::string message, std::string fix = {}) {
        const rule* r = find_rule(rule_name);
        if (!r->dialect.empty() && !m_dialects.contains(std::string(r->dialect))) {
            return;
        }
        m_found.push_back(finding{r, m_index, std::move(message), std::move(fix)});
        if (const auto* value = declared_here();
            value != nullptr && settled_by_existing_rows(rule_name)) {
            m_found.back().acknowledged = declared_text(m_in.operations[m_index], m_shape, *value);
        }
    }
    // The may-fail risks an `existing_rows` declaration settles (compare/existing_rows.hpp).
    static bool settled_by_existing_rows(std::string_view rule_name) {
        return rule_name == "unique-existing-rows" || rule_name == "foreign-key-existing-rows" ||
               rule_name == "check-existing-rows" || rule_name == "narrow-type";
    }
    // The existing_rows value declared for operation @p index, or null.
    const std::string* declared_here(std::size_t index) const {
        if (m_in.declared_existing_rows == nullptr) {
            return nullptr;
        }
        const auto it = m_in.declared_existing_rows->find(index);
        return it == m_in.declared_existing_rows->end() ? nullptr : &it->second;
    }
    const std::string* declared_here() const { return declared_here(m_index); }
    // Whether the hand-written SQL at m_index is part of the procedure the generator
    // wrote for a declared existing_rows: the statements right before the declared
    // operation, equal to what prepare_existing_rows() gives on this schema.
    bool generated_procedure() const {
        const auto& ops = m_in.operations;
        std::size_t next = m_index;
        while (next < ops.size() && std::holds_alternative<ops::execute_sql>(ops[next])) {
            ++next;
        }
        const std::string* value = next < ops.size() ? declared_here(next) : nullptr;
        if (value == nullptr) {
            return false;
        }
        std::vector<operation> procedure;
        try {
            procedure = prepare_existing_rows(ops[next], m_shape, *value);
        } catch (const std::exception&) {
            return false; // a value that does not apply here: the file was edited
        }
        return !procedure.empty() && procedure.size() <= next &&
               m_index >= next - procedure.size() &&
               std::equal(procedure.begin(), procedure.end(),
                          ops.begin() + static_cast<std::ptrdiff_t>(next - procedure.size()));
    }
    // Tables made by this revision hold no rows yet: nothing to lose, lock or fail on.
    bool existing(const std::string& table_name) const {
        return !m_fresh.contains(table_name) && m_shape.find_table(table_name) != nullptr;
    }
    const column* column_of(const std::string& table_name, const std::string& name) const {
        const table* t = m_shape.find_table(table_name);
        return t == nullptr ? nullptr : t->find_column(name);
    }

    void check(const ops::create_table& o) { m_fresh.insert(o.definition.name); }
    void check(const ops::drop_table& o) {
        if (!existing(o.table_name)) {
            return;
        }
        raise("drop-table", fmt::format("drops table '{}' and every row in it", o.table_name));
        raise("backward-incompatible",
              fmt::format("drops table '{}', which the previous release's code still uses",
                          o.table_name),
              contract_note(fmt::format("table '{}'", o.table_name)));
    }
    void check(const ops::rename_table& o) {
        if (m_fresh.contains(o.old_name)) {
            m_fresh.insert(o.new_name);
            return;
        }
        if (const table* t = m_shape.find_table(o.old_name)) {
            raise("backward-incompatible",
                  fmt::format("renames table '{}' to '{}'; the previous release's code still "
                              "uses '{}'",
                              o.old_name, o.new_name, o.old_name),
                  expand_contract_table(*t, o.new_name));
        }
    }
    void check(const ops::add_column& o) {
        const column& c = o.definition;
        if (!existing(o.table_name)) {
            return;
        }
        if (!c.nullable && !c.server_default && !c.autoincrement) {
            raise("not-null-existing-rows",
                  fmt::format("adds NOT NULL column '{}.{}' without a default: fails if '{}' "
                              "has any row",
                              o.table_name, c.name, o.table_name),
                  add_with_backfill(o.table_name, c));
            raise("backward-incompatible",
                  fmt::format("adds NOT NULL column '{}.{}' without a default; the previous "
                              "release's code inserts rows without it, which then fail",
                              o.table_name, c.name));
        }
        if (c.server_default && volatile_default(*c.server_default)) {
            raise("pg-table-rewrite",
                  fmt::format("adds column '{}.{}' with the volatile default {}, which "
                              "PostgreSQL writes into every row",
                              o.table_name, c.name, *c.server_default));
        }
    }
    void check(const ops::drop_column& o) {
        if (!existing(o.table_name)) {
            return;
        }
        raise("drop-column", fmt::format("drops column '{}.{}' and every value in it", o.table_name,
                                         o.column_name));
        raise("backward-incompatible",
              fmt::format("drops column '{}.{}', which the previous release's code still reads",
                          o.table_name, o.column_name),
              contract_note(fmt::format("column '{}.{}'", o.table_name, o.column_name)));
    }
    void check(const ops::rename_column& o) {
        if (!existing(o.table_name)) {
            return;
        }
        if (const column* c = column_of(o.table_name, o.old_name)) {
            rename_finding(o.table_name, *c, o.new_name);
        }
    }
    void rename_finding(const std::string& table_name, const column& old, const std::string& to) {
        raise("backward-incompatible",
              fmt::format("renames column '{}.{}' to '{}'; the previous release's code still "
                          "uses '{}'",
                          table_name, old.name, to, old.name),
              expand_contract_column(table_name, old, to));
    }
    void check(const ops::alter_column& o);
    void check(const ops::alter_primary_key& o) {
        if (!existing(o.table_name) || o.to_columns.empty()) {
            return;
        }
        raise("unique-existing-rows",
              fmt::format("makes ({}) the primary key of '{}': fails if rows repeat a value",
                          fmt::join(o.to_columns, ", "), o.table_name),
              duplicates_query(o.table_name, o.to_columns));
        raise(
            "pg-index-not-concurrent",
            fmt::format("builds the primary key index of '{}' while blocking writes", o.table_name),
            concurrent_primary_key(o));
    }
    void check(const ops::create_index& o) {
        if (!existing(o.table_name)) {
            return;
        }
        if (o.definition.unique) {
            raise("unique-existing-rows",
                  fmt::format("creates unique index '{}' on '{}' ({}): fails if rows repeat a "
                              "value",
                              o.definition.name, o.table_name,
                              fmt::join(o.definition.columns, ", ")),
                  duplicates_query(o.table_name, o.definition.columns));
        }
        raise("pg-index-not-concurrent",
              fmt::format("creates index '{}' on '{}' without CONCURRENTLY", o.definition.name,
                          o.table_name),
              concurrent_index(o));
    }
    void check(const ops::add_unique& o) {
        if (!existing(o.table_name)) {
            return;
        }
        raise("unique-existing-rows",
              fmt::format("adds unique constraint '{}' on '{}' ({}): fails if rows repeat a value",
                          o.definition.name, o.table_name, fmt::join(o.definition.columns, ", ")),
              duplicates_query(o.table_name, o.definition.columns));
        raise("pg-index-not-concurrent",
              fmt::format("builds the index of unique constraint '{}' on '{}' while blocking "
                          "writes",
                          o.definition.name, o.table_name),
              concurrent_unique(o));
    }
    void check(const ops::add_foreign_key& o) {
        if (!existing(o.table_name)) {
            return;
        }
        raise("foreign-key-existing-rows",
              fmt::format("adds foreign key '{}' from '{}' ({}) to '{}': fails if a row "
                          "references a missing one",
                          o.definition.name, o.table_name, fmt::join(o.definition.columns, ", "),
                          o.definition.referenced_table),
              orphans_query(o.table_name, o.definition));
        raise("pg-constraint-validates",
              fmt::format("adds foreign key '{}' on '{}' without NOT VALID", o.definition.name,
                          o.table_name),
              not_valid_constraint(o, o.table_name, o.definition.name,
                                   pg_statement(m_index, "ADD CONSTRAINT")));
    }
    void check(const ops::add_check& o) {
        if (!existing(o.table_name)) {
            return;
        }
        raise("check-existing-rows",
              fmt::format("adds check '{}' ({}) on '{}': fails if a row violates it",
                          o.definition.name, o.definition.expression, o.table_name),
              violations_query(o.table_name, o.definition.expression));
        raise("pg-constraint-validates",
              fmt::format("adds check '{}' on '{}' without NOT VALID", o.definition.name,
                          o.table_name),
              not_valid_constraint(o, o.table_name, o.definition.name,
                                   pg_statement(m_index, "ADD CONSTRAINT")));
    }
    void check(const ops::execute_sql& o) {
        m_backfills.push_back(lower(o.sql));
        // The fill the generator writes for `backfill = "..."`: analysed, it only sets a
        // column's NULLs.
        static const std::regex generated_backfill(
            R"re(UPDATE "[^"]+" SET "([^"]+)" = .*( WHERE "\1" IS NULL)?)re");
        if (std::regex_match(o.sql, generated_backfill) || generated_procedure()) {
            return;
        }
        auto first_line = o.sql.substr(0, o.sql.find('\n'));
        if (first_line.size() > 80 || first_line.size() < o.sql.size()) {
            first_line = first_line.substr(0, 77) + "...";
        }
        raise("hand-written-sql", fmt::format("runs hand-written SQL: {}", first_line));
    }
    // Index, constraint and comment removals lose no rows and take short locks.
    void check(const ops::drop_index&) {}
    void check(const ops::drop_unique&) {}
    void check(const ops::drop_foreign_key&) {}
    void check(const ops::drop_check&) {}
    void check(const ops::set_table_comment&) {}

    // Whether hand-written SQL earlier in the revision fills NULLs of @p table.@p column.
    bool backfilled(const std::string& table_name, const std::string& column_name) const {
        return std::any_of(m_backfills.begin(), m_backfills.end(), [&](const std::string& sql) {
            return sql.find("update") != std::string::npos &&
                   sql.find(lower(table_name)) != std::string::npos &&
                   sql.find(lower(column_name)) != std::string::npos;
        });
    }

    // Whether a check of @p table_name already says `column IS NOT NULL`: PostgreSQL 12+
    // then sets NOT NULL without reading the table (the check holds for every row).
    bool proven_not_null(const std::string& table_name, const std::string& column_name) const {
        const table* t = m_shape.find_table(table_name);
        if (t == nullptr) {
            return false;
        }
        const std::string wanted = lower(column_name) + " is not null";
        return std::any_of(t->checks.begin(), t->checks.end(), [&](const check_constraint& c) {
            std::string expression;
            for (char ch : lower(c.expression)) {
                if (ch != '"' && ch != '(' && ch != ')') {
                    expression += ch;
                }
            }
            return strata::detail::trim(expression) == wanted;
        });
    }

    // The PostgreSQL statement for operation @p index that contains @p marker, or "".
    std::string pg_statement(std::size_t index, std::string_view marker) const {
        for (const auto& d : m_in.sql) {
            if (d.dialect != "postgresql") {
                continue;
            }
            for (const auto& s : d.steps) {
                if (s.first == index && s.last == index + 1) {
                    for (const auto& sql : s.statements) {
                        if (sql.find(marker) != std::string::npos) {
                            return sql;
                        }
                    }
                }
            }
        }
        return {};
    }

    // A rebuild SQLite plans that starts at the current operation, on an existing table.
    void sqlite_rebuild() {
        for (const auto& d : m_in.sql) {
            if (d.dialect != "sqlite") {
                continue;
            }
            for (const auto& s : d.steps) {
                if (s.first == m_index && !s.rebuilt_table.empty() && existing(s.rebuilt_table)) {
                    raise("sqlite-table-rebuild",
                          fmt::format("rebuilds table '{}' (copies every row) to {}",
                                      s.rebuilt_table,
                                      rebuild_purpose(m_in.operations, s.first, s.last)));
                }
            }
        }
    }

    const check_input& m_in;
    schema m_shape;
    std::set<std::string, std::less<>> m_dialects;
    std::set<std::string, std::less<>> m_fresh;
    std::vector<std::string> m_backfills;
    std::size_t m_index = 0;
    std::vector<finding> m_found;
};

void checker::check(const ops::alter_column& o) {
    if (!existing(o.table_name)) {
        return;
    }
    const column& from = o.from;
    const column& to = o.to;
    const std::string name = fmt::format("{}.{}", o.table_name, to.name);
    if (from.name != to.name) {
        rename_finding(o.table_name, from, to.name);
    }
    if (from.type != to.type) {
        if (narrows(from.type, to.type)) {
            raise("narrow-type",
                  fmt::format("changes '{}' from {} to {}: existing values may not fit", name,
                              type_words(from.type), type_words(to.type)),
                  misfits_query(o.table_name, from, to.type));
        }
        if (pg_rewrites(from.type, to.type)) {
            raise("pg-table-rewrite",
                  fmt::format("changes the type of '{}' from {} to {}, which rewrites '{}'", name,
                              type_words(from.type), type_words(to.type), o.table_name),
                  expand_contract_type(o.table_name, from, to));
        }
    }
    if (from.nullable && !to.nullable && !proven_not_null(o.table_name, to.name)) {
        if (!backfilled(o.table_name, from.name)) {
            raise("not-null-existing-rows",
                  fmt::format("makes '{}' NOT NULL: fails if a row holds NULL there", name),
                  fill_nulls(o.table_name, to));
        }
        raise("pg-set-not-null",
              fmt::format("sets '{}' NOT NULL, which reads all of '{}' under an ACCESS "
                          "EXCLUSIVE lock",
                          name, o.table_name),
              not_null_via_check(o.table_name, to.name));
    }
}

} // namespace

std::vector<finding> check_revision(const check_input& input) {
    return checker(input).run();
}

} // namespace strata::generator::review
