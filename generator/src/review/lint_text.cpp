// `strata lint` output: one compiler-style line per finding at the operation's line in
// the revision file, so editors and CI logs link to it.

#include "review/review.hpp"

#include <fmt/format.h>

namespace strata::generator::review {

std::string render_lint(const review_report& report) {
    std::string text;
    for (const auto& r : report.revisions) {
        for (const auto& f : r.findings) {
            const rule& rule = *f.raised_by;
            const unsigned line = f.operation < r.lines.size() ? r.lines[f.operation] : 0;
            const std::string where =
                line ? fmt::format("{}:{}", r.file.file.string(), line) : r.file.file.string();
            if (f.acknowledged) {
                text += fmt::format("{}: acknowledged: [{}] {} ({})\n", where, rule.name, f.message,
                                    *f.acknowledged);
                continue;
            }
            text += fmt::format("{}: {}: [{}] {}\n", where, to_string(rule.level), rule.name,
                                f.message);
            text += fmt::format("note: {}\n", rule.reason);
            text += fmt::format("note: instead, {}\n", rule.alternative);
            text += fmt::format("note: to accept it, add `// strata:lint-ack {} <reason>` to the "
                                "revision file\n",
                                rule.name);
        }
    }
    return text;
}

} // namespace strata::generator::review
