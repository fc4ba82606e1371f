#include "render/render.hpp"

#include "render/revision_format.hpp"
#include "support/diagnostic.hpp"

#include "strata/detail/overloaded.hpp"
#include <algorithm>

#include <fmt/format.h>
#include <map>

namespace strata::generator {
namespace {

using strata::detail::overloaded;

std::string string_list(const std::vector<std::string>& items) {
    std::string text = "{";
    for (std::size_t i = 0; i < items.size(); ++i) {
        text += (i ? ", " : "") + cpp_string_literal(items[i]);
    }
    return text + "}";
}

std::string render_type(const column_type& type) {
    std::string text;
    switch (type.kind) {
    case type_kind::int16:
        text = "int16()";
        break;
    case type_kind::int32:
        text = "int32()";
        break;
    case type_kind::int64:
        text = "int64()";
        break;
    case type_kind::float32:
        text = "float32()";
        break;
    case type_kind::float64:
        text = "float64()";
        break;
    case type_kind::boolean:
        text = "boolean()";
        break;
    case type_kind::string:
        text = type.length ? fmt::format("string({})", *type.length) : "text()";
        break;
    case type_kind::binary:
        text = "binary()";
        break;
    case type_kind::timestamp:
        text = "timestamp()";
        break;
    case type_kind::date:
        text = "date()";
        break;
    case type_kind::decimal:
        text = fmt::format("decimal({}, {})", type.precision.value_or(0), type.scale.value_or(0));
        break;
    case type_kind::enumeration:
        text = fmt::format("enumeration({}, {})", cpp_string_literal(type.enum_name),
                           string_list(type.enum_values));
        break;
    case type_kind::local_timestamp:
    case type_kind::time_of_day:
    case type_kind::interval:
    case type_kind::uuid:
    case type_kind::json:
        text = fmt::format("{}()", to_string(type.kind));
        break;
    }
    if (!type.sql_override.empty()) {
        text = fmt::format("sql_type({}, {})", text, cpp_string_literal(type.sql_override));
    }
    return text;
}

std::string render_column(const column& c) {
    std::string text = fmt::format("col({}, {})", cpp_string_literal(c.name), render_type(c.type));
    if (c.primary_key) {
        text += ".primary_key()";
    }
    if (c.autoincrement) {
        text += ".autoincrement()";
    }
    if (c.nullable) {
        text += ".nullable()";
    }
    if (c.server_default) {
        text += fmt::format(".server_default({})", cpp_string_literal(*c.server_default));
    }
    if (c.comment) {
        text += fmt::format(".comment({})", cpp_string_literal(*c.comment));
    }
    return text;
}

std::string render_index(const index& i) {
    return fmt::format("{}({}, {})", i.unique ? "unique_idx" : "idx", cpp_string_literal(i.name),
                       string_list(i.columns));
}

std::string render_unique(const unique_constraint& u) {
    return fmt::format("unique({}, {})", cpp_string_literal(u.name), string_list(u.columns));
}

std::string render_foreign_key(const foreign_key& k) {
    std::string text =
        fmt::format("fk({}, {}, {}, {}", cpp_string_literal(k.name), string_list(k.columns),
                    cpp_string_literal(k.referenced_table), string_list(k.referenced_columns));
    if (k.on_delete != referential_action::no_action ||
        k.on_update != referential_action::no_action) {
        text += fmt::format(", strata::referential_action::{}", to_string(k.on_delete));
    }
    if (k.on_update != referential_action::no_action) {
        text += fmt::format(", strata::referential_action::{}", to_string(k.on_update));
    }
    return text + ")";
}

std::string render_check(const check_constraint& c) {
    return fmt::format("check({}, {})", cpp_string_literal(c.name),
                       cpp_string_literal(c.expression));
}

// `.field = {` one item per line `},` inside a designated initialiser.
template <class T, class Render>
std::string render_member_list(const std::string& pad, const char* field,
                               const std::vector<T>& items, Render render) {
    if (items.empty()) {
        return {};
    }
    std::string text = fmt::format("{}    .{} =\n{}        {{\n", pad, field, pad);
    for (const auto& item : items) {
        text += fmt::format("{}            {},\n", pad, render(item));
    }
    return text + pad + "        },\n";
}

std::string render_create_table(const table& t, const std::string& pad) {
    const bool columns_only = t.indexes.empty() && t.uniques.empty() && t.foreign_keys.empty() &&
                              t.checks.empty() && !t.comment;
    if (columns_only) {
        std::string text =
            fmt::format("{}op.create_table({}, {{\n", pad, cpp_string_literal(t.name));
        for (const auto& c : t.columns) {
            text += fmt::format("{}    {},\n", pad, render_column(c));
        }
        return text + pad + "});";
    }
    std::string text = fmt::format("{}op.create_table({{\n{}    .name = {},\n", pad, pad,
                                   cpp_string_literal(t.name));
    text += render_member_list(pad, "columns", t.columns, render_column);
    text += render_member_list(pad, "indexes", t.indexes, render_index);
    text += render_member_list(pad, "uniques", t.uniques, render_unique);
    text += render_member_list(pad, "foreign_keys", t.foreign_keys, render_foreign_key);
    text += render_member_list(pad, "checks", t.checks, render_check);
    if (t.comment) {
        text += fmt::format("{}    .comment = {},\n", pad, cpp_string_literal(*t.comment));
    }
    return text + pad + "});";
}

std::string render_steps(const std::vector<step>& steps) {
    if (steps.empty()) {
        return "    // No schema changes.";
    }
    std::string text;
    for (const auto& s : steps) {
        if (!text.empty()) {
            text += '\n';
        }
        if (!s.warning.empty()) {
            text += fmt::format("    // WARNING: {}\n", comment_text(s.warning, "    //   "));
        }
        text += render_operation(s.op);
    }
    return text;
}

} // namespace

std::string cpp_string_literal(const std::string& text) {
    std::string out = "\"";
    for (char ch : text) {
        switch (ch) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            // Other control characters (a carriage return would end the line for some
            // compilers) as three-digit octal escapes, which never swallow the next character.
            if (static_cast<unsigned char>(ch) < 0x20 || ch == '\x7f') {
                out += fmt::format("\\{:03o}", static_cast<unsigned char>(ch));
            } else {
                out += ch;
            }
        }
    }
    return out + "\"";
}

