// libFuzzer target: the snapshot reader (one JSON file per table). Anything that is not a
// valid snapshot must end in diagnostic_error; what parses must serialize and read back
// to the same table.

#include "project/snapshot.hpp"
#include "support/diagnostic.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    using namespace strata::generator;
    strata::table parsed;
    try {
        parsed = parse_table(text, "fuzz.json");
    } catch (const diagnostic_error&) {
        return 0;
    }
    // Round trip: what the reader accepts, the writer writes and the reader reads again.
    const std::string written = serialize_table(parsed);
    try {
        if (!(parse_table(written, "fuzz.json") == parsed)) {
            std::abort();
        }
    } catch (const diagnostic_error&) {
        std::abort();
    }
    return 0;
}
