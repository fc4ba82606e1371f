#!/usr/bin/env bash
# The migrations directory never disagrees with itself, with real git and real builds:
#  1. two branches each add a column to users; git merge conflicts in the model and in
#     schema/users.json; resolved by taking either side of the snapshot, the check refuses
#     (naming the column, writing nothing), `strata repair-snapshot` rebuilds it, `strata
#     merge` joins the heads, and the build ends with one correct merge revision;
#  2. a revision deleted after a database applied it is named at the application's start;
#  3. a declared independent branch (`--head base --branch-label audit`) builds with
#     add_migrations and migrates on SQLite and, when a test server is configured
#     (STRATA_TEST_POSTGRES_URL_FILE), on PostgreSQL; an accidental head is still refused.
# usage: snapshot_integrity_test.sh <strata-build-dir> <runtime-include-dir> <work-dir>
set -uo pipefail
strata_build=$1
include=$2
work=$3
here=$(cd "$(dirname "$0")" && pwd)
strata=$strata_build/generator/strata
. "$here/project_helpers.sh"
count_revisions() { find migrations/versions -name '*.cpp' | wc -l; }
tree_digest() { find migrations -type f | sort | xargs sha256sum | sha256sum; }

configure() { # $1: models; $2: extra add_migrations arguments
    cat > CMakeLists.txt <<M
cmake_minimum_required(VERSION 3.20)
project(integrity LANGUAGES CXX)
find_package(strata CONFIG REQUIRED)
add_executable(app main.cpp)
target_include_directories(app PRIVATE \${CMAKE_CURRENT_SOURCE_DIR})
add_migrations(app MODELS $1 DIRECTORY migrations $2)
M
    cmake -S . -B build -G Ninja -Dstrata_DIR="$strata_build" >/dev/null || fail "configure failed"
}
export SOURCE_DATE_EPOCH=1795666020

echo "== 1. a conflicting snapshot, resolved each way"
new_project "$work/merge"
user_model > models/user.hpp
scan=(--model models/user.hpp --compiler-arg "-I$include" --compiler-arg "-I$PWD")
"$strata" init migrations --url sqlite:///app.db >/dev/null || fail "init failed"
"$strata" revision --autogenerate -d migrations -m "initial" "${scan[@]}" >/dev/null || fail "initial failed"
git add -A && git commit -qm initial
git checkout -qb nickname
user_model 'std::optional<std::string> nickname;' > models/user.hpp
SOURCE_DATE_EPOCH=1795666080 "$strata" revision --autogenerate -d migrations -m "add nickname" "${scan[@]}" >/dev/null \
    || fail "autogenerate nickname failed"
git add -A && git commit -qm "add nickname"
git checkout -q main && git checkout -qb age
user_model 'std::optional<std::int32_t> age;' > models/user.hpp
SOURCE_DATE_EPOCH=1795666140 "$strata" revision --autogenerate -d migrations -m "add age" "${scan[@]}" >/dev/null \
    || fail "autogenerate age failed"
git add -A && git commit -qm "add age"

# The snapshot a clean history gives: both columns, from one directory built in order.
user_model 'std::optional<std::string> nickname;' 'std::optional<std::int32_t> age;' > "$work/both.hpp"

for side in ours theirs; do
    echo "-- taking $side"
    git checkout -q -B "resolve-$side" nickname
    if git merge -q --no-edit age >/dev/null 2>&1; then fail "git merge did not conflict"; fi
    git diff --name-only --diff-filter=U | grep -q 'migrations/schema/users.json' \
        || fail "the snapshot did not conflict: $(git status --short)"
    cp "$work/both.hpp" models/user.hpp
    git checkout "--$side" migrations/schema/users.json
    missing=$([ "$side" = ours ] && echo age || echo nickname)
    before=$(tree_digest)
    expect_fail 1 "migrations/schema/users.json: error: column 'users.$missing' is missing from the snapshot; the revisions add it" \
        "$strata" check -d migrations "${scan[@]}"
    expect_fail 1 "rebuild it with \`strata repair-snapshot -d migrations\`" \
        "$strata" revision --autogenerate -d migrations "${scan[@]}"
    [ "$(tree_digest)" = "$before" ] || fail "a refused run wrote something"
    [ "$(count_revisions)" -eq 3 ] || fail "a refused run wrote a revision"
    out=$("$strata" repair-snapshot -d migrations) || fail "repair failed: $out"
    grep -qF "rebuilt migrations/schema from the revisions: wrote users.json" <<<"$out" || fail "repair said: $out"
    grep -q "$missing" migrations/schema/users.json || fail "repair did not add $missing"
    "$strata" check -d migrations "${scan[@]}" >/dev/null || fail "check after repair failed"
    SOURCE_DATE_EPOCH=1795666200 "$strata" merge -d migrations -m "merge nickname and age" >/dev/null || fail "merge failed"
    configure models/user.hpp ""
    git add -A && git commit -qm "merge age ($side)" || fail "commit failed"
    cmake --build build >"$work/build-$side.log" 2>&1 || fail "build after repair failed: $(cat "$work/build-$side.log")"
    [ "$(count_revisions)" -eq 4 ] || fail "the build wrote a revision besides the merge"
    [ -z "$(git status --porcelain)" ] || fail "the build changed the committed directory: $(git status --short)"
    rm -f "$work/$side.db"
    ./build/app "sqlite:///$work/$side.db" | grep -q 'applied 4 revision' || fail "the app did not apply 4 revisions"
    sqlite3 "$work/$side.db" 'PRAGMA table_info(users)' | grep -q '|nickname|' || fail "users.nickname missing"
    sqlite3 "$work/$side.db" 'PRAGMA table_info(users)' | grep -q '|age|' || fail "users.age missing"
    cp migrations/schema/users.json "$work/users-$side.json"
