#pragma once
/// @file
/// A temporary directory removed at the end of the test.

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <random>
#include <sstream>
#include <string>

namespace strata::testing {

/// A fresh directory under the system temp dir, named after the running test.
class temp_dir {
public:
    temp_dir() {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        std::string name = "strata-test";
        if (info) {
            name += std::string("-") + info->test_suite_name() + "-" + info->name();
        }
        for (auto& ch : name) {
            if (ch == '/') {
                ch = '_';
            }
        }
        name += "-" + std::to_string(std::random_device{}());
        m_path = std::filesystem::temp_directory_path() / name;
        std::filesystem::remove_all(m_path);
        std::filesystem::create_directories(m_path);
    }
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;
    ~temp_dir() {
        std::error_code ignored;
        std::filesystem::remove_all(m_path, ignored);
    }
    /// The directory.
    [[nodiscard]] const std::filesystem::path& path() const { return m_path; }
    /// `sqlite:////<dir>/<file>`, an absolute SQLite URL inside the directory.
    [[nodiscard]] std::string sqlite_url(const std::string& file = "test.db") const {
        return "sqlite:///" + (m_path / file).string();
    }
    /// path() / @p child.
    [[nodiscard]] std::filesystem::path operator/(const std::string& child) const {
        return m_path / child;
    }

private:
    std::filesystem::path m_path;
};

/// Writes @p content to @p file, creating parent directories.
inline void write_file(const std::filesystem::path& file, const std::string& content) {
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << content;
}

/// The content of @p file ("" when missing).
inline std::string read_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace strata::testing
