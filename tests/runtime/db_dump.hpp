#pragma once
/// @file
/// The whole content of a SQLite database as rows, to prove that a failed or interrupted
/// migration left nothing behind: sqlite_master (every CREATE statement, byte for byte)
/// and every row of every table.

#include "strata/connection.hpp"
#include "strata/dialect.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace strata::testing {

/// type, name, table and SQL of every schema object, by name.
inline std::vector<row> schema_rows(connection& db) {
    return db.query("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name");
}

/// Every row of every table (sqlite_sequence included), each prefixed with its table.
inline std::vector<row> all_rows(connection& db) {
    std::vector<row> result;
    for (const auto& t :
         db.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
        const std::string name = t.at(0).value_or("");
        for (auto r : db.query("SELECT * FROM " + db.sql_dialect().quote_identifier(name) +
                               " ORDER BY rowid")) {
            r.insert(r.begin(), name);
            result.push_back(std::move(r));
        }
    }
    return result;
}

/// The bytes of @p file.
inline std::string file_bytes(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace strata::testing
