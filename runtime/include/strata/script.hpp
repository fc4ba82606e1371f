#pragma once
/// @file
/// The lean header generated revisions include: the recorder a revision's upgrade() and
/// downgrade() fill (strata::operations), the builders that make them read like
/// hand-written code (`col("email", string(120)).nullable()`) and the registrar.
///
/// Why lean: an application compiles every revision of its history, so what one costs is
/// paid hundreds of times. This header includes only <cstddef>, <cstdint> and
/// <initializer_list> (a few hundred lines instead of the ~37,000 of <string>, <vector>
/// and <variant>), and its builders are trivially copyable values that refer to the
/// literals they are given, so a revision compiles to a few out-of-line calls on static
/// data rather than to inlined string and vector code. The full model (strata/schema.hpp,
/// strata/operations.hpp, strata/revision.hpp) accepts the same calls and adds overloads
/// for its own types; a revision that needs them includes <strata/revision.hpp>.
///
/// A builder refers to the strings and lists it was given and is meant to be used within
/// the statement that makes it (as generated code does); converting it to the model's type
/// (strata::column, strata::index, ...) copies everything.

#include "strata/export.hpp"
#include "strata/schema_kinds.hpp"

#include <cstddef>
#include <cstdint>
#include <initializer_list>

namespace strata {

struct column;
struct column_type;
struct index;
struct unique_constraint;
struct foreign_key;
struct check_constraint;
struct table;
struct revision;
struct operation_list;

/// A borrowed piece of text: a string literal, a `const char*` or anything with `data()`
/// and `size()` (std::string, std::string_view). A null pointer means "none", which is
/// not the same as "" (a server default of '' versus no default).
class name_ref {
public:
    /// No text at all.
    constexpr name_ref() = default;
    /// A NUL-terminated string; nullptr means none.
    constexpr name_ref(const char* text) // NOLINT: implicit by design
        : m_data(text), m_size(text == nullptr ? 0 : length(text)) {}
    /// Any contiguous string with data() and size().
    template <class String>
    requires requires(const String& s) {
        static_cast<const char*>(s.data());
        static_cast<std::size_t>(s.size());
    }
    constexpr name_ref(const String& text) // NOLINT: implicit by design
        : m_data(text.data()), m_size(text.size()) {}

    /// The characters; nullptr when none().
    [[nodiscard]] constexpr const char* data() const { return m_data; }
    /// How many characters.
    [[nodiscard]] constexpr std::size_t size() const { return m_size; }
    /// True for "no text" (not for the empty string).
    [[nodiscard]] constexpr bool none() const { return m_data == nullptr; }

private:
    static constexpr std::size_t length(const char* text) {
#if defined(__GNUC__) || defined(__clang__)
        return __builtin_strlen(text);
#else
        std::size_t n = 0;
        while (text[n] != '\0') {
            ++n;
        }
        return n;
#endif
    }

    const char* m_data = nullptr;
    std::size_t m_size = 0;
};

/// A borrowed list of names: a braced list (`{"a", "b"}`), or any range of strings
/// (std::vector<std::string>), visited when the list is consumed.
class name_list {
public:
    /// Receives one name of the list.
    using sink = void (*)(void* context, name_ref name);

    /// The empty list.
    constexpr name_list() = default;
    /// A braced list of names.
    constexpr name_list(std::initializer_list<name_ref> names) // NOLINT: implicit by design
        : m_names(names) {}
    /// Any range whose elements convert to name_ref.
    template <class Range>
    requires requires(const Range& r) {
        r.begin();
        r.end();
        name_ref(*r.begin());
    }
    constexpr name_list(const Range& range) // NOLINT: implicit by design
        : m_range(&range), m_visit(&visit_range<Range>) {}

