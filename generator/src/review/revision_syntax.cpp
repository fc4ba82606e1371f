// The lexer and parser of revision_syntax.hpp: just enough C++ to read back what
// render.cpp writes, after clang-format reflowed it or a person edited the literals.

#include "review/revision_syntax.hpp"

#include "diagnostic.hpp"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>

namespace strata::generator::review::syntax {
namespace {

// Splits C++ source into the tokens the grammar needs; comments vanish, adjacent string
// literals become one token, `a::b::c` is one identifier.
class lexer {
public:
    explicit lexer(const std::string& text) : m_text(text) {}

    std::vector<token> run() {
        std::vector<token> out;
        while (true) {
            skip_space_and_comments();
            token t{tok::end, "", m_line, m_column};
            if (m_pos >= m_text.size()) {
                out.push_back(t);
                return out;
            }
            const char c = m_text[m_pos];
            if (c == '"' || (c == 'R' && peek(1) == '"')) {
                t.kind = tok::string;
                t.text = string_literal();
                if (!out.empty() && out.back().kind == tok::string) {
                    out.back().text += t.text; // "a" "b" is "ab"
                    continue;
                }
            } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
                t.kind = tok::ident;
                t.text = identifier();
            } else if (std::isdigit(static_cast<unsigned char>(c))) {
                t.kind = tok::number;
                while (m_pos < m_text.size() &&
                       std::isalnum(static_cast<unsigned char>(m_text[m_pos]))) {
                    t.text += advance();
                }
            } else {
                t.kind = tok::punct;
                t.text = std::string(1, advance());
            }
            out.push_back(std::move(t));
        }
    }

private:
    char peek(std::size_t ahead) const {
        return m_pos + ahead < m_text.size() ? m_text[m_pos + ahead] : '\0';
    }
    char advance() {
        const char c = m_text[m_pos++];
        if (c == '\n') {
            ++m_line;
            m_column = 1;
        } else {
            ++m_column;
        }
        return c;
    }
    void skip_space_and_comments() {
        while (m_pos < m_text.size()) {
            if (std::isspace(static_cast<unsigned char>(m_text[m_pos]))) {
                advance();
            } else if (m_text[m_pos] == '/' && peek(1) == '/') {
                while (m_pos < m_text.size() && m_text[m_pos] != '\n') {
                    advance();
                }
            } else if (m_text[m_pos] == '/' && peek(1) == '*') {
                advance();
                advance();
                while (m_pos < m_text.size() && !(m_text[m_pos] == '*' && peek(1) == '/')) {
                    advance();
                }
                if (m_pos < m_text.size()) {
                    advance();
                    advance();
                }
            } else {
                return;
            }
        }
    }
    std::string identifier() {
        std::string name;
        while (true) {
            while (
                m_pos < m_text.size() &&
                (std::isalnum(static_cast<unsigned char>(m_text[m_pos])) || m_text[m_pos] == '_')) {
                name += advance();
            }
            if (m_pos + 2 < m_text.size() && m_text[m_pos] == ':' && peek(1) == ':' &&
                (std::isalpha(static_cast<unsigned char>(peek(2))) || peek(2) == '_')) {
                name += advance();
                name += advance();
                continue;
            }
            return name;
        }
    }
    std::string string_literal() {
        std::string value;
        if (m_text[m_pos] == 'R') {
            advance();
            advance();
            std::string delimiter;
            while (m_pos < m_text.size() && m_text[m_pos] != '(') {
                delimiter += advance();
            }
            const std::string close = ")" + delimiter + "\"";
            const auto end = m_text.find(close, m_pos);
            if (m_pos < m_text.size()) {
                advance();
            }
            while (m_pos < m_text.size() && m_pos < end) {
                value += advance();
            }
            for (std::size_t i = 0; i < close.size() && m_pos < m_text.size(); ++i) {
                advance();
            }
            return value;
        }
        advance();
        while (m_pos < m_text.size() && m_text[m_pos] != '"' && m_text[m_pos] != '\n') {
            char c = advance();
            if (c == '\\' && m_pos < m_text.size()) {
                const char escaped = advance();
                c = escaped == 'n' ? '\n' : escaped == 't' ? '\t' : escaped;
            }
            value += c;
        }
        if (m_pos < m_text.size() && m_text[m_pos] == '"') {
            advance();
        }
        return value;
    }

    const std::string& m_text;
    std::size_t m_pos = 0;
    unsigned m_line = 1;
    unsigned m_column = 1;
};

class parser {
public:
    parser(std::filesystem::path file, std::vector<token> tokens)
        : m_file(std::move(file)), m_tokens(std::move(tokens)) {}

    [[noreturn]] void fail(const token& at, const std::string& message,
                           std::vector<std::string> notes = {}) const {
        fail_at(m_file, at, message, std::move(notes));
    }
    const token& peek(std::size_t ahead = 0) const {
        return m_tokens[std::min(m_pos + ahead, m_tokens.size() - 1)];
    }
    bool is(std::string_view punct, std::size_t ahead = 0) const {
        return peek(ahead).kind == tok::punct && peek(ahead).text == punct;
    }
    const token& take() {
        const token& t = peek();
        if (m_pos + 1 < m_tokens.size()) {
            ++m_pos;
        }
        return t;
    }
    void expect(std::string_view punct, std::string_view what) {
        if (!is(punct)) {
            fail(peek(), fmt::format("expected '{}' {}", punct, what),
                 {"strata review reads the op.* calls generated revisions make; a statement it "
                  "cannot evaluate makes the review stop here"});
        }
        take();
    }

