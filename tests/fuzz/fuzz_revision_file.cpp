// libFuzzer target: the registration block the generator reads from each file in
// versions/ (`.id = "..."`, `.down_revisions = {...}`, labels, message, date), and the
// graph built from it. A bad file ends in diagnostic_error or strata::revision_error.

#include "project/migrations_dir.hpp"
#include "strata/error.hpp"
#include "support/diagnostic.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace {
const std::filesystem::path& work_dir() {
    static const std::filesystem::path dir = [] {
        auto path = std::filesystem::temp_directory_path() /
                    ("strata_fuzz_revision_" + std::to_string(::getpid()));
        std::filesystem::create_directories(path / "versions");
        std::ofstream(path / "strata.ini") << "[strata]\ndatabase_url = sqlite:///fuzz.db\n";
        return path;
    }();
    return dir;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    {
        std::ofstream out(work_dir() / "versions" / "20260101_0000_fuzz.cpp",
                          std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    try {
        const strata::generator::migrations_dir dir(work_dir());
        (void)strata::generator::make_graph(dir.revisions());
    } catch (const strata::generator::diagnostic_error&) {
    } catch (const strata::revision_error&) {
    }
    return 0;
}
