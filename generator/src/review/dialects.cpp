#include "review/dialects.hpp"

#include "support/diagnostic.hpp"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>
#include <fmt/ranges.h>

// generator/CMakeLists.txt defines these for each backend library it links.
#ifdef STRATA_REVIEW_postgresql
#include "strata/postgresql/dialect.hpp"
#endif
#ifdef STRATA_REVIEW_sqlite
#include "strata/sqlite/dialect.hpp"
#endif
#ifdef STRATA_REVIEW_mysql
#include "strata/mysql/dialect.hpp"
#endif

namespace strata::generator::review {
namespace {

// Every dialect strata knows, built here or not: a name among these that this build
// lacks is "not built", not "unknown".
const std::vector<std::string> known_dialects{"mysql", "postgresql", "sqlite"};

} // namespace

std::vector<std::string> available_dialects() {
    std::vector<std::string> names;
#ifdef STRATA_REVIEW_postgresql
    names.emplace_back("postgresql");
#endif
#ifdef STRATA_REVIEW_sqlite
    names.emplace_back("sqlite");
#endif
#ifdef STRATA_REVIEW_mysql
    names.emplace_back("mysql");
#endif
    return names;
}

std::string unavailable_dialect(const std::string& name) {
    const auto available =
        fmt::format("this strata can review: {}", fmt::join(available_dialects(), ", "));
    if (std::find(known_dialects.begin(), known_dialects.end(), name) != known_dialects.end()) {
        std::string option = name;
        std::transform(option.begin(), option.end(), option.begin(),
                       [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
        return fmt::format("dialect '{}' was not built into this strata ({}); build strata "
                           "with its backend (-DSTRATA_WITH_{}=ON) to review it",
                           name, available, option);
    }
    return fmt::format("unknown dialect '{}'; {}", name, available);
}

std::unique_ptr<strata::dialect> make_dialect(const std::string& name) {
#ifdef STRATA_REVIEW_postgresql
    if (name == "postgresql") {
        return std::make_unique<strata::postgresql::dialect>();
    }
#endif
#ifdef STRATA_REVIEW_sqlite
    if (name == "sqlite") {
        return std::make_unique<strata::sqlite::dialect>();
    }
#endif
#ifdef STRATA_REVIEW_mysql
    if (name == "mysql") {
        return std::make_unique<strata::mysql::dialect>();
    }
#endif
    throw usage_error(unavailable_dialect(name));
}

} // namespace strata::generator::review
