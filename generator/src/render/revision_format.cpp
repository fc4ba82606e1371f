#include "render/revision_format.hpp"

#include "support/diagnostic.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <regex>

namespace strata::generator::revision_format {
namespace {

// @p text with every comment's characters replaced by spaces (line breaks kept, so
// positions and lines stay), so that `// .transactional = false` in a comment is not the
// registrar. String, character and raw string literals are kept as they are.
std::string without_comments(const std::string& text) {
    std::string out = text;
    std::size_t i = 0;
    auto blank = [&](std::size_t from, std::size_t to) {
        for (std::size_t k = from; k < to && k < out.size(); ++k) {
            if (out[k] != '\n') {
                out[k] = ' ';
            }
        }
    };
    while (i < text.size()) {
        if (text.compare(i, 2, "//") == 0) {
            const auto end = std::min(text.find('\n', i), text.size());
            blank(i, end);
            i = end;
        } else if (text.compare(i, 2, "/*") == 0) {
            const auto close = text.find("*/", i + 2);
            const auto end = close == std::string::npos ? text.size() : close + 2;
            blank(i, end);
            i = end;
        } else if (text.compare(i, 2, "R\"") == 0) {
            const auto open = text.find('(', i + 2);
            if (open == std::string::npos) {
                break;
            }
            const auto close = text.find(")" + text.substr(i + 2, open - i - 2) + "\"", open);
            i = close == std::string::npos ? text.size() : close + 1;
        } else if (text[i] == '"' || text[i] == '\'') {
            const char quote = text[i++];
            while (i < text.size() && text[i] != quote && text[i] != '\n') {
                i += text[i] == '\\' ? 2 : 1;
            }
            ++i;
        } else {
            ++i;
        }
    }
    return out;
}

// The text of a string literal cpp_string_literal() wrote (and what a person writes):
// simple escapes and octal escapes; anything else is kept as written.
std::string unescape_literal(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\\' || i + 1 == text.size()) {
            out += text[i];
            continue;
        }
        const char next = text[++i];
        if (next == 'n') {
            out += '\n';
        } else if (next == 't') {
            out += '\t';
        } else if (next >= '0' && next <= '7') {
            int value = 0;
            std::size_t digits = 0;
            for (; digits < 3 && i < text.size() && text[i] >= '0' && text[i] <= '7';
                 ++digits, ++i) {
                value = value * 8 + (text[i] - '0');
            }
            --i;
            out += static_cast<char>(value);
        } else {
            out += next; // \\ \" \'
        }
    }
    return out;
}

// `.field = <value pattern>`; the value is the first capture group of @p value.
std::regex field_re(std::string_view field, const char* value) {
    return std::regex(fmt::format(R"re(\.{}\s*=\s*{})re", field, value));
}

const char* const list_value = R"re(\{([^}]*)\})re";
const char* const function_value = R"re(&\s*([A-Za-z_][A-Za-z0-9_]*))re";

