#!/usr/bin/env bash
# A scratch project consumes an installed strata the way a user does:
# find_package(strata CONFIG COMPONENTS sqlite) from the install prefix, add_migrations() on
# its target. The script changes the models and rebuilds, and checks what appears in
# versions/, what the build ran, and the database the application migrated at start-up
# (the issue's proofs 1-7), plus: the scan sees include directories, definitions and the
# C++ standard that a linked library propagates, and new revisions are formatted with the
# project's .clang-format.
#
# usage: consumer_test.sh <strata-install-prefix or strata-build-dir> <cmake-generator> <work-dir>
# (a build directory is used through its build-tree export, -Dstrata_DIR=<dir>)
set -euo pipefail
generator=$2
work=$3
source "$(dirname "$0")/package_args.sh"
source_dir=$(cd "$(dirname "$0")/../.." && pwd)

rm -rf "$work"
mkdir -p "$work/app/models"
cd "$work/app"
export SOURCE_DATE_EPOCH=1795666020

"$strata_bin" init migrations --url sqlite:///app.db >/dev/null
# The project's format: new revisions must pass `clang-format --dry-run -Werror` with it.
cp "$source_dir/.clang-format" .clang-format
mkdir -p shared
# Reached only through app_models' INTERFACE include directory and definition, and
# __cplusplus only through its cxx_std_23 compile feature (libclang's default is C++20).
cat > shared/limits.hpp <<'H'
#pragma once
#if __cplusplus > 202002L
#define APP_NAME_LENGTH 23
#else
#define APP_NAME_LENGTH 20
#endif
H

