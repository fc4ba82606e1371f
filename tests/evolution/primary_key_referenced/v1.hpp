#pragma once
#include <strata/annotations.hpp>

#include <cstdint>
#include <optional>
#include <string>

// A table other tables (and itself) reference moves its primary key from id to code; id
// stays unique, so the foreign keys to it stay as they are. The databases must drop and
// re-add those keys around the key change (PostgreSQL refuses to drop a key that a
// foreign key depends on).
struct STRATA_TABLE(name = "sites") Site {
    STRATA_COLUMN(primary_key) std::int64_t id;
    STRATA_COLUMN(length = 20) std::string code;
    STRATA_COLUMN(references = "sites.id") std::optional<std::int64_t> parent_id;
};

struct STRATA_TABLE(name = "pages") Page {
    STRATA_COLUMN(primary_key) std::int64_t id;
    STRATA_COLUMN(references = "sites.id", on_delete = cascade) std::int64_t site_id;
};
