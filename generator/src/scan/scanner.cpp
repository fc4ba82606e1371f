#include "scan/scanner.hpp"
#include "scan/validate_names.hpp"

#include "scan/annotation.hpp"
#include "support/file_io.hpp"
#include "clang/clang_handles.hpp"
#include "clang/header_cache.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <exception>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>

namespace strata::generator {
namespace {

constexpr std::string_view supported_types_note =
    "supported types are std::int16_t, std::int32_t, std::int64_t (and the unsigned types up "
    "to std::uint32_t), float, double, bool, std::string, std::vector<std::byte>, "
    "std::chrono::system_clock::time_point, std::chrono::local_time<D> (local_seconds, "
    "local_days), std::chrono::year_month_day, std::chrono::hh_mm_ss<D>, "
    "std::chrono::duration<R, P> (seconds, minutes, ...), a class named uuid, nlohmann::json, "
    "an enum class, and std::optional of any of them";

/// Children of @p parent in order. Collecting them first keeps C++ exceptions from
/// unwinding through libclang's C frames, which is undefined behaviour.
std::vector<CXCursor> children_of(CXCursor parent) {
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

std::filesystem::path file_path(CXFile file) {
    if (file == nullptr) {
        return {};
    }
    return normal_path(clang::to_string(clang_getFileName(file)));
}

/// Normalised names of libclang's files, each worked out once: normalising is path
/// arithmetic (and a file system look-up for `..`), and one header holds many members.
class file_names {
public:
    const std::filesystem::path& operator()(CXFile file) {
        if (auto it = m_paths.find(file); it != m_paths.end()) {
            return it->second;
        }
        return m_paths.emplace(file, file_path(file)).first->second;
    }

private:
    std::unordered_map<CXFile, std::filesystem::path> m_paths;
};

/// Where @p cursor is, at the macro use when it comes from a macro expansion (so a member
/// declared through STRATA_COLUMN points at the user's line, not at annotations.hpp).
source_location location_of(CXCursor cursor, file_names& names) {
    CXFile file = nullptr;
    unsigned line = 0;
    unsigned column = 0;
    clang_getExpansionLocation(clang_getCursorLocation(cursor), &file, &line, &column, nullptr);
    return {names(file), line, column};
}

std::string format_location(const source_location& where) {
    return fmt::format("{}:{}:{}", where.file.string(), where.line, where.column);
}

std::string spelling(CXCursor cursor) {
    return clang::to_string(clang_getCursorSpelling(cursor));
}

/// `app::v1::User`, for messages that must tell apart structs of the same name.
/// Inline namespaces (std::__cxx11 and the like) are left out, as the user never writes them.
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

// --- Types ---------------------------------------------------------------------------------

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

/// snake_case spelling of a C++ name; declared here, defined with the other name rules.
std::string snake_case(std::string_view name);

/// Why a member type has no column type: the message's note. Empty for the general case.
struct type_problem {
    std::string note;
};

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

struct member_type {
    column_type type;
    bool nullable = false;
};

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

bool is_integer(type_kind kind) {
    return kind == type_kind::int16 || kind == type_kind::int32 || kind == type_kind::int64;
}

// --- Names ---------------------------------------------------------------------------------

/// The default table name for a struct: its name in snake_case. An underscore goes before
/// an upper-case letter that follows a lower-case letter or digit (`UserProfile` ->
/// `user_profile`), and before the last capital of an acronym followed by a lower-case
/// letter (`HTTPRequest` -> `http_request`); then everything is lower-cased. Existing
/// underscores are kept and never doubled.
std::string snake_case(std::string_view name) {
    const auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
    const auto lower_or_digit = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    };
    std::string result;
    for (std::size_t i = 0; i < name.size(); ++i) {
        const char c = name[i];
        if (upper(c) && i > 0 && name[i - 1] != '_') {
            const bool after_lower = lower_or_digit(name[i - 1]);
            const bool acronym_end = upper(name[i - 1]) && i + 1 < name.size() &&
                                     name[i + 1] >= 'a' && name[i + 1] <= 'z';
            if (after_lower || acronym_end) {
                result += '_';
            }
        }
        result += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return result;
}

// --- The scan ------------------------------------------------------------------------------

/// A column found in a struct, with the options that later checks resolve.
struct found_column {
    std::string member;
    source_location where;
    column_options options;
};

/// A table found in the sources, with everything needed to resolve its lists and to name it
/// in messages.
struct found_table {
    table model;
    /// Qualified struct name, e.g. `app::User`.
    std::string struct_name;
    /// The struct's own name, e.g. `User`.
    std::string short_name;
    source_location where;
    /// Where STRATA_TABLE(...) is written: table-level list problems point here.
    source_location options_where;
    table_options options;
    /// Parallel to model.columns.
    std::vector<found_column> columns;
    /// Member and column names of members left out after an error, so that lists naming
    /// them are not reported a second time as naming a missing column.
    std::set<std::string, std::less<>> skipped;
};

/// An index or constraint name with where it was declared, for the duplicate-name checks.
struct named_item {
    std::string name;
    std::string what;
    source_location where;
};

std::string join(const std::vector<std::string>& items) {
    return fmt::format("{}", fmt::join(items, ", "));
}

std::string_view article(std::string_view noun) {
    return noun.starts_with('i') ? "an" : "a";
}

std::string plural(std::string_view noun) {
    return noun == "index" ? "indexes" : std::string(noun) + "s";
}

std::vector<std::string> column_names(const table& model) {
    std::vector<std::string> names;
    for (const auto& c : model.columns) {
        names.push_back(c.name);
    }
    return names;
}

/// Walks the translation unit and collects tables and every problem on the way.
class model_walker {
public:
    /// @p cpp_namespace: see scan_options::cpp_namespace.
    explicit model_walker(std::string cpp_namespace) : m_namespace(std::move(cpp_namespace)) {
        if (m_namespace.starts_with("::")) {
            m_namespace.erase(0, 2);
        }
    }

    void walk(CXCursor parent) {
        for (const CXCursor cursor : children_of(parent)) {
            if (clang_Location_isInSystemHeader(clang_getCursorLocation(cursor)) != 0) {
                continue;
            }
            switch (clang_getCursorKind(cursor)) {
            case CXCursor_Namespace:
            case CXCursor_LinkageSpec:
            case CXCursor_UnexposedDecl:
                walk(cursor);
                break;
            case CXCursor_StructDecl:
            case CXCursor_ClassDecl:
                visit_record(cursor);
                break;
            case CXCursor_UnionDecl:
            case CXCursor_ClassTemplate:
            case CXCursor_ClassTemplatePartialSpecialization:
                reject_table_annotation(cursor);
                break;
            default:
                break;
            }
        }
    }

    /// The checks that need every table: duplicate and renamed table names, the column lists
    /// of indexes and constraints, foreign-key targets, index and enum type names.
    void resolve() {
        // Table names are final from here on; lookups by name go through this index, since
        // scanning every table per foreign key made resolving N tables O(N²).
        m_first_by_name.clear();
        for (std::size_t i = 0; i < m_tables.size(); ++i) {
            m_first_by_name.emplace(m_tables[i].model.name, i);
        }
        check_duplicate_tables();
        check_table_renames();
        for (auto& found : m_tables) {
            resolve_indexes_and_checks(found);
        }
        // Second pass: a foreign key may point at a unique constraint declared on any table.
        for (auto& found : m_tables) {
            resolve_foreign_keys(found);
        }
        check_names();
        check_enums();
    }

    std::vector<diagnostic>& problems() { return m_problems; }

    /// Every name the schema gives the database, for validate_names().
    [[nodiscard]] std::vector<declared_name> declared_names() {
        std::vector<declared_name> names;
        for (const auto& found : m_tables) {
            names.push_back({found.model.name, "table", {}, found.where});
            for (std::size_t i = 0; i < found.columns.size(); ++i) {
                names.push_back({found.model.columns[i].name, "column", found.model.name,
                                 found.columns[i].where});
            }
            for (const named_item& item : m_origins[&found]) {
                names.push_back({item.name, item.what, found.model.name, item.where});
            }
        }
        return names;
    }

    /// The schema and the annotations the diff needs.
    std::pair<schema, scan_annotations> take_result() {
        schema result;
        scan_annotations notes;
        for (auto& found : m_tables) {
            const std::string& name = found.model.name;
            notes.locations[name] = found.where;
            if (found.options.renamed_from) {
                notes.renames.push_back({name, {}, *found.options.renamed_from, found.where});
            }
            for (std::size_t i = 0; i < found.columns.size(); ++i) {
                const std::string& column_name = found.model.columns[i].name;
                const found_column& c = found.columns[i];
                const std::string key = name + "." + column_name;
                notes.locations[key] = c.where;
                if (c.options.renamed_from) {
                    notes.renames.push_back({name, column_name, *c.options.renamed_from, c.where});
                }
                if (c.options.backfill) {
                    notes.backfills[key] = *c.options.backfill;
                }
            }
            result.tables.push_back(std::move(found.model));
        }
        return {std::move(result), std::move(notes)};
    }

private:
    struct annotations {
        std::vector<std::pair<annotation, CXCursor>> items;
    };

    source_location location_of(CXCursor cursor) {
        return strata::generator::location_of(cursor, m_file_names);
    }

    /// The strata annotations attached to @p cursor; malformed ones are reported.
    annotations annotations_of(CXCursor cursor) {
        annotations result;
        for (const CXCursor child : children_of(cursor)) {
            if (clang_getCursorKind(child) != CXCursor_AnnotateAttr) {
                continue;
            }
            try {
                if (auto found = split_annotation(spelling(child))) {
                    result.items.emplace_back(std::move(*found), child);
                }
            } catch (const annotation_error& error) {
                report(location_of(child), error.what(), error.notes());
            }
        }
        return result;
    }

    void reject_table_annotation(CXCursor cursor) {
        for (const auto& [found, where] : annotations_of(cursor).items) {
            if (found.kind == annotation_kind::table) {
                report(location_of(where),
                       fmt::format("STRATA_TABLE on '{}': only a struct or class definition "
                                   "can be a table",
                                   qualified_name(cursor)));
            }
        }
    }

    void visit_record(CXCursor record) {
        // Nested structs may be tables too.
        walk(record);
        if (clang_isCursorDefinition(record) == 0) {
            return; // a forward declaration; the definition carries the table
        }
        std::optional<std::pair<annotation, CXCursor>> table_annotation;
        bool excluded = false;
        for (auto& item : annotations_of(record).items) {
            if (item.first.kind == annotation_kind::table) {
                if (table_annotation) {
                    report(location_of(item.second),
                           fmt::format("struct '{}' has more than one STRATA_TABLE",
                                       spelling(record)));
                    continue;
                }
                table_annotation = std::move(item);
            } else if (item.first.kind == annotation_kind::exclude) {
                excluded = true; // never a table, e.g. to switch one off for a while
            } else {
                report(location_of(item.second),
                       fmt::format("STRATA_COLUMN on struct '{}': it belongs on a data member",
                                   spelling(record)));
            }
        }
        if (table_annotation && !excluded && in_selected_namespace(record)) {
            scan_table(record, table_annotation->first, table_annotation->second);
        }
    }

    // Tables of other namespaces belong to other targets (add_migrations(NAMESPACE)).
    bool in_selected_namespace(CXCursor record) const {
        return m_namespace.empty() || qualified_name(record).starts_with(m_namespace + "::");
    }

    void scan_table(CXCursor record, const annotation& table_annotation, CXCursor attribute) {
        const std::string struct_name = spelling(record);
        const source_location where = location_of(record);
        if (struct_name.empty() || clang_Cursor_isAnonymous(record) != 0) {
            report(where, "an anonymous struct cannot be a table", {"give the struct a name"});
            return;
        }

        found_table found;
        found.options_where = location_of(attribute);
        try {
            found.options = parse_table_options(table_annotation.options);
        } catch (const annotation_error& error) {
            // Keep going with the default name so the members are still checked.
            report(found.options_where, error.what(), error.notes());
            m_table_options_failed = true;
        }
        found.model.name = found.options.name.value_or(snake_case(struct_name));
        found.model.comment = found.options.comment;
        found.struct_name = qualified_name(record);
        found.short_name = struct_name;
        found.where = where;

        bool has_primary_key = false;
        for (const CXCursor child : children_of(record)) {
            const CXCursorKind kind = clang_getCursorKind(child);
            if (kind == CXCursor_FieldDecl) {
                scan_member(child, found, has_primary_key);
            } else if (kind == CXCursor_VarDecl) {
                reject_static_column(struct_name, child);
            } else if ((kind == CXCursor_UnionDecl || kind == CXCursor_StructDecl) &&
                       clang_Cursor_isAnonymousRecordDecl(child) != 0) {
                // Its members belong to the table but libclang shows no field for them, so
                // they would silently go missing.
                report(location_of(child),
                       fmt::format("anonymous {} in struct '{}' cannot be mapped to columns",
                                   kind == CXCursor_UnionDecl ? "union" : "struct", struct_name),
                       {"give it a member name and mark it STRATA_EXCLUDE, or move its members "
                        "into the struct"});
            }
        }
        if (!has_primary_key) {
            report(where,
                   fmt::format("table '{}' (struct '{}') has no primary key", found.model.name,
                               struct_name),
                   {"mark the key member with STRATA_COLUMN(primary_key)"});
        }
        check_autoincrement(found);
        check_column_renames(found);
        m_tables.push_back(std::move(found));
    }

    /// A static member is never a column; annotating one is a mistake worth reporting.
    void reject_static_column(const std::string& struct_name, CXCursor member) {
        for (const auto& [found, attribute] : annotations_of(member).items) {
            if (found.kind == annotation_kind::column) {
                report(location_of(attribute),
                       fmt::format("static member '{}::{}' cannot be a column", struct_name,
                                   spelling(member)));
            }
        }
    }

    void scan_member(CXCursor member, found_table& table_found, bool& has_primary_key) {
        const std::string& struct_name = table_found.short_name;
        const std::string member_name = spelling(member);
        const std::string qualified = struct_name + "::" + member_name;
        const source_location where = location_of(member);

        bool excluded = false;
        std::optional<column_options> options;
        bool options_valid = true;
        for (const auto& [found, attribute] : annotations_of(member).items) {
            switch (found.kind) {
            case annotation_kind::exclude:
                excluded = true;
                break;
            case annotation_kind::table:
                report(
                    location_of(attribute),
                    fmt::format("STRATA_TABLE on member '{}': it belongs on a struct", qualified));
                break;
            case annotation_kind::column:
                if (options) {
                    report(location_of(attribute),
                           fmt::format("member '{}' has more than one STRATA_COLUMN", qualified),
                           {"put all options in one STRATA_COLUMN(...)"});
                    break;
                }
                try {
                    options = parse_column_options(found.options);
                } catch (const annotation_error& error) {
                    options = column_options{};
                    options_valid = false;
                    report(location_of(attribute), error.what(), error.notes());
                }
                break;
            }
        }
        if (excluded) {
            if (options) {
                report(where, fmt::format("member '{}' has both STRATA_EXCLUDE and STRATA_COLUMN",
                                          qualified));
            }
            return;
        }
        const column_options opts = options.value_or(column_options{});
        if (opts.primary_key) {
            has_primary_key = true;
        }
        if (member_name.empty()) {
            report(where,
                   fmt::format("anonymous member of struct '{}' cannot be a column", struct_name),
                   {"name the member or mark it STRATA_EXCLUDE"});
            return;
        }
        // From here on, a member that is left out is remembered so lists naming it do not
        // produce a second error.
        const auto skip = [&] {
            table_found.skipped.insert(member_name);
            table_found.skipped.insert(opts.name.value_or(member_name));
        };

        const CXType type = clang_getCursorType(member);
        const std::string type_name = clang::to_string(clang_getTypeSpelling(type));
        type_problem problem;
        const auto classified = classify(type, problem);
        if (!classified) {
            std::vector<std::string> notes;
            if (!problem.note.empty()) {
                notes.push_back(problem.note);
            }
            notes.emplace_back(supported_types_note);
            notes.emplace_back("mark members that are not columns with STRATA_EXCLUDE");
            report(where,
                   fmt::format("member '{}' has unsupported type '{}'", qualified, type_name),
                   std::move(notes));
            skip();
            return;
        }
        if (!options_valid) {
            skip();
            return;
        }
        column result;
        result.name = opts.name.value_or(member_name);
        result.type = classified->type;
        result.nullable = classified->nullable;
        result.primary_key = opts.primary_key;
        result.autoincrement = opts.autoincrement;
        result.server_default = opts.server_default;
        result.comment = opts.comment;
        if (!apply_type_options(opts, qualified, type_name, where, result)) {
            skip();
            return;
        }
        if (result.primary_key && result.nullable) {
            report(where,
                   fmt::format("primary key member '{}' cannot be std::optional", qualified));
            skip();
            return;
        }
        for (std::size_t i = 0; i < table_found.model.columns.size(); ++i) {
            if (table_found.model.columns[i].name == result.name) {
                const found_column& other = table_found.columns[i];
                report(where,
                       fmt::format("members '{}::{}' and '{}' both map to column '{}'", struct_name,
                                   other.member, qualified, result.name),
                       {fmt::format("'{}::{}' is declared at {}", struct_name, other.member,
                                    format_location(other.where)),
                        "rename one of them with STRATA_COLUMN(name = \"...\")"});
                return;
            }
        }
        table_found.model.columns.push_back(std::move(result));
        table_found.columns.push_back({member_name, where, opts});
    }

    /// Applies length, decimal, sql_type and autoincrement to @p result; reports and returns
    /// false when one does not fit the member's type.
    bool apply_type_options(const column_options& opts, const std::string& qualified,
                            const std::string& type_name, const source_location& where,
                            column& result) {
        const type_kind kind = result.type.kind;
        if (opts.length && opts.precision) {
            report(where, fmt::format("member '{}' has both 'decimal' and 'length'", qualified),
                   {"a decimal column has a precision and a scale, not a length; remove length"});
            return false;
        }
        if (opts.length) {
            if (kind != type_kind::string) {
                report(where, fmt::format("column option 'length' on member '{}' of type '{}': "
                                          "only string columns have a length",
                                          qualified, type_name));
                return false;
            }
            result.type.length = opts.length;
        }
        if (opts.precision) {
            if (kind != type_kind::float64 && kind != type_kind::string &&
                kind != type_kind::int64) {
                report(where,
                       fmt::format("column option 'decimal' on member '{}' of type '{}': only "
                                   "double, std::string and std::int64_t members can be decimal",
                                   qualified, type_name));
                return false;
            }
            result.type.kind = type_kind::decimal;
            result.type.precision = opts.precision;
            result.type.scale = opts.scale;
        }
        if (opts.sql_type) {
            if (opts.length || opts.precision) {
                report(where,
                       fmt::format("member '{}' has 'sql_type' together with '{}'", qualified,
                                   opts.length ? "length" : "decimal"),
                       {fmt::format("sql_type replaces the whole SQL type; write the {} inside "
                                    "it, e.g. sql_type = \"{}\"",
                                    opts.length ? "length" : "precision",
                                    opts.length ? "VARCHAR(20)" : "NUMERIC(12, 2)")});
                return false;
            }
            result.type.sql_override = *opts.sql_type;
        }
        if (opts.autoincrement) {
            if (!is_integer(result.type.kind)) {
                report(where,
                       fmt::format("column option 'autoincrement' on member '{}' of type '{}': "
                                   "only integer columns can be autoincrement",
                                   qualified, type_name));
                return false;
            }
            if (!opts.primary_key) {
                report(where,
                       fmt::format("column option 'autoincrement' on member '{}', which is not "
                                   "the primary key",
                                   qualified),
                       {"add primary_key, or remove autoincrement"});
                return false;
            }
        }
        return true;
    }

    /// SQLite assigns values only to a lone INTEGER PRIMARY KEY, so autoincrement needs the
    /// key to be that one column.
    void check_autoincrement(const found_table& found) {
        const std::vector<std::string> key = found.model.primary_key();
        for (std::size_t i = 0; i < found.columns.size(); ++i) {
            if (found.model.columns[i].autoincrement && key.size() != 1) {
                report(found.columns[i].where,
                       fmt::format("column option 'autoincrement' on member '{}::{}' of a "
                                   "composite primary key ({})",
                                   found.short_name, found.columns[i].member, join(key)),
                       {"autoincrement needs a single-column primary key"});
            }
        }
    }

    /// A rename must not leave two columns with one name: the old name must be gone, and
    /// only one column can come from it.
    void check_column_renames(const found_table& found) {
        const auto& columns = found.model.columns;
        for (std::size_t i = 0; i < columns.size(); ++i) {
            const auto& old_name = found.columns[i].options.renamed_from;
            if (!old_name) {
                continue;
            }
            const std::string qualified = found.short_name + "::" + found.columns[i].member;
            if (*old_name == columns[i].name) {
                report(found.columns[i].where,
                       fmt::format("member '{}' is renamed_from its own column name '{}'",
                                   qualified, *old_name),
                       {"renamed_from takes the column's previous name"});
                continue;
            }
            for (std::size_t j = 0; j < columns.size(); ++j) {
                if (columns[j].name == *old_name) {
                    report(found.columns[i].where,
                           fmt::format("member '{}' is renamed_from '{}', but member '{}::{}' "
                                       "still maps to column '{}'",
                                       qualified, *old_name, found.short_name,
                                       found.columns[j].member, *old_name),
                           {"a renamed column's old name must be gone; rename or remove the "
                            "other member"});
                }
                if (j < i && found.columns[j].options.renamed_from == old_name) {
                    report(found.columns[i].where,
                           fmt::format("members '{}::{}' and '{}' are both renamed_from '{}'",
                                       found.short_name, found.columns[j].member, qualified,
                                       *old_name),
                           {"only one column can take over an old column"});
                }
            }
        }
    }

    /// Reports struct pairs that map to the same table name.
    void check_duplicate_tables() {
        for (std::size_t i = 0; i < m_tables.size(); ++i) {
            // Against the first struct that maps to the same table.
            const std::size_t j = m_first_by_name.at(m_tables[i].model.name);
            if (j != i) {
                report(m_tables[i].where,
                       fmt::format("structs '{}' and '{}' both map to table '{}'",
                                   m_tables[j].struct_name, m_tables[i].struct_name,
                                   m_tables[i].model.name),
                       {fmt::format("'{}' is declared at {}", m_tables[j].struct_name,
                                    format_location(m_tables[j].where)),
                        "give one of them another name with STRATA_TABLE(name = \"...\")"});
            }
        }
    }

    void check_table_renames() {
        for (std::size_t i = 0; i < m_tables.size(); ++i) {
            const found_table& found = m_tables[i];
            const auto& old_name = found.options.renamed_from;
            if (!old_name) {
                continue;
            }
            if (*old_name == found.model.name) {
                report(found.options_where,
                       fmt::format("struct '{}' is renamed_from its own table name '{}'",
                                   found.struct_name, *old_name),
                       {"renamed_from takes the table's previous name"});
                continue;
            }
            for (std::size_t j = 0; j < m_tables.size(); ++j) {
                if (m_tables[j].model.name == *old_name) {
                    report(found.options_where,
                           fmt::format("struct '{}' is renamed_from '{}', but struct '{}' still "
                                       "maps to table '{}'",
                                       found.struct_name, *old_name, m_tables[j].struct_name,
                                       *old_name),
                           {"a renamed table's old name must be gone; rename or remove the "
                            "other struct"});
                }
                if (j < i && m_tables[j].options.renamed_from == old_name) {
                    report(found.options_where,
                           fmt::format("structs '{}' and '{}' are both renamed_from '{}'",
                                       m_tables[j].struct_name, found.struct_name, *old_name),
                           {"only one table can take over an old table"});
                }
            }
        }
    }

    /// The column of @p found called @p name, by column name first, then by member name.
    static const column* find_column(const found_table& found, std::string_view name) {
        if (const column* by_name = found.model.find_column(name)) {
            return by_name;
        }
        for (std::size_t i = 0; i < found.columns.size(); ++i) {
            if (found.columns[i].member == name) {
                return &found.model.columns[i];
            }
        }
        return nullptr;
    }

    /// Resolves member or column names to column names. Reports a missing or repeated
    /// column; returns std::nullopt then, and also (silently) for a member already reported.
    std::optional<std::vector<std::string>> resolve_columns(const found_table& found,
                                                            const std::vector<std::string>& names,
                                                            const std::string& what,
                                                            const source_location& where) {
        std::vector<std::string> resolved;
        bool ok = true;
        for (const auto& name : names) {
            const column* c = find_column(found, name);
            if (c == nullptr) {
                if (!found.skipped.contains(name)) {
                    report(where,
                           fmt::format("{} names missing column '{}' of table '{}'", what, name,
                                       found.model.name),
                           {fmt::format("columns of table '{}' are: {}", found.model.name,
                                        join(column_names(found.model))),
                            "name a column by its member name or its column name"});
                }
                ok = false;
                continue;
            }
            if (std::find(resolved.begin(), resolved.end(), c->name) != resolved.end()) {
                report(where, fmt::format("{} names column '{}' twice", what, c->name));
                ok = false;
                continue;
            }
            resolved.push_back(c->name);
        }
        if (!ok) {
            return std::nullopt;
        }
        return resolved;
    }

    void resolve_indexes_and_checks(found_table& found) {
        table& model = found.model;
        // Column-level options first, in declaration order.
        for (std::size_t i = 0; i < found.columns.size(); ++i) {
            const column_options& opts = found.columns[i].options;
            const std::vector<std::string> columns{model.columns[i].name};
            if (opts.index) {
                model.indexes.push_back({default_index_name(model.name, columns, false), columns});
                m_origins[&found].push_back(
                    {model.indexes.back().name, "index", found.columns[i].where});
            }
            if (opts.unique) {
                model.uniques.push_back({default_unique_name(model.name, columns), columns});
                m_origins[&found].push_back(
                    {model.uniques.back().name, "unique constraint", found.columns[i].where});
            }
            if (opts.check) {
                model.checks.push_back(
                    {fmt::format("ck_{}_{}", model.name, model.columns[i].name), *opts.check});
                m_origins[&found].push_back(
                    {model.checks.back().name, "check constraint", found.columns[i].where});
            }
        }
        for (const index_option& option : found.options.indexes) {
            const char* key = option.kind == index_option::index_kind::index ? "index"
                              : option.kind == index_option::index_kind::unique_index
                                  ? "unique_index"
                                  : "unique";
            const auto columns = resolve_columns(
                found, option.columns,
                fmt::format("table option '{}' of struct '{}'", key, found.struct_name),
                found.options_where);
            if (!columns) {
                continue;
            }
            if (option.kind == index_option::index_kind::unique) {
                model.uniques.push_back(
                    {option.name.value_or(default_unique_name(model.name, *columns)), *columns});
                m_origins[&found].push_back(
                    {model.uniques.back().name, "unique constraint", found.options_where});
            } else {
                const bool unique = option.kind == index_option::index_kind::unique_index;
                model.indexes.push_back(
                    {option.name.value_or(default_index_name(model.name, *columns, unique)),
                     *columns, unique});
                m_origins[&found].push_back(
                    {model.indexes.back().name, "index", found.options_where});
            }
        }
        int unnamed = 0;
        for (const check_option& option : found.options.checks) {
            std::string name =
                option.name ? *option.name : fmt::format("ck_{}_{}", model.name, ++unnamed);
            model.checks.push_back({std::move(name), option.expression});
            m_origins[&found].push_back(
                {model.checks.back().name, "check constraint", found.options_where});
        }
    }

    /// The scanned table called @p name, or nullptr.
    found_table* find_table(const std::string& name) {
        auto it = m_first_by_name.find(name);
        return it == m_first_by_name.end() ? nullptr : &m_tables[it->second];
    }

    /// True when @p columns (in any order) are the primary key or have a unique constraint
    /// or unique index: the only targets a database accepts for a foreign key.
    static bool is_unique_key(const table& model, const std::vector<std::string>& columns) {
        const auto same = [&](std::vector<std::string> other) {
            std::vector<std::string> wanted = columns;
            std::sort(wanted.begin(), wanted.end());
            std::sort(other.begin(), other.end());
            return wanted == other;
        };
        if (same(model.primary_key())) {
            return true;
        }
        return std::any_of(model.uniques.begin(), model.uniques.end(),
                           [&](const unique_constraint& u) { return same(u.columns); }) ||
               std::any_of(model.indexes.begin(), model.indexes.end(),
                           [&](const index& i) { return i.unique && same(i.columns); });
    }

    /// One foreign key, from a column's `references` or the table's `foreign_key` list.
    struct pending_foreign_key {
        std::optional<std::string> name;
        std::vector<std::string> columns;
        std::string referenced_table;
        std::vector<std::string> referenced_columns;
        referential_action on_delete = referential_action::no_action;
        referential_action on_update = referential_action::no_action;
        /// "member 'Post::author_id'" or "foreign key of struct 'Post'".
        std::string what;
        source_location where;
    };

    void resolve_foreign_keys(found_table& found) {
        std::vector<pending_foreign_key> pending;
        for (std::size_t i = 0; i < found.columns.size(); ++i) {
            if (const auto& ref = found.columns[i].options.references) {
                pending.push_back(
                    {std::nullopt,
                     {found.model.columns[i].name},
                     ref->table,
                     {ref->column},
                     ref->on_delete,
                     ref->on_update,
                     fmt::format("member '{}::{}'", found.short_name, found.columns[i].member),
                     found.columns[i].where});
            }
        }
        for (const foreign_key_option& option : found.options.foreign_keys) {
            pending.push_back({option.name, option.columns, option.referenced_table,
                               option.referenced_columns, option.on_delete, option.on_update,
                               fmt::format("foreign key of struct '{}'", found.struct_name),
                               found.options_where});
        }
        for (auto& fk : pending) {
            if (auto resolved = resolve_foreign_key(found, fk)) {
                found.model.foreign_keys.push_back(std::move(*resolved));
                m_origins[&found].push_back(
                    {found.model.foreign_keys.back().name, "foreign key", fk.where});
            }
        }
    }

    std::optional<foreign_key> resolve_foreign_key(const found_table& found,
                                                   const pending_foreign_key& fk) {
        const auto columns = resolve_columns(found, fk.columns, fk.what, fk.where);
        const found_table* target = find_table(fk.referenced_table);
        if (target == nullptr) {
            if (!m_table_options_failed) {
                report_missing_table(fk);
            }
            return std::nullopt;
        }
        const auto referenced = resolve_columns(
            *target, fk.referenced_columns,
            fmt::format("{} (references '{}')", fk.what, target->model.name), fk.where);
        if (!columns || !referenced) {
            return std::nullopt;
        }
        if (columns->size() != referenced->size()) {
            report(fk.where,
                   fmt::format("{} has {} column{} ({}) but references {} ({})", fk.what,
                               columns->size(), columns->size() == 1 ? "" : "s", join(*columns),
                               referenced->size(), join(*referenced)),
                   {"a foreign key needs one referenced column for each of its columns"});
            return std::nullopt;
        }
        if (!is_unique_key(target->model, *referenced)) {
            const std::vector<std::string> key = target->model.primary_key();
            report(fk.where,
                   fmt::format("{} references '{}' ({}), which is neither the primary key nor "
                               "unique",
                               fk.what, target->model.name, join(*referenced)),
                   {fmt::format("a database accepts foreign keys only to a primary key ({}) or "
                                "to unique columns; add unique = ({}) to struct '{}'",
                                join(key), join(*referenced), target->struct_name)});
            return std::nullopt;
        }
        if (fk.on_delete == referential_action::set_null ||
            fk.on_update == referential_action::set_null) {
            for (const auto& name : *columns) {
                if (!found.model.find_column(name)->nullable) {
                    report(fk.where,
                           fmt::format("{} has {} = set_null, but column '{}' is NOT NULL", fk.what,
                                       fk.on_delete == referential_action::set_null ? "on_delete"
                                                                                    : "on_update",
                                       name),
                           {"make the member std::optional, or choose another action"});
                    return std::nullopt;
                }
            }
        }
        foreign_key result;
        result.name = fk.name.value_or(
            default_foreign_key_name(found.model.name, *columns, target->model.name));
        result.columns = *columns;
        result.referenced_table = target->model.name;
        result.referenced_columns = *referenced;
        result.on_delete = fk.on_delete;
        result.on_update = fk.on_update;
        return result;
    }

    void report_missing_table(const pending_foreign_key& fk) {
        std::vector<std::string> names;
        std::vector<std::string> notes;
        for (const auto& other : m_tables) {
            names.push_back(other.model.name);
            if (other.short_name == fk.referenced_table ||
                other.struct_name == fk.referenced_table) {
                notes.push_back(
                    fmt::format("struct '{}' maps to table '{}'; foreign keys name the table",
                                other.struct_name, other.model.name));
            }
        }
        std::sort(names.begin(), names.end());
        notes.push_back(fmt::format("tables in the scanned models are: {}", join(names)));
        notes.emplace_back("a table declared in another header must be scanned in the same run");
        report(fk.where,
               fmt::format("{} references missing table '{}'", fk.what, fk.referenced_table),
               std::move(notes));
    }

    /// Index and constraint names: unique within their table; index and unique-constraint
    /// names also across the database and apart from table names, as SQLite and PostgreSQL
    /// keep those in one namespace.
    void check_names() {
        struct global_name {
            const named_item* item;
            const found_table* owner;
        };
        std::map<std::string, global_name> global;
        for (const auto& found : m_tables) {
            global.emplace(found.model.name, global_name{nullptr, &found});
        }
        for (const auto& found : m_tables) {
            const auto& items = m_origins[&found];
            for (std::size_t i = 0; i < items.size(); ++i) {
                const named_item& item = items[i];
                bool duplicate = false;
                for (std::size_t j = 0; j < i && !duplicate; ++j) {
                    if (items[j].name == item.name) {
                        duplicate = true;
                        const std::string both =
                            items[j].what == item.what
                                ? fmt::format("two {}", plural(item.what))
                                : fmt::format("{} {} and {} {}", article(items[j].what),
                                              items[j].what, article(item.what), item.what);
                        report(item.where,
                               fmt::format("struct '{}' has {} named '{}'", found.struct_name, both,
                                           item.name),
                               {fmt::format("the {} is declared at {}", items[j].what,
                                            format_location(items[j].where)),
                                "give one of them an explicit name, e.g. index = (\"name\", "
                                "column)"});
                    }
                }
                if (duplicate || (item.what != "index" && item.what != "unique constraint")) {
                    continue;
                }
                const auto [it, inserted] = global.emplace(item.name, global_name{&item, &found});
                if (inserted || (it->second.owner == &found && it->second.item != nullptr)) {
                    continue;
                }
                const found_table& other = *it->second.owner;
                if (it->second.item == nullptr) {
                    report(item.where,
                           fmt::format("{} '{}' of struct '{}' has the name of table '{}'",
                                       item.what, item.name, found.struct_name, item.name),
                           {"indexes and tables share one namespace in the database; give the "
                            "index another name"});
                } else {
                    report(item.where,
                           fmt::format("{} '{}' of struct '{}' has the name of {} '{}' of struct "
                                       "'{}'",
                                       item.what, item.name, found.struct_name,
                                       it->second.item->what, item.name, other.struct_name),
                           {fmt::format("the other is declared at {}",
                                        format_location(it->second.item->where)),
                            "index and unique constraint names must be unique in the whole "
                            "database; give one of them another name"});
                }
            }
        }
    }

    /// Enumerations become SQL types named after the enum (PostgreSQL's CREATE TYPE), so one
    /// name must always mean the same values.
    void check_enums() {
        struct first_use {
            std::string member;
            std::vector<std::string> values;
        };
        std::map<std::string, first_use> seen;
        for (const auto& found : m_tables) {
            for (std::size_t i = 0; i < found.columns.size(); ++i) {
                const column_type& type = found.model.columns[i].type;
                if (type.kind != type_kind::enumeration) {
                    continue;
                }
                const std::string member = found.short_name + "::" + found.columns[i].member;
                const auto [it, inserted] =
                    seen.emplace(type.enum_name, first_use{member, type.enum_values});
                if (!inserted && it->second.values != type.enum_values) {
                    report(found.columns[i].where,
                           fmt::format("member '{}' uses enum type '{}' with values ({}), but "
                                       "member '{}' uses an enum of the same name with values "
                                       "({})",
                                       member, type.enum_name, join(type.enum_values),
                                       it->second.member, join(it->second.values)),
                           {"an enum's SQL type is named after the enum in snake_case; rename "
                            "one of the enums"});
                }
            }
        }
    }

    void report(source_location where, std::string message, std::vector<std::string> notes = {}) {
        m_problems.push_back({std::move(where), std::move(message), std::move(notes)});
    }

    std::vector<found_table> m_tables;
    /// The index in m_tables of the first table with each name, built by resolve().
    std::unordered_map<std::string, std::size_t> m_first_by_name;
    /// Every index and constraint of a table with where it came from, in declaration order.
    std::map<const found_table*, std::vector<named_item>> m_origins;
    /// Some STRATA_TABLE failed to parse, so its name may be wrong: do not report foreign
    /// keys to it as pointing at a missing table.
    bool m_table_options_failed = false;
    std::vector<diagnostic> m_problems;
    std::string m_namespace;
    file_names m_file_names;
};

/// libclang's diagnostics of severity error or fatal, with their child notes except those
/// pointing into the in-memory main file ("in file included from"), which the user never saw.
std::vector<diagnostic> compiler_errors(CXTranslationUnit unit,
                                        const std::filesystem::path& main_file) {
    std::vector<diagnostic> errors;
    const unsigned count = clang_getNumDiagnostics(unit);
    for (unsigned i = 0; i < count; ++i) {
        const clang::diagnostic_handle d(clang_getDiagnostic(unit, i));
        const CXDiagnosticSeverity severity = clang_getDiagnosticSeverity(d.get());
        if (severity != CXDiagnostic_Error && severity != CXDiagnostic_Fatal) {
            continue;
        }
        diagnostic error;
        CXFile file = nullptr;
        clang_getFileLocation(clang_getDiagnosticLocation(d.get()), &file, &error.where.line,
                              &error.where.column, nullptr);
        error.where.file = file_path(file);
        error.message = clang::to_string(clang_getDiagnosticSpelling(d.get()));

        const CXDiagnosticSet children = clang_getChildDiagnostics(d.get());
        const unsigned child_count =
            children == nullptr ? 0 : clang_getNumDiagnosticsInSet(children);
        for (unsigned j = 0; j < child_count; ++j) {
            const clang::diagnostic_handle note(clang_getDiagnosticInSet(children, j));
            CXFile note_file = nullptr;
            source_location note_where;
            clang_getFileLocation(clang_getDiagnosticLocation(note.get()), &note_file,
                                  &note_where.line, &note_where.column, nullptr);
            note_where.file = file_path(note_file);
            if (note_where.file == main_file) {
                continue;
            }
            std::string text = clang::to_string(clang_getDiagnosticSpelling(note.get()));
            error.notes.push_back(note_where.file.empty()
                                      ? text
                                      : fmt::format("{}: {}", format_location(note_where), text));
        }
        errors.push_back(std::move(error));
    }
    return errors;
}

/// Every file the translation unit opened except the in-memory main file.
std::vector<std::filesystem::path> opened_files(CXTranslationUnit unit,
                                                const std::filesystem::path& main_file) {
    struct collector {
        std::set<std::filesystem::path> files;
        std::exception_ptr error;
    } data;
    clang_getInclusions(
        unit,
        [](CXFile file, CXSourceLocation*, unsigned, CXClientData client) {
            auto* out = static_cast<collector*>(client);
            if (out->error) {
                return;
            }
            try {
                out->files.insert(file_path(file));
            } catch (...) {
                out->error = std::current_exception();
            }
        },
        &data);
    if (data.error) {
        std::rethrow_exception(data.error);
    }
    data.files.erase(main_file);
    data.files.erase(std::filesystem::path());
    return {data.files.begin(), data.files.end()};
}

bool has_std_flag(const std::vector<std::string>& args) {
    return std::any_of(args.begin(), args.end(), [](const std::string& arg) {
        return arg.starts_with("-std=") || arg.starts_with("--std=") || arg == "-std" ||
               arg == "--std";
    });
}

} // namespace

scan_result scan(const scan_options& options) {
    std::vector<diagnostic> problems;
    std::string main_source;
    for (const auto& header : options.headers) {
        const std::filesystem::path path = normal_path(header);
        std::error_code error;
        if (!std::filesystem::is_regular_file(path, error)) {
            const bool exists = std::filesystem::exists(path, error);
            problems.push_back({{path},
                                fmt::format("model header '{}' {}", header.string(),
                                            exists ? "is not a regular file" : "does not exist"),
                                {}});
            continue;
        }
        const std::string text = path.string();
        if (text.find_first_of("\"\n\r") != std::string::npos) {
            problems.push_back(
                {{path},
                 fmt::format("model header path '{}' contains a quote or line break", text),
                 {}});
            continue;
        }
        main_source += fmt::format("#include \"{}\"\n", text);
    }
    if (!problems.empty()) {
        throw diagnostic_error(std::move(problems));
    }

    std::vector<std::string> args{"-x", "c++"};
    if (!has_std_flag(options.compiler_args)) {
        args.emplace_back("-std=c++20");
    }
    args.insert(args.end(), options.compiler_args.begin(), options.compiler_args.end());
    std::vector<const char*> argv;
    argv.reserve(args.size());
    for (const auto& arg : args) {
        argv.push_back(arg.c_str());
    }

    // The main file exists only in memory; its name just has to be absolute and unlikely to
    // clash with a real file.
    const std::filesystem::path main_file =
        normal_path(std::filesystem::current_path() / "<strata-models>.cpp");
    const std::string main_name = main_file.string();
    CXUnsavedFile unsaved{main_name.c_str(), main_source.c_str(),
                          static_cast<unsigned long>(main_source.size())};

    // With a cache directory, the system headers the models include come precompiled, and
    // the walk visits only the declarations parsed in this run (excludeDeclarationsFromPCH):
    // the models, not the standard library.
    std::optional<header_cache> cache;
    std::optional<precompiled_headers> pch;
    clang::index_handle cache_index;
    if (!options.cache_dir.empty()) {
        cache.emplace(normal_path(options.cache_dir), args, options.headers);
        cache_index.reset(clang_createIndex(0, 0));
        if (cache_index) {
            pch = cache->prepare(cache_index.get());
        }
    }
    const auto parse = [&](CXIndex index, const precompiled_headers* prefix, CXErrorCode& code) {
        std::vector<const char*> parse_argv = argv;
        const std::string prefix_name = prefix != nullptr ? prefix->file.string() : std::string();
        if (prefix != nullptr) {
            parse_argv.push_back("-include-pch");
            parse_argv.push_back(prefix_name.c_str());
        }
        CXTranslationUnit raw_unit = nullptr;
        code = clang_parseTranslationUnit2(
            index, main_name.c_str(), parse_argv.data(), static_cast<int>(parse_argv.size()),
            &unsaved, 1,
            // Only declarations matter here; skipping function bodies (in the models and in
            // every standard header they include) cuts the parse to below a compiler's
            // -fsyntax-only, which must parse them.
            CXTranslationUnit_SkipFunctionBodies, &raw_unit);
        return clang::translation_unit_handle(raw_unit);
    };

    // Declared before the units: an index must outlive its translation units.
    clang::index_handle pch_index;
    clang::index_handle index;
    clang::translation_unit_handle unit;
    if (pch) {
        pch_index.reset(clang_createIndex(/*excludeDeclarationsFromPCH=*/1,
                                          /*displayDiagnostics=*/0));
        CXErrorCode code = CXError_Failure;
        if (pch_index) {
            unit = parse(pch_index.get(), &*pch, code);
        }
        // Refused (a header changed since it was precompiled, other options) or any error:
        // the result must be the one of a plain parse, so parse again without it.
        // So is a model whose current text no longer allows these precompiled headers (a
        // macro or condition added above an include): libclang does not check model files.
        if (code != CXError_Success || !unit || !compiler_errors(unit.get(), main_file).empty() ||
            !cache->still_valid(unit.get(), main_file, *pch)) {
            unit.reset();
        }
    }
    if (!unit) {
        index.reset(clang_createIndex(/*excludeDeclarationsFromPCH=*/0, /*displayDiagnostics=*/0));
        if (!index) {
            throw diagnostic_error({diagnostic{{}, "libclang could not create an index", {}}});
        }
        CXErrorCode code = CXError_Failure;
        unit = parse(index.get(), nullptr, code);
        if (code != CXError_Success || !unit) {
            throw diagnostic_error({diagnostic{
                {},
                fmt::format("libclang could not parse the model headers (error code {})",
                            static_cast<int>(code)),
                {fmt::format("compiler arguments: {}", fmt::join(args, " "))}}});
        }
        if (auto errors = compiler_errors(unit.get(), main_file); !errors.empty()) {
            throw diagnostic_error(std::move(errors));
        }
        if (pch) {
            cache->discard(*pch); // a plain parse is clean, so the precompiled file was stale
            pch.reset();
        }
    }

    model_walker walker(options.cpp_namespace);
    walker.walk(clang_getTranslationUnitCursor(unit.get()));
    walker.resolve();
    for (auto& problem : validate_names(walker.declared_names())) {
        walker.problems().push_back(std::move(problem));
    }
    if (!walker.problems().empty()) {
        throw diagnostic_error(std::move(walker.problems()));
    }

    scan_result result;
    std::tie(result.models, result.annotations) = walker.take_result();
    result.models.normalize();
    result.opened_files = opened_files(unit.get(), main_file);
    if (pch) {
        // libclang lists no file of the precompiled headers; the depfile must name them.
        std::set<std::filesystem::path> files(result.opened_files.begin(),
                                              result.opened_files.end());
        files.insert(pch->opened_files.begin(), pch->opened_files.end());
        result.opened_files.assign(files.begin(), files.end());
    }
    if (cache) {
        cache->remember(unit.get(), main_file, pch ? &*pch : nullptr);
    }
    return result;
}

} // namespace strata::generator