    /// Calls @p out with each name, in order.
    void for_each(sink out, void* context) const {
        if (m_visit != nullptr) {
            m_visit(m_range, out, context);
            return;
        }
        for (const auto& name : m_names) {
            out(context, name);
        }
    }

private:
    template <class Range>
    static void visit_range(const void* range, sink out, void* context) {
        for (const auto& name : *static_cast<const Range*>(range)) {
            out(context, name_ref(name));
        }
    }

    std::initializer_list<name_ref> m_names = {};
    const void* m_range = nullptr;
    void (*m_visit)(const void*, sink, void*) = nullptr;
};

namespace detail {
/// True for std::nullopt_t (specialised by strata/operations.hpp, which has <optional>).
template <class T>
inline constexpr bool is_nullopt = false;
} // namespace detail

/// Builders that make generated revisions read like hand-written code:
/// `col("email", string(120)).nullable()`. Each converts to the model's type.
namespace dsl {

/// A column type under construction; converts to strata::column_type.
struct STRATA_API type_spec {
    type_kind kind = type_kind::int64;
    /// String length, decimal precision and scale; negative means not given.
    std::int32_t length = -1;
    std::int32_t precision = -1;
    std::int32_t scale = -1;
    name_ref enum_name = {};
    name_list enum_values = {};
    name_ref sql_override = {};

