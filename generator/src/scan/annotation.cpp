#include "scan/annotation.hpp"

#include "scan/validate_names.hpp"

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
        value.offset = m_pos;
        if (at_end()) {
            fail(fmt::format("expected a value after '{} ='", key));
        }
        const char c = peek();
        if (c == '"') {
            value.kind = annotation_value::value_kind::string;
            value.text = parse_string();
            // Every string value ends up in the snapshot (JSON) or the database, both UTF-8;
            // a raw byte otherwise crashes the JSON writer with no location. A `name` is
            // left to validate_names(), which points at the name itself.
            if (const auto bad = invalid_utf8_offset(value.text);
                bad != std::string::npos && key != "name") {
                throw annotation_error(
                    fmt::format("the string of '{}' is not valid UTF-8 (byte 0x{:02X} at offset "
                                "{})",
                                key, static_cast<unsigned char>(value.text[bad]), bad),
                    value.offset,
                    {"strings go into the snapshot (JSON) and the database as UTF-8; save the "
                     "header as UTF-8 (a byte like 0xFF is Latin-1 or binary)"});
            }
        } else if (c == '(') {
            value.kind = annotation_value::value_kind::list;
            value.items = parse_list(key);
        } else if (is_identifier_start(c)) {
            value.kind = annotation_value::value_kind::identifier;
            value.text = parse_identifier();
        } else if (is_digit(c) || ((c == '-' || c == '+') && m_pos + 1 < m_text.size() &&
                                   is_digit(m_text[m_pos + 1]))) {
            value.kind = annotation_value::value_kind::integer;
            parse_integer(value);
        } else {
            fail(fmt::format("expected a value after '{} =' (an integer, a name, a "
                             "double-quoted string or a parenthesised list)",
                             key));
        }
        return value;
    }

    /// `(item, item, ...)`; an item is a value or `key = value`.
    std::vector<annotation_option> parse_list(const std::string& key) {
        const std::size_t start = m_pos;
        // The vocabulary nests two levels at most (`index = (columns = (a, b))`); the
        // bound keeps hostile input from exhausting the stack of this recursive parser.
        if (++m_list_depth > max_list_depth) {
            fail(fmt::format("lists nested more than {} deep after '{} ='", max_list_depth, key),
                 start);
        }
        ++m_pos; // '('
        std::vector<annotation_option> items;
        while (true) {
            skip_space();
            if (!at_end() && peek() == ')' && items.empty()) {
                fail(fmt::format("empty list after '{} ='", key), start);
            }
            items.push_back(parse_item(key));
            skip_space();
            if (at_end()) {
                fail(fmt::format("unterminated list after '{} ='", key), start);
            }
            if (peek() == ')') {
                ++m_pos;
                --m_list_depth;
                return items;
            }
            if (peek() != ',') {
                fail(fmt::format("expected ',' or ')' in the list after '{} ='", key));
            }
            ++m_pos;
        }
    }

    annotation_option parse_item(const std::string& list_key) {
        annotation_option item;
        item.offset = m_pos;
        if (!at_end() && is_identifier_start(peek())) {
            const std::size_t start = m_pos;
            std::string name = parse_identifier();
            skip_space();
            if (!at_end() && peek() == '=') {
                ++m_pos;
                skip_space();
                item.key = std::move(name);
                item.value = parse_value(item.key);
                return item;
            }
            annotation_value value;
            value.kind = annotation_value::value_kind::identifier;
            value.text = std::move(name);
            value.offset = start;
            item.value = std::move(value);
            return item;
        }
        if (at_end() || peek() == ',' || peek() == ')' || peek() == '=') {
            fail(fmt::format("expected a list item in the list after '{} ='", list_key));
        }
        item.value = parse_value(list_key);
        return item;
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
    int m_list_depth = 0;
    static constexpr int max_list_depth = 8;
};

