#include "project/snapshot.hpp"

#include "support/diagnostic.hpp"
#include "support/file_io.hpp"

#include <algorithm>
#include <cstdint>
#include <fmt/format.h>
#include <limits>
#include <nlohmann/json.hpp>
#include <string_view>
#include <tuple>
#include <type_traits>

namespace strata::generator {
namespace {

using json = nlohmann::ordered_json;

// Bumped when the layout changes incompatibly; older files are then refused by name.
constexpr const char* snapshot_format = "strata-snapshot/1";

[[noreturn]] void fail_at(const source_location& where, const std::string& message) {
    throw diagnostic_error({diagnostic{
        where,
        message,
        {"the snapshot is written by the generator; restore the file from version control "
         "(git checkout -- <file>) rather than editing it by hand"}}});
}

[[noreturn]] void fail(const std::filesystem::path& origin, const std::string& message) {
    fail_at({origin, 0, 0}, message);
}

// The 1-based line and column of the 1-based byte position nlohmann reports for a parse
// error, so the message points where an editor (or a merge-conflict marker) shows it.
source_location position_of(const std::filesystem::path& origin, std::string_view text,
                            std::size_t byte) {
    const auto before = text.substr(0, std::min(byte > 0 ? byte - 1 : 0, text.size()));
    const auto line_start = before.rfind('\n');
    const auto line = static_cast<unsigned>(std::count(before.begin(), before.end(), '\n') + 1);
    const auto column = static_cast<unsigned>(
        line_start == std::string_view::npos ? before.size() + 1 : before.size() - line_start);
    return {origin, line, column};
}

// Reads JSON fields with errors that name the file and the object.
class reader {
public:
    reader(const json& object, const std::filesystem::path& origin, std::string where)
        : m_object(object), m_origin(origin), m_where(std::move(where)) {
        if (!object.is_object()) {
            fail(origin, fmt::format("corrupt snapshot: {} is not an object", m_where));
        }
    }

    template <class T>
    T required(const char* key) const {
        auto it = m_object.find(key);
        if (it == m_object.end()) {
            fail(m_origin, fmt::format("corrupt snapshot: {} has no '{}'", m_where, key));
        }
        return convert<T>(*it, key);
    }

    template <class T>
    std::optional<T> optional(const char* key) const {
        auto it = m_object.find(key);
        if (it == m_object.end()) {
            return std::nullopt;
        }
        return convert<T>(*it, key);
    }

    template <class T>
    T or_default(const char* key, T fallback) const {
        return optional<T>(key).value_or(std::move(fallback));
    }

    const json& list(const char* key) const {
        static const json empty = json::array();
        auto it = m_object.find(key);
        if (it == m_object.end()) {
            return empty;
        }
        if (!it->is_array()) {
            fail(m_origin, fmt::format("corrupt snapshot: '{}' of {} is not a list", key, m_where));
        }
        return *it;
    }

    const std::filesystem::path& origin() const { return m_origin; }
    const std::string& where() const { return m_where; }

private:
    template <class T>
    T convert(const json& value, const char* key) const {
        if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
            // nlohmann converts 1.5 to 1 and 1e30 to whatever the cast gives; a snapshot
            // number is a whole number the model's field can hold, or the file is corrupt.
            const bool whole =
                value.is_number_integer() &&
                (value.is_number_unsigned()
                     ? value.get<std::uint64_t>() <=
                           static_cast<std::uint64_t>(std::numeric_limits<T>::max())
                     : value.get<std::int64_t>() >= std::numeric_limits<T>::min() &&
                           value.get<std::int64_t>() <= std::numeric_limits<T>::max());
            if (!whole) {
                fail(m_origin, fmt::format("corrupt snapshot: '{}' of {} is not a whole number "
                                           "between {} and {}",
                                           key, m_where, std::numeric_limits<T>::min(),
                                           std::numeric_limits<T>::max()));
            }
        }
        try {
            return value.get<T>();
        } catch (const json::exception&) {
            fail(m_origin,
                 fmt::format("corrupt snapshot: '{}' of {} has the wrong type", key, m_where));
        }
    }

