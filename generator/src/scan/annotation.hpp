#pragma once
/// @file
/// The option lists inside STRATA_TABLE(...) and STRATA_COLUMN(...), e.g.
/// `length = 120, name = "email_address"`. Independent of libclang so it can be unit-tested:
/// the scanner hands over the annotation text and turns annotation_error into a diagnostic.
///
/// Grammar:
///     options := [option {',' option}]      option := key ['=' value]
///     value   := integer | identifier | string | list
///     list    := '(' item {',' item} ')'    item   := value | key '=' value

#include "strata/schema.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace strata::generator {

/// Which strata macro produced an annotation.
enum class annotation_kind {
    table,   ///< STRATA_TABLE(...)
    column,  ///< STRATA_COLUMN(...)
    exclude, ///< STRATA_EXCLUDE
};

/// An annotation string split into its macro and its option text.
struct annotation {
    annotation_kind kind = annotation_kind::table;
    /// The stringified macro argument, e.g. `name = "users"`; empty for STRATA_EXCLUDE.
    std::string options;
};

struct annotation_option;

/// The value after `key =`, or one item of a parenthesised list.
struct annotation_value {
    enum class value_kind { integer, identifier, string, list };
    value_kind kind = value_kind::integer;
    /// The identifier, the decoded string (escapes resolved) or the integer's digits;
    /// empty for a list.
    std::string text;
    /// The value of an integer; 0 for other kinds.
    std::int64_t integer = 0;
    /// The items of a list, in order; an item without `key =` has an empty key.
    std::vector<annotation_option> items;
    /// Offset of the value in the option text.
    std::size_t offset = 0;
};

/// One `key` or `key = value` item of an option list; inside a list also a bare value
/// (empty key).
struct annotation_option {
    std::string key;
    std::optional<annotation_value> value;
    /// Offset of the item in the option text.
    std::size_t offset = 0;
};

/// A malformed option list or an option that is not valid where it is used.
class annotation_error : public std::runtime_error {
public:
    annotation_error(const std::string& message, std::size_t offset,
                     std::vector<std::string> notes = {});
    /// Offset in the option text where the problem was found.
    [[nodiscard]] std::size_t offset() const { return m_offset; }
    /// Advice for the user, printed as `note:` lines.
    [[nodiscard]] const std::vector<std::string>& notes() const { return m_notes; }

private:
    std::size_t m_offset;
    std::vector<std::string> m_notes;
};

/// `index = (...)`, `unique_index = (...)` or `unique = (...)` on a table, as written:
/// the columns are member or column names, resolved by the scanner.
struct index_option {
    enum class index_kind {
        index,        ///< `index`: CREATE INDEX
        unique_index, ///< `unique_index`: CREATE UNIQUE INDEX
        unique,       ///< `unique`: a UNIQUE table constraint
    };
    index_kind kind = index_kind::index;
    /// The explicit name; std::nullopt gets the default name.
    std::optional<std::string> name;
    std::vector<std::string> columns;
};

/// `check = "SQL"` or `check = ("name", "SQL")` on a table.
struct check_option {
    std::optional<std::string> name;
    std::string expression;
};

/// `foreign_key = ([name,] (columns), "table", (columns), on_delete = ..., on_update = ...)`.
struct foreign_key_option {
    std::optional<std::string> name;
    std::vector<std::string> columns;
    std::string referenced_table;
    std::vector<std::string> referenced_columns;
    referential_action on_delete = referential_action::no_action;
    referential_action on_update = referential_action::no_action;
};

/// Options of STRATA_TABLE.
struct table_options {
    std::optional<std::string> name;
    std::optional<std::string> renamed_from;
    std::optional<std::string> comment;
    /// Indexes, unique indexes and unique constraints in declaration order.
    std::vector<index_option> indexes;
    std::vector<check_option> checks;
    std::vector<foreign_key_option> foreign_keys;
    /// `existing_rows = "..."`: how rows survive a new unique, index, check, foreign key
    /// or primary key of the table's lists.
    std::optional<std::string> existing_rows;
};

/// `references = "table.column"` on a column.
struct reference_option {
    std::string table;
    std::string column;
    referential_action on_delete = referential_action::no_action;
    referential_action on_update = referential_action::no_action;
};

/// Options of STRATA_COLUMN.
struct column_options {
    bool primary_key = false;
    bool autoincrement = false;
    /// `index`: a single-column index with the default name.
    bool index = false;
    /// `unique`: a single-column unique constraint with the default name.
    bool unique = false;
    std::optional<std::int32_t> length;
    std::optional<std::string> name;
    std::optional<std::string> renamed_from;
    /// `default = "SQL"`: the server default.
    std::optional<std::string> server_default;
    std::optional<std::string> backfill;
    /// `existing_rows = "..."`: how rows survive this member's narrowed type, new
    /// `unique`, `references` or `check`.
    std::optional<std::string> existing_rows;
    std::optional<std::string> comment;
    std::optional<reference_option> references;
    std::optional<std::string> check;
    std::optional<std::int32_t> precision;
    std::optional<std::int32_t> scale;
    std::optional<std::string> sql_type;
};

/// The valid STRATA_TABLE option keys, comma-separated, as the unknown-option note lists them.
extern const std::string_view table_option_keys;
/// The valid STRATA_COLUMN option keys, comma-separated.
extern const std::string_view column_option_keys;

/// Splits `strata:<kind>:<options>`; std::nullopt for an annotation that is not strata's.
/// Throws annotation_error for a `strata:` annotation of an unknown kind.
[[nodiscard]] std::optional<annotation> split_annotation(std::string_view spelling);

/// Parses a comma-separated option list; throws annotation_error when it is malformed.
[[nodiscard]] std::vector<annotation_option> parse_annotation_options(std::string_view text);

/// Parses and checks the options of STRATA_TABLE; throws annotation_error.
[[nodiscard]] table_options parse_table_options(std::string_view text);

/// Parses and checks the options of STRATA_COLUMN; throws annotation_error.
[[nodiscard]] column_options parse_column_options(std::string_view text);

} // namespace strata::generator
