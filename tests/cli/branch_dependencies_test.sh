#!/usr/bin/env bash
# Declared branches and depends_on, with real git, a real add_migrations() build and real
# databases (a SQLite file, then a database on the PostgreSQL test server):
#  - two labelled branches (`--branch-label accounts`, `--head base --branch-label audit`);
#    an audit revision whose SQL needs a column the accounts branch adds declares it with
#    `strata revision --depends-on accounts@head`; the build proves the snapshot, accepts the
#    two heads and compiles the dependency in;
#  - upgrading to audit@head applies the dependency first; `heads` and `current` list both
#    heads; `downgrade accounts@-1` reverts the dependent audit revision too (as Alembic does);
#  - the documented branch workflow: `downgrade audit@base`, `upgrade audit@+1` (twice),
#    `upgrade` to every head, `check` without drift, `history -r audit@base:audit@head`.
# usage: branch_dependencies_test.sh <strata-build-dir> <runtime-include-dir> <work-dir>
set -uo pipefail
strata_build=$1
include=$2
work=$3
here=$(cd "$(dirname "$0")" && pwd)
strata=$strata_build/generator/strata
. "$here/project_helpers.sh"
revision_id() { # the id of the revision whose file name contains $1
    local file
    file=$(find migrations/versions -name "*$1*.cpp") && [ -n "$file" ] || fail "no revision '$1'"
    sed -n 's/^ *\.id = "\([a-z0-9]*\)",/\1/p' "$file"
}

new_project "$work/project"
export SOURCE_DATE_EPOCH=1795666020
user_model > models/user.hpp
scan=(--model models/user.hpp --model models/audit.hpp --compiler-arg "-I$include" --compiler-arg "-I$PWD")
"$strata" init migrations --url sqlite:///app.db >/dev/null || fail "init failed"

echo "== two labelled branches, and a dependency between them"
"$strata" revision --autogenerate -d migrations -m "create users" --branch-label accounts \
    --model models/user.hpp --compiler-arg "-I$include" >/dev/null || fail "users failed"
SOURCE_DATE_EPOCH=1795666080 "$strata" revision -d migrations -m "audit root" --head base --branch-label audit \
    >/dev/null || fail "the audit root failed"
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
SOURCE_DATE_EPOCH=1795666140 "$strata" revision --autogenerate -d migrations -m "audit log" --head audit@head "${scan[@]}" \
    >/dev/null || fail "autogenerate on the audit branch failed"
user_model 'std::optional<std::int64_t> level;' > models/user.hpp
SOURCE_DATE_EPOCH=1795666200 "$strata" revision --autogenerate -d migrations -m "user level" --head accounts@head "${scan[@]}" \
    >/dev/null || fail "autogenerate on the accounts branch failed"
# Its SQL reads users.level, which only 'user level' adds: a dependency, not a merge.
expect_fail 1 "--depends-on 'audit@head': revision" \
    "$strata" revision -d migrations -m "copy" --head audit@head --depends-on audit@head
SOURCE_DATE_EPOCH=1795666260 "$strata" revision -d migrations -m "audit unlevelled users" --head audit@head \
    --depends-on accounts@head >/dev/null || fail "--depends-on failed"
level_id=$(revision_id user_level)
copy_file=$(find migrations/versions -name '*audit_unlevelled_users.cpp')
grep -qF ".depends_on = {\"$level_id\"}," "$copy_file" || fail "the dependency is not in the file: $(cat "$copy_file")"
python3 - "$copy_file" <<'P' || fail "cannot write the hand-written steps"
import sys
path = sys.argv[1]
text = open(path).read()
up = '    op.execute("INSERT INTO audit_log (id, what) SELECT id, email FROM users WHERE level IS NULL");\n'
down = '    op.execute("DELETE FROM audit_log");\n'
first = text.index("    // No schema changes.")
text = text[:first] + up + text[text.index("\n", first) + 1:]
second = text.index("    // No schema changes.")
text = text[:second] + down + text[text.index("\n", second) + 1:]
open(path, "w").write(text)
P
[ "$("$strata" heads -d migrations | wc -l)" -eq 2 ] || fail "expected two heads: $("$strata" heads -d migrations)"
git add -A && git commit -qm "two branches and a dependency"

