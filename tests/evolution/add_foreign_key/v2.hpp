#pragma once
#include <strata/annotations.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

struct STRATA_TABLE(name = "sites") Site {
    STRATA_COLUMN(primary_key) std::int64_t id;
    STRATA_COLUMN(primary_key, length = 8) std::string lang;
};

struct STRATA_TABLE(name = "pages", existing_rows = "checked",
                    foreign_key = ((site_id, lang), "sites", (id, lang),
                                   on_delete = cascade)) Page {
    STRATA_COLUMN(primary_key) std::int64_t id;
    std::int64_t site_id;
    STRATA_COLUMN(length = 8) std::string lang;
};
