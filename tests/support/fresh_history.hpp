#pragma once
/// @file
/// A history that uses every modelled operation and no hand-written SQL, for the tests
/// that compare a new database created at head in one step (migrate_options::
/// create_fresh_at_head) with one that replays every revision, on SQLite and PostgreSQL.

#include "test_revisions.hpp"

#include "strata/connection.hpp"
#include "strata/revision.hpp"

#include <fmt/format.h>
#include <string>
#include <vector>

namespace strata::testing::fresh_history {
using namespace strata::dsl;

inline void base_up(operations& op) {
    op.create_table({
        .name = "users",
        .columns = {col("id", int64()).primary_key().autoincrement(),
                    col("email", string(120)).comment("login"),
                    col("active", boolean()).server_default("true"),
                    col("created", timestamp()).server_default("CURRENT_TIMESTAMP"),
                    col("balance", decimal(12, 2)).server_default("0"),
                    col("avatar", binary()).nullable(), col("born", date()).nullable(),
                    col("score", float32()).nullable(), col("rating", float64()).nullable(),
                    col("level", int16()).server_default("1"),
                    col("visits", int32()).server_default("0"),
                    col("nick", string(20)).server_default("'anon'")},
        .indexes = {unique_idx("ix_users_email", {"email"})},
        .checks = {check("ck_users_level", "level > 0")},
        .comment = "people who log in",
    });
    op.create_table({
        .name = "sites",
        .columns = {col("id", int64()).primary_key().autoincrement(), col("owner_id", int64()),
                    col("name", text()),
                    col("status", enumeration("site_status", {"draft", "live"}))
                        .server_default("'draft'")},
        .uniques = {unique("uq_sites_owner_id_name", {"owner_id", "name"})},
        .foreign_keys = {fk("fk_sites_owner_id_users", {"owner_id"}, "users", {"id"},
                            referential_action::cascade)},
    });
    op.create_table("drafts", {col("id", int64()).primary_key(), col("body", text())});
}
inline void base_down(operations& op) {
    op.drop_table("drafts");
    op.drop_table("sites");
    op.drop_table("users");
}

inline void evolve_up(operations& op) {
    op.add_column("users", col("bio", text()).nullable().comment("about me"));
    op.rename_column("users", "nick", "handle");
    op.alter_column("users", col("visits", int32()).server_default("0"),
                    col("visits", int64()).server_default("0"));
    op.alter_column("users", col("score", float32()).nullable(), col("score", float32()));
    op.alter_column(
        "sites",
        col("status", enumeration("site_status", {"draft", "live"})).server_default("'draft'"),
        col("status", enumeration("site_status", {"draft", "live", "archived"}))
            .server_default("'draft'"));
    op.create_index("sites", idx("ix_sites_name", {"name"}));
    op.drop_unique("sites", "uq_sites_owner_id_name");
    op.add_unique("sites", unique("uq_sites_name", {"name"}));
    op.drop_foreign_key("sites", "fk_sites_owner_id_users");
    op.add_foreign_key("sites", fk("fk_sites_owner_id_users", {"owner_id"}, "users", {"id"},
                                   referential_action::restrict));
    op.drop_check("users", "ck_users_level");
    op.add_check("users", check("ck_users_level", "level >= 1"));
    op.set_table_comment("users", "accounts");
    op.rename_table("sites", "websites");
    op.drop_column("users", "avatar");
    op.create_table("tags", {col("id", int32()).primary_key(), col("label", string(40))});
    op.drop_index("users", "ix_users_email");
    op.drop_table("drafts");
}
inline void evolve_down(operations& op) {
    op.create_table("drafts", {col("id", int64()).primary_key(), col("body", text())});
    op.create_index("users", unique_idx("ix_users_email", {"email"}));
    op.drop_table("tags");
    op.add_column("users", col("avatar", binary()).nullable());
    op.rename_table("websites", "sites");
    op.set_table_comment("users", "people who log in");
    op.drop_check("users", "ck_users_level");
    op.add_check("users", check("ck_users_level", "level > 0"));
    op.drop_foreign_key("sites", "fk_sites_owner_id_users");
    op.add_foreign_key("sites", fk("fk_sites_owner_id_users", {"owner_id"}, "users", {"id"},
                                   referential_action::cascade));
    op.drop_unique("sites", "uq_sites_name");
    op.add_unique("sites", unique("uq_sites_owner_id_name", {"owner_id", "name"}));
    op.drop_index("sites", "ix_sites_name");
    op.alter_column(
        "sites",
        col("status", enumeration("site_status", {"draft", "live", "archived"}))
            .server_default("'draft'"),
        col("status", enumeration("site_status", {"draft", "live"})).server_default("'draft'"));
    op.alter_column("users", col("score", float32()), col("score", float32()).nullable());
    op.alter_column("users", col("visits", int64()).server_default("0"),
                    col("visits", int32()).server_default("0"));
    op.rename_column("users", "handle", "nick");
    op.drop_column("users", "bio");
}

// A key that moves, and a table whose rows refer to another one created later.
inline void keys_up(operations& op) {
    op.create_table("memberships", {col("user_id", int64()).primary_key(), col("site_id", int64()),
                                    col("role", string(10)).server_default("'member'")});
    op.alter_primary_key("memberships", {"user_id"}, {"user_id", "site_id"});
    op.add_column("tags", col("site_id", int64()).nullable());
    op.add_foreign_key("tags", fk("fk_tags_site_id_websites", {"site_id"}, "websites", {"id"}));
    op.set_table_comment("users", nullptr);
}
inline void keys_down(operations& op) {
    op.set_table_comment("users", "accounts");
    op.drop_foreign_key("tags", "fk_tags_site_id_websites");
    op.drop_column("tags", "site_id");
    op.drop_table("memberships");
}

/// The three revisions, oldest first.
inline std::vector<revision> revisions() {
    return {make_revision("f1000000aaaa", {}, "base", "2024-01-01 00:00:00", base_up, base_down),
            make_revision("f2000000bbbb", {"f1000000aaaa"}, "evolve", "2024-01-02 00:00:00",
                          evolve_up, evolve_down),
            make_revision("f3000000cccc", {"f2000000bbbb"}, "keys", "2024-01-03 00:00:00", keys_up,
                          keys_down)};
}

/// What the bookkeeping says: the version rows, then each history row's revision,
/// direction and checksum in order (times and durations differ by nature).
inline std::vector<std::string> bookkeeping(connection& db) {
    std::vector<std::string> lines;
    for (const auto& r : db.query("SELECT version_num, chain_digest FROM strata_version ORDER BY "
                                  "version_num")) {
        lines.push_back(fmt::format("version {} {}", r.at(0).value_or("-"), r.at(1).value_or("-")));
    }
    for (const auto& r :
         db.query("SELECT revision, direction, checksum FROM strata_history ORDER BY seq")) {
        lines.push_back(fmt::format("history {} {} {}", r.at(0).value_or("-"),
                                    r.at(1).value_or("-"), r.at(2).value_or("-")));
    }
    return lines;
}

} // namespace strata::testing::fresh_history
