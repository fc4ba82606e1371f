#include "review/dialects.hpp"

#include "support/diagnostic.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

// generator/CMakeLists.txt defines these for each backend library it links.
#ifdef STRATA_REVIEW_postgresql
#include "strata/postgresql/dialect.hpp"
#endif
#ifdef STRATA_REVIEW_sqlite
#include "strata/sqlite/dialect.hpp"
#endif

namespace strata::generator::review {

std::vector<std::string> available_dialects() {
    std::vector<std::string> names;
#ifdef STRATA_REVIEW_postgresql
    names.emplace_back("postgresql");
#endif
#ifdef STRATA_REVIEW_sqlite
    names.emplace_back("sqlite");
#endif
    return names;
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
    throw diagnostic_error({diagnostic{
        {},
        fmt::format("unknown dialect '{}'", name),
        {fmt::format("this strata can review: {}", fmt::join(available_dialects(), ", "))}}});
}

} // namespace strata::generator::review
