#!/usr/bin/env bash
# sitebuilder_migrate, the migrate tool add_migrations() builds for the example project,
# on a real SQLite file with the example's committed revisions.
# usage: example_migrate_test.sh <sitebuilder_migrate> <work-dir>
set -uo pipefail
migrate=$1
work=$2
fail() { echo "FAIL: $*" >&2; exit 1; }
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
export STRATA_DATABASE_URL="sqlite:///$work/site.db"

out=$("$migrate" upgrade) || fail "upgrade failed: $out"
grep -q '^new database: created the schema of 01cbbab09ec6 (2 revisions, 3 tables)' <<<"$out" \
    || fail "expected the new database created at head in one step: $out"
grep -q ' ms)$' <<<"$out" || fail "progress lines have no time: $out"
"$migrate" current | grep -q '(head)' || fail "current is not head"
"$migrate" check >/dev/null || fail "check found drift right after upgrade"
[ "$("$migrate" history | wc -l)" -eq 2 ] || fail "history does not list two revisions"

# Offline SQL for the whole history matches a database built from it.
"$migrate" upgrade --sql > upgrade.sql || fail "upgrade --sql failed"
sqlite3 offline.db < upgrade.sql || fail "the offline script does not run"
STRATA_DATABASE_URL="sqlite:///$work/offline.db" "$migrate" check >/dev/null \
    || fail "the database built from the offline script differs from head"
[ "$(sqlite3 offline.db 'SELECT version_num FROM strata_version')" = "$(sqlite3 site.db 'SELECT version_num FROM strata_version')" ] \
    || fail "offline and online version tables differ"
"$migrate" downgrade --sql head:base | sqlite3 offline.db || fail "the offline downgrade does not run"
[ -z "$(sqlite3 offline.db 'SELECT * FROM strata_version')" ] || fail "offline downgrade left a version"

"$migrate" downgrade base >/dev/null || fail "downgrade base failed"
"$migrate" current | grep -q '^base' || fail "not at base"
sqlite3 site.db 'CREATE TABLE users (id INTEGER)' || exit 1
"$migrate" check >/dev/null 2>&1 && fail "check missed a hand-made table"
out=$("$migrate" upgrad 2>&1); [ $? -eq 2 ] || fail "unknown command did not exit 2"
grep -q "sitebuilder_migrate: error: unknown command 'upgrad'; did you mean 'upgrade'?" <<<"$out" || fail "$out"
echo "example migrate test passed"
