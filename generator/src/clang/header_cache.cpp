#include "clang/header_cache.hpp"

#include "support/file_io.hpp"
#include "clang/clang_handles.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <exception>
#include <functional>
#include <set>
#include <unistd.h>
#include <unordered_set>

namespace strata::generator {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

std::uint64_t fnv1a_64(std::string_view text, std::uint64_t hash = 0xcbf29ce484222325ULL) {
    for (const unsigned char ch : text) {
        hash ^= ch;
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

std::string digest(const std::vector<std::string>& parts) {
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (const auto& part : parts) {
        // The length first, so that {"ab", "c"} and {"a", "bc"} differ.
        hash = fnv1a_64(std::to_string(part.size()) + ':' + part, hash);
    }
    return fmt::format("{:016x}", hash);
}

/// The text with comments replaced by a space (inside string and character literals they
/// stay), line continuations joined, split into lines.
std::vector<std::string> logical_lines(std::string_view text) {
    std::string joined;
    joined.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\\') {
            std::size_t next = i + 1;
            if (next < text.size() && text[next] == '\r') {
                ++next;
            }
            if (next < text.size() && text[next] == '\n') {
                i = next;
                continue;
            }
        }
        if (text[i] != '\r') {
            joined += text[i];
        }
    }
    std::vector<std::string> lines(1);
    char quote = 0;
    for (std::size_t i = 0; i < joined.size(); ++i) {
        const char ch = joined[i];
        const char next = i + 1 < joined.size() ? joined[i + 1] : '\0';
        if (quote != 0) {
            lines.back() += ch;
            if (ch == '\\' && next != '\n' && next != '\0') {
                lines.back() += next;
                ++i;
            } else if (ch == quote || ch == '\n') {
                quote = 0;
                if (ch == '\n') {
                    lines.back().pop_back();
                    lines.emplace_back();
                }
            }
        } else if (ch == '/' && next == '/') {
            while (i < joined.size() && joined[i] != '\n') {
                ++i;
            }
            lines.emplace_back();
        } else if (ch == '/' && next == '*') {
            const std::size_t end = joined.find("*/", i + 2);
            const std::size_t stop = end == std::string::npos ? joined.size() : end + 2;
            // A comment spanning lines still ends the directive it started on.
            const bool newline =
                std::find(joined.begin() + static_cast<std::ptrdiff_t>(i),
                          joined.begin() + static_cast<std::ptrdiff_t>(stop),
                          '\n') != joined.begin() + static_cast<std::ptrdiff_t>(stop);
            lines.back() += ' ';
            if (newline) {
                lines.emplace_back();
            }
            i = stop - 1;
        } else if (ch == '\n') {
            lines.emplace_back();
        } else {
            if (ch == '"' || ch == '\'') {
                quote = ch;
            }
            lines.back() += ch;
        }
    }
    return lines;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())) != 0) {
        text.remove_prefix(1);
    }
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())) != 0) {
        text.remove_suffix(1);
    }
    return text;
}

/// The identifier at the start of @p text.
std::string_view identifier(std::string_view text) {
    std::size_t end = 0;
    while (end < text.size() &&
           (std::isalnum(static_cast<unsigned char>(text[end])) != 0 || text[end] == '_')) {
        ++end;
    }
    return text.substr(0, end);
}

/// Macros that standard and system headers read to configure themselves.
bool configures_system_headers(std::string_view name) {
    return name.starts_with('_') || name == "NDEBUG" || name == "NOMINMAX" ||
           name == "WIN32_LEAN_AND_MEAN" || name == "UNICODE" || name == "STRICT";
}

