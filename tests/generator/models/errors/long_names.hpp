// clang-format off
// PostgreSQL cuts identifiers to 63 bytes: two columns equal in their first 63 bytes fail
// with 42701, and a 75-character table migrates but `check` reports it missing forever.
#include <strata/annotations.hpp>

#include <cstdint>

namespace app {
struct STRATA_TABLE(name = "a_table_name_that_goes_on_and_on_well_past_what_postgresql_keeps_x") Wide {
    STRATA_COLUMN(primary_key) std::int64_t id;
    std::int64_t measurement_of_the_first_sensor_in_the_north_wing_of_the_building_a;
    std::int64_t measurement_of_the_first_sensor_in_the_north_wing_of_the_building_b;
    std::int64_t fits_exactly_sixty_three_bytes_long_name_for_a_column_of_this_t;
};
} // namespace app
// expect-error: 9:98: table 'a_table_name_that_goes_on_and_on_well_past_what_postgresql_keeps_x' is 66 bytes long; PostgreSQL keeps at most 63 and would cut it to 'a_table_name_that_goes_on_and_on_well_past_what_postgresql_keep'
// expect-note: rename it with STRATA_TABLE(name = "...") of at most 63 bytes
// expect-error: 11:18: column 'measurement_of_the_first_sensor_in_the_north_wing_of_the_building_a' of table
// expect-note: cut like that it collides with column 'measurement_of_the_first_sensor_in_the_north_wing_of_the_building_b'
// expect-error: 12:18: column 'measurement_of_the_first_sensor_in_the_north_wing_of_the_building_b' of table
// expect-note: cut like that it collides with column 'measurement_of_the_first_sensor_in_the_north_wing_of_the_building_a'
