#!/usr/bin/env bash
# A program built with nothing but pkg-config and the compiler, against an installed
# strata: `pkg-config --cflags --libs strata-sqlite` must be all it takes to open a SQLite
# database through connect() (the backend registers itself only if the link keeps it).
#
# usage: pkg_config_test.sh <strata-install-prefix> <work-dir>
set -euo pipefail
prefix=$1
work=$2
fail() { echo "FAIL: $*" >&2; exit 1; }
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf "$work"
mkdir -p "$work"
cd "$work"
# <libdir>/pkgconfig: lib/<multiarch>/pkgconfig on Debian.
PKG_CONFIG_PATH=$(dirname "$(find "$prefix" -name strata.pc -path '*/pkgconfig/*' | head -1)")
export PKG_CONFIG_PATH

echo "== the .pc files are installed and name the version"
[ "$(pkg-config --modversion strata)" = "$(sed -n 's/^project(strata VERSION \([0-9.]*\).*/\1/p' "$source_dir/CMakeLists.txt")" ] \
    || fail "strata.pc has version '$(pkg-config --modversion strata)'"
pkg-config --exists strata-sqlite || fail "no strata-sqlite.pc: $(ls "$PKG_CONFIG_PATH")"

cat > main.cpp <<'C'
#include <strata/connection.hpp>
#include <strata/version.hpp>
#include <iostream>
int main(int argc, char** argv) {
    if (argc != 2) {
        return 2;
    }
    auto db = strata::connect(std::string("sqlite:///") + argv[1]);
    db->execute("CREATE TABLE made_by_pkg_config (id INTEGER PRIMARY KEY)");
    std::cout << "strata " << STRATA_VERSION_STRING << " (runtime " << strata::runtime_version()
              << ")\n";
}
C
echo "== compile and link with pkg-config's flags only"
# CXXFLAGS and LDFLAGS as a make rule would pass them: empty, except under
# `make test-sanitize`, whose strata is instrumented.
# shellcheck disable=SC2046,SC2086
c++ -std=c++20 ${CXXFLAGS:-} main.cpp -o app $(pkg-config --cflags --libs strata-sqlite) ${LDFLAGS:-} \
    || fail "the program did not build with: $(pkg-config --cflags --libs strata-sqlite)"
./app "$work/app.db" > out.txt || fail "the program failed: $(cat out.txt)"
grep -qx "strata \([0-9.]*\) (runtime \1)" out.txt || fail "version mismatch: $(cat out.txt)"
[ "$(sqlite3 "$work/app.db" "SELECT name FROM sqlite_master WHERE type = 'table'")" = made_by_pkg_config ] \
    || fail "the table was not created through connect()"

echo "== the program links no migrate command line (strata-cli is separate)"
nm -C app | grep -q 'strata::migrate_main' && fail "app contains strata::migrate_main"

echo "== a migrate tool with strata-cli"
cat > migrate.cpp <<'C'
#include <strata/cli.hpp>
int main(int argc, char** argv) {
    return strata::migrate_main(argc, argv);
}
C
# shellcheck disable=SC2046,SC2086
c++ -std=c++20 ${CXXFLAGS:-} migrate.cpp -o migrate $(pkg-config --cflags --libs strata-cli strata-sqlite) ${LDFLAGS:-} \
    || fail "the tool did not build with: $(pkg-config --cflags --libs strata-cli strata-sqlite)"
./migrate --help > help.txt 2>&1 || fail "migrate --help failed: $(cat help.txt)"
grep -q 'upgrade' help.txt || fail "migrate --help shows no commands: $(cat help.txt)"
echo "pkg-config test passed"
