// <strata/script.hpp>, the lean header generated revisions include: it must stay lean (no
// <string>, <vector>, <variant>, <optional>), and what its builders and recorder record must
// be exactly the model's operations, whether the arguments are literals (generated code)
// or the model's own types and std::string (hand-written code, with <strata/revision.hpp>).

#include "strata/script.hpp"

#if defined(_GLIBCXX_STRING) || defined(_GLIBCXX_VECTOR) || defined(_GLIBCXX_VARIANT) ||           \
    defined(_GLIBCXX_OPTIONAL) || defined(_LIBCPP_STRING) || defined(_LIBCPP_VECTOR)
#error "strata/script.hpp must not include <string>, <vector>, <variant> or <optional>"
#endif

namespace generated_shape {
using namespace strata::dsl;
// A revision body as the generator renders it, compiled with the lean header alone.
void upgrade(strata::operations& op) {
    op.create_table({
        .name = "sites",
        .columns = {col("id", int64()).primary_key().autoincrement(),
                    col("owner_id", int64()).nullable(),
                    col("status", enumeration("site_status", {"draft", "live"}))
                        .server_default("'draft'")
                        .comment("state"),
                    col("price", decimal(10, 2)), col("code", sql_type(string(12), "CHAR(12)"))},
        .indexes = {unique_idx("ix_sites_code", {"code"})},
        .uniques = {unique("uq_sites_owner_id", {"owner_id"})},
        .foreign_keys = {fk("fk_sites_owner_id_users", {"owner_id"}, "users", {"id"},
                            strata::referential_action::set_null)},
        .checks = {check("ck_sites_price", "price >= 0")},
        .comment = "web sites",
    });
    op.add_column("sites", col("note", text()).nullable());
    op.alter_primary_key("sites", {"id"}, {"id", "code"});
    op.set_table_comment("sites", nullptr);
    op.execute("UPDATE sites SET note = ''");
}
const strata::revision_registrar registrar{{
    .id = "5c1e0000aaaa",
    .down_revisions = {},
    .message = "lean",
    .create_date = "2024-01-01 00:00:00",
    .upgrade = &upgrade,
    .downgrade = &upgrade,
    .branch_labels = {"web"},
}};
} // namespace generated_shape

#include "strata/revision.hpp"

#include <algorithm>
#include <gtest/gtest.h>
#include <optional>
#include <string>
#include <vector>

namespace {
using namespace strata;
using namespace strata::dsl;

TEST(Script, BuildersRecordTheModelsOperations) {
    operations op;
    generated_shape::upgrade(op);
    table sites;
    sites.name = "sites";
    column id{.name = "id",
              .type = {.kind = type_kind::int64},
              .primary_key = true,
              .autoincrement = true};
    column owner{.name = "owner_id", .type = {.kind = type_kind::int64}, .nullable = true};
    column status{.name = "status",
                  .type = {.kind = type_kind::enumeration,
                           .enum_name = "site_status",
                           .enum_values = {"draft", "live"}},
                  .server_default = "'draft'",
                  .comment = "state"};
    column price{.name = "price",
                 .type = {.kind = type_kind::decimal, .precision = 10, .scale = 2}};
    column code{.name = "code",
                .type = {.kind = type_kind::string, .length = 12, .sql_override = "CHAR(12)"}};
    sites.columns = {id, owner, status, price, code};
    sites.indexes = {strata::index{"ix_sites_code", {"code"}, true}};
    sites.uniques = {unique_constraint{"uq_sites_owner_id", {"owner_id"}}};
    sites.foreign_keys = {foreign_key{"fk_sites_owner_id_users",
                                      {"owner_id"},
                                      "users",
                                      {"id"},
                                      referential_action::set_null,
                                      referential_action::no_action}};
    sites.checks = {check_constraint{"ck_sites_price", "price >= 0"}};
    sites.comment = "web sites";
    const std::vector<operation> expected{
        ops::create_table{sites},
        ops::add_column{
            "sites", column{.name = "note", .type = {.kind = type_kind::string}, .nullable = true}},
        ops::alter_primary_key{"sites", {"id"}, {"id", "code"}},
        ops::set_table_comment{"sites", std::nullopt},
        ops::execute_sql{"UPDATE sites SET note = ''"},
    };
    EXPECT_EQ(op.recorded(), expected);
}

TEST(Script, TheRegistrarCopiesTheLiterals) {
    const auto& all = registered_revisions();
    const auto it = std::find_if(all.begin(), all.end(),
                                 [](const revision& r) { return r.id == "5c1e0000aaaa"; });
    ASSERT_NE(it, all.end());
    EXPECT_TRUE(it->down_revisions.empty());
    EXPECT_EQ(it->message, "lean");
    EXPECT_EQ(it->create_date, "2024-01-01 00:00:00");
    EXPECT_EQ(it->branch_labels, std::vector<std::string>{"web"});
    EXPECT_TRUE(it->transactional);
    EXPECT_EQ(it->upgrade, &generated_shape::upgrade);
}

TEST(Script, TheModelsTypesAndStringsAreAcceptedToo) {
    const std::string table_name = "users";
    const std::vector<std::string> key{"id"};
    const column_type email_type = string(120);
    const column email = col("email", email_type).nullable();
    operations op;
    op.create_table(table_name, std::vector<column>{col("id", int64()).primary_key()});
    op.create_table(table{.name = "logs", .columns = {col("line", text())}});
    op.add_column(table_name, email);
    op.alter_column(table_name, email, col("email", email_type));
    op.alter_primary_key(table_name, key, std::vector<std::string>{});
    op.create_index(table_name, strata::index{"ix_users_email", {"email"}, false});
    op.set_table_comment(table_name, std::optional<std::string>("people"));
    op.set_table_comment(table_name, std::nullopt);
    op.set_table_comment(table_name, std::string("again"));
    op.execute(std::string("SELECT ") + "1");
    const column id{.name = "id", .type = {.kind = type_kind::int64}, .primary_key = true};
    const column plain_email{.name = "email", .type = {.kind = type_kind::string, .length = 120}};
    column nullable_email = plain_email;
    nullable_email.nullable = true;
    const std::vector<operation> expected{
        ops::create_table{table{.name = "users", .columns = {id}}},
        ops::create_table{
            table{.name = "logs",
                  .columns = {column{.name = "line", .type = {.kind = type_kind::string}}}}},
        ops::add_column{"users", nullable_email},
        ops::alter_column{"users", nullable_email, plain_email},
        ops::alter_primary_key{"users", {"id"}, {}},
        ops::create_index{"users", strata::index{"ix_users_email", {"email"}, false}},
        ops::set_table_comment{"users", "people"},
        ops::set_table_comment{"users", std::nullopt},
        ops::set_table_comment{"users", "again"},
        ops::execute_sql{"SELECT 1"},
    };
    EXPECT_EQ(op.recorded(), expected);
    // A server default of '' is not the same as none.
    EXPECT_EQ(column(col("c", text()).server_default("")).server_default,
              std::optional<std::string>(""));
    EXPECT_EQ(column(col("c", text())).server_default, std::nullopt);
}

} // namespace
