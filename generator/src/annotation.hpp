#pragma once
/// @file
/// The option lists inside STRATA_TABLE(...) and STRATA_COLUMN(...), e.g.
/// `length = 120, name = "email_address"`. Independent of libclang so it can be unit-tested:
/// the scanner hands over the annotation text and turns annotation_error into a diagnostic.

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

/// The value after `key =`.
struct annotation_value {
    enum class value_kind { integer, identifier, string };
    value_kind kind = value_kind::integer;
    /// The identifier, the decoded string (escapes resolved) or the integer's digits.
    std::string text;
    /// The value of an integer; 0 for other kinds.
    std::int64_t integer = 0;
};

/// One `key` or `key = value` item of an option list.
struct annotation_option {
    std::string key;
    std::optional<annotation_value> value;
    /// Offset of the key in the option text.
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

/// Options of STRATA_TABLE.
struct table_options {
    std::optional<std::string> name;
};

/// Options of STRATA_COLUMN.
struct column_options {
    bool primary_key = false;
    std::optional<std::int32_t> length;
    std::optional<std::string> name;
};

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