    /// The model's column type.
    operator column_type() const; // NOLINT: implicit by design
};

/// A column under construction; converts to strata::column.
class STRATA_API column_builder {
public:
    constexpr column_builder(name_ref name, type_spec type) : m_name(name), m_type(type) {}
    /// A column of a type kept in a strata::column_type variable (referred to, not copied).
    constexpr column_builder(name_ref name, const column_type& type)
        : m_name(name), m_full_type(&type) {}
    /// The column accepts NULL.
    constexpr column_builder& nullable() {
        m_nullable = true;
        return *this;
    }
    /// The column is (part of) the primary key.
    constexpr column_builder& primary_key() {
        m_primary_key = true;
        return *this;
    }
    /// The database assigns the values.
    constexpr column_builder& autoincrement() {
        m_autoincrement = true;
        return *this;
    }
    /// Server-side default, an SQL expression such as `'draft'` or `0`.
    constexpr column_builder& server_default(name_ref expression) {
        m_server_default = expression;
        return *this;
    }
    /// Column comment.
    constexpr column_builder& comment(name_ref text) {
        m_comment = text;
        return *this;
    }
    /// The model's column.
    operator column() const; // NOLINT: implicit by design

private:
    name_ref m_name;
    type_spec m_type = {};
    const column_type* m_full_type = nullptr;
    bool m_nullable = false;
    bool m_primary_key = false;
    bool m_autoincrement = false;
    name_ref m_server_default = {};
    name_ref m_comment = {};
};

/// An index under construction; converts to strata::index.
struct STRATA_API index_spec {
    name_ref name;
    name_list columns;
    bool unique = false;
    /// The model's index.
    operator index() const; // NOLINT: implicit by design
};

/// A unique constraint under construction; converts to strata::unique_constraint.
struct STRATA_API unique_spec {
    name_ref name;
    name_list columns;
    /// The model's unique constraint.
    operator unique_constraint() const; // NOLINT: implicit by design
};

/// A foreign key under construction; converts to strata::foreign_key.
struct STRATA_API foreign_key_spec {
    name_ref name;
    name_list columns;
    name_ref referenced_table;
    name_list referenced_columns;
    referential_action on_delete = referential_action::no_action;
    referential_action on_update = referential_action::no_action;
    /// The model's foreign key.
    operator foreign_key() const; // NOLINT: implicit by design
};

/// A check constraint under construction; converts to strata::check_constraint.
struct STRATA_API check_spec {
    name_ref name;
    name_ref expression;
    /// The model's check constraint.
    operator check_constraint() const; // NOLINT: implicit by design
};

/// A whole table for operations::create_table(), written with designated initializers
/// (`.name = "users", .columns = {...}, .indexes = {...}`) like strata::table.
struct table_spec {
    name_ref name;
    std::initializer_list<column_builder> columns = {};
    std::initializer_list<index_spec> indexes = {};
    std::initializer_list<unique_spec> uniques = {};
    std::initializer_list<foreign_key_spec> foreign_keys = {};
    std::initializer_list<check_spec> checks = {};
    name_ref comment = {};
};

/// A column called @p name of type @p type.
constexpr column_builder col(name_ref name, type_spec type) {
    return {name, type};
}
/// A column called @p name of the model's type @p type.
constexpr column_builder col(name_ref name, const column_type& type) {
    return {name, type};
}
/// 16-bit integer.
constexpr type_spec int16() {
    return {.kind = type_kind::int16};
}
/// 32-bit integer.
constexpr type_spec int32() {
    return {.kind = type_kind::int32};
}
/// 64-bit integer.
constexpr type_spec int64() {
    return {.kind = type_kind::int64};
}
/// Single precision floating point.
constexpr type_spec float32() {
    return {.kind = type_kind::float32};
}
/// Double precision floating point.
constexpr type_spec float64() {
    return {.kind = type_kind::float64};
}
/// Boolean.
constexpr type_spec boolean() {
    return {.kind = type_kind::boolean};
}
/// Unbounded text.
constexpr type_spec text() {
    return {.kind = type_kind::string};
}
/// Text of at most @p length characters.
constexpr type_spec string(std::int32_t length) {
    return {.kind = type_kind::string, .length = length};
}
/// Bytes (BLOB / BYTEA).
constexpr type_spec binary() {
    return {.kind = type_kind::binary};
}
/// Point in time, UTC.
constexpr type_spec timestamp() {
    return {.kind = type_kind::timestamp};
}
/// Calendar date.
constexpr type_spec date() {
    return {.kind = type_kind::date};
}
/// Date and time of day without a time zone (a wall-clock reading).
constexpr type_spec local_timestamp() {
    return {.kind = type_kind::local_timestamp};
}
/// Time of day without a date or time zone.
constexpr type_spec time_of_day() {
    return {.kind = type_kind::time_of_day};
}
/// A length of time.
constexpr type_spec interval() {
    return {.kind = type_kind::interval};
}
/// A universally unique identifier.
constexpr type_spec uuid() {
    return {.kind = type_kind::uuid};
}
/// A JSON document.
constexpr type_spec json() {
    return {.kind = type_kind::json};
}
/// Fixed point with @p precision digits, @p scale after the point.
constexpr type_spec decimal(std::int32_t precision, std::int32_t scale) {
    return {.kind = type_kind::decimal, .precision = precision, .scale = scale};
}
/// Enumeration called @p name with @p values, stored as the value names.
constexpr type_spec enumeration(name_ref name, name_list values) {
    return {.kind = type_kind::enumeration, .enum_name = name, .enum_values = values};
}
/// @p type, but spelt @p sql in the database.
constexpr type_spec sql_type(type_spec type, name_ref sql) {
    type.sql_override = sql;
    return type;
}

/// An index @p name over @p columns.
constexpr index_spec idx(name_ref name, name_list columns) {
    return {name, columns, false};
}
/// A unique index @p name over @p columns.
constexpr index_spec unique_idx(name_ref name, name_list columns) {
    return {name, columns, true};
}
/// A unique constraint @p name over @p columns.
constexpr unique_spec unique(name_ref name, name_list columns) {
    return {name, columns};
}
/// A foreign key @p name from @p columns to @p referenced_table (@p referenced_columns).
constexpr foreign_key_spec fk(name_ref name, name_list columns, name_ref referenced_table,
                              name_list referenced_columns,
                              referential_action on_delete = referential_action::no_action,
                              referential_action on_update = referential_action::no_action) {
    return {name, columns, referenced_table, referenced_columns, on_delete, on_update};
}
/// A check constraint @p name with SQL @p expression.
constexpr check_spec check(name_ref name, name_ref expression) {
    return {name, expression};
}

} // namespace dsl

/// What a revision's upgrade() and downgrade() receive, like Alembic's `op`: each call
/// records one operation (strata/operations.hpp), which the migrator then runs (or prints,
/// in offline mode). Every call also takes the model's own types (strata::column, ...).
class STRATA_API operations {
public:
    operations();
    ~operations();
    operations(const operations&) = delete;
    operations& operator=(const operations&) = delete;
    operations(operations&& other) noexcept;
    operations& operator=(operations&& other) noexcept;

