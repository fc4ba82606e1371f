#pragma once
#include <strata/annotations.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

struct STRATA_TABLE(name = "products") Product {
    STRATA_COLUMN(primary_key) std::int64_t id;
    double price;
    std::int32_t stock;
};
