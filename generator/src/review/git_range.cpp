#include "review/git_range.hpp"

#include "support/diagnostic.hpp"

#include <array>
#include <cstdio>
#include <fmt/format.h>
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

// What to do about a --base that git cannot resolve: fetch it, named as the user would
// fetch it (`origin/main` is branch main of remote origin).
std::string fetch_advice(const std::string& ref) {
    const auto slash = ref.find('/');
    if (slash != std::string::npos && slash > 0 && slash + 1 < ref.size()) {
        return fmt::format("fetch it first (`git fetch {} {}`)", ref.substr(0, slash),
                           ref.substr(slash + 1));
    }
    return fmt::format("check the name (`git branch -a` lists the refs there are), or fetch "
                       "it (`git fetch origin {}`) and pass --base origin/{}",
                       ref, ref);
}

// A shallow clone lacks the commits a merge base needs: how to fetch them.
constexpr const char* unshallow_advice =
    "this clone is shallow: fetch the full history (`git fetch --unshallow`; in GitHub "
    "Actions actions/checkout with fetch-depth: 0, in GitLab CI GIT_DEPTH: 0)";

// An explicit --base must name a commit that has a merge base with HEAD: a CI gate that
// silently reviewed the heads instead would pass a branch it never looked at.
void require_base(const std::filesystem::path& dir, const std::string& base) {
    if (!git(dir, "rev-parse --is-inside-work-tree")) {
        throw usage_error(fmt::format(
            "--base '{}': '{}' is not in a git work tree (or git is not installed), so there "
            "is no branch to compare with it; run strata in the clone, or name the revisions "
            "to review as RANGE instead of --base",
            base, dir.string()));
    }
    const auto shallow = git(dir, "rev-parse --is-shallow-repository");
    const bool is_shallow = shallow && shallow->starts_with("true");
    if (!git(dir, "rev-parse --verify --quiet " + shell_quote(base + "^{commit}"))) {
        throw usage_error(fmt::format("--base '{}' is not a commit git knows in this clone; {}{}",
                                      base, fetch_advice(base),
                                      is_shallow ? std::string("; ") + unshallow_advice : ""));
    }
    if (!git(dir, "merge-base HEAD " + shell_quote(base))) {
        throw usage_error(fmt::format(
            "HEAD and --base '{}' have no common commit in this clone, so what the branch adds "
            "is unknown; {}",
            base,
            is_shallow ? std::string(unshallow_advice)
                       : "pass the branch this one was made from (`git merge-base` must find "
                         "one)"));
    }
}

} // namespace

std::optional<branch_additions> added_on_branch(const std::filesystem::path& versions_dir,
                                                const std::string& base) {
    if (!base.empty()) {
        require_base(versions_dir, base);
    }
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
