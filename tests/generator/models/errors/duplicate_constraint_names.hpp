// clang-format off
// Two indexes or constraints of one table with the same name, given or generated.
#include <strata/annotations.hpp>

#include <cstdint>
#include <string>

struct STRATA_TABLE(name = "users",
                    index = (email),
                    unique = ("uq_login", login),
                    check = ("uq_login", "length(login) > 2"),
                    check = "id > 0",
                    check = ("ck_users_1", "id < 1000")) User {
    STRATA_COLUMN(primary_key) std::int64_t id;
    STRATA_COLUMN(index) std::string email;
    std::string login;
};
// expect-error: 8:8: struct 'User' has two indexes named 'ix_users_email'
// expect-note: duplicate_constraint_names.hpp:15:38
// expect-note: give one of them an explicit name, e.g. index = ("name", column)
// expect-error: 8:8: struct 'User' has a unique constraint and a check constraint named 'uq_login'
// expect-note: duplicate_constraint_names.hpp:8:8
// expect-note: give one of them an explicit name, e.g. index = ("name", column)
// expect-error: 8:8: struct 'User' has two check constraints named 'ck_users_1'
// expect-note: duplicate_constraint_names.hpp:8:8
// expect-note: give one of them an explicit name, e.g. index = ("name", column)
