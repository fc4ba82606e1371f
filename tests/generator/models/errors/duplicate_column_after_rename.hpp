// clang-format off
// A column renamed from a name that another column still has, two columns renamed from the
// same name, and a rename from the column's own name.
#include <strata/annotations.hpp>

#include <cstdint>
#include <string>

struct STRATA_TABLE() Account {
    STRATA_COLUMN(primary_key) std::int64_t id;
    std::string email;
    STRATA_COLUMN(renamed_from = "email") std::string login;
    STRATA_COLUMN(renamed_from = "nick") std::string display_name;
    STRATA_COLUMN(renamed_from = "nick") std::string short_name;
    STRATA_COLUMN(name = "city", renamed_from = "city") std::string town;
};
// expect-error: 12:55: member 'Account::login' is renamed_from 'email', but member 'Account::email' still maps to column 'email'
// expect-note: a renamed column's old name must be gone; rename or remove the other member
// expect-error: 14:54: members 'Account::display_name' and 'Account::short_name' are both renamed_from 'nick'
// expect-note: only one column can take over an old column
// expect-error: 15:69: member 'Account::town' is renamed_from its own column name 'city'
// expect-note: renamed_from takes the column's previous name
