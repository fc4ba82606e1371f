#pragma once
/// @file
/// Acknowledgements: a person's decision, written in the revision file, that a finding is
/// accepted. `// strata:lint-ack <rule> <reason>` anywhere in the file covers every finding
/// of that rule in the revision; the reason is required and shown in the review.

#include <filesystem>
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

} // namespace strata::generator::review