    /// Records CREATE TABLE @p name with @p columns.
    void create_table(name_ref name, std::initializer_list<dsl::column_builder> columns);
    /// Records CREATE TABLE with a full definition (keys, constraints, comment).
    void create_table(const dsl::table_spec& definition);
    /// Records CREATE TABLE of a strata::table.
    template <class Table>
    requires requires(const Table& t) {
        t.columns;
        t.indexes;
        t.foreign_keys;
    }
    void create_table(const Table& definition) { record_table(definition); }
    /// Records CREATE TABLE @p name with a std::vector<strata::column>.
    template <class Columns>
    requires requires(const Columns& c) { c.data()->type; }
    void create_table(name_ref name, const Columns& columns) {
        record_table(name, columns.data(), columns.size());
    }
    /// Records DROP TABLE @p name.
    void drop_table(name_ref name);
    /// Records ALTER TABLE @p old_name RENAME TO @p new_name.
    void rename_table(name_ref old_name, name_ref new_name);
    /// Records ALTER TABLE @p table_name ADD COLUMN.
    void add_column(name_ref table_name, const dsl::column_builder& definition);
    /// Records ALTER TABLE @p table_name ADD COLUMN.
    void add_column(name_ref table_name, const column& definition);
    /// Records ALTER TABLE @p table_name DROP COLUMN @p column_name.
    void drop_column(name_ref table_name, name_ref column_name);
    /// Records ALTER TABLE @p table_name RENAME COLUMN @p old_name TO @p new_name.
    void rename_column(name_ref table_name, name_ref old_name, name_ref new_name);
    /// Records a change of column @p from into @p to (same or renamed name kept as in @p to).
    void alter_column(name_ref table_name, const dsl::column_builder& from,
                      const dsl::column_builder& to);
    /// Records a change of column @p from into @p to.
    void alter_column(name_ref table_name, const column& from, const column& to);
    /// Records a change of @p table_name's primary key from @p from_columns to
    /// @p to_columns (empty: no key), both in column declaration order.
    void alter_primary_key(name_ref table_name, name_list from_columns, name_list to_columns);
    /// Records CREATE INDEX.
    void create_index(name_ref table_name, const dsl::index_spec& definition);
    /// Records CREATE INDEX.
    void create_index(name_ref table_name, const index& definition);
    /// Records DROP INDEX.
    void drop_index(name_ref table_name, name_ref index_name);
    /// Records ADD CONSTRAINT ... UNIQUE.
    void add_unique(name_ref table_name, const dsl::unique_spec& definition);
    /// Records ADD CONSTRAINT ... UNIQUE.
    void add_unique(name_ref table_name, const unique_constraint& definition);
    /// Records DROP CONSTRAINT of a unique constraint.
    void drop_unique(name_ref table_name, name_ref constraint_name);
    /// Records ADD CONSTRAINT ... FOREIGN KEY.
    void add_foreign_key(name_ref table_name, const dsl::foreign_key_spec& definition);
    /// Records ADD CONSTRAINT ... FOREIGN KEY.
    void add_foreign_key(name_ref table_name, const foreign_key& definition);
    /// Records DROP CONSTRAINT of a foreign key.
    void drop_foreign_key(name_ref table_name, name_ref constraint_name);
    /// Records ADD CONSTRAINT ... CHECK.
    void add_check(name_ref table_name, const dsl::check_spec& definition);
    /// Records ADD CONSTRAINT ... CHECK.
    void add_check(name_ref table_name, const check_constraint& definition);
    /// Records DROP CONSTRAINT of a check constraint.
    void drop_check(name_ref table_name, name_ref constraint_name);
    /// Records a table comment change; nullptr (or none) removes it.
    void set_table_comment(name_ref table_name, name_ref comment);
    /// Records a table comment change from a std::optional<std::string>.
    template <class Optional>
    requires requires(const Optional& o) {
        o.has_value();
        name_ref(*o);
    }
    void set_table_comment(name_ref table_name, const Optional& comment) {
        set_table_comment(table_name, comment.has_value() ? name_ref(*comment) : name_ref());
    }
    /// Records the removal of a table comment (std::nullopt).
    template <class Nullopt>
    requires detail::is_nullopt<Nullopt>
    void set_table_comment(name_ref table_name, const Nullopt& /*none*/) {
        set_table_comment(table_name, name_ref());
    }
    /// Records hand-written SQL, run as it is. The generator's schema replay takes it to
    /// change no table (a data migration) and refuses SQL that creates, alters or drops a
    /// table or an index: state such an effect with the overload below.
    void execute(name_ref sql);
    /// Records hand-written SQL, run as it is, whose effect on the schema model @p state
    /// states by recording the equivalent operations (Django's `state_operations`):
    /// `op.execute(sql, [](strata::operations& state) { state.add_column(...); })`, or
    /// `strata::no_schema_change`. Only the SQL runs; the generator reads @p state's body
    /// to replay the revision (docs/commands.md, "Hand-written steps").
    void execute(name_ref sql, void (*state)(operations& state));

