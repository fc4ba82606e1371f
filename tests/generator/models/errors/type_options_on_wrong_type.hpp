// clang-format off
// decimal, sql_type and autoincrement on members they do not fit.
#include <strata/annotations.hpp>

#include <cstdint>
#include <string>

struct STRATA_TABLE() Sample {
    STRATA_COLUMN(primary_key, autoincrement) std::string code;
    STRATA_COLUMN(decimal = (10, 2)) bool flag;
    STRATA_COLUMN(decimal = (10, 2), length = 20) std::string amount;
    STRATA_COLUMN(sql_type = "CITEXT", length = 20) std::string email;
    STRATA_COLUMN(sql_type = "MONEY", decimal = (10, 2)) double price;
    STRATA_COLUMN(autoincrement) std::int64_t counter;
};

struct STRATA_TABLE() Pair {
    STRATA_COLUMN(primary_key, autoincrement) std::int64_t left;
    STRATA_COLUMN(primary_key) std::int64_t right;
};
// expect-error: 9:59: column option 'autoincrement' on member 'Sample::code' of type 'std::string': only integer columns can be autoincrement
// expect-error: 10:43: column option 'decimal' on member 'Sample::flag' of type 'bool': only double, std::string and std::int64_t members can be decimal
// expect-error: 11:63: member 'Sample::amount' has both 'decimal' and 'length'
// expect-note: a decimal column has a precision and a scale, not a length; remove length
// expect-error: 12:65: member 'Sample::email' has 'sql_type' together with 'length'
// expect-note: sql_type replaces the whole SQL type; write the length inside it, e.g. sql_type = "VARCHAR(20)"
// expect-error: 13:65: member 'Sample::price' has 'sql_type' together with 'decimal'
// expect-note: sql_type replaces the whole SQL type; write the precision inside it, e.g. sql_type = "NUMERIC(12, 2)"
// expect-error: 14:47: column option 'autoincrement' on member 'Sample::counter', which is not the primary key
// expect-note: add primary_key, or remove autoincrement
// expect-error: 18:60: column option 'autoincrement' on member 'Pair::left' of a composite primary key (left, right)
// expect-note: autoincrement needs a single-column primary key
