#include "snapshot.hpp"

#include "diagnostic.hpp"
#include "file_io.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace strata::generator {
namespace {

using json = nlohmann::ordered_json;

// Bumped when the layout changes incompatibly; older files are then refused by name.
constexpr const char* snapshot_format = "strata-snapshot/1";

[[noreturn]] void fail(const std::filesystem::path& origin, const std::string& message) {
    throw diagnostic_error({diagnostic{
        {origin, 0, 0},
        message,
        {"the snapshot is written by the generator; restore the file from version control "
         "(git checkout -- <file>) rather than editing it by hand"}}});
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

json column_to_json(const column& c) {
    json j;
    j["name"] = c.name;
    j["type"] = std::string(to_string(c.type.kind));
    if (c.type.length) {
        j["length"] = *c.type.length;
    }
    if (c.type.precision) {
        j["precision"] = *c.type.precision;
    }
    if (c.type.scale) {
        j["scale"] = *c.type.scale;
    }
    if (!c.type.enum_name.empty()) {
        j["enum_name"] = c.type.enum_name;
    }
    if (!c.type.enum_values.empty()) {
        j["enum_values"] = c.type.enum_values;
    }
    if (!c.type.sql_override.empty()) {
        j["sql_type"] = c.type.sql_override;
    }
    j["nullable"] = c.nullable;
    if (c.primary_key) {
        j["primary_key"] = true;
    }
    if (c.autoincrement) {
        j["autoincrement"] = true;
    }
    if (c.server_default) {
        j["default"] = *c.server_default;
    }
    if (c.comment) {
        j["comment"] = *c.comment;
    }
    return j;
}

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
    json root;
    root["format"] = snapshot_format;
    root["table"] = t.name;
    if (t.comment) {
        root["comment"] = *t.comment;
    }
    json columns = json::array();
    for (const auto& c : t.columns) {
        columns.push_back(column_to_json(c));
    }
    root["columns"] = std::move(columns);
    if (!t.indexes.empty()) {
        json list = json::array();
        for (const auto& i : t.indexes) {
            list.push_back(json{{"name", i.name}, {"columns", i.columns}, {"unique", i.unique}});
        }
        root["indexes"] = std::move(list);
    }
    if (!t.uniques.empty()) {
        json list = json::array();
        for (const auto& u : t.uniques) {
            list.push_back(json{{"name", u.name}, {"columns", u.columns}});
        }
        root["unique_constraints"] = std::move(list);
    }
    if (!t.foreign_keys.empty()) {
        json list = json::array();
        for (const auto& k : t.foreign_keys) {
            list.push_back(json{{"name", k.name},
                                {"columns", k.columns},
                                {"referenced_table", k.referenced_table},
                                {"referenced_columns", k.referenced_columns},
                                {"on_delete", std::string(to_string(k.on_delete))},
                                {"on_update", std::string(to_string(k.on_update))}});
        }
        root["foreign_keys"] = std::move(list);
    }
    if (!t.checks.empty()) {
        json list = json::array();
        for (const auto& c : t.checks) {
            list.push_back(json{{"name", c.name}, {"expression", c.expression}});
        }
        root["check_constraints"] = std::move(list);
    }
    return root.dump(2) + "\n";
}

table parse_table(const std::string& text, const std::filesystem::path& origin) {
    json root;
    try {
        root = json::parse(text);
    } catch (const json::parse_error& e) {
        fail(origin, fmt::format("corrupt snapshot: invalid JSON at byte {}", e.byte));
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
