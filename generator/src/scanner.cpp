#include "scanner.hpp"

#include "annotation.hpp"
#include "clang_handles.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <exception>
#include <optional>
#include <set>
#include <string_view>
#include <utility>

namespace strata::generator {
namespace {

constexpr std::string_view supported_types_note =
    "supported types are std::int32_t, std::int64_t, double, bool, std::string, and "
    "std::optional of any of them";

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

/// Absolute, normalised form of a file name. A `..` is resolved on the file system, since
/// lexically dropping `dir/..` is wrong when dir is a symlink (clang spells libstdc++ paths as
/// `/usr/lib/llvm-14/bin/../lib/gcc/...`); other paths keep the spelling the user gave.
std::filesystem::path normal_path(const std::filesystem::path& path) {
    std::filesystem::path result = std::filesystem::absolute(path);
    if (std::find(result.begin(), result.end(), "..") != result.end()) {
        std::error_code error;
        if (auto resolved = std::filesystem::weakly_canonical(result, error); !error) {
            return resolved;
        }
    }
    return result.lexically_normal();
}

std::filesystem::path file_path(CXFile file) {
    if (file == nullptr) {
        return {};
    }
    return normal_path(clang::to_string(clang_getFileName(file)));
}

/// Where @p cursor is, at the macro use when it comes from a macro expansion (so a member
/// declared through STRATA_COLUMN points at the user's line, not at annotations.hpp).
source_location location_of(CXCursor cursor) {
    CXFile file = nullptr;
    unsigned line = 0;
    unsigned column = 0;
    clang_getExpansionLocation(clang_getCursorLocation(cursor), &file, &line, &column, nullptr);
    return {file_path(file), line, column};
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

/// True when @p type is a specialisation of the class template std::<name>, also when the
/// standard library puts it in an inline namespace (libstdc++'s std::__cxx11, libc++'s std::__1).
bool is_std_template(CXType type, std::string_view name) {
    const CXCursor decl = clang_getTypeDeclaration(clang_getCanonicalType(type));
    if (clang_Cursor_isNull(decl) || spelling(decl) != name) {
        return false;
    }
    CXCursor parent = clang_getCursorSemanticParent(decl);
    while (clang_getCursorKind(parent) == CXCursor_Namespace &&
           clang_Cursor_isInlineNamespace(parent) != 0) {
        parent = clang_getCursorSemanticParent(parent);
    }
    if (clang_getCursorKind(parent) != CXCursor_Namespace || spelling(parent) != "std") {
        return false;
    }
    // Some standard headers open namespace std inside extern "C++" { ... }.
    CXCursor outer = clang_getCursorSemanticParent(parent);
    while (clang_getCursorKind(outer) == CXCursor_LinkageSpec) {
        outer = clang_getCursorSemanticParent(outer);
    }
    return clang_getCursorKind(outer) == CXCursor_TranslationUnit;
}

CXType template_argument(CXType type, unsigned index) {
    return clang_getCanonicalType(clang_Type_getTemplateArgumentAsType(type, index));
}

/// std::basic_string<char, std::char_traits<char>, std::allocator<char>>, i.e. std::string
/// (and no string with a custom allocator, which would not round-trip).
bool is_std_string(CXType type) {
    if (!is_std_template(type, "basic_string") || clang_Type_getNumTemplateArguments(type) != 3) {
        return false;
    }
    const CXTypeKind element = template_argument(type, 0).kind;
    return (element == CXType_Char_S || element == CXType_Char_U) &&
           is_std_template(template_argument(type, 1), "char_traits") &&
           is_std_template(template_argument(type, 2), "allocator");
}

/// The column kind of a non-optional type; matches on the canonical type so typedefs and
/// aliases (std::int64_t is `long` on LP64) resolve to what they name.
std::optional<type_kind> scalar_kind(CXType type) {
    type = clang_getCanonicalType(type);
    if (clang_isConstQualifiedType(type) != 0 || clang_isVolatileQualifiedType(type) != 0) {
        return std::nullopt;
    }
    switch (type.kind) {
    case CXType_Bool:
        return type_kind::boolean;
    case CXType_Double:
        return type_kind::float64;
    case CXType_Int:
    case CXType_Long:
    case CXType_LongLong:
        // By size rather than by name: `long` is 64 bits on Linux but 32 on Windows.
        switch (clang_Type_getSizeOf(type)) {
        case 4:
            return type_kind::int32;
        case 8:
            return type_kind::int64;
        default:
            return std::nullopt;
        }
    case CXType_Record:
        if (is_std_string(type)) {
            return type_kind::string;
        }
        return std::nullopt;
    default:
        return std::nullopt;
    }
}

struct member_type {
    type_kind kind = type_kind::int64;
    bool nullable = false;
};

std::optional<member_type> classify(CXType type) {
    type = clang_getCanonicalType(type);
    if (clang_isConstQualifiedType(type) == 0 && is_std_template(type, "optional") &&
        clang_Type_getNumTemplateArguments(type) == 1) {
        if (auto kind = scalar_kind(template_argument(type, 0))) {
            return member_type{*kind, true};
        }
        return std::nullopt;
    }
    if (auto kind = scalar_kind(type)) {
        return member_type{*kind, false};
    }
    return std::nullopt;
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

/// A table found in the sources, with what the duplicate check needs to name it.
struct found_table {
    table model;
    std::string struct_name;
    source_location where;
};

/// A column found in a struct, with what the duplicate check needs to name it.
struct found_column {
    std::string member;
    source_location where;
};

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

    /// Reports struct pairs that map to the same table name.
    void check_duplicate_tables() {
        for (std::size_t i = 0; i < m_tables.size(); ++i) {
            for (std::size_t j = 0; j < i; ++j) {
                if (m_tables[i].model.name != m_tables[j].model.name) {
                    continue;
                }
                report(m_tables[i].where,
                       fmt::format("structs '{}' and '{}' both map to table '{}'",
                                   m_tables[j].struct_name, m_tables[i].struct_name,
                                   m_tables[i].model.name),
                       {fmt::format("'{}' is declared at {}", m_tables[j].struct_name,
                                    format_location(m_tables[j].where)),
                        "give one of them another name with STRATA_TABLE(name = \"...\")"});
                break;
            }
        }
    }

    std::vector<diagnostic>& problems() { return m_problems; }

    schema take_schema() {
        schema result;
        for (auto& found : m_tables) {
            result.tables.push_back(std::move(found.model));
        }
        return result;
    }

private:
    struct annotations {
        std::vector<std::pair<annotation, CXCursor>> items;
    };

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
        for (auto& item : annotations_of(record).items) {
            if (item.first.kind == annotation_kind::table) {
                if (table_annotation) {
                    report(location_of(item.second),
                           fmt::format("struct '{}' has more than one STRATA_TABLE",
                                       spelling(record)));
                    continue;
                }
                table_annotation = std::move(item);
            } else {
                report(location_of(item.second),
                       fmt::format("{} on struct '{}': it belongs on a data member",
                                   item.first.kind == annotation_kind::column ? "STRATA_COLUMN"
                                                                              : "STRATA_EXCLUDE",
                                   spelling(record)));
            }
        }
        if (table_annotation && in_selected_namespace(record)) {
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

        table_options options;
        try {
            options = parse_table_options(table_annotation.options);
        } catch (const annotation_error& error) {
            // Keep going with the default name so the members are still checked.
            report(location_of(attribute), error.what(), error.notes());
        }

        found_table found{
            {options.name.value_or(snake_case(struct_name)), {}}, qualified_name(record), where};
        std::vector<found_column> columns;
        bool has_primary_key = false;
        for (const CXCursor child : children_of(record)) {
            const CXCursorKind kind = clang_getCursorKind(child);
            if (kind == CXCursor_FieldDecl) {
                scan_member(struct_name, child, found.model, columns, has_primary_key);
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

    void scan_member(const std::string& struct_name, CXCursor member, table& model,
                     std::vector<found_column>& columns, bool& has_primary_key) {
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
        const column_options column_opts = options.value_or(column_options{});
        if (column_opts.primary_key) {
            has_primary_key = true;
        }
        if (member_name.empty()) {
            report(where,
                   fmt::format("anonymous member of struct '{}' cannot be a column", struct_name),
                   {"name the member or mark it STRATA_EXCLUDE"});
            return;
        }

        const CXType type = clang_getCursorType(member);
        const auto classified = classify(type);
        if (!classified) {
            report(where,
                   fmt::format("member '{}' has unsupported type '{}'", qualified,
                               clang::to_string(clang_getTypeSpelling(type))),
                   {std::string(supported_types_note),
                    "mark members that are not columns with STRATA_EXCLUDE"});
            return;
        }
        if (!options_valid) {
            return;
        }
        column result;
        result.name = column_opts.name.value_or(member_name);
        result.type.kind = classified->kind;
        result.nullable = classified->nullable;
        result.primary_key = column_opts.primary_key;
        if (column_opts.length) {
            if (classified->kind != type_kind::string) {
                report(where,
                       fmt::format("column option 'length' on member '{}' of type '{}': only "
                                   "string columns have a length",
                                   qualified, clang::to_string(clang_getTypeSpelling(type))));
                return;
            }
            result.type.length = column_opts.length;
        }
        if (result.primary_key && result.nullable) {
            report(where,
                   fmt::format("primary key member '{}' cannot be std::optional", qualified));
            return;
        }
        for (std::size_t i = 0; i < model.columns.size(); ++i) {
            if (model.columns[i].name == result.name) {
                report(where,
                       fmt::format("members '{}::{}' and '{}' both map to column '{}'", struct_name,
                                   columns[i].member, qualified, result.name),
                       {fmt::format("'{}::{}' is declared at {}", struct_name, columns[i].member,
                                    format_location(columns[i].where)),
                        "rename one of them with STRATA_COLUMN(name = \"...\")"});
                return;
            }
        }
        model.columns.push_back(std::move(result));
        columns.push_back({member_name, where});
    }

    void report(source_location where, std::string message, std::vector<std::string> notes = {}) {
        m_problems.push_back({std::move(where), std::move(message), std::move(notes)});
    }

    std::vector<found_table> m_tables;
    std::vector<diagnostic> m_problems;
    std::string m_namespace;
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

    const clang::index_handle index(clang_createIndex(/*excludeDeclarationsFromPCH=*/0,
                                                      /*displayDiagnostics=*/0));
    if (!index) {
        throw diagnostic_error({diagnostic{{}, "libclang could not create an index", {}}});
    }
    CXTranslationUnit raw_unit = nullptr;
    const CXErrorCode code = clang_parseTranslationUnit2(
        index.get(), main_name.c_str(), argv.data(), static_cast<int>(argv.size()), &unsaved, 1,
        CXTranslationUnit_None, &raw_unit);
    const clang::translation_unit_handle unit(raw_unit);
    if (code != CXError_Success || !unit) {
        throw diagnostic_error(
            {diagnostic{{},
                        fmt::format("libclang could not parse the model headers (error code {})",
                                    static_cast<int>(code)),
                        {fmt::format("compiler arguments: {}", fmt::join(args, " "))}}});
    }

    if (auto errors = compiler_errors(unit.get(), main_file); !errors.empty()) {
        throw diagnostic_error(std::move(errors));
    }

    model_walker walker(options.cpp_namespace);
    walker.walk(clang_getTranslationUnitCursor(unit.get()));
    walker.check_duplicate_tables();
    if (!walker.problems().empty()) {
        throw diagnostic_error(std::move(walker.problems()));
    }

    scan_result result;
    result.models = walker.take_schema();
    result.models.normalize();
    result.opened_files = opened_files(unit.get(), main_file);
    return result;
}

} // namespace strata::generator
