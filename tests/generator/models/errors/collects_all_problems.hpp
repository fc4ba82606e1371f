// clang-format off
// Every problem is reported in one go, across structs.
#include <strata/annotations.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>

struct STRATA_TABLE() First {
    std::int64_t id;
    std::map<int, int> lookup;
    const std::int32_t version = 1;
    std::optional<std::optional<bool>> flag;
    long double ratio;
    STRATA_EXCLUDE STRATA_COLUMN(primary_key) std::int64_t excluded_key;
};

struct STRATA_TABLE() Second {
    STRATA_COLUMN(primary_key) std::optional<std::int64_t> id;
    STRATA_COLUMN(name = "x") STRATA_COLUMN(length = 3) std::string code;
    STRATA_COLUMN(primary_key) static const int count = 0;
};

union STRATA_TABLE() NotATable {
    int a;
};

struct STRATA_TABLE() Third {
    STRATA_COLUMN(primary_key) std::int64_t id;
    union {
        std::int32_t small;
        double large;
    };
};
// expect-error: 12:24: member 'First::lookup' has unsupported type 'std::map<int, int>'
// expect-note: mark members that are not columns with STRATA_EXCLUDE
// expect-error: 13:24: member 'First::version' has unsupported type 'const std::int32_t'
// expect-error: 14:40: member 'First::flag' has unsupported type 'std::optional<std::optional<bool>>'
// expect-error: 15:17: member 'First::ratio' has unsupported type 'long double'
// expect-error: 16:60: member 'First::excluded_key' has both STRATA_EXCLUDE and STRATA_COLUMN
// expect-error: 10:23: table 'first' (struct 'First') has no primary key
// expect-error: 20:60: primary key member 'Second::id' cannot be std::optional
// expect-error: 21:31: member 'Second::code' has more than one STRATA_COLUMN
// expect-error: 22:5: static member 'Second::count' cannot be a column
// expect-error: 25:7: STRATA_TABLE on 'NotATable': only a struct or class definition can be a table
// expect-error: 31:5: anonymous union in struct 'Third' cannot be mapped to columns
