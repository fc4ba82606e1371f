// The out-of-line half of strata/script.hpp: what the builders convert to and what the
// recorder records. Kept here, not inline, so that a revision compiles to calls on its
// literals (see the header for why that matters).

#include "strata/script.hpp"

#include "strata/operations.hpp"
#include "strata/revision.hpp"

#include <utility>

namespace strata {
namespace {

std::string to_text(name_ref name) {
    return name.none() ? std::string() : std::string(name.data(), name.size());
}

std::optional<std::string> to_optional(name_ref name) {
    if (name.none()) {
        return std::nullopt;
    }
    return to_text(name);
}

std::vector<std::string> to_texts(const name_list& names) {
    std::vector<std::string> result;
    names.for_each(
        [](void* out, name_ref name) {
            static_cast<std::vector<std::string>*>(out)->push_back(to_text(name));
        },
        &result);
    return result;
}

std::vector<std::string> to_texts(std::initializer_list<name_ref> names) {
    std::vector<std::string> result;
    result.reserve(names.size());
    for (const auto& name : names) {
        result.push_back(to_text(name));
    }
    return result;
}

std::optional<std::int32_t> given(std::int32_t value) {
    return value < 0 ? std::nullopt : std::optional<std::int32_t>(value);
}

} // namespace

namespace dsl {

type_spec::operator column_type() const {
    return {.kind = kind,
            .length = given(length),
            .precision = given(precision),
            .scale = given(scale),
            .enum_name = to_text(enum_name),
            .enum_values = to_texts(enum_values),
            .sql_override = to_text(sql_override)};
}

column_builder::operator column() const {
    return {.name = to_text(m_name),
            .type = m_full_type != nullptr ? *m_full_type : column_type(m_type),
            .nullable = m_nullable,
            .primary_key = m_primary_key,
            .autoincrement = m_autoincrement,
            .server_default = to_optional(m_server_default),
            .comment = to_optional(m_comment)};
}

index_spec::operator index() const {
    return {to_text(name), to_texts(columns), unique};
}

unique_spec::operator unique_constraint() const {
    return {to_text(name), to_texts(columns)};
}

foreign_key_spec::operator foreign_key() const {
    return {
        to_text(name), to_texts(columns), to_text(referenced_table), to_texts(referenced_columns),
        on_delete,     on_update};
}

check_spec::operator check_constraint() const {
    return {to_text(name), to_text(expression)};
}

} // namespace dsl

operations::operations() : m_recorded(new operation_list) {}

operations::~operations() {
    delete m_recorded;
}

operations::operations(operations&& other) noexcept : m_recorded(new operation_list) {
    std::swap(m_recorded, other.m_recorded);
}

operations& operations::operator=(operations&& other) noexcept {
    std::swap(m_recorded, other.m_recorded);
    return *this;
}

void operations::record_table(const table& definition) {
    table copy = definition;
    copy.normalize();
    m_recorded->emplace_back(ops::create_table{std::move(copy)});
}

void operations::record_table(name_ref name, const column* columns, std::size_t count) {
    record_table(
        table{.name = to_text(name), .columns = std::vector<column>(columns, columns + count)});
}

void operations::create_table(name_ref name, std::initializer_list<dsl::column_builder> columns) {
    record_table(table{.name = to_text(name), .columns = {columns.begin(), columns.end()}});
}

void operations::create_table(const dsl::table_spec& definition) {
    record_table(
        table{.name = to_text(definition.name),
              .columns = {definition.columns.begin(), definition.columns.end()},
              .indexes = {definition.indexes.begin(), definition.indexes.end()},
              .uniques = {definition.uniques.begin(), definition.uniques.end()},
              .foreign_keys = {definition.foreign_keys.begin(), definition.foreign_keys.end()},
              .checks = {definition.checks.begin(), definition.checks.end()},
              .comment = to_optional(definition.comment)});
}

void operations::drop_table(name_ref name) {
    m_recorded->emplace_back(ops::drop_table{to_text(name)});
}

void operations::rename_table(name_ref old_name, name_ref new_name) {
    m_recorded->emplace_back(ops::rename_table{to_text(old_name), to_text(new_name)});
}

void operations::add_column(name_ref table_name, const dsl::column_builder& definition) {
    add_column(table_name, column(definition));
}

void operations::add_column(name_ref table_name, const column& definition) {
    m_recorded->emplace_back(ops::add_column{to_text(table_name), definition});
}

void operations::drop_column(name_ref table_name, name_ref column_name) {
    m_recorded->emplace_back(ops::drop_column{to_text(table_name), to_text(column_name)});
}

void operations::rename_column(name_ref table_name, name_ref old_name, name_ref new_name) {
    m_recorded->emplace_back(
        ops::rename_column{to_text(table_name), to_text(old_name), to_text(new_name)});
}

void operations::alter_column(name_ref table_name, const dsl::column_builder& from,
                              const dsl::column_builder& to) {
    alter_column(table_name, column(from), column(to));
}

void operations::alter_column(name_ref table_name, const column& from, const column& to) {
    m_recorded->emplace_back(ops::alter_column{to_text(table_name), from, to});
}

void operations::alter_primary_key(name_ref table_name, name_list from_columns,
                                   name_list to_columns) {
    m_recorded->emplace_back(
        ops::alter_primary_key{to_text(table_name), to_texts(from_columns), to_texts(to_columns)});
}

void operations::create_index(name_ref table_name, const dsl::index_spec& definition) {
    create_index(table_name, index(definition));
}

void operations::create_index(name_ref table_name, const index& definition) {
    m_recorded->emplace_back(ops::create_index{to_text(table_name), definition});
}

void operations::drop_index(name_ref table_name, name_ref index_name) {
    m_recorded->emplace_back(ops::drop_index{to_text(table_name), to_text(index_name)});
}

void operations::add_unique(name_ref table_name, const dsl::unique_spec& definition) {
    add_unique(table_name, unique_constraint(definition));
}

void operations::add_unique(name_ref table_name, const unique_constraint& definition) {
    m_recorded->emplace_back(ops::add_unique{to_text(table_name), definition});
}

void operations::drop_unique(name_ref table_name, name_ref constraint_name) {
    m_recorded->emplace_back(ops::drop_unique{to_text(table_name), to_text(constraint_name)});
}

void operations::add_foreign_key(name_ref table_name, const dsl::foreign_key_spec& definition) {
    add_foreign_key(table_name, foreign_key(definition));
}

void operations::add_foreign_key(name_ref table_name, const foreign_key& definition) {
    m_recorded->emplace_back(ops::add_foreign_key{to_text(table_name), definition});
}

void operations::drop_foreign_key(name_ref table_name, name_ref constraint_name) {
    m_recorded->emplace_back(ops::drop_foreign_key{to_text(table_name), to_text(constraint_name)});
}

void operations::add_check(name_ref table_name, const dsl::check_spec& definition) {
    add_check(table_name, check_constraint(definition));
}

void operations::add_check(name_ref table_name, const check_constraint& definition) {
    m_recorded->emplace_back(ops::add_check{to_text(table_name), definition});
}

void operations::drop_check(name_ref table_name, name_ref constraint_name) {
    m_recorded->emplace_back(ops::drop_check{to_text(table_name), to_text(constraint_name)});
}

void operations::set_table_comment(name_ref table_name, name_ref comment) {
    m_recorded->emplace_back(ops::set_table_comment{to_text(table_name), to_optional(comment)});
}

void operations::execute(name_ref sql) {
    m_recorded->emplace_back(ops::execute_sql{to_text(sql)});
}

void operations::execute(name_ref sql, void (*state)(operations& state)) {
    // The stated effect is for the generator's replay; the migrator reads the database
    // again after hand-written SQL, so only the SQL is recorded.
    (void)state;
    execute(sql);
}

revision_registrar::revision_registrar(const revision_info& info) {
    add(revision{.id = to_text(info.id),
                 .down_revisions = to_texts(info.down_revisions),
                 .message = to_text(info.message),
                 .create_date = to_text(info.create_date),
                 .upgrade = info.upgrade,
                 .downgrade = info.downgrade,
                 .branch_labels = to_texts(info.branch_labels),
                 .depends_on = to_texts(info.depends_on),
                 .transactional = info.transactional,
                 .replaces = to_texts(info.replaces)});
}

} // namespace strata