/// Whether the condition @p expression tests only what no header can change: the compiler's
/// own macros (`defined(__clang__)`, as annotations.hpp tests) and strata's.
bool condition_is_fixed(std::string_view expression) {
    static constexpr std::string_view predefined[] = {
        "defined",  "__clang__", "__clang_major__", "__clang_minor__", "__cplusplus", "__GNUC__",
        "_MSC_VER", "__linux__", "_WIN32",          "_WIN64",          "__APPLE__",   "__unix__"};
    while (!expression.empty()) {
        const unsigned char ch = static_cast<unsigned char>(expression.front());
        if (std::isdigit(ch) != 0) {
            while (!expression.empty() &&
                   std::isalnum(static_cast<unsigned char>(expression.front())) != 0) {
                expression.remove_prefix(1); // a number, suffixes included
            }
            continue;
        }
        const std::string_view name = identifier(expression);
        if (name.empty()) {
            expression.remove_prefix(1);
            continue;
        }
        if (!name.starts_with("STRATA_") &&
            std::find(std::begin(predefined), std::end(predefined), name) == std::end(predefined)) {
            return false;
        }
        expression.remove_prefix(name.size());
    }
    return true;
}

} // namespace

include_scan scan_includes(std::string_view text) {
    include_scan result;
    bool blocked = false; // code, a pragma or a macro seen: later includes cannot move
    bool started = false; // a line other than `#pragma once` seen: an #ifndef is no guard
    std::string guard;    // the macro of a leading #ifndef, which the next line must define
    bool guard_pending = false;
    for (const auto& raw : logical_lines(text)) {
        std::string_view line = trim(raw);
        if (line.empty()) {
            continue;
        }
        if (guard_pending) {
            // `#ifndef X` then `#define X` is the include guard; any other #ifndef is a
            // condition, which may test a macro that a precompiled header would define.
            guard_pending = false;
            std::string_view next = line.front() == '#' ? trim(line.substr(1)) : "";
            const std::string_view next_directive = identifier(next);
            if (next_directive != "define" ||
                identifier(trim(next.substr(next_directive.size()))) != guard) {
                guard.clear();
                result.ordered = true;
            }
        }
        if (line.front() != '#') {
            blocked = true;
            started = true;
            guard.clear();
            continue;
        }
        line = trim(line.substr(1));
        const std::string_view directive = identifier(line);
        const std::string_view rest = trim(line.substr(directive.size()));
        if (!(directive == "pragma" && rest == "once")) {
            started = started || directive != "ifndef";
        }
        if (directive == "include") {
            if (rest.starts_with('<')) {
                const std::size_t end = rest.find('>');
                if (end == std::string_view::npos || blocked) {
                    result.safe = false;
                } else if (!result.ordered) {
                    result.system_includes.emplace_back(trim(rest.substr(1, end - 1)));
                }
            } else if (rest.starts_with('"')) {
                if (!result.first_quoted) {
                    result.first_quoted = result.system_includes.size();
                }
            } else {
                result.safe = false; // a computed include: cannot tell what it names
            }
        } else if (directive == "define" || directive == "undef") {
            const std::string_view name = identifier(rest);
            if (configures_system_headers(name)) {
                result.safe = false;
            } else if (directive == "define" && !guard.empty() && name == guard) {
                guard.clear();
            } else if (!name.starts_with("STRATA_")) {
                result.defines_macros = true;
                blocked = true;
            }
        } else if (directive == "ifndef") {
            if (!started) {
                started = true;
                guard = std::string(identifier(rest));
                guard_pending = true;
            } else if (!condition_is_fixed(rest)) {
                result.ordered = true;
            }
        } else if (directive == "if" || directive == "ifdef" || directive == "elif") {
            // A condition ahead of a system include could see that header's macros when it
            // comes precompiled, and not in a plain scan.
            if (!condition_is_fixed(rest)) {
                result.ordered = true;
            }
        } else if (directive == "pragma") {
            if (rest != "once") {
                blocked = true;
            }
        } else if (directive == "import" || directive == "include_next") {
            result.safe = false;
        } else if (directive != "else" && directive != "endif" && directive != "error" &&
                   directive != "warning" && directive != "line" && !directive.empty()) {
            blocked = true;
        }
    }
    if (guard_pending) {
        result.ordered = true; // a lone #ifndef at the end: a condition
    }
    return result;
}

