#pragma once
/// @file
/// How MySQL and MariaDB spell schema changes: native types (utf8mb4 text, DATETIME(6),
/// TINYINT(1), DECIMAL, inline ENUM, JSON), named constraints and indexes, backquoted
/// identifiers, and ALTER TABLE's online clauses where the server allows them.

#include "strata/dialect.hpp"
#include "strata/export.hpp"

namespace strata::mysql {

/// The MySQL/MariaDB dialect (MariaDB 10.5 or newer; MySQL 8.0 where the syntax agrees).
/// MySQL commits every DDL statement on its own, so a revision with several statements is
/// never atomic there: the migrator records its progress statement by statement
/// (docs/commands.md, "Revisions on MySQL and MariaDB").
class STRATA_MYSQL_API dialect final : public strata::dialect {
public:
    /// "mysql".
    [[nodiscard]] std::string_view name() const override { return "mysql"; }
    /// SMALLINT, INT, BIGINT, FLOAT, DOUBLE, TINYINT(1), LONGTEXT, VARCHAR(n), LONGBLOB,
    /// TIMESTAMP(6), DATE, DECIMAL(p,s), ENUM(...), DATETIME(6), TIME(6), VARCHAR(64)
    /// (interval, as text), CHAR(36) (uuid), JSON, or the sql_override verbatim.
    [[nodiscard]] std::string type_sql(const column_type& type) const override;
    /// The statements for @p op. @p before supplies what MySQL needs restated: a MODIFY
    /// COLUMN names the whole column, and dropping a primary key that an AUTO_INCREMENT
    /// column needs changes that column first.
    [[nodiscard]] std::vector<std::string> to_sql(const operation& op,
                                                  const schema& before) const override;
    /// One step per operation, as the default, tolerating a @p before read back from the
    /// database, where a unique constraint made by hand may look like a unique index.
    [[nodiscard]] std::vector<planned_step> plan(std::span<const operation> ops,
                                                 const schema& before) const override;
    /// false: every DDL statement commits on its own.
    [[nodiscard]] bool transactional_ddl() const override { return false; }
    /// UTC to the millisecond (the session's time zone is UTC).
    [[nodiscard]] std::string current_timestamp_sql() const override { return "UTC_TIMESTAMP(3)"; }
    /// @p identifier in backquotes, inner backquotes doubled.
    [[nodiscard]] std::string quote_identifier(std::string_view identifier) const override;
    /// @p text in single quotes, quotes doubled and backslashes escaped.
    [[nodiscard]] std::string quote_literal(std::string_view text) const override;

    /// The comment a unique index strata creates carries: MySQL keeps a unique constraint
    /// as a unique index, and introspection tells the two apart by it.
    static constexpr std::string_view unique_index_comment = "strata: unique index";

    /// The statement a session (and an offline script) starts with: strict mode, UTC,
    /// utf8mb4, so that the revision's statements mean the same on every server.
    [[nodiscard]] static std::string session_setup_sql();

private:
    struct writer;

    [[nodiscard]] std::string column_sql(const column& definition) const;
    [[nodiscard]] std::string foreign_key_sql(const foreign_key& key) const;
    /// "(a, b)"; with @p owner, for a non-unique index: long columns cut to a prefix.
    [[nodiscard]] std::string column_list(const std::vector<std::string>& names,
                                          const table* owner = nullptr) const;
    [[nodiscard]] std::string index_sql(std::string_view table_name, const index& definition,
                                        const table* owner) const;
};

} // namespace strata::mysql
