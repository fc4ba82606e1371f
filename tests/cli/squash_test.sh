#!/usr/bin/env bash
# `strata squash` end to end, with a real CMake build of an application (add_migrations)
# and its migrate tool on SQLite files and, when a test server is configured
# (STRATA_TEST_POSTGRES_URL_FILE), PostgreSQL databases:
#  1. four revisions; databases at r1 (before the range), r2 (inside it) and head;
#  2. `strata squash r2:r3`; the build with the squash and the originals works; the database
#     at r1 upgrades through the squash, the one at r2 through the originals, a new one is
#     created; all end at head without drift, and the one at r1 downgrades back through r3;
#  3. the originals deleted as printed; the build still works, databases at head stay at
#     head, and a database before the range upgrades and downgrades through the squash.
# usage: squash_test.sh <strata-build-dir> <runtime-include-dir> <work-dir>
set -uo pipefail
strata_build=$1
include=$2
work=$3
here=$(cd "$(dirname "$0")" && pwd)
strata=$strata_build/generator/strata
source "$here/project_helpers.sh" # fail, user_model, new_project
count_revisions() { find migrations/versions -name '*.cpp' | wc -l; }

rm -rf "$work"
new_project "$work/app"
model() { # the models with the given extra users members; $PETS adds the pets table
    user_model "$@"
    if [ -n "${PETS:-}" ]; then
        printf 'struct STRATA_TABLE(name = "pets") Pet {\n    STRATA_COLUMN(primary_key) std::int64_t id;\n    std::string name;\n};\n'
    fi
}
cat > CMakeLists.txt <<'M'
cmake_minimum_required(VERSION 3.20)
project(squashed LANGUAGES CXX)
find_package(strata CONFIG REQUIRED)
add_executable(app main.cpp)
target_include_directories(app PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
add_migrations(app MODELS models/models.hpp DIRECTORY migrations)
M
scan=(--model models/models.hpp --compiler-arg "-I$include")
"$strata" init migrations --url sqlite:///app.db >/dev/null || fail "init failed"
epoch=1795666020
generate() { # $1: message; the models are already written
    epoch=$((epoch + 60))
    SOURCE_DATE_EPOCH=$epoch "$strata" revision --autogenerate -d migrations -m "$1" "${scan[@]}" \
        >/dev/null || fail "autogenerate '$1' failed"
    "$strata" heads -d migrations | sed 's/.* -> \([0-9a-f]*\) .*/\1/'
}
model > models/models.hpp
r1=$(generate "create users")
model 'std::optional<std::string> bio;' > models/models.hpp
r2=$(generate "add bio")
PETS=1 model 'std::optional<std::string> bio;' > models/models.hpp
r3=$(generate "add pets")
PETS=1 model 'std::optional<std::string> bio;' 'std::optional<std::int32_t> age;' > models/models.hpp
r4=$(generate "add age")
[ "$(count_revisions)" -eq 4 ] || fail "expected four revisions"

echo "== build, and databases before, inside and at the end of the history"
cmake -S . -B build -G Ninja -Dstrata_DIR="$strata_build" >/dev/null || fail "configure failed"
cmake --build build >"$work/build1.log" 2>&1 || fail "build failed: $(cat "$work/build1.log")"
migrate=./build/app_migrate
new_db() { # $1: name; prints the URL of a new, empty database of the current backend
    if [ "$backend" = sqlite ]; then
        rm -f "$work/$1.db"
        echo "sqlite:///$work/$1.db"
    else
        local name="strata_squash_$$_$1"
        echo "$name" >>"$work/pg_names"
        bash "$here/../postgresql/pg_database.sh" create "$name" || fail "cannot create a PostgreSQL database"
    fi
}
backends=(sqlite)
if [ -n "${STRATA_TEST_POSTGRES_URL_FILE:-}" ] && [ -s "$STRATA_TEST_POSTGRES_URL_FILE" ]; then
    backends+=(postgresql)
    trap 'while read -r n; do bash "$here/../postgresql/pg_database.sh" drop "$n" >/dev/null 2>&1; done <"$work/pg_names"' EXIT
fi
declare -A at_r1 at_r2 at_head at_end
for backend in "${backends[@]}"; do
    at_r1[$backend]=$(new_db r1)
    at_r2[$backend]=$(new_db r2)
    at_head[$backend]=$(new_db head)
    at_end[$backend]=$(new_db end)
    $migrate upgrade "$r1" --url "${at_r1[$backend]}" >/dev/null || fail "upgrade to r1 failed ($backend)"
    $migrate upgrade "$r2" --url "${at_r2[$backend]}" >/dev/null || fail "upgrade to r2 failed ($backend)"
    $migrate upgrade "$r3" --url "${at_end[$backend]}" >/dev/null || fail "upgrade to r3 failed ($backend)"
    ./build/app "${at_head[$backend]}" | grep -q 'applied 4 revision' || fail "the app did not reach head ($backend)"
done

echo "== strata squash r2:r3"
out=$(SOURCE_DATE_EPOCH=$((epoch + 60)) "$strata" squash -d migrations "$r2:$r3" 2>&1) || fail "squash failed: $out"
grep -qF "squash of 2 revisions, '$r2' to '$r3'" <<<"$out" || fail "squash did not say what it replaced: $out"
rm_line=$(grep -F "git rm" <<<"$out") || fail "squash did not print the deletion step: $out"
[ "$(count_revisions)" -eq 5 ] || fail "expected the squash as a fifth revision"
squash_file=$(grep -l '\.replaces = ' migrations/versions/*.cpp)
squash_id=$(sed -n 's/^ *\.id = "\([0-9a-f]*\)",$/\1/p' "$squash_file")
[ -n "$squash_id" ] || fail "no squash id in $squash_file"
grep -qF ".replaces = {\"$r2\", \"$r3\"}," "$squash_file" || fail "the squash does not list r2, r3: $(cat "$squash_file")"
"$strata" heads -d migrations | grep -qF "$r4 (head)" || fail "the head changed: $("$strata" heads -d migrations)"
"$strata" check -d migrations "${scan[@]}" >/dev/null || fail "check fails after the squash"
cmake --build build >"$work/build2.log" 2>&1 || fail "build with the squash failed: $(cat "$work/build2.log")"
[ "$(count_revisions)" -eq 5 ] || fail "the build wrote a revision"

for backend in "${backends[@]}"; do
    echo "-- $backend, originals present"
    out=$($migrate upgrade --url "${at_r1[$backend]}" 2>&1) || fail "upgrade from r1 failed ($backend): $out"
    grep -q "squash of 2 revisions" <<<"$out" || fail "the database at r1 did not take the squash ($backend): $out"
    $migrate current --url "${at_r1[$backend]}" | grep -qF "$r4" || fail "r1 database not at head ($backend)"
    $migrate check --url "${at_r1[$backend]}" >/dev/null || fail "drift after the squash ($backend)"
    out=$($migrate upgrade --url "${at_r2[$backend]}" 2>&1) || fail "upgrade from r2 failed ($backend): $out"
    grep -q "squash of" <<<"$out" && fail "the database inside the range took the squash ($backend): $out"
    grep -qF "$r3" <<<"$out" || fail "the database at r2 did not run r3 ($backend): $out"
    $migrate check --url "${at_r2[$backend]}" >/dev/null || fail "drift after the originals ($backend)"
    fresh=$(new_db fresh)
    ./build/app "$fresh" | grep -q 'applied' || fail "a new database failed ($backend)"
    $migrate check --url "$fresh" >/dev/null || fail "drift in a new database ($backend)"
    ./build/app "${at_head[$backend]}" | grep -q 'applied 0 revision' || fail "head database moved ($backend)"
    $migrate downgrade "$r1" --url "${at_r1[$backend]}" >/dev/null || fail "downgrade through the range failed ($backend)"
    $migrate current --url "${at_r1[$backend]}" | grep -qF "$r1" || fail "not back at r1 ($backend)"
    $migrate check --url "${at_r1[$backend]}" >/dev/null 2>&1 && fail "check sees no difference at r1 ($backend)"
done

echo "== the originals deleted, as printed"
for file in ${rm_line#*git rm}; do
    rm "$file" || fail "cannot delete $file"
done
[ "$(count_revisions)" -eq 3 ] || fail "expected three revisions after the deletion"
"$strata" check -d migrations "${scan[@]}" >/dev/null || fail "check fails without the originals"
"$strata" history -d migrations | grep -qF "$squash_id -> $r4" || fail "r4 is not on the squash: $("$strata" history -d migrations)"
cmake --build build >"$work/build3.log" 2>&1 || fail "build without the originals failed: $(cat "$work/build3.log")"
for backend in "${backends[@]}"; do
    echo "-- $backend, originals deleted"
    ./build/app "${at_head[$backend]}" | grep -q 'applied 0 revision' || fail "head database moved after the deletion ($backend)"
    $migrate check --url "${at_head[$backend]}" >/dev/null || fail "drift at head after the deletion ($backend)"
    ./build/app "${at_end[$backend]}" | grep -q 'applied 1 revision' || fail "the database at r3 did not take r4 alone ($backend)"
    out=$($migrate upgrade --url "${at_r1[$backend]}" 2>&1) || fail "upgrade from r1 failed after the deletion ($backend): $out"
    grep -qF "$squash_id" <<<"$out" || fail "the squash did not run ($backend): $out"
    $migrate check --url "${at_r1[$backend]}" >/dev/null || fail "drift after the squash ran ($backend)"
    $migrate downgrade "$r1" --url "${at_r1[$backend]}" >/dev/null || fail "downgrade through the squash failed ($backend)"
    $migrate current --url "${at_r1[$backend]}" | grep -qF "$r1" || fail "not back at r1 after the squash's downgrade ($backend)"
done
echo "squash test passed"