header_cache::header_cache(std::filesystem::path directory, const std::vector<std::string>& args,
                           const std::vector<std::filesystem::path>& models)
    : m_directory(std::move(directory)), m_args(args) {
    std::vector<std::string> parts = args;
    for (const auto& model : models) {
        parts.push_back(model.string());
    }
    parts.push_back(clang::to_string(clang_getClangVersion()));
    std::error_code error;
    parts.push_back(std::filesystem::current_path(error).string()); // relative -I paths
    m_key = digest(parts);
}

std::vector<std::string> header_cache::read_list(const std::filesystem::path& file) const {
    std::vector<std::string> items;
    const auto text = read_text_file(file);
    if (!text) {
        return items;
    }
    std::size_t start = 0;
    while (start < text->size()) {
        std::size_t end = text->find('\n', start);
        if (end == std::string::npos) {
            end = text->size();
        }
        if (end > start) {
            items.push_back(text->substr(start, end - start));
        }
        start = end + 1;
    }
    return items;
}

void header_cache::write_list(const std::filesystem::path& file,
                              const std::vector<std::string>& items) const {
    std::string text;
    for (const auto& item : items) {
        text += item + '\n';
    }
    std::filesystem::create_directories(m_directory);
    write_if_changed(file, text);
}

namespace {

/// Every file @p unit opened except its main file, spelled as the scanner spells them;
/// std::nullopt when one of them is not a system header.
std::optional<std::vector<std::string>> system_files_of(CXTranslationUnit unit,
                                                        const std::filesystem::path& main) {
    const std::string main_name = main.string();
    std::set<std::string> files;
    bool only_system = true;
    for (const CXFile file : clang::inclusions_of(unit)) {
        auto name = normal_path(clang::to_string(clang_getFileName(file))).string();
        if (name != main_name &&
            clang_Location_isInSystemHeader(clang_getLocationForOffset(unit, file, 0)) == 0) {
            only_system = false;
        }
        files.insert(std::move(name));
    }
    if (!only_system) {
        return std::nullopt;
    }
    files.erase(main_name);
    return std::vector<std::string>(files.begin(), files.end());
}

} // namespace

