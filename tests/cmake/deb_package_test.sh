#!/usr/bin/env bash
# `make package`'s Debian package, as a user gets it: CPack builds the .deb from this build
# tree, its control fields are checked, and it is unpacked (dpkg-deb -x: a test must not
# install into the machine's /usr) into a root whose usr/ a scratch project then uses with
# find_package(strata): the tool, add_migrations(), a build, a migrated SQLite file, and
# --version from both command lines.
#
# usage: deb_package_test.sh <strata-build-dir> <work-dir>
set -euo pipefail
build_dir=$1
work=$2
fail() { echo "FAIL: $*" >&2; exit 1; }
rm -rf "$work"
mkdir -p "$work/out" "$work/root" "$work/app/models"
version=$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$build_dir/CPackConfig.cmake")
[ -n "$version" ] || fail "no CPACK_PACKAGE_VERSION in $build_dir/CPackConfig.cmake"

echo "== cpack -G DEB"
(cd "$build_dir" && cpack -G DEB -B "$work/out") > "$work/cpack.log" 2>&1 \
    || fail "cpack failed: $(tail -30 "$work/cpack.log")"
deb=$(find "$work/out" -maxdepth 1 -name "strata_${version}_*.deb")
[ -f "$deb" ] || fail "no strata_${version}_<arch>.deb in $work/out: $(ls "$work/out")"

echo "== control fields"
[ "$(dpkg-deb -f "$deb" Package)" = strata ] || fail "Package is '$(dpkg-deb -f "$deb" Package)'"
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail "Version is '$(dpkg-deb -f "$deb" Version)'"
depends=$(dpkg-deb -f "$deb" Depends)
for needed in libfmt-dev libsqlite3-dev libclang; do
    grep -q "$needed" <<<"$depends" || fail "Depends lacks $needed: $depends"
done
dpkg-deb -c "$deb" > "$work/contents.txt"
grep -q '\./usr/share/doc/strata/LICENSE$' "$work/contents.txt" || fail "the package has no LICENSE"

echo "== unpacked: find_package(strata) from its usr/"
dpkg-deb -x "$deb" "$work/root"
usr=$work/root/usr
# Libraries, CMake package and pkg-config files in Debian's multiarch directory, as
# GNUInstallDirs puts them for the /usr prefix.
multiarch=$(gcc -print-multiarch)
[ -n "$multiarch" ] || fail "gcc -print-multiarch printed nothing"
libdir=lib/$multiarch
for f in bin/strata include/strata/version.hpp $libdir/cmake/strata/strataConfig.cmake \
         $libdir/libstrata_runtime.a $libdir/libstrata_sqlite.a $libdir/libstrata_cli.a \
         $libdir/pkgconfig/strata.pc $libdir/pkgconfig/strata-sqlite.pc \
         $libdir/pkgconfig/strata-cli.pc include/strata/sqlite.hpp include/strata/cli.hpp; do
    [ -e "$usr/$f" ] || fail "the package lacks /usr/$f"
done
stray=$(find "$usr/lib" -maxdepth 2 \( -name 'libstrata*' -o -name '*.pc' -o -name strata \) \
        -not -path "$usr/$libdir/*")
[ -z "$stray" ] || fail "the package has strata files outside /usr/$libdir: $stray"
# The pkg-config file points at the multiarch directory, relative to itself.
[ "$(PKG_CONFIG_PATH=$usr/$libdir/pkgconfig pkg-config --variable=libdir strata \
    | xargs realpath)" = "$(realpath "$usr/$libdir")" ] \
    || fail "strata.pc's libdir is $(PKG_CONFIG_PATH=$usr/$libdir/pkgconfig pkg-config --variable=libdir strata)"
# strata's internal headers (strata_internal) are not part of the API.
[ ! -e "$usr/include/strata/detail" ] || fail "the package installs include/strata/detail"
"$usr/bin/strata" --version | grep -qx "strata $version" || fail "strata --version: $("$usr/bin/strata" --version)"

cd "$work/app"
"$usr/bin/strata" init migrations --url "sqlite:///$work/app.db" >/dev/null
cat > models/item.hpp <<'H'
#pragma once
#include <strata/annotations.hpp>
#include <cstdint>
#include <string>
struct STRATA_TABLE(name = "items") Item {
    STRATA_COLUMN(primary_key) std::int64_t id;
    std::string name;
};
H
cat > main.cpp <<'C'
#include <strata/migrator.hpp>
#include <iostream>
int main(int argc, char** argv) {
    auto report = strata::upgrade_to_head(std::string("sqlite:///") + argv[argc - 1]);
    std::cout << "applied " << report.steps.size() << " revision(s)\n";
}
C
cat > CMakeLists.txt <<'M'
cmake_minimum_required(VERSION 3.20)
project(from_deb LANGUAGES CXX)
find_package(strata CONFIG REQUIRED COMPONENTS sqlite)
add_executable(app main.cpp)
add_migrations(app MODELS models/item.hpp DIRECTORY migrations DIALECTS sqlite)
M
cmake -S . -B build -G Ninja -DCMAKE_PREFIX_PATH="$usr" > "$work/configure.log" 2>&1 \
    || fail "configure against the package failed: $(cat "$work/configure.log")"
grep -q "$usr/$libdir/cmake/strata" build/CMakeCache.txt || fail "strata was not found in the package's /usr/$libdir"
cmake --build build > "$work/build.log" 2>&1 || fail "build failed: $(tail -30 "$work/build.log")"
./build/app "$work/app.db" | grep -q 'applied 1 revision' || fail "the app did not migrate"
sqlite3 "$work/app.db" 'PRAGMA table_info(items)' | grep -q '|name|TEXT|' || fail "items.name missing"
./build/app_migrate --version | grep -qx "app_migrate (strata $version)" \
    || fail "app_migrate --version: $(./build/app_migrate --version)"
echo "deb package test passed ($(basename "$deb"))"
