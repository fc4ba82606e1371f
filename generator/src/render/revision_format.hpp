#pragma once
/// @file
/// The revision-file format, owned here once. A revision is C++ that script.cpp.tmpl
/// renders; the machine-readable part is its registrar (`strata::revision_info`), whose
/// fields render.cpp fills through the template's placeholders and read_registration()
/// reads back without compiling the file (migrations_dir.cpp for the graph,
/// revision_reader.cpp for which functions to read and `.transactional`). Both sides name
/// the fields and placeholders through the constants below, so they cannot drift apart.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace strata::generator::revision_format {

/// The registrar's fields (designators of strata::revision_info), in declaration order.
inline constexpr std::string_view id_field = "id";
/// See id_field.
inline constexpr std::string_view down_revisions_field = "down_revisions";
/// See id_field.
inline constexpr std::string_view message_field = "message";
/// See id_field.
inline constexpr std::string_view create_date_field = "create_date";
/// See id_field.
inline constexpr std::string_view upgrade_field = "upgrade";
/// See id_field.
inline constexpr std::string_view downgrade_field = "downgrade";
/// See id_field.
inline constexpr std::string_view branch_labels_field = "branch_labels";
/// See id_field.
inline constexpr std::string_view depends_on_field = "depends_on";
/// See id_field; written by hand (`.transactional = false`), never by the template.
inline constexpr std::string_view transactional_field = "transactional";
/// See id_field; a squash's replaced revisions, the registrar's last field.
inline constexpr std::string_view replaces_field = "replaces";

/// The template's placeholders (`${name}`) that render_revision() fills.
inline constexpr std::string_view revision_placeholder = "revision";
/// See revision_placeholder.
inline constexpr std::string_view down_revisions_placeholder = "down_revisions";
/// See revision_placeholder.
inline constexpr std::string_view revises_placeholder = "revises";
/// See revision_placeholder.
inline constexpr std::string_view message_placeholder = "message";
/// See revision_placeholder.
inline constexpr std::string_view message_literal_placeholder = "message_literal";
/// See revision_placeholder.
inline constexpr std::string_view create_date_placeholder = "create_date";
/// See revision_placeholder.
inline constexpr std::string_view upgrades_placeholder = "upgrades";
/// See revision_placeholder.
inline constexpr std::string_view downgrades_placeholder = "downgrades";
/// See revision_placeholder.
inline constexpr std::string_view branch_labels_placeholder = "branch_labels";
/// See revision_placeholder.
inline constexpr std::string_view depends_on_placeholder = "depends_on";
/// See revision_placeholder; optional: without it a squash's list goes last in the registrar.
inline constexpr std::string_view replaces_placeholder = "replaces";

/// `${name}` for @p placeholder.
[[nodiscard]] std::string placeholder(std::string_view name);

/// The registrar line a template needs for an optional list field, e.g.
/// `.depends_on = {${depends_on}},` (what a note tells a user with an older template).
[[nodiscard]] std::string list_field_line(std::string_view field, std::string_view placeholder);

/// What a revision file registers, read from its text.
struct registration {
    std::string id;
    std::vector<std::string> down_revisions;
    std::string message;
    std::string create_date;
    std::vector<std::string> branch_labels;
    std::vector<std::string> depends_on;
    /// What a squash replaces, oldest first (empty for any other revision).
    std::vector<std::string> replaces;
    /// False when the registrar says `.transactional = false`.
    bool transactional = true;
    /// The functions the registrar names (`.upgrade = &name`), by default so called.
    std::string upgrade_function = "upgrade";
    /// See upgrade_function.
    std::string downgrade_function = "downgrade";
    /// Whether `.down_revisions = {...}` is there at all (a first revision has `{}`).
    bool has_down_revisions = false;
    /// 1-based lines of `.id` and `.depends_on` (0 when absent), for diagnostics.
    unsigned id_line = 0;
    /// See id_line.
    unsigned depends_on_line = 0;
};

/// What the registrar in @p text says, ignoring comments; fields it lacks keep their
/// defaults (an empty id when there is no registrar). Never throws.
[[nodiscard]] registration scan_registration(const std::string& text);

/// scan_registration() of the revision file @p file, which must register a revision:
/// throws diagnostic_error when `.id` or `.down_revisions` is missing.
[[nodiscard]] registration read_registration(const std::filesystem::path& file,
                                             const std::string& text);

} // namespace strata::generator::revision_format
