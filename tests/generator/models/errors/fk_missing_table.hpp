// clang-format off
// Foreign keys to tables that no scanned header declares.
#include <strata/annotations.hpp>

#include <cstdint>

struct STRATA_TABLE() User {
    STRATA_COLUMN(primary_key) std::int64_t id;
};

struct STRATA_TABLE(foreign_key = ((owner_id), "owners", (id))) Pet {
    STRATA_COLUMN(primary_key) std::int64_t id;
    std::int64_t owner_id;
    STRATA_COLUMN(references = "User.id") std::int64_t vet_id;
};
// expect-error: 14:56: member 'Pet::vet_id' references missing table 'User'
// expect-note: struct 'User' maps to table 'user'; foreign keys name the table
// expect-note: tables in the scanned models are: pet, user
// expect-note: a table declared in another header must be scanned in the same run
// expect-error: 11:8: foreign key of struct 'Pet' references missing table 'owners'
// expect-note: tables in the scanned models are: pet, user
// expect-note: a table declared in another header must be scanned in the same run
