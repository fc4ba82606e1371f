#pragma once
/// @file
/// A fresh directory under the system temp dir, removed with its contents at scope exit.

#include <filesystem>
#include <random>
#include <string>

namespace strata::testing {

/// A unique temporary directory that deletes itself.
class temp_dir {
public:
    temp_dir() {
        std::random_device seed;
        std::mt19937_64 rng(seed());
        m_path = std::filesystem::temp_directory_path() /
                 ("strata-runtime-test-" + std::to_string(rng()));
        std::filesystem::create_directories(m_path);
    }
    ~temp_dir() {
        std::error_code ignored;
        std::filesystem::remove_all(m_path, ignored);
    }
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;

    /// The directory itself.
    [[nodiscard]] const std::filesystem::path& path() const { return m_path; }
    /// `sqlite:////<dir>/<file>`, an absolute SQLite URL inside the directory.
    [[nodiscard]] std::string sqlite_url(const std::string& file = "test.db") const {
        return "sqlite:///" + (m_path / file).string();
    }

private:
    std::filesystem::path m_path;
};

} // namespace strata::testing
