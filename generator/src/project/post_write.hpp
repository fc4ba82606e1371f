#pragma once
/// @file
/// The post-write hook (Alembic's post_write_hooks): a new revision is passed through
/// clang-format before it is written, so generated files pass the project's own format
/// check. `[hooks] post_write` in strata.ini chooses the formatter.

#include <filesystem>
#include <iosfwd>
#include <string>

namespace strata::generator {

/// `[hooks] post_write` when strata.ini does not set it: clang-format, if it is on PATH.
inline constexpr const char* default_post_write = "clang-format";

/// Formats @p text, the content of the revision about to be written to @p target, with
/// the formatter @p command names: "none" (or empty) turns formatting off; otherwise a
/// clang-format executable (a name looked up on PATH, or a path), optionally followed by
/// extra arguments. It runs as `<command> --style=file --fallback-style=none
/// --assume-filename=<target>` on @p text, so the nearest .clang-format above @p target
/// applies and a project without one is left as rendered.
///
/// Never throws and never loses the revision: when the formatter is missing (and was
/// asked for explicitly, i.e. @p explicit_setting), fails, or prints nothing, a warning
/// goes to @p log and @p text is returned unchanged. The same input and formatter give
/// the same bytes.
[[nodiscard]] std::string run_post_write_hook(const std::string& command, bool explicit_setting,
                                              const std::string& text,
                                              const std::filesystem::path& target,
                                              std::ostream& log);

} // namespace strata::generator
