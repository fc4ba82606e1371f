#pragma once
// A website owned by one user.

#include <strata/annotations.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace sitebuilder {

struct STRATA_TABLE(name = "sites") Site {
    STRATA_COLUMN(primary_key) std::int64_t id;
    std::int64_t owner_id;
    STRATA_COLUMN(length = 200) std::string title;
    bool published;
};

} // namespace sitebuilder
