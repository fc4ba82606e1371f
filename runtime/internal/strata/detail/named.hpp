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

/// The element of @p items whose `name` is @p name, or nullptr, by binary search: @p items
/// must be sorted by name (as schema::normalize() leaves them). Where they might not be,
/// a miss here is not proof of absence.
template <class T>
[[nodiscard]] T* find_named_sorted(std::vector<T>& items, std::string_view name) {
    auto it = std::lower_bound(items.begin(), items.end(), name,
                               [](const T& x, std::string_view wanted) { return x.name < wanted; });
    return it != items.end() && it->name == name ? &*it : nullptr;
}

} // namespace strata::detail
