// libFuzzer target: strata.ini, through the one reader directly and as the generator
// uses it. A bad file ends in strata::error or diagnostic_error.

#include "project/migrations_dir.hpp"
#include "strata/error.hpp"
#include "strata/settings.hpp"
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
                    ("strata_fuzz_ini_" + std::to_string(::getpid()));
        std::filesystem::create_directories(path / "versions");
        return path;
    }();
    return dir;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto ini = work_dir() / "strata.ini";
    {
        std::ofstream out(ini, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    try {
        (void)strata::read_ini(ini);
    } catch (const strata::error&) {
    }
    try {
        const strata::generator::migrations_dir dir(work_dir());
        (void)dir.config();
    } catch (const strata::generator::diagnostic_error&) {
    }
    return 0;
}
