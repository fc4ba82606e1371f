#pragma once
#include <strata/annotations.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

struct STRATA_TABLE(name = "products", existing_rows = "checked",
                    check = ("ck_products_stock", "stock >= 0")) Product {
    STRATA_COLUMN(primary_key) std::int64_t id;
    STRATA_COLUMN(check = "price >= 0", existing_rows = "checked") double price;
    std::int32_t stock;
};
