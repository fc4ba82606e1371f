#pragma once
/// @file
/// Column options that change a column's type (length, decimal, sql_type) or need a kind
/// of type (autoincrement), checked against the member's C++ type.

#include "scan/found_models.hpp"

#include <string>

namespace strata::generator {

/// Applies length, decimal, sql_type and autoincrement to @p result; reports into
/// @p models and returns false when one does not fit the member's type.
/// @p qualified and @p type_name name the member and its C++ type in messages.
bool apply_type_options(const column_options& opts, const std::string& qualified,
                        const std::string& type_name, const source_location& where, column& result,
                        found_models& models);

} // namespace strata::generator
