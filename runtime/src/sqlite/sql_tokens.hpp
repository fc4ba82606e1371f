#pragma once
/// @file
/// A small tokenizer for SQLite's SQL, enough to read back the CREATE TABLE statements
/// in sqlite_master (constraint names, CHECK expressions, AUTOINCREMENT) and to find the
/// identifiers an expression mentions. Internal to the SQLite backend.

#include "strata/detail/text.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace strata::sqlite::detail {

/// One lexical token and where it sits in the source text.
struct token {
    /// What kind of token this is.
    enum class kind { identifier, string, number, blob, punctuation };
    kind type = kind::punctuation;
    /// Identifiers and strings unquoted (doubled quotes undone); other tokens verbatim.
    std::string text;
    /// True for a quoted identifier ("x", `x`, [x]): never a keyword.
    bool quoted = false;
    /// Offset of the first character in the source.
    std::size_t begin = 0;
    /// Offset one past the last character in the source.
    std::size_t end = 0;

    /// True for an unquoted identifier equal to @p word, ignoring ASCII case.
    [[nodiscard]] bool is_keyword(std::string_view word) const;
    /// True for the punctuation @p symbol.
    [[nodiscard]] bool is(char symbol) const;
};

/// The tokens of @p sql, comments and whitespace dropped. Unterminated quotes end at the
/// end of the text (the database accepted the statement, so this does not happen).
[[nodiscard]] std::vector<token> tokenize(std::string_view sql);

/// Index of the ')' matching the '(' at @p open in @p tokens, or tokens.size().
[[nodiscard]] std::size_t matching_paren(const std::vector<token>& tokens, std::size_t open);

/// True when @p expression mentions @p name as an identifier (quoted or not).
[[nodiscard]] bool mentions_identifier(std::string_view expression, std::string_view name);

/// ASCII upper case: the runtime's one helper (strata/detail/text.hpp).
using strata::detail::upper;

} // namespace strata::sqlite::detail
