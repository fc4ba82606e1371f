// clang-format off
// Names strata keeps for itself: its version table, and the copy a SQLite table rebuild
// makes (a table `strata_rebuild_posts` would break the next rebuild of `posts`).
#include <strata/annotations.hpp>

#include <cstdint>

namespace app {
struct STRATA_TABLE(name = "strata_version") Version {
    STRATA_COLUMN(primary_key) std::int64_t id;
};

struct STRATA_TABLE(name = "Strata_Rebuild_Posts", index = ("strata_ix", strata_note)) Copy {
    STRATA_COLUMN(primary_key) std::int64_t id;
    std::int64_t strata_note; // a column may start with strata_: columns are not reserved
};
} // namespace app
// expect-error: 9:46: table 'strata_version' uses the reserved prefix 'strata_'
// expect-note: belong to strata's own tables
// expect-note: rename it with STRATA_TABLE(name = "...")
// expect-error: 13:88: table 'Strata_Rebuild_Posts' uses the reserved prefix 'strata_'
// expect-error: 13:8: index 'strata_ix' of table 'Strata_Rebuild_Posts' uses the reserved prefix 'strata_'
// expect-note: give it an explicit, shorter name
