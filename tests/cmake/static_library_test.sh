#!/usr/bin/env bash
# A scratch project keeps its models in a STATIC library and calls add_migrations() on it:
# find_package(strata CONFIG COMPONENTS sqlite), shop_models (static, with the models and
# the migrations) linked PRIVATE by shop_core (static), linked by the executable shop.
# Nothing in shop references the revisions, so without the link anchor the linker would
# drop them and shop would create no table. The script checks that shop migrates a real
# SQLite file at start-up, that shop_models_migrate reads it, that a model change is
# compiled into shop in the same build, and that a rebuild with no change does nothing.
#
# usage: static_library_test.sh <strata-install-prefix or strata-build-dir> <cmake-generator>
#                               <work-dir>
set -euo pipefail
generator=$2
work=$3
source "$(dirname "$0")/package_args.sh"

tables_of() {
    sqlite3 "$1" "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'strata%' ORDER BY name" \
        | tr '\n' ' '
}

rm -rf "$work"
mkdir -p "$work/app/models"
cd "$work/app"
export SOURCE_DATE_EPOCH=1795666020

"$strata_bin" init migrations --url "sqlite:///$work/shop.db" >/dev/null
cat > models/shop.hpp <<'H'
#pragma once
#include <strata/annotations.hpp>
#include <cstdint>
#include <string>
namespace shop {
struct STRATA_TABLE(name = "products") Product {
    STRATA_COLUMN(primary_key) std::int64_t id;
    STRATA_COLUMN(length = 120) std::string title;
};
struct STRATA_TABLE(name = "orders") Order {
    STRATA_COLUMN(primary_key) std::int64_t id;
    std::int64_t product_id;
};
} // namespace shop
H
# The library's own code: the models library is more than the revisions.
cat > models/shop.cpp <<'C'
#include "models/shop.hpp"
namespace shop {
std::string describe(const Product& p) { return p.title; }
} // namespace shop
C
cat > core.cpp <<'C'
#include <strata/migrator.hpp>
#include <string>
namespace shop {
std::size_t open_store(const std::string& path) {
    return strata::upgrade_to_head("sqlite:///" + path).steps.size();
}
} // namespace shop
C
cat > main.cpp <<'C'
#include <cstddef>
#include <iostream>
#include <string>
namespace shop {
std::size_t open_store(const std::string& path);
}
int main(int argc, char** argv) {
    if (argc != 2) {
        return 2;
    }
    std::cout << "applied " << shop::open_store(argv[1]) << " revision(s)\n";
}
C
cat > CMakeLists.txt <<'M'
cmake_minimum_required(VERSION 3.20)
project(shop LANGUAGES CXX)
# A project written for an older CMake: link options would not cross shop_core's PRIVATE
# link to shop_models (policy CMP0099 OLD); the anchor must reach shop all the same.
if(SHOP_OLD_LINK_POLICY)
    cmake_policy(SET CMP0099 OLD)
endif()
find_package(strata CONFIG REQUIRED COMPONENTS sqlite)
add_library(shop_models STATIC models/shop.cpp)
target_include_directories(shop_models PUBLIC $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}>)
target_compile_features(shop_models PUBLIC cxx_std_20)
add_migrations(shop_models MODELS models/shop.hpp DIRECTORY migrations DIALECTS sqlite)
# shop reaches shop_models only through another static library's PRIVATE link.
add_library(shop_core STATIC core.cpp)
target_link_libraries(shop_core PRIVATE shop_models strata::runtime)
add_executable(shop main.cpp)
target_link_libraries(shop PRIVATE shop_core)
M

build() { cmake --build build 2>&1 | tee "$work/last-build.log"; }

echo "== configure and first build ($generator): the static library gets the first revision"
cmake -S . -B build -G "$generator" "${package_args[@]}" > "$work/configure.log" 2>&1 \
    || fail "configure failed: $(cat "$work/configure.log")"
