#include "review/git_range.hpp"

#include <array>
#include <cstdio>
#include <memory>
#include <sstream>

namespace strata::generator::review {
namespace {

// @p text in single quotes for /bin/sh.
std::string shell_quote(const std::string& text) {
    std::string out = "'";
    for (char c : text) {
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return out + "'";
}

// Runs `git -C dir args` and returns its standard output, std::nullopt when it fails.
// git's own messages are dropped: a directory outside git simply has no branch to compare.
std::optional<std::string> git(const std::filesystem::path& dir, const std::string& args) {
    const std::string command = "git -C " + shell_quote(dir.string()) + " " + args + " 2>/dev/null";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"), ::pclose);
    if (!pipe) {
        return std::nullopt;
    }
    std::string output;
    std::array<char, 4096> buffer{};
    while (const auto n = std::fread(buffer.data(), 1, buffer.size(), pipe.get())) {
        output.append(buffer.data(), n);
    }
    if (::pclose(pipe.release()) != 0) {
        return std::nullopt;
    }
    return output;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty()) {
            lines.push_back(line);
        }
    }
    return lines;
}

} // namespace

std::optional<branch_additions> added_on_branch(const std::filesystem::path& versions_dir,
                                                const std::string& base) {
    const std::vector<std::string> candidates =
        base.empty() ? std::vector<std::string>{"origin/HEAD", "origin/main", "main",
                                                "origin/master", "master"}
                     : std::vector<std::string>{base};
    branch_additions found;
    for (const auto& ref : candidates) {
        if (auto mb = git(versions_dir, "merge-base HEAD " + shell_quote(ref))) {
            found.base = ref;
            found.merge_base = lines_of(*mb).empty() ? "" : lines_of(*mb).front().substr(0, 12);
            break;
        }
    }
    if (found.merge_base.empty()) {
        return std::nullopt;
    }
    const auto added = git(versions_dir, "diff --name-only --relative --diff-filter=A " +
                                             found.merge_base + " -- .");
    const auto untracked = git(versions_dir, "ls-files --others --exclude-standard -- .");
    if (!added || !untracked) {
        return std::nullopt;
    }
    for (const auto& text : {*added, *untracked}) {
        for (const auto& name : lines_of(text)) {
            if (name.ends_with(".cpp") && name.find('/') == std::string::npos) {
                found.files.push_back(name);
            }
        }
    }
    return found;
}

} // namespace strata::generator::review
