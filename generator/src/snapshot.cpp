#include "snapshot.hpp"

#include "diagnostic.hpp"
#include "file_io.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace strata::generator {
namespace {

using json = nlohmann::ordered_json;

// Bumped when the layout changes incompatibly; older files are then refused by name.
constexpr const char* snapshot_format = "strata-snapshot/1";

json column_to_json(const column& c) {
    json j;
    j["name"] = c.name;
    j["type"] = std::string(to_string(c.type.kind));
    if (c.type.length) {
        j["length"] = *c.type.length;
    }
    j["nullable"] = c.nullable;
    if (c.primary_key) {
        j["primary_key"] = true;
    }
    return j;
}

[[noreturn]] void fail(const std::filesystem::path& origin, const std::string& message) {
    throw diagnostic_error({diagnostic{
        {origin, 0, 0},
        message,
        {"the snapshot is written by `strata revision --autogenerate`; restore it from version "
         "control (git checkout -- <file>) rather than editing it by hand"}}});
}

template <class T>
T get_field(const json& object, const char* key, const std::filesystem::path& origin,
            const std::string& where) {
    auto it = object.find(key);
    if (it == object.end()) {
        fail(origin, fmt::format("corrupt snapshot: {} has no '{}'", where, key));
    }
    try {
        return it->get<T>();
    } catch (const json::exception&) {
        fail(origin, fmt::format("corrupt snapshot: '{}' of {} has the wrong type", key, where));
    }
}

column column_from_json(const json& j, const std::filesystem::path& origin,
                        const std::string& table_name) {
    if (!j.is_object()) {
        fail(origin,
             fmt::format("corrupt snapshot: a column of table '{}' is not an object", table_name));
    }
    column c;
    c.name = get_field<std::string>(j, "name", origin, fmt::format("a column of '{}'", table_name));
    const auto where = fmt::format("column '{}.{}'", table_name, c.name);
    const auto type_name = get_field<std::string>(j, "type", origin, where);
    auto kind = type_kind_from_string(type_name);
    if (!kind) {
        fail(origin, fmt::format("corrupt snapshot: {} has unknown type '{}'", where, type_name));
    }
    c.type.kind = *kind;
    if (j.contains("length")) {
        c.type.length = get_field<std::int32_t>(j, "length", origin, where);
    }
    c.nullable = get_field<bool>(j, "nullable", origin, where);
    c.primary_key = j.contains("primary_key") && get_field<bool>(j, "primary_key", origin, where);
    return c;
}

} // namespace

std::string serialize_snapshot(const schema& s) {
    schema sorted = s;
    sorted.normalize();
    json tables = json::object();
    for (const auto& t : sorted.tables) {
        json columns = json::array();
        for (const auto& c : t.columns) {
            columns.push_back(column_to_json(c));
        }
        tables[t.name] = json{{"columns", std::move(columns)}};
    }
    json root;
    root["format"] = snapshot_format;
    root["tables"] = std::move(tables);
    return root.dump(2) + "\n";
}

schema parse_snapshot(const std::string& text, const std::filesystem::path& origin) {
    json root;
    try {
        root = json::parse(text);
    } catch (const json::parse_error& e) {
        fail(origin, fmt::format("corrupt snapshot: invalid JSON at byte {}", e.byte));
    }
    if (!root.is_object()) {
        fail(origin, "corrupt snapshot: the top level is not an object");
    }
    const auto format = get_field<std::string>(root, "format", origin, "the snapshot");
    if (format != snapshot_format) {
        fail(origin, fmt::format("unsupported snapshot format '{}' (this strata reads '{}')",
                                 format, snapshot_format));
    }
    auto tables_it = root.find("tables");
    if (tables_it == root.end() || !tables_it->is_object()) {
        fail(origin, "corrupt snapshot: 'tables' is missing or not an object");
    }
    schema s;
    for (const auto& [name, body] : tables_it->items()) {
        table t;
        t.name = name;
        if (!body.is_object() || !body.contains("columns") || !body["columns"].is_array()) {
            fail(origin, fmt::format("corrupt snapshot: table '{}' has no 'columns' array", name));
        }
        for (const auto& cj : body["columns"]) {
            t.columns.push_back(column_from_json(cj, origin, name));
        }
        s.tables.push_back(std::move(t));
    }
    s.normalize();
    return s;
}

schema read_snapshot(const std::filesystem::path& file) {
    auto text = read_text_file(file);
    if (!text) {
        throw diagnostic_error({diagnostic{
            {file, 0, 0},
            "cannot read the schema snapshot",
            {"every migrations directory has one; run `strata init` for a new directory, or "
             "restore the file from version control"}}});
    }
    return parse_snapshot(*text, file);
}

} // namespace strata::generator
