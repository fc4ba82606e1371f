// clang-format off
// A member whose type has no column type.
#include <strata/annotations.hpp>

#include <cstdint>
#include <vector>

struct STRATA_TABLE() Bad {
    STRATA_COLUMN(primary_key) std::int64_t id;
    std::vector<int> tags;
};
// expect-error: 10:22: member 'Bad::tags' has unsupported type 'std::vector<int>'
// expect-note: supported types are std::int16_t, std::int32_t, std::int64_t (and the unsigned types up to std::uint32_t), float, double, bool, std::string, std::vector<std::byte>, std::chrono::system_clock::time_point, std::chrono::local_time<D> (local_seconds, local_days), std::chrono::year_month_day, std::chrono::hh_mm_ss<D>, std::chrono::duration<R, P> (seconds, minutes, ...), a class named uuid, nlohmann::json, an enum class, and std::optional of any of them
