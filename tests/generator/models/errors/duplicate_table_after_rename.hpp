// clang-format off
// A table renamed from a name that another table still has, two tables renamed from the same
// name, and a rename from the table's own name.
#include <strata/annotations.hpp>

#include <cstdint>

struct STRATA_TABLE(name = "users") User {
    STRATA_COLUMN(primary_key) std::int64_t id;
};

struct STRATA_TABLE(name = "accounts", renamed_from = "users") Account {
    STRATA_COLUMN(primary_key) std::int64_t id;
};

struct STRATA_TABLE(renamed_from = "people") Member {
    STRATA_COLUMN(primary_key) std::int64_t id;
};

struct STRATA_TABLE(renamed_from = "people") Person {
    STRATA_COLUMN(primary_key) std::int64_t id;
};

struct STRATA_TABLE(renamed_from = "tag") Tag {
    STRATA_COLUMN(primary_key) std::int64_t id;
};
// expect-error: 12:8: struct 'Account' is renamed_from 'users', but struct 'User' still maps to table 'users'
// expect-note: a renamed table's old name must be gone; rename or remove the other struct
// expect-error: 20:8: structs 'Member' and 'Person' are both renamed_from 'people'
// expect-note: only one table can take over an old table
// expect-error: 24:8: struct 'Tag' is renamed_from its own table name 'tag'
// expect-note: renamed_from takes the table's previous name
