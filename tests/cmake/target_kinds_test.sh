#!/usr/bin/env bash
# add_migrations() on every kind of target it accepts (executable, static, shared and object
# library), against an installed strata: each target's revisions are compiled exactly once
# (counted in the build's compile_commands.json; <target>_migrate links the same objects),
# and every target and its migrate tool migrate a real SQLite file. Also the name limits
# per dialect (issue 15): a SQLite-only target builds with a 72-byte column name, and the
# same models on a PostgreSQL target stop the build with PostgreSQL's limit.
#
# usage: target_kinds_test.sh <strata-install-prefix or strata-build-dir> <work-dir>
set -euo pipefail
work=$2
generator=Ninja
source "$(dirname "$0")/package_args.sh"

rm -rf "$work"
mkdir -p "$work/app/models"
cd "$work/app"
export SOURCE_DATE_EPOCH=1795666020

# One table per target, each taken by NAMESPACE; `wide` has a column name of 72 bytes.
cat > models/all.hpp <<'H'
#pragma once
#include <strata/annotations.hpp>
#include <cstdint>
namespace exe { struct STRATA_TABLE(name = "exe_items") Item { STRATA_COLUMN(primary_key) std::int64_t id; }; }
namespace stat { struct STRATA_TABLE(name = "stat_items") Item { STRATA_COLUMN(primary_key) std::int64_t id; }; }
namespace shared { struct STRATA_TABLE(name = "shared_items") Item { STRATA_COLUMN(primary_key) std::int64_t id; }; }
namespace obj { struct STRATA_TABLE(name = "obj_items") Item { STRATA_COLUMN(primary_key) std::int64_t id; }; }
namespace wide {
struct STRATA_TABLE(name = "readings") Reading {
    STRATA_COLUMN(primary_key) std::int64_t id;
    std::int64_t a_column_name_seventy_two_bytes_long_which_postgresql_would_cut_short_xy;
};
}
H
cat > main.cpp <<'C'
#include <strata/migrator.hpp>
#include <iostream>
int main(int argc, char** argv) {
    if (argc != 2) {
        return 2;
    }
    auto report = strata::upgrade_to_head(std::string("sqlite:///") + argv[1]);
    std::cout << "applied " << report.steps.size() << " revision(s)\n";
}
C
echo 'int library_function() { return 42; }' > lib.cpp
# A shared library carries its own copy of a static strata (hidden inside it), with its
# revisions and backend: the program migrates through the library's function.
cat > shared.cpp <<'C'
#include <strata/migrator.hpp>
#include <cstddef>
#include <string>
__attribute__((visibility("default"))) std::size_t migrate_shared(const char* path) {
    return strata::upgrade_to_head(std::string("sqlite:///") + path).steps.size();
}
C
cat > shared_main.cpp <<'C'
#include <cstddef>
#include <iostream>
std::size_t migrate_shared(const char* path);
int main(int argc, char** argv) {
    if (argc != 2) {
        return 2;
    }
    std::cout << "applied " << migrate_shared(argv[1]) << " revision(s)\n";
}
C
cat > CMakeLists.txt <<'M'
cmake_minimum_required(VERSION 3.20)
project(kinds LANGUAGES CXX)
option(WITH_POSTGRESQL "add the target whose models PostgreSQL cannot keep" OFF)
if(WITH_POSTGRESQL)
    find_package(strata CONFIG REQUIRED COMPONENTS sqlite postgresql)
    add_executable(wide_pg main.cpp)
    add_migrations(wide_pg MODELS models/all.hpp DIRECTORY wide_pg_migrations NAMESPACE wide
                   DIALECTS sqlite postgresql)
    return()
endif()
find_package(strata CONFIG REQUIRED COMPONENTS sqlite)
set(CMAKE_POSITION_INDEPENDENT_CODE ON)

add_executable(exe_app main.cpp)
add_migrations(exe_app MODELS models/all.hpp DIRECTORY exe_migrations NAMESPACE exe)

