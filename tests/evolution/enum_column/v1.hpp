#pragma once
#include <strata/annotations.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

enum class SiteStatus { draft, live };

struct STRATA_TABLE(name = "sites") Site {
    STRATA_COLUMN(primary_key) std::int64_t id;
    std::string title;
};
