#pragma once
/// @file
/// Annotations that mark C++ structs as database tables and members as columns.
///
/// The strata generator reads them with libclang; an ordinary compiler ignores them, so
/// model headers compile everywhere without warnings. Each macro takes a comma-separated
/// list of options, written as C++ tokens:
///
/// @code
/// struct STRATA_TABLE(name = "users") User {
///     STRATA_COLUMN(primary_key) std::int64_t id;
///     STRATA_COLUMN(length = 120) std::string email;
///     std::optional<std::string> display_name;   // every data member is a column
///     STRATA_EXCLUDE std::string cached_greeting; // ...unless excluded
/// };
/// @endcode
///
/// See docs/annotations.md for every option.

#if defined(__clang__)
// Two levels, so that macros in the options (`length = EMAIL_LENGTH`) are expanded first.
#define STRATA_DETAIL_STRINGIFY(...) #__VA_ARGS__
/// Marks a struct as a table. Options: name, renamed_from, comment, index, unique_index,
/// unique, check, foreign_key, existing_rows (docs/annotations.md).
#define STRATA_TABLE(...) [[clang::annotate("strata:table:" STRATA_DETAIL_STRINGIFY(__VA_ARGS__))]]
/// Sets options on a column. Options: primary_key, autoincrement, length, name, renamed_from,
/// default, backfill, existing_rows, comment, index, unique, references, on_delete,
/// on_update, check, decimal, sql_type (docs/annotations.md).
#define STRATA_COLUMN(...)                                                                         \
    [[clang::annotate("strata:column:" STRATA_DETAIL_STRINGIFY(__VA_ARGS__))]]
/// Keeps a data member out of the table, or a struct out of the schema.
#define STRATA_EXCLUDE [[clang::annotate("strata:exclude:")]]
#else
#define STRATA_TABLE(...)
#define STRATA_COLUMN(...)
#define STRATA_EXCLUDE
#endif
