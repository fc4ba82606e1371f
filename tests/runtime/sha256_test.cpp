// SHA-256 on both block functions: known answers (from Python's hashlib) at every length
// around a block boundary, and the two engines agreeing on every length up to three blocks.
// The x86 tests are skipped on a processor without the SHA instructions.

#include "strata/detail/sha256.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace {
using strata::sha256_engine;

// Bytes (i * 7 + 3) mod 256: not text, every byte value, no run a padding bug could hide in.
std::string pattern(std::size_t size) {
    std::string bytes(size, '\0');
    for (std::size_t i = 0; i < size; ++i) {
        bytes[i] = static_cast<char>((i * 7 + 3) % 256);
    }
    return bytes;
}

const std::vector<std::pair<std::size_t, std::string>>& known_answers() {
    static const std::vector<std::pair<std::size_t, std::string>> answers{
        {0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {55, "e7313d333c272e639f790978283f9eb392e843d0f29b7016828bb1daa4aac70b"},
        {56, "4324d65f3c103567f5589c710bc08f8523f929a9272e3af36fc968e52abc6c27"},
        {63, "81c80242132f230c3bd41b3e63bbcff16107339549214a99614ff26664625055"},
        {64, "39e3d7b6b5d075d37d053ad89b24b41bef4f3c29760c84447cab3f3be1882241"},
        {65, "aacca6ff74fdbb296d165a45cecfa04e5127bc008770fbbdd48006f2d2fae95e"},
        {119, "9ce7368e4daf32341631b492e80359dc9f594b48453cd0dd5bf0b19279cc177e"},
        {120, "7836b787757e95e58b3ca5aec90b1b004e8deba1e50e9675af9cabf1a13a04b5"},
        {127, "a8d23e75d936f303d248888d9b165ee543f4cbafcad3c9dd2a79bd84faa11d07"},
        {128, "d2742f1f4ac6bb7ca2b239ee18402ba8b3f9f8e652d2a72973c2b9ba11c08cf6"},
        {1000003, "987ab1b5b3b71c1d1053a817cffc3695c96e78c2b068d558c6b340a8255c3ed8"},
    };
    return answers;
}

void expect_known_answers(sha256_engine engine) {
    for (const auto& [size, digest] : known_answers()) {
        EXPECT_EQ(strata::sha256_hex(pattern(size), engine), digest) << size << " bytes";
    }
}

TEST(Sha256, PortableKnownAnswers) {
    expect_known_answers(sha256_engine::portable);
}

TEST(Sha256, X86ShaExtensionsKnownAnswers) {
    if (!strata::sha256_engine_available(sha256_engine::x86_sha_extensions)) {
        GTEST_SKIP() << "this processor has no SHA instructions";
    }
    expect_known_answers(sha256_engine::x86_sha_extensions);
}

TEST(Sha256, EnginesAgreeOnEveryLengthUpToThreeBlocks) {
    if (!strata::sha256_engine_available(sha256_engine::x86_sha_extensions)) {
        GTEST_SKIP() << "this processor has no SHA instructions";
    }
    const std::string bytes = pattern(200);
    for (std::size_t size = 0; size <= bytes.size(); ++size) {
        const std::string_view data(bytes.data(), size);
        EXPECT_EQ(strata::sha256_hex(data, sha256_engine::x86_sha_extensions),
                  strata::sha256_hex(data, sha256_engine::portable))
            << size << " bytes";
    }
}

TEST(Sha256, TheDefaultIsTheFastestEngine) {
    const std::string bytes = pattern(300);
    EXPECT_EQ(strata::sha256_hex(bytes),
              strata::sha256_hex(bytes, strata::fastest_sha256_engine()));
    EXPECT_TRUE(strata::sha256_engine_available(strata::fastest_sha256_engine()));
}

} // namespace
