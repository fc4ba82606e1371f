#pragma once
/// @file
/// What the scanner asks of a libclang cursor: its name, its qualified name and where it is
/// written, as strata's own types.

#include "support/diagnostic.hpp"

#include <clang-c/Index.h>

#include <filesystem>
#include <string>
#include <unordered_map>

namespace strata::generator::clang {

/// The normalised name of @p file (normal_path()); empty for a null file.
[[nodiscard]] std::filesystem::path file_path(CXFile file);

/// Normalised names of libclang's files, each worked out once: normalising is path
/// arithmetic (and a file system look-up for `..`), and one header holds many members.
class file_names {
public:
    /// The normalised name of @p file.
    const std::filesystem::path& operator()(CXFile file);

private:
    std::unordered_map<CXFile, std::filesystem::path> m_paths;
};

/// Where @p cursor is, at the macro use when it comes from a macro expansion (so a member
/// declared through STRATA_COLUMN points at the user's line, not at annotations.hpp).
[[nodiscard]] source_location location_of(CXCursor cursor, file_names& names);

/// The cursor's spelling: the declared name, or an annotation's text.
[[nodiscard]] std::string spelling(CXCursor cursor);

/// `app::v1::User`, for messages that must tell apart structs of the same name.
/// Inline namespaces (std::__cxx11 and the like) are left out, as the user never writes them.
[[nodiscard]] std::string qualified_name(CXCursor cursor);

} // namespace strata::generator::clang
