#include "db_dump.hpp"
#include "expect_throw_msg.hpp"
#include "temp_dir.hpp"
#include "test_revisions.hpp"

#include "strata/connection.hpp"
#include "strata/error.hpp"
#include "strata/migrator.hpp"

#include <gtest/gtest.h>

namespace {
using namespace strata::dsl;
using strata::operations;
using strata::row;
using strata::testing::make_revision;
using strata::testing::temp_dir;

// A connection whose Nth statement inside a transaction fails, as a full disk, a crash of
// the database or a bad statement would make it fail. Everything else is passed through.
class failing_connection final : public strata::connection {
public:
    failing_connection(std::unique_ptr<strata::connection> inner, int fail_at)
        : m_inner(std::move(inner)), m_fail_at(fail_at) {}

    void execute(std::string_view sql) override {
        if (m_in_transaction && ++m_count == m_fail_at) {
            m_failed = std::string(sql);
            throw strata::database_error("sqlite error: injected failure", std::string(sql), 1);
        }
        m_inner->execute(sql);
    }
    std::vector<row> query(std::string_view sql) override { return m_inner->query(sql); }
    bool has_table(std::string_view table_name) override { return m_inner->has_table(table_name); }
    bool has_column(std::string_view table_name, std::string_view column_name) override {
        return m_inner->has_column(table_name, column_name);
    }
    void begin_exclusive() override {
        m_inner->begin_exclusive();
        m_in_transaction = true;
    }
    void commit() override {
        m_inner->commit();
        m_in_transaction = false;
    }
    void rollback() noexcept override {
        m_inner->rollback();
        m_in_transaction = false;
    }
    const strata::dialect& sql_dialect() const override { return m_inner->sql_dialect(); }
    std::string display_url() const override { return m_inner->display_url(); }
    strata::schema introspect_schema(std::string_view version_table,
                                     std::string_view history_table) override {
        return m_inner->introspect_schema(version_table, history_table);
    }
    std::vector<std::string> unmodelled_objects(std::string_view table_name) override {
        return m_inner->unmodelled_objects(table_name);
    }

    /// The statement that was made to fail; empty when none was.
    [[nodiscard]] const std::string& failed() const { return m_failed; }
    /// Statements run inside transactions so far.
    [[nodiscard]] int count() const { return m_count; }

private:
    std::unique_ptr<strata::connection> m_inner;
    int m_fail_at;
    int m_count = 0;
    bool m_in_transaction = false;
    std::string m_failed;
};

namespace base {
void upgrade(operations& op) {
    strata::table parent{"parent", {col("id", int64()).primary_key(), col("name", string(20))}};
    strata::table child{"child",
                        {col("id", int64()).primary_key(), col("parent_id", int64()),
                         col("note", text()).nullable()}};
    child.indexes = {idx("ix_child_parent_id", {"parent_id"})};
    child.foreign_keys = {fk("fk_child_parent_id_parent", {"parent_id"}, "parent", {"id"},
                             strata::referential_action::cascade)};
    op.create_table(parent);
    op.create_table(child);
    op.execute("INSERT INTO parent VALUES (1, 'one'), (2, 'two'), (3, 'three')");
    op.execute("INSERT INTO child VALUES (10, 1, 'a'), (11, 2, NULL), (12, 3, 'c')");
    op.execute("CREATE TRIGGER tr_child AFTER DELETE ON child BEGIN SELECT 1; END");
}
void downgrade(operations& op) {
    op.drop_table("child");
    op.drop_table("parent");
}
} // namespace base

// Plain ALTERs, rebuilds of the referenced and the referencing table, data changes.
namespace mixed {
void upgrade(operations& op) {
    op.add_column("parent", col("rank", int32()).nullable());
    op.alter_column("parent", col("name", string(20)), col("name", string(80)));
    op.execute("UPDATE parent SET rank = id * 10");
    op.add_check("child", check("ck_child_note", "note IS NULL OR length(note) < 10"));
    op.create_index("parent", idx("ix_parent_rank", {"rank"}));
    op.rename_column("child", "note", "remark");
    op.create_table("extra", {col("id", int64()).primary_key()});
    op.execute("INSERT INTO extra VALUES (1)");
}
void downgrade(operations& op) {
    op.drop_table("extra");
    op.rename_column("child", "remark", "note");
    op.drop_index("parent", "ix_parent_rank");
    op.drop_check("child", "ck_child_note");
    op.alter_column("parent", col("name", string(80)), col("name", string(20)));
    op.drop_column("parent", "rank");
}
} // namespace mixed

std::vector<strata::revision> revisions() {
    return {make_revision("00000000base", {}, "base", "2024-01-01 00:00:00", base::upgrade,
                          base::downgrade),
            make_revision("00000000mix1", {"00000000base"}, "mixed changes", "2024-01-02 00:00:00",
                          mixed::upgrade, mixed::downgrade)};
}

TEST(FaultInjection, FailingNthStatementLeavesThePreviousRevisionByteForByte) {
    temp_dir dir;
    const auto file = dir / "test.db";
    int statements = 0;
    for (int n = 1;; ++n) {
        std::filesystem::remove(file);
        {
            auto db = strata::connect(dir.sqlite_url());
            strata::migrator(*db, revisions()).upgrade("00000000base");
        }
        const auto bytes_before = strata::testing::file_bytes(file);
        failing_connection db(strata::connect(dir.sqlite_url()), n);
        const auto schema_before = strata::testing::schema_rows(db);
        const auto rows_before = strata::testing::all_rows(db);
        strata::migrator m(db, revisions());
        try {
            m.upgrade();
        } catch (const strata::migration_error& e) {
            SCOPED_TRACE("statement " + std::to_string(n) + ": " + db.failed());
            ASSERT_FALSE(db.failed().empty()) << e.what();
            EXPECT_EQ(e.revision(), "00000000mix1");
            EXPECT_EQ(e.statement(), db.failed());
            const std::string message = e.what();
            EXPECT_TRUE(message.starts_with("revision '00000000mix1' (\"mixed changes\") failed: "
                                            "sqlite error: injected failure"))
                << message;
            EXPECT_NE(message.find("while running: " + db.failed()), std::string::npos);
            // The database is exactly at the previous revision.
            EXPECT_EQ(strata::testing::schema_rows(db), schema_before);
            EXPECT_EQ(strata::testing::all_rows(db), rows_before);
            EXPECT_EQ(m.current(), std::vector<std::string>{"00000000base"});
            EXPECT_EQ(db.query("PRAGMA foreign_keys"), std::vector<row>{{"1"}});
            EXPECT_EQ(db.query("PRAGMA legacy_alter_table"), std::vector<row>{{"0"}});
            EXPECT_EQ(strata::testing::file_bytes(file), bytes_before);
            continue;
        }
        // No failure at n: every statement ran; the next start is at head.
        statements = n - 1;
        EXPECT_TRUE(db.failed().empty());
        EXPECT_EQ(m.current(), std::vector<std::string>{"00000000mix1"});
        break;
    }
    // Two rebuilds, plain ALTERs, data and the bookkeeping were all made to fail.
    EXPECT_GT(statements, 20);
}

} // namespace
