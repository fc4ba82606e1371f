// Gives the parsed op.* calls (revision_syntax.hpp) their meaning: each becomes the
// operation the call records at run time (operations.hpp), each argument the value the
// strata::dsl builder returns.

#include "review/revision_reader.hpp"

#include "review/revision_syntax.hpp"

#include "diagnostic.hpp"

#include <fmt/format.h>
#include <map>

namespace strata::generator::review {
namespace {

using syntax::value;
using kind = syntax::value::kind;

class converter {
public:
    explicit converter(std::filesystem::path file) : m_file(std::move(file)) {}

    operation to_operation(const value& call) const {
        const auto& a = call.items;
        const std::string& name = call.text;
        check_arity(call);
        if (name == "create_table") {
            if (a.size() == 1) {
                return ops::create_table{to_table(a[0])};
            }
            table t{.name = text(a[0])};
            for (const auto& c : list(a[1])) {
                t.columns.push_back(to_column(c));
            }
            return ops::create_table{std::move(t)};
        }
        if (name == "drop_table") {
            return ops::drop_table{text(a[0])};
        }
        if (name == "rename_table") {
            return ops::rename_table{text(a[0]), text(a[1])};
        }
        if (name == "add_column") {
            return ops::add_column{text(a[0]), to_column(a[1])};
        }
        if (name == "drop_column") {
            return ops::drop_column{text(a[0]), text(a[1])};
        }
        if (name == "rename_column") {
            return ops::rename_column{text(a[0]), text(a[1]), text(a[2])};
        }
        if (name == "alter_column") {
            return ops::alter_column{text(a[0]), to_column(a[1]), to_column(a[2])};
        }
        if (name == "alter_primary_key") {
            return ops::alter_primary_key{text(a[0]), texts(a[1]), texts(a[2])};
        }
        if (name == "create_index") {
            return ops::create_index{text(a[0]), to_index(a[1])};
        }
        if (name == "drop_index") {
            return ops::drop_index{text(a[0]), text(a[1])};
        }
        if (name == "add_unique") {
            return ops::add_unique{text(a[0]), to_unique(a[1])};
        }
        if (name == "drop_unique") {
            return ops::drop_unique{text(a[0]), text(a[1])};
        }
        if (name == "add_foreign_key") {
            return ops::add_foreign_key{text(a[0]), to_foreign_key(a[1])};
        }
        if (name == "drop_foreign_key") {
            return ops::drop_foreign_key{text(a[0]), text(a[1])};
        }
        if (name == "add_check") {
            return ops::add_check{text(a[0]), to_check(a[1])};
        }
        if (name == "drop_check") {
            return ops::drop_check{text(a[0]), text(a[1])};
        }
        if (name == "set_table_comment") {
            if (a[1].what == kind::name && a[1].text == "std::nullopt") {
                return ops::set_table_comment{text(a[0]), std::nullopt};
            }
            return ops::set_table_comment{text(a[0]), text(a[1])};
        }
        return ops::execute_sql{text(a[0])}; // "execute", the one left (check_arity)
    }

private:
    // Arguments each operation takes (create_table: a table, or a name and columns).
    void check_arity(const value& call) const {
        static const std::map<std::string, std::size_t, std::less<>> counts{
            {"create_table", 2},    {"drop_table", 1},        {"rename_table", 2},
            {"add_column", 2},      {"drop_column", 2},       {"rename_column", 3},
            {"alter_column", 3},    {"alter_primary_key", 3}, {"create_index", 2},
            {"drop_index", 2},      {"add_unique", 2},        {"drop_unique", 2},
            {"add_foreign_key", 2}, {"drop_foreign_key", 2},  {"add_check", 2},
            {"drop_check", 2},      {"set_table_comment", 2}, {"execute", 1}};
        const auto it = counts.find(call.text);
        if (it == counts.end()) {
            syntax::fail_at(m_file, call.where, fmt::format("unknown operation 'op.{}'", call.text),
                            {"the operations are listed in docs/annotations.md"});
        }
        const bool one_table = call.text == "create_table" && call.items.size() == 1;
        if (call.items.size() != it->second && !one_table) {
            syntax::fail_at(m_file, call.where,
                            fmt::format("'op.{}' takes {} argument(s), not {}", call.text,
                                        it->second, call.items.size()));
        }
    }
    const std::string& text(const value& v) const {
        if (v.what != kind::string) {
            syntax::fail_at(m_file, v.where, "expected a string literal",
                            {"strata review evaluates literals only, not variables or calls"});
        }
        return v.text;
    }
    std::int32_t number(const value& v) const {
        if (v.what != kind::number) {
            syntax::fail_at(m_file, v.where, "expected an integer literal");
        }
        return static_cast<std::int32_t>(v.number);
    }
    const std::vector<value>& list(const value& v) const {
        if (v.what != kind::list) {
            syntax::fail_at(m_file, v.where, "expected a brace list `{...}`");
        }
        return v.items;
    }
    std::vector<std::string> texts(const value& v) const {
        std::vector<std::string> out;
        for (const auto& item : list(v)) {
            out.push_back(text(item));
        }
        return out;
    }
    const value& callee(const value& v, std::string_view what) const {
        if (v.what != kind::call) {
            syntax::fail_at(m_file, v.where, fmt::format("expected {}", what));
        }
        return v;
    }

