#include "scan/member_types.hpp"

#include "scan/naming.hpp"
#include "clang/clang_handles.hpp"
#include "clang/cursor.hpp"

namespace strata::generator {
namespace {

using clang::children_of;
using clang::spelling;

/// True when @p decl is declared directly in namespace std (or std::<nested>, e.g. "chrono"),
/// also when the standard library adds inline namespaces (libstdc++'s std::__cxx11 and
/// std::chrono::_V2, libc++'s std::__1).
bool in_std_namespace(CXCursor decl, std::string_view nested = {}) {
    const auto skip_inline = [](CXCursor cursor) {
        while (clang_getCursorKind(cursor) == CXCursor_Namespace &&
               clang_Cursor_isInlineNamespace(cursor) != 0) {
            cursor = clang_getCursorSemanticParent(cursor);
        }
        return cursor;
    };
    CXCursor parent = skip_inline(clang_getCursorSemanticParent(decl));
    if (!nested.empty()) {
        if (clang_getCursorKind(parent) != CXCursor_Namespace || spelling(parent) != nested) {
            return false;
        }
        parent = skip_inline(clang_getCursorSemanticParent(parent));
    }
    if (clang_getCursorKind(parent) != CXCursor_Namespace || spelling(parent) != "std") {
        return false;
    }
    // Some standard headers open namespace std inside extern "C++" { ... }, which libclang
    // shows as a LinkageSpec or, for the braced form, an UnexposedDecl.
    CXCursor outer = clang_getCursorSemanticParent(parent);
    while (clang_getCursorKind(outer) == CXCursor_LinkageSpec ||
           clang_getCursorKind(outer) == CXCursor_UnexposedDecl) {
        outer = clang_getCursorSemanticParent(outer);
    }
    return clang_getCursorKind(outer) == CXCursor_TranslationUnit;
}

/// True when @p type is std::<nested>::<name>, or a specialisation of that class template.
bool is_std_type(CXType type, std::string_view name, std::string_view nested = {}) {
    const CXCursor decl = clang_getTypeDeclaration(clang_getCanonicalType(type));
    return !clang_Cursor_isNull(decl) && spelling(decl) == name && in_std_namespace(decl, nested);
}

CXType template_argument(CXType type, unsigned index) {
    return clang_getCanonicalType(clang_Type_getTemplateArgumentAsType(type, index));
}

bool is_plain_char(CXType type) {
    return type.kind == CXType_Char_S || type.kind == CXType_Char_U;
}

/// std::basic_string<char, std::char_traits<char>, std::allocator<char>>, i.e. std::string
/// (and no string with a custom allocator, which would not round-trip).
bool is_std_string(CXType type) {
    if (!is_std_type(type, "basic_string") || clang_Type_getNumTemplateArguments(type) != 3) {
        return false;
    }
    return is_plain_char(template_argument(type, 0)) &&
           is_std_type(template_argument(type, 1), "char_traits") &&
           is_std_type(template_argument(type, 2), "allocator");
}

/// std::vector<B> with B one of std::byte, std::uint8_t, unsigned char, and the default
/// allocator.
bool is_byte_vector(CXType type) {
    if (!is_std_type(type, "vector") || clang_Type_getNumTemplateArguments(type) != 2) {
        return false;
    }
    const CXType element = template_argument(type, 0);
    const bool byte_like = element.kind == CXType_UChar || is_std_type(element, "byte");
    return byte_like && is_std_type(template_argument(type, 1), "allocator");
}

/// std::chrono::time_point<std::chrono::system_clock, any duration>.
bool is_system_time_point(CXType type) {
    return is_std_type(type, "time_point", "chrono") &&
           clang_Type_getNumTemplateArguments(type) == 2 &&
           is_std_type(template_argument(type, 0), "system_clock", "chrono");
}

/// std::chrono::time_point<std::chrono::local_t, D>: std::chrono::local_time<D>.
bool is_local_time_point(CXType type) {
    return is_std_type(type, "time_point", "chrono") &&
           clang_Type_getNumTemplateArguments(type) == 2 &&
           is_std_type(template_argument(type, 0), "local_t", "chrono");
}

/// Whether duration type @p duration counts whole days (std::chrono::days: a period of
/// 86400 seconds). The period is a non-type template argument, which libclang's C API
/// shows only in the type's spelling.
bool counts_days(CXType duration) {
    const std::string text = clang::to_string(clang_getTypeSpelling(duration));
    return text.find("ratio<86400") != std::string::npos;
}

/// A class with the unqualified name @p name in any namespace (boost::uuids::uuid).
bool is_named_class(CXType type, std::string_view name) {
    const CXCursor decl = clang_getTypeDeclaration(clang_getCanonicalType(type));
    return !clang_Cursor_isNull(decl) && spelling(decl) == name;
}

/// The column type of a class-type member that strata knows.
std::optional<column_type> class_type(CXType type) {
    const auto of = [](type_kind kind) { return column_type{kind}; };
    if (is_std_string(type)) {
        return of(type_kind::string);
    }
    if (is_byte_vector(type)) {
        return of(type_kind::binary);
    }
    if (is_system_time_point(type)) {
        return of(type_kind::timestamp);
    }
    if (is_local_time_point(type)) {
        return of(counts_days(template_argument(type, 1)) ? type_kind::date
                                                          : type_kind::local_timestamp);
    }
    if (is_std_type(type, "year_month_day", "chrono")) {
        return of(type_kind::date);
    }
    if (is_std_type(type, "hh_mm_ss", "chrono")) {
        return of(type_kind::time_of_day);
    }
    if (is_std_type(type, "duration", "chrono")) {
        return of(type_kind::interval);
    }
    if (is_named_class(type, "uuid")) {
        return of(type_kind::uuid);
    }
    if (is_named_class(type, "basic_json")) {
        return of(type_kind::json);
    }
    return std::nullopt;
}

/// An integer of @p size bytes: the smallest portable SQL integer that holds every value.
std::optional<type_kind> integer_kind(long long size, bool is_unsigned, type_problem& problem) {
    // By size rather than by name: `long` is 64 bits on Linux but 32 on Windows. An unsigned
    // type needs the next wider signed one, as SQL has no unsigned integers.
    switch (is_unsigned ? size * 2 : size) {
    case 1:
    case 2:
        return type_kind::int16;
    case 4:
        return type_kind::int32;
    case 8:
        return type_kind::int64;
    default:
        if (is_unsigned && size == 8) {
            problem.note = "no SQL integer type holds every std::uint64_t value; use "
                           "std::int64_t";
        }
        return std::nullopt;
    }
}

/// The column type of a non-optional type; matches on the canonical type so typedefs and
/// aliases (std::int64_t is `long` on LP64) resolve to what they name.
std::optional<column_type> scalar_type(CXType type, type_problem& problem) {
    type = clang_getCanonicalType(type);
    if (clang_isConstQualifiedType(type) != 0 || clang_isVolatileQualifiedType(type) != 0) {
        return std::nullopt;
    }
    const auto of = [](type_kind kind) { return column_type{kind}; };
    const auto integer = [&](bool is_unsigned) -> std::optional<column_type> {
        if (auto kind = integer_kind(clang_Type_getSizeOf(type), is_unsigned, problem)) {
            return of(*kind);
        }
        return std::nullopt;
    };
    switch (type.kind) {
    case CXType_Bool:
        return of(type_kind::boolean);
    case CXType_Float:
        return of(type_kind::float32);
    case CXType_Double:
        return of(type_kind::float64);
    case CXType_SChar:
    case CXType_Short:
    case CXType_Int:
    case CXType_Long:
    case CXType_LongLong:
        return integer(false);
    case CXType_UChar:
    case CXType_UShort:
    case CXType_UInt:
    case CXType_ULong:
    case CXType_ULongLong:
        return integer(true);
    case CXType_Enum: {
        const CXCursor decl = clang_getTypeDeclaration(type);
        if (in_std_namespace(decl)) {
            return std::nullopt; // std::byte and friends are not user enumerations
        }
        if (clang_EnumDecl_isScoped(decl) == 0) {
            problem.note = "only an enum class can be a column (stored by enumerator name); "
                           "make it an enum class";
            return std::nullopt;
        }
        column_type result = of(type_kind::enumeration);
        result.enum_name = snake_case(spelling(decl));
        for (const CXCursor child : children_of(decl)) {
            if (clang_getCursorKind(child) == CXCursor_EnumConstantDecl) {
                result.enum_values.push_back(spelling(child));
            }
        }
        if (result.enum_values.empty()) {
            problem.note = "an enum class column needs at least one enumerator";
            return std::nullopt;
        }
        return result;
    }
    case CXType_Record:
        return class_type(type);
    default:
        return std::nullopt;
    }
}

} // namespace

std::optional<member_type> classify(CXType type, type_problem& problem) {
    type = clang_getCanonicalType(type);
    if (clang_isConstQualifiedType(type) == 0 && is_std_type(type, "optional") &&
        clang_Type_getNumTemplateArguments(type) == 1) {
        if (auto inner = scalar_type(template_argument(type, 0), problem)) {
            return member_type{std::move(*inner), true};
        }
        return std::nullopt;
    }
    if (auto inner = scalar_type(type, problem)) {
        return member_type{std::move(*inner), false};
    }
    return std::nullopt;
}

} // namespace strata::generator
