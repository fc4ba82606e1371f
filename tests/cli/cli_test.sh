#!/usr/bin/env bash
# The `strata` command line as a user meets it: init, revision with and without
# --autogenerate, check, heads, history, and the errors for bad input (exit code, message,
# and nothing written).
# usage: cli_test.sh <strata-binary> <runtime-include-dir> <work-dir>
set -uo pipefail
strata=$1
include=$2
work=$3
fail() { echo "FAIL: $*" >&2; exit 1; }
# expect_fail <exit-code> <message> <command...>: runs the command, checks both.
expect_fail() {
    local code=$1 message=$2; shift 2
    local out rc
    out=$("$@" 2>&1); rc=$?
    [ "$rc" -eq "$code" ] || fail "'$*' exited $rc, expected $code: $out"
    grep -qF -- "$message" <<<"$out" || fail "'$*' did not say '$message': $out"
}
rm -rf "$work" && mkdir -p "$work/models" && cd "$work"
export SOURCE_DATE_EPOCH=1795666020

cat > models/user.hpp <<'H'
#include <strata/annotations.hpp>
#include <cstdint>
#include <string>
struct STRATA_TABLE(name = "users") User {
    STRATA_COLUMN(primary_key) std::int64_t id;
    std::string email;
};
H
scan=(--model models/user.hpp --compiler-arg "-I$include")

expect_fail 2 "unknown command 'revison'; did you mean 'revision'?" "$strata" revison
expect_fail 2 "unrecognised option '--autogenrate'" "$strata" revision --autogenrate
expect_fail 1 "migrations directory does not exist" "$strata" revision --autogenerate -d missing "${scan[@]}"
[ -e missing ] && fail "a failed command created the directory"

"$strata" init migrations --url sqlite:///app.db >/dev/null || fail "init failed"
expect_fail 1 "directory already exists and is not empty" "$strata" init migrations

expect_fail 1 "the models differ from the schema snapshot" "$strata" check -d migrations "${scan[@]}"
out=$("$strata" revision --autogenerate -d migrations "${scan[@]}") || fail "autogenerate failed: $out"
grep -q 'strata: generated migrations/versions/20261126_0407_.*_create_table_users.cpp' <<<"$out" || fail "unexpected output: $out"
"$strata" check -d migrations "${scan[@]}" >/dev/null || fail "check failed right after autogenerate"
out=$("$strata" revision --autogenerate -d migrations "${scan[@]}")
grep -q 'nothing to do' <<<"$out" || fail "second autogenerate did something: $out"

expect_fail 1 "needs a message" "$strata" revision -d migrations
"$strata" revision -d migrations -m "backfill emails" >/dev/null || fail "empty revision failed"
[ "$(ls migrations/versions/*.cpp | wc -l)" -eq 2 ] || fail "expected two revisions"

heads=$("$strata" heads -d migrations)
[ "$(wc -l <<<"$heads")" -eq 1 ] || fail "expected one head: $heads"
history=$("$strata" history -d migrations)
head -1 <<<"$history" | grep -q 'backfill emails' || fail "history is not newest first: $history"
tail -1 <<<"$history" | grep -q '^<base> -> ' || fail "history does not end at base: $history"

# A broken model: compiler-style error, nothing written.
echo 'struct STRATA_TABLE() Broken { int x; };' >> models/user.hpp
before=$(cat migrations/schema/*.json)
expect_fail 1 "models/user.hpp:8:23: error: table 'broken' (struct 'Broken') has no primary key" "$strata" revision --autogenerate -d migrations "${scan[@]}"
[ "$(cat migrations/schema/*.json)" = "$before" ] || fail "the snapshot changed on error"
[ "$(ls migrations/versions/*.cpp | wc -l)" -eq 2 ] || fail "a revision was written on error"

# A bad strata.ini.
echo 'colour = blue' >> migrations/strata.ini
expect_fail 1 "invalid strata.ini" "$strata" heads -d migrations
echo "cli test passed"
