// clang-format off
// Two members that map to the same column.
#include <strata/annotations.hpp>

#include <cstdint>
#include <string>

struct STRATA_TABLE() Account {
    STRATA_COLUMN(primary_key) std::int64_t id;
    std::string email;
    STRATA_COLUMN(name = "email") std::string backup_email;
};
// expect-error: 11:47: members 'Account::email' and 'Account::backup_email' both map to column 'email'
// expect-note: 'Account::email' is declared at
