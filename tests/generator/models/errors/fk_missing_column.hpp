// clang-format off
// Foreign keys naming columns that do not exist, on either side.
#include <strata/annotations.hpp>

#include <cstdint>
#include <map>

struct STRATA_TABLE(name = "users") User {
    STRATA_COLUMN(primary_key) std::int64_t id;
};

struct STRATA_TABLE(foreign_key = ((owner), "users", (id)),
                    foreign_key = ((broken), "users", (id))) Pet {
    STRATA_COLUMN(primary_key) std::int64_t id;
    std::int64_t owner_id;
    STRATA_COLUMN(references = "users.uid") std::int64_t vet_id;
    std::map<int, int> broken;
};
// expect-error: 17:24: member 'Pet::broken' has unsupported type 'std::map<int, int>'
// expect-error: 16:58: member 'Pet::vet_id' (references 'users') names missing column 'uid' of table 'users'
// expect-note: columns of table 'users' are: id
// expect-note: name a column by its member name or its column name
// expect-error: 12:8: foreign key of struct 'Pet' names missing column 'owner' of table 'pet'
// expect-note: columns of table 'pet' are: id, owner_id, vet_id
// expect-note: name a column by its member name or its column name
