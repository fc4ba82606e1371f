#pragma once
#include <strata/annotations.hpp>

#include <cstdint>
#include <optional>
#include <string>

struct STRATA_TABLE(name = "sites", unique = (id), existing_rows = "checked") Site {
    std::int64_t id;
    STRATA_COLUMN(primary_key, length = 20) std::string code;
    STRATA_COLUMN(references = "sites.id") std::optional<std::int64_t> parent_id;
};

struct STRATA_TABLE(name = "pages") Page {
    STRATA_COLUMN(primary_key) std::int64_t id;
    STRATA_COLUMN(references = "sites.id", on_delete = cascade) std::int64_t site_id;
};
