// clang-format off
// Option values of the wrong kind, and malformed option lists.
#include <strata/annotations.hpp>

#include <cstdint>
#include <string>

struct STRATA_TABLE(name = customers) Customer {
    STRATA_COLUMN(primary_key = 1) std::int64_t id;
    STRATA_COLUMN(length = "40") std::string name;
    STRATA_COLUMN(length = 0) std::string city;
    STRATA_COLUMN(length = ) std::string street;
    STRATA_COLUMN(name = "a" "b") std::string zip;
};
// expect-error: 8:8: table option 'name' needs a string in double quotes, e.g. name = "users"
// expect-error: 9:5: column option 'primary_key' takes no value
// expect-error: 10:5: column option 'length' needs a positive integer, e.g. length = 120
// expect-error: 11:5: column option 'length' must be between 1 and 2147483647, got 0
// expect-error: 12:5: malformed options in STRATA_COLUMN(length =): expected a value after 'length ='
// expect-error: 13:5: malformed options in STRATA_COLUMN(name = "a" "b"): expected ',' after option 'name'
// expect-error: 8:39: table 'customer' (struct 'Customer') has no primary key