    column_type to_type(const value& v) const {
        const value& c = callee(v, "a column type such as int64() or string(120)");
        const auto& a = c.items;
        const std::string name = c.text.starts_with("strata::dsl::") ? c.text.substr(13) : c.text;
        if (name == "text" && a.empty()) {
            return {.kind = type_kind::string};
        }
        if (name == "string" && a.size() == 1) {
            return {.kind = type_kind::string, .length = number(a[0])};
        }
        if (name == "decimal" && a.size() == 2) {
            return {.kind = type_kind::decimal, .precision = number(a[0]), .scale = number(a[1])};
        }
        if (name == "enumeration" && a.size() == 2) {
            return {.kind = type_kind::enumeration,
                    .enum_name = text(a[0]),
                    .enum_values = texts(a[1])};
        }
        if (name == "sql_type" && a.size() == 2) {
            auto type = to_type(a[0]);
            type.sql_override = text(a[1]);
            return type;
        }
        // The remaining builders are named like the kind (int64() is type_kind::int64).
        if (const auto k = type_kind_from_string(name); k && a.empty() && name != "string") {
            return {.kind = *k};
        }
        syntax::fail_at(m_file, c.where, fmt::format("unknown column type '{}'", c.text),
                        {"the types are listed in docs/annotations.md"});
    }

    column to_column(const value& v) const {
        const value& c = callee(v, "a column: col(\"name\", type)");
        if (c.text != "col" || c.items.size() != 2) {
            syntax::fail_at(m_file, c.where, "expected a column: col(\"name\", type)");
        }
        column out{.name = text(c.items[0]), .type = to_type(c.items[1])};
        for (const auto& m : c.chain) {
            if (m.text == "nullable" && m.items.empty()) {
                out.nullable = true;
            } else if (m.text == "primary_key" && m.items.empty()) {
                out.primary_key = true;
            } else if (m.text == "autoincrement" && m.items.empty()) {
                out.autoincrement = true;
            } else if (m.text == "server_default" && m.items.size() == 1) {
                out.server_default = text(m.items[0]);
            } else if (m.text == "comment" && m.items.size() == 1) {
                out.comment = text(m.items[0]);
            } else {
                syntax::fail_at(m_file, m.where, fmt::format("unknown column option '{}'", m.text));
            }
        }
        return out;
    }

