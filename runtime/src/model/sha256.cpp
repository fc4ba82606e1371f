// SHA-256 (FIPS 180-4) for strata's checksums: a portable block function, and one using the
// x86 SHA extensions where the processor has them. A new database at 500 revisions hashes
// every revision's operations, and the portable rounds were a tenth of that start's
// instructions; the SHA instructions do four rounds in two instructions. Both produce the
// same digest (tests/runtime/sha256_test.cpp compares them on every length around a block).

#include "strata/detail/sha256.hpp"

#include <array>
#include <cstdint>
#include <cstring>

#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
#define STRATA_SHA256_X86 1
#include <cpuid.h>
#include <immintrin.h>
#endif

namespace strata {
namespace {

using state = std::array<std::uint32_t, 8>;

constexpr state initial_state{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                              0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

alignas(16) constexpr std::array<std::uint32_t, 64> round_constants{
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

constexpr std::uint32_t rotr(std::uint32_t x, int n) {
    return (x >> n) | (x << (32 - n));
}

/// Compresses @p blocks consecutive 64-byte blocks at @p data into @p h.
using block_function = void (*)(state& h, const unsigned char* data, std::size_t blocks);

void portable_blocks(state& h, const unsigned char* data, std::size_t blocks) {
    for (; blocks > 0; --blocks, data += 64) {
        std::array<std::uint32_t, 64> w{};
        for (std::size_t i = 0; i < 16; ++i) {
            const unsigned char* p = data + i * 4;
            w[i] = (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) |
                   (std::uint32_t{p[2]} << 8) | std::uint32_t{p[3]};
        }
        for (std::size_t i = 16; i < 64; ++i) {
            const std::uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
            const std::uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16] + s0 + w[i - 7] + s1;
        }
        auto [a, b, c, d, e, f, g, hh] = h;
        for (std::size_t i = 0; i < 64; ++i) {
            const std::uint32_t s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
            const std::uint32_t choice = (e & f) ^ (~e & g);
            const std::uint32_t t1 = hh + s1 + choice + round_constants[i] + w[i];
            const std::uint32_t s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
            const std::uint32_t majority = (a & b) ^ (a & c) ^ (b & c);
            hh = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + s0 + majority;
        }
        const state next{a, b, c, d, e, f, g, hh};
        for (std::size_t i = 0; i < 8; ++i) {
            h[i] += next[i];
        }
    }
}

#ifdef STRATA_SHA256_X86
// The SHA extensions keep the state as two vectors, {A,B,E,F} and {C,D,G,H} (A in the
// highest lane). SHA256RNDS2 does two rounds and returns the new {A,B,E,F}; the old one is
// then the new {C,D,G,H}, so alternating the two registers between calls keeps the roles.
// SHA256MSG1/MSG2 compute the message schedule four words at a time, with the W[t-7] term
// added in between.
__attribute__((target("sha,sse4.1,ssse3"))) void x86_blocks(state& h, const unsigned char* data,
                                                            std::size_t blocks) {
    // Lanes a,b,c,d and e,f,g,h (a lowest) rearranged into {A,B,E,F} and {C,D,G,H}.
    const __m128i low = _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(&h[0])),
                                          0xB1); // b a d c
    const __m128i high = _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(&h[4])),
                                           0x1B);    // h g f e
    __m128i abef = _mm_alignr_epi8(low, high, 8);    // f e b a
    __m128i cdgh = _mm_blend_epi16(high, low, 0xF0); // h g d c
    // Big-endian words: reverse the bytes of each 32-bit lane.
    const __m128i byte_swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    for (; blocks > 0; --blocks, data += 64) {
        const __m128i saved_abef = abef;
        const __m128i saved_cdgh = cdgh;
        // w[k] holds W[4k..4k+3] of the group it was last computed for (k = group % 4).
        __m128i w[4]; // NOLINT: std::array drops __m128i's alignment attribute
        for (std::size_t k = 0; k < 4; ++k) {
            w[k] = _mm_shuffle_epi8(
                _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + 16 * k)), byte_swap);
        }
        for (std::size_t group = 0; group < 16; ++group) {
            __m128i& current = w[group % 4];
            if (group >= 4) {
                // W[t] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16] for t = 4·group..+3.
                const __m128i& older = w[(group + 1) % 4];  // W[t-12..]
                const __m128i& old = w[(group + 2) % 4];    // W[t-8..]
                const __m128i& recent = w[(group + 3) % 4]; // W[t-4..]
                current = _mm_sha256msg1_epu32(current, older);
                current = _mm_add_epi32(current, _mm_alignr_epi8(recent, old, 4));
                current = _mm_sha256msg2_epu32(current, recent);
            }
            const __m128i wk = _mm_add_epi32(
                current,
                _mm_load_si128(reinterpret_cast<const __m128i*>(&round_constants[4 * group])));
            cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk);
            abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(wk, 0x0E));
        }
        abef = _mm_add_epi32(abef, saved_abef);
        cdgh = _mm_add_epi32(cdgh, saved_cdgh);
    }
    const __m128i fe_ba = _mm_shuffle_epi32(abef, 0x1B); // a b e f
    const __m128i gh_cd = _mm_shuffle_epi32(cdgh, 0xB1); // g h c d
    _mm_storeu_si128(reinterpret_cast<__m128i*>(&h[0]), _mm_blend_epi16(fe_ba, gh_cd, 0xF0));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(&h[4]), _mm_alignr_epi8(gh_cd, fe_ba, 8));
}

