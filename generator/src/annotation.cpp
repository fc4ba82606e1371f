#include "annotation.hpp"

#include <fmt/format.h>

#include <charconv>
#include <limits>
#include <utility>

namespace strata::generator {

annotation_error::annotation_error(const std::string& message, std::size_t offset,
                                   std::vector<std::string> notes)
    : std::runtime_error(message), m_offset(offset), m_notes(std::move(notes)) {}

namespace {

constexpr std::string_view strata_prefix = "strata:";

bool is_identifier_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool is_identifier_char(char c) {
    return is_identifier_start(c) || (c >= '0' && c <= '9');
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/// Recursive-descent parser over the option text; every error names what was expected.
class option_parser {
public:
    explicit option_parser(std::string_view text) : m_text(text) {}

    std::vector<annotation_option> parse() {
        std::vector<annotation_option> options;
        skip_space();
        if (at_end()) {
            return options;
        }
        while (true) {
            options.push_back(parse_option(options.empty()));
            skip_space();
            if (at_end()) {
                return options;
            }
            if (peek() != ',') {
                fail(fmt::format("expected ',' after option '{}'", options.back().key));
            }
            ++m_pos;
            skip_space();
        }
    }

private:
    annotation_option parse_option(bool first) {
        annotation_option option;
        option.offset = m_pos;
        if (at_end() || !is_identifier_start(peek())) {
            fail(first ? "expected an option name" : "expected an option name after ','");
        }
        option.key = parse_identifier();
        skip_space();
        if (!at_end() && peek() == '=') {
            ++m_pos;
            skip_space();
            option.value = parse_value(option.key);
        }
        return option;
    }

    annotation_value parse_value(const std::string& key) {
        annotation_value value;
        if (at_end()) {
            fail(fmt::format("expected a value after '{} ='", key));
        }
        const char c = peek();
        if (c == '"') {
            value.kind = annotation_value::value_kind::string;
            value.text = parse_string();
        } else if (is_identifier_start(c)) {
            value.kind = annotation_value::value_kind::identifier;
            value.text = parse_identifier();
        } else if (is_digit(c) || ((c == '-' || c == '+') && m_pos + 1 < m_text.size() &&
                                   is_digit(m_text[m_pos + 1]))) {
            value.kind = annotation_value::value_kind::integer;
            parse_integer(value);
        } else {
            fail(fmt::format("expected a value after '{} =' (an integer, a name or a "
                             "double-quoted string)",
                             key));
        }
        return value;
    }

    std::string parse_identifier() {
        const std::size_t start = m_pos;
        while (!at_end() && is_identifier_char(peek())) {
            ++m_pos;
        }
        return std::string(m_text.substr(start, m_pos - start));
    }

    void parse_integer(annotation_value& value) {
        const std::size_t start = m_pos;
        if (peek() == '-' || peek() == '+') {
            ++m_pos;
        }
        while (!at_end() && is_digit(peek())) {
            ++m_pos;
        }
        if (!at_end() && is_identifier_char(peek())) {
            // `12abc` or `0x10`: reject instead of silently reading the leading digits.
            fail(fmt::format("malformed integer '{}'", read_word(start)), start);
        }
        value.text = std::string(m_text.substr(start, m_pos - start));
        // from_chars rejects a leading '+', so skip it; the digits are already validated.
        const char* first = value.text.data() + (value.text.front() == '+' ? 1 : 0);
        const char* last = value.text.data() + value.text.size();
        auto [end, error] = std::from_chars(first, last, value.integer);
        if (error != std::errc{} || end != last) {
            fail(fmt::format("integer {} is out of range", value.text), start);
        }
    }

    std::string parse_string() {
        const std::size_t start = m_pos;
        ++m_pos; // opening quote
        std::string result;
        while (true) {
            if (at_end()) {
                fail("unterminated string", start);
            }
            const char c = m_text[m_pos++];
            if (c == '"') {
                return result;
            }
            if (c != '\\') {
                result += c;
                continue;
            }
            if (at_end()) {
                fail("unterminated string", start);
            }
            const char escaped = m_text[m_pos++];
            switch (escaped) {
            case '"':
            case '\'':
            case '\\':
                result += escaped;
                break;
            case 'n':
                result += '\n';
                break;
            case 't':
                result += '\t';
                break;
            default:
                fail(fmt::format("unknown escape sequence '\\{}' in string", escaped), m_pos - 2);
            }
        }
    }

    std::string read_word(std::size_t start) const {
        std::size_t end = start;
        while (end < m_text.size() &&
               (is_identifier_char(m_text[end]) || m_text[end] == '-' || m_text[end] == '+')) {
            ++end;
        }
        return std::string(m_text.substr(start, end - start));
    }

    [[noreturn]] void fail(const std::string& message) const { fail(message, m_pos); }
    [[noreturn]] void fail(const std::string& message, std::size_t offset) const {
        throw annotation_error(message, offset);
    }

    void skip_space() {
        while (!at_end() && is_space(peek())) {
            ++m_pos;
        }
    }
    [[nodiscard]] bool at_end() const { return m_pos >= m_text.size(); }
    [[nodiscard]] char peek() const { return m_text[m_pos]; }

    std::string_view m_text;
    std::size_t m_pos = 0;
};

/// Parses @p text, prefixing syntax errors with the macro and its text so the user sees
/// which annotation is meant even when several share a line.
std::vector<annotation_option> parse_for(std::string_view macro, std::string_view text) {
    try {
        return parse_annotation_options(text);
    } catch (const annotation_error& error) {
        throw annotation_error(
            fmt::format("malformed options in {}({}): {}", macro, text, error.what()),
            error.offset(), error.notes());
    }
}

/// Throws when @p option appeared before in @p seen; options are meant to be given once.
void check_unique(std::vector<std::string>& seen, const annotation_option& option,
                  std::string_view what) {
    for (const auto& key : seen) {
        if (key == option.key) {
            throw annotation_error(fmt::format("{} option '{}' given twice", what, option.key),
                                   option.offset);
        }
    }
    seen.push_back(option.key);
}

std::string string_value(const annotation_option& option, std::string_view what,
                         std::string_view example) {
    if (!option.value || option.value->kind != annotation_value::value_kind::string) {
        throw annotation_error(fmt::format("{} option '{}' needs a string in double quotes, "
                                           "e.g. {} = \"{}\"",
                                           what, option.key, option.key, example),
                               option.offset);
    }
    if (option.value->text.empty()) {
        throw annotation_error(
            fmt::format("{} option '{}' must not be an empty string", what, option.key),
            option.offset);
    }
    return option.value->text;
}

[[noreturn]] void unknown_option(const annotation_option& option, std::string_view what,
                                 std::string_view valid) {
    throw annotation_error(fmt::format("unknown {} option '{}'", what, option.key), option.offset,
                           {fmt::format("valid {} options are: {}", what, valid)});
}

} // namespace

std::optional<annotation> split_annotation(std::string_view spelling) {
    if (!spelling.starts_with(strata_prefix)) {
        return std::nullopt;
    }
    const std::string_view rest = spelling.substr(strata_prefix.size());
    const auto colon = rest.find(':');
    const std::string_view kind = rest.substr(0, colon);
    annotation result;
    if (colon != std::string_view::npos) {
        result.options = std::string(rest.substr(colon + 1));
    }
    if (kind == "table" && colon != std::string_view::npos) {
        result.kind = annotation_kind::table;
    } else if (kind == "column" && colon != std::string_view::npos) {
        result.kind = annotation_kind::column;
    } else if (kind == "exclude" && colon != std::string_view::npos) {
        result.kind = annotation_kind::exclude;
    } else {
        // Only a hand-written [[clang::annotate("strata:...")]] gets here; the macros
        // always produce one of the kinds above.
        throw annotation_error(fmt::format("unknown strata annotation '{}'", spelling), 0,
                               {"use STRATA_TABLE, STRATA_COLUMN or STRATA_EXCLUDE"});
    }
    return result;
}

std::vector<annotation_option> parse_annotation_options(std::string_view text) {
    return option_parser(text).parse();
}

table_options parse_table_options(std::string_view text) {
    table_options result;
    std::vector<std::string> seen;
    for (const auto& option : parse_for("STRATA_TABLE", text)) {
        check_unique(seen, option, "table");
        if (option.key == "name") {
            result.name = string_value(option, "table", "users");
        } else {
            unknown_option(option, "table", "name");
        }
    }
    return result;
}

column_options parse_column_options(std::string_view text) {
    column_options result;
    std::vector<std::string> seen;
    for (const auto& option : parse_for("STRATA_COLUMN", text)) {
        check_unique(seen, option, "column");
        if (option.key == "primary_key") {
            if (option.value) {
                throw annotation_error("column option 'primary_key' takes no value", option.offset);
            }
            result.primary_key = true;
        } else if (option.key == "length") {
            if (!option.value || option.value->kind != annotation_value::value_kind::integer) {
                throw annotation_error(
                    "column option 'length' needs a positive integer, e.g. length = 120",
                    option.offset);
            }
            const std::int64_t length = option.value->integer;
            if (length <= 0 || length > std::numeric_limits<std::int32_t>::max()) {
                throw annotation_error(
                    fmt::format("column option 'length' must be between 1 and {}, got {}",
                                std::numeric_limits<std::int32_t>::max(), option.value->text),
                    option.offset);
            }
            result.length = static_cast<std::int32_t>(length);
        } else if (option.key == "name") {
            result.name = string_value(option, "column", "email_address");
        } else {
            unknown_option(option, "column", "primary_key, length, name");
        }
    }
    return result;
}

} // namespace strata::generator
