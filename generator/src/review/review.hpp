#pragma once
/// @file
/// `strata review` and `strata lint`: for each revision in a range, the operations in
/// plain words, the SQL each reviewed dialect runs (rebuild steps included) and the
/// findings with their fixes and acknowledgements (docs/commands.md, "Reviewing a
/// migration").

#include "project/migrations_dir.hpp"
#include "review/acknowledgement.hpp"
#include "review/checks.hpp"
#include "review/finding.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace strata::generator::review {

/// Everything a review says about one revision.
struct revision_review {
    revision_file file;
    /// False when the revision runs outside a transaction (revision::transactional).
    bool transactional = true;
    /// What upgrade() records.
    std::vector<operation> operations;
    /// The 1-based line of each operation in the revision file, same order.
    std::vector<unsigned> lines;
    /// Plain words for each operation, same order.
    std::vector<std::string> explained;
    /// What downgrade() records, in short words (describe()); empty for none.
    std::vector<std::string> downgrade;
    /// Why downgrade() could not be read; empty when it was.
    std::string downgrade_unreadable;
    /// The SQL per reviewed dialect.
    std::vector<dialect_sql> sql;
    /// The findings, acknowledged ones included (finding::acknowledged).
    std::vector<finding> findings;
    /// The `// strata:lint-ack` comments of the file.
    std::vector<acknowledgement> acknowledgements;
};

/// What `strata review` reports.
struct review_report {
    /// How the revisions were chosen, e.g. "added since merge base 1a2b3c4 with main".
    std::string range_description;
    /// The dialects the SQL is shown for.
    std::vector<std::string> dialects;
    /// Oldest first.
    std::vector<revision_review> revisions;
};

/// Input of build_review().
struct review_request {
    std::filesystem::path directory;
    /// A history range `FROM:TO` or one revision; std::nullopt for the revisions the
    /// current git branch adds over its merge base with @p base (else the newest).
    std::optional<std::string> range;
    /// Dialects to show SQL for; empty means strata.ini's `[review] dialects`, else every
    /// one this strata was built with.
    std::vector<std::string> dialects;
    /// The git ref the branch is compared with; empty tries origin/HEAD, origin/main, main,
    /// origin/master, master.
    std::string base;
};

/// Reads the revisions, replays every one from base to know the schema before each
/// reviewed one, plans its SQL per dialect and checks it. Throws diagnostic_error for an
/// unreadable revision, an invalid acknowledgement or an unknown dialect.
[[nodiscard]] review_report build_review(const review_request& request);

/// The findings of @p report not acknowledged, at or above @p threshold.
[[nodiscard]] std::vector<const finding*> blocking(const review_report& report, severity threshold);

/// @p report as GitHub/GitLab-flavoured Markdown, ready to post as a PR comment.
[[nodiscard]] std::string render_markdown(const review_report& report);

/// @p report as JSON (documented in docs/commands.md), for other tools.
[[nodiscard]] std::string render_json(const review_report& report);

/// One line per finding, compiler style (`file: error: [rule] message`), for `strata lint`;
/// acknowledged findings are listed as notes.
[[nodiscard]] std::string render_lint(const review_report& report);

} // namespace strata::generator::review
