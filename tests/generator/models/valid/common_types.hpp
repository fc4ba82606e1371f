#pragma once
// Aliases the other valid models use, so the scanner must resolve them through typedefs.

#include <cstdint>
#include <optional>
#include <string>

namespace app::types {

using id = std::int64_t;
typedef std::string text;
using maybe_text = std::optional<text>;
typedef int counter;

} // namespace app::types
