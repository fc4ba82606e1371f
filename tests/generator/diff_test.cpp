#include "diagnostic.hpp"
#include "diff.hpp"
#include "expect_throw_msg.hpp"

#include <gtest/gtest.h>

using namespace strata;
using namespace strata::generator;
using namespace strata::dsl;

namespace {

table users_v1() {
    return table{"users", {col("id", int64()).primary_key(), col("email", string(120))}};
}

schema with(std::vector<table> tables) {
    schema s{std::move(tables)};
    s.normalize();
    return s;
}

// Applying upgrade to `from` must give `to`, and downgrade must give `from` back.
void expect_round_trip(const schema& from, const schema& to) {
    const auto changes = diff(from, to);
    schema up = from;
    for (const auto& op : upgrade_operations(changes)) {
        apply(up, op);
    }
    EXPECT_EQ(up, to);
    schema down = up;
    for (const auto& op : downgrade_operations(changes)) {
        apply(down, op);
    }
    EXPECT_EQ(down, from);
}

} // namespace

TEST(diff, identical_schemas_have_no_changes) {
    EXPECT_TRUE(diff(with({users_v1()}), with({users_v1()})).empty());
}

TEST(diff, new_table_is_created_and_dropped_on_downgrade) {
    const auto changes = diff(schema{}, with({users_v1()}));
    ASSERT_EQ(changes.size(), 1u);
    EXPECT_EQ(changes[0].upgrade, operation{ops::create_table{users_v1()}});
    EXPECT_EQ(changes[0].downgrade, operation{ops::drop_table{"users"}});
    expect_round_trip(schema{}, with({users_v1()}));
}

TEST(diff, removed_table_is_dropped_and_recreated_in_full_on_downgrade) {
    const auto changes = diff(with({users_v1()}), schema{});
    ASSERT_EQ(changes.size(), 1u);
    EXPECT_EQ(changes[0].upgrade, operation{ops::drop_table{"users"}});
    EXPECT_EQ(changes[0].downgrade, operation{ops::create_table{users_v1()}});
}

TEST(diff, added_and_dropped_columns) {
    table v2{"users", {col("id", int64()).primary_key(), col("bio", text()).nullable()}};
    const auto changes = diff(with({users_v1()}), with({v2}));
    ASSERT_EQ(changes.size(), 2u);
    EXPECT_EQ(changes[0].upgrade,
              (operation{ops::add_column{"users", col("bio", text()).nullable()}}));
    EXPECT_EQ(changes[1].upgrade, (operation{ops::drop_column{"users", "email"}}));
    EXPECT_EQ(changes[1].downgrade,
              (operation{ops::add_column{"users", col("email", string(120))}}));
    expect_round_trip(with({users_v1()}), with({v2}));
}

TEST(diff, order_is_creates_adds_drops_then_table_drops) {
    table old_only{"legacy", {col("id", int64()).primary_key()}};
    table fresh{"pages", {col("id", int64()).primary_key()}};
    table v2{"users", {col("id", int64()).primary_key(), col("bio", text()).nullable()}};
    const auto upgrades = upgrade_operations(diff(with({users_v1(), old_only}), with({v2, fresh})));
    ASSERT_EQ(upgrades.size(), 4u);
    EXPECT_TRUE(std::holds_alternative<ops::create_table>(upgrades[0]));
    EXPECT_TRUE(std::holds_alternative<ops::add_column>(upgrades[1]));
    EXPECT_TRUE(std::holds_alternative<ops::drop_column>(upgrades[2]));
    EXPECT_TRUE(std::holds_alternative<ops::drop_table>(upgrades[3]));
    expect_round_trip(with({users_v1(), old_only}), with({v2, fresh}));
}

TEST(diff, not_null_column_on_existing_table_is_refused) {
    table v2{"users",
             {col("id", int64()).primary_key(), col("email", string(120)), col("age", int32())}};
    EXPECT_THROW_MSG((void)diff(with({users_v1()}), with({v2})), diagnostic_error,
                     "column 'users.age' is added to an existing table as NOT NULL");
}

TEST(diff, changed_column_type_is_refused_until_supported) {
    table v2{"users", {col("id", int64()).primary_key(), col("email", text())}};
    EXPECT_THROW_MSG((void)diff(with({users_v1()}), with({v2})), diagnostic_error,
                     "column 'users.email' changed from string(120) to string");
}
