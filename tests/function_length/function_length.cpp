// strata_function_length: fails when a function or method defined in the given source trees
// is longer than a limit (docs/architecture.md: functions of at most ~120 lines).
//
// Usage: strata_function_length <max-lines> <exceptions-file> <source-root>
//            <dir-or-file>... -- <compiler arguments>
//
// Each .cpp file under the listed directories is parsed with libclang; every function,
// method, constructor, destructor and function template defined in a file under the
// listed directories (the .cpp itself or a header it includes) is measured from the line
// of its name to the line of its closing brace, lambdas counted in their enclosing
// function. The exceptions file names functions allowed to be longer for now, one
// `<path relative to source-root> <qualified name>` per line (`#` starts a comment).
// Every function over the limit is printed; the exit status is 1 when one is not an
// exception.

#include "clang/clang_handles.hpp"
#include "clang/cursor.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
namespace sc = strata::generator::clang;

struct measured {
    std::string file; // relative to the source root
    unsigned line = 0;
    unsigned lines = 0;
    std::string name;
};

bool is_function(CXCursorKind kind) {
    return kind == CXCursor_FunctionDecl || kind == CXCursor_CXXMethod ||
           kind == CXCursor_Constructor || kind == CXCursor_Destructor ||
           kind == CXCursor_ConversionFunction || kind == CXCursor_FunctionTemplate;
}

bool contains_declarations(CXCursorKind kind) {
    return kind == CXCursor_Namespace || kind == CXCursor_StructDecl ||
           kind == CXCursor_ClassDecl || kind == CXCursor_ClassTemplate ||
           kind == CXCursor_LinkageSpec || kind == CXCursor_UnexposedDecl;
}

class measurer {
public:
    measurer(fs::path root, std::vector<fs::path> trees)
        : m_root(std::move(root)), m_trees(std::move(trees)) {}

    /// Measures the functions of one translation unit.
    void visit_unit(CXTranslationUnit unit) {
        // A CXFile is valid in its own translation unit only; another may reuse the address.
        m_names = sc::file_names();
        visit(clang_getTranslationUnitCursor(unit));
    }

    void visit(CXCursor parent) {
        for (const CXCursor cursor : sc::children_of(parent)) {
            const CXCursorKind kind = clang_getCursorKind(cursor);
            if (is_function(kind) && clang_isCursorDefinition(cursor) != 0) {
                measure(cursor);
            } else if (contains_declarations(kind)) {
                visit(cursor);
            }
        }
    }

    const std::map<std::pair<std::string, unsigned>, measured>& results() const {
        return m_results;
    }

private:
    void measure(CXCursor cursor) {
        const CXSourceRange extent = clang_getCursorExtent(cursor);
        CXFile file = nullptr;
        unsigned first = 0;
        unsigned last = 0;
        clang_getSpellingLocation(clang_getCursorLocation(cursor), &file, &first, nullptr, nullptr);
        CXFile end_file = nullptr;
        clang_getSpellingLocation(clang_getRangeEnd(extent), &end_file, &last, nullptr, nullptr);
        const fs::path path = m_names(file);
        if (path.empty() || !under_trees(path) || last < first) {
            return;
        }
        const std::string relative = path.lexically_relative(m_root).generic_string();
        m_results[{relative, first}] = {relative, first, last - first + 1,
                                        sc::qualified_name(cursor)};
    }

    bool under_trees(const fs::path& path) const {
        const std::string text = path.generic_string();
        return std::any_of(m_trees.begin(), m_trees.end(), [&](const fs::path& tree) {
            const std::string prefix = tree.generic_string();
            return text == prefix || text.starts_with(prefix + "/");
        });
    }

    fs::path m_root;
    std::vector<fs::path> m_trees;
    sc::file_names m_names;
    std::map<std::pair<std::string, unsigned>, measured> m_results;
};

std::set<std::string> read_exceptions(const fs::path& file) {
    std::set<std::string> allowed;
    std::ifstream in(file);
    if (!in) {
        throw std::runtime_error("cannot open exceptions file '" + file.string() + "'");
    }
    std::string line;
    while (std::getline(in, line)) {
        line = line.substr(0, line.find('#'));
        std::istringstream words(line);
        std::string path;
        std::string name;
        if (words >> path >> name) {
            allowed.insert(path + " " + name);
        }
    }
    return allowed;
}

