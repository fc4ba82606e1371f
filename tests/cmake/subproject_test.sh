#!/usr/bin/env bash
# A scratch project builds strata from source, through add_subdirectory() or FetchContent
# (from a local archive of the source tree: no network), and uses the same add_migrations()
# on three targets side by side: each has its own migrations directory and takes its tables
# from one shared model header by NAMESPACE; the third is a static library that the
# executable catalog links. All build, migrate their own SQLite file, and a rebuild does
# nothing. A third program links strata::runtime without a backend and
# gets connect()'s message naming what to link.
#
# usage: subproject_test.sh add_subdirectory|fetchcontent <strata-source-dir> <cmake-generator>
#                           <work-dir> <strata-executable (to create two of the migrations directories)>
#                           [<cmake argument>...]
# With -DBUILD_SHARED_LIBS=ON strata's libraries are shared: the backends must survive the
# linker's --as-needed (Debian's default), and the program without one is still told.
set -euo pipefail
mode=$1
strata_source=$2
generator=$3
work=$4
strata=$5
shift 5
cmake_args=("$@")

fail() { echo "FAIL: $*" >&2; exit 1; }
script_dir=$(cd "$(dirname "$0")" && pwd)
revisions_of() { find "$work/app/$1/versions" -name '*.cpp' | wc -l; }

rm -rf "$work"
mkdir -p "$work/app/models"
cd "$work/app"
export SOURCE_DATE_EPOCH=1795666020

case "$mode" in
add_subdirectory)
    include_strata="add_subdirectory(\"$strata_source\" strata)"
    ;;
fetchcontent)
    # The working tree as a release archive would hold it: tracked and new files, no build
    # directories.
    if git -C "$strata_source" rev-parse --git-dir >/dev/null 2>&1; then
        (cd "$strata_source" && git ls-files --cached --others --exclude-standard -z | sort -zu \
            | xargs -0 -I{} sh -c '[ -e "{}" ] && printf "%s\0" "{}"' \
            | tar --null -T - -czf "$work/strata-src.tar.gz")
    else
        tar -C "$strata_source" --exclude='./build*' -czf "$work/strata-src.tar.gz" .
    fi
    include_strata="include(FetchContent)
FetchContent_Declare(strata URL \"file://$work/strata-src.tar.gz\" DOWNLOAD_EXTRACT_TIMESTAMP TRUE)
FetchContent_MakeAvailable(strata)"
    ;;
*) fail "unknown mode '$mode'" ;;
esac

cat > models/all.hpp <<'H'
#pragma once
// One header for two services; each target takes its namespace's tables.
#include <strata/annotations.hpp>
#include <cstdint>
#include <string>
namespace billing {
struct STRATA_TABLE(name = "invoices") Invoice {
    STRATA_COLUMN(primary_key) std::int64_t id;
    std::int64_t cents;
};
} // namespace billing
namespace auth {
struct STRATA_TABLE(name = "accounts") Account {
    STRATA_COLUMN(primary_key) std::int64_t id;
    STRATA_COLUMN(length = 80) std::string login;
};
} // namespace auth
namespace catalog {
struct STRATA_TABLE(name = "items") Item {
    STRATA_COLUMN(primary_key) std::int64_t id;
    STRATA_COLUMN(length = 40) std::string sku;
};
} // namespace catalog
H
cat > service.cpp <<'C'
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
cat > core_only.cpp <<'C'
#include <strata/connection.hpp>
#include <strata/error.hpp>
#include <iostream>
int main() {
    try {
        (void)strata::connect("sqlite:///never.db");
    } catch (const strata::error& e) {
        std::cout << e.what() << '\n';
        return 0;
    }
    return 1;
}
C
cat > CMakeLists.txt <<M
cmake_minimum_required(VERSION 3.20)
project(services LANGUAGES CXX)
$include_strata

add_executable(billing service.cpp)
add_migrations(billing MODELS models/all.hpp DIRECTORY billing_migrations NAMESPACE billing)
add_executable(auth service.cpp)
add_migrations(auth MODELS models/all.hpp DIRECTORY auth_migrations NAMESPACE auth DIALECTS sqlite)
# A static library holding the migrations; nothing in catalog references them.
add_library(catalog_models STATIC catalog_models.cpp)
add_migrations(catalog_models MODELS models/all.hpp DIRECTORY catalog_migrations NAMESPACE catalog)
add_executable(catalog service.cpp)
target_link_libraries(catalog PRIVATE catalog_models strata::runtime)

# Only the core: connect() must say which backend to link.
add_executable(core_only core_only.cpp)
target_link_libraries(core_only PRIVATE strata::runtime)
M

echo "== configure ($mode), build strata and both services"
# billing_migrations does not exist: as on a first FetchContent configure, where no strata
# binary exists yet to run `strata init`, the first build creates it (issue 14, item 3).
"$strata" init auth_migrations >/dev/null
"$strata" init catalog_migrations >/dev/null
echo 'int catalog_models_version() { return 1; }' > catalog_models.cpp
cmake -S . -B build -G "$generator" ${cmake_args[@]+"${cmake_args[@]}"} > "$work/configure.log" 2>&1 || fail "configure failed: $(cat "$work/configure.log")"
cmake --build build -j2 > "$work/build.log" 2>&1 || fail "build failed: $(tail -40 "$work/build.log")"

