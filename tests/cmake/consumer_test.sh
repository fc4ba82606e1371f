#!/usr/bin/env bash
# A scratch project consumes strata the way a user does: find_package(strata) pointed at
# this build tree, add_migrations() on its target. The script changes the models and
# rebuilds, and checks what appears in versions/, what the build ran, and the database
# the application migrated at start-up.
#
# usage: consumer_test.sh <strata-build-dir> <cmake-generator> <work-dir>
set -euo pipefail
strata_build=$1
generator=$2
work=$3

fail() { echo "FAIL: $*" >&2; exit 1; }
count_revisions() { find "$work/app/migrations/versions" -name '*.cpp' | wc -l; }

rm -rf "$work"
mkdir -p "$work/app/models"
cd "$work/app"
export SOURCE_DATE_EPOCH=1795666020

"$strata_build/generator/strata" init migrations --url sqlite:///app.db >/dev/null

cat > models/audit.hpp <<'H'
#pragma once
// Included by user.hpp: the depfile must list it.
#define APP_EMAIL_LENGTH 200
H
cat > models/user.hpp <<'H'
#pragma once
#include "models/audit.hpp"
#include <strata/annotations.hpp>
#include <cstdint>
#include <string>
struct STRATA_TABLE(name = "users") User {
    STRATA_COLUMN(primary_key) std::int64_t id;
    STRATA_COLUMN(length = APP_EMAIL_LENGTH) std::string email;
};
H
cat > main.cpp <<'C'
#include <strata/migrator.hpp>
#include <iostream>
int main(int argc, char** argv) {
    auto report = strata::upgrade_to_head(std::string("sqlite:///") + argv[1]);
    std::cout << "applied " << report.steps.size() << " revision(s)\n";
}
C
cat > CMakeLists.txt <<'M'
cmake_minimum_required(VERSION 3.20)
project(consumer LANGUAGES CXX)
find_package(strata CONFIG REQUIRED)
add_executable(app main.cpp)
target_include_directories(app PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
add_migrations(app MODELS models/user.hpp DIRECTORY migrations)
M

build() { cmake --build build 2>&1 | tee "$work/last-build.log"; }

echo "== configure and first build: the initial revision is generated and compiled in"
cmake -S . -B build -G "$generator" -Dstrata_DIR="$strata_build" >/dev/null
build >/dev/null
[ "$(count_revisions)" -eq 1 ] || fail "expected 1 revision after the first build, found $(count_revisions)"
grep -q 'string(200)' migrations/versions/*.cpp || fail "the macro from the included header was not expanded"
./build/app "$work/app.db" | grep -q 'applied 1 revision' || fail "the app did not apply the first revision"
sqlite3 "$work/app.db" 'PRAGMA table_info(users)' | grep -q '|email|VARCHAR(200)|' || fail "users.email missing"

echo "== second build with no change: nothing runs"
build >/dev/null
if [ "$generator" = Ninja ]; then
    grep -q 'no work to do' "$work/last-build.log" || fail "a no-op build did work: $(cat "$work/last-build.log")"
fi
grep -q 'strata: checking' "$work/last-build.log" && fail "the generator ran on a no-op build"

echo "== touching an unrelated source file does not run the generator"
touch main.cpp
build >/dev/null
grep -q 'strata: checking' "$work/last-build.log" && fail "the generator ran after touching main.cpp"

echo "== a model change gives exactly one new revision, compiled in the same build"
sed -i 's|std::string email;|std::string email;\n    std::optional<std::string> nickname;|; s|#include <string>|#include <string>\n#include <optional>|' models/user.hpp
build >/dev/null
[ "$(count_revisions)" -eq 2 ] || fail "expected 2 revisions after changing the model, found $(count_revisions)"
./build/app "$work/app.db" | grep -q 'applied 1 revision' || fail "the app did not apply the new revision"
sqlite3 "$work/app.db" 'PRAGMA table_info(users)' | grep -q '|nickname|TEXT|' || fail "users.nickname missing"

echo "== and the build after that does nothing again"
build >/dev/null
[ "$(count_revisions)" -eq 2 ] || fail "a rebuild wrote another revision"
grep -q 'strata: checking' "$work/last-build.log" && fail "the generator ran on a no-op build"

echo "== a change in an included header that keeps the schema re-runs the generator, writes nothing"
echo '// a comment' >> models/audit.hpp
build >/dev/null
grep -q 'strata: checking' "$work/last-build.log" || fail "the generator did not run after an included header changed"
[ "$(count_revisions)" -eq 2 ] || fail "a schema-neutral change wrote a revision"

echo "== AUTOGENERATE OFF (CI mode): a changed model fails the build with the fix"
cmake -S . -B build -DSTRATA_AUTOGENERATE=OFF >/dev/null
sed -i 's|std::optional<std::string> nickname;|std::optional<std::string> nickname;\n    std::optional<std::string> city;|' models/user.hpp
if build >/dev/null; then fail "the build passed with autogeneration off and a changed model"; fi
grep -q 'the models differ from the schema snapshot, and autogeneration is off' "$work/last-build.log" \
    || fail "CI-mode message missing: $(cat "$work/last-build.log")"
grep -q 'strata revision --autogenerate' "$work/last-build.log" || fail "CI-mode message does not say what to run"
[ "$(count_revisions)" -eq 2 ] || fail "CI mode wrote a revision"

echo "== bad arguments fail at configure time with the message"
mkdir -p "$work/bad"
cat > "$work/bad/CMakeLists.txt" <<'M'
cmake_minimum_required(VERSION 3.20)
project(bad LANGUAGES CXX)
find_package(strata CONFIG REQUIRED)
add_executable(app main.cpp)
add_migrations(app DIRECTORY migrations MODLES user.hpp)
M
touch "$work/bad/main.cpp"
if cmake -S "$work/bad" -B "$work/bad/build" -G "$generator" -Dstrata_DIR="$strata_build" > "$work/bad.log" 2>&1; then
    fail "configure passed with a misspelt argument"
fi
grep -q "add_migrations: unknown argument(s) 'MODLES" "$work/bad.log" || fail "message missing: $(cat "$work/bad.log")"

echo "consumer test passed ($generator)"
