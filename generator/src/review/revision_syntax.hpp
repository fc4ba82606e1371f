#pragma once
/// @file
/// The small piece of C++ syntax a generated revision's upgrade() is written in: calls,
/// chained builder calls, brace lists, designated initialisers, string literals (adjacent
/// and raw ones too), integers and qualified names. revision_reader.cpp gives it meaning.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace strata::generator::review::syntax {

/// Kinds of token.
enum class tok { ident, string, number, punct, end };

/// One token with its 1-based position.
struct token {
    tok kind = tok::end;
    std::string text;
    unsigned line = 0;
    unsigned column = 0;
};

/// An argument as written: a literal, a name, a call (with the builder calls chained on
/// it), a brace list or a designated initialiser (`.field = value`).
struct value {
    enum class kind { string, number, name, call, list, designated } what = kind::name;
    /// The literal's text, the name, the callee or the field.
    std::string text;
    long long number = 0;
    /// Call arguments, list items, or the designated value.
    std::vector<value> items;
    /// `.nullable()` and the like after a call.
    std::vector<value> chain;
    token where;
};

/// The upgrade() or downgrade() of a revision file.
struct revision_function {
    /// False when the file defines no such function.
    bool found = false;
    /// Whether the registrar says `.transactional = false`.
    bool transactional = true;
    /// Each `op.<name>(...)` statement as a call value (text = the operation's name).
    std::vector<value> calls;
};

/// Parses function @p name ("upgrade" or "downgrade") of @p text, the source of @p file.
/// Throws diagnostic_error at the file:line:col of anything in it other than
/// `op.<name>(arguments);` statements.
[[nodiscard]] revision_function parse_function(const std::filesystem::path& file,
                                               const std::string& text, std::string_view name);

/// Throws diagnostic_error at @p at in @p file with @p message.
[[noreturn]] void fail_at(const std::filesystem::path& file, const token& at,
                          const std::string& message, std::vector<std::string> notes = {});

} // namespace strata::generator::review::syntax