grep -q "add_migrations: 'billing_migrations' does not exist yet; the first build of 'billing' creates it" \
    "$work/configure.log" || fail "configure did not announce billing_migrations: $(cat "$work/configure.log")"
grep -qx 'database_url = sqlite:///billing.db' billing_migrations/strata.ini \
    || fail "the first build did not create billing_migrations: $(ls billing_migrations)"
echo "== as a subproject, strata leaves compile_commands.json to the including project"
[ -e build/compile_commands.json ] && fail "strata forced CMAKE_EXPORT_COMPILE_COMMANDS on as a subproject"

echo "== each target got one revision, with only its own namespace's tables"
[ "$(revisions_of billing_migrations)" -eq 1 ] || fail "billing has $(revisions_of billing_migrations) revisions"
[ "$(revisions_of auth_migrations)" -eq 1 ] || fail "auth has $(revisions_of auth_migrations) revisions"
grep -q 'create_table("invoices"' billing_migrations/versions/*.cpp || fail "billing lacks invoices"
grep -q 'accounts' billing_migrations/versions/*.cpp && fail "billing took auth's table"
grep -q 'create_table("accounts"' auth_migrations/versions/*.cpp || fail "auth lacks accounts"
grep -q 'invoices' auth_migrations/versions/*.cpp && fail "auth took billing's table"
[ "$(revisions_of catalog_migrations)" -eq 1 ] || fail "catalog_models has $(revisions_of catalog_migrations) revisions"
grep -q 'create_table("items"' catalog_migrations/versions/*.cpp || fail "catalog_models lacks items"

echo "== each service migrates its own SQLite file"
./build/billing "$work/billing.db" | grep -q 'applied 1 revision' || fail "billing did not migrate"
./build/auth "$work/auth.db" | grep -q 'applied 1 revision' || fail "auth did not migrate"
[ "$(sqlite3 "$work/billing.db" "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'strata%' ORDER BY name")" = invoices ] \
    || fail "billing.db holds the wrong tables"
[ "$(sqlite3 "$work/auth.db" "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'strata%' ORDER BY name")" = accounts ] \
    || fail "auth.db holds the wrong tables"
./build/catalog "$work/catalog.db" | grep -q 'applied 1 revision' || fail "catalog did not migrate from its static library"
[ "$(sqlite3 "$work/catalog.db" "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'strata%' ORDER BY name")" = items ] \
    || fail "catalog.db holds the wrong tables"
STRATA_DATABASE_URL="sqlite:///$work/catalog.db" ./build/catalog_models_migrate current | grep -q '(head)' \
    || fail "catalog_models_migrate current does not show head"

if [[ " ${cmake_args[*]-} " == *" -DBUILD_SHARED_LIBS=ON "* ]]; then
    echo "== shared: each program needs strata's shared backend it migrates with"
    readelf -d build/billing | grep -q 'NEEDED.*libstrata_sqlite\.so' \
        || fail "billing does not need libstrata_sqlite.so: $(readelf -d build/billing | grep NEEDED)"
    readelf -d build/catalog | grep -q 'NEEDED.*libstrata_sqlite\.so' \
        || fail "catalog does not need libstrata_sqlite.so: $(readelf -d build/catalog | grep NEEDED)"
    echo "== shared: the migrate command line is strata::cli, linked by billing_migrate only"
    readelf -d build/billing | grep -q 'NEEDED.*libstrata_cli\.so' \
        && fail "billing needs libstrata_cli.so: $(readelf -d build/billing | grep NEEDED)"
    readelf -d build/billing_migrate | grep -q 'NEEDED.*libstrata_cli\.so' \
        || fail "billing_migrate does not need libstrata_cli.so: $(readelf -d build/billing_migrate | grep NEEDED)"
    echo "== shared: versioned SONAMEs, and only the public API exported"
    for lib in runtime cli sqlite postgresql; do
        so=$(find build -name "libstrata_$lib.so" | head -1)
        [ -n "$so" ] || fail "libstrata_$lib.so was not built"
        readelf -d "$so" | grep -q "SONAME.*\[libstrata_$lib\.so\.0\.1\]" \
            || fail "$so has no versioned SONAME: $(readelf -d "$so" | grep SONAME)"
    done
    # Every shared library strata built (mysql too, when it was found): strata's API only,
    # no std::/fmt:: instantiations, nothing of strata::detail.
    mapfile -t libraries < <(find build -name 'libstrata_*.so' | sort)
    bash "$script_dir/exported_symbols.sh" "${libraries[@]}" || fail "a library exports more than strata's API"
fi

echo "== a program without a backend is told what to link"
./build/core_only | grep -qF "unsupported database url 'sqlite:///never.db': no backend for 'sqlite' is linked into this program (linked: none)" \
    || fail "core_only said: $(./build/core_only)"

echo "== a rebuild does nothing"
cmake --build build > "$work/rebuild.log" 2>&1 || fail "rebuild failed"
grep -q 'strata: checking' "$work/rebuild.log" && fail "a generator ran on a no-op build: $(cat "$work/rebuild.log")"
if [ "$generator" = Ninja ]; then
    grep -q 'no work to do' "$work/rebuild.log" || fail "a no-op build did work: $(cat "$work/rebuild.log")"
fi

echo "subproject test passed ($mode, $generator)"
