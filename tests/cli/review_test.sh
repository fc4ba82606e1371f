#!/usr/bin/env bash
# strata review / strata lint as CI runs them, with real git and real generated revisions:
# the default range is what the branch adds over its merge base; lint fails on a finding
# nobody acknowledged and passes once the revision file acknowledges it; the review of the
# example project matches the golden file docs/review-example.md.
# usage: review_test.sh <strata> <runtime-include-dir> <source-dir> <work-dir>
set -uo pipefail
strata=$1
include=$2
source_dir=$3
work=$4
fail() { echo "FAIL: $*" >&2; exit 1; }
run() { # run CODE COMMAND...: the exit code must be CODE; prints the output
    local code=$1; shift
    local out rc
    out=$("$@" 2>&1); rc=$?
    [ "$rc" -eq "$code" ] || fail "'$*' exited $rc, expected $code: $out"
    printf '%s\n' "$out"
}
says() { grep -qF -- "$1" <<<"$2" || fail "expected '$1' in: $2"; }
lacks() { ! grep -qF -- "$1" <<<"$2" || fail "did not expect '$1' in: $2"; }

# The example project's review, rendered for every revision, is the golden file.
golden=$source_dir/docs/review-example.md
actual=$(run 0 "$strata" review -d "$source_dir/example_project/migrations" : \
    --dialect postgresql --dialect sqlite) || exit 1
diff -u "$golden" <(printf '%s\n' "$actual") ||
    fail "review of example_project differs from docs/review-example.md (update it if intended)"

rm -rf "$work" && mkdir -p "$work/app/models" && cd "$work/app" || exit 1
git init -q -b main . && git config user.email test@example.com && git config user.name test
export SOURCE_DATE_EPOCH=1795666020
model() { # model EXTRA_TABLE_OPTIONS EXTRA_MEMBER
    cat > models/user.hpp <<H
#pragma once
#include <strata/annotations.hpp>
#include <cstdint>
#include <optional>
#include <string>
struct STRATA_TABLE(name = "users"$1) User {
    STRATA_COLUMN(primary_key) std::int64_t id;
    STRATA_COLUMN(length = 120) std::string email;
    $2
};
H
}
autogenerate() {
    run 0 "$strata" revision -d migrations --autogenerate -m "$1" --model models/user.hpp \
        --compiler-arg "-I$include" >/dev/null || exit 1
}
run 0 "$strata" init migrations >/dev/null || exit 1
model "" "std::optional<std::string> bio;"
autogenerate "create users"
git add -A && git commit -qm "users" || fail "commit"

# Outside any branch work, the newest revision is reviewed: a new table, nothing to find.
out=$(run 0 "$strata" review -d migrations) || exit 1
says "Reviewed: the newest revision." "$out"
says "## strata review: 1 revision, no findings" "$out"

# A branch drops a column and indexes another: the review covers that revision only (here
# still untracked; below committed).
git checkout -q -b feature
model ", index = (email)" ""
autogenerate "drop bio, index email"
out=$(run 0 "$strata" review -d migrations) || exit 1
says "Reviewed: the revisions this branch adds over main (merge base" "$out"
says "## strata review: 1 revision, 2 errors, 1 warning, 0 notices, 0 acknowledged" "$out"
says '`drop-column` (data loss), operation 1: drops column '"'"'users.bio'"'"' and every value in it' "$out"
says "CREATE INDEX \"ix_users_email\" ON \"users\" (\"email\");" "$out"
lacks "create users" "$out"
json=$(run 0 "$strata" review -d migrations --format json) || exit 1
says '"rule": "pg-index-not-concurrent"' "$json"
git add -A && git commit -qm "drop bio" || fail "commit" # committed or untracked: both count

