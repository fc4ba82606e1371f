// clang-format off
// Index and unique lists naming columns that do not exist, or one column twice. A member
// already reported (unsupported type) is not reported again.
#include <strata/annotations.hpp>

#include <cstdint>
#include <map>
#include <string>

struct STRATA_TABLE(index = (email, phone),
                    unique_index = (email, email_address),
                    unique = (lookup),
                    index = (street)) Customer {
    STRATA_COLUMN(primary_key) std::int64_t id;
    STRATA_COLUMN(name = "email_address") std::string email;
    std::map<int, int> lookup;
};
// expect-error: 16:24: member 'Customer::lookup' has unsupported type 'std::map<int, int>'
// expect-error: 10:8: table option 'index' of struct 'Customer' names missing column 'phone' of table 'customer'
// expect-note: columns of table 'customer' are: id, email_address
// expect-note: name a column by its member name or its column name
// expect-error: 10:8: table option 'unique_index' of struct 'Customer' names column 'email_address' twice
// expect-error: 10:8: table option 'index' of struct 'Customer' names missing column 'street' of table 'customer'
// expect-note: columns of table 'customer' are: id, email_address
// expect-note: name a column by its member name or its column name
