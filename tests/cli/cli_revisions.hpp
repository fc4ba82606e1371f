#pragma once
/// @file
/// Revisions and helpers shared by the migrate command line tests: a linear history
/// (users, posts + nickname, a data migration) and two branches joined by a merge.

#include "test_revisions.hpp"

#include "strata/connection.hpp"
#include "strata/dialect.hpp"
#include "strata/offline.hpp"

#include <optional>
#include <regex>
#include <string>
#include <vector>

namespace strata::testing::cli {
using namespace strata::dsl;

/// Statements as a vector, for comparing offline scripts with what online mode ran.
using statement_list = std::vector<std::string>;

inline void append(statement_list& out, const statement_list& statements) {
    out.insert(out.end(), statements.begin(), statements.end());
}

/// The statements of @p steps in the order sql_step documents, without the checks, which
/// online mode runs as queries (the recorder logs only what it executes).
inline statement_list flatten(const std::vector<sql_step>& steps) {
    statement_list result;
    for (const auto& step : steps) {
        append(result, step.before_begin);
        if (step.transactional || !step.setup.empty()) {
            result.emplace_back("BEGIN");
            append(result, step.setup);
        }
        if (!step.transactional && !step.setup.empty()) {
            result.emplace_back("COMMIT");
        }
        append(result, step.statements);
        if (!step.transactional) {
            result.emplace_back("BEGIN");
        }
        append(result, step.bookkeeping);
        result.emplace_back("COMMIT");
        append(result, step.after_end);
    }
    return result;
}

/// @p statements with the history row's duration_ms set to 0: the one value offline mode
/// cannot know; everything else, applied_at included (the database's clock), must match.
inline statement_list without_duration(statement_list statements) {
    static const std::regex duration(
        R"(^(INSERT INTO "strata_history" .*, )\d+( FROM "strata_history")$)");
    for (auto& sql : statements) {
        sql = std::regex_replace(sql, duration, "$010$2");
    }
    return statements;
}

inline void create_users_up(operations& op) {
    op.create_table("users", {col("id", int64()).primary_key(), col("email", string(120))});
}
inline void create_users_down(operations& op) {
    op.drop_table("users");
}
inline void add_posts_up(operations& op) {
    op.add_column("users", col("nickname", string(40)).nullable());
    op.create_table(
        "posts", {col("id", int64()).primary_key(), col("user_id", int64()), col("title", text())});
}
inline void add_posts_down(operations& op) {
    op.drop_table("posts");
    op.drop_column("users", "nickname");
}
inline void seed_up(operations& op) {
    op.execute("INSERT INTO users (id, email) VALUES (1, 'admin@example.com')");
}
inline void seed_down(operations& op) {
    op.execute("DELETE FROM users WHERE id = 1");
}
inline void tags_up(operations& op) {
    op.create_table("tags", {col("name", string(30)).primary_key()});
}
inline void tags_down(operations& op) {
    op.drop_table("tags");
}
inline void avatar_up(operations& op) {
    op.add_column("users", col("avatar", text()).nullable());
}
inline void avatar_down(operations& op) {
    op.drop_column("users", "avatar");
}
inline void nothing(operations&) {}
// Hand-written SQL, a column added, then a type change that SQLite performs by rebuilding
// the table: offline mode must plan the rebuild from the schema after the added column.
inline void widen_up(operations& op) {
    op.execute("UPDATE users SET email = lower(email)");
    op.add_column("users", col("age", int32()).nullable());
    op.alter_column("users", col("email", string(120)), col("email", string(255)));
}
inline void widen_down(operations& op) {
    op.alter_column("users", col("email", string(255)), col("email", string(120)));
    op.drop_column("users", "age");
}
// Outside a transaction: hand-written SQL before a rebuild.
inline void posts_fk_up(operations& op) {
    op.execute("DELETE FROM posts WHERE user_id NOT IN (SELECT id FROM users)");
    op.add_foreign_key("posts", fk("fk_posts_user", {"user_id"}, "users", {"id"}));
}
inline void posts_fk_down(operations& op) {
    op.drop_foreign_key("posts", "fk_posts_user");
}

inline constexpr const char* users_id = "a1b2c3d4e5f6";
inline constexpr const char* posts_id = "b7c8d9e0f1a2";
inline constexpr const char* seed_id = "c3d4e5f6a7b8";
inline constexpr const char* tags_id = "1111aaaa2222";
inline constexpr const char* avatar_id = "3333bbbb4444";
inline constexpr const char* merge_id = "5555cccc6666";

/// users -> posts -> seed.
inline std::vector<revision> linear() {
    return {make_revision(users_id, {}, "create users", "2024-01-01 10:00:00", create_users_up,
                          create_users_down),
            make_revision(posts_id, {users_id}, "add posts", "2024-01-02 10:00:00", add_posts_up,
                          add_posts_down),
            make_revision(seed_id, {posts_id}, "seed admin", "2024-01-03 10:00:00", seed_up,
                          seed_down)};
}

/// users -> {tags (labelled "tagging"), avatar} -> merge.
inline std::vector<revision> merged() {
    auto tags =
        make_revision(tags_id, {users_id}, "add tags", "2024-01-02 10:00:00", tags_up, tags_down);
    tags.branch_labels = {"tagging"};
    return {make_revision(users_id, {}, "create users", "2024-01-01 10:00:00", create_users_up,
                          create_users_down),
            tags,
            make_revision(avatar_id, {users_id}, "add avatar", "2024-01-02 11:00:00", avatar_up,
                          avatar_down),
            make_revision(merge_id, {tags_id, avatar_id}, "merge heads", "2024-01-03 10:00:00",
                          nothing, nothing)};
}

inline void tag_color_up(operations& op) {
    op.add_column("tags", col("color", string(7)).nullable());
}
inline void tag_color_down(operations& op) {
    op.drop_column("tags", "color");
}
inline void audit_up(operations& op) {
    op.create_table("audit_log", {col("id", int64()).primary_key(), col("action", text())});
}
inline void audit_down(operations& op) {
    op.drop_table("audit_log");
}
inline void audit_note_up(operations& op) {
    op.add_column("audit_log", col("note", text()).nullable());
}
inline void audit_note_down(operations& op) {
    op.drop_column("audit_log", "note");
}

inline constexpr const char* tag_color_id = "2222aaaa3333";
inline constexpr const char* audit_id = "7777dddd8888";
inline constexpr const char* audit_note_id = "8888dddd9999";

/// Long-lived labelled branches, as in Alembic's branches chapter:
/// users -> {tags (labelled "tagging") -> tag_color, avatar}, and an independent root
/// audit (labelled "audit") -> audit_note.
inline std::vector<revision> labelled_branches() {
    auto tags =
        make_revision(tags_id, {users_id}, "add tags", "2024-01-02 10:00:00", tags_up, tags_down);
    tags.branch_labels = {"tagging"};
    auto audit = make_revision(audit_id, {}, "create audit log", "2024-01-01 09:00:00", audit_up,
                               audit_down);
    audit.branch_labels = {"audit"};
    return {make_revision(users_id, {}, "create users", "2024-01-01 10:00:00", create_users_up,
                          create_users_down),
            tags,
            make_revision(tag_color_id, {tags_id}, "add tag color", "2024-01-03 10:00:00",
                          tag_color_up, tag_color_down),
            make_revision(avatar_id, {users_id}, "add avatar", "2024-01-02 11:00:00", avatar_up,
                          avatar_down),
            audit,
            make_revision(audit_note_id, {audit_id}, "add audit note", "2024-01-02 09:00:00",
                          audit_note_up, audit_note_down)};
}

inline constexpr const char* widen_id = "d4e5f6a7b8c9";
inline constexpr const char* posts_fk_id = "e5f6a7b8c9d0";

/// linear(), then widen (hand-written SQL, a rebuild) and posts_fk (outside a
/// transaction, hand-written SQL then a rebuild).
inline std::vector<revision> rebuilding() {
    auto result = linear();
    result.push_back(make_revision(widen_id, {seed_id}, "widen email", "2024-01-04 10:00:00",
                                   widen_up, widen_down));
    auto posts_fk = make_revision(posts_fk_id, {widen_id}, "posts reference users",
                                  "2024-01-05 10:00:00", posts_fk_up, posts_fk_down);
    posts_fk.transactional = false;
    result.push_back(posts_fk);
    return result;
}

/// A connection that passes everything to another and records what it executes, with
/// BEGIN and COMMIT for the transaction calls: what online mode really ran.
class recording_connection final : public connection {
public:
    explicit recording_connection(connection& inner) : m_inner(inner) {}
    void execute(std::string_view sql) override {
        m_log.emplace_back(sql);
        m_inner.execute(sql);
    }
    std::vector<row> query(std::string_view sql) override { return m_inner.query(sql); }
    bool has_table(std::string_view name) override { return m_inner.has_table(name); }
    bool has_column(std::string_view table, std::string_view column) override {
        return m_inner.has_column(table, column);
    }
    void begin_exclusive() override {
        m_log.emplace_back("BEGIN");
        m_inner.begin_exclusive();
    }
    void commit() override {
        m_log.emplace_back("COMMIT");
        m_inner.commit();
    }
    void rollback() noexcept override {
        m_log.emplace_back("ROLLBACK");
        m_inner.rollback();
    }
    const dialect& sql_dialect() const override { return m_inner.sql_dialect(); }
    std::string display_url() const override { return m_inner.display_url(); }
    schema introspect_schema(std::string_view version_table,
                             std::string_view history_table) override {
        return m_inner.introspect_schema(version_table, history_table);
    }
    std::vector<std::string> unmodelled_objects(std::string_view table_name) override {
        return m_inner.unmodelled_objects(table_name);
    }

