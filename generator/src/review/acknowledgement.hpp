#pragma once
/// @file
/// Acknowledgements: a person's decision, written in the revision file, that a finding is
/// accepted. `// strata:lint-ack <rule> <reason>` anywhere in the file covers every finding
/// of that rule in the revision; the reason is required and shown in the review.

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace strata::generator::review {

/// One `// strata:lint-ack` comment.
struct acknowledgement {
    std::string rule;
    std::string reason;
    /// 1-based line of the comment.
    unsigned line = 0;
};

/// The acknowledgements in @p text, the source of @p file. Throws diagnostic_error at the
/// comment for an unknown rule (naming the closest one) or a missing reason.
[[nodiscard]] std::vector<acknowledgement> read_acknowledgements(const std::filesystem::path& file,
                                                                 const std::string& text);

/// The `existing_rows` value declared for each operation, by its index in upgrade(): the
/// generator writes `declared existing_rows = "delete": ...` into the WARNING comment just
/// above an operation whose risk the model settled (docs/annotations.md). @p lines holds
/// each operation's 1-based line in @p text.
[[nodiscard]] std::map<std::size_t, std::string>
read_declared_existing_rows(const std::string& text, const std::vector<unsigned>& lines);

} // namespace strata::generator::review
