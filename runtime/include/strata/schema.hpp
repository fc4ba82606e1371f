#pragma once
/// @file
/// The schema model: tables and columns as the generator scans them from C++ structs,
/// as the snapshot stores them, and as the runtime's dialects turn them into SQL.
/// There is exactly one copy of this model; the generator and the runtime share it.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strata {

/// The portable column types. Each dialect maps them to its own SQL spelling.
enum class type_kind {
    int32,   ///< std::int32_t
    int64,   ///< std::int64_t
    float64, ///< double
    boolean, ///< bool
    string,  ///< std::string: VARCHAR(length) when a length is given, else TEXT
};

/// Spelling of a type kind as used in snapshots and generated code, e.g. "int64".
[[nodiscard]] std::string_view to_string(type_kind kind);
/// Inverse of to_string(type_kind); std::nullopt for an unknown spelling.
[[nodiscard]] std::optional<type_kind> type_kind_from_string(std::string_view text);

/// A column type: the kind plus its parameters.
struct column_type {
    type_kind kind = type_kind::int64;
    /// Maximum length of a string column; std::nullopt means unbounded (TEXT).
    std::optional<std::int32_t> length;

    friend bool operator==(const column_type&, const column_type&) = default;
};

/// One column of a table.
struct column {
    std::string name;
    column_type type;
    bool nullable = false;
    bool primary_key = false;

    friend bool operator==(const column&, const column&) = default;
};

/// One table: a name and its columns in declaration order.
struct table {
    std::string name;
    std::vector<column> columns;

    /// The column called @p column_name, or nullptr.
    [[nodiscard]] const column* find_column(std::string_view column_name) const;

    friend bool operator==(const table&, const table&) = default;
};

/// A whole database schema. Tables are kept sorted by name so that equal schemas
/// compare, serialise and diff identically whatever order they were scanned in.
struct schema {
    std::vector<table> tables;

    /// The table called @p table_name, or nullptr.
    [[nodiscard]] const table* find_table(std::string_view table_name) const;
    /// Sorts the tables by name (columns keep their declaration order).
    void normalize();

    friend bool operator==(const schema&, const schema&) = default;
};

} // namespace strata
