#pragma once
/// @file
/// Names the scan derives (a struct's default table name) and the small wording helpers
/// its messages share.

#include <string>
#include <string_view>
#include <vector>

namespace strata::generator {

/// The default table name for a struct: its name in snake_case. An underscore goes before
/// an upper-case letter that follows a lower-case letter or digit (`UserProfile` ->
/// `user_profile`), and before the last capital of an acronym followed by a lower-case
/// letter (`HTTPRequest` -> `http_request`); then everything is lower-cased. Existing
/// underscores are kept and never doubled.
[[nodiscard]] std::string snake_case(std::string_view name);

/// "a, b, c".
[[nodiscard]] std::string join(const std::vector<std::string>& items);

/// "an" before "index", otherwise "a".
[[nodiscard]] std::string_view article(std::string_view noun);

/// "indexes", "foreign keys", ...
[[nodiscard]] std::string plural(std::string_view noun);

} // namespace strata::generator