std::string comment_text(std::string_view text, std::string_view continuation) {
    std::string out;
    auto end_line = [&out] {
        // A backslash ending a line would splice the next source line into the comment.
        if (!out.empty() && out.back() == '\\') {
            out += '.';
        }
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char ch = text[i];
        if (ch == '\n') {
            end_line();
            out += '\n';
            out += continuation;
        } else if (ch == '*' && i + 1 < text.size() && text[i + 1] == '/') {
            out += "* "; // `*/` would close a block comment
        } else if (ch == '\t' || static_cast<unsigned char>(ch) >= 0x20) {
            out += ch;
        } else {
            out += ' '; // a carriage return or another control character
        }
    }
    end_line();
    return out;
}

std::string render_operation(const operation& op, int indent) {
    const std::string pad(static_cast<std::size_t>(indent), ' ');
    auto lit = [](const std::string& text) { return cpp_string_literal(text); };
    return std::visit(
        overloaded{
            [&](const ops::create_table& o) { return render_create_table(o.definition, pad); },
            [&](const ops::drop_table& o) {
                return fmt::format("{}op.drop_table({});", pad, lit(o.table_name));
            },
            [&](const ops::rename_table& o) {
                return fmt::format("{}op.rename_table({}, {});", pad, lit(o.old_name),
                                   lit(o.new_name));
            },
            [&](const ops::add_column& o) {
                return fmt::format("{}op.add_column({}, {});", pad, lit(o.table_name),
                                   render_column(o.definition));
            },
            [&](const ops::drop_column& o) {
                return fmt::format("{}op.drop_column({}, {});", pad, lit(o.table_name),
                                   lit(o.column_name));
            },
            [&](const ops::rename_column& o) {
                return fmt::format("{}op.rename_column({}, {}, {});", pad, lit(o.table_name),
                                   lit(o.old_name), lit(o.new_name));
            },
            [&](const ops::alter_column& o) {
                return fmt::format("{}op.alter_column({},\n{}                /*from=*/{},\n{}     "
                                   "           /*to=*/{});",
                                   pad, lit(o.table_name), pad, render_column(o.from), pad,
                                   render_column(o.to));
            },
            [&](const ops::alter_primary_key& o) {
                return fmt::format("{}op.alter_primary_key({}, {}, {});", pad, lit(o.table_name),
                                   string_list(o.from_columns), string_list(o.to_columns));
            },
            [&](const ops::create_index& o) {
                return fmt::format("{}op.create_index({}, {});", pad, lit(o.table_name),
                                   render_index(o.definition));
            },
            [&](const ops::drop_index& o) {
                return fmt::format("{}op.drop_index({}, {});", pad, lit(o.table_name),
                                   lit(o.index_name));
            },
            [&](const ops::add_unique& o) {
                return fmt::format("{}op.add_unique({}, {});", pad, lit(o.table_name),
                                   render_unique(o.definition));
            },
            [&](const ops::drop_unique& o) {
                return fmt::format("{}op.drop_unique({}, {});", pad, lit(o.table_name),
                                   lit(o.constraint_name));
            },
            [&](const ops::add_foreign_key& o) {
                return fmt::format("{}op.add_foreign_key({}, {});", pad, lit(o.table_name),
                                   render_foreign_key(o.definition));
            },
            [&](const ops::drop_foreign_key& o) {
                return fmt::format("{}op.drop_foreign_key({}, {});", pad, lit(o.table_name),
                                   lit(o.constraint_name));
            },
            [&](const ops::add_check& o) {
                return fmt::format("{}op.add_check({}, {});", pad, lit(o.table_name),
                                   render_check(o.definition));
            },
            [&](const ops::drop_check& o) {
                return fmt::format("{}op.drop_check({}, {});", pad, lit(o.table_name),
                                   lit(o.constraint_name));
            },
            [&](const ops::set_table_comment& o) {
                return fmt::format("{}op.set_table_comment({}, {});", pad, lit(o.table_name),
                                   o.comment ? lit(*o.comment) : std::string("nullptr"));
            },
            [&](const ops::execute_sql& o) {
                return fmt::format("{}op.execute({});", pad, lit(o.sql));
            },
        },
        op);
}

