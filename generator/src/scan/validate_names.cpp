#include "scan/validate_names.hpp"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>
#include <fmt/ranges.h>
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

} // namespace

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

namespace {

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

// Strictest first: a name PostgreSQL keeps (63 bytes) is at most 63 characters, so MariaDB
// keeps it too; the first limit a name breaks is the one its error names.
constexpr identifier_limit all_limits[] = {
    {"postgresql", "PostgreSQL", 63, false, true},   // NAMEDATALEN - 1; cut silently
    {"mysql", "MariaDB and MySQL", 64, true, false}, // refused: ER_TOO_LONG_IDENT
};

// The length of @p name as @p limit counts it: bytes, or UTF-8 characters (every byte
// that is not a continuation byte starts one).
std::size_t length_for(const identifier_limit& limit, std::string_view name) {
    if (!limit.in_characters) {
        return name.size();
    }
    return static_cast<std::size_t>(std::count_if(name.begin(), name.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xc0) != 0x80;
    }));
}

// Each scope's names by their cut form, for collisions after truncation.
using cut_names = std::map<std::pair<std::string, std::string>, std::vector<const declared_name*>>;

cut_names by_cut_form(const std::vector<declared_name>& names, std::size_t max_bytes) {
    cut_names result;
    for (const auto& n : names) {
        result[{scope_of(n), std::string(cut(n.name, max_bytes))}].push_back(&n);
    }
    return result;
}

// The error for @p n, longer than @p limit keeps; @p cut_forms are all names by their cut
// form under a limit that cuts.
diagnostic too_long(const declared_name& n, const identifier_limit& limit,
                    const cut_names& cut_forms) {
    const std::string_view unit = limit.in_characters ? "characters" : "bytes";
    if (!limit.cuts) {
        return {n.where,
                fmt::format("{} is {} {} long; {} refuse names over {} {}", describe(n),
                            length_for(limit, n.name), unit, limit.shown, limit.max, unit),
                {how_to_rename(n) + fmt::format(" of at most {} {}", limit.max, unit)}};
    }
    const std::string_view kept = cut(n.name, limit.max);
    diagnostic d{n.where,
                 fmt::format("{} is {} {} long; {} keeps at most {} and would cut it to '{}'",
                             describe(n), length_for(limit, n.name), unit, limit.shown, limit.max,
                             printable(kept)),
                 {}};
    if (const auto same = cut_forms.find({scope_of(n), std::string(kept)});
        same != cut_forms.end()) {
        for (const declared_name* other : same->second) {
            if (other != &n && other->name != n.name) {
                d.notes.push_back(fmt::format("cut like that it collides with {}, declared at "
                                              "{}:{}:{}",
                                              describe(*other), other->where.file.string(),
                                              other->where.line, other->where.column));
            }
        }
    }
    d.notes.push_back(how_to_rename(n) + fmt::format(" of at most {} {}", limit.max, unit));
    return d;
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

const std::vector<std::string>& known_dialects() {
    static const std::vector<std::string> names{"sqlite", "postgresql", "mysql"};
    return names;
}

const std::vector<std::string>& built_dialects() {
    // generator/CMakeLists.txt: the backends of this build, e.g. "sqlite,postgresql".
    static const std::vector<std::string> names = [] {
        std::vector<std::string> result;
        std::string_view list = STRATA_BUILT_DIALECTS;
        while (!list.empty()) {
            const auto end = std::min(list.find(','), list.size());
            if (end != 0) {
                result.emplace_back(list.substr(0, end));
            }
            list.remove_prefix(std::min(end + 1, list.size()));
        }
        return result;
    }();
    return names;
}

identifier_limits identifier_limits_for(const std::vector<std::string>& dialects) {
    const std::vector<std::string>& wanted = dialects.empty() ? built_dialects() : dialects;
    for (const auto& name : wanted) {
        if (std::find(known_dialects().begin(), known_dialects().end(), name) ==
            known_dialects().end()) {
            throw diagnostic_error({diagnostic{
                {},
                fmt::format("unknown dialect '{}'", printable(name)),
                {fmt::format("name one of {} (--dialect, repeatable; add_migrations DIALECTS)",
                             fmt::join(known_dialects(), ", "))}}});
        }
    }
    identifier_limits limits;
    for (const auto& limit : all_limits) {
        if (std::find(wanted.begin(), wanted.end(), limit.dialect) != wanted.end()) {
            limits.push_back(&limit);
        }
    }
    return limits;
}

namespace {
// A table's snapshot file is `<name>.json` (project/snapshot.cpp); NAME_MAX of ext4, XFS,
// btrfs, APFS and NTFS is 255 bytes.
constexpr std::string_view snapshot_suffix = ".json";
constexpr std::size_t max_file_name = 255;
} // namespace

std::vector<diagnostic> validate_names(const std::vector<declared_name>& names,
                                       const identifier_limits& limits) {
    std::vector<diagnostic> problems;
    std::map<const identifier_limit*, cut_names> cut_forms;
    for (const identifier_limit* limit : limits) {
        if (limit->cuts) {
            cut_forms[limit] = by_cut_form(names, limit->max);
        }
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
        if (n.what == "table" && n.name.size() + snapshot_suffix.size() > max_file_name) {
            // Its snapshot file, `<name>.json`, could not be written (ENAMETOOLONG), and a
            // database with no length limit (SQLite) would not stop the name earlier.
            problems.push_back(
                {n.where,
                 fmt::format("{} is too long for its snapshot file: '<name>.json' would be {} "
                             "bytes, and file systems allow {}",
                             describe(n), n.name.size() + snapshot_suffix.size(), max_file_name),
                 {how_to_rename(n) +
                  fmt::format(" of at most {} bytes", max_file_name - snapshot_suffix.size())}});
        }
        if (n.what != "column" && starts_with_reserved(n.name)) {
            problems.push_back(
                {n.where,
                 fmt::format("{} uses the reserved prefix 'strata_'", describe(n)),
                 {"names starting with 'strata_' belong to strata's own tables (the version and "
                  "history tables, the copies a SQLite table rebuild makes)",
                  how_to_rename(n)}});
        }
        // One error per name: the strictest limit it breaks.
        const auto broken = std::find_if(limits.begin(), limits.end(), [&](const auto* limit) {
            return length_for(*limit, n.name) > limit->max;
        });
        if (broken != limits.end()) {
            problems.push_back(too_long(n, **broken, cut_forms[*broken]));
        }
    }
    return problems;
}

} // namespace strata::generator
