#include "support/diagnostic.hpp"

#include <fmt/format.h>

namespace strata::generator {

std::string format_location(const source_location& where) {
    return fmt::format("{}:{}:{}", where.file.string(), where.line, where.column);
}

std::string format_diagnostic(const diagnostic& d) {
    std::string text;
    if (!d.where.file.empty()) {
        text += d.where.file.string();
        if (d.where.line != 0) {
            text += fmt::format(":{}", d.where.line);
            if (d.where.column != 0) {
                text += fmt::format(":{}", d.where.column);
            }
        }
        text += ": ";
    } else {
        text += "strata: "; // no file to name: say which tool speaks, as its other errors do
    }
    text += "error: " + d.message;
    for (const auto& note : d.notes) {
        text += "\nnote: " + note;
    }
    return text;
}

namespace {
std::string join_all(const std::vector<diagnostic>& diagnostics) {
    std::string text;
    for (const auto& d : diagnostics) {
        if (!text.empty()) {
            text += '\n';
        }
        text += format_diagnostic(d);
    }
    return text;
}
} // namespace

diagnostic_error::diagnostic_error(std::vector<diagnostic> diagnostics)
    : std::runtime_error(join_all(diagnostics)), m_diagnostics(std::move(diagnostics)) {}

} // namespace strata::generator