    /// The statements executed, without transactions that executed nothing (the migrator
    /// opens one to find that the target is reached) and without transactions rolled back
    /// (it rolls one back when it finds that a revision rebuilds a table, and runs the
    /// revision again inside the dialect's rebuild frame): what took effect, in order.
    [[nodiscard]] std::vector<std::string> executed() const {
        std::vector<std::string> result;
        // Index in result of the open transaction's BEGIN; a sentinel rather than an
        // optional, which GCC 12 at -O2 wrongly reports as maybe-uninitialized.
        constexpr std::size_t none = static_cast<std::size_t>(-1);
        std::size_t open = none;
        for (std::size_t i = 0; i < m_log.size(); ++i) {
            const auto& sql = m_log[i];
            if (sql == "BEGIN" && i + 1 < m_log.size() && m_log[i + 1] == "COMMIT") {
                ++i;
                continue;
            }
            if (sql == "ROLLBACK") {
                if (open != none) {
                    result.resize(open);
                }
                open = none;
                continue;
            }
            if (sql == "BEGIN") {
                open = result.size();
            } else if (sql == "COMMIT") {
                open = none;
            }
            result.push_back(sql);
        }
        return result;
    }
    void clear() { m_log.clear(); }

private:
    connection& m_inner;
    std::vector<std::string> m_log;
};

} // namespace strata::testing::cli
