#pragma once
/// @file
/// A cache of the system headers the models include (<string>, <chrono>, ...), precompiled
/// once by libclang, so that a scan parses only the models themselves. Used only when the
/// scan is given a cache directory (`strata revision --cache-dir`).

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// libclang's handles, declared as clang-c/Index.h declares them, so that this header (and
// its tests) need not see libclang's headers.
using CXIndex = void*;
using CXTranslationUnit = struct CXTranslationUnitImpl*;

namespace strata::generator {

/// What one model-side (non-system) file says about its includes, read from its text.
struct include_scan {
    /// Angle-bracket includes (`#include <string>` gives "string"), in order, up to the first
    /// unlisted condition (see #ordered).
    std::vector<std::string> system_includes;
    /// False when including them ahead of the models could change what they mean: a macro
    /// that configures system headers (a reserved name such as _GLIBCXX_DEBUG, or NDEBUG) is
    /// defined or undefined, or code, a #pragma or another macro comes before an include.
    bool safe = true;
    /// Some #define or #undef of a macro other than the include guard and STRATA_*: system
    /// headers that later files include must not be moved ahead of it.
    bool defines_macros = false;
    /// A condition other than the include guard that tests more than the compiler's own
    /// macros: it may test a system header's macros, so the system includes after it are not
    /// listed, and no later file's may be precompiled.
    bool ordered = false;
    /// How many of #system_includes come before the first `#include "..."`, if there is one:
    /// when any model file defines or tests a macro, that header may be the one.
    std::optional<std::size_t> first_quoted;
};

/// Reads the preprocessor directives of @p text (comments and line continuations handled).
[[nodiscard]] include_scan scan_includes(std::string_view text);

/// A precompiled file of system headers and what it holds.
struct precompiled_headers {
    std::filesystem::path file;
    /// The headers precompiled, as written between <>.
    std::vector<std::string> headers;
    /// Every file that went into it: libclang does not list them for a scan that uses it,
    /// and the build's depfile must still name them.
    std::vector<std::filesystem::path> opened_files;
};

/// The precompiled system headers of one set of compiler arguments, in @p directory.
///
/// The list of headers to precompile is learnt from the previous scan (remember()); the
/// next scan precompiles them once (prepare()) and includes the result ahead of the models.
/// libclang checks the precompiled file against the headers' sizes and modification times
/// and against the compiler options; whenever it is refused, or the scan finds any error
/// with it, the scanner parses again without it, so the cache can make a scan faster but
/// never changes its result.
class header_cache {
public:
    /// @p args: the full compiler arguments of the scan; with @p models (the model headers)
    /// they key the cache, so two targets sharing a directory do not replace each other's
    /// precompiled headers.
    header_cache(std::filesystem::path directory, const std::vector<std::string>& args,
                 const std::vector<std::filesystem::path>& models);

    /// The precompiled headers to try for this scan, built now when missing; std::nullopt
    /// when there is nothing to precompile yet or it cannot be built.
    [[nodiscard]] std::optional<precompiled_headers> prepare(CXIndex index) const;

    /// Forgets a precompiled file that libclang refused, so the next scan builds it again.
    void discard(const precompiled_headers& used) const;

    /// Records which system headers the model files of @p unit include, for the next scan.
    /// @p main_file: the scanner's in-memory main file. @p used: the precompiled headers
    /// the scan included, whose headers libclang no longer lists as opened.
    void remember(CXTranslationUnit unit, const std::filesystem::path& main_file,
                  const precompiled_headers* used) const;

    /// Whether the precompiled headers @p used for @p unit are those the model files ask for
    /// now: the same check remember() makes, on the files' current text, on every scan that
    /// used them (libclang checks only the precompiled headers and the compiler options, so a
    /// model that now defines _GLIBCXX_DEBUG above its includes would still load them).
    [[nodiscard]] bool still_valid(CXTranslationUnit unit, const std::filesystem::path& main_file,
                                   const precompiled_headers& used) const;

private:
    /// The system headers that the model files of @p unit allow to precompile, in order; empty
    /// when none may be; std::nullopt when libclang's list of files could not be read.
    [[nodiscard]] std::optional<std::vector<std::string>>
    learn(CXTranslationUnit unit, const std::filesystem::path& main_file,
          const precompiled_headers* used) const;
    /// After a new precompiled file @p stem: removes this key's older files, temporary files
    /// of killed builds, and the files of keys not used for a week.
    void remove_stale_files(const std::string& stem) const;
    [[nodiscard]] std::vector<std::string> read_list(const std::filesystem::path& file) const;
    void write_list(const std::filesystem::path& file, const std::vector<std::string>& items) const;

    std::filesystem::path m_directory;
    std::vector<std::string> m_args;
    /// Hex digest of the compiler arguments, the model headers, libclang's version and the
    /// working directory.
    std::string m_key;
};

} // namespace strata::generator
