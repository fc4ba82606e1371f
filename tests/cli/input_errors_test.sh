#!/usr/bin/env bash
# Bad input to the `strata` command line, as an outside tester gave it: empty directory and
# model names, database URLs strata.ini cannot hold, bytes that are not UTF-8, names too
# long for a file, far-off words. Each is refused with a sentence (usage errors exit 2)
# and leaves nothing written; the scan finds strata's own annotations.hpp unaided.
# usage: input_errors_test.sh <strata-binary> <work-dir>
set -uo pipefail
strata=$1
work=$2
source "$(cd "$(dirname "$0")" && pwd)/project_helpers.sh" # fail, expect_fail
rm -rf "$work" && mkdir -p "$work/models" && cd "$work" || exit 1
export SOURCE_DATE_EPOCH=1795666020
user_model > models/user.hpp

# `strata init ''` wrote strata.ini, README.md, ... into the current directory, overwriting
# the user's own files.
echo 'my readme' > README.md
expect_fail 2 "strata init: error: the DIRECTORY must not be empty" "$strata" init ''
[ "$(cat README.md)" = "my readme" ] || fail "init '' overwrote README.md"
[ -e strata.ini ] || [ -e versions ] || [ -e script.cpp.tmpl ] && fail "init '' wrote into the current directory"
# An existing file is no directory to create, and says so in a sentence.
echo data > afile
expect_fail 1 "afile: error: exists and is not a directory" "$strata" init afile
expect_fail 1 "cannot create the migrations directory: Not a directory" "$strata" init afile/sub
out=$("$strata" init afile 2>&1); grep -q "filesystem error" <<<"$out" && fail "raw filesystem error: $out"
# Every command taking -d refuses an empty one instead of naming a blank directory.
for command in "revision -m x" "merge" "squash" "check --model models/user.hpp" "repair-snapshot" \
               "heads" "branches" "history" "show head" "review" "lint"; do
    # shellcheck disable=SC2086 # the command's words
    expect_fail 2 "the migrations directory must not be empty" "$strata" $command -d ''
done

# --url: strata.ini must read back exactly the URL given.
for url in '' '   ' notascheme foo://bar sqlite://app.db ' sqlite:///a.db' sqlite:/ \
           $'sqlite:///a.db\nlock_timeout = 0' $'sqlite:///a.db\tx'; do
    expect_fail 2 "strata init: error: --url: " "$strata" init "url-case" --url "$url"
    [ -e url-case ] && fail "init --url '$url' created the directory"
done
expect_fail 2 "control character (byte 0x0A at offset 14)" "$strata" init m --url $'sqlite:///a.db\nlock_timeout = 0'
expect_fail 2 "does not start with a known scheme" "$strata" init m --url foo://bar
expect_fail 2 "invalid sqlite url 'sqlite://app.db': expected sqlite:///relative.db" "$strata" init m --url sqlite://app.db
for url in 'postgresql://u:Hunter2 #Secret@h/db' 'mysql://u:Hunter2 ;Secret@h/db'; do
    out=$("$strata" init m --url "$url" 2>&1); rc=$?
    [ "$rc" -eq 2 ] || fail "init --url '$url' exited $rc: $out"
    grep -q "percent-encode '#' as %23 and ';' as %3B" <<<"$out" || fail "no advice for '$url': $out"
    grep -q "Hunter2\|Secret" <<<"$out" && fail "the password is shown: $out"
done
# The same check on the build's --init-url (add_migrations at a first configure).
expect_fail 1 "does not start with a known scheme" "$strata" build -d fresh --init-url notascheme \
    --model models/user.hpp --aggregate a.cpp --depfile a.d --stamp a.stamp
[ -e fresh ] && fail "build --init-url with a bad URL created the directory"
# Good URLs still work, a percent-encoded password among them.
for url in sqlite:// 'sqlite:///a%23b.db' 'postgresql://u:Hunter2%20%23Secret@h/db' mariadb://h/db; do
    rm -rf ok && "$strata" init ok --url "$url" >/dev/null || fail "init --url '$url' was refused"
    grep -qxF "database_url = $url" ok/strata.ini || fail "strata.ini for '$url': $(grep database_url ok/strata.ini)"
    "$strata" heads -d ok >/dev/null || fail "strata.ini with '$url' does not read back"
done

"$strata" init migrations >/dev/null || fail "init failed"
# The scan finds strata/annotations.hpp by itself: no --compiler-arg -I needed.
out=$("$strata" revision --autogenerate -d migrations --model models/user.hpp 2>&1) \
    || fail "autogenerate without -I failed: $out"

# --model '' and a missing --model.
expect_fail 2 "strata revision: error: --model must not be empty" \
    "$strata" revision --autogenerate -d migrations --model ''
expect_fail 2 "e.g. \`strata revision --autogenerate -d migrations --model models/user.hpp\`" \
    "$strata" revision --autogenerate -d migrations

# "did you mean" only when close: a prefix of an option, or a word a couple of edits away.
expect_fail 2 "unrecognised option '--dir'; did you mean '--directory'?" "$strata" heads --dir x
expect_fail 2 "unknown command 'revison'; did you mean 'revision'?" "$strata" revison
out=$("$strata" frobnicate 2>&1); rc=$?
[ "$rc" -eq 2 ] || fail "an unknown command exited $rc"
[ "$out" = "strata: error: unknown command 'frobnicate'; run \`strata --help\` for the commands" ] \
    || fail "a far-off command got a guess: $out"
