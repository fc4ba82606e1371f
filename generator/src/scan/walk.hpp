#pragma once
/// @file
/// The walk: visits the declarations of a parsed translation unit, finds the structs
/// annotated with STRATA_TABLE and turns each data member into a column (its type through
/// member_types.hpp, its options through type_options.hpp). Lists that name other columns
/// or tables are left for resolve.hpp.

#include "scan/found_models.hpp"

#include <clang-c/Index.h>

#include <string>

namespace strata::generator {

/// Adds every table declared under @p unit (a translation unit's cursor) to @p models;
/// @p cpp_namespace as in scan_options::cpp_namespace.
void walk_models(CXCursor unit, std::string cpp_namespace, found_models& models);

} // namespace strata::generator
