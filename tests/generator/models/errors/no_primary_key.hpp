// clang-format off
// A table without a primary key.
#include <strata/annotations.hpp>

#include <cstdint>
#include <string>

namespace app {

struct STRATA_TABLE() User {
    std::int64_t id;
    std::string email;
};

} // namespace app
// expect-error: 10:23: table 'user' (struct 'User') has no primary key
// expect-note: mark the key member with STRATA_COLUMN(primary_key)
