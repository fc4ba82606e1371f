// clang-format off
// Invalid C++: the scanner reports clang's error and nothing else.
#include <strata/annotations.hpp>

#include <cstdint>

struct STRATA_TABLE() Broken {
    STRATA_COLUMN(primary_key) std::int64_t id
    std::vector<int> not_scanned;
};
// expect-error: 8:47: expected ';' at end of declaration list