    index to_index(const value& v) const {
        const value& c = callee(v, "an index: idx(\"name\", {columns})");
        if ((c.text != "idx" && c.text != "unique_idx") || c.items.size() != 2) {
            syntax::fail_at(m_file, c.where, "expected idx(name, {columns}) or unique_idx(...)");
        }
        return {text(c.items[0]), texts(c.items[1]), c.text == "unique_idx"};
    }

    unique_constraint to_unique(const value& v) const {
        const value& c = callee(v, "unique(\"name\", {columns})");
        if (c.text != "unique" || c.items.size() != 2) {
            syntax::fail_at(m_file, c.where, "expected unique(name, {columns})");
        }
        return {text(c.items[0]), texts(c.items[1])};
    }

    referential_action action(const value& v) const {
        const auto pos = v.text.rfind("::");
        const auto spelled = pos == std::string::npos ? v.text : v.text.substr(pos + 2);
        const auto a = referential_action_from_string(spelled);
        if (v.what != kind::name || !a) {
            syntax::fail_at(m_file, v.where, "expected strata::referential_action::<action>");
        }
        return *a;
    }

    foreign_key to_foreign_key(const value& v) const {
        const value& c = callee(v, "fk(name, {columns}, table, {columns})");
        if (c.text != "fk" || c.items.size() < 4 || c.items.size() > 6) {
            syntax::fail_at(m_file, c.where, "expected fk(name, {columns}, table, {columns})");
        }
        const auto& a = c.items;
        foreign_key k{text(a[0]), texts(a[1]), text(a[2]), texts(a[3])};
        k.on_delete = a.size() > 4 ? action(a[4]) : referential_action::no_action;
        k.on_update = a.size() > 5 ? action(a[5]) : referential_action::no_action;
        return k;
    }

    check_constraint to_check(const value& v) const {
        const value& c = callee(v, "check(name, expression)");
        if (c.text != "check" || c.items.size() != 2) {
            syntax::fail_at(m_file, c.where, "expected check(name, expression)");
        }
        return {text(c.items[0]), text(c.items[1])};
    }

    table to_table(const value& v) const {
        table t;
        for (const auto& field : list(v)) {
            if (field.what != kind::designated) {
                syntax::fail_at(m_file, field.where, "expected `.field = value` in a table");
            }
            const value& x = field.items.at(0);
            if (field.text == "name") {
                t.name = text(x);
            } else if (field.text == "comment") {
                t.comment = text(x);
            } else {
                for (const auto& item : list(x)) {
                    if (field.text == "columns") {
                        t.columns.push_back(to_column(item));
                    } else if (field.text == "indexes") {
                        t.indexes.push_back(to_index(item));
                    } else if (field.text == "uniques") {
                        t.uniques.push_back(to_unique(item));
                    } else if (field.text == "foreign_keys") {
                        t.foreign_keys.push_back(to_foreign_key(item));
                    } else if (field.text == "checks") {
                        t.checks.push_back(to_check(item));
                    } else {
                        syntax::fail_at(m_file, field.where,
                                        fmt::format("unknown table field '{}'", field.text));
                    }
                }
            }
        }
        return t;
    }

    std::filesystem::path m_file;
};

} // namespace

revision_body read_revision_body(const std::filesystem::path& file, const std::string& text) {
    const auto parsed = syntax::parse_function(file, text, "upgrade");
    revision_body body;
    body.transactional = parsed.transactional;
    const converter convert(file);
    for (const auto& call : parsed.calls) {
        body.upgrade.push_back(convert.to_operation(call));
        body.lines.push_back(call.where.line);
    }
    // A downgrade the review cannot read is reported, not fatal: the review is about the
    // upgrade, and the downgrade is shown for information.
    try {
        for (const auto& call : syntax::parse_function(file, text, "downgrade").calls) {
            body.downgrade.push_back(convert.to_operation(call));
        }
    } catch (const diagnostic_error& e) {
        body.downgrade.clear();
        body.downgrade_unreadable = e.what();
    }
    return body;
}

} // namespace strata::generator::review
