// clang-format off
// Wrong value kinds for the relational options, and options in the wrong place.
#include <strata/annotations.hpp>

#include <cstdint>
#include <string>

struct STRATA_TABLE(index = "email") Customer {
    STRATA_COLUMN(primary_key) std::int64_t id;
    STRATA_COLUMN(default = 0) std::int64_t visits;
    STRATA_COLUMN(references = "users") std::int64_t user_id;
    STRATA_COLUMN(on_delete = cascade) std::int64_t owner_id;
    STRATA_COLUMN(decimal = (10, 20)) double price;
    STRATA_COLUMN(references = "users.id", on_delete = drop) std::int64_t other_id;
    STRATA_COLUMN(check = ("ck", "x > 0")) std::int64_t x;
};
// expect-error: 8:8: table option 'index' expects member or column names, e.g. index = (email) or index = ("ix_name", last, first)
// expect-error: 10:5: column option 'default' needs a string in double quotes, e.g. default = "'draft'"
// expect-error: 11:5: column option 'references' needs "table.column", got "users"
// expect-note: e.g. references = "users.id"
// expect-error: 12:5: column option 'on_delete' needs 'references'
// expect-note: e.g. references = "users.id", on_delete = cascade
// expect-error: 13:5: column option 'decimal': the scale must be between 0 and the precision 10, got 20
// expect-error: 14:5: unknown action 'drop' for column option 'on_delete'
// expect-note: valid actions are: cascade, set_null, set_default, restrict, no_action
// expect-error: 15:5: column option 'check' needs a string in double quotes, e.g. check = "price >= 0"