// Compiled once: every build reads every revision's registrar.
struct patterns {
    // The literal must end the value: `"01cbbab09ec6" "x"` is one id to the compiler.
    std::regex id = field_re(id_field, R"re("([A-Za-z0-9_]+)"(?=\s*[,}]))re");
    std::regex down_revisions = field_re(down_revisions_field, list_value);
    std::regex branch_labels = field_re(branch_labels_field, list_value);
    std::regex depends_on = field_re(depends_on_field, list_value);
    std::regex replaces = field_re(replaces_field, list_value);
    std::regex message = field_re(message_field, R"re("((?:[^"\\]|\\.)*)")re");
    std::regex create_date = field_re(create_date_field, R"re("([^"]*)")re");
    std::regex transactional = field_re(transactional_field, R"re((true|false)\b)re");
    std::regex upgrade = field_re(upgrade_field, function_value);
    std::regex downgrade = field_re(downgrade_field, function_value);
    std::regex id_item{R"re("([A-Za-z0-9_]+)")re"};
    std::regex any_item{R"re("([^"]*)")re"};
};

const patterns& compiled() {
    static const patterns p;
    return p;
}

unsigned line_at(const std::string& text, std::ptrdiff_t pos) {
    return 1 + static_cast<unsigned>(std::count(text.begin(), text.begin() + pos, '\n'));
}

// The quoted strings of a `{"a", "b"}` list field (@p field_pattern) that match
// @p item_pattern; @p line gets the field's line.
std::vector<std::string> list_field(const std::string& text, const std::regex& field_pattern,
                                    const std::regex& item_pattern, unsigned* line = nullptr) {
    std::smatch m;
    std::vector<std::string> items;
    if (!std::regex_search(text, m, field_pattern)) {
        return items;
    }
    if (line != nullptr) {
        *line = line_at(text, m.position(0));
    }
    const std::string list = m[1];
    for (std::sregex_iterator it(list.begin(), list.end(), item_pattern), end; it != end; ++it) {
        items.push_back((*it)[1]);
    }
    return items;
}

} // namespace

std::string placeholder(std::string_view name) {
    return fmt::format("${{{}}}", name);
}

std::string list_field_line(std::string_view field, std::string_view placeholder_name) {
    return fmt::format(".{} = {{{}}},", field, placeholder(placeholder_name));
}

registration scan_registration(const std::string& text) {
    const auto& re = compiled();
    const std::string all = without_comments(text);
    // The fields are searched from the registrar on (the end of the file), not through the
    // operations above it: every build reads every revision.
    const auto from = std::min(all.rfind("revision_registrar"), all.size());
    const std::string code = from == all.size() ? all : all.substr(from);
    const unsigned lines_before = line_at(all, static_cast<std::ptrdiff_t>(from)) - 1;
    registration reg;
    std::smatch m;
    if (std::regex_search(code, m, re.id)) {
        reg.id = m[1];
        reg.id_line = lines_before + line_at(code, m.position(0));
    }
    reg.has_down_revisions = std::regex_search(code, m, re.down_revisions);
    reg.down_revisions = list_field(code, re.down_revisions, re.id_item);
    reg.branch_labels = list_field(code, re.branch_labels, re.any_item);
    reg.depends_on = list_field(code, re.depends_on, re.any_item, &reg.depends_on_line);
    reg.depends_on_line += reg.depends_on_line == 0 ? 0 : lines_before;
    reg.replaces = list_field(code, re.replaces, re.id_item);
    if (std::regex_search(code, m, re.message)) {
        reg.message = unescape_literal(m[1]);
    }
    if (std::regex_search(code, m, re.create_date)) {
        reg.create_date = m[1];
    }
    if (std::regex_search(code, m, re.transactional)) {
        reg.transactional = m[1] == "true";
    }
    if (std::regex_search(code, m, re.upgrade)) {
        reg.upgrade_function = m[1];
    }
    if (std::regex_search(code, m, re.downgrade)) {
        reg.downgrade_function = m[1];
    }
    return reg;
}

namespace {
[[noreturn]] void refuse_id(const std::filesystem::path& file, unsigned line,
                            const std::string& message) {
    throw diagnostic_error(
        {diagnostic{{file, line, 0},
                    message,
                    {"restore the id strata wrote (the 12 hex digits in the file name)"}}});
}

// An id is a target (`strata upgrade ID`, `ID@head`, `ID+1`, prefixes): a keyword would
// name something else, and an upper-case letter makes a second spelling of an id the
// generator writes in lower-case hex. The pattern (`re.id`) already keeps out '-', '+',
// '@' and ':'.
void check_id(const std::filesystem::path& file, const registration& reg) {
    for (const std::string_view keyword : {"head", "heads", "base", "current"}) {
        if (reg.id == keyword) {
            refuse_id(file, reg.id_line,
                      fmt::format("revision id '{}' is a target keyword, so no command could "
                                  "name this revision",
                                  reg.id));
        }
    }
    if (std::any_of(reg.id.begin(), reg.id.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; })) {
        refuse_id(file, reg.id_line,
                  fmt::format("revision id '{}' has an upper-case letter; revision ids are "
                              "lower-case letters, digits and '_'",
                              reg.id));
    }
}

// An `.id = "..."` the id pattern did not take (a quote, a space, a '-' in it): say that,
// at its line, rather than that the file has no id.
void refuse_malformed_id(const std::filesystem::path& file, const std::string& text) {
    static const std::regex loose(fmt::format(R"re(\.{}\s*=\s*"([^"\n]*)")re", id_field));
    std::smatch found;
    if (std::regex_search(text, found, loose)) {
        const auto line = static_cast<unsigned>(
            1 + std::count(text.begin(), text.begin() + found.position(0), '\n'));
        refuse_id(file, line,
                  fmt::format("revision id '{}' is not one string literal of lower-case letters, "
                              "digits and '_'",
                              found.str(1)));
    }
}
} // namespace

registration read_registration(const std::filesystem::path& file, const std::string& text) {
    auto reg = scan_registration(text);
    if (reg.id.empty()) {
        refuse_malformed_id(file, text);
        throw diagnostic_error({diagnostic{
            {file, 0, 0},
            fmt::format("revision file has no `.{} = \"...\"` in its strata::revision_registrar",
                        id_field),
            {"every file in versions/ must register one revision; move other files elsewhere"}}});
    }
    check_id(file, reg);
    if (!reg.has_down_revisions) {
        throw diagnostic_error({diagnostic{
            {file, reg.id_line, 0},
            fmt::format("revision '{}' has no `.{} = {{...}}`", reg.id, down_revisions_field),
            {fmt::format("use `.{} = {{}}` for a first revision", down_revisions_field)}}});
    }
    return reg;
}

} // namespace strata::generator::revision_format