    /// Everything recorded so far, in call order (a std::vector<strata::operation>, defined
    /// in strata/operations.hpp).
    [[nodiscard]] const operation_list& recorded() const { return *m_recorded; }

private:
    void record_table(const table& definition);
    void record_table(name_ref name, const column* columns, std::size_t count);

    operation_list* m_recorded;
};

/// The effect of `op.execute(sql, strata::no_schema_change)`: SQL that changes nothing the
/// schema model describes (a view, a trigger, a function, data).
inline void no_schema_change([[maybe_unused]] operations& state) {}

/// What a revision file registers: the fields of strata::revision, borrowed from the
/// file's literals (the registrar copies them).
struct revision_info {
    /// Content-derived id, e.g. "3f2a9c1b7d4e".
    name_ref id;
    /// Parent revisions: none for the first one, two or more for a merge.
    std::initializer_list<name_ref> down_revisions = {};
    /// The -m message the revision was created with.
    name_ref message = {};
    /// When the revision was generated, "YYYY-MM-DD HH:MM:SS" (UTC).
    name_ref create_date = {};
    /// Records the operations that bring the database from the parents to this revision.
    void (*upgrade)(operations& op) = nullptr;
    /// Records the operations that undo upgrade().
    void (*downgrade)(operations& op) = nullptr;
    /// Names for the branch this revision starts (strata::revision::branch_labels).
    std::initializer_list<name_ref> branch_labels = {};
    /// Revisions this one needs applied first (strata::revision::depends_on).
    std::initializer_list<name_ref> depends_on = {};
    /// False runs the revision outside a transaction (strata::revision::transactional).
    bool transactional = true;
    /// The revisions a squash replaces, oldest first (strata::revision::replaces).
    std::initializer_list<name_ref> replaces = {};
};

/// Registers a revision at static-initialisation time; one per revision file.
class STRATA_API revision_registrar {
public:
    /// Adds the revision @p info describes to registered_revisions().
    explicit revision_registrar(const revision_info& info);
    /// Adds a strata::revision to registered_revisions().
    template <class Revision>
    requires requires(const Revision& r) {
        r.id;
        r.down_revisions;
        r.upgrade;
    }
    explicit revision_registrar(const Revision& rev) { add(rev); }

private:
    static void add(const revision& rev);
};

} // namespace strata
