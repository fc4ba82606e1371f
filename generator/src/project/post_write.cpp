#include "project/post_write.hpp"

#include "support/file_io.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <ostream>
#include <random>
#include <spawn.h>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace strata::generator {
namespace {

std::vector<std::string> split_words(const std::string& text) {
    std::vector<std::string> words;
    std::istringstream in(text);
    for (std::string word; in >> word;) {
        words.push_back(word);
    }
    return words;
}

// A temporary file removed however the scope is left.
class temp_file {
public:
    explicit temp_file(const std::string& suffix) {
        std::random_device random;
        m_path = std::filesystem::temp_directory_path() /
                 fmt::format("strata-post-write-{}-{:08x}{}", ::getpid(), random(), suffix);
    }
    temp_file(const temp_file&) = delete;
    temp_file& operator=(const temp_file&) = delete;
    ~temp_file() {
        std::error_code ignored;
        std::filesystem::remove(m_path, ignored);
    }
    [[nodiscard]] const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

struct process_result {
    /// errno of a failed spawn (ENOENT: no such command); 0 when it ran.
    int spawn_error = 0;
    int exit_status = 0;
};

// Runs @p argv with stdin from @p input and stdout to @p output; stderr goes to
// @p errors. No shell is involved, so paths need no quoting.
process_result run_process(const std::vector<std::string>& argv, const std::filesystem::path& input,
                           const std::filesystem::path& output,
                           const std::filesystem::path& errors) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, input.c_str(), O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, output.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, errors.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    std::vector<char*> args;
    args.reserve(argv.size() + 1);
    for (const auto& arg : argv) {
        args.push_back(const_cast<char*>(arg.c_str()));
    }
    args.push_back(nullptr);
    pid_t pid = 0;
    process_result result;
    result.spawn_error = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (result.spawn_error != 0) {
        return result;
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            result.exit_status = -1;
            return result;
        }
    }
    result.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return result;
}

std::string first_line(const std::string& text) {
    const auto end = text.find('\n');
    return text.substr(0, end);
}

} // namespace

std::string run_post_write_hook(const std::string& command, bool explicit_setting,
                                const std::string& text, const std::filesystem::path& target,
                                std::ostream& log) {
    auto argv = split_words(command);
    if (argv.empty() || argv.front() == "none") {
        return text;
    }
    const auto absolute_target = std::filesystem::absolute(target);
    argv.insert(argv.begin() + 1, {"--style=file", "--fallback-style=none",
                                   "--assume-filename=" + absolute_target.string()});
    const auto warn = [&](const std::string& why) {
        log << fmt::format("strata: warning: post_write hook '{}' {}; {} is written unformatted "
                           "(set `post_write = none` under [hooks] in strata.ini to silence "
                           "this)\n",
                           command, why, target.filename().string());
    };

    const temp_file input(".cpp");
    const temp_file output(".out");
    const temp_file errors(".err");
    try {
        file_transaction staged;
        staged.stage(input.path(), text);
        staged.commit();
    } catch (const std::exception& e) {
        warn(fmt::format("could not run: {}", e.what()));
        return text;
    }
    const auto result = run_process(argv, input.path(), output.path(), errors.path());
    if (result.spawn_error != 0) {
        // The default is "clang-format when available": its absence is no problem.
        if (explicit_setting || result.spawn_error != ENOENT) {
            warn(fmt::format("could not be started: {}", std::strerror(result.spawn_error)));
        }
        return text;
    }
    if (result.exit_status != 0) {
        const auto message = read_text_file(errors.path()).value_or("");
        warn(fmt::format("failed with exit status {}{}", result.exit_status,
                         message.empty() ? "" : ": " + first_line(message)));
        return text;
    }
    auto formatted = read_text_file(output.path());
    if (!formatted || (formatted->empty() && !text.empty())) {
        warn("printed nothing");
        return text;
    }
    return *formatted;
}

} // namespace strata::generator
