#pragma once
/// @file
/// File helpers that never leave a half-written file behind.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace strata::generator {

/// Absolute, normalised form of a file name. A `..` is resolved on the file system, since
/// lexically dropping `dir/..` is wrong when dir is a symlink (clang spells libstdc++ paths as
/// `/usr/lib/llvm-14/bin/../lib/gcc/...`); other paths keep the spelling the user gave.
[[nodiscard]] std::filesystem::path normal_path(const std::filesystem::path& path);

/// The whole file, or std::nullopt when it cannot be opened.
[[nodiscard]] std::optional<std::string> read_text_file(const std::filesystem::path& file);

/// A set of files written all together or not at all: each is first written to a temporary
/// file beside its target, and only when every one succeeded are they renamed into place.
class file_transaction {
public:
    file_transaction() = default;
    file_transaction(const file_transaction&) = delete;
    file_transaction& operator=(const file_transaction&) = delete;
    /// Removes any temporary files not yet committed.
    ~file_transaction();

    /// Stages @p content for @p target. Throws strata::error if it cannot be written.
    void stage(const std::filesystem::path& target, const std::string& content);
    /// Schedules @p target for removal at commit.
    void stage_removal(const std::filesystem::path& target);
    /// Renames every staged file into place, then removes the files staged for removal.
    void commit();

private:
    std::vector<std::pair<std::filesystem::path, std::filesystem::path>> m_staged; // temp, target
    std::vector<std::filesystem::path> m_removals;
};

/// Writes @p content to @p target unless it already holds exactly that, so build tools see
/// an unchanged timestamp. Returns true when the file was (re)written.
bool write_if_changed(const std::filesystem::path& target, const std::string& content);

} // namespace strata::generator