/// Parses @p text, prefixing syntax errors with the macro and its text so the user sees
/// which annotation is meant even when several share a line.
std::vector<annotation_option> parse_for(std::string_view macro, std::string_view text) {
    try {
        return parse_annotation_options(text);
    } catch (const annotation_error& error) {
        throw annotation_error(
            fmt::format("malformed options in {}({}): {}", macro, printable(text), error.what()),
            error.offset(), error.notes());
    }
}

using value_kind = annotation_value::value_kind;

/// PostgreSQL's limit for NUMERIC; other dialects allow less, and say so themselves.
constexpr std::int64_t max_decimal_precision = 1000;

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

bool is_kind(const annotation_option& option, value_kind kind) {
    return option.value && option.value->kind == kind;
}

void no_value(const annotation_option& option, std::string_view what) {
    if (option.value) {
        throw annotation_error(fmt::format("{} option '{}' takes no value", what, option.key),
                               option.offset);
    }
}

std::string string_value(const annotation_option& option, std::string_view what,
                         std::string_view example) {
    if (!is_kind(option, value_kind::string)) {
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

/// An integer in [min, max], described by @p example when it has the wrong kind.
std::int32_t int_value(const annotation_option& option, const annotation_value& value,
                       std::string_view what, std::string_view example, std::int64_t min,
                       std::int64_t max) {
    if (value.kind != value_kind::integer) {
        throw annotation_error(fmt::format("{} option '{}' needs {}", what, option.key, example),
                               option.offset);
    }
    if (value.integer < min || value.integer > max) {
        throw annotation_error(fmt::format("{} option '{}' must be between {} and {}, got {}", what,
                                           option.key, min, max, value.text),
                               option.offset);
    }
    return static_cast<std::int32_t>(value.integer);
}

referential_action action_value(const annotation_option& option, std::string_view what) {
    constexpr std::string_view valid = "cascade, set_null, set_default, restrict, no_action";
    if (!is_kind(option, value_kind::identifier)) {
        throw annotation_error(fmt::format("{} option '{}' needs an action, e.g. {} = cascade",
                                           what, option.key, option.key),
                               option.offset, {fmt::format("valid actions are: {}", valid)});
    }
    if (auto action = referential_action_from_string(option.value->text)) {
        return *action;
    }
    throw annotation_error(
        fmt::format("unknown action '{}' for {} option '{}'", option.value->text, what, option.key),
        option.offset, {fmt::format("valid actions are: {}", valid)});
}

[[noreturn]] void unknown_option(const annotation_option& option, std::string_view what,
                                 std::string_view valid) {
    throw annotation_error(fmt::format("unknown {} option '{}'", what, option.key), option.offset,
                           {fmt::format("valid {} options are: {}", what, valid)});
}

/// A column list item: a bare member or column name.
std::string column_name_item(const annotation_option& item, const annotation_option& option,
                             std::string_view example) {
    if (!item.key.empty() || !item.value || item.value->kind != value_kind::identifier) {
        throw annotation_error(
            fmt::format("table option '{}' expects member or column names, e.g. {}", option.key,
                        example),
            item.offset);
    }
    return item.value->text;
}

/// `name` or `(name, name, ...)`.
std::vector<std::string> column_group(const annotation_value& value,
                                      const annotation_option& option, std::string_view example) {
    if (value.kind == value_kind::identifier) {
        return {value.text};
    }
    if (value.kind != value_kind::list) {
        throw annotation_error(
            fmt::format("table option '{}' expects member or column names, e.g. {}", option.key,
                        example),
            value.offset);
    }
    std::vector<std::string> columns;
    for (const auto& item : value.items) {
        columns.push_back(column_name_item(item, option, example));
    }
    return columns;
}

/// An optional leading string item: the explicit name of an index or constraint.
std::optional<std::string> leading_name(const annotation_value& value,
                                        const annotation_option& option, std::size_t& first) {
    first = 0;
    if (value.kind != value_kind::list || value.items.empty() || !value.items[0].key.empty() ||
        value.items[0].value->kind != value_kind::string) {
        return std::nullopt;
    }
    first = 1;
    if (value.items[0].value->text.empty()) {
        throw annotation_error(
            fmt::format("table option '{}': the name must not be an empty string", option.key),
            value.items[0].offset);
    }
    return value.items[0].value->text;
}

index_option parse_index(const annotation_option& option, index_option::index_kind kind) {
    const std::string example =
        fmt::format("{0} = (email) or {0} = (\"{1}_name\", last, first)", option.key,
                    kind == index_option::index_kind::unique ? "uq" : "ix");
    if (!option.value) {
        throw annotation_error(
            fmt::format("table option '{}' needs a list of columns, e.g. {}", option.key, example),
            option.offset);
    }
    index_option result;
    result.kind = kind;
    std::size_t first = 0;
    result.name = leading_name(*option.value, option, first);
    if (option.value->kind == value_kind::list) {
        for (std::size_t i = first; i < option.value->items.size(); ++i) {
            result.columns.push_back(column_name_item(option.value->items[i], option, example));
        }
    } else {
        result.columns = column_group(*option.value, option, example);
    }
    if (result.columns.empty()) {
        throw annotation_error(
            fmt::format("table option '{}' names no column, e.g. {}", option.key, example),
            option.offset);
    }
    return result;
}

check_option parse_check(const annotation_option& option) {
    constexpr std::string_view example = R"(check = "price >= 0" or check = ("ck_positive", )"
                                         R"("price >= 0"))";
    const annotation_value* expression = nullptr;
    check_option result;
    if (is_kind(option, value_kind::string)) {
        expression = &*option.value;
    } else if (is_kind(option, value_kind::list) && option.value->items.size() <= 2) {
        std::size_t first = 0;
        result.name = leading_name(*option.value, option, first);
        if (option.value->items.size() == 1) {
            result.name.reset(); // a lone string is the expression, not a name
            first = 0;
        }
        const auto& item = option.value->items[first == 0 ? 0 : 1];
        if (item.key.empty() && item.value->kind == value_kind::string) {
            expression = &*item.value;
        }
    }
    if (expression == nullptr) {
        throw annotation_error(
            fmt::format("table option 'check' needs an SQL expression in double quotes, e.g. {}",
                        example),
            option.offset);
    }
    if (expression->text.empty()) {
        throw annotation_error("table option 'check' must not be an empty expression",
                               option.offset);
    }
    result.expression = expression->text;
    return result;
}

foreign_key_option parse_foreign_key(const annotation_option& option) {
    constexpr std::string_view example =
        R"(foreign_key = ((author_id), "users", (id), on_delete = cascade))";
    const auto fail = [&](const std::string& message, std::size_t offset) {
        throw annotation_error(
            message, offset,
            {fmt::format("write it as {}; a leading \"name\" is optional", example)});
    };
    if (!is_kind(option, value_kind::list)) {
        fail("table option 'foreign_key' needs a list: columns, referenced table, referenced "
             "columns",
             option.offset);
    }
    foreign_key_option result;
    std::vector<const annotation_value*> positional;
    std::vector<std::string> seen;
    for (const auto& item : option.value->items) {
        if (item.key.empty()) {
            positional.push_back(&*item.value);
            continue;
        }
        check_unique(seen, item, "foreign_key");
        if (item.key == "on_delete") {
            result.on_delete = action_value(item, "foreign_key");
        } else if (item.key == "on_update") {
            result.on_update = action_value(item, "foreign_key");
        } else {
            unknown_option(item, "foreign_key", "on_delete, on_update");
        }
    }
    std::size_t first = 0;
    if (positional.size() == 4) {
        if (positional[0]->kind != value_kind::string || positional[0]->text.empty()) {
            fail("the name of a foreign key must be a non-empty string in double quotes",
                 positional[0]->offset);
        }
        result.name = positional[0]->text;
        first = 1;
    } else if (positional.size() != 3) {
        fail(fmt::format("table option 'foreign_key' needs columns, referenced table and "
                         "referenced columns, got {} item{}",
                         positional.size(), positional.size() == 1 ? "" : "s"),
             option.offset);
    }
    result.columns = column_group(*positional[first], option, example);
    const annotation_value& table = *positional[first + 1];
    if ((table.kind != value_kind::string && table.kind != value_kind::identifier) ||
        table.text.empty()) {
        fail("the referenced table of a foreign key must be a table name, e.g. \"users\"",
             table.offset);
    }
    result.referenced_table = table.text;
    result.referenced_columns = column_group(*positional[first + 2], option, example);
    return result;
}

reference_option parse_reference(const annotation_option& option) {
    const std::string target = string_value(option, "column", "users.id");
    const auto dot = target.find('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 == target.size() ||
        target.find('.', dot + 1) != std::string::npos) {
        throw annotation_error(
            fmt::format("column option 'references' needs \"table.column\", got \"{}\"", target),
            option.offset, {"e.g. references = \"users.id\""});
    }
    return {target.substr(0, dot), target.substr(dot + 1)};
}

/// `existing_rows = "checked" | "truncate" | "delete" | "null"`: how the rows a table
/// already holds are handled by a change they may fail (existing_rows.hpp applies it).
std::string existing_rows_value(const annotation_option& option, std::string_view what) {
    const std::string value = string_value(option, what, "checked");
    if (value != "checked" && value != "truncate" && value != "delete" && value != "null") {
        throw annotation_error(
            fmt::format("{} option 'existing_rows' must be \"checked\", \"truncate\", "
                        "\"delete\" or \"null\", got \"{}\"",
                        what, value),
            option.offset,
            {"checked: existing rows are known to satisfy the change; truncate: cut strings to "
             "the new length; delete: delete the rows that would fail; null: set a foreign "
             "key that matches nothing to NULL"});
    }
    return value;
}

/// Keys that may be given more than once on a table: each adds one more item.
bool repeatable_table_key(std::string_view key) {
    return key == "index" || key == "unique_index" || key == "unique" || key == "check" ||
           key == "foreign_key";
}

} // namespace

const std::string_view table_option_keys =
    "name, renamed_from, comment, index, unique_index, unique, check, foreign_key, "
    "existing_rows";
const std::string_view column_option_keys =
    "primary_key, autoincrement, length, name, renamed_from, default, backfill, existing_rows, "
    "comment, index, unique, references, on_delete, on_update, check, decimal, sql_type";

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
        if (!repeatable_table_key(option.key)) {
            check_unique(seen, option, "table");
        }
        if (option.key == "name") {
            result.name = string_value(option, "table", "users");
        } else if (option.key == "renamed_from") {
            result.renamed_from = string_value(option, "table", "old_users");
        } else if (option.key == "comment") {
            result.comment = string_value(option, "table", "registered users");
        } else if (option.key == "index") {
            result.indexes.push_back(parse_index(option, index_option::index_kind::index));
        } else if (option.key == "unique_index") {
            result.indexes.push_back(parse_index(option, index_option::index_kind::unique_index));
        } else if (option.key == "unique") {
            result.indexes.push_back(parse_index(option, index_option::index_kind::unique));
        } else if (option.key == "check") {
            result.checks.push_back(parse_check(option));
        } else if (option.key == "foreign_key") {
            result.foreign_keys.push_back(parse_foreign_key(option));
        } else if (option.key == "existing_rows") {
            result.existing_rows = existing_rows_value(option, "table");
        } else {
            unknown_option(option, "table", table_option_keys);
        }
    }
    return result;
}

