#pragma once
/// @file
/// The small piece of C++ syntax a generated revision's upgrade() is written in: calls,
/// chained builder calls, brace lists, designated initialisers, string literals (adjacent
/// and raw ones too), integers and qualified names. revision_reader.cpp gives it meaning.

#include <filesystem>
#include <string>
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

/// The upgrade() of a revision file.
struct upgrade_function {
    /// False when the file defines no `void upgrade(...)`.
    bool found = false;
    /// Whether the registrar says `.transactional = false`.
    bool transactional = true;
    /// Each `op.<name>(...)` statement as a call value (text = the operation's name).
    std::vector<value> calls;
};

/// Parses @p text (the source of @p file). Throws diagnostic_error at the file:line:col of
/// anything in upgrade() other than `op.<name>(arguments);` statements.
[[nodiscard]] upgrade_function parse_upgrade(const std::filesystem::path& file,
                                             const std::string& text);

/// Throws diagnostic_error at @p at in @p file with @p message.
[[noreturn]] void fail_at(const std::filesystem::path& file, const token& at,
                          const std::string& message, std::vector<std::string> notes = {});

} // namespace strata::generator::review::syntax
