#pragma once
#include <strata/annotations.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

struct STRATA_TABLE(name = "labels", renamed_from = "tags", existing_rows = "checked") Label {
    // Nullable now; a downgrade puts it back into the key, giving rows without one 0.
    STRATA_COLUMN(backfill = "0") std::optional<std::int64_t> id;
    STRATA_COLUMN(primary_key, length = 40, backfill = "'tag-' || id") std::string slug;
    STRATA_COLUMN(primary_key, backfill = "7") std::int64_t site_id;
};
