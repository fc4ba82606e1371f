#pragma once
/// @file
/// Revision ids and creation dates, made reproducible: the id is derived from the content
/// (parents, operations, message) and the date honours SOURCE_DATE_EPOCH.

#include <ctime>
#include <string>
#include <string_view>
#include <vector>

namespace strata::generator {

/// 64-bit FNV-1a of @p text; stable across machines and runs.
[[nodiscard]] std::uint64_t fnv1a_64(std::string_view text);

/// A 12-hex-digit id derived from the parents, the rendered upgrade and downgrade code,
/// and the message: the same change made twice yields the same id.
[[nodiscard]] std::string make_revision_id(const std::vector<std::string>& parents,
                                           std::string_view operations_text,
                                           std::string_view message);

/// The current time, or SOURCE_DATE_EPOCH when that environment variable is set.
[[nodiscard]] std::time_t creation_time();

/// @p when as "YYYY-MM-DD HH:MM:SS" in UTC.
[[nodiscard]] std::string format_create_date(std::time_t when);

/// @p message as a file-name slug: lowercase ASCII letters, digits and '_', at most
/// @p max_length characters.
[[nodiscard]] std::string slugify(std::string_view message, std::size_t max_length);

} // namespace strata::generator
