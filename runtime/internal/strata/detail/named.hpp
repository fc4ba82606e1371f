#pragma once
/// @file
/// The one lookup by name over the schema model's lists (tables, columns, indexes,
/// constraints): every "find it or say it is missing" in the generator and the runtime
/// starts here and words its own error, so the search itself exists once.

#include <algorithm>
#include <string_view>
#include <vector>

namespace strata::detail {

/// The element of @p items whose `name` is @p name, or nullptr.
template <class T>
[[nodiscard]] T* find_named(std::vector<T>& items, std::string_view name) {
    auto it = std::find_if(items.begin(), items.end(), [&](const T& x) { return x.name == name; });
    return it == items.end() ? nullptr : &*it;
}

/// The element of @p items whose `name` is @p name, or nullptr.
template <class T>
[[nodiscard]] const T* find_named(const std::vector<T>& items, std::string_view name) {
    auto it = std::find_if(items.begin(), items.end(), [&](const T& x) { return x.name == name; });
    return it == items.end() ? nullptr : &*it;
}

} // namespace strata::detail