cat > CMakeLists.txt <<M
cmake_minimum_required(VERSION 3.20)
project(dependencies LANGUAGES CXX)
find_package(strata CONFIG REQUIRED)
add_executable(app main.cpp)
target_include_directories(app PRIVATE \${CMAKE_CURRENT_SOURCE_DIR})
add_migrations(app MODELS models/user.hpp models/audit.hpp DIRECTORY migrations HEAD audit@head)
M
cmake -S . -B build -G Ninja -Dstrata_DIR="$strata_build" >/dev/null || fail "configure failed"
cmake --build build >"$work/build.log" 2>&1 || fail "the build refused the dependency: $(cat "$work/build.log")"
[ -z "$(git status --porcelain migrations)" ] || fail "the build wrote into migrations/: $(git status --porcelain)"

users_id=$(revision_id create_users)
copy_id=$(revision_id audit_unlevelled_users)
log_id=$(revision_id audit_log)
root_id=$(revision_id audit_root)

# A statement on the database at $1, through its own client.
sql() {
    case $1 in
        sqlite:///*) sqlite3 "${1#sqlite:///}" "$2" ;;
        *) "$psql" "$1" -v ON_ERROR_STOP=1 -qAt -c "$2" ;;
    esac
}
has_column() { # url table column
    case $1 in
        sqlite:///*) sql "$1" "SELECT name FROM pragma_table_info('$2')" | grep -qx "$3" ;;
        *) sql "$1" "SELECT column_name FROM information_schema.columns WHERE table_name = '$2'" | grep -qx "$3" ;;
    esac
}
has_table() { # url table
    case $1 in
        sqlite:///*) sql "$1" "SELECT name FROM sqlite_master WHERE type = 'table'" | grep -qx "$2" ;;
        *) sql "$1" "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()" | grep -qx "$2" ;;
    esac
}
current() { ./build/app_migrate current --url "$1" | sort | tr '\n' ' '; }
migrate() { ./build/app_migrate "$@" >"$work/migrate.log" 2>&1 || fail "app_migrate $* failed: $(cat "$work/migrate.log")"; }

workflow() { # $1: a database URL with nothing in it
    local url=$1
    echo "-- the dependency on ${url%%:*}"
    migrate upgrade "$users_id" --url "$url"
    sql "$url" "INSERT INTO users (id, email) VALUES (1, 'a@example.com')"
    migrate upgrade audit@head --url "$url"
    has_column "$url" users level || fail "upgrading to audit@head did not apply the dependency"
    [ "$(sql "$url" "SELECT what FROM audit_log")" = "a@example.com" ] || fail "the dependent revision did not run after it"
    [ "$(./build/app_migrate heads --url "$url" | wc -l)" -eq 2 ] || fail "heads does not list both heads"
    [[ "$(current "$url")" == *"$level_id"* && "$(current "$url")" == *"$copy_id"* ]] \
        || fail "current is not both heads: $(current "$url")"
    migrate downgrade accounts@-1 --url "$url"
    has_column "$url" users level && fail "accounts@-1 left users.level"
    [ "$(sql "$url" "SELECT count(*) FROM audit_log")" = "0" ] || fail "the dependent revision was not reverted"
    [[ "$(current "$url")" == *"$users_id"* && "$(current "$url")" == *"$log_id"* ]] \
        || fail "accounts@-1 did not leave users and the audit log: $(current "$url")"
    migrate upgrade --url "$url"
    ./build/app_migrate check --url "$url" >/dev/null || fail "drift after upgrading to every head"

    echo "-- the branch workflow on ${url%%:*}"
    migrate downgrade audit@base --url "$url"
    has_table "$url" audit_log && fail "audit@base left audit_log"
    has_column "$url" users level || fail "audit@base took the accounts branch along"
    [ "$(./build/app_migrate current --url "$url" | wc -l)" -eq 1 ] && [[ "$(current "$url")" == *"$level_id"* ]] \
        || fail "after audit@base: $(current "$url")"
    ./build/app_migrate check --url "$url" >/dev/null && fail "check should see the audit branch missing"
    migrate upgrade audit@+1 --url "$url"
    [[ "$(current "$url")" == *"$root_id"* ]] || fail "audit@+1 did not apply the audit root: $(current "$url")"
    has_table "$url" audit_log && fail "audit@+1 went too far"
    migrate upgrade audit@+1 --url "$url"
    has_table "$url" audit_log || fail "the second audit@+1 did not create audit_log"
    migrate upgrade --url "$url"
    [[ "$(current "$url")" == *"$copy_id"* ]] || fail "upgrade did not reach every head: $(current "$url")"
    ./build/app_migrate check --url "$url" >/dev/null || fail "drift after the branch workflow"
    ./build/app_migrate history -r audit@base:audit@head --url "$url" >"$work/history.log" 2>&1 \
        || fail "history of the audit branch failed: $(cat "$work/history.log")"
    grep -q "audit log" "$work/history.log" && ! grep -q "user level" "$work/history.log" \
        || fail "history -r audit@base:audit@head is not the audit branch: $(cat "$work/history.log")"
}

