#include "render/revision_reader.hpp"

#include "render/revision_format.hpp"
#include "support/diagnostic.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <fmt/format.h>
#include <regex>

namespace strata::generator {
namespace {

// ---------------------------------------------------------------------------------------
// Tokens: just enough C++ to read what render.cpp writes (and clang-format makes of it).

enum class tok { ident, string, number, punct };

struct token {
    tok kind;
    std::string text; // a string literal's value, unescaped
    unsigned line;
    unsigned column;
};

char unescape(char ch) {
    switch (ch) {
    case 'n':
        return '\n';
    case 't':
        return '\t';
    case 'r':
        return '\r';
    case '0':
        return '\0';
    default:
        return ch; // \" \\ \' \?
    }
}

class tokenizer {
public:
    explicit tokenizer(const std::string& text) : m_text(text) {}

    std::vector<token> run() {
        std::vector<token> out;
        while (skip_space_and_comments()) {
            const unsigned line = m_line;
            const unsigned column = static_cast<unsigned>(m_pos - m_line_start + 1);
            const char ch = m_text[m_pos];
            if (ch == '#' && at_line_start()) {
                skip_to_line_end(); // preprocessor lines do not matter here
            } else if (std::isalpha(static_cast<unsigned char>(ch)) || ch == '_') {
                std::string word = take_while(
                    [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
                if (m_pos < m_text.size() && m_text[m_pos] == '"' && is_string_prefix(word)) {
                    out.push_back({tok::string, string_literal(word.back() == 'R'), line, column});
                } else {
                    out.push_back({tok::ident, std::move(word), line, column});
                }
            } else if (std::isdigit(static_cast<unsigned char>(ch))) {
                out.push_back({tok::number, take_while([](char c) {
                                   return std::isalnum(static_cast<unsigned char>(c)) || c == '.' ||
                                          c == '\'';
                               }),
                               line, column});
            } else if (ch == '"') {
                out.push_back({tok::string, string_literal(false), line, column});
            } else if (ch == '\'') {
                (void)string_literal(false, '\''); // a character literal: never an argument
                out.push_back({tok::punct, "'", line, column});
            } else if (m_text.compare(m_pos, 2, "::") == 0 || m_text.compare(m_pos, 2, "->") == 0) {
                out.push_back({tok::punct, m_text.substr(m_pos, 2), line, column});
                m_pos += 2;
            } else {
                out.push_back({tok::punct, std::string(1, ch), line, column});
                ++m_pos;
            }
        }
        return out;
    }

private:
    static bool is_string_prefix(const std::string& word) {
        static const std::array<const char*, 9> prefixes{"R",   "u8", "u",  "U", "L",
                                                         "u8R", "uR", "UR", "LR"};
        return std::any_of(prefixes.begin(), prefixes.end(),
                           [&](const char* p) { return word == p; });
    }

    bool at_line_start() const {
        for (std::size_t i = m_pos; i > m_line_start; --i) {
            if (!std::isspace(static_cast<unsigned char>(m_text[i - 1]))) {
                return false;
            }
        }
        return true;
    }

    void advance() {
        if (m_text[m_pos] == '\n') {
            ++m_line;
            m_line_start = m_pos + 1;
        }
        ++m_pos;
    }

    void skip_to_line_end() {
        while (m_pos < m_text.size() && m_text[m_pos] != '\n') {
            advance();
        }
    }

    // False at the end of the text.
    bool skip_space_and_comments() {
        while (m_pos < m_text.size()) {
            if (std::isspace(static_cast<unsigned char>(m_text[m_pos]))) {
                advance();
            } else if (m_text.compare(m_pos, 2, "//") == 0) {
                skip_to_line_end();
            } else if (m_text.compare(m_pos, 2, "/*") == 0) {
                while (m_pos < m_text.size() && m_text.compare(m_pos, 2, "*/") != 0) {
                    advance();
                }
                m_pos = std::min(m_pos + 2, m_text.size());
            } else {
                return true;
            }
        }
        return false;
    }

    template <class Pred>
    std::string take_while(Pred pred) {
        const auto start = m_pos;
        while (m_pos < m_text.size() && pred(m_text[m_pos])) {
            ++m_pos;
        }
        return m_text.substr(start, m_pos - start);
    }

    std::string string_literal(bool raw, char quote = '"') {
        ++m_pos; // the opening quote
        std::string value;
        if (raw) {
            const auto open = m_text.find('(', m_pos);
            // Built by append: `")" + substr(...)` trips GCC 12's -Wrestrict at -O3.
            std::string close(1, ')');
            close.append(m_text, m_pos, open == std::string::npos ? 0 : open - m_pos);
            close += '"';
            const auto end = open == std::string::npos ? open : m_text.find(close, open);
            if (end == std::string::npos) {
                m_pos = m_text.size();
                return value;
            }
            value = m_text.substr(open + 1, end - open - 1);
            while (m_pos < end + close.size()) {
                advance();
            }
            return value;
        }
        while (m_pos < m_text.size() && m_text[m_pos] != quote && m_text[m_pos] != '\n') {
            if (m_text[m_pos] == '\\' && m_pos + 1 < m_text.size()) {
                ++m_pos;
                value += unescape(m_text[m_pos]);
            } else {
                value += m_text[m_pos];
            }
            ++m_pos;
        }
        ++m_pos; // the closing quote
        return value;
    }

    const std::string& m_text;
    std::size_t m_pos = 0;
    std::size_t m_line_start = 0;
    unsigned m_line = 1;
};

// ---------------------------------------------------------------------------------------
// Values: the arguments of an operation call, before they are given a meaning.

struct value {
    enum class kind { string, number, list, call, name, designator, lambda } what = kind::name;
    const token* at = nullptr;
    std::string text;           // string value, number, last name component, designator field
    std::vector<value> items;   // list items, call arguments, designator's value
    std::vector<value> chain;   // `.method(args)` calls after a call, each a call value
    std::size_t body_begin = 0; // lambda: the tokens between its braces
    std::size_t body_end = 0;
    std::string parameter; // lambda: the name of its operations& parameter
};

value make_value(value::kind what, const token* at, std::string text = {},
                 std::vector<value> items = {}) {
    value v;
    v.what = what;
    v.at = at;
    v.text = std::move(text);
    v.items = std::move(items);
    return v;
}

const char* const readable_form =
    "the replay reads upgrade() as `op.<operation>(...)` calls with literal arguments, as "
    "strata writes them; for anything else, state its effect on the schema: "
    "`op.execute(sql, [](strata::operations& state) { state.add_column(...); })` "
    "(docs/commands.md, \"Hand-written steps\")";

class reader {
public:
    reader(const std::filesystem::path& file, std::vector<token> tokens)
        : m_file(file), m_tokens(std::move(tokens)) {}

    [[noreturn]] void fail(const token* at, const std::string& message,
                           std::vector<std::string> notes = {readable_form}) const {
        const token& where = at ? *at : m_tokens.back();
        throw diagnostic_error(
            {diagnostic{{m_file, where.line, where.column}, message, std::move(notes)}});
    }

    // The body of `void <name>(... operations& <param>) { ... }`.
    std::pair<std::size_t, std::size_t> function_body(const std::string& name,
                                                      std::string& parameter) const {
        for (std::size_t i = 1; i + 1 < m_tokens.size(); ++i) {
            if (m_tokens[i].kind != tok::ident || m_tokens[i].text != name ||
                m_tokens[i - 1].text != "void" || m_tokens[i + 1].text != "(") {
                continue;
            }
            const std::size_t close = matching(i + 1);
            parameter = close > 0 && m_tokens[close - 1].kind == tok::ident
                            ? m_tokens[close - 1].text
                            : std::string();
            if (close + 1 < m_tokens.size() && m_tokens[close + 1].text == "{") {
                return {close + 2, matching(close + 1)};
            }
        }
        fail(nullptr,
             fmt::format("cannot find the definition of `void {}(strata::operations& op)`", name),
             {"the registrar names it in `.upgrade = &" + name + "`"});
    }

    // Reads the statements in [begin, end) as calls on @p object; @p recorded: they run
    // (upgrade() itself, not a stated effect).
    void statements(std::size_t begin, std::size_t end, const std::string& object,
                    revision_effect& out, bool recorded) const {
        std::size_t i = begin;
        while (i < end) {
            if (m_tokens[i].text == ";") {
                ++i;
                continue;
            }
            const token& start = m_tokens[i];
            if (start.kind != tok::ident || start.text != object || i + 3 >= end ||
                m_tokens[i + 1].text != "." || m_tokens[i + 2].kind != tok::ident ||
                m_tokens[i + 3].text != "(") {
                fail(&start, fmt::format("cannot read this statement of the revision: it is not a "
                                         "call `{}.<operation>(...)`",
                                         object));
            }
            const std::size_t close = matching(i + 3);
            if (close + 1 >= end || m_tokens[close + 1].text != ";") {
                fail(&m_tokens[std::min(close + 1, end - 1)], "expected ';' after the operation");
            }
            operation_call(m_tokens[i + 2], arguments(i + 4, close), object, out, recorded);
            i = close + 2;
        }
    }

private:
    // The index of the bracket closing the one at @p open.
    std::size_t matching(std::size_t open) const {
        int depth = 0;
        for (std::size_t i = open; i < m_tokens.size(); ++i) {
            const auto& t = m_tokens[i].text;
            if (m_tokens[i].kind != tok::punct) {
                continue;
            }
            if (t == "(" || t == "{" || t == "[") {
                ++depth;
            } else if (t == ")" || t == "}" || t == "]") {
                if (--depth == 0) {
                    return i;
                }
            }
        }
        fail(&m_tokens[open], "unbalanced bracket", {});
    }

    // Token ranges of the comma-separated arguments in [begin, end).
    std::vector<std::pair<std::size_t, std::size_t>> arguments(std::size_t begin,
                                                               std::size_t end) const {
        std::vector<std::pair<std::size_t, std::size_t>> ranges;
        std::size_t start = begin;
        for (std::size_t i = begin; i < end; ++i) {
            const auto& t = m_tokens[i].text;
            if (m_tokens[i].kind == tok::punct && (t == "(" || t == "{" || t == "[")) {
                i = matching(i);
            } else if (m_tokens[i].kind == tok::punct && t == ",") {
                ranges.emplace_back(start, i);
                start = i + 1;
            }
        }
        if (start < end) {
            ranges.emplace_back(start, end);
        }
        return ranges;
    }

    // One whole value in [begin, end).
    value parse(std::size_t begin, std::size_t end) const {
        std::size_t i = begin;
        value v = parse_at(i, end);
        if (i != end) {
            fail(&m_tokens[i], "cannot read this argument: expected ',' or the end of the list");
        }
        return v;
    }

    value parse_at(std::size_t& i, std::size_t end) const {
        if (i >= end) {
            fail(&m_tokens[std::min(i, m_tokens.size() - 1)], "expected an argument");
        }
        const token& t = m_tokens[i];
        if (t.kind == tok::string) {
            value v = make_value(value::kind::string, &t);
            while (i < end && m_tokens[i].kind == tok::string) { // adjacent literals join
                v.text += m_tokens[i++].text;
            }
            return v;
        }
        if (t.kind == tok::number || (t.text == "-" && i + 1 < end)) {
            std::string text = t.kind == tok::number ? t.text : "-" + m_tokens[i + 1].text;
            i += t.kind == tok::number ? 1 : 2;
            return make_value(value::kind::number, &t, std::move(text));
        }
        if (t.text == "{") {
            const std::size_t close = matching(i);
            value v = make_value(value::kind::list, &t);
            for (const auto& [b, e] : arguments(i + 1, close)) {
                v.items.push_back(designated_or_plain(b, e));
            }
            i = close + 1;
            return v;
        }
        if (t.text == "[") {
            return lambda(i, end);
        }
        if (t.kind == tok::ident || t.text == "::") {
            return name_or_call(i, end);
        }
        fail(&t, fmt::format("cannot read this argument ('{}')", t.text));
    }

    value designated_or_plain(std::size_t begin, std::size_t end) const {
        if (end - begin >= 3 && m_tokens[begin].text == "." &&
            m_tokens[begin + 1].kind == tok::ident && m_tokens[begin + 2].text == "=") {
            return make_value(value::kind::designator, &m_tokens[begin + 1],
                              m_tokens[begin + 1].text, {parse(begin + 3, end)});
        }
        return parse(begin, end);
    }

    value name_or_call(std::size_t& i, std::size_t end) const {
        const token* first = &m_tokens[i];
        std::string name;
        while (i < end && (m_tokens[i].kind == tok::ident || m_tokens[i].text == "::")) {
            if (m_tokens[i].kind == tok::ident) {
                name = m_tokens[i].text; // strata::dsl::col → col
            }
            ++i;
        }
        if (i < end && m_tokens[i].text == "{") {
            return parse_at(i, end); // `strata::table{...}`: the braces say it all
        }
        if (i >= end || m_tokens[i].text != "(") {
            return make_value(value::kind::name, first, name);
        }
        value v = call(first, name, i);
        while (i + 2 < end && m_tokens[i].text == "." && m_tokens[i + 1].kind == tok::ident &&
               m_tokens[i + 2].text == "(") {
            const token* method = &m_tokens[i + 1];
            i += 2;
            v.chain.push_back(call(method, method->text, i));
        }
        return v;
    }

    // A call whose '(' is at @p i; leaves @p i after its ')'.
    value call(const token* at, const std::string& name, std::size_t& i) const {
        const std::size_t close = matching(i);
        value v = make_value(value::kind::call, at, name);
        for (const auto& [b, e] : arguments(i + 1, close)) {
            v.items.push_back(parse(b, e));
        }
        i = close + 1;
        return v;
    }

    // `[](strata::operations& state) { ... }`
    value lambda(std::size_t& i, std::size_t end) const {
        const token* at = &m_tokens[i];
        i = matching(i) + 1;
        if (i >= end || m_tokens[i].text != "(") {
            fail(at, "expected a lambda `[](strata::operations& state) { ... }`");
        }
        const std::size_t close = matching(i);
        value v = make_value(value::kind::lambda, at);
        if (close > i + 1 && m_tokens[close - 1].kind == tok::ident) {
            v.parameter = m_tokens[close - 1].text;
        }
        i = close + 1;
        if (i >= end || m_tokens[i].text != "{") {
            fail(at, "expected the lambda's body");
        }
        v.body_begin = i + 1;
        v.body_end = matching(i);
        i = v.body_end + 1;
        return v;
    }

    void operation_call(const token& name,
                        const std::vector<std::pair<std::size_t, std::size_t>>& args,
                        const std::string& object, revision_effect& out, bool recorded) const;
    // `op.execute(sql[, effect])`: hand-written SQL and the schema change it states.
    void execute_call(const token& name,
                      const std::vector<std::pair<std::size_t, std::size_t>>& ranges,
                      revision_effect& out, bool recorded) const;

    // The source text of [begin, end), tokens joined by spaces.
    std::string source(std::size_t begin, std::size_t end) const {
        std::string text;
        for (std::size_t i = begin; i < end; ++i) {
            text += (text.empty() ? "" : " ") + m_tokens[i].text;
        }
        return text;
    }

public:
    // `.transactional = false` in the registrar.
private:
    const std::filesystem::path& m_file;
    std::vector<token> m_tokens;

    friend class operation_builder;
};

// ---------------------------------------------------------------------------------------
// Meanings: values → the schema model and the operation vocabulary.

class operation_builder {
public:
    explicit operation_builder(const reader& r) : m_reader(r) {}

    std::string string(const value& v) const {
        if (v.what != value::kind::string) {
            m_reader.fail(v.at, "expected a string literal here");
        }
        return v.text;
    }

    std::int32_t number(const value& v) const {
        if (v.what == value::kind::number) {
            try {
                std::size_t used = 0;
                const int n = std::stoi(v.text, &used);
                if (used == v.text.size()) {
                    return n;
                }
            } catch (const std::exception&) {
            }
        }
        m_reader.fail(v.at, "expected an integer literal here");
    }

    std::vector<std::string> strings(const value& v) const {
        if (v.what != value::kind::list) {
            m_reader.fail(v.at, "expected a list of string literals `{\"a\", \"b\"}` here");
        }
        std::vector<std::string> out;
        for (const auto& item : v.items) {
            out.push_back(string(item));
        }
        return out;
    }

    const value& call(const value& v, std::initializer_list<const char*> names,
                      std::size_t min_args, std::size_t max_args) const {
        const bool known =
            v.what == value::kind::call &&
            std::any_of(names.begin(), names.end(), [&](const char* n) { return v.text == n; });
        if (!known) {
            std::string list;
            for (const char* n : names) {
                list += fmt::format("{}{}()", list.empty() ? "" : ", ", n);
            }
            m_reader.fail(v.at, fmt::format("expected {} here", list));
        }
        if (v.items.size() < min_args || v.items.size() > max_args) {
            m_reader.fail(v.at, fmt::format("{}() takes {} argument(s) here, not {}", v.text,
                                            min_args == max_args
                                                ? fmt::format("{}", min_args)
                                                : fmt::format("{} to {}", min_args, max_args),
                                            v.items.size()));
        }
        return v;
    }

    column_type type(const value& v) const {
        if (v.what != value::kind::call) {
            m_reader.fail(v.at, "expected a column type such as `int64()` or `string(120)`");
        }
        const auto& a = v.items;
        if (v.text == "sql_type") {
            call(v, {"sql_type"}, 2, 2);
            auto t = type(a[0]);
            t.sql_override = string(a[1]);
            return t;
        }
        if (v.text == "text" || v.text == "string") {
            call(v, {v.text.c_str()}, v.text == "text" ? 0 : 1, v.text == "text" ? 0 : 1);
            column_type t{.kind = type_kind::string};
            if (!a.empty()) {
                t.length = number(a[0]);
            }
            return t;
        }
        if (v.text == "decimal") {
            call(v, {"decimal"}, 2, 2);
            return {.kind = type_kind::decimal, .precision = number(a[0]), .scale = number(a[1])};
        }
        if (v.text == "enumeration") {
            call(v, {"enumeration"}, 2, 2);
            return {.kind = type_kind::enumeration,
                    .enum_name = string(a[0]),
                    .enum_values = strings(a[1])};
        }
        const auto kind = type_kind_from_string(v.text);
        if (!kind || *kind == type_kind::enumeration) {
            m_reader.fail(v.at, fmt::format("unknown column type `{}()`", v.text));
        }
        call(v, {v.text.c_str()}, 0, 0);
        return {.kind = *kind};
    }

    column col(const value& v) const {
        call(v, {"col"}, 2, 2);
        column c{.name = string(v.items[0]), .type = type(v.items[1])};
        for (const auto& m : v.chain) {
            if (m.text == "nullable" || m.text == "primary_key" || m.text == "autoincrement") {
                call(m, {m.text.c_str()}, 0, 0);
                (m.text == "nullable"      ? c.nullable
                 : m.text == "primary_key" ? c.primary_key
                                           : c.autoincrement) = true;
            } else if (m.text == "server_default" || m.text == "comment") {
                call(m, {m.text.c_str()}, 1, 1);
                (m.text == "comment" ? c.comment : c.server_default) = string(m.items[0]);
            } else {
                m_reader.fail(m.at, fmt::format("unknown column property `.{}()`", m.text));
            }
        }
        return c;
    }

    std::vector<column> columns(const value& v) const {
        if (v.what != value::kind::list) {
            m_reader.fail(v.at, "expected a list of columns `{col(...), ...}` here");
        }
        std::vector<column> out;
        for (const auto& item : v.items) {
            out.push_back(col(item));
        }
        return out;
    }

    index idx(const value& v) const {
        call(v, {"idx", "unique_idx"}, 2, 2);
        return {string(v.items[0]), strings(v.items[1]), v.text == "unique_idx"};
    }

    unique_constraint unique(const value& v) const {
        call(v, {"unique"}, 2, 2);
        return {string(v.items[0]), strings(v.items[1])};
    }

    referential_action action(const value& v) const {
        const auto a =
            v.what == value::kind::name ? referential_action_from_string(v.text) : std::nullopt;
        if (!a) {
            m_reader.fail(v.at, "expected `strata::referential_action::<action>` here");
        }
        return *a;
    }

    foreign_key fk(const value& v) const {
        call(v, {"fk"}, 4, 6);
        const auto& a = v.items;
        return {string(a[0]),
                strings(a[1]),
                string(a[2]),
                strings(a[3]),
                a.size() > 4 ? action(a[4]) : referential_action::no_action,
                a.size() > 5 ? action(a[5]) : referential_action::no_action};
    }

    check_constraint check(const value& v) const {
        call(v, {"check"}, 2, 2);
        return {string(v.items[0]), string(v.items[1])};
    }

    template <class T, class F>
    std::vector<T> list_of(const value& v, F each) const {
        if (v.what != value::kind::list) {
            m_reader.fail(v.at, "expected a list `{...}` here");
        }
        std::vector<T> out;
        for (const auto& item : v.items) {
            out.push_back(each(item));
        }
        return out;
    }

    // `{.name = ..., .columns = {...}, ...}`
    table definition(const value& v) const {
        if (v.what != value::kind::list) {
            m_reader.fail(v.at, "expected a table `{.name = ..., .columns = {...}}` here");
        }
        table t;
        for (const auto& field : v.items) {
            if (field.what != value::kind::designator) {
                m_reader.fail(field.at, "expected `.field = value` in the table definition");
            }
            const value& x = field.items.front();
            if (field.text == "name") {
                t.name = string(x);
            } else if (field.text == "columns") {
                t.columns = columns(x);
            } else if (field.text == "indexes") {
                t.indexes = list_of<index>(x, [&](const value& i) { return idx(i); });
            } else if (field.text == "uniques") {
                t.uniques =
                    list_of<unique_constraint>(x, [&](const value& i) { return unique(i); });
            } else if (field.text == "foreign_keys") {
                t.foreign_keys = list_of<foreign_key>(x, [&](const value& i) { return fk(i); });
            } else if (field.text == "checks") {
                t.checks = list_of<check_constraint>(x, [&](const value& i) { return check(i); });
            } else if (field.text == "comment") {
                t.comment = string(x);
            } else {
                m_reader.fail(field.at, fmt::format("unknown table field `.{}`", field.text));
            }
        }
        return t;
    }

private:
    const reader& m_reader;
};

// Whether @p sql creates, alters, drops or comments on a table or an index: a change the
// schema model describes, which the replay cannot see in raw SQL.
bool changes_modelled_schema(const std::string& sql) {
    std::vector<std::string> words;
    for (std::size_t i = 0; i < sql.size();) {
        const char ch = sql[i];
        if (sql.compare(i, 2, "--") == 0) {
            i = std::min(sql.find('\n', i), sql.size());
        } else if (sql.compare(i, 2, "/*") == 0) {
            i = std::min(sql.find("*/", i), sql.size()) + 2;
        } else if (ch == '\'' || ch == '"') {
            i = std::min(sql.find(ch, i + 1), sql.size()) + 1; // literals and quoted names
        } else if (std::isalpha(static_cast<unsigned char>(ch))) {
            std::string word;
            while (i < sql.size() &&
                   (std::isalnum(static_cast<unsigned char>(sql[i])) || sql[i] == '_')) {
                word += static_cast<char>(std::toupper(static_cast<unsigned char>(sql[i++])));
            }
            words.push_back(std::move(word));
        } else {
            if (ch == ';') {
                words.emplace_back(";");
            }
            ++i;
        }
    }
    for (std::size_t i = 0; i < words.size(); ++i) {
        const auto& w = words[i];
        if (w == "COMMENT" && i + 1 < words.size() && words[i + 1] == "ON") {
            return true;
        }
        if (w != "CREATE" && w != "ALTER" && w != "DROP") {
            continue;
        }
        // CREATE [UNIQUE] INDEX, CREATE [TEMP] TABLE, DROP TABLE [IF EXISTS] ...
        for (std::size_t j = i + 1; j < words.size() && j <= i + 3 && words[j] != ";"; ++j) {
            if (words[j] == "TABLE" || words[j] == "INDEX") {
                return true;
            }
        }
    }
    return false;
}

void reader::execute_call(const token& name,
                          const std::vector<std::pair<std::size_t, std::size_t>>& ranges,
                          revision_effect& out, bool recorded) const {
    if (ranges.empty() || ranges.size() > 2) {
        fail(&name, "op.execute() takes the SQL and, optionally, its effect on the schema");
    }
    const auto [sql_begin, sql_end] = ranges[0];
    const bool literal = std::all_of(m_tokens.begin() + static_cast<long>(sql_begin),
                                     m_tokens.begin() + static_cast<long>(sql_end),
                                     [](const token& t) { return t.kind == tok::string; });
    const value sql =
        literal ? parse(sql_begin, sql_end)
                : make_value(value::kind::name, &m_tokens[sql_begin], source(sql_begin, sql_end));
    if (recorded) {
        out.recorded.push_back({ops::execute_sql{sql.text}, name.line, name.column});
    }
    if (ranges.size() == 2) {
        const value state = parse(ranges[1].first, ranges[1].second);
        if (state.what == value::kind::name && state.text == "no_schema_change") {
            return;
        }
        if (state.what != value::kind::lambda) {
            fail(state.at, "expected `strata::no_schema_change` or a lambda "
                           "`[](strata::operations& state) { ... }` stating the effect");
        }
        statements(state.body_begin, state.body_end, state.parameter, out, false);
        return;
    }
    if (!literal) {
        fail(sql.at,
             "op.execute() with SQL that is not a literal: the replay cannot tell "
             "whether it changes the schema",
             {"state its effect: `op.execute(sql, strata::no_schema_change)` when it changes "
              "no table, column, index or constraint, else `op.execute(sql, "
              "[](strata::operations& state) { state.add_column(...); })` "
              "(docs/commands.md, \"Hand-written steps\")"});
    }
    if (changes_modelled_schema(sql.text)) {
        fail(sql.at, "op.execute() changes a table or an index, which the replay cannot see",
             {"write the change as an operation (`op.add_column(...)`, ...), or state its "
              "effect: `op.execute(sql, [](strata::operations& state) { state.add_column(...); "
              "})`, or `op.execute(sql, strata::no_schema_change)` if the schema model really "
              "stays the same (docs/commands.md, \"Hand-written steps\")"});
    }
    // data only
}

void reader::operation_call(const token& name,
                            const std::vector<std::pair<std::size_t, std::size_t>>& ranges,
                            const std::string& object, revision_effect& out, bool recorded) const {
    const std::string& n = name.text;
    const operation_builder b(*this);
    if (n == "execute") {
        execute_call(name, ranges, out, recorded);
        return;
    }
    std::vector<value> a;
    for (const auto& [begin, end] : ranges) {
        a.push_back(parse(begin, end));
    }
    auto arity = [&](std::size_t count) {
        if (a.size() != count) {
            fail(&name, fmt::format("{}.{}() takes {} argument(s) here, not {}", object, n, count,
                                    a.size()));
        }
    };
    operation op;
    if (n == "create_table") {
        if (a.size() == 1) {
            op = ops::create_table{b.definition(a[0])};
        } else {
            arity(2);
            op = ops::create_table{table{.name = b.string(a[0]), .columns = b.columns(a[1])}};
        }
    } else if (n == "drop_table") {
        arity(1);
        op = ops::drop_table{b.string(a[0])};
    } else if (n == "rename_table") {
        arity(2);
        op = ops::rename_table{b.string(a[0]), b.string(a[1])};
    } else if (n == "add_column") {
        arity(2);
        op = ops::add_column{b.string(a[0]), b.col(a[1])};
    } else if (n == "drop_column") {
        arity(2);
        op = ops::drop_column{b.string(a[0]), b.string(a[1])};
    } else if (n == "rename_column") {
        arity(3);
        op = ops::rename_column{b.string(a[0]), b.string(a[1]), b.string(a[2])};
    } else if (n == "alter_column") {
        arity(3);
        op = ops::alter_column{b.string(a[0]), b.col(a[1]), b.col(a[2])};
    } else if (n == "alter_primary_key") {
        arity(3);
        op = ops::alter_primary_key{b.string(a[0]), b.strings(a[1]), b.strings(a[2])};
    } else if (n == "create_index") {
        arity(2);
        op = ops::create_index{b.string(a[0]), b.idx(a[1])};
    } else if (n == "drop_index") {
        arity(2);
        op = ops::drop_index{b.string(a[0]), b.string(a[1])};
    } else if (n == "add_unique") {
        arity(2);
        op = ops::add_unique{b.string(a[0]), b.unique(a[1])};
    } else if (n == "drop_unique") {
        arity(2);
        op = ops::drop_unique{b.string(a[0]), b.string(a[1])};
    } else if (n == "add_foreign_key") {
        arity(2);
        op = ops::add_foreign_key{b.string(a[0]), b.fk(a[1])};
    } else if (n == "drop_foreign_key") {
        arity(2);
        op = ops::drop_foreign_key{b.string(a[0]), b.string(a[1])};
    } else if (n == "add_check") {
        arity(2);
        op = ops::add_check{b.string(a[0]), b.check(a[1])};
    } else if (n == "drop_check") {
        arity(2);
        op = ops::drop_check{b.string(a[0]), b.string(a[1])};
    } else if (n == "set_table_comment") {
        arity(2);
        // std::nullopt, or nullptr as generated revisions (strata/script.hpp) spell it.
        const bool none =
            a[1].what == value::kind::name && (a[1].text == "nullopt" || a[1].text == "nullptr");
        op = ops::set_table_comment{b.string(a[0]),
                                    none ? std::nullopt : std::optional(b.string(a[1]))};
    } else {
        fail(&name, fmt::format("unknown operation `{}.{}()`", object, n));
    }
    if (recorded) {
        out.recorded.push_back({op, name.line, name.column});
    }
    out.operations.push_back({std::move(op), name.line, name.column});
}

} // namespace

revision_effect read_revision_effect(const std::filesystem::path& file, const std::string& text,
                                     bool downgrade) {
    auto tokens = tokenizer(text).run();
    if (tokens.empty()) {
        tokens.push_back({tok::punct, "", 1, 1});
    }
    const reader r(file, std::move(tokens));
    const auto registration = revision_format::scan_registration(text);
    std::string parameter;
    const auto [begin, end] = r.function_body(
        downgrade ? registration.downgrade_function : registration.upgrade_function, parameter);
    revision_effect effect;
    effect.transactional = registration.transactional;
    r.statements(begin, end, parameter, effect, true);
    return effect;
}

} // namespace strata::generator
