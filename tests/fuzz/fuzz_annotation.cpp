// libFuzzer target: the annotation grammar (`strata:table:name = "x", index = (a, b)`).
// Malformed input must end in annotation_error, never in a crash or another exception.

#include "scan/annotation.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    using namespace strata::generator;
    try {
        if (const auto a = split_annotation(text)) {
            (void)a;
        }
    } catch (const annotation_error&) {
    }
    try {
        (void)parse_annotation_options(text);
    } catch (const annotation_error&) {
    }
    try {
        (void)parse_table_options(text);
    } catch (const annotation_error&) {
    }
    try {
        (void)parse_column_options(text);
    } catch (const annotation_error&) {
    }
    return 0;
}
