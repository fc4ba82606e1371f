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
# The installed strata finds its own strata/annotations.hpp (<prefix>/include) for a scan
# by hand, without --compiler-arg -I: the depfile names the header it read.
scratch=$(mktemp -d) && trap 'rm -rf "$scratch"' EXIT
printf '#include <strata/annotations.hpp>\n#include <cstdint>\nstruct STRATA_TABLE() Note {\n    STRATA_COLUMN(primary_key) std::int64_t id;\n};\n' > "$scratch/note.hpp"
"$2/bin/strata" build -d "$scratch/migrations" --init-url sqlite:///app.db --model "$scratch/note.hpp" \
    --aggregate "$scratch/all.cpp" --depfile "$scratch/all.d" --stamp "$scratch/stamp" >/dev/null \
    || { echo "FAIL: the installed strata cannot scan a model without -I" >&2; exit 1; }
grep -qF "$(cd "$2" && pwd)/include/strata/annotations.hpp" "$scratch/all.d" \
    || { echo "FAIL: the installed strata did not read its own annotations.hpp: $(cat "$scratch/all.d")" >&2; exit 1; }
echo "installed strata into $2"