    const json& m_object;
    const std::filesystem::path& m_origin;
    std::string m_where;
};

/// Writes JSON text byte for byte as nlohmann's dump(2) does (two-space indent, `"key": `,
/// `[]` for an empty list), straight into a string: building a json value per table and
/// dumping it was ≈ 6% of a 1,000-table autogenerate. parse_table() still reads with
/// nlohmann, and a test holds the two to the same text.
class json_writer {
public:
    void begin_object() { open('{'); }
    void end_object() { close('}'); }
    void begin_array() { open('['); }
    void end_array() { close(']'); }

    json_writer& key(std::string_view name) {
        item();
        quote(name);
        m_text += ": ";
        m_after_key = true;
        return *this;
    }
    void string(std::string_view value) {
        item();
        quote(value);
    }
    void integer(std::int64_t value) {
        item();
        m_text += std::to_string(value);
    }
    void boolean(bool value) {
        item();
        m_text += value ? "true" : "false";
    }
    void strings(const std::vector<std::string>& values) {
        begin_array();
        for (const auto& value : values) {
            string(value);
        }
        end_array();
    }

    std::string take() { return std::move(m_text); }

private:
    /// Before any value or key: a comma after the previous item, then the line and indent
    /// (a value right after its key stays on the key's line).
    void item() {
        if (m_after_key) {
            m_after_key = false;
            return;
        }
        if (!m_first.empty()) {
            if (!m_first.back()) {
                m_text += ',';
            }
            m_first.back() = false;
            m_text += '\n';
            m_text.append(2 * m_first.size(), ' ');
        }
    }
    void open(char bracket) {
        item();
        m_text += bracket;
        m_first.push_back(true);
    }
    void close(char bracket) {
        const bool empty = m_first.back();
        m_first.pop_back();
        if (!empty) {
            m_text += '\n';
            m_text.append(2 * m_first.size(), ' ');
        }
        m_text += bracket;
    }
    void quote(std::string_view value) {
        if (std::any_of(value.begin(), value.end(),
                        [](char ch) { return static_cast<unsigned char>(ch) >= 0x80; })) {
            // Beyond ASCII: nlohmann checks the UTF-8 (and refuses what is invalid).
            m_text += json(std::string(value)).dump();
            return;
        }
        m_text += '"';
        for (const char ch : value) {
            switch (ch) {
            case '"':
                m_text += "\\\"";
                break;
            case '\\':
                m_text += "\\\\";
                break;
            case '\b':
                m_text += "\\b";
                break;
            case '\f':
                m_text += "\\f";
                break;
            case '\n':
                m_text += "\\n";
                break;
            case '\r':
                m_text += "\\r";
                break;
            case '\t':
                m_text += "\\t";
                break;
            default:
                if (static_cast<unsigned char>(ch) < 0x20) {
                    m_text += fmt::format("\\u{:04x}", static_cast<unsigned>(ch));
                } else {
                    m_text += ch;
                }
            }
        }
        m_text += '"';
    }

    std::string m_text;
    /// Per open object or array: no item written yet.
    std::vector<bool> m_first;
    bool m_after_key = false;
};

column column_from_json(const json& j, const std::filesystem::path& origin,
                        const std::string& table_name) {
    const reader first(j, origin, fmt::format("a column of '{}'", table_name));
    column c;
    c.name = first.required<std::string>("name");
    const reader r(j, origin, fmt::format("column '{}.{}'", table_name, c.name));
    const auto type_name = r.required<std::string>("type");
    auto kind = type_kind_from_string(type_name);
    if (!kind) {
        fail(origin,
             fmt::format("corrupt snapshot: {} has unknown type '{}'", r.where(), type_name));
    }
    c.type.kind = *kind;
    c.type.length = r.optional<std::int32_t>("length");
    c.type.precision = r.optional<std::int32_t>("precision");
    c.type.scale = r.optional<std::int32_t>("scale");
    // What the scanner accepts (a positive length and precision, a scale from 0): anything
    // else was never written by the generator.
    for (const auto& [key, value, least] :
         {std::tuple{"length", c.type.length, 1}, std::tuple{"precision", c.type.precision, 1},
          std::tuple{"scale", c.type.scale, 0}}) {
        if (value && *value < least) {
            fail(origin, fmt::format("corrupt snapshot: '{}' of {} is {}; it must be at least {}",
                                     key, r.where(), *value, least));
        }
    }
    c.type.enum_name = r.or_default<std::string>("enum_name", "");
    c.type.enum_values = r.or_default<std::vector<std::string>>("enum_values", {});
    c.type.sql_override = r.or_default<std::string>("sql_type", "");
    c.nullable = r.required<bool>("nullable");
    c.primary_key = r.or_default("primary_key", false);
    c.autoincrement = r.or_default("autoincrement", false);
    c.server_default = r.optional<std::string>("default");
    c.comment = r.optional<std::string>("comment");
    return c;
}

} // namespace

