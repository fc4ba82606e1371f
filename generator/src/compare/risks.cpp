#include "compare/risks.hpp"

#include "strata/detail/overloaded.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>

namespace strata::generator {
namespace {
using strata::detail::overloaded;

std::string quoted_list(const std::vector<std::string>& items) {
    std::vector<std::string> quoted;
    for (const auto& item : items) {
        quoted.push_back("'" + item + "'");
    }
    return fmt::format("{}", fmt::join(quoted, ", "));
}

// What a type change that does not widen does to the values it meets, per dialect: the
// PostgreSQL dialect converts in place (ALTER COLUMN ... TYPE ... USING), which fails on
// the first value that does not fit; SQLite's rebuild copies values as they are (its
// column types are affinities), except into an enumeration, whose CHECK refuses them.
std::string narrowing_text(const column_type& from, const column_type& to) {
    const std::string change = fmt::format("{} → {}", describe_type(from), describe_type(to));
    if (!from.sql_override.empty() || !to.sql_override.empty()) {
        return fmt::format("converts its type ({}): fails or changes values that the new SQL "
                           "type cannot hold",
                           change);
    }
    if (from.kind == type_kind::string && to.kind == type_kind::string) {
        return fmt::format("narrows its type ({}): PostgreSQL fails on a value longer than {} "
                           "characters; SQLite keeps it",
                           change, to.length.value_or(0));
    }
    if (is_integer(from.kind) && is_integer(to.kind)) {
        return fmt::format("narrows its type ({}): PostgreSQL fails on a value out of {}'s "
                           "range; SQLite keeps it",
                           change, to_string(to.kind));
    }
    if (from.kind == type_kind::float64 && to.kind == type_kind::float32) {
        return fmt::format("narrows its type ({}): values are rounded to single precision", change);
    }
    if (from.kind == type_kind::decimal && to.kind == type_kind::decimal) {
        return fmt::format("narrows its type ({}): PostgreSQL fails on a value with more "
                           "digits before the point and rounds digits after it; SQLite keeps it",
                           change);
    }
    if (to.kind == type_kind::enumeration) {
        std::vector<std::string> removed;
        for (const auto& v : from.enum_values) {
            if (std::find(to.enum_values.begin(), to.enum_values.end(), v) ==
                to.enum_values.end()) {
                removed.push_back(v);
            }
        }
        if (from.kind == type_kind::enumeration) {
            return fmt::format("removes enumeration values ({}): fails on a row holding {}", change,
                               quoted_list(removed));
        }
        return fmt::format("converts its type ({}): fails on a row whose value is not one of {}",
                           change, quoted_list(to.enum_values));
    }
    return fmt::format("converts its type ({}): PostgreSQL fails on a value that does not "
                       "convert; SQLite keeps it unconverted",
                       change);
}

std::vector<risk> alter_column_risks(const ops::alter_column& o) {
    std::vector<risk> out;
    if (!widens_or_keeps(o.from.type, o.to.type)) {
        out.push_back(
            {risk_kind::data_loss, "narrow-type", narrowing_text(o.from.type, o.to.type)});
    }
    if (o.from.nullable && !o.to.nullable) {
        out.push_back({risk_kind::may_fail, "set-not-null",
                       "makes it NOT NULL: fails while a row holds NULL"});
    }
    return out;
}

// The subject of a warning line: which operation, on what.
std::string subject(const operation& op) {
    return std::visit(
        overloaded{
            [](const ops::drop_table& o) { return fmt::format("drops table {}", o.table_name); },
            [](const ops::drop_column& o) {
                return fmt::format("drops column {}.{}", o.table_name, o.column_name);
            },
            [](const ops::add_column& o) {
                return fmt::format("adds column {}.{}", o.table_name, o.definition.name);
            },
            [](const ops::alter_column& o) {
                return fmt::format("alters column {}.{}", o.table_name, o.to.name);
            },
            [](const ops::alter_primary_key& o) {
                return fmt::format("changes the primary key of {}", o.table_name);
            },
            [](const ops::add_unique& o) {
                return fmt::format("adds unique constraint {} on {}({})", o.definition.name,
                                   o.table_name, fmt::join(o.definition.columns, ", "));
            },
            [](const ops::create_index& o) {
                return fmt::format("creates unique index {} on {}({})", o.definition.name,
                                   o.table_name, fmt::join(o.definition.columns, ", "));
            },
            [](const ops::add_foreign_key& o) {
                return fmt::format("adds foreign key {} on {}({}) to {}({})", o.definition.name,
                                   o.table_name, fmt::join(o.definition.columns, ", "),
                                   o.definition.referenced_table,
                                   fmt::join(o.definition.referenced_columns, ", "));
            },
            [](const ops::add_check& o) {
                return fmt::format("adds check {} on {}", o.definition.name, o.table_name);
            },
            [](const auto&) { return std::string(); },
        },
        op);
}

} // namespace

bool widens_or_keeps(const column_type& from, const column_type& to) {
    if (from == to) {
        return true;
    }
    if (!to.sql_override.empty() || !from.sql_override.empty()) {
        return false;
    }
    if (is_integer(from.kind) && is_integer(to.kind)) {
        return integer_rank(from.kind) <= integer_rank(to.kind);
    }
    if (from.kind == type_kind::float32 && to.kind == type_kind::float64) {
        return true;
    }
    if (from.kind == type_kind::string && to.kind == type_kind::string) {
        return !to.length || (from.length && *from.length <= *to.length);
    }
    if (from.kind == type_kind::decimal && to.kind == type_kind::decimal) {
        const int from_int = from.precision.value_or(0) - from.scale.value_or(0);
        const int to_int = to.precision.value_or(0) - to.scale.value_or(0);
        return to_int >= from_int && to.scale.value_or(0) >= from.scale.value_or(0);
    }
    if (from.kind == type_kind::enumeration && to.kind == type_kind::enumeration) {
        return std::all_of(from.enum_values.begin(), from.enum_values.end(), [&](const auto& v) {
            return std::find(to.enum_values.begin(), to.enum_values.end(), v) !=
                   to.enum_values.end();
        });
    }
    return false;
}

std::vector<risk> risks_of(const operation& op) {
    using list = std::vector<risk>;
    return std::visit(
        overloaded{
            [](const ops::drop_table&) {
                return list{{risk_kind::data_loss, "drop-table", "every row in it is lost"}};
            },
            [](const ops::drop_column&) {
                return list{{risk_kind::data_loss, "drop-column", "its values are lost"}};
            },
            [](const ops::add_column& o) {
                const column& c = o.definition;
                if (c.nullable || c.server_default || c.autoincrement) {
                    return list{};
                }
                return list{{risk_kind::may_fail, "add-not-null-column",
                             "NOT NULL without a default: fails if the table has rows"}};
            },
            [](const ops::alter_column& o) { return alter_column_risks(o); },
            [](const ops::alter_primary_key& o) {
                if (o.to_columns.empty()) {
                    return list{};
                }
                // Any new key can meet rows that repeat it, a narrower one most easily.
                return list{{risk_kind::may_fail, "change-primary-key",
                             "fails if rows duplicate the new key"}};
            },
            [](const ops::add_unique& o) {
                return list{{risk_kind::may_fail, "add-unique",
                             fmt::format("fails if existing rows repeat a value of ({})",
                                         fmt::join(o.definition.columns, ", "))}};
            },
            [](const ops::create_index& o) {
                if (!o.definition.unique) {
                    return list{};
                }
                return list{{risk_kind::may_fail, "add-unique-index",
                             fmt::format("fails if existing rows repeat a value of ({})",
                                         fmt::join(o.definition.columns, ", "))}};
            },
            [](const ops::add_foreign_key& o) {
                return list{{risk_kind::may_fail, "add-foreign-key",
                             fmt::format("fails if a row's ({}) matches no row of {} (NULLs pass)",
                                         fmt::join(o.definition.columns, ", "),
                                         o.definition.referenced_table)}};
            },
            [](const ops::add_check& o) {
                return list{
                    {risk_kind::may_fail, "add-check",
                     fmt::format("fails if an existing row violates {}", o.definition.expression)}};
            },
            [](const auto&) { return list{}; },
        },
        op);
}

std::string warning_text(const operation& op, const std::vector<risk>& risks) {
    if (risks.empty()) {
        return {};
    }
    std::vector<std::string> parts;
    bool loses = false;
    for (const auto& r : risks) {
        parts.push_back(r.text);
        loses = loses || r.kind == risk_kind::data_loss;
    }
    return fmt::format("{}: {}{}", subject(op), fmt::join(parts, "; "),
                       loses ? "; may lose data" : "");
}

std::string data_loss_warning(const operation& op) {
    return warning_text(op, risks_of(op));
}

std::string describe_type(const column_type& type) {
    if (!type.sql_override.empty()) {
        return fmt::format("'{}'", type.sql_override);
    }
    switch (type.kind) {
    case type_kind::string:
        return type.length ? fmt::format("string({})", *type.length) : "string (TEXT)";
    case type_kind::decimal:
        return fmt::format("decimal({}, {})", type.precision.value_or(0), type.scale.value_or(0));
    case type_kind::enumeration:
        return fmt::format("enumeration '{}'", type.enum_name);
    default:
        return std::string(to_string(type.kind));
    }
}

std::string placeholder_value(const column_type& type) {
    switch (type.kind) {
    case type_kind::boolean:
        return "FALSE";
    case type_kind::string:
    case type_kind::binary:
        return "''";
    case type_kind::timestamp:
        return "'1970-01-01 00:00:00+00'";
    case type_kind::date:
        return "'1970-01-01'";
    case type_kind::local_timestamp:
        return "'1970-01-01 00:00:00'";
    case type_kind::time_of_day:
        return "'00:00:00'";
    case type_kind::interval:
        return "'0 seconds'";
    case type_kind::uuid:
        return "'00000000-0000-0000-0000-000000000000'";
    case type_kind::json:
        return "'null'";
    case type_kind::enumeration:
        if (type.enum_values.empty()) {
            return "''";
        } else {
            std::string value = type.enum_values.front();
            for (std::size_t at = value.find('\''); at != std::string::npos;
                 at = value.find('\'', at + 2)) {
                value.insert(at, 1, '\'');
            }
            return "'" + value + "'";
        }
    default:
        return "0";
    }
}

} // namespace strata::generator
