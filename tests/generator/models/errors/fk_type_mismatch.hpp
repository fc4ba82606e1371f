// clang-format off
// A foreign key between kinds that cannot be compared: PostgreSQL refuses it, SQLite would
// compare values that never match. Found by the diff's validation, after the scan.
#include <strata/annotations.hpp>

#include <chrono>
#include <cstdint>
#include <string>

enum class colour { red, green };
enum class size { small, large };

struct STRATA_TABLE(name = "users", unique = (login), unique = (login, favourite)) User {
    STRATA_COLUMN(primary_key) std::int64_t id;
    STRATA_COLUMN(length = 40) std::string login;
    colour favourite;
};

struct STRATA_TABLE(name = "pets", foreign_key = ((owner_login, favourite), "users", (login, favourite))) Pet {
    STRATA_COLUMN(primary_key) std::int64_t id;
    STRATA_COLUMN(references = "users.id") std::string owner_id;
    STRATA_COLUMN(references = "users.login") std::int32_t login_number;
    STRATA_COLUMN(length = 40) std::string owner_login;
    size favourite;
};
// expect-error: 22:60: foreign key 'fk_pets_login_number_users': column 'pets.login_number' is int32 but references 'users.login', which is string(40); PostgreSQL refuses such a foreign key
// expect-note: declare the member as std::string with length = 40 like 'users.login'
// expect-error: 21:56: foreign key 'fk_pets_owner_id_users': column 'pets.owner_id' is string (TEXT) but references 'users.id', which is int64; PostgreSQL refuses such a foreign key and SQLite would compare values that never match
// expect-note: declare the member as std::int64_t like 'users.id', or reference a column of the member's type
// expect-error: 24:10: foreign key 'fk_pets_owner_login_favourite_users': column 'pets.favourite' is enumeration 'size' but references 'users.favourite', which is enumeration 'colour'
// expect-note: declare the member as the enum class whose SQL type is 'colour' like 'users.favourite'
