#include "support/file_io.hpp"

#include "strata/error.hpp"

#include <algorithm>
#include <cerrno>
#include <fmt/format.h>
#include <fstream>
#include <sstream>
#include <system_error>
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
        errno = 0;
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out << content;
        out.flush();
        if (!out) {
            // The reason (a name too long, no space, no permission) is what the user needs.
            const int reason = errno;
            std::error_code ignored;
            std::filesystem::remove(temp, ignored);
            throw error(fmt::format("cannot write '{}'{}", target.string(),
                                    reason != 0 ? ": " + std::generic_category().message(reason)
                                                : std::string()));
        }
    }
    m_staged.emplace_back(std::move(temp), target);
}

void file_transaction::stage_removal(const std::filesystem::path& target) {
    m_removals.push_back(target);
}

namespace {
// A file as it was before a commit replaced or removed it: its bytes, or none when it did
// not exist, so that a failed commit can put it back.
struct previous_file {
    std::filesystem::path target;
    std::optional<std::string> content;
};

// Puts every file of @p done back as it was, newest first; best effort, since this runs
// while another error is on its way to the user.
void restore(const std::vector<previous_file>& done) {
    for (auto it = done.rbegin(); it != done.rend(); ++it) {
        std::error_code ignored;
        if (!it->content) {
            std::filesystem::remove(it->target, ignored);
            continue;
        }
        auto temp = it->target;
        temp += fmt::format(".restore{}", ::getpid());
        std::ofstream(temp, std::ios::binary | std::ios::trunc) << *it->content;
        std::filesystem::rename(temp, it->target, ignored);
        std::filesystem::remove(temp, ignored);
    }
}
} // namespace

void file_transaction::commit() {
    // A rename or removal can fail half way (an immutable file, a directory in the way);
    // what was already replaced is then put back, so the set stays all or nothing.
    std::vector<previous_file> done;
    const auto fail = [&](std::string message) {
        restore(done);
        std::error_code ignored;
        for (const auto& staged : m_staged) {
            std::filesystem::remove(staged.first, ignored); // the temporaries not renamed
        }
        m_staged.clear();
        m_removals.clear();
        throw error(std::move(message));
    };
    for (const auto& [temp, target] : m_staged) {
        previous_file before{target, read_text_file(target)};
        std::error_code ec;
        std::filesystem::rename(temp, target, ec);
        if (ec) {
            fail(fmt::format("cannot write '{}': {}", target.string(), ec.message()));
        }
        done.push_back(std::move(before));
    }
    for (const auto& target : m_removals) {
        previous_file before{target, read_text_file(target)};
        std::error_code ec;
        std::filesystem::remove(target, ec);
        if (ec) {
            fail(fmt::format("cannot remove '{}': {}", target.string(), ec.message()));
        }
        done.push_back(std::move(before));
    }
    m_staged.clear();
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
