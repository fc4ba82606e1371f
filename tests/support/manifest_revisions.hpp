#pragma once
/// @file
/// Two registered revisions and the build manifest add_migrations() would compile in with
/// them, for the tests of the start-up fast path (SQLite and PostgreSQL). Include it in
/// exactly one translation unit of a test program of its own: it registers the revisions
/// and the manifest, which describe every revision registered in the program.

#include "test_revisions.hpp"

#include "strata/build_manifest.hpp"
#include "strata/revision.hpp"

namespace strata::testing::manifest_revisions {
using namespace strata::dsl;

/// The first revision: creates "notes".
inline constexpr const char* first_id = "1111aaaa0000";
/// The second revision: adds notes.title.
inline constexpr const char* second_id = "2222bbbb0000";
/// The digest the manifest carries (any 64 hex digits: the tests compare, never recompute).
inline constexpr const char* digest =
    "d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1";

namespace first {
inline void upgrade(operations& op) {
    op.create_table("notes", {col("id", int64()).primary_key(), col("body", text())});
}
inline void downgrade(operations& op) {
    op.drop_table("notes");
}
const revision_registrar registrar(make_revision(first_id, {}, upgrade, downgrade));
} // namespace first

namespace second {
inline void upgrade(operations& op) {
    op.add_column("notes", col("title", string(80)).nullable());
}
inline void downgrade(operations& op) {
    op.drop_column("notes", "title");
}
const revision_registrar registrar(make_revision(second_id, {first_id}, upgrade, downgrade));
} // namespace second

/// What the aggregate add_migrations() writes would register for these two revisions.
const build_manifest_registrar manifest({{second_id}, 2, digest});

} // namespace strata::testing::manifest_revisions
