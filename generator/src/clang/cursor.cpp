#include "clang/cursor.hpp"

#include "support/file_io.hpp"
#include "clang/clang_handles.hpp"

namespace strata::generator::clang {

std::filesystem::path file_path(CXFile file) {
    if (file == nullptr) {
        return {};
    }
    return normal_path(to_string(clang_getFileName(file)));
}

const std::filesystem::path& file_names::operator()(CXFile file) {
    if (auto it = m_paths.find(file); it != m_paths.end()) {
        return it->second;
    }
    return m_paths.emplace(file, file_path(file)).first->second;
}

source_location location_of(CXCursor cursor, file_names& names) {
    CXFile file = nullptr;
    unsigned line = 0;
    unsigned column = 0;
    clang_getExpansionLocation(clang_getCursorLocation(cursor), &file, &line, &column, nullptr);
    return {names(file), line, column};
}

std::string spelling(CXCursor cursor) {
    return to_string(clang_getCursorSpelling(cursor));
}

std::string qualified_name(CXCursor cursor) {
    std::string name = spelling(cursor);
    for (CXCursor parent = clang_getCursorSemanticParent(cursor);
         !clang_Cursor_isNull(parent) && clang_getCursorKind(parent) != CXCursor_TranslationUnit;
         parent = clang_getCursorSemanticParent(parent)) {
        const CXCursorKind kind = clang_getCursorKind(parent);
        if (kind == CXCursor_Namespace) {
            if (clang_Cursor_isInlineNamespace(parent) != 0) {
                continue;
            }
            const std::string part = spelling(parent);
            name = (part.empty() ? "(anonymous namespace)" : part) + "::" + name;
        } else if (kind == CXCursor_StructDecl || kind == CXCursor_ClassDecl) {
            name = spelling(parent) + "::" + name;
        }
        // Anything else (extern "C++" blocks) does not appear in a qualified name.
    }
    return name;
}

} // namespace strata::generator::clang
