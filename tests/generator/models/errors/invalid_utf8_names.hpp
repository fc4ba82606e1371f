// clang-format off
// Raw bytes that are not UTF-8 in a name: the snapshot (JSON) cannot hold them.
#include <strata/annotations.hpp>

#include <cstdint>

namespace app {
struct STRATA_TABLE(name = "café") Cafe {
    STRATA_COLUMN(primary_key) std::int64_t id;
    STRATA_COLUMN(name = "prïx") std::int64_t price;
};
} // namespace app
// expect-error: 8:36: table 'caf\xE9' is not valid UTF-8 (byte 0xE9 at offset 3)
// expect-note: names go into the snapshot (JSON) and the database as UTF-8
// expect-error: 10:47: column 'pr\xEFx' of table 'caf\xE9' is not valid UTF-8 (byte 0xEF at offset 2)
