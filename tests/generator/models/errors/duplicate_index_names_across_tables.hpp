// clang-format off
// Index and unique constraint names share one namespace with tables in the database.
#include <strata/annotations.hpp>

#include <cstdint>
#include <string>

struct STRATA_TABLE(name = "users", index = ("ix_email", email)) User {
    STRATA_COLUMN(primary_key) std::int64_t id;
    std::string email;
};

struct STRATA_TABLE(name = "admins", unique = ("ix_email", email), index = ("users", email)) Admin {
    STRATA_COLUMN(primary_key) std::int64_t id;
    std::string email;
};
// expect-error: 13:8: unique constraint 'ix_email' of struct 'Admin' has the name of index 'ix_email' of struct 'User'
// expect-note: duplicate_index_names_across_tables.hpp:8:8
// expect-note: index and unique constraint names must be unique in the whole database; give one of them another name
// expect-error: 13:8: index 'users' of struct 'Admin' has the name of table 'users'
// expect-note: indexes and tables share one namespace in the database; give the index another name
