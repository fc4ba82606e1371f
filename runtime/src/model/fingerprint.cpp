#include "strata/fingerprint.hpp"

#include "strata/detail/overloaded.hpp"
#include "strata/detail/sha256.hpp"

#include <array>
#include <cstdint>
#include <fmt/format.h>
#include <iterator>

namespace strata {
namespace {
using detail::overloaded;

// The canonical form: "<tag>" markers and "<length>:<bytes>" strings, so no two different
// operation lists can serialise to the same text. Bump the version if the form changes.
class writer {
public:
    // Appended piece by piece: formatting a temporary string per field cost as much as
    // hashing the text (a new database at 500 revisions fingerprints every one).
    void tag(std::string_view name) {
        m_text += '<';
        m_text += name;
        m_text += '>';
    }
    void str(std::string_view value) {
        const fmt::format_int size(value.size());
        m_text.append(size.data(), size.size());
        m_text += ':';
        m_text += value;
        m_text += ';';
    }
    void num(std::int64_t value) {
        m_text += '#';
        const fmt::format_int digits(value);
        m_text.append(digits.data(), digits.size());
        m_text += ';';
    }
    void flag(bool value) { m_text += value ? "+;" : "-;"; }
    void opt(const std::optional<std::string>& value) {
        if (value) {
            m_text += '=';
            str(*value);
        } else {
            m_text += "~;";
        }
    }
    void opt(const std::optional<std::int32_t>& value) {
        if (value) {
            num(*value);
        } else {
            m_text += "~;";
        }
    }
    void list(const std::vector<std::string>& values) {
        num(static_cast<std::int64_t>(values.size()));
        for (const auto& v : values) {
            str(v);
        }
    }
    void type(const column_type& t) {
        tag("type");
        str(to_string(t.kind));
        opt(t.length);
        opt(t.precision);
        opt(t.scale);
        str(t.enum_name);
        list(t.enum_values);
        str(t.sql_override);
    }
    void col(const column& c) {
        tag("column");
        str(c.name);
        type(c.type);
        flag(c.nullable);
        flag(c.primary_key);
        flag(c.autoincrement);
        opt(c.server_default);
        opt(c.comment);
    }
    void idx(const index& i) {
        tag("index");
        str(i.name);
        list(i.columns);
        flag(i.unique);
    }
    void uq(const unique_constraint& u) {
        tag("unique");
        str(u.name);
        list(u.columns);
    }
    void fk(const foreign_key& f) {
        tag("foreign_key");
        str(f.name);
        list(f.columns);
        str(f.referenced_table);
        list(f.referenced_columns);
        str(to_string(f.on_delete));
        str(to_string(f.on_update));
    }
    void ck(const check_constraint& c) {
        tag("check");
        str(c.name);
        str(c.expression);
    }
    void tbl(const table& t) {
        tag("table");
        str(t.name);
        num(static_cast<std::int64_t>(t.columns.size()));
        for (const auto& c : t.columns) {
            col(c);
        }
        num(static_cast<std::int64_t>(t.indexes.size()));
        for (const auto& i : t.indexes) {
            idx(i);
        }
        num(static_cast<std::int64_t>(t.uniques.size()));
        for (const auto& u : t.uniques) {
            uq(u);
        }
        num(static_cast<std::int64_t>(t.foreign_keys.size()));
        for (const auto& f : t.foreign_keys) {
            fk(f);
        }
        num(static_cast<std::int64_t>(t.checks.size()));
        for (const auto& c : t.checks) {
            ck(c);
        }
        opt(t.comment);
    }
    [[nodiscard]] const std::string& text() const { return m_text; }

private:
    std::string m_text = "strata-operations-v1;";
};

void write(writer& w, const operation& op) {
    std::visit(overloaded{
                   [&](const ops::create_table& o) {
                       w.tag("create_table");
                       w.tbl(o.definition);
                   },
                   [&](const ops::drop_table& o) {
                       w.tag("drop_table");
                       w.str(o.table_name);
                   },
                   [&](const ops::rename_table& o) {
                       w.tag("rename_table");
                       w.str(o.old_name);
                       w.str(o.new_name);
                   },
                   [&](const ops::add_column& o) {
                       w.tag("add_column");
                       w.str(o.table_name);
                       w.col(o.definition);
                   },
                   [&](const ops::drop_column& o) {
                       w.tag("drop_column");
                       w.str(o.table_name);
                       w.str(o.column_name);
                   },
                   [&](const ops::rename_column& o) {
                       w.tag("rename_column");
                       w.str(o.table_name);
                       w.str(o.old_name);
                       w.str(o.new_name);
                   },
                   [&](const ops::alter_column& o) {
                       w.tag("alter_column");
                       w.str(o.table_name);
                       w.col(o.from);
                       w.col(o.to);
                   },
                   [&](const ops::alter_primary_key& o) {
                       w.tag("alter_primary_key");
                       w.str(o.table_name);
                       w.list(o.from_columns);
                       w.list(o.to_columns);
                   },
                   [&](const ops::create_index& o) {
                       w.tag("create_index");
                       w.str(o.table_name);
                       w.idx(o.definition);
                   },
                   [&](const ops::drop_index& o) {
                       w.tag("drop_index");
                       w.str(o.table_name);
                       w.str(o.index_name);
                   },
                   [&](const ops::add_unique& o) {
                       w.tag("add_unique");
                       w.str(o.table_name);
                       w.uq(o.definition);
                   },
                   [&](const ops::drop_unique& o) {
                       w.tag("drop_unique");
                       w.str(o.table_name);
                       w.str(o.constraint_name);
                   },
                   [&](const ops::add_foreign_key& o) {
                       w.tag("add_foreign_key");
                       w.str(o.table_name);
                       w.fk(o.definition);
                   },
                   [&](const ops::drop_foreign_key& o) {
                       w.tag("drop_foreign_key");
                       w.str(o.table_name);
                       w.str(o.constraint_name);
                   },
                   [&](const ops::add_check& o) {
                       w.tag("add_check");
                       w.str(o.table_name);
                       w.ck(o.definition);
                   },
                   [&](const ops::drop_check& o) {
                       w.tag("drop_check");
                       w.str(o.table_name);
                       w.str(o.constraint_name);
                   },
                   [&](const ops::set_table_comment& o) {
                       w.tag("set_table_comment");
                       w.str(o.table_name);
                       w.opt(o.comment);
                   },
                   [&](const ops::execute_sql& o) {
                       w.tag("execute_sql");
                       w.str(o.sql);
                   },
               },
               op);
}

constexpr std::array<std::uint32_t, 64> round_constants{
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
} // namespace

std::string sha256_hex(std::string_view data) {
    std::array<std::uint32_t, 8> h{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    // Padding: 0x80, zeros, then the bit length big-endian, to a multiple of 64 bytes.
    std::string message(data);
    const std::uint64_t bits = static_cast<std::uint64_t>(data.size()) * 8;
    message += static_cast<char>(0x80);
    while (message.size() % 64 != 56) {
        message += '\0';
    }
    for (int i = 7; i >= 0; --i) {
        message += static_cast<char>((bits >> (i * 8)) & 0xff);
    }
    for (std::size_t block = 0; block < message.size(); block += 64) {
        std::array<std::uint32_t, 64> w{};
        for (std::size_t i = 0; i < 16; ++i) {
            for (std::size_t j = 0; j < 4; ++j) {
                w[i] = (w[i] << 8) | static_cast<unsigned char>(message[block + i * 4 + j]);
            }
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
            const std::uint32_t t2 = s0 + majority;
            hh = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        h[0] += a;
        h[1] += b;
        h[2] += c;
        h[3] += d;
        h[4] += e;
        h[5] += f;
        h[6] += g;
        h[7] += hh;
    }
    std::string hex;
    for (std::uint32_t word : h) {
        hex += fmt::format("{:08x}", word);
    }
    return hex;
}

std::string fingerprint(const std::vector<operation>& ops) {
    writer w;
    for (const auto& op : ops) {
        write(w, op);
    }
    return sha256_hex(w.text());
}

} // namespace strata