bool x86_sha_available() {
    unsigned eax = 0;
    unsigned ebx = 0;
    unsigned ecx = 0;
    unsigned edx = 0;
    if (__get_cpuid(1, &eax, &ebx, &ecx, &edx) == 0 || (ecx & bit_SSSE3) == 0 ||
        (ecx & bit_SSE4_1) == 0) {
        return false;
    }
    return __get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) != 0 && (ebx & bit_SHA) != 0;
}
#endif

block_function blocks_for(sha256_engine engine) {
#ifdef STRATA_SHA256_X86
    if (engine == sha256_engine::x86_sha_extensions) {
        return x86_blocks;
    }
#endif
    (void)engine;
    return portable_blocks;
}

} // namespace

bool sha256_engine_available(sha256_engine engine) {
    switch (engine) {
    case sha256_engine::portable:
        return true;
    case sha256_engine::x86_sha_extensions:
#ifdef STRATA_SHA256_X86
        return x86_sha_available();
#else
        return false;
#endif
    }
    return false;
}

sha256_engine fastest_sha256_engine() {
    static const sha256_engine fastest = sha256_engine_available(sha256_engine::x86_sha_extensions)
                                             ? sha256_engine::x86_sha_extensions
                                             : sha256_engine::portable;
    return fastest;
}

std::string sha256_hex(std::string_view data, sha256_engine engine) {
    const block_function compress = blocks_for(engine);
    state h = initial_state;
    const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
    const std::size_t whole = data.size() / 64;
    compress(h, bytes, whole);
    // The tail, 0x80, zeros and the bit length big-endian: one block or two.
    std::array<unsigned char, 128> tail{};
    const std::size_t rest = data.size() % 64;
    if (rest > 0) {
        std::memcpy(tail.data(), bytes + whole * 64, rest);
    }
    tail[rest] = 0x80;
    const std::size_t tail_size = rest < 56 ? 64 : 128;
    const std::uint64_t bits = static_cast<std::uint64_t>(data.size()) * 8;
    for (std::size_t i = 0; i < 8; ++i) {
        tail[tail_size - 1 - i] = static_cast<unsigned char>(bits >> (8 * i));
    }
    compress(h, tail.data(), tail_size / 64);

    static constexpr char digits[] = "0123456789abcdef";
    std::string hex(64, '0');
    for (std::size_t i = 0; i < 8; ++i) {
        for (std::size_t nibble = 0; nibble < 8; ++nibble) {
            hex[i * 8 + nibble] = digits[(h[i] >> (28 - 4 * nibble)) & 0xf];
        }
    }
    return hex;
}

std::string sha256_hex(std::string_view data) {
    return sha256_hex(data, fastest_sha256_engine());
}

} // namespace strata
