// The review as a PR comment: a summary line, then per revision its operations in plain
// words, its findings (why, the safe alternative, a fix, how to acknowledge) and the SQL
// per dialect in collapsible blocks. Plain GitHub/GitLab-flavoured Markdown.

#include "review/review.hpp"

#include "review/rules.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace strata::generator::review {
namespace {

std::string_view badge(const finding& f) {
    if (f.acknowledged) {
        return "✅";
    }
    switch (f.raised_by->level) {
    case severity::error:
        return "🛑";
    case severity::warning:
        return "⚠️";
    case severity::notice:
        return "ℹ️";
    }
    return "";
}

std::string summary(const review_report& report) {
    std::size_t errors = 0;
    std::size_t warnings = 0;
    std::size_t notices = 0;
    std::size_t acknowledged = 0;
    for (const auto& r : report.revisions) {
        for (const auto& f : r.findings) {
            if (f.acknowledged) {
                ++acknowledged;
                continue;
            }
            const auto level = f.raised_by->level;
            ++(level == severity::error ? errors : level == severity::warning ? warnings : notices);
        }
    }
    const auto count = report.revisions.size();
    std::string text = fmt::format("## strata review: {} revision{}", count, count == 1 ? "" : "s");
    if (errors + warnings + notices + acknowledged == 0) {
        return text + ", no findings\n";
    }
    return text + fmt::format(", {} error{}, {} warning{}, {} notice{}, {} acknowledged\n", errors,
                              errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s", notices,
                              notices == 1 ? "" : "s", acknowledged);
}

void append_finding(std::string& md, const revision_review& r, const finding& f) {
    const rule& rule = *f.raised_by;
    // "(data loss, postgresql)"; a rule named for its category does not repeat it.
    std::vector<std::string_view> about;
    if (to_string(rule.kind) != rule.name) {
        about.push_back(to_string(rule.kind));
    }
    if (!rule.dialect.empty()) {
        about.push_back(rule.dialect);
    }
    md += fmt::format("- {} **{}** `{}`{}, operation {}: {}\n", badge(f),
                      f.acknowledged ? "acknowledged" : to_string(rule.level), rule.name,
                      about.empty() ? "" : fmt::format(" ({})", fmt::join(about, ", ")),
                      f.operation + 1, f.message);
    if (f.acknowledged) {
        md += fmt::format("  - acknowledged in the revision file: {}\n", *f.acknowledged);
        return;
    }
    md += fmt::format("  - why: {}\n", rule.reason);
    md += fmt::format("  - instead: {}\n", rule.alternative);
    if (!f.fix.empty()) {
        md += "  <details><summary>fix</summary>\n\n  ```cpp\n";
        std::size_t start = 0;
        while (start < f.fix.size()) {
            const auto end = f.fix.find('\n', start);
            md += "  " + f.fix.substr(start, end - start) + "\n";
            start = end == std::string::npos ? f.fix.size() : end + 1;
        }
        md += "  ```\n  </details>\n";
    }
    md += fmt::format("  - accept it: add `// strata:lint-ack {} <reason>` to `{}`\n", rule.name,
                      r.file.file.filename().string());
}

// The operations a planned step performs, numbered as in the list above.
std::string step_words(const revision_review& r, const planned_step& step) {
    std::vector<std::string> parts;
    for (std::size_t i = step.first; i < step.last && i < r.operations.size(); ++i) {
        const auto& op = r.operations[i];
        parts.push_back(fmt::format("{}. {}", i + 1,
                                    std::holds_alternative<ops::execute_sql>(op)
                                        ? std::string("hand-written SQL")
                                        : describe(op)));
    }
    return fmt::format("{}", fmt::join(parts, "; "));
}

void append_statements(std::string& md, const std::vector<std::string>& statements) {
    for (const auto& sql : statements) {
        md += sql + (sql.ends_with(';') ? "\n" : ";\n");
    }
}

void append_sql(std::string& md, const revision_review& r, const dialect_sql& d) {
    std::size_t count = 0;
    std::vector<std::string> rebuilt;
    for (const auto& step : d.steps) {
        count += step.statements.size();
        if (!step.rebuilt_table.empty()) {
            rebuilt.push_back(step.rebuilt_table);
        }
    }
    std::string what = fmt::format("{} statement{}", count, count == 1 ? "" : "s");
    if (!rebuilt.empty()) {
        what += fmt::format(", rebuilds {}", fmt::join(rebuilt, ", "));
    }
    if (!d.error.empty()) {
        what = "cannot run this revision";
    }
    md += fmt::format("<details><summary>SQL for {} ({})</summary>\n\n", d.dialect, what);
    if (!d.error.empty()) {
        md += fmt::format("The {} dialect refuses it: {}\n\n</details>\n\n", d.dialect, d.error);
        return;
    }
    md += "```sql\n";
    append_statements(md, d.before_begin);
    md += r.transactional ? "BEGIN;\n" : "-- outside a transaction, one statement at a time:\n";
    for (const auto& step : d.steps) {
        md += fmt::format("-- {}{}\n",
                          step.rebuilt_table.empty() ? "" : "table rebuild: ", step_words(r, step));
        append_statements(md, step.statements);
    }
    for (const auto& check : d.checks) {
        md += "-- must return no rows:\n";
        append_statements(md, {check});
    }
    if (r.transactional) {
        md += "COMMIT;\n";
    }
    append_statements(md, d.after_end);
    md += "```\n</details>\n\n";
}

} // namespace

std::string render_markdown(const review_report& report) {
    std::string md = summary(report);
    md += fmt::format("\nReviewed: {}. SQL for: {}.\n", report.range_description,
                      fmt::join(report.dialects, ", "));
    for (const auto& r : report.revisions) {
        md += fmt::format("\n### `{}` {}\n\n", r.file.id, r.file.message);
        md += fmt::format("`{}`, revises {}{}\n\n", r.file.file.filename().string(),
                          r.file.down_revisions.empty()
                              ? std::string("base")
                              : fmt::format("`{}`", fmt::join(r.file.down_revisions, "`, `")),
                          r.transactional ? "" : ", runs outside a transaction");
        md += r.operations.empty() ? "No operations.\n" : "**Operations**\n\n";
        for (std::size_t i = 0; i < r.explained.size(); ++i) {
            md += fmt::format("{}. {}\n", i + 1, r.explained[i]);
        }
        if (!r.downgrade_unreadable.empty()) {
            md += "\nDowngrade: not shown, `downgrade()` holds code the review cannot read.\n";
        } else if (!r.operations.empty()) {
            md +=
                fmt::format("\nDowngrade: {}.\n",
                            r.downgrade.empty() ? std::string("nothing (irreversible)")
                                                : fmt::format("{}", fmt::join(r.downgrade, "; ")));
        }
        md += r.findings.empty() ? "\nNo findings.\n\n" : "\n**Findings**\n\n";
        for (const auto& f : r.findings) {
            append_finding(md, r, f);
        }
        if (!r.findings.empty()) {
            md += '\n';
        }
        for (const auto& d : r.sql) {
            append_sql(md, r, d);
        }
    }
    md += "---\nGenerated by `strata review`. Accept a finding after review with "
          "`// strata:lint-ack <rule> <reason>` in the revision file; `strata lint` then passes.\n";
    return md;
}

} // namespace strata::generator::review
