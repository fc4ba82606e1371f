// clang-format off
// `length` only applies to strings.
#include <strata/annotations.hpp>

#include <cstdint>
#include <optional>

struct STRATA_TABLE() Product {
    STRATA_COLUMN(primary_key) std::int64_t id;
    STRATA_COLUMN(length = 10) std::optional<std::int32_t> stock;
};
// expect-error: 10:60: column option 'length' on member 'Product::stock' of type 'std::optional<std::int32_t>': only string columns have a length
