#pragma once
/// @file
/// What `strata review` and `strata lint` report: findings, each raised by one rule of the
/// catalogue (rules.hpp) against one operation of a revision.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace strata::generator::review {

/// How serious a finding is; `strata lint --fail-on` compares against it.
enum class severity { notice, warning, error };

/// "notice", "warning", "error".
[[nodiscard]] std::string_view to_string(severity level);
/// Inverse of to_string(severity); std::nullopt for another spelling.
[[nodiscard]] std::optional<severity> severity_from_string(std::string_view text);

/// What kind of risk a rule is about.
enum class category {
    data_loss,      ///< rows or values are deleted
    data_dependent, ///< succeeds or fails depending on the rows already there
    lock,           ///< rewrites a table or blocks it for a time that grows with its size
    compatibility,  ///< the previous release's code, still running, breaks
    unanalysed,     ///< strata cannot tell what it does
};

/// "data loss", "data-dependent failure", "lock", "backward-incompatible", "not analysed".
[[nodiscard]] std::string_view to_string(category kind);

/// One rule: a name to acknowledge it by, why it matters and what to do instead.
struct rule {
    /// Kebab-case name, used in `// strata:lint-ack <name> <reason>`.
    std::string_view name;
    severity level;
    category kind;
    /// The database the rule is about ("postgresql", "sqlite"); empty for every one.
    std::string_view dialect;
    /// One line: why the change is risky.
    std::string_view reason;
    /// One line: the safe way to get the same result.
    std::string_view alternative;
};

/// One rule raised against one operation of a revision.
struct finding {
    const rule* raised_by = nullptr;
    /// Index of the operation in the revision's upgrade().
    std::size_t operation = 0;
    /// What it is about, in one sentence without a final period, e.g.
    /// "drops column 'users.bio' and every value in it".
    std::string message;
    /// A mechanical fix (C++ for the revision, or SQL), ready to paste; may be empty.
    std::string fix = {};
    /// The reason a person gave in the revision file, when acknowledged.
    std::optional<std::string> acknowledged = {};
};

} // namespace strata::generator::review
