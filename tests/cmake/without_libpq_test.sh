#!/usr/bin/env bash
# strata on a machine without libpq-dev (and libmariadb-dev), as a SQLite-only user has it:
# find_package(PostgreSQL) and find_package(MariaDBClient) are made to find nothing
# (CMAKE_DISABLE_FIND_PACKAGE_<name>). The default
# (STRATA_WITH_POSTGRESQL=AUTO) configures without the backend and says so; the package
# then offers only sqlite; STRATA_WITH_POSTGRESQL=ON fails and says what to do; OFF does
# not even look.
#
# usage: without_libpq_test.sh <strata-source-dir> <work-dir>
set -euo pipefail
source_dir=$1
work=$2
fail() { echo "FAIL: $*" >&2; exit 1; }
rm -rf "$work"
mkdir -p "$work"
common=(-G Ninja -DSTRATA_BUILD_TESTS=OFF -DSTRATA_BUILD_EXAMPLE=OFF
        -DCMAKE_DISABLE_FIND_PACKAGE_PostgreSQL=ON -DCMAKE_DISABLE_FIND_PACKAGE_MariaDBClient=ON)

echo "== AUTO: configures, PostgreSQL backend off"
cmake -S "$source_dir" -B "$work/auto" "${common[@]}" > "$work/auto.log" 2>&1 \
    || fail "configure without libpq failed: $(cat "$work/auto.log")"
grep -q "strata: postgresql backend off (PostgreSQL not found" "$work/auto.log" \
    || fail "no message that the backend is off: $(cat "$work/auto.log")"
grep -q "strata: mysql backend off (MariaDBClient not found" "$work/auto.log" \
    || fail "no message that the mysql backend is off: $(cat "$work/auto.log")"
grep -q "strata: sqlite backend on" "$work/auto.log" || fail "the sqlite backend is not on"
grep -q 'libstrata_postgresql' "$work/auto/build.ninja" && fail "the PostgreSQL backend is still built"
grep -q 'libstrata_sqlite' "$work/auto/build.ninja" || fail "the SQLite backend is not built"
grep -q '_strata_backends "sqlite"' "$work/auto/strataConfig.cmake" \
    || fail "the package config offers other backends: $(grep _strata_backends "$work/auto/strataConfig.cmake")"

echo "== ON: fails, naming what to install"
if cmake -S "$source_dir" -B "$work/on" "${common[@]}" -DSTRATA_WITH_POSTGRESQL=ON > "$work/on.log" 2>&1; then
    fail "configure passed with STRATA_WITH_POSTGRESQL=ON and no libpq"
fi
tr -s ' \n' ' ' < "$work/on.log" | grep -qF "STRATA_WITH_POSTGRESQL is ON, but PostgreSQL was not found; install its development package" \
    || fail "unclear message: $(cat "$work/on.log")"

echo "== OFF: leaves it out without looking; a bad value is refused"
cmake -S "$source_dir" -B "$work/off" -G Ninja -DSTRATA_BUILD_TESTS=OFF -DSTRATA_BUILD_EXAMPLE=OFF \
    -DSTRATA_WITH_POSTGRESQL=OFF > "$work/off.log" 2>&1 || fail "configure with OFF failed: $(cat "$work/off.log")"
grep -q 'libstrata_postgresql' "$work/off/build.ninja" && fail "OFF still builds the PostgreSQL backend"
if cmake -S "$source_dir" -B "$work/bad" "${common[@]}" -DSTRATA_WITH_POSTGRESQL=maybe > "$work/bad.log" 2>&1; then
    fail "configure passed with STRATA_WITH_POSTGRESQL=maybe"
fi
grep -q "STRATA_WITH_POSTGRESQL is 'maybe'; expected AUTO, ON or OFF" "$work/bad.log" \
    || fail "unclear message: $(cat "$work/bad.log")"
echo "without-libpq test passed"
