#!/usr/bin/env bash
# Branch and merge with real git: two branches each change a different model table and
# autogenerate a revision; git merges them; strata sees two heads, the build refuses and
# names both, `strata merge` writes the merge revision, and the compiled application and
# its migrate tool upgrade through the merge.
# usage: branch_merge_test.sh <strata-build-dir> <runtime-include-dir> <work-dir>
set -uo pipefail
strata_build=$1
include=$2
work=$3
strata=$strata_build/generator/strata
source "$(cd "$(dirname "$0")" && pwd)/project_helpers.sh" # fail, expect_fail
count_revisions() { find migrations/versions -name '*.cpp' | wc -l; }

rm -rf "$work" && mkdir -p "$work/app/models" && cd "$work/app" || exit 1
git init -q -b main . && git config user.email test@example.com && git config user.name test
export SOURCE_DATE_EPOCH=1795666020

cat > models/user.hpp <<'H'
#pragma once
#include <strata/annotations.hpp>
#include <cstdint>
#include <optional>
#include <string>
struct STRATA_TABLE(name = "users") User {
    STRATA_COLUMN(primary_key) std::int64_t id;
    std::string email;
};
H
cat > models/page.hpp <<'H'
#pragma once
#include <strata/annotations.hpp>
#include <cstdint>
#include <optional>
#include <string>
struct STRATA_TABLE(name = "pages") Page {
    STRATA_COLUMN(primary_key) std::int64_t id;
    std::string title;
};
H
cat > main.cpp <<'C'
#include <strata/migrator.hpp>
#include <iostream>
int main(int argc, char** argv) {
    auto report = strata::upgrade_to_head(std::string("sqlite:///") + argv[1]);
    std::cout << "applied " << report.steps.size() << " revision(s)\n";
}
C
cat > CMakeLists.txt <<'M'
cmake_minimum_required(VERSION 3.20)
project(branchy LANGUAGES CXX)
find_package(strata CONFIG REQUIRED)
add_executable(app main.cpp)
target_include_directories(app PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
add_migrations(app MODELS models/user.hpp models/page.hpp DIRECTORY migrations)
M
printf 'build/\n*.db\n' > .gitignore
scan=(--model models/user.hpp --model models/page.hpp --compiler-arg "-I$include" --compiler-arg "-I$PWD")

echo "== main: the initial revision"
"$strata" init migrations --url sqlite:///app.db >/dev/null || fail "init failed"
"$strata" revision --autogenerate -d migrations -m "initial" "${scan[@]}" >/dev/null || fail "initial autogenerate failed"
git add -A && git commit -qm initial || fail "commit failed"

echo "== branch users: a nickname column"
git checkout -qb users
sed -i 's|std::string email;|std::string email;\n    std::optional<std::string> nickname;|' models/user.hpp
SOURCE_DATE_EPOCH=1795666080 "$strata" revision --autogenerate -d migrations -m "add nickname" "${scan[@]}" >/dev/null \
    || fail "autogenerate on branch users failed"
git add -A && git commit -qm "add nickname"

echo "== branch pages: a body column"
git checkout -q main && git checkout -qb pages
sed -i 's|std::string title;|std::string title;\n    std::optional<std::string> body;|' models/page.hpp
SOURCE_DATE_EPOCH=1795666140 "$strata" revision --autogenerate -d migrations -m "add body" "${scan[@]}" >/dev/null \
    || fail "autogenerate on branch pages failed"
git add -A && git commit -qm "add body"

echo "== git merges both branches cleanly (different tables)"
git checkout -q main
git merge -q users || fail "fast-forward merge of users failed"
if ! out=$(git merge --no-edit pages 2>&1); then
    # Expected to pass once the snapshot is one file per table (the lead's change); with a
    # single schema.json, neighbouring table entries can conflict.
    fail "git merge of pages conflicted (snapshot layout): $out"
fi
[ "$(count_revisions)" -eq 3 ] || fail "expected 3 revisions after the merge"
"$strata" check -d migrations "${scan[@]}" >/dev/null || fail "the merged snapshot does not match the merged models"

echo "== two heads: listed, and the build refuses naming both"
heads=$("$strata" heads -d migrations)
[ "$(wc -l <<<"$heads")" -eq 2 ] || fail "expected two heads: $heads"
head_a=$(sed -n 1p <<<"$heads" | sed 's/.* -> \([0-9a-f]*\) .*/\1/')
head_b=$(sed -n 2p <<<"$heads" | sed 's/.* -> \([0-9a-f]*\) .*/\1/')
expect_fail 1 "multiple heads: '$head_a', '$head_b'" "$strata" revision -d migrations -m "one more"
cmake -S . -B build -G Ninja -Dstrata_DIR="$strata_build" >/dev/null || fail "configure failed"
if cmake --build build >"$work/build1.log" 2>&1; then fail "the build passed with two heads"; fi
grep -qF "'$head_a'" "$work/build1.log" && grep -qF "'$head_b'" "$work/build1.log" \
    || fail "the build did not name both heads: $(cat "$work/build1.log")"
grep -qF "strata merge -d" "$work/build1.log" || fail "the build did not say to run strata merge"
[ "$(count_revisions)" -eq 3 ] || fail "the refused build wrote a revision"

echo "== strata merge writes the merge revision"
expect_fail 1 "nothing to merge: the targets name one revision" "$strata" merge -d migrations "$head_a"
out=$("$strata" merge -d migrations -m "merge nickname and body") || fail "merge failed: $out"
grep -q "merge of " <<<"$out" || fail "unexpected merge output: $out"
[ "$(count_revisions)" -eq 4 ] || fail "expected the merge revision"
heads=$("$strata" heads -d migrations)
[ "$(wc -l <<<"$heads")" -eq 1 ] || fail "expected one head after merge: $heads"
grep -q "(head) (mergepoint), merge nickname and body" <<<"$heads" || fail "head is not the merge: $heads"
expect_fail 1 "nothing to merge: there is one head" "$strata" merge -d migrations
"$strata" branches -d migrations | grep -q '(branchpoint), initial' || fail "branches does not show the branch point"
"$strata" show -d migrations head | grep -q "^Parent: .*, " || fail "show head does not list two parents"

echo "== the application upgrades through the merge"
cmake --build build >"$work/build2.log" 2>&1 || fail "build after merge failed: $(cat "$work/build2.log")"
[ "$(count_revisions)" -eq 4 ] || fail "the build wrote another revision"
./build/app "$work/app.db" | grep -q 'applied 4 revision' || fail "the app did not apply 4 revisions"
sqlite3 "$work/app.db" 'PRAGMA table_info(users)' | grep -q '|nickname|' || fail "users.nickname missing"
sqlite3 "$work/app.db" 'PRAGMA table_info(pages)' | grep -q '|body|' || fail "pages.body missing"

echo "== and its migrate tool walks the branches"
migrate=./build/app_migrate
url="sqlite:///$work/app.db"
$migrate current --url "$url" | grep -q "(mergepoint), merge nickname and body" || fail "current is not the merge"
$migrate check --url "$url" >/dev/null || fail "check found drift right after upgrade"
$migrate downgrade --url "$url" >/dev/null || fail "downgrade -1 failed"
[ "$($migrate current --url "$url" | wc -l)" -eq 2 ] || fail "after reverting the merge the database should be at both heads"
$migrate downgrade "$head_a-1" --url "$url" >/dev/null || fail "downgrade to before the branches failed"
$migrate current --url "$url" | grep -q "initial" || fail "not back at the initial revision"
sqlite3 "$work/app.db" 'PRAGMA table_info(pages)' | grep -q '|body|' && fail "pages.body still there"
$migrate upgrade --url "$url" >/dev/null || fail "upgrade back to head failed"
$migrate upgrade --sql "$head_a:head" | grep -q "^-- Running upgrade .* merge nickname and body" \
    || fail "offline SQL through the merge is missing the merge step"
STRATA_DATABASE_URL=$url $migrate history -r current: | grep -q mergepoint || fail "history from current failed"
(cd migrations && ../$migrate current >/dev/null 2>&1) && fail "a missing relative database was created"
echo "branch merge test passed"
