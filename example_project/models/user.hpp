#pragma once
// A person who builds sites.

#include <strata/annotations.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace sitebuilder {

struct STRATA_TABLE(name = "users") User {
    STRATA_COLUMN(primary_key) std::int64_t id;
    STRATA_COLUMN(length = 120) std::string email;
    std::string display_name;
    /// Filled in by the second revision; nullable because older rows have none.
    std::optional<std::string> bio;
};

} // namespace sitebuilder