rm -f "$work/app.db"
workflow "sqlite:///$work/app.db"
# The application's own start-up on a fresh database: every head, the dependency first.
rm -f "$work/fresh.db"
./build/app "sqlite:///$work/fresh.db" | grep -q 'applied 5 revision' || fail "the app did not apply all five revisions"
# The build manifest names both heads, so the next start is at head at once.
./build/app "sqlite:///$work/fresh.db" | grep -q 'applied 0 revision' || fail "the second start applied something"
[ "$(sqlite3 "$work/fresh.db" 'SELECT count(*) FROM strata_version WHERE chain_digest IS NOT NULL')" -eq 2 ] \
    || fail "the build's digest is not recorded with both heads: $(sqlite3 "$work/fresh.db" 'SELECT * FROM strata_version')"

name=strata_dependencies_$$
pg_url=$(bash "$here/../postgresql/pg_database.sh" create "$name") || fail "cannot create a PostgreSQL database"
trap 'bash "$here/../postgresql/pg_database.sh" drop "$name" >/dev/null 2>&1' EXIT
psql=$(command -v psql || ls /usr/lib/postgresql/*/bin/psql 2>/dev/null | sort -V | tail -n 1)
workflow "$pg_url"
fresh_name=${name}_fresh
fresh_url=$(bash "$here/../postgresql/pg_database.sh" create "$fresh_name") || fail "cannot create a second database"
trap 'bash "$here/../postgresql/pg_database.sh" drop "$name" >/dev/null 2>&1; bash "$here/../postgresql/pg_database.sh" drop "$fresh_name" >/dev/null 2>&1' EXIT
./build/app "$fresh_url" | grep -q 'applied 5 revision' || fail "the app did not apply all five revisions on PostgreSQL"
./build/app_migrate check --url "$fresh_url" >/dev/null || fail "drift on a fresh PostgreSQL database"

# A dependency on a revision that is not there stops the build at the file's line.
sed -i "s/\.depends_on = {\"$level_id\"}/.depends_on = {\"ffffffffffff\"}/" "$copy_file"
if cmake --build build >"$work/build2.log" 2>&1; then fail "the build passed with an unknown dependency"; fi
grep -qE "$(basename "$copy_file"):[0-9]+: error: revision '$copy_id' depends on 'ffffffffffff', which is not a revision" "$work/build2.log" \
    || fail "the build did not name the unknown dependency: $(cat "$work/build2.log")"
echo "branch dependencies test passed"
