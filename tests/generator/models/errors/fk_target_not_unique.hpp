// clang-format off
// Foreign keys must point at a primary key or unique columns.
#include <strata/annotations.hpp>

#include <cstdint>
#include <string>

struct STRATA_TABLE(name = "users", unique = (email)) User {
    STRATA_COLUMN(primary_key) std::int64_t id;
    std::string email;
    std::string login;
};

struct STRATA_TABLE() Pet {
    STRATA_COLUMN(primary_key) std::int64_t id;
    STRATA_COLUMN(references = "users.login") std::string owner_login;
    STRATA_COLUMN(references = "users.email") std::string owner_email;
};
// expect-error: 16:59: member 'Pet::owner_login' references 'users' (login), which is neither the primary key nor unique
// expect-note: a database accepts foreign keys only to a primary key (id) or to unique columns; add unique = (login) to struct 'User'