# lint: exit 1 while anything at --fail-on is not acknowledged, with compiler-style lines.
file=$(ls migrations/versions/*drop_bio*.cpp)
out=$(run 1 "$strata" lint -d migrations) || exit 1
says "$file:" "$out"
says ": error: [drop-column] drops column 'users.bio' and every value in it" "$out"
says "note: to accept it, add \`// strata:lint-ack drop-column <reason>\` to the revision file" "$out"
says "strata lint: 1 revision (" "$out"
run 0 "$strata" lint -d migrations --fail-on none >/dev/null || exit 1
run 1 "$strata" lint -d migrations --dialect sqlite --fail-on error >/dev/null || exit 1

# A person decides: acknowledgements in the revision file make the gate pass, committed
# or not, and the review shows who decided what.
{
    echo "// strata:lint-ack drop-column bio was never filled in production"
    echo "// strata:lint-ack backward-incompatible release 4.2 stopped reading bio"
} >> "$file"
out=$(run 1 "$strata" lint -d migrations) || exit 1
says "[pg-index-not-concurrent]" "$out"
run 0 "$strata" lint -d migrations --dialect sqlite >/dev/null || exit 1
echo "// strata:lint-ack pg-index-not-concurrent users has a few hundred rows" >> "$file"
out=$(run 0 "$strata" lint -d migrations) || exit 1
says "acknowledged: [drop-column] drops column 'users.bio' and every value in it (bio was never filled in production)" "$out"
says "3 findings, 0 not acknowledged at --fail-on warning" "$out"
out=$(run 0 "$strata" review -d migrations) || exit 1
says "acknowledged in the revision file: release 4.2 stopped reading bio" "$out"

# strata.ini's [review] dialects chooses the databases: SQLite only, no PostgreSQL rules.
grep -qF "[review]" migrations/strata.ini || fail "strata init writes no [review] section"
echo "dialects = sqlite" >> migrations/strata.ini
out=$(run 0 "$strata" review -d migrations) || exit 1
says "SQL for: sqlite." "$out"
lacks "pg-index-not-concurrent" "$out"
says "## strata review: 1 revision, 0 errors, 0 warnings, 0 notices, 2 acknowledged" "$out"

# Bad input: an unknown rule, a range that names nothing.
echo "// strata:lint-ack drop-colum typo" >> "$file"
out=$(run 1 "$strata" lint -d migrations) || exit 1
says "error: strata:lint-ack names unknown rule 'drop-colum'" "$out"
says "did you mean 'drop-column'?" "$out"
out=$(run 1 "$strata" review -d migrations nosuchrev) || exit 1
says "nosuchrev" "$out"
out=$(run 2 "$strata" lint -d migrations --fail-onn error) || exit 1
says "did you mean '--fail-on'?" "$out"

# Option values no command takes are usage errors (exit 2, the command named), a CI gate
# tells them from findings (exit 1).
out=$(run 2 "$strata" review -d migrations --format yaml) || exit 1
says "strata review: error: unknown --format 'yaml'; use markdown or json" "$out"
out=$(run 2 "$strata" lint -d migrations --fail-on bogus) || exit 1
says "strata lint: error: unknown --fail-on level 'bogus'" "$out"
out=$(run 2 "$strata" review -d migrations --dialect oracle) || exit 1
says "strata review: error: unknown dialect 'oracle'; this strata can review: " "$out"
# A dialect strata.ini names wrongly is the file's mistake: exit 1, the file named.
sed -i 's/^dialects = sqlite$/dialects = sqlite oracle/' migrations/strata.ini
out=$(run 1 "$strata" review -d migrations) || exit 1
says "migrations/strata.ini: error: [review] dialects: unknown dialect 'oracle'" "$out"
sed -i 's/^dialects = sqlite oracle$/dialects = sqlite/' migrations/strata.ini

# A --base git cannot resolve is an error naming it, never a silent review of the heads
# (a CI gate that passes a branch it never looked at).
for ref in '' '--output=/tmp/x'; do
    out=$(run 2 "$strata" lint -d migrations --base "$ref") || exit 1
    says "--base '$ref' is not a git ref; name one such as origin/main" "$out"
done
out=$(run 2 "$strata" lint -d migrations --base nosuchref) || exit 1
says "strata lint: error: --base 'nosuchref' is not a commit git knows in this clone" "$out"
lacks "strata lint: 1 revision" "$out"
out=$(run 2 "$strata" review -d migrations --base origin/main) || exit 1
says "--base 'origin/main' is not a commit git knows in this clone; fetch it first (\`git fetch origin main\`)" "$out"
# A shallow clone has both branches' tips but not their merge base.
git clone -q --depth 1 --no-single-branch "file://$work/app" "$work/shallow" || fail "clone"
out=$(cd "$work/shallow" && run 2 "$strata" lint -d migrations --base origin/main) || exit 1
says "HEAD and --base 'origin/main' have no common commit in this clone" "$out"
says "fetch-depth: 0" "$out"
# Outside git (the ceiling keeps git from finding the build tree's own repository).
mkdir -p "$work/nogit" && cp -r migrations "$work/nogit/" || fail "copy"
out=$(cd "$work/nogit" && GIT_CEILING_DIRECTORIES=$work run 2 "$strata" lint -d migrations --base main) || exit 1
says "--base 'main': 'migrations/versions' is not in a git work tree" "$out"
echo "review_test: ok"
