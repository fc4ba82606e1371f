#!/usr/bin/env bash
# pg_database.sh works as script-based tests use it: create, connect, drop.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
psql=$(command -v psql || ls /usr/lib/postgresql/*/bin/psql | sort -V | tail -n 1)
name=strata_script_test_$$
url=$(bash "$here/pg_database.sh" create "$name")
got=$("$psql" "$url" -qAt -c "SELECT current_database()")
[[ $got == "$name" ]] || { echo "FAIL: connected to '$got', expected '$name'" >&2; exit 1; }
bash "$here/pg_database.sh" drop "$name"
if "$psql" "$url" -qAt -c "SELECT 1" >/dev/null 2>&1; then
    echo "FAIL: database '$name' still exists after drop" >&2
    exit 1
fi
echo "ok: created, connected to and dropped '$name'"