    // Whether the registrar says `.transactional = false` (revision::transactional).
    bool transactional_false() const {
        for (std::size_t i = 0; i + 3 < m_tokens.size(); ++i) {
            if (m_tokens[i].kind == tok::punct && m_tokens[i].text == "." &&
                m_tokens[i + 1].text == "transactional" && m_tokens[i + 2].text == "=" &&
                m_tokens[i + 3].text == "false") {
                return true;
            }
        }
        return false;
    }

    // Positions the parser on the first token of the body of function @p name; returns
    // the name of its operations parameter. False when the file has no such function.
    bool enter_function(std::string_view name, std::string& op_name) {
        for (m_pos = 0; peek().kind != tok::end; ++m_pos) {
            if (peek().kind == tok::ident && peek().text == "void" && peek(1).text == name &&
                is("(", 2)) {
                m_pos += 3;
                while (!is(")") && peek().kind != tok::end) {
                    if (peek().kind == tok::ident) {
                        op_name = peek().text;
                    }
                    take();
                }
                take();
                if (is("{")) {
                    take();
                    return true;
                }
            }
        }
        return false;
    }

    // The statements of the body up to its closing brace: `op.name(args);` each.
    std::vector<value> statements(const std::string& op_name) {
        std::vector<value> calls;
        while (!is("}")) {
            const token& first = peek();
            if (first.kind == tok::end) {
                fail(first, "the function has no closing '}'");
            }
            if (is(";")) {
                take();
                continue;
            }
            if (first.kind != tok::ident || first.text != op_name || !is(".", 1) ||
                peek(2).kind != tok::ident || !is("(", 3)) {
                fail(first, "cannot review this statement: not an op.* call",
                     {fmt::format("strata review reads the `{}.<operation>(...)` calls generated "
                                  "revisions make; move other code into a helper revision "
                                  "reviewed by hand, or use op.execute()",
                                  op_name)});
            }
            take();
            take();
            calls.push_back(call());
            expect(";", "after the call");
        }
        return calls;
    }

private:
    value call() {
        value v;
        v.what = value::kind::call;
        v.where = peek();
        v.text = take().text;
        expect("(", "after the function name");
        while (!is(")")) {
            v.items.push_back(argument());
            if (!is(")")) {
                expect(",", "between arguments");
            }
        }
        take();
        return v;
    }

    // A call and the builder calls chained on it: `col(...).nullable().comment(...)`.
    value call_chain() {
        value v = call();
        while (is(".") && peek(1).kind == tok::ident && is("(", 2)) {
            take();
            v.chain.push_back(call());
        }
        return v;
    }

    value argument() {
        value v;
        v.where = peek();
        if (peek().kind == tok::string) {
            v.what = value::kind::string;
            v.text = take().text;
        } else if (peek().kind == tok::number || (is("-") && peek(1).kind == tok::number)) {
            const bool negative = is("-");
            if (negative) {
                take();
            }
            v.what = value::kind::number;
            try {
                v.number = std::stoll(take().text) * (negative ? -1 : 1);
            } catch (const std::exception&) {
                fail(v.where, "cannot read this number");
            }
        } else if (is("{")) {
            take();
            v.what = value::kind::list;
            while (!is("}")) {
                v.items.push_back(argument());
                if (!is("}")) {
                    expect(",", "between list items");
                }
            }
            take();
        } else if (is(".") && peek(1).kind == tok::ident && is("=", 2)) {
            take();
            v.what = value::kind::designated;
            v.text = take().text;
            take();
            v.items.push_back(argument());
        } else if (peek().kind == tok::ident && is("(", 1)) {
            return call_chain();
        } else if (peek().kind == tok::ident) {
            v.what = value::kind::name;
            v.text = take().text;
        } else {
            fail(peek(), fmt::format("cannot review this argument: unexpected '{}'", peek().text),
                 {"strata review evaluates literals and the strata::dsl builders only"});
        }
        return v;
    }

    std::filesystem::path m_file;
    std::vector<token> m_tokens;
    std::size_t m_pos = 0;
};

} // namespace

void fail_at(const std::filesystem::path& file, const token& at, const std::string& message,
             std::vector<std::string> notes) {
    throw diagnostic_error({diagnostic{{file, at.line, at.column}, message, std::move(notes)}});
}

revision_function parse_function(const std::filesystem::path& file, const std::string& text,
                                 std::string_view name) {
    revision_function result;
    parser p(file, lexer(text).run());
    std::string op_name = "op";
    if (p.enter_function(name, op_name)) {
        result.found = true;
        result.calls = p.statements(op_name);
    }
    result.transactional = !p.transactional_false();
    return result;
}

} // namespace strata::generator::review::syntax
