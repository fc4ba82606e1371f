#include "settings.hpp"

#include "strata/error.hpp"

#include <fmt/format.h>
#include <fstream>

namespace strata::cli {
namespace {
std::string trim(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r");
    if (first == std::string::npos) {
        return {};
    }
    return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}
} // namespace

ini_settings read_ini(const std::string& path) {
    std::ifstream in(path);
    if (!in) {
        throw error(fmt::format("cannot read strata.ini '{}'; pass --url or set "
                                "STRATA_DATABASE_URL instead",
                                path));
    }
    ini_settings result;
    std::string section;
    for (std::string line; std::getline(in, line);) {
        line = trim(line);
        if (line.empty() || line.front() == '#' || line.front() == ';') {
            continue;
        }
        if (line.front() == '[' && line.back() == ']') {
            section = trim(line.substr(1, line.size() - 2));
            continue;
        }
        const auto equals = line.find('=');
        if (equals == std::string::npos || section != "strata") {
            continue; // the generator validates the file; this reader only looks things up
        }
        const auto key = trim(line.substr(0, equals));
        const auto value = trim(line.substr(equals + 1));
        if (key == "database_url") {
            result.database_url = value;
        } else if (key == "version_table") {
            result.version_table = value;
        } else if (key == "lock_timeout") {
            result.lock_timeout = value;
        } else if (key == "ddl_lock_timeout") {
            result.ddl_lock_timeout = value;
        }
    }
    return result;
}

} // namespace strata::cli