add_library(stat_lib STATIC lib.cpp)
add_migrations(stat_lib MODELS models/all.hpp DIRECTORY stat_migrations NAMESPACE stat)
add_executable(stat_app main.cpp)
target_link_libraries(stat_app PRIVATE stat_lib strata::runtime)

add_library(shared_lib SHARED shared.cpp)
add_migrations(shared_lib MODELS models/all.hpp DIRECTORY shared_migrations NAMESPACE shared)
add_executable(shared_app shared_main.cpp)
target_link_libraries(shared_app PRIVATE shared_lib)

add_library(obj_lib OBJECT lib.cpp)
add_migrations(obj_lib MODELS models/all.hpp DIRECTORY obj_migrations NAMESPACE obj)
add_executable(obj_app main.cpp)
target_link_libraries(obj_app PRIVATE obj_lib strata::runtime)

add_executable(wide_app main.cpp)
add_migrations(wide_app MODELS models/all.hpp DIRECTORY wide_migrations NAMESPACE wide
               DIALECTS sqlite)
M

echo "== configure and build every kind"
cmake -S . -B build -G "$generator" "${package_args[@]}" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
    > "$work/configure.log" 2>&1 || fail "configure failed: $(cat "$work/configure.log")"
cmake --build build > "$work/build.log" 2>&1 || fail "build failed: $(tail -40 "$work/build.log")"

echo "== each target's revisions are compiled once"
for target in exe_app stat_lib shared_lib obj_lib wide_app; do
    count=$(python3 - "$work/app/build/compile_commands.json" "$target" <<'P'
import json, re, sys
entries = json.load(open(sys.argv[1]))
unit = re.compile(r"/strata/%s/(revisions|revisions_link)\.cpp$" % re.escape(sys.argv[2]))
print(sum(1 for e in entries if unit.search(e["file"])))
P
)
    [ "$count" = 1 ] || fail "$target's revisions are compiled $count times, not once"
done
# And the build did what compile_commands.json says: one object of obj_lib's aggregate,
# which obj_lib_migrate links.
objects=$(find build -name 'revisions.cpp.o' -path '*obj_lib*' | wc -l)
[ "$objects" = 1 ] || fail "obj_lib's revisions became $objects objects: $(find build -name 'revisions.cpp.o')"

echo "== every target and migrate tool migrates"
for app in exe_app stat_app shared_app obj_app wide_app; do
    ./build/$app "$work/$app.db" | grep -q 'applied 1 revision' || fail "$app did not migrate"
done
sqlite3 "$work/obj_app.db" '.tables' | grep -qw obj_items || fail "obj_app made no obj_items"
sqlite3 "$work/wide_app.db" 'PRAGMA table_info(readings)' \
    | grep -q 'a_column_name_seventy_two_bytes_long_which_postgresql_would_cut_short_xy' \
    || fail "the 72-byte column is not in the SQLite database"
for target in exe_app stat_lib shared_lib obj_lib; do
    ./build/${target}_migrate upgrade --url "sqlite:///$work/${target}_tool.db" > "$work/tool.log" 2>&1 \
        || fail "${target}_migrate upgrade failed: $(cat "$work/tool.log")"
    ./build/${target}_migrate current --url "sqlite:///$work/${target}_tool.db" | grep -q '(head)' \
        || fail "${target}_migrate did not bring its database to head"
done

echo "== the same models on PostgreSQL stop the build"
cp -r wide_migrations wide_pg_migrations
cmake -S . -B build-pg -G "$generator" "${package_args[@]}" -DWITH_POSTGRESQL=ON \
    > "$work/configure-pg.log" 2>&1 || fail "configure with PostgreSQL failed: $(cat "$work/configure-pg.log")"
if cmake --build build-pg > "$work/build-pg.log" 2>&1; then
    fail "a 72-byte column name built for PostgreSQL"
fi
grep -q "column 'a_column_name_seventy_two_bytes_long_which_postgresql_would_cut_short_xy' of table 'readings' is 72 bytes long; PostgreSQL keeps at most 63" \
    "$work/build-pg.log" || fail "no PostgreSQL limit error: $(tail -20 "$work/build-pg.log")"
echo "target kinds test passed"
