#pragma once
/// @file
/// Compiler-style diagnostics: `file:line:col: error: message` plus optional notes.
/// Stages report problems as diagnostics; the command line prints them and exits non-zero.

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace strata::generator {

/// A place in a source file; line and column are 1-based, 0 when unknown.
struct source_location {
    std::filesystem::path file;
    unsigned line = 0;
    unsigned column = 0;
};

/// One error with where it happened and how to fix it.
struct diagnostic {
    source_location where;
    std::string message;
    /// Advice printed as `note: ...` lines after the error; may be empty.
    std::vector<std::string> notes;
};

/// `file:line:col`, always with all three parts (a note's "declared at ...").
[[nodiscard]] std::string format_location(const source_location& where);

/// Formats @p d as `file:line:col: error: message` followed by `note:` lines.
[[nodiscard]] std::string format_diagnostic(const diagnostic& d);

/// Thrown when input is wrong; carries every diagnostic found, not just the first.
class diagnostic_error : public std::runtime_error {
public:
    explicit diagnostic_error(std::vector<diagnostic> diagnostics);
    [[nodiscard]] const std::vector<diagnostic>& diagnostics() const { return m_diagnostics; }

private:
    std::vector<diagnostic> m_diagnostics;
};

/// Thrown when the command line itself is wrong (an option value no command accepts, a
/// --base git cannot resolve): `strata <command>: error: <what>`, exit code 2, as the
/// option parser's own errors, so a CI gate tells "cannot run" from "findings" (exit 1).
class usage_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

} // namespace strata::generator
