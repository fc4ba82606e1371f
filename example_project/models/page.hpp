#pragma once
// A page of a site. Added in the second revision.

#include <strata/annotations.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace sitebuilder {

struct STRATA_TABLE(name = "pages") Page {
    STRATA_COLUMN(primary_key) std::int64_t id;
    std::int64_t site_id;
    STRATA_COLUMN(length = 200) std::string slug;
    std::string body;
    std::int32_t position;
    /// Derived when rendering; never stored.
    STRATA_EXCLUDE std::string rendered_html;
};

} // namespace sitebuilder
