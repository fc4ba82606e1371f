#pragma once
/// @file
/// RAII ownership for libclang's C handles, so every early return and exception in the
/// scanner releases them, and the only trampolines into libclang's C callbacks: each
/// collects into a vector, so no C++ exception ever unwinds through libclang's C frames
/// (undefined behaviour), and callers loop over plain values.

#include <clang-c/Index.h>

#include <exception>
#include <memory>
#include <string>
#include <vector>

namespace strata::generator::clang {

/// Deleter for CXIndex.
struct index_deleter {
    void operator()(CXIndex index) const { clang_disposeIndex(index); }
};
/// An owned CXIndex (CXIndex is a void*, so the pointee type is void).
using index_handle = std::unique_ptr<void, index_deleter>;

/// Deleter for CXTranslationUnit.
struct translation_unit_deleter {
    void operator()(CXTranslationUnit unit) const { clang_disposeTranslationUnit(unit); }
};
/// An owned CXTranslationUnit.
using translation_unit_handle = std::unique_ptr<CXTranslationUnitImpl, translation_unit_deleter>;

/// Deleter for CXDiagnostic.
struct diagnostic_deleter {
    void operator()(CXDiagnostic diagnostic) const { clang_disposeDiagnostic(diagnostic); }
};
/// An owned CXDiagnostic (also a void*).
using diagnostic_handle = std::unique_ptr<void, diagnostic_deleter>;

/// Owns a CXString and disposes it once; libclang returns one from most queries.
class cx_string {
public:
    explicit cx_string(CXString text) : m_text(text) {}
    ~cx_string() { clang_disposeString(m_text); }
    cx_string(const cx_string&) = delete;
    cx_string& operator=(const cx_string&) = delete;

    /// The text as std::string; empty when libclang returned a null string.
    [[nodiscard]] std::string str() const {
        const char* text = clang_getCString(m_text);
        return text == nullptr ? std::string() : std::string(text);
    }

private:
    CXString m_text;
};

/// Takes ownership of @p text and returns a copy of it.
[[nodiscard]] inline std::string to_string(CXString text) {
    return cx_string(text).str();
}

/// Children of @p parent in order (clang_visitChildren, one level).
[[nodiscard]] inline std::vector<CXCursor> children_of(CXCursor parent) {
    struct collector {
        std::vector<CXCursor> cursors;
        std::exception_ptr error;
    } data;
    clang_visitChildren(
        parent,
        [](CXCursor cursor, CXCursor, CXClientData client) {
            auto* out = static_cast<collector*>(client);
            try {
                out->cursors.push_back(cursor);
            } catch (...) {
                out->error = std::current_exception();
                return CXChildVisit_Break;
            }
            return CXChildVisit_Continue;
        },
        &data);
    if (data.error) {
        std::rethrow_exception(data.error);
    }
    return std::move(data.cursors);
}

/// Every file @p unit opened, in the order libclang entered them (clang_getInclusions),
/// without null entries; a file included twice is listed twice.
[[nodiscard]] inline std::vector<CXFile> inclusions_of(CXTranslationUnit unit) {
    struct collector {
        std::vector<CXFile> files;
        std::exception_ptr error;
    } data;
    clang_getInclusions(
        unit,
        [](CXFile file, CXSourceLocation*, unsigned, CXClientData client) {
            auto* out = static_cast<collector*>(client);
            if (out->error || file == nullptr) {
                return;
            }
            try {
                out->files.push_back(file);
            } catch (...) {
                out->error = std::current_exception();
            }
        },
        &data);
    if (data.error) {
        std::rethrow_exception(data.error);
    }
    return std::move(data.files);
}

} // namespace strata::generator::clang
