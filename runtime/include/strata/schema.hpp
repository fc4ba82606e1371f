#pragma once
/// @file
/// The schema model: tables, columns, keys, indexes and constraints as the generator scans
/// them from C++ structs, as the snapshot stores them, and as the runtime's dialects turn
/// them into SQL. There is exactly one copy of this model; generator and runtime share it.

#include "strata/export.hpp"
#include "strata/schema_kinds.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strata {

/// Spelling of a type kind as used in snapshots and generated code, e.g. "int64".
[[nodiscard]] STRATA_API std::string_view to_string(type_kind kind);
/// Inverse of to_string(type_kind); std::nullopt for an unknown spelling.
[[nodiscard]] STRATA_API std::optional<type_kind> type_kind_from_string(std::string_view text);

/// A column type: the kind plus its parameters.
struct STRATA_API column_type {
    type_kind kind = type_kind::int64;
    /// Maximum length of a string column; std::nullopt means unbounded (TEXT).
    std::optional<std::int32_t> length = {};
    /// Total digits of a decimal column.
    std::optional<std::int32_t> precision = {};
    /// Digits after the point of a decimal column.
    std::optional<std::int32_t> scale = {};
    /// SQL name of an enumeration's type (PostgreSQL creates it), e.g. "site_status".
    std::string enum_name = {};
    /// The enumeration's values, in declaration order.
    std::vector<std::string> enum_values = {};
    /// An explicit SQL type that replaces the dialect's choice (`sql_type = "..."`).
    std::string sql_override = {};

    friend bool operator==(const column_type&, const column_type&) = default;
};

/// One column of a table.
struct STRATA_API column {
    std::string name;
    column_type type;
    bool nullable = false;
    bool primary_key = false;
    /// The database assigns values (SQLite rowid / AUTOINCREMENT, PostgreSQL IDENTITY).
    bool autoincrement = false;
    /// Server-side default, as an SQL expression (`'draft'`, `0`, `CURRENT_TIMESTAMP`).
    std::optional<std::string> server_default = {};
    /// Documentation stored in the database where the dialect can (COMMENT ON COLUMN).
    std::optional<std::string> comment = {};

    friend bool operator==(const column&, const column&) = default;
};

/// A named index over one or more columns.
struct STRATA_API index {
    std::string name;
    std::vector<std::string> columns;
    bool unique = false;

    friend bool operator==(const index&, const index&) = default;
};

/// A named UNIQUE table constraint.
struct STRATA_API unique_constraint {
    std::string name;
    std::vector<std::string> columns;

    friend bool operator==(const unique_constraint&, const unique_constraint&) = default;
};

/// SQL spelling, e.g. "SET NULL".
[[nodiscard]] STRATA_API std::string_view to_sql(referential_action action);
/// Snapshot/annotation spelling, e.g. "set_null".
[[nodiscard]] STRATA_API std::string_view to_string(referential_action action);
/// Inverse of to_string(referential_action); std::nullopt for an unknown spelling.
[[nodiscard]] STRATA_API std::optional<referential_action>
    STRATA_API referential_action_from_string(std::string_view text);

/// A named FOREIGN KEY constraint.
struct STRATA_API foreign_key {
    std::string name;
    std::vector<std::string> columns;
    std::string referenced_table;
    std::vector<std::string> referenced_columns;
    referential_action on_delete = referential_action::no_action;
    referential_action on_update = referential_action::no_action;

    friend bool operator==(const foreign_key&, const foreign_key&) = default;
};

/// A named CHECK constraint with its SQL expression.
struct STRATA_API check_constraint {
    std::string name;
    std::string expression;

    friend bool operator==(const check_constraint&, const check_constraint&) = default;
};

/// One table: its columns in declaration order, then keys, indexes and constraints, each
/// list sorted by name so equal tables compare and serialise identically.
struct STRATA_API table {
    std::string name;
    std::vector<column> columns = {};
    std::vector<index> indexes = {};
    std::vector<unique_constraint> uniques = {};
    std::vector<foreign_key> foreign_keys = {};
    std::vector<check_constraint> checks = {};
    std::optional<std::string> comment = {};

    /// The column called @p column_name, or nullptr.
    [[nodiscard]] const column* find_column(std::string_view column_name) const;
    /// Names of the primary-key columns, in declaration order.
    [[nodiscard]] std::vector<std::string> primary_key() const;
    /// Sorts indexes and constraints by name (columns keep their declaration order).
    void normalize();

    friend bool operator==(const table&, const table&) = default;
};

/// A whole database schema. Tables are kept sorted by name so that equal schemas
/// compare, serialise and diff identically whatever order they were scanned in.
struct STRATA_API schema {
    std::vector<table> tables;

    /// The table called @p table_name, or nullptr.
    [[nodiscard]] const table* find_table(std::string_view table_name) const;
    /// The table called @p table_name, or nullptr.
    [[nodiscard]] table* find_table(std::string_view table_name);
    /// Sorts tables by name and normalizes each table.
    void normalize();

    friend bool operator==(const schema&, const schema&) = default;
};

/// Default names for unnamed indexes and constraints, stable across runs and machines
/// (the same convention as SQLAlchemy's naming_convention examples):
/// `ix_<table>_<col>[_<col>…]`, `uq_…`, `fk_<table>_<col>…_<referenced table>`, `ck_<table>_<n>`.
[[nodiscard]] STRATA_API std::string default_index_name(std::string_view table_name,
                                                        const std::vector<std::string>& columns,
                                                        bool unique);
/// Default name of a unique constraint.
[[nodiscard]] STRATA_API std::string default_unique_name(std::string_view table_name,
                                                         const std::vector<std::string>& columns);
/// Default name of a foreign key.
[[nodiscard]] STRATA_API std::string
default_foreign_key_name(std::string_view table_name, const std::vector<std::string>& columns,
                         std::string_view referenced_table);

} // namespace strata