std::vector<fs::path> sources_under(const fs::path& tree) {
    std::vector<fs::path> files;
    if (fs::is_regular_file(tree)) {
        return {tree};
    }
    for (const auto& entry : fs::recursive_directory_iterator(tree)) {
        if (entry.is_regular_file() && entry.path().extension() == ".cpp") {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

int run(int argc, char** argv) {
    if (argc < 5) {
        std::cerr << "usage: strata_function_length <max-lines> <exceptions-file> <source-root> "
                     "<dir-or-file>... -- <compiler arguments>\n";
        return 2;
    }
    const unsigned limit = static_cast<unsigned>(std::stoul(argv[1]));
    const std::set<std::string> allowed = read_exceptions(argv[2]);
    const fs::path root = fs::weakly_canonical(argv[3]);
    std::vector<fs::path> trees;
    std::vector<const char*> args{"-x", "c++", "-std=c++20"};
    bool compiler_args = false;
    for (int i = 4; i < argc; ++i) {
        if (std::string(argv[i]) == "--") {
            compiler_args = true;
        } else if (compiler_args) {
            args.push_back(argv[i]);
        } else {
            trees.push_back(fs::weakly_canonical(argv[i]));
        }
    }

    measurer m(root, trees);
    const sc::index_handle index(clang_createIndex(0, 0));
    std::size_t parsed = 0;
    std::size_t parse_errors = 0;
    for (const auto& tree : trees) {
        for (const auto& file : sources_under(tree)) {
            CXTranslationUnit raw = nullptr;
            const CXErrorCode code = clang_parseTranslationUnit2(
                index.get(), file.c_str(), args.data(), static_cast<int>(args.size()), nullptr, 0,
                CXTranslationUnit_KeepGoing, &raw);
            const sc::translation_unit_handle unit(raw);
            if (code != CXError_Success || !unit) {
                std::cerr << file.string() << ": libclang could not parse it\n";
                return 2;
            }
            // An error can hide functions (a missing header stops a declaration), so the
            // include paths must be right: every error is shown and fails the check.
            for (unsigned i = 0; i < clang_getNumDiagnostics(unit.get()); ++i) {
                const sc::diagnostic_handle d(clang_getDiagnostic(unit.get(), i));
                if (clang_getDiagnosticSeverity(d.get()) >= CXDiagnostic_Error) {
                    std::cerr << sc::to_string(clang_formatDiagnostic(
                                     d.get(), clang_defaultDiagnosticDisplayOptions()))
                              << "\n";
                    ++parse_errors;
                }
            }
            m.visit_unit(unit.get());
            ++parsed;
        }
    }

    std::vector<measured> longest;
    for (const auto& [key, result] : m.results()) {
        if (result.lines > limit) {
            longest.push_back(result);
        }
    }
    std::sort(longest.begin(), longest.end(),
              [](const measured& a, const measured& b) { return a.lines > b.lines; });
    int failures = 0;
    for (const auto& f : longest) {
        const bool excepted = allowed.contains(f.file + " " + f.name);
        std::cout << f.file << ":" << f.line << ": " << f.name << " is " << f.lines
                  << " lines (limit " << limit << ")" << (excepted ? " [listed exception]" : "")
                  << "\n";
        failures += excepted ? 0 : 1;
    }
    std::cout << parsed << " files parsed, " << m.results().size() << " functions measured, "
              << longest.size() << " over " << limit << " lines, " << failures
              << " not listed as exceptions\n";
    if (failures != 0) {
        std::cout << "split the functions above (docs/architecture.md: small functions), or, for "
                     "one being split elsewhere, list it in "
                  << argv[2] << " with the reason\n";
    }
    if (parse_errors != 0) {
        std::cout << parse_errors
                  << " compiler errors: fix the include paths in "
                     "tests/function_length/CMakeLists.txt\n";
        return 1;
    }
    return failures == 0 ? 0 : 1;
}

} // namespace

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const std::exception& error) {
        std::cerr << "strata_function_length: " << error.what() << "\n";
        return 2;
    }
}
