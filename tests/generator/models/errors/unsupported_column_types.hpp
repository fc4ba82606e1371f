// clang-format off
// Types with no SQL column type, each with a note on what to use instead.
#include <strata/annotations.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

enum Plain { plain_a, plain_b };
enum class Empty {};

struct STRATA_TABLE() Sample {
    STRATA_COLUMN(primary_key) std::int64_t id;
    std::uint64_t counter;
    std::optional<unsigned long long> maybe_counter;
    Plain plain;
    Empty empty;
    std::byte single_byte;
    std::vector<char> chars;
    std::chrono::steady_clock::time_point started;
    char letter;
};
// expect-error: 16:19: member 'Sample::counter' has unsupported type 'std::uint64_t'
// expect-note: no SQL integer type holds every std::uint64_t value; use std::int64_t
// expect-error: 17:39: member 'Sample::maybe_counter' has unsupported type 'std::optional<unsigned long long>'
// expect-note: no SQL integer type holds every std::uint64_t value; use std::int64_t
// expect-error: 18:11: member 'Sample::plain' has unsupported type 'Plain'
// expect-note: only an enum class can be a column (stored by enumerator name); make it an enum class
// expect-error: 19:11: member 'Sample::empty' has unsupported type 'Empty'
// expect-note: an enum class column needs at least one enumerator
// expect-error: 20:15: member 'Sample::single_byte' has unsupported type 'std::byte'
// expect-error: 21:23: member 'Sample::chars' has unsupported type 'std::vector<char>'
// expect-error: 22:43: member 'Sample::started' has unsupported type 'std::chrono::steady_clock::time_point'
// expect-error: 23:10: member 'Sample::letter' has unsupported type 'char'