namespace {
// Templates written before squash (every one `strata init` wrote) have no ${replaces}: the
// field goes last in the registrar, which is where revision_info declares it.
void add_replaces_field(std::string& text, const std::string& replaced_list,
                        const std::string& template_name) {
    const auto registrar = text.find("revision_registrar");
    const auto end = registrar == std::string::npos ? registrar : text.find("}};", registrar);
    if (end == std::string::npos) {
        throw diagnostic_error({diagnostic{
            {template_name, 0, 0},
            "the revision template has no registrar ending in `}};`, so a squash's replaced "
            "revisions have nowhere to go",
            {fmt::format(
                "add `{}` as the registrar's last field",
                revision_format::list_field_line(revision_format::replaces_field,
                                                 revision_format::replaces_placeholder))}}});
    }
    text.insert(end,
                fmt::format("    .{} = {{{}}},\n", revision_format::replaces_field, replaced_list));
}
} // namespace

std::string render_revision(const std::string& template_text, const std::string& template_name,
                            const revision_header& header, const std::vector<step>& upgrades,
                            const std::vector<step>& downgrades) {
    std::string down_list;
    std::string revises;
    for (const auto& parent : header.down_revisions) {
        down_list += (down_list.empty() ? "" : ", ") + cpp_string_literal(parent);
        revises += (revises.empty() ? "" : ", ") + parent;
    }
    auto literal_list = [](const std::vector<std::string>& items) {
        std::string list;
        for (const auto& item : items) {
            list += (list.empty() ? "" : ", ") + cpp_string_literal(item);
        }
        return list;
    };
    namespace format = revision_format;
    const std::map<std::string, std::string, std::less<>> values{
        {std::string(format::branch_labels_placeholder), literal_list(header.branch_labels)},
        {std::string(format::depends_on_placeholder), literal_list(header.depends_on)},
        {std::string(format::replaces_placeholder), literal_list(header.replaces)},
        {std::string(format::revision_placeholder), header.id},
        {std::string(format::down_revisions_placeholder), down_list},
        {std::string(format::revises_placeholder),
         revises.empty() ? std::string("<base>") : revises},
        {std::string(format::message_placeholder), header.message},
        {std::string(format::message_literal_placeholder), cpp_string_literal(header.message)},
        {std::string(format::create_date_placeholder), header.create_date},
        {std::string(format::upgrades_placeholder), render_steps(upgrades)},
        {std::string(format::downgrades_placeholder), render_steps(downgrades)},
    };

    std::string out;
    std::size_t pos = 0;
    while (true) {
        const auto start = template_text.find("${", pos);
        if (start == std::string::npos) {
            out.append(template_text, pos);
            break;
        }
        out.append(template_text, pos, start - pos);
        const auto end = template_text.find('}', start);
        const auto line = static_cast<unsigned>(
            1 + std::count(template_text.begin(), template_text.begin() + static_cast<long>(start),
                           '\n'));
        if (end == std::string::npos) {
            throw diagnostic_error({diagnostic{{template_name, line, 0},
                                               "unterminated placeholder '${' in revision template",
                                               {}}});
        }
        const auto name = template_text.substr(start + 2, end - start - 2);
        auto it = values.find(name);
        if (it == values.end()) {
            std::string known;
            for (const auto& [key, value] : values) {
                known += (known.empty() ? "" : ", ") + fmt::format("${{{}}}", key);
            }
            throw diagnostic_error(
                {diagnostic{{template_name, line, 0},
                            fmt::format("unknown placeholder '${{{}}}' in revision template", name),
                            {fmt::format("known placeholders: {}", known)}}});
        }
        if (name == format::message_placeholder || name == format::revises_placeholder) {
            // Human text stands in a comment: its further lines repeat what precedes the
            // placeholder on its template line ("// "), so they stay in the comment.
            const auto line_start = template_text.rfind('\n', start);
            const auto prefix_begin = line_start == std::string::npos ? 0 : line_start + 1;
            out += comment_text(
                it->second,
                std::string_view(template_text).substr(prefix_begin, start - prefix_begin));
        } else {
            out += it->second;
        }
        pos = end + 1;
    }
    if (!header.replaces.empty() &&
        template_text.find(revision_format::placeholder(revision_format::replaces_placeholder)) ==
            std::string::npos) {
        add_replaces_field(out, values.find(revision_format::replaces_placeholder)->second,
                           template_name);
    }
    return out;
}

} // namespace strata::generator
