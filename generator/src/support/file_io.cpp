#include "support/file_io.hpp"

#include "strata/error.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace strata::generator {

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

std::optional<std::string> read_text_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) {
        return std::nullopt;
    }
    return std::move(buffer).str();
}

file_transaction::~file_transaction() {
    std::error_code ignored;
    for (const auto& [temp, target] : m_staged) {
        std::filesystem::remove(temp, ignored);
    }
}

void file_transaction::stage(const std::filesystem::path& target, const std::string& content) {
    auto temp = target;
    temp += fmt::format(".tmp{}", ::getpid());
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out << content;
        out.flush();
        if (!out) {
            std::error_code ignored;
            std::filesystem::remove(temp, ignored);
            throw error(fmt::format("cannot write '{}'", target.string()));
        }
    }
    m_staged.emplace_back(std::move(temp), target);
}

void file_transaction::stage_removal(const std::filesystem::path& target) {
    m_removals.push_back(target);
}

void file_transaction::commit() {
    for (const auto& [temp, target] : m_staged) {
        std::error_code ec;
        std::filesystem::rename(temp, target, ec);
        if (ec) {
            throw error(fmt::format("cannot write '{}': {}", target.string(), ec.message()));
        }
    }
    m_staged.clear();
    for (const auto& target : m_removals) {
        std::error_code ec;
        std::filesystem::remove(target, ec);
        if (ec) {
            throw error(fmt::format("cannot remove '{}': {}", target.string(), ec.message()));
        }
    }
    m_removals.clear();
}

bool write_if_changed(const std::filesystem::path& target, const std::string& content) {
    if (auto existing = read_text_file(target); existing && *existing == content) {
        return false;
    }
    file_transaction files;
    files.stage(target, content);
    files.commit();
    return true;
}

} // namespace strata::generator