std::optional<precompiled_headers> header_cache::prepare(CXIndex index) const {
    precompiled_headers result;
    result.headers = read_list(m_directory / (m_key + ".headers"));
    if (result.headers.empty()) {
        return std::nullopt;
    }
    const std::string stem = m_key + "-" + digest(result.headers);
    result.file = m_directory / (stem + ".pch");
    const auto files_list = m_directory / (stem + ".files");
    std::error_code error;
    if (std::filesystem::exists(result.file, error)) {
        // An empty file marks headers that did not precompile; a changed list tries again.
        if (std::filesystem::file_size(result.file, error) == 0 || error) {
            return std::nullopt;
        }
        for (auto& file : read_list(files_list)) {
            result.opened_files.emplace_back(std::move(file));
        }
        if (result.opened_files.empty()) {
            return std::nullopt;
        }
        // Marks the key as in use, so that another key's new file does not delete it.
        std::filesystem::last_write_time(m_directory / (m_key + ".headers"),
                                         std::filesystem::file_time_type::clock::now(), error);
        return result;
    }

    // The prefix is a real file: the precompiled file records it and libclang checks it.
    std::string prefix = "// Written by strata: the system headers its models include.\n";
    for (const auto& header : result.headers) {
        prefix += fmt::format("#include <{}>\n", header);
    }
    const auto prefix_file = m_directory / (stem + ".hpp");
    const auto temp = m_directory / fmt::format("{}.pch.tmp{}", stem, ::getpid());
    try {
        std::filesystem::create_directories(m_directory);
        write_if_changed(prefix_file, prefix);

        std::vector<std::string> args = m_args;
        // -x c++ comes first (scan() puts it there); a prefix is a header.
        if (args.size() >= 2 && args[0] == "-x") {
            args[1] = "c++-header";
        }
        std::vector<const char*> argv;
        for (const auto& arg : args) {
            argv.push_back(arg.c_str());
        }
        const std::string prefix_name = prefix_file.string();
        CXTranslationUnit raw_unit = nullptr;
        const CXErrorCode code = clang_parseTranslationUnit2(
            index, prefix_name.c_str(), argv.data(), static_cast<int>(argv.size()), nullptr, 0,
            CXTranslationUnit_ForSerialization | CXTranslationUnit_SkipFunctionBodies, &raw_unit);
        const clang::translation_unit_handle unit(raw_unit);
        bool ok = code == CXError_Success && unit;
        for (unsigned i = 0; ok && i < clang_getNumDiagnostics(unit.get()); ++i) {
            const clang::diagnostic_handle d(clang_getDiagnostic(unit.get(), i));
            const auto severity = clang_getDiagnosticSeverity(d.get());
            ok = severity != CXDiagnostic_Error && severity != CXDiagnostic_Fatal;
        }
        // Only system headers: a header of the user's that a name like <config.h> reached
        // would have its declarations (maybe tables) hidden from the walk.
        const auto files =
            ok ? system_files_of(unit.get(), normal_path(prefix_file)) : std::nullopt;
        ok = ok && files.has_value();
        if (ok) {
            ok =
                clang_saveTranslationUnit(unit.get(), temp.string().c_str(),
                                          clang_defaultSaveOptions(unit.get())) == CXSaveError_None;
        }
        if (!ok) {
            std::filesystem::remove(temp, error);
            write_if_changed(result.file, "");
            return std::nullopt;
        }
        write_list(files_list, *files);
        for (const auto& file : *files) {
            result.opened_files.emplace_back(file);
        }
        // The list of files first: a precompiled file is used only with its list.
        std::filesystem::rename(temp, result.file);
    } catch (const std::exception&) {
        std::filesystem::remove(temp, error);
        return std::nullopt; // a cache that cannot be written is no cache
    }
    remove_stale_files(stem);
    return result;
}

void header_cache::remove_stale_files(const std::string& stem) const {
    // Without this the directory grows with every change of -D or -I (a new key) and every
    // killed build (a temporary file). Keys used within a week stay: targets may share it.
    const auto now = std::filesystem::file_time_type::clock::now();
    std::error_code error;
    std::vector<std::filesystem::path> stale;
    for (const auto& entry : std::filesystem::directory_iterator(m_directory, error)) {
        const std::string name = entry.path().filename().string();
        std::error_code ignored;
        const auto written = entry.last_write_time(ignored);
        if (ignored) {
            continue;
        }
        if (name.starts_with(m_key + "-")) {
            // Earlier header lists for the same arguments are dead weight; a temporary file
            // of this list may belong to a build running now.
            if (!name.starts_with(stem) ||
                (name.find(".pch.tmp") != std::string::npos && now - written > minutes(10))) {
                stale.push_back(entry.path());
            }
        } else if (name.find(".pch.tmp") != std::string::npos) {
            if (now - written > minutes(10)) {
                stale.push_back(entry.path());
            }
        } else if (name.ends_with(".headers") && name != m_key + ".headers" &&
                   now - written > hours(24 * 7)) {
            // Another key not scanned with for a week: its list and files.
            const std::string key =
                name.substr(0, name.size() - std::string_view(".headers").size());
            for (const auto& other : std::filesystem::directory_iterator(m_directory, ignored)) {
                const std::string other_name = other.path().filename().string();
                if (other_name == name || other_name.starts_with(key + "-")) {
                    stale.push_back(other.path());
                }
            }
        }
    }
    for (const auto& file : stale) {
        std::error_code ignored;
        std::filesystem::remove(file, ignored);
    }
}

void header_cache::discard(const precompiled_headers& used) const {
    std::error_code ignored;
    std::filesystem::remove(used.file, ignored);
}

