#!/usr/bin/env bash
# The example project on MariaDB: the application brings a new database to head at start-up
# and finds it there the second time; its migrate tool (sitebuilder_migrate) reports the
# state, finds no drift, writes offline SQL that the `mariadb` client runs to the same
# result, and downgrades to base.
# usage: example_mariadb_test.sh <sitebuilder> <sitebuilder_migrate>
# The server: STRATA_TEST_MYSQL_URL, else the URL in STRATA_TEST_MYSQL_URL_FILE.
set -uo pipefail
app=$1
migrate=$2
fail() { echo "FAIL: $*" >&2; exit 1; }
server=${STRATA_TEST_MYSQL_URL:-}
if [[ -z $server && -n ${STRATA_TEST_MYSQL_URL_FILE:-} && -s ${STRATA_TEST_MYSQL_URL_FILE} ]]; then
    server=$(head -n 1 "$STRATA_TEST_MYSQL_URL_FILE")
fi
[[ -n $server ]] || fail "no MariaDB test server (run under ctest, or set STRATA_TEST_MYSQL_URL)"
# mysql://user:password@host:port/database
[[ $server =~ ^[a-z]+://([^:]+):(.*)@([^:/@]+):([0-9]+)/ ]] || fail "unexpected server URL"
user=${BASH_REMATCH[1]} password=${BASH_REMATCH[2]} host=${BASH_REMATCH[3]} port=${BASH_REMATCH[4]}
client() { MYSQL_PWD=$password mariadb --no-defaults -h "$host" -P "$port" -u "$user" -N -B "$@"; }
prefix=${server%/*}
online=strata_example_$$ offline=strata_example_offline_$$
trap 'client -e "DROP DATABASE IF EXISTS $online; DROP DATABASE IF EXISTS $offline"' EXIT
client -e "CREATE DATABASE $online; CREATE DATABASE $offline" || fail "cannot create databases"
export STRATA_DATABASE_URL="$prefix/$online"

out=$("$app" "$STRATA_DATABASE_URL") || fail "first start failed: $out"
grep -q "migrate: upgrade .*(.* ms)" <<<"$out" || fail "first start applied nothing: $out"
grep -q "pages (1 rows)" <<<"$out" || fail "no sample content: $out"
grep -q "strata_test_password" <<<"$out" && fail "the password was printed: $out"
out=$("$app" "$STRATA_DATABASE_URL") || fail "second start failed: $out"
grep -q "migrate: database already at head" <<<"$out" || fail "second start did not find head: $out"

"$migrate" current | grep -q '(head)' || fail "current is not head"
"$migrate" check >/dev/null || fail "check found drift right after upgrade"
[ "$("$migrate" history | wc -l)" -eq 2 ] || fail "history does not list two revisions"

# Offline SQL for the whole history, run by the mariadb client, matches online mode.
"$migrate" upgrade --sql > upgrade.sql || fail "upgrade --sql failed"
client "$offline" < upgrade.sql || fail "the offline script does not run"
STRATA_DATABASE_URL="$prefix/$offline" "$migrate" check >/dev/null \
    || fail "the database built from the offline script differs from head"
[ "$(client "$offline" -e 'SELECT version_num FROM strata_version')" = \
  "$(client "$online" -e 'SELECT version_num FROM strata_version')" ] \
    || fail "offline and online version tables differ"

"$migrate" downgrade base >/dev/null || fail "downgrade base failed"
"$migrate" current | grep -q '^base' || fail "not at base"
[ "$(client "$online" -e 'SHOW TABLES' | grep -vc '^strata_')" -eq 0 ] || fail "tables left at base"
echo "example on MariaDB passed"
