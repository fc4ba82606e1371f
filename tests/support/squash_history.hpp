#pragma once
/// @file
/// A history with a squash (revision::replaces), run on SQLite and PostgreSQL by the same
/// checks: accounts (r0), then users (a), + bio (b), pets (c), + age (d), and the squash of
/// a..c on r0, with the operations `strata squash` writes for that range. Each check gets
/// databases from @p fresh (a new, empty one per call).

#include "fresh_history.hpp"
#include "test_revisions.hpp"

#include "strata/connection.hpp"
#include "strata/error.hpp"
#include "strata/introspect.hpp"
#include "strata/migrator.hpp"

#include <functional>
#include <gtest/gtest.h>
#include <memory>
#include <string>
#include <vector>

namespace strata::testing::squash_history {
using namespace strata::dsl;
using ids = std::vector<std::string>;
using database_factory = std::function<std::unique_ptr<connection>()>;

inline void r0_up(operations& op) {
    op.create_table("accounts", {col("id", int64()).primary_key(), col("name", text())});
}
inline void r0_down(operations& op) {
    op.drop_table("accounts");
}
inline void a_up(operations& op) {
    op.create_table("users", {col("id", int64()).primary_key(), col("email", string(120))});
}
inline void a_down(operations& op) {
    op.drop_table("users");
}
inline void b_up(operations& op) {
    op.add_column("users", col("bio", text()).nullable());
}
inline void b_down(operations& op) {
    op.drop_column("users", "bio");
}
inline void c_up(operations& op) {
    op.create_table(
        {.name = "pets",
         .columns = {col("id", int64()).primary_key(), col("owner_id", int64())},
         .foreign_keys = {fk("fk_pets_owner_id_users", {"owner_id"}, "users", {"id"})}});
}
inline void c_down(operations& op) {
    op.drop_table("pets");
}
inline void d_up(operations& op) {
    op.add_column("users", col("age", int32()).nullable());
}
inline void d_down(operations& op) {
    op.drop_column("users", "age");
}
// What `strata squash` writes for a..c: the schema after c, from the schema of r0.
inline void s_up(operations& op) {
    op.create_table("users", {col("id", int64()).primary_key(), col("email", string(120)),
                              col("bio", text()).nullable()});
    c_up(op);
}
inline void s_down(operations& op) {
    op.drop_table("pets");
    op.drop_table("users");
}

inline revision squash() {
    auto s = make_revision("5500000000aa", {"r000000000aa"}, s_up, s_down);
    s.replaces = {"a000000000aa", "b000000000aa", "c000000000aa"};
    return s;
}

/// The originals and the squash together: what the build has right after `strata squash`.
inline std::vector<revision> with_originals() {
    return {make_revision("r000000000aa", {}, r0_up, r0_down),
            make_revision("a000000000aa", {"r000000000aa"}, a_up, a_down),
            make_revision("b000000000aa", {"a000000000aa"}, b_up, b_down),
            make_revision("c000000000aa", {"b000000000aa"}, c_up, c_down),
            make_revision("d000000000aa", {"c000000000aa"}, d_up, d_down),
            squash()};
}
/// The originals alone (what a replay runs).
inline std::vector<revision> originals() {
    auto revs = with_originals();
    revs.pop_back();
    return revs;
}
/// After the documented step that deletes the originals: d still names c as its parent.
inline std::vector<revision> originals_deleted() {
    return {make_revision("r000000000aa", {}, r0_up, r0_down), squash(),
            make_revision("d000000000aa", {"c000000000aa"}, d_up, d_down)};
}

inline migrate_options replaying(std::vector<std::string>* log = nullptr) {
    migrate_options options;
    options.create_fresh_at_head = false;
    if (log != nullptr) {
        options.log = [log](std::string_view line) { log->emplace_back(line); };
    }
    return options;
}

/// A database at @p target by the originals, one by one.
inline std::unique_ptr<connection> at(const database_factory& fresh, std::string_view target) {
    auto db = fresh();
    migrator(*db, originals(), replaying()).upgrade(target);
    return db;
}

/// A database at the start of the range, or before it (empty), upgrades through the squash;
/// its schema and its version and history rows are those of the replay of the originals.
inline void start_of_range_takes_the_squash(const database_factory& fresh) {
    const auto replayed = at(fresh, "head");
    for (const bool empty : {false, true}) {
        auto db = empty ? fresh() : at(fresh, "r000000000aa");
        std::vector<std::string> log;
        const auto report = migrator(*db, with_originals(), replaying(&log)).upgrade();
        const ids expected = empty ? ids{"r000000000aa", "c000000000aa", "d000000000aa"}
                                   : ids{"c000000000aa", "d000000000aa"};
        EXPECT_EQ(report.steps, expected);
        EXPECT_EQ(report.current, ids{"d000000000aa"});
        ASSERT_GE(log.size(), 2U);
        EXPECT_NE(log[log.size() - 2].find("(squash of 3 revisions)"), std::string::npos)
            << log[log.size() - 2];
        EXPECT_EQ(introspect(*db), introspect(*replayed));
        EXPECT_EQ(fresh_history::bookkeeping(*db), fresh_history::bookkeeping(*replayed));
        // A second start finds it at head, checksums verified against the originals.
        EXPECT_TRUE(migrator(*db, with_originals()).upgrade().steps.empty());
    }
}

/// A database in the middle of the range goes on through the originals.
inline void middle_of_range_takes_the_originals(const database_factory& fresh) {
    auto db = at(fresh, "a000000000aa");
    const auto report = migrator(*db, with_originals(), replaying()).upgrade();
    EXPECT_EQ(report.steps, (ids{"b000000000aa", "c000000000aa", "d000000000aa"}));
    EXPECT_EQ(introspect(*db), introspect(*at(fresh, "head")));
}

/// Downgrading through the squash: by the originals while they exist (a database upgraded
/// through the squash reads as if it had applied them), by the squash once they are gone.
inline void downgrade_through_the_squash(const database_factory& fresh) {
    const auto at_r0 = at(fresh, "r000000000aa");
    auto db = at(fresh, "r000000000aa");
    migrator(*db, with_originals(), replaying()).upgrade();
    auto report = migrator(*db, with_originals(), replaying()).downgrade("r000000000aa");
    EXPECT_EQ(report.steps, (ids{"d000000000aa", "c000000000aa", "b000000000aa", "a000000000aa"}));
    EXPECT_EQ(introspect(*db), introspect(*at_r0));

    auto later = at(fresh, "head");
    report = migrator(*later, originals_deleted(), replaying()).downgrade("r000000000aa");
    EXPECT_EQ(report.steps, (ids{"d000000000aa", "5500000000aa"}));
    EXPECT_EQ(report.current, ids{"r000000000aa"});
    EXPECT_EQ(introspect(*later), introspect(*at_r0));
    report = migrator(*later, originals_deleted(), replaying()).upgrade();
    EXPECT_EQ(report.steps, (ids{"5500000000aa", "d000000000aa"}));
    EXPECT_EQ(introspect(*later), introspect(*at(fresh, "head")));
}

/// Once the originals are deleted, databases at head stay at head (their history names
/// the originals, which the squash stands for), one at the end of the range goes on, and
/// one in the middle is refused with the revision it is at.
inline void originals_deleted_later(const database_factory& fresh) {
    std::vector<std::unique_ptr<connection>> at_head;
    at_head.push_back(at(fresh, "r000000000aa"));
    migrator(*at_head.back(), with_originals(), replaying()).upgrade(); // by the squash
    at_head.push_back(at(fresh, "head"));                               // by the originals
    for (const auto& db : at_head) {
        const auto before = introspect(*db);
        const auto report = migrator(*db, originals_deleted()).upgrade();
        EXPECT_TRUE(report.steps.empty());
        EXPECT_EQ(report.current, ids{"d000000000aa"});
        EXPECT_EQ(introspect(*db), before);
    }
    auto end_of_range = at(fresh, "c000000000aa");
    auto report = migrator(*end_of_range, originals_deleted(), replaying()).upgrade();
    EXPECT_EQ(report.steps, ids{"d000000000aa"});
    EXPECT_EQ(introspect(*end_of_range), introspect(*at(fresh, "head")));
    // At the end of the range, and still there: the version row becomes the squash's.
    auto at_c = at(fresh, "c000000000aa");
    report = migrator(*at_c, originals_deleted(), replaying()).upgrade("5500000000aa");
    EXPECT_TRUE(report.steps.empty());
    EXPECT_EQ(migrator(*at_c, originals_deleted()).current(), ids{"5500000000aa"});

    auto middle = at(fresh, "b000000000aa");
    try {
        (void)migrator(*middle, originals_deleted()).upgrade();
        ADD_FAILURE() << "a database in the middle of a deleted range was upgraded";
    } catch (const revision_error& e) {
        EXPECT_NE(std::string(e.what()).find("database is at revision 'b000000000aa', in the "
                                             "middle of the revisions squash '5500000000aa' "
                                             "replaced"),
                  std::string::npos)
            << e.what();
    }
}

} // namespace strata::testing::squash_history
