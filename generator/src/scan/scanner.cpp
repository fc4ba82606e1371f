#include "scan/scanner.hpp"

#include "scan/found_models.hpp"
#include "scan/model_checks.hpp"
#include "scan/resolve.hpp"
#include "scan/validate_names.hpp"
#include "scan/walk.hpp"
#include "support/file_io.hpp"
#include "clang/clang_handles.hpp"
#include "clang/cursor.hpp"
#include "clang/header_cache.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <optional>
#include <set>
#include <tuple>
#include <utility>

namespace strata::generator {
namespace {

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
        error.where.file = clang::file_path(file);
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
            note_where.file = clang::file_path(note_file);
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
    std::set<std::filesystem::path> files;
    for (const CXFile file : clang::inclusions_of(unit)) {
        files.insert(clang::file_path(file));
    }
    files.erase(main_file);
    files.erase(std::filesystem::path());
    return {files.begin(), files.end()};
}

/// The checks and resolutions that need every table, in the order their problems are
/// reported: duplicate and renamed table names, the column lists of indexes and
/// constraints, foreign-key targets, index and enum type names.
void resolve_and_check(found_models& found) {
    found.index_by_name(); // table names are final from here on
    check_duplicate_tables(found);
    check_table_renames(found);
    for (auto& table_found : found.tables) {
        resolve_indexes_and_checks(table_found, found);
    }
    // Second pass: a foreign key may point at a unique constraint declared on any table.
    for (auto& table_found : found.tables) {
        resolve_foreign_keys(table_found, found);
    }
    check_constraint_names(found);
    check_enums(found);
}

bool has_std_flag(const std::vector<std::string>& args) {
    return std::any_of(args.begin(), args.end(), [](const std::string& arg) {
        return arg.starts_with("-std=") || arg.starts_with("--std=") || arg == "-std" ||
               arg == "--std";
    });
}

/// The in-memory main file: one #include per model header. Throws diagnostic_error
/// naming every header that is missing or cannot be written in an #include.
std::string models_source(const std::vector<std::filesystem::path>& headers) {
    std::vector<diagnostic> problems;
    std::string main_source;
    for (const auto& header : headers) {
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
    return main_source;
}

/// What to do when libclang refuses a compiler argument.
constexpr std::string_view compiler_argument_advice =
    "check the arguments given with --compiler-arg or --compiler-args-file (in a build: the "
    "target's compile options and definitions, which add_migrations() passes on)";

/// The compiler arguments of the parse: C++, C++20 unless the user chose a standard.
std::vector<std::string> compiler_arguments(const std::vector<std::string>& user_args) {
    std::vector<std::string> args{"-x", "c++"};
    if (!has_std_flag(user_args)) {
        args.emplace_back("-std=c++20");
    }
    args.insert(args.end(), user_args.begin(), user_args.end());
    return args;
}

// A parse libclang refused outright. It says no more than a code; what it refuses is the
// command line (a C standard for C++ code, say), never the models, whose errors it reports.
diagnostic_error refused_arguments(CXErrorCode code, const std::vector<std::string>& args) {
    return diagnostic_error({diagnostic{
        {},
        fmt::format("libclang could not parse the model headers (error code {}): it refused a "
                    "compiler argument",
                    static_cast<int>(code)),
        {fmt::format("compiler arguments: {}", fmt::join(args, " ")),
         std::string(compiler_argument_advice)}}});
}

// The parse's errors; one at no place in a file is the driver's complaint about an argument.
diagnostic_error parse_errors(std::vector<diagnostic> errors,
                              const std::vector<std::string>& args) {
    for (auto& error : errors) {
        if (error.where.file.empty()) {
            error.message = "libclang: " + error.message;
            error.notes.push_back(fmt::format("compiler arguments: {}", fmt::join(args, " ")));
            error.notes.emplace_back(compiler_argument_advice);
        }
    }
    return diagnostic_error(std::move(errors));
}

} // namespace

scan_result scan(const scan_options& options) {
    const identifier_limits limits = identifier_limits_for(options.dialects); // fails fast
    const std::string main_source = models_source(options.headers);
    const std::vector<std::string> args = compiler_arguments(options.compiler_args);
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
            throw refused_arguments(code, args);
        }
        if (auto errors = compiler_errors(unit.get(), main_file); !errors.empty()) {
            throw parse_errors(std::move(errors), args);
        }
        if (pch) {
            cache->discard(*pch); // a plain parse is clean, so the precompiled file was stale
            pch.reset();
        }
    }

    found_models found;
    walk_models(clang_getTranslationUnitCursor(unit.get()), options.cpp_namespace, found);
    resolve_and_check(found);
    for (auto& problem : validate_names(found.declared_names(), limits)) {
        found.problems.push_back(std::move(problem));
    }
    if (!found.problems.empty()) {
        throw diagnostic_error(std::move(found.problems));
    }

    scan_result result;
    std::tie(result.models, result.annotations) = found.take_result();
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
