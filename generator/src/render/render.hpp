#pragma once
/// @file
/// Rendering: operations → C++ source of a revision, through the migrations directory's
/// script.cpp.tmpl (the analogue of Alembic's script.py.mako).

#include "compare/change.hpp"
#include "strata/operations.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace strata::generator {

/// The facts a rendered revision states about itself.
struct revision_header {
    std::string id;
    std::vector<std::string> down_revisions;
    std::string message;
    /// "YYYY-MM-DD HH:MM:SS", UTC.
    std::string create_date;
    /// Branch labels the revision starts (`strata revision --branch-label`).
    std::vector<std::string> branch_labels = {};
    /// Revisions on other branches it needs first (`strata revision --depends-on`).
    std::vector<std::string> depends_on = {};
    /// A squash's replaced revisions, oldest first (`strata squash`); rendered as
    /// `.replaces = {...},` where the template says `${replaces}`, or else as the
    /// registrar's last field.
    std::vector<std::string> replaces = {};
};

/// The C++ statement(s) that record @p op, e.g. `op.drop_table("users");`, indented by
/// @p indent spaces.
[[nodiscard]] std::string render_operation(const operation& op, int indent = 4);

/// @p text as a C++ string literal with escapes.
[[nodiscard]] std::string cpp_string_literal(const std::string& text);

/// @p text made safe inside a C++ comment: every line after the first starts with
/// @p continuation (e.g. "// "), a backslash ending a line gets a '.' after it (it would
/// splice the next line), `*/` becomes `* /`, and control characters become spaces.
[[nodiscard]] std::string comment_text(std::string_view text, std::string_view continuation);

/// Fills @p template_text: every `${name}` placeholder is replaced. Known names:
/// revision, down_revisions (C++ initialiser list), revises (human text), message,
/// message_literal, create_date, upgrades, downgrades, branch_labels, depends_on and
/// replaces (C++ initialiser lists); the names are revision_format.hpp's.
/// Each value is escaped for its context: message and revises go through comment_text()
/// with the template line's text before the placeholder as continuation, message_literal
/// through cpp_string_literal(). Steps
/// with a warning are preceded by a `// WARNING: ...` comment, so destructive changes stand out in
/// review. An unknown placeholder is an error naming the template line, so a typo in a user's
/// template is caught at once.
[[nodiscard]] std::string render_revision(const std::string& template_text,
                                          const std::string& template_name,
                                          const revision_header& header,
                                          const std::vector<step>& upgrades,
                                          const std::vector<step>& downgrades);

} // namespace strata::generator