build >/dev/null || fail "build failed: $(tail -40 "$work/last-build.log")"
[ "$(count_revisions)" -eq 1 ] || fail "expected 1 revision after the first build, found $(count_revisions)"
grep -q 'create_table("products"' migrations/versions/*.cpp || fail "the revision lacks products"

echo "== the executable linking the static library migrates at start-up"
./build/shop "$work/shop.db" | grep -q 'applied 1 revision' \
    || fail "shop did not apply the library's revision: $(./build/shop "$work/shop.db" 2>&1)"
[ "$(tables_of "$work/shop.db")" = "orders products " ] || fail "shop.db holds: $(tables_of "$work/shop.db")"
sqlite3 "$work/shop.db" 'PRAGMA table_info(products)' | grep -q '|title|VARCHAR(120)|' || fail "products.title missing"

echo "== the same with policy CMP0099 OLD (a project written for CMake < 3.17)"
cmake -S . -B build-old-policy -G "$generator" "${package_args[@]}" -DSHOP_OLD_LINK_POLICY=ON \
    > "$work/configure-old.log" 2>&1 || fail "configure failed: $(cat "$work/configure-old.log")"
cmake --build build-old-policy > "$work/build-old.log" 2>&1 || fail "build failed: $(tail -40 "$work/build-old.log")"
./build-old-policy/shop "$work/old-policy.db" | grep -q 'applied 1 revision' \
    || fail "with CMP0099 OLD shop did not apply the library's revision"

echo "== <lib>_migrate reads the same database"
out=$(./build/shop_models_migrate current 2>&1) || fail "shop_models_migrate current failed: $out"
version=$(sqlite3 "$work/shop.db" 'SELECT version_num FROM strata_version')
grep -qF "$version (head)" <<<"$out" || fail "current does not show '$version (head)': $out"

echo "== a rebuild with no change does nothing"
build >/dev/null
if [ "$generator" = Ninja ]; then
    grep -q 'no work to do' "$work/last-build.log" || fail "a no-op build did work: $(cat "$work/last-build.log")"
fi
grep -q 'strata: checking' "$work/last-build.log" && fail "the generator ran on a no-op build"

echo "== a model change: one new revision, linked into shop in the same build"
sed -i 's|std::int64_t product_id;|std::int64_t product_id;\n    STRATA_COLUMN(default = "1") std::int64_t quantity;|' models/shop.hpp
build >/dev/null || fail "build failed: $(tail -40 "$work/last-build.log")"
[ "$(count_revisions)" -eq 2 ] || fail "expected 2 revisions after changing the model, found $(count_revisions)"
./build/shop "$work/shop.db" | grep -q 'applied 1 revision' || fail "shop did not apply the new revision"
sqlite3 "$work/shop.db" 'PRAGMA table_info(orders)' | grep -q '|quantity|' || fail "orders.quantity missing"
./build/shop_models_migrate current | grep -q "(head)" || fail "shop_models_migrate does not see the new head"
build >/dev/null
grep -q 'strata: checking' "$work/last-build.log" && fail "the generator ran on the no-op build after a change"
[ "$(count_revisions)" -eq 2 ] || fail "a rebuild wrote another revision"

echo "== a second executable linking the library migrates a fresh file"
cat >> CMakeLists.txt <<'M'
add_executable(shop_tool main.cpp)
target_link_libraries(shop_tool PRIVATE shop_core)
M
build >/dev/null || fail "build failed: $(tail -40 "$work/last-build.log")"
./build/shop_tool "$work/tool.db" | grep -q 'applied 2 revision' || fail "shop_tool did not apply both revisions"
[ "$(tables_of "$work/tool.db")" = "orders products " ] || fail "tool.db holds: $(tables_of "$work/tool.db")"

echo "== the library installed and exported: a project that imports it migrates with it"
cat >> CMakeLists.txt <<'M'
install(TARGETS shop_models EXPORT shop-targets ARCHIVE DESTINATION lib)
install(EXPORT shop-targets NAMESPACE shop:: DESTINATION lib/cmake/shop)
install(FILES shopConfig.cmake DESTINATION lib/cmake/shop)
M
cat > shopConfig.cmake <<'M'
include(CMakeFindDependencyMacro)
find_dependency(strata CONFIG COMPONENTS sqlite)
include("${CMAKE_CURRENT_LIST_DIR}/shop-targets.cmake")
M
cmake -S . -B build > "$work/configure.log" 2>&1 || fail "configure failed: $(cat "$work/configure.log")"
build >/dev/null || fail "build failed: $(tail -40 "$work/last-build.log")"
cmake --install build --prefix "$work/shop-prefix" >/dev/null
mkdir -p "$work/user"
cat > "$work/user/main.cpp" <<'C'
#include <strata/migrator.hpp>
#include <iostream>
int main(int argc, char** argv) {
    auto report = strata::upgrade_to_head(std::string("sqlite:///") + argv[1]);
    std::cout << "applied " << report.steps.size() << " revision(s)\n";
}
C
cat > "$work/user/CMakeLists.txt" <<'M'
cmake_minimum_required(VERSION 3.20)
project(user LANGUAGES CXX)
find_package(shop CONFIG REQUIRED)
add_executable(user main.cpp)
target_link_libraries(user PRIVATE shop::shop_models strata::runtime)
M
cmake -S "$work/user" -B "$work/user/build" -G "$generator" "${package_args[@]}" \
    -Dshop_DIR="$work/shop-prefix/lib/cmake/shop" > "$work/user-configure.log" 2>&1 \
    || fail "the importing project did not configure: $(cat "$work/user-configure.log")"
cmake --build "$work/user/build" > "$work/user-build.log" 2>&1 \
    || fail "the importing project did not build: $(tail -40 "$work/user-build.log")"
"$work/user/build/user" "$work/user.db" | grep -q 'applied 2 revision' \
    || fail "the installed library's revisions did not reach the importing program"
[ "$(tables_of "$work/user.db")" = "orders products " ] || fail "user.db holds: $(tables_of "$work/user.db")"

echo "static library test passed ($generator)"
