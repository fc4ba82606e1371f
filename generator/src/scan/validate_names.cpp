#include "scan/validate_names.hpp"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>
#include <map>
#include <string_view>

namespace strata::generator {
namespace {

constexpr std::string_view reserved_prefix = "strata_";

// Length of the UTF-8 sequence starting with @p lead, 0 for a byte that cannot start one.
std::size_t sequence_length(unsigned char lead) {
    if (lead < 0x80) {
        return 1;
    }
    if (lead >= 0xc2 && lead <= 0xdf) {
        return 2;
    }
    if (lead >= 0xe0 && lead <= 0xef) {
        return 3;
    }
    if (lead >= 0xf0 && lead <= 0xf4) {
        return 4;
    }
    return 0;
}

// @p text with bytes that are not printable ASCII written as \xHH, so the message itself
// is valid UTF-8 and shows where the bad byte is.
std::string printable(std::string_view text) {
    std::string result;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x20 && byte < 0x7f) {
            result += c;
        } else {
            result += fmt::format("\\x{:02X}", byte);
        }
    }
    return result;
}

// @p text cut to at most @p max_bytes without splitting a UTF-8 sequence, as PostgreSQL
// cuts identifiers (pg_mbcliplen).
std::string_view cut(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) {
        return text;
    }
    std::size_t end = 0;
    while (end < text.size()) {
        const std::size_t length =
            std::max<std::size_t>(1, sequence_length(static_cast<unsigned char>(text[end])));
        if (end + length > max_bytes) {
            break;
        }
        end += length;
    }
    return text.substr(0, end);
}

bool starts_with_reserved(std::string_view name) {
    return name.size() >= reserved_prefix.size() &&
           std::equal(
               reserved_prefix.begin(), reserved_prefix.end(), name.begin(),
               [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); });
}

// "column 'email' of table 'users'" / "table 'users'".
std::string describe(const declared_name& n) {
    return n.table.empty() ? fmt::format("{} '{}'", n.what, printable(n.name))
                           : fmt::format("{} '{}' of table '{}'", n.what, printable(n.name),
                                         printable(n.table));
}

// Columns share a namespace per table; tables, indexes and constraints share the schema's
// (PostgreSQL keeps indexes with tables; constraint names are checked there too, being
// cut the same way).
std::string scope_of(const declared_name& n) {
    return n.what == "column" ? "column " + n.table : std::string("relation");
}

std::string how_to_rename(const declared_name& n) {
    if (n.what == "table") {
        return "rename it with STRATA_TABLE(name = \"...\")";
    }
    if (n.what == "column") {
        return "rename it with STRATA_COLUMN(name = \"...\")";
    }
    return "give it an explicit, shorter name, e.g. index = (\"name\", column)";
}

} // namespace

std::size_t invalid_utf8_offset(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const auto lead = static_cast<unsigned char>(text[i]);
        const std::size_t length = sequence_length(lead);
        if (length == 0 || i + length > text.size()) {
            return i;
        }
        for (std::size_t k = 1; k < length; ++k) {
            if ((static_cast<unsigned char>(text[i + k]) & 0xc0) != 0x80) {
                return i;
            }
        }
        // Overlong three- and four-byte forms, surrogates and code points past U+10FFFF.
        const auto second = static_cast<unsigned char>(text[i + 1 < text.size() ? i + 1 : i]);
        if ((lead == 0xe0 && second < 0xa0) || (lead == 0xed && second > 0x9f) ||
            (lead == 0xf0 && second < 0x90) || (lead == 0xf4 && second > 0x8f)) {
            return i;
        }
        i += length;
    }
    return std::string::npos;
}

std::vector<diagnostic> validate_names(const std::vector<declared_name>& names,
                                       std::size_t max_bytes) {
    std::vector<diagnostic> problems;
    // Each scope's names by their cut form, for collisions after truncation.
    std::map<std::pair<std::string, std::string>, std::vector<const declared_name*>> by_cut;
    for (const auto& n : names) {
        by_cut[{scope_of(n), std::string(cut(n.name, max_bytes))}].push_back(&n);
    }
    for (const auto& n : names) {
        if (const auto bad = invalid_utf8_offset(n.name); bad != std::string::npos) {
            problems.push_back(
                {n.where,
                 fmt::format("{} is not valid UTF-8 (byte 0x{:02X} at offset {})", describe(n),
                             static_cast<unsigned char>(n.name[bad]), bad),
                 {"names go into the snapshot (JSON) and the database as UTF-8; write them in "
                  "ASCII or valid UTF-8, e.g. \\u00e9 in the string rather than a raw byte"}});
        }
        if (n.what != "column" && starts_with_reserved(n.name)) {
            problems.push_back(
                {n.where,
                 fmt::format("{} uses the reserved prefix 'strata_'", describe(n)),
                 {"names starting with 'strata_' belong to strata's own tables (the version and "
                  "history tables, the copies a SQLite table rebuild makes)",
                  how_to_rename(n)}});
        }
        if (n.name.size() > max_bytes) {
            const std::string_view kept = cut(n.name, max_bytes);
            diagnostic d{n.where,
                         fmt::format("{} is {} bytes long; PostgreSQL keeps at most {} and would "
                                     "cut it to '{}'",
                                     describe(n), n.name.size(), max_bytes, printable(kept)),
                         {}};
            for (const declared_name* other : by_cut[{scope_of(n), std::string(kept)}]) {
                if (other != &n && other->name != n.name) {
                    d.notes.push_back(fmt::format("cut like that it collides with {}, declared at "
                                                  "{}:{}:{}",
                                                  describe(*other), other->where.file.string(),
                                                  other->where.line, other->where.column));
                }
            }
            d.notes.push_back(how_to_rename(n) + fmt::format(" of at most {} bytes", max_bytes));
            problems.push_back(std::move(d));
        }
    }
    return problems;
}

} // namespace strata::generator
