#include "sql_tokens.hpp"

#include <algorithm>
#include <cctype>

namespace strata::sqlite::detail {
namespace {
bool is_identifier_start(char c) {
    const auto u = static_cast<unsigned char>(c);
    return std::isalpha(u) != 0 || c == '_' || u >= 0x80;
}

bool is_identifier_char(char c) {
    return is_identifier_start(c) || std::isdigit(static_cast<unsigned char>(c)) != 0 || c == '$';
}

// Reads a quoted run starting at @p i (the opening quote) and closed by @p close, where a
// doubled closing quote stands for one; returns the unquoted text and moves @p i past it.
std::string read_quoted(std::string_view sql, std::size_t& i, char close) {
    std::string text;
    ++i;
    while (i < sql.size()) {
        if (sql[i] == close) {
            if (close != ']' && i + 1 < sql.size() && sql[i + 1] == close) {
                text += close;
                i += 2;
                continue;
            }
            ++i;
            return text;
        }
        text += sql[i++];
    }
    return text;
}
} // namespace

bool token::is_keyword(std::string_view word) const {
    if (type != kind::identifier || quoted || text.size() != word.size()) {
        return false;
    }
    return std::equal(text.begin(), text.end(), word.begin(), [](char a, char b) {
        return std::toupper(static_cast<unsigned char>(a)) ==
               std::toupper(static_cast<unsigned char>(b));
    });
}

bool token::is(char symbol) const {
    return type == kind::punctuation && text.size() == 1 && text[0] == symbol;
}

std::vector<token> tokenize(std::string_view sql) {
    std::vector<token> tokens;
    std::size_t i = 0;
    while (i < sql.size()) {
        const char c = sql[i];
        if (std::isspace(static_cast<unsigned char>(c)) != 0) {
            ++i;
            continue;
        }
        if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
            while (i < sql.size() && sql[i] != '\n') {
                ++i;
            }
            continue;
        }
        if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
            const auto end = sql.find("*/", i + 2);
            i = end == std::string_view::npos ? sql.size() : end + 2;
            continue;
        }
        token t;
        t.begin = i;
        if ((c == 'x' || c == 'X') && i + 1 < sql.size() && sql[i + 1] == '\'') {
            ++i;
            t.type = token::kind::blob;
            t.text = read_quoted(sql, i, '\'');
        } else if (c == '\'') {
            t.type = token::kind::string;
            t.text = read_quoted(sql, i, '\'');
        } else if (c == '"' || c == '`' || c == '[') {
            t.type = token::kind::identifier;
            t.quoted = true;
            t.text = read_quoted(sql, i, c == '[' ? ']' : c);
        } else if (is_identifier_start(c)) {
            t.type = token::kind::identifier;
            while (i < sql.size() && is_identifier_char(sql[i])) {
                ++i;
            }
            t.text = std::string(sql.substr(t.begin, i - t.begin));
        } else if (std::isdigit(static_cast<unsigned char>(c)) != 0 ||
                   (c == '.' && i + 1 < sql.size() &&
                    std::isdigit(static_cast<unsigned char>(sql[i + 1])) != 0)) {
            t.type = token::kind::number;
            while (
                i < sql.size() &&
                (std::isalnum(static_cast<unsigned char>(sql[i])) != 0 || sql[i] == '.' ||
                 ((sql[i] == '+' || sql[i] == '-') && (sql[i - 1] == 'e' || sql[i - 1] == 'E')))) {
                ++i;
            }
            t.text = std::string(sql.substr(t.begin, i - t.begin));
        } else {
            t.type = token::kind::punctuation;
            t.text = std::string(1, c);
            ++i;
        }
        t.end = i;
        tokens.push_back(std::move(t));
    }
    return tokens;
}

std::size_t matching_paren(const std::vector<token>& tokens, std::size_t open) {
    int depth = 0;
    for (std::size_t i = open; i < tokens.size(); ++i) {
        if (tokens[i].is('(')) {
            ++depth;
        } else if (tokens[i].is(')') && --depth == 0) {
            return i;
        }
    }
    return tokens.size();
}

bool mentions_identifier(std::string_view expression, std::string_view name) {
    const std::string wanted = upper(name);
    const auto tokens = tokenize(expression);
    return std::any_of(tokens.begin(), tokens.end(), [&](const token& t) {
        return t.type == token::kind::identifier && upper(t.text) == wanted;
    });
}

} // namespace strata::sqlite::detail
