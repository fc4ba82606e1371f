// clang-format off
// A misspelt STRATA_TABLE option.
#include <strata/annotations.hpp>

#include <cstdint>

struct STRATA_TABLE(nmae = "customers") Customer {
    STRATA_COLUMN(primary_key) std::int64_t id;
};
// expect-error: 7:8: unknown table option 'nmae'
// expect-note: valid table options are: name, renamed_from, comment, index, unique_index, unique, check, foreign_key, existing_rows
