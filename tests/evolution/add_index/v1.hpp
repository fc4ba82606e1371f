#pragma once
#include <strata/annotations.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

struct STRATA_TABLE(name = "pages") Page {
    STRATA_COLUMN(primary_key) std::int64_t id;
    std::int64_t site_id;
    std::string slug;
    std::int32_t position;
};
