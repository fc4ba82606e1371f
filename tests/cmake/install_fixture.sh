#!/usr/bin/env bash
# Installs the strata build into a fresh prefix, as `cmake --install` does for a user; the
# find_package consumer tests use it.
#
# usage: install_fixture.sh <strata-build-dir> <prefix>
set -euo pipefail
rm -rf "$2"
cmake --install "$1" --prefix "$2" >/dev/null
# lib/<multiarch> on Debian (the top-level CMakeLists.txt), lib elsewhere.
libdir=$(sed -n 's/^CMAKE_INSTALL_LIBDIR:PATH=//p' "$1/CMakeCache.txt")
for f in bin/strata $libdir/cmake/strata/strataConfig.cmake $libdir/cmake/strata/AddMigrations.cmake \
         $libdir/cmake/strata/strata-targets.cmake $libdir/cmake/strata/strata-sqlite-targets.cmake \
         $libdir/pkgconfig/strata.pc include/strata/backend.hpp; do
    [ -e "$2/$f" ] || { echo "FAIL: $f was not installed" >&2; exit 1; }
done
echo "installed strata into $2"
