#pragma once
/// @file
/// RAII ownership for libclang's C handles, so every early return and exception in the
/// scanner releases them.

#include <clang-c/Index.h>

#include <memory>
#include <string>

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

} // namespace strata::generator::clang
