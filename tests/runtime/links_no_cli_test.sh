#!/usr/bin/env bash
# An application that links only strata::sqlite links no argument parsing and no drift
# reporting (issue #18): strata::runtime and strata::sqlite define none of the migrate
# command line's symbols, and neither does the application built against them (the
# program sqlite_only_app.cpp, which migrates a database to prove it is a real user).
# strata::cli, where that code lives, is the control: the same check must find it there,
# so the check cannot pass by seeing nothing.
#
# usage: links_no_cli_test.sh <app> <work-dir> <cli-library> <library>...
set -euo pipefail
app=$1
work=$2
cli=$3
shift 3
fail() { echo "FAIL: $*" >&2; exit 1; }

# The migrate command line's entry points and its drift report, as nm -C prints them.
pattern='strata::(migrate_main|schema_differences|migrate_cli_options)'
defined() { # the defined symbols of $1 matching $pattern (static archive, program or .so)
    { nm -C --defined-only "$1" 2>/dev/null || nm -C -D --defined-only "$1"; } \
        | grep -E " [A-Za-z] .*${pattern}" || true
}

echo "== control: the check finds the command line in strata::cli ($cli)"
[ -n "$(defined "$cli")" ] || fail "no '$pattern' symbol defined in $cli; the check sees nothing"

for file in "$app" "$@"; do
    echo "== no command line in $file"
    found=$(defined "$file")
    [ -z "$found" ] || fail "$file defines the migrate command line or drift report:
$found"
done

echo "== the application migrates"
rm -rf "$work"
mkdir -p "$work"
"$app" "$work/app.db" > "$work/out.txt" || fail "the application failed: $(cat "$work/out.txt")"
grep -qx "applied 1, at r1" "$work/out.txt" || fail "unexpected output: $(cat "$work/out.txt")"
echo "links-no-cli test passed"