done
cmp -s "$work/users-ours.json" "$work/users-theirs.json" || fail "the two resolutions give different snapshots"

echo "== 2. a revision deleted after a database applied it"
new_project "$work/deleted"
scan=(--model models/user.hpp --compiler-arg "-I$include" --compiler-arg "-I$PWD")
"$strata" init migrations --url sqlite:///app.db >/dev/null || fail "init failed"
user_model > models/user.hpp
"$strata" revision --autogenerate -d migrations -m "initial" "${scan[@]}" >/dev/null || fail "initial failed"
user_model 'std::optional<std::string> nickname;' > models/user.hpp
SOURCE_DATE_EPOCH=1795666080 "$strata" revision --autogenerate -d migrations -m "add nickname" "${scan[@]}" >/dev/null || fail "nickname failed"
user_model 'std::optional<std::string> nickname;' 'std::optional<std::int32_t> age;' > models/user.hpp
SOURCE_DATE_EPOCH=1795666140 "$strata" revision --autogenerate -d migrations -m "add age" "${scan[@]}" >/dev/null || fail "age failed"
configure models/user.hpp ""
git add -A && git commit -qm "three revisions"
cmake --build build >/dev/null 2>&1 || fail "build of three revisions failed"
db="$work/deleted.db"
rm -f "$db"
./build/app "sqlite:///$db" | grep -q 'applied 3 revision' || fail "first start failed"
first_id=$("$strata" history -d migrations | tail -n 1 | sed 's/.* -> \([0-9a-f]*\).*/\1/')
nickname_file=$(grep -l '"add nickname"' migrations/versions/*.cpp)
nickname_id=$(basename "$nickname_file" | cut -d_ -f3)
age_file=$(grep -l '"add age"' migrations/versions/*.cpp)
age_id=$(basename "$age_file" | cut -d_ -f3)

echo "-- the head"
rm "$age_file"
expect_fail 1 "migrations/schema/users.json: error: the snapshot has column 'users.age', which the revisions do not produce" \
    "$strata" check -d migrations "${scan[@]}"
user_model 'std::optional<std::string> nickname;' > models/user.hpp
"$strata" repair-snapshot -d migrations >/dev/null || fail "repair after deleting the head failed"
cmake --build build >"$work/build-head.log" 2>&1 || fail "build without the head failed: $(cat "$work/build-head.log")"
expect_fail 1 "database is at revision '$age_id', which this application does not know: its file was deleted from versions/ after the database applied it" \
    ./build/app "sqlite:///$db"

echo "-- one in the middle, its child rewired around it"
git checkout -q -- . && git clean -qfd migrations
rm "$nickname_file"
expect_fail 1 "error: revision '$age_id' revises '$nickname_id', which is not in migrations/versions: its file was deleted or renamed" \
    "$strata" check -d migrations "${scan[@]}"
sed -i "s/\\.down_revisions = {\"$nickname_id\"}/.down_revisions = {\"$first_id\"}/" "$age_file"
grep -q "down_revisions = {\"$first_id\"}" "$age_file" || fail "rewiring failed"
expect_fail 1 "migrations/schema/users.json: error: the snapshot has column 'users.nickname', which the revisions do not produce" \
    "$strata" check -d migrations "${scan[@]}"
user_model 'std::optional<std::int32_t> age;' > models/user.hpp
"$strata" repair-snapshot -d migrations >/dev/null || fail "repair after deleting the middle failed"
cmake --build build >"$work/build-middle.log" 2>&1 || fail "build without the middle revision failed: $(cat "$work/build-middle.log")"
expect_fail 1 "the database applied revision '$nickname_id' at " ./build/app "sqlite:///$db"
expect_fail 1 "which is missing from this build: its file was deleted from versions/ after the database applied it" \
    ./build/app "sqlite:///$db"
./build/app_migrate upgrade --ignore-checksums --url "sqlite:///$db" >/dev/null || fail "--ignore-checksums did not accept the loss"
./build/app "sqlite:///$db" | grep -q 'applied 0 revision' || fail "the start after accepting still refused"

echo "== 3. a declared independent branch builds and migrates"
new_project "$work/branches"
user_model > models/user.hpp
cat > models/audit.hpp <<'H'
#pragma once
#include <strata/annotations.hpp>
#include <cstdint>
#include <string>
struct STRATA_TABLE(name = "audit_log") AuditEntry {
    STRATA_COLUMN(primary_key) std::int64_t id;
    std::string what;
};
H
scan=(--model models/user.hpp --model models/audit.hpp --compiler-arg "-I$include" --compiler-arg "-I$PWD")
"$strata" init migrations --url sqlite:///app.db >/dev/null || fail "init failed"
mv models/audit.hpp "$work/audit.hpp"
"$strata" revision --autogenerate -d migrations -m "initial" --model models/user.hpp --compiler-arg "-I$include" >/dev/null \
    || fail "initial failed"
SOURCE_DATE_EPOCH=1795666080 "$strata" revision -d migrations -m "audit branch" --head base --branch-label audit >/dev/null \
    || fail "the audit root failed"
mv "$work/audit.hpp" models/audit.hpp
expect_fail 1 "the revisions have independent branches (" "$strata" revision --autogenerate -d migrations "${scan[@]}"
SOURCE_DATE_EPOCH=1795666140 "$strata" revision --autogenerate -d migrations -m "audit log" --head audit@head "${scan[@]}" >/dev/null \
    || fail "autogenerate on the audit branch failed"
[ "$("$strata" heads -d migrations | wc -l)" -eq 2 ] || fail "expected two heads"
git add -A && git commit -qm "two branches"
configure "models/user.hpp models/audit.hpp" "HEAD audit@head"
cmake --build build >"$work/build-branches.log" 2>&1 || fail "the build refused declared branches: $(cat "$work/build-branches.log")"
[ "$(count_revisions)" -eq 3 ] || fail "the build wrote a revision"
rm -f "$work/branches.db"
./build/app "sqlite:///$work/branches.db" | grep -q 'applied 3 revision' || fail "the app did not apply both branches"
sqlite3 "$work/branches.db" 'SELECT name FROM sqlite_master' | grep -qx audit_log || fail "audit_log missing"
url="sqlite:///$work/branches.db"
./build/app_migrate downgrade audit@base --url "$url" >/dev/null || fail "downgrade audit@base failed"
sqlite3 "$work/branches.db" 'SELECT name FROM sqlite_master' | grep -qx audit_log && fail "audit_log still there"
sqlite3 "$work/branches.db" 'SELECT name FROM sqlite_master' | grep -qx users || fail "users went with the audit branch"
./build/app_migrate upgrade --url "$url" >/dev/null || fail "upgrade (every head) failed"
[ "$(./build/app_migrate current --url "$url" | wc -l)" -eq 2 ] || fail "not at both heads"

# A model change on the HEAD branch: the build writes it there.
cat >> models/audit.hpp <<'H'
struct STRATA_TABLE(name = "audit_tags") AuditTag {
    STRATA_COLUMN(primary_key) std::int64_t id;
};
H
SOURCE_DATE_EPOCH=1795666200 cmake --build build >"$work/build-branches2.log" 2>&1 || fail "build with HEAD failed: $(cat "$work/build-branches2.log")"
[ "$(count_revisions)" -eq 4 ] || fail "the build did not write the audit revision"
"$strata" history -d migrations -r audit@base:audit@head | grep -q "create table audit_tags" || fail "the revision is not on the audit branch"

if [ -n "${STRATA_TEST_POSTGRES_URL_FILE:-}" ] && [ -s "$STRATA_TEST_POSTGRES_URL_FILE" ]; then
    echo "-- on PostgreSQL"
    name=strata_integrity_$$
    pg_url=$(bash "$here/../postgresql/pg_database.sh" create "$name") || fail "cannot create a PostgreSQL database"
    trap 'bash "$here/../postgresql/pg_database.sh" drop "$name" >/dev/null 2>&1' EXIT
    ./build/app "$pg_url" | grep -q 'applied 4 revision' || fail "the app did not apply both branches on PostgreSQL"
    ./build/app_migrate downgrade audit@base --url "$pg_url" >/dev/null || fail "downgrade audit@base failed on PostgreSQL"
    ./build/app_migrate check --url "$pg_url" >/dev/null && fail "check should see the audit branch missing"
    ./build/app_migrate upgrade --url "$pg_url" >/dev/null || fail "upgrade on PostgreSQL failed"
    ./build/app_migrate check --url "$pg_url" >/dev/null || fail "drift on PostgreSQL after upgrade"
fi

# An accidental second head on the audit branch is still refused at build time.
SOURCE_DATE_EPOCH=1795666260 "$strata" revision -d migrations -m "audit extra" --head audit@head >/dev/null || fail "extra failed"
SOURCE_DATE_EPOCH=1795666320 "$strata" revision -d migrations -m "audit other" --head audit >/dev/null || fail "other failed"
if cmake --build build >"$work/build-branches3.log" 2>&1; then fail "the build passed with an accidental head"; fi
grep -qF "multiple heads" "$work/build-branches3.log" || fail "the build did not say multiple heads: $(cat "$work/build-branches3.log")"
echo "snapshot integrity test passed"
