#!/usr/bin/env bash
# Installs the strata build into a fresh prefix, as `cmake --install` does for a user; the
# find_package consumer tests use it.
#
# usage: install_fixture.sh <strata-build-dir> <prefix>
set -euo pipefail
rm -rf "$2"
cmake --install "$1" --prefix "$2" >/dev/null
for f in bin/strata lib/cmake/strata/strataConfig.cmake lib/cmake/strata/AddMigrations.cmake \
         lib/cmake/strata/strata-targets.cmake lib/cmake/strata/strata-sqlite-targets.cmake \
         include/strata/backend.hpp; do
    [ -e "$2/$f" ] || { echo "FAIL: $f was not installed" >&2; exit 1; }
done
echo "installed strata into $2"