std::string serialize_table(const table& source) {
    table t = source;
    t.normalize();
    json_writer out;
    out.begin_object();
    out.key("format").string(snapshot_format);
    out.key("table").string(t.name);
    if (t.comment) {
        out.key("comment").string(*t.comment);
    }
    out.key("columns").begin_array();
    for (const auto& c : t.columns) {
        out.begin_object();
        out.key("name").string(c.name);
        out.key("type").string(to_string(c.type.kind));
        if (c.type.length) {
            out.key("length").integer(*c.type.length);
        }
        if (c.type.precision) {
            out.key("precision").integer(*c.type.precision);
        }
        if (c.type.scale) {
            out.key("scale").integer(*c.type.scale);
        }
        if (!c.type.enum_name.empty()) {
            out.key("enum_name").string(c.type.enum_name);
        }
        if (!c.type.enum_values.empty()) {
            out.key("enum_values").strings(c.type.enum_values);
        }
        if (!c.type.sql_override.empty()) {
            out.key("sql_type").string(c.type.sql_override);
        }
        out.key("nullable").boolean(c.nullable);
        if (c.primary_key) {
            out.key("primary_key").boolean(true);
        }
        if (c.autoincrement) {
            out.key("autoincrement").boolean(true);
        }
        if (c.server_default) {
            out.key("default").string(*c.server_default);
        }
        if (c.comment) {
            out.key("comment").string(*c.comment);
        }
        out.end_object();
    }
    out.end_array();
    if (!t.indexes.empty()) {
        out.key("indexes").begin_array();
        for (const auto& i : t.indexes) {
            out.begin_object();
            out.key("name").string(i.name);
            out.key("columns").strings(i.columns);
            out.key("unique").boolean(i.unique);
            out.end_object();
        }
        out.end_array();
    }
    if (!t.uniques.empty()) {
        out.key("unique_constraints").begin_array();
        for (const auto& u : t.uniques) {
            out.begin_object();
            out.key("name").string(u.name);
            out.key("columns").strings(u.columns);
            out.end_object();
        }
        out.end_array();
    }
    if (!t.foreign_keys.empty()) {
        out.key("foreign_keys").begin_array();
        for (const auto& k : t.foreign_keys) {
            out.begin_object();
            out.key("name").string(k.name);
            out.key("columns").strings(k.columns);
            out.key("referenced_table").string(k.referenced_table);
            out.key("referenced_columns").strings(k.referenced_columns);
            out.key("on_delete").string(to_string(k.on_delete));
            out.key("on_update").string(to_string(k.on_update));
            out.end_object();
        }
        out.end_array();
    }
    if (!t.checks.empty()) {
        out.key("check_constraints").begin_array();
        for (const auto& c : t.checks) {
            out.begin_object();
            out.key("name").string(c.name);
            out.key("expression").string(c.expression);
            out.end_object();
        }
        out.end_array();
    }
    out.end_object();
    return out.take() + "\n";
}