out=$("$strata" heads --frobnicate 2>&1)
grep -q "did you mean" <<<"$out" && fail "a far-off option got a guess: $out"

# A revision message must be UTF-8: it goes into JSON (`strata review --format json`).
count() { ls migrations/versions/*.cpp | wc -l; }
before=$(count)
expect_fail 2 "the message (-m) is not valid UTF-8 (byte 0xFF at offset 4)" \
    "$strata" revision -d migrations -m $'bad \xff msg'
[ "$(count)" -eq "$before" ] || fail "a revision with a non-UTF-8 message was written"
# Nor a control character: `history` prints the message to a terminal (an escape sequence).
expect_fail 2 "the message (-m) has a control character (byte 0x1B at offset 2)" \
    "$strata" revision -d migrations -m $'ok\e[2Jcleared'
[ "$(count)" -eq "$before" ] || fail "a revision with a control character in its message was written"

# A string annotation value that is not UTF-8: an error at the annotation, not a crash in
# the JSON library.
for option in 'comment = "x\xff"' 'default = "x\xff"' 'check = "x\xff"' 'sql_type = "x\xff"'; do
    printf '#include <strata/annotations.hpp>\n#include <cstdint>\nstruct STRATA_TABLE(name = "c") C {\n    STRATA_COLUMN(primary_key) std::int64_t id;\n    STRATA_COLUMN(%b) std::int64_t v;\n};\n' "$option" > models/bad.hpp
    expect_fail 1 "models/bad.hpp:5:5: error: " "$strata" check -d migrations --model models/bad.hpp
    expect_fail 1 "is not valid UTF-8 (byte 0xFF at offset 1)" "$strata" check -d migrations --model models/bad.hpp
done
printf '#include <strata/annotations.hpp>\n#include <cstdint>\nstruct STRATA_TABLE(name = "c", comment = "x\xff") C {\n    STRATA_COLUMN(primary_key) std::int64_t id;\n};\n' > models/bad.hpp
expect_fail 1 "is not valid UTF-8 (byte 0xFF at offset 1)" "$strata" check -d migrations --model models/bad.hpp
out=$("$strata" check -d migrations --model models/bad.hpp 2>&1)
grep -q "json.exception" <<<"$out" && fail "the JSON library's error: $out"
iconv -f UTF-8 -t UTF-8 <<<"$out" >/dev/null 2>&1 || fail "the error is not UTF-8 itself: $out"

# A table name whose snapshot file name is too long for the file system.
long=$(printf 't%.0s' $(seq 300))
printf '#include <strata/annotations.hpp>\n#include <cstdint>\nstruct STRATA_TABLE(name = "%s") Long {\n    STRATA_COLUMN(primary_key) std::int64_t id;\n};\n' "$long" > models/long.hpp
expect_fail 1 "models/long.hpp:3:332: error: table '$long' is too long for its snapshot file" \
    "$strata" revision --autogenerate -d migrations --model models/long.hpp --dialect sqlite
[ "$(count)" -eq "$before" ] || fail "a revision was written for a too long name"
# Targets and ranges that name nothing: `show base` and `history -r head:base` printed
# nothing and exited 0; `heads+1` was "unknown revision 'heads'; did you mean 'heads'?".
expect_fail 1 "'base' is base, the empty database before the first revision" \
    "$strata" show -d migrations base
expect_fail 1 "'head-1' is base, the empty database before the first revision" \
    "$strata" show -d migrations head-1
expect_fail 1 "range 'head:base' lists nothing: it runs from newer to older; write it as 'base:head'" \
    "$strata" history -d migrations -r head:base
expect_fail 1 "invalid range 'a:b:c': write FROM:TO with one ':'" "$strata" history -d migrations -r a:b:c
out=$("$strata" show -d migrations heads+1 2>&1)
grep -q "did you mean 'heads'" <<<"$out" && fail "suggested the word itself: $out"
expect_fail 1 "the count 99999999999999999999 is too large" "$strata" show -d migrations head+99999999999999999999
"$strata" show -d migrations heads-0 | grep -q "^Rev: " || fail "show heads-0 printed no revision"
# A compiler argument libclang refuses: say so, show the arguments and where they come from.
expect_fail 1 "strata: error: libclang could not parse the model headers (error code 4): it refused a compiler argument" \
    "$strata" check -d migrations --model models/user.hpp --compiler-arg=-std=c++99
expect_fail 1 "note: check the arguments given with --compiler-arg" \
    "$strata" check -d migrations --model models/user.hpp --compiler-arg=-std=c++99
expect_fail 1 "strata: error: libclang: unsupported option '--bogus-flag'" \
    "$strata" check -d migrations --model models/user.hpp --compiler-arg=--bogus-flag
expect_fail 1 "note: compiler arguments: -x c++ -std=c++20 --bogus-flag" \
    "$strata" check -d migrations --model models/user.hpp --compiler-arg=--bogus-flag
echo "input errors test passed"