cat > models/audit.hpp <<'H'
#pragma once
// Included by user.hpp: the depfile must list it.
#define APP_EMAIL_LENGTH 200
H
cat > models/user.hpp <<'H'
#pragma once
#include "models/audit.hpp"
#include <limits.hpp>
#include <strata/annotations.hpp>
#include <cstdint>
#include <string>
struct STRATA_TABLE(name = "users") User {
    STRATA_COLUMN(primary_key) std::int64_t id;
    STRATA_COLUMN(length = APP_EMAIL_LENGTH) std::string email;
#ifdef APP_WITH_NAME
    STRATA_COLUMN(length = APP_NAME_LENGTH) std::string name;
#endif
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
find_package(strata CONFIG REQUIRED COMPONENTS sqlite)
add_library(app_models INTERFACE)
target_include_directories(app_models INTERFACE ${CMAKE_CURRENT_SOURCE_DIR}/shared)
target_compile_definitions(app_models INTERFACE APP_WITH_NAME)
target_compile_features(app_models INTERFACE cxx_std_23)
add_executable(app main.cpp)
target_include_directories(app PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
target_link_libraries(app PRIVATE app_models)
add_migrations(app MODELS models/user.hpp DIRECTORY migrations DIALECTS sqlite)
M

build() { cmake --build build 2>&1 | tee "$work/last-build.log"; }

echo "== configure and first build: the initial revision is generated and compiled in"
cmake -S . -B build -G "$generator" "${package_args[@]}" >/dev/null
build >/dev/null
[ "$(count_revisions)" -eq 1 ] || fail "expected 1 revision after the first build, found $(count_revisions)"
grep -q 'string(200)' migrations/versions/*.cpp || fail "the macro from the included header was not expanded"
grep -q 'col("name", string(23))' migrations/versions/*.cpp \
    || fail "the scan did not see app_models' include directory, definition and C++23: $(cat migrations/versions/*.cpp)"
clang-format --dry-run -Werror migrations/versions/*.cpp || fail "the new revision is not clang-formatted"
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
clang-format --dry-run -Werror migrations/versions/*.cpp || fail "the new revision is not clang-formatted"
./build/app "$work/app.db" | grep -q 'applied 1 revision' || fail "the app did not apply the new revision"
sqlite3 "$work/app.db" 'PRAGMA table_info(users)' | grep -q '|nickname|TEXT|' || fail "users.nickname missing"

echo "== and the build after that does nothing again"
build >/dev/null
[ "$(count_revisions)" -eq 2 ] || fail "a rebuild wrote another revision"
grep -q 'strata: checking' "$work/last-build.log" && fail "the generator ran on a no-op build"

echo "== the database records the build's digest; revision edits change it, and are checked"
aggregate=build/strata/app/revisions.cpp
digest=$(sqlite3 "$work/app.db" 'SELECT DISTINCT chain_digest FROM strata_version')
[ "${#digest}" -eq 64 ] || fail "the app did not record the build digest: '$digest'"
grep -q "\"$digest\"" "$aggregate" || fail "the recorded digest is not the build manifest's"
first=$(grep -l 'string(200)' migrations/versions/*.cpp)
cp "$first" "$work/first-revision.bak"
echo '// reviewed' >> "$first"
build >/dev/null
grep -q 'strata: checking' "$work/last-build.log" || fail "the generator did not run after a revision file changed"
grep -q "\"$digest\"" "$aggregate" && fail "the build digest did not change with the revision file"
./build/app "$work/app.db" | grep -q 'applied 0 revision' || fail "a comment in a revision stopped the app"
grep -q "\"$(sqlite3 "$work/app.db" 'SELECT DISTINCT chain_digest FROM strata_version')\"" "$aggregate" \
    || fail "the start after a comment-only edit did not record the new digest"
sed -i 's|string(200)|string(250)|' "$first"
# The build proves the snapshot against the revisions first: an edited operation stops it.
if build >/dev/null; then
    fail "the build accepted a revision whose operations no longer match the snapshot"
fi
grep -q 'error: ' "$work/last-build.log" || fail "the snapshot proof did not say what differs"
# (That an applied revision edited behind the build's back is refused at start-up is
# proven by the runtime's checksum tests; here the build itself stops first.)
cp "$work/first-revision.bak" "$first"
build >/dev/null
./build/app "$work/app.db" | grep -q 'applied 0 revision' || fail "the restored revision was not accepted"

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

echo "== bad arguments fail at configure time, each with its message"
mkdir -p "$work/bad"
"$strata_bin" init "$work/bad/migrations" >/dev/null
mkdir -p "$work/bad/not_migrations"
# Not empty: an empty directory is initialised by the first build (FetchContent users).
touch "$work/bad/not_migrations/notes.txt"
touch "$work/bad/main.cpp" "$work/bad/user.hpp"
cat > "$work/bad/CMakeLists.txt" <<'M'
cmake_minimum_required(VERSION 3.20)
project(bad LANGUAGES CXX)
find_package(strata CONFIG REQUIRED)
add_executable(app main.cpp)
add_library(lib INTERFACE)
add_migrations(app DIRECTORY migrations MODLES user.hpp)
add_migrations(app DIRECTORY migrations)
add_migrations(app MODELS user.hpp)
add_migrations(app MODELS user.hpp DIRECTORY not_migrations)
add_migrations(app MODELS user.hpp DIRECTORY migrations DIALECTS oracle)
add_migrations(app MODELS user.hpp DIRECTORY migrations AUTOGENERATE maybe)
add_migrations(app MODELS user.hpp DIRECTORY migrations NAMESPACE 1st)
add_migrations(app MODELS missing.hpp DIRECTORY migrations)
add_migrations(lib MODELS user.hpp DIRECTORY migrations)
add_migrations(nosuch MODELS user.hpp DIRECTORY migrations)
M
if cmake -S "$work/bad" -B "$work/bad/build" -G "$generator" "${package_args[@]}" > "$work/bad.log" 2>&1; then
    fail "configure passed with bad add_migrations() calls"
fi
expect_message() {
    tr -s ' \n' ' ' < "$work/bad.log" | grep -qF -- "$1" || fail "message missing: '$1' in: $(cat "$work/bad.log")"
}
expect_message "add_migrations: unknown argument(s) 'MODLES;user.hpp'; expected add_migrations(<target> MODELS"
expect_message "add_migrations: no MODELS given for 'app'"
expect_message "add_migrations: no DIRECTORY given for 'app'"
expect_message "not_migrations' is not a migrations directory (it has no strata.ini); create it with \`strata init not_migrations\`"
expect_message "add_migrations: unknown dialect 'oracle' for 'app'; available: sqlite"
expect_message "add_migrations: AUTOGENERATE 'maybe' for 'app' is not ON or OFF"
expect_message "add_migrations: NAMESPACE '1st' for 'app' is not a C++ namespace name"
expect_message "add_migrations: model header 'missing.hpp' of 'app' does not exist"
expect_message "add_migrations: 'lib' is an INTERFACE_LIBRARY; the revisions must be compiled into an executable, or a static, shared or object library"
expect_message "add_migrations: 'nosuch' is not a target"

echo "== an unknown package component fails find_package with the components there are"
sed -i 's/find_package(strata CONFIG REQUIRED)/find_package(strata CONFIG REQUIRED COMPONENTS sqlite oracle)/' "$work/bad/CMakeLists.txt"
if cmake -S "$work/bad" -B "$work/bad/build2" -G "$generator" "${package_args[@]}" > "$work/bad.log" 2>&1; then
    fail "configure passed with an unknown component"
fi
expect_message "strata has no component 'oracle' (it has: sqlite"

echo "consumer test passed ($generator)"
