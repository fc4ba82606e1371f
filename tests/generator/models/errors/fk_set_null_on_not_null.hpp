// clang-format off
// on_delete = set_null cannot work on a NOT NULL column.
#include <strata/annotations.hpp>

#include <cstdint>
#include <optional>

struct STRATA_TABLE(name = "users") User {
    STRATA_COLUMN(primary_key) std::int64_t id;
};

struct STRATA_TABLE() Pet {
    STRATA_COLUMN(primary_key) std::int64_t id;
    STRATA_COLUMN(references = "users.id", on_delete = set_null) std::int64_t owner_id;
    STRATA_COLUMN(references = "users.id", on_delete = set_null) std::optional<std::int64_t> vet_id;
};
// expect-error: 14:79: member 'Pet::owner_id' has on_delete = set_null, but column 'owner_id' is NOT NULL
// expect-note: make the member std::optional, or choose another action