std::optional<std::vector<std::string>> header_cache::learn(CXTranslationUnit unit,
                                                            const std::filesystem::path& main_file,
                                                            const precompiled_headers* used) const {
    std::vector<std::filesystem::path> model_files; // in the order libclang entered them
    std::unordered_set<std::string> seen;
    std::vector<std::string> system_files;
    try {
        for (const CXFile file : clang::inclusions_of(unit)) {
            // As libclang spells it: the scanner gave the model files absolute paths, and a
            // system header is matched by the end of its name only.
            std::string name = clang::to_string(clang_getFileName(file));
            if (!seen.insert(name).second) {
                continue;
            }
            std::filesystem::path path(std::move(name));
            if (clang_Location_isInSystemHeader(clang_getLocationForOffset(unit, file, 0)) != 0) {
                system_files.push_back(path.generic_string());
            } else {
                model_files.push_back(std::move(path));
            }
        }
    } catch (const std::exception&) {
        return std::nullopt; // the cache only learns from a clean look
    }

    std::vector<include_scan> scans;
    for (const auto& file : model_files) {
        if (file == main_file || file.parent_path() == m_directory) {
            continue; // the in-memory main file; the cache's own prefix header
        }
        const auto text = read_text_file(file);
        if (!text) {
            return std::vector<std::string>();
        }
        scans.push_back(scan_includes(*text));
        if (!scans.back().safe) {
            return std::vector<std::string>();
        }
    }
    // When some model file defines or tests a macro, a header of the user's may be the one,
    // so including one is an ordering point too (files are read one after the other here,
    // not in the order a plain scan meets their lines).
    const bool macros = std::any_of(scans.begin(), scans.end(), [](const include_scan& found) {
        return found.defines_macros || found.ordered;
    });

    // Files in the order they were entered, so a system include is listed only when nothing
    // that could change it (a macro, a condition, a header of the user's) came before it in
    // a plain scan: after the first ordering point, nothing more is listed.
    std::vector<std::string> headers;
    bool macros_before = false;
    bool stop = false;
    for (const auto& found : scans) {
        if (macros_before && !found.system_includes.empty()) {
            return std::vector<std::string>();
        }
        macros_before = macros_before || found.defines_macros;
        const std::size_t limit = macros ? found.first_quoted.value_or(found.system_includes.size())
                                         : found.system_includes.size();
        for (std::size_t i = 0; i < limit && !stop; ++i) {
            const std::string& name = found.system_includes[i];
            // Only names that are system headers in this scan: a user header found through
            // <...> is parsed with the models (an ordering point, as a quoted include is).
            // libclang lists no file of the precompiled headers, whose names were system
            // headers when they were recorded.
            const bool system =
                std::any_of(system_files.begin(), system_files.end(),
                            [&](const std::string& path) { return path.ends_with("/" + name); }) ||
                (used != nullptr && std::find(used->headers.begin(), used->headers.end(), name) !=
                                        used->headers.end());
            if (!system) {
                stop = macros;
            } else if (std::find(headers.begin(), headers.end(), name) == headers.end()) {
                headers.push_back(name);
            }
        }
        stop =
            stop || limit < found.system_includes.size() || found.ordered || found.defines_macros;
    }
    return headers;
}

bool header_cache::still_valid(CXTranslationUnit unit, const std::filesystem::path& main_file,
                               const precompiled_headers& used) const {
    const auto headers = learn(unit, main_file, &used);
    return headers && *headers == used.headers;
}

void header_cache::remember(CXTranslationUnit unit, const std::filesystem::path& main_file,
                            const precompiled_headers* used) const {
    const auto headers = learn(unit, main_file, used);
    if (!headers) {
        return;
    }
    const auto list = m_directory / (m_key + ".headers");
    if (*headers == read_list(list)) {
        return;
    }
    try {
        write_list(list, *headers);
    } catch (const std::exception&) {
        // A cache that cannot be written is no cache; the scan itself succeeded.
    }
}

} // namespace strata::generator
