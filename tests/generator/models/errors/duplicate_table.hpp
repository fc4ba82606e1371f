// clang-format off
// Two structs in different namespaces that map to the same table.
#include <strata/annotations.hpp>

#include <cstdint>

namespace shop {
struct STRATA_TABLE() Order {
    STRATA_COLUMN(primary_key) std::int64_t id;
};
} // namespace shop

namespace legacy {
struct STRATA_TABLE(name = "order") OldOrder {
    STRATA_COLUMN(primary_key) std::int64_t id;
};
} // namespace legacy
// expect-error: 14:37: structs 'shop::Order' and 'legacy::OldOrder' both map to table 'order'
// expect-note: 'shop::Order' is declared at
