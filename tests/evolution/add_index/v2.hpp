#pragma once
#include <strata/annotations.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

struct STRATA_TABLE(name = "pages", existing_rows = "checked", index = (site_id, position),
                    unique_index = ("ux_pages_slug", site_id, slug)) Page {
    STRATA_COLUMN(primary_key) std::int64_t id;
    STRATA_COLUMN(index) std::int64_t site_id;
    std::string slug;
    std::int32_t position;
};
