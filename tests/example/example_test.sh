#!/usr/bin/env bash
# Runs the example application the way `make demo` does and checks the database it
# migrated at start-up: a new file created at head (both committed revisions) in one step,
# and the history lists both; nothing applied on
# the second start, and the schema and rows the models describe.
# usage: example_test.sh <sitebuilder-binary> <work-dir>
set -euo pipefail
app=$1
work=$2
fail() { echo "FAIL: $*" >&2; exit 1; }
rm -rf "$work" && mkdir -p "$work"
db="$work/sitebuilder.db"

first=$("$app" "$db")
echo "$first"
grep -q '^migrate: new database: created the schema of 01cbbab09ec6 (2 revisions, 3 tables)' <<<"$first" \
    || fail "expected the new database created at head (2 revisions) in one step"
[ "$(sqlite3 "$db" 'SELECT count(*) FROM strata_history')" -ge 2 ] \
    || fail "the history does not record both revisions"

second=$("$app" "$db")
grep -q 'database already at head' <<<"$second" || fail "second start applied something: $second"

[ "$(sqlite3 "$db" 'SELECT COUNT(*) FROM strata_version')" -eq 1 ] || fail "version table should hold one head"
sqlite3 "$db" 'PRAGMA table_info(users)' | grep -q '|bio|TEXT|0|' || fail "users.bio missing or NOT NULL"
sqlite3 "$db" 'PRAGMA table_info(pages)' | grep -q '|slug|VARCHAR(200)|1|' || fail "pages.slug missing"
sqlite3 "$db" 'PRAGMA table_info(pages)' | grep -q 'rendered_html' && fail "an excluded member became a column"
[ "$(sqlite3 "$db" 'SELECT COUNT(*) FROM pages')" -eq 1 ] || fail "sample page missing"
echo "example test passed"
