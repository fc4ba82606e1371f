#pragma once
/// @file
/// GoogleTest printers for the schema model, so a failed EXPECT_EQ on schemas shows
/// readable text instead of bytes.

#include "strata/schema.hpp"

#include <ostream>
#include <string>
#include <vector>

namespace strata {

inline std::string printable_list(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items) {
        text += (text.empty() ? "" : ",") + item;
    }
    return text;
}

inline void PrintTo(const column_type& t, std::ostream* os) {
    *os << to_string(t.kind);
    if (t.length) {
        *os << "(" << *t.length << ")";
    }
    if (t.precision) {
        *os << "(" << *t.precision << "," << t.scale.value_or(-1) << ")";
    }
    if (t.kind == type_kind::enumeration) {
        *os << " " << t.enum_name << "{" << printable_list(t.enum_values) << "}";
    }
    if (!t.sql_override.empty()) {
        *os << " as '" << t.sql_override << "'";
    }
}

inline void PrintTo(const column& c, std::ostream* os) {
    *os << c.name << " ";
    PrintTo(c.type, os);
    *os << (c.nullable ? " null" : " not-null") << (c.primary_key ? " pk" : "")
        << (c.autoincrement ? " autoincrement" : "");
    if (c.server_default) {
        *os << " default[" << *c.server_default << "]";
    }
    if (c.comment) {
        *os << " comment[" << *c.comment << "]";
    }
}

inline void PrintTo(const table& t, std::ostream* os) {
    *os << "\n  table " << t.name;
    if (t.comment) {
        *os << " comment[" << *t.comment << "]";
    }
    for (const auto& c : t.columns) {
        *os << "\n    column ";
        PrintTo(c, os);
    }
    for (const auto& i : t.indexes) {
        *os << "\n    index " << i.name << (i.unique ? " unique" : "") << " ("
            << printable_list(i.columns) << ")";
    }
    for (const auto& u : t.uniques) {
        *os << "\n    unique " << u.name << " (" << printable_list(u.columns) << ")";
    }
    for (const auto& f : t.foreign_keys) {
        *os << "\n    foreign key " << f.name << " (" << printable_list(f.columns) << ") -> "
            << f.referenced_table << " (" << printable_list(f.referenced_columns) << ") delete "
            << to_string(f.on_delete) << " update " << to_string(f.on_update);
    }
    for (const auto& c : t.checks) {
        *os << "\n    check " << c.name << " [" << c.expression << "]";
    }
}

inline void PrintTo(const schema& s, std::ostream* os) {
    *os << "schema:";
    for (const auto& t : s.tables) {
        PrintTo(t, os);
    }
}

} // namespace strata