column_options parse_column_options(std::string_view text) {
    column_options result;
    std::vector<std::string> seen;
    const annotation_option* on_delete = nullptr;
    const annotation_option* on_update = nullptr;
    const auto options = parse_for("STRATA_COLUMN", text);
    for (const auto& option : options) {
        check_unique(seen, option, "column");
        if (option.key == "primary_key") {
            no_value(option, "column");
            result.primary_key = true;
        } else if (option.key == "autoincrement") {
            no_value(option, "column");
            result.autoincrement = true;
        } else if (option.key == "index") {
            no_value(option, "column");
            result.index = true;
        } else if (option.key == "unique") {
            no_value(option, "column");
            result.unique = true;
        } else if (option.key == "length") {
            if (!is_kind(option, value_kind::integer)) {
                throw annotation_error(
                    "column option 'length' needs a positive integer, e.g. length = 120",
                    option.offset);
            }
            result.length = int_value(option, *option.value, "column", "", 1,
                                      std::numeric_limits<std::int32_t>::max());
        } else if (option.key == "name") {
            result.name = string_value(option, "column", "email_address");
        } else if (option.key == "renamed_from") {
            result.renamed_from = string_value(option, "column", "old_name");
        } else if (option.key == "default") {
            result.server_default = string_value(option, "column", "'draft'");
        } else if (option.key == "backfill") {
            result.backfill = string_value(option, "column", "0");
        } else if (option.key == "existing_rows") {
            result.existing_rows = existing_rows_value(option, "column");
        } else if (option.key == "comment") {
            result.comment = string_value(option, "column", "shown on the profile page");
        } else if (option.key == "check") {
            result.check = string_value(option, "column", "price >= 0");
        } else if (option.key == "sql_type") {
            result.sql_type = string_value(option, "column", "CITEXT");
        } else if (option.key == "references") {
            result.references = parse_reference(option);
        } else if (option.key == "on_delete") {
            (void)action_value(option, "column");
            on_delete = &option;
        } else if (option.key == "on_update") {
            (void)action_value(option, "column");
            on_update = &option;
        } else if (option.key == "decimal") {
            constexpr std::string_view example = "(precision, scale), e.g. decimal = (12, 2)";
            if (!is_kind(option, value_kind::list) || option.value->items.size() != 2 ||
                !option.value->items[0].key.empty() || !option.value->items[1].key.empty()) {
                throw annotation_error(fmt::format("column option 'decimal' needs {}", example),
                                       option.offset);
            }
            const annotation_value& precision = *option.value->items[0].value;
            const annotation_value& scale = *option.value->items[1].value;
            if (precision.kind != value_kind::integer || scale.kind != value_kind::integer) {
                throw annotation_error(fmt::format("column option 'decimal' needs {}", example),
                                       option.offset);
            }
            if (precision.integer < 1 || precision.integer > max_decimal_precision) {
                throw annotation_error(
                    fmt::format("column option 'decimal': the precision must be between 1 and "
                                "{}, got {}",
                                max_decimal_precision, precision.text),
                    option.offset);
            }
            if (scale.integer < 0 || scale.integer > precision.integer) {
                throw annotation_error(
                    fmt::format("column option 'decimal': the scale must be between 0 and the "
                                "precision {}, got {}",
                                precision.text, scale.text),
                    option.offset);
            }
            result.precision = static_cast<std::int32_t>(precision.integer);
            result.scale = static_cast<std::int32_t>(scale.integer);
        } else {
            unknown_option(option, "column", column_option_keys);
        }
    }
    for (const annotation_option* action : {on_delete, on_update}) {
        if (action != nullptr && !result.references) {
            throw annotation_error(
                fmt::format("column option '{}' needs 'references'", action->key), action->offset,
                {"e.g. references = \"users.id\", on_delete = cascade"});
        }
    }
    if (result.references) {
        if (on_delete != nullptr) {
            result.references->on_delete = action_value(*on_delete, "column");
        }
        if (on_update != nullptr) {
            result.references->on_update = action_value(*on_update, "column");
        }
    }
    return result;
}

} // namespace strata::generator
