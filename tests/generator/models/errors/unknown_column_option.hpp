// clang-format off
// A misspelt STRATA_COLUMN option.
#include <strata/annotations.hpp>

#include <cstdint>
#include <string>

struct STRATA_TABLE() Customer {
    STRATA_COLUMN(primary_key) std::int64_t id;
    STRATA_COLUMN(lenght = 40) std::string name;
};
// expect-error: 10:5: unknown column option 'lenght'
// expect-note: valid column options are: primary_key, autoincrement, length, name, renamed_from, default, backfill, existing_rows, comment, index, unique, references, on_delete, on_update, check, decimal, sql_type
