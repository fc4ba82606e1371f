#include "render.hpp"

#include "diagnostic.hpp"

#include "strata/detail/overloaded.hpp"
#include <algorithm>

#include <fmt/format.h>
#include <map>

namespace strata::generator {
namespace {

using strata::detail::overloaded;

std::string render_type(const column_type& type) {
    switch (type.kind) {
    case type_kind::int32:
        return "int32()";
    case type_kind::int64:
        return "int64()";
    case type_kind::float64:
        return "float64()";
    case type_kind::boolean:
        return "boolean()";
    case type_kind::string:
        return type.length ? fmt::format("string({})", *type.length) : "text()";
    default:
        break;
    }
    return "text()";
}

std::string render_column(const column& c) {
    std::string text = fmt::format("col({}, {})", cpp_string_literal(c.name), render_type(c.type));
    if (c.primary_key) {
        text += ".primary_key()";
    }
    if (c.nullable) {
        text += ".nullable()";
    }
    return text;
}

std::string render_operations(const std::vector<operation>& operations) {
    if (operations.empty()) {
        return "    // No schema changes.";
    }
    std::string text;
    for (const auto& op : operations) {
        if (!text.empty()) {
            text += '\n';
        }
        text += render_operation(op);
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
            out += ch;
        }
    }
    return out + "\"";
}

std::string render_operation(const operation& op, int indent) {
    const std::string pad(static_cast<std::size_t>(indent), ' ');
    return std::visit(
        overloaded{
            [&](const ops::create_table& o) {
                std::string text = fmt::format("{}op.create_table({}, {{\n", pad,
                                               cpp_string_literal(o.definition.name));
                for (const auto& c : o.definition.columns) {
                    text += fmt::format("{}    {},\n", pad, render_column(c));
                }
                return text + pad + "});";
            },
            [&](const ops::drop_table& o) {
                return fmt::format("{}op.drop_table({});", pad, cpp_string_literal(o.table_name));
            },
            [&](const ops::add_column& o) {
                return fmt::format("{}op.add_column({}, {});", pad,
                                   cpp_string_literal(o.table_name), render_column(o.definition));
            },
            [&](const ops::drop_column& o) {
                return fmt::format("{}op.drop_column({}, {});", pad,
                                   cpp_string_literal(o.table_name),
                                   cpp_string_literal(o.column_name));
            },
            [&](const ops::execute_sql& o) {
                return fmt::format("{}op.execute({});", pad, cpp_string_literal(o.sql));
            },
            [&](const auto& o) -> std::string {
                throw std::logic_error("TEMPORARY: cannot render " + describe(o));
            },
        },
        op);
}

std::string render_revision(const std::string& template_text, const std::string& template_name,
                            const revision_header& header, const std::vector<operation>& upgrades,
                            const std::vector<operation>& downgrades) {
    std::string down_list;
    std::string revises;
    for (const auto& parent : header.down_revisions) {
        down_list += (down_list.empty() ? "" : ", ") + cpp_string_literal(parent);
        revises += (revises.empty() ? "" : ", ") + parent;
    }
    std::string label_list;
    for (const auto& label : header.branch_labels) {
        label_list += (label_list.empty() ? "" : ", ") + cpp_string_literal(label);
    }
    const std::map<std::string, std::string, std::less<>> values{
        {"branch_labels", label_list},
        {"revision", header.id},
        {"down_revisions", down_list},
        {"revises", revises.empty() ? std::string("<base>") : revises},
        {"message", header.message},
        {"message_literal", cpp_string_literal(header.message)},
        {"create_date", header.create_date},
        {"upgrades", render_operations(upgrades)},
        {"downgrades", render_operations(downgrades)},
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
        out += it->second;
        pos = end + 1;
    }
    return out;
}

} // namespace strata::generator