table parse_table(const std::string& text, const std::filesystem::path& origin) {
    json root;
    try {
        root = json::parse(text);
    } catch (const json::parse_error& e) {
        fail_at(position_of(origin, text, e.byte), "corrupt snapshot: invalid JSON");
    } catch (const json::exception& e) {
        // Valid JSON the parser still cannot hold, e.g. a number beyond a double (406).
        const std::string_view what = e.what();
        const auto tag_end = what.find("] ");
        fail(origin,
             fmt::format("corrupt snapshot: {}",
                         tag_end == std::string_view::npos ? what : what.substr(tag_end + 2)));
    }
    const reader r(root, origin, "the snapshot");
    const auto format = r.required<std::string>("format");
    if (format != snapshot_format) {
        fail(origin, fmt::format("unsupported snapshot format '{}' (this strata reads '{}')",
                                 format, snapshot_format));
    }
    table t;
    t.name = r.required<std::string>("table");
    t.comment = r.optional<std::string>("comment");
    for (const auto& cj : r.list("columns")) {
        t.columns.push_back(column_from_json(cj, origin, t.name));
    }
    for (const auto& ij : r.list("indexes")) {
        const reader ir(ij, origin, fmt::format("an index of '{}'", t.name));
        t.indexes.push_back(index{ir.required<std::string>("name"),
                                  ir.required<std::vector<std::string>>("columns"),
                                  ir.or_default("unique", false)});
    }
    for (const auto& uj : r.list("unique_constraints")) {
        const reader ur(uj, origin, fmt::format("a unique constraint of '{}'", t.name));
        t.uniques.push_back(unique_constraint{ur.required<std::string>("name"),
                                              ur.required<std::vector<std::string>>("columns")});
    }
    for (const auto& kj : r.list("foreign_keys")) {
        const reader kr(kj, origin, fmt::format("a foreign key of '{}'", t.name));
        foreign_key k;
        k.name = kr.required<std::string>("name");
        k.columns = kr.required<std::vector<std::string>>("columns");
        k.referenced_table = kr.required<std::string>("referenced_table");
        k.referenced_columns = kr.required<std::vector<std::string>>("referenced_columns");
        for (auto [field, target] :
             {std::pair{"on_delete", &k.on_delete}, std::pair{"on_update", &k.on_update}}) {
            const auto spelling = kr.required<std::string>(field);
            auto action = referential_action_from_string(spelling);
            if (!action) {
                fail(origin, fmt::format("corrupt snapshot: unknown {} action '{}' in {}", field,
                                         spelling, kr.where()));
            }
            *target = *action;
        }
        t.foreign_keys.push_back(std::move(k));
    }
    for (const auto& cj : r.list("check_constraints")) {
        const reader cr(cj, origin, fmt::format("a check constraint of '{}'", t.name));
        t.checks.push_back(check_constraint{cr.required<std::string>("name"),
                                            cr.required<std::string>("expression")});
    }
    t.normalize();
    return t;
}

std::map<std::string, std::string> snapshot_files(const schema& s) {
    std::map<std::string, std::string> files;
    for (const auto& t : s.tables) {
        files.emplace(t.name + ".json", serialize_table(t));
    }
    return files;
}

schema read_snapshot(const std::filesystem::path& dir) {
    if (!std::filesystem::is_directory(dir)) {
        throw diagnostic_error({diagnostic{
            {dir, 0, 0},
            "cannot read the schema snapshot: the directory does not exist",
            {"every migrations directory has one; run `strata init` for a new directory, or "
             "restore it from version control"}}});
    }
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.path().extension() == ".json") {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    schema s;
    for (const auto& file : files) {
        if (std::filesystem::is_directory(file)) {
            fail(file, "this is a directory, not a snapshot file; move it out of the snapshot "
                       "directory");
        }
        auto text = read_text_file(file);
        if (!text) {
            fail(file, "cannot read snapshot file");
        }
        table t = parse_table(*text, file);
        if (file.stem().string() != t.name) {
            fail(file, fmt::format("snapshot file of table '{}' must be called '{}.json'", t.name,
                                   t.name));
        }
        s.tables.push_back(std::move(t));
    }
    s.normalize();
    return s;
}

} // namespace strata::generator
