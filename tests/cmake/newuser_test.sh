#!/usr/bin/env bash
# What a new user meets following the docs (issue 14), on an installed strata through
# find_package, in the tutorial's `notes` project:
#   item 3   add_migrations() on a migrations directory that does not exist yet: configure
#            passes and the first build creates it, as `strata init` would;
#   item 7   target_link_libraries() with the plain signature, before and after
#            add_migrations();
#   item 5   strata.ini with inline comments and a version_table of its own: <app>_migrate
#            and the application's upgrade_to_head() use the same table and database;
#   item 6   a hand-written revision whose message has new lines, quotes and a backslash
#            compiles, with the tutorial's step-5 data migration (after the rename);
#   item 12  the revisions compile under -Wmissing-declarations -Werror, once per target;
#   item 2   CI mode's suggested command works when pasted, from another directory.
#
# usage: newuser_test.sh <strata-install-prefix> <cmake-generator> <work-dir>
set -euo pipefail
generator=$2
work=$3
source "$(dirname "$0")/package_args.sh"

rm -rf "$work"
mkdir -p "$work/app/models"
cd "$work/app"
export SOURCE_DATE_EPOCH=1795666020

cat > models/note.hpp <<'H'
#pragma once
#include <strata/annotations.hpp>
#include <cstdint>
#include <string>

struct STRATA_TABLE(name = "notes") Note {
    STRATA_COLUMN(primary_key) std::int64_t id;
    STRATA_COLUMN(length = 200) std::string title;
    std::string body;
};
H
cat > models/tag.hpp <<'H'
#pragma once
#include <strata/annotations.hpp>
#include <string>
struct STRATA_TABLE(name = "tags") Tag {
    STRATA_COLUMN(primary_key, length = 40) std::string name;
};
H
cat > main.cpp <<'C'
#include <strata/error.hpp>
#include <strata/migrator.hpp>
#include <iostream>

int main() {
    strata::migrate_options options;
    options.log = [](std::string_view line) { std::cout << line << '\n'; };
    try {
        strata::upgrade_to_head("sqlite:///notes.db", options);
    } catch (const strata::error& e) {
        std::cerr << "notes: " << e.what() << '\n';
        return 1;
    }
}
C
echo 'int tag_count() { return 0; }' > tags.cpp
cat > CMakeLists.txt <<'M'
cmake_minimum_required(VERSION 3.20)
project(notes LANGUAGES CXX)
find_package(strata CONFIG REQUIRED COMPONENTS sqlite)
find_package(Threads REQUIRED)
add_executable(notes main.cpp)
target_link_libraries(notes Threads::Threads)  # the plain signature, before add_migrations()
target_compile_features(notes PRIVATE cxx_std_20)
target_compile_options(notes PRIVATE -Wall -Wextra -Wmissing-declarations -Werror)
target_include_directories(notes PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
add_migrations(notes MODELS models/note.hpp DIRECTORY migrations)

add_library(tags STATIC tags.cpp)
target_include_directories(tags PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
add_migrations(tags MODELS models/tag.hpp DIRECTORY tag_migrations)
target_link_libraries(tags Threads::Threads)  # the plain signature, after add_migrations()
M

build() { cmake --build build > "$work/last-build.log" 2>&1; }

echo "== item 3: a first configure without the migrations directory; the build creates it"
cmake -S . -B build -G "$generator" "${package_args[@]}" > "$work/configure.log" 2>&1 \
    || fail "configure failed: $(cat "$work/configure.log")"
grep -q "add_migrations: 'migrations' does not exist yet; the first build of 'notes' creates it" \
    "$work/configure.log" || fail "configure did not say it will create the directory: $(cat "$work/configure.log")"
[ -e migrations ] && fail "configure wrote the migrations directory"
build || fail "first build failed: $(cat "$work/last-build.log")"
grep -q "strata: created migrations directory .*migrations (database_url = sqlite:///notes.db)" \
    "$work/last-build.log" || fail "the build did not say it created the directory: $(cat "$work/last-build.log")"
for f in strata.ini script.cpp.tmpl README.md versions/.gitkeep schema/notes.json; do
    [ -e "migrations/$f" ] || fail "migrations/$f is missing after the first build"
done
[ "$(count_revisions)" -eq 1 ] || fail "expected the first revision, found $(count_revisions)"
grep -q 'database_url = sqlite:///tags.db' tag_migrations/strata.ini || fail "tag_migrations has the wrong URL"
grep -q 'example.invalid' migrations/README.md && fail "migrations/README.md links example.invalid"

echo "== item 12: revisions.cpp is compiled once per target"
if [ "$generator" = Ninja ]; then
    compiles=$(ninja -C build -t commands | grep -c -- '-c [^ ]*strata/notes/revisions.cpp' || true)
    [ "$compiles" -eq 1 ] || fail "revisions.cpp of notes is compiled $compiles times"
fi

echo "== item 5: strata.ini with inline comments and its own version_table"
sed -i 's|^database_url = .*|database_url = sqlite:///notes.db   # the dev database|; s|^version_table = .*|version_table = notes_version   ; ours, not strata_version|' \
    migrations/strata.ini
build || fail "build after editing strata.ini failed: $(cat "$work/last-build.log")"
./build/notes_migrate upgrade > "$work/migrate.log" 2>&1 || fail "notes_migrate upgrade: $(cat "$work/migrate.log")"
ls | grep -q '#' && fail "a file named after the comment appeared: $(ls)"
[ -f notes.db ] || fail "notes_migrate did not use notes.db: $(ls)"
./build/notes > "$work/run.log" 2>&1 || fail "the app failed after notes_migrate upgrade: $(cat "$work/run.log")"
[ "$(sqlite3 notes.db "SELECT name FROM sqlite_master WHERE name LIKE '%version' ORDER BY name")" = notes_version ] \
    || fail "the version tables: $(sqlite3 notes.db "SELECT name FROM sqlite_master")"
./build/notes_migrate current | grep -q '(head)' || fail "notes_migrate current: $(./build/notes_migrate current)"

echo "== items 6 and 1: the tutorial's rename, then a hand-written data migration"
sed -i 's|STRATA_COLUMN(length = 200) std::string title;|STRATA_COLUMN(length = 200, name = "heading", renamed_from = "title") std::string title;|' models/note.hpp
build || fail "the rename did not build: $(cat "$work/last-build.log")"
"$strata_bin" revision -d migrations -m $'fill in empty titles\nsecond line "quoted" C:\\' > "$work/revision.log" \
    || fail "strata revision -m failed: $(cat "$work/revision.log")"
data=$(ls migrations/versions/*_fill_in_empty_titles_*.cpp)
# The tutorial's step 5, on the column as step 4 renamed it.
sed -i "0,/    \/\/ No schema changes./s//    op.execute(\"UPDATE notes SET heading = 'untitled' WHERE heading = ''\");/" "$data"
grep -q 'UPDATE notes SET heading' "$data" || fail "the data migration was not written into upgrade()"
sqlite3 notes.db "INSERT INTO notes (id, title, body) VALUES (1, '', 'b')"
build || fail "the hand-written revision broke the build: $(cat "$work/last-build.log")"
./build/notes > "$work/run.log" 2>&1 || fail "the app failed: $(cat "$work/run.log")"
grep -q ', fill in empty titles (' "$work/run.log" || fail "the data migration did not run: $(cat "$work/run.log")"
[ "$(sqlite3 notes.db 'SELECT heading FROM notes WHERE id = 1')" = untitled ] || fail "the data migration did nothing"

echo "== item 2: CI mode suggests a command that works when pasted"
cmake -S . -B build -DSTRATA_AUTOGENERATE=OFF > /dev/null
sed -i 's|std::string body;|std::string body;\n    STRATA_COLUMN(default = "0") std::int32_t priority;|' models/note.hpp
before=$(count_revisions)
if build; then fail "CI mode passed with a changed model"; fi
grep -q 'the models differ from the schema snapshot, and autogeneration is off' "$work/last-build.log" \
    || fail "CI-mode message missing: $(cat "$work/last-build.log")"
command=$(grep -o 'note: run `[^`]*`' "$work/last-build.log" | head -1 | sed 's/^note: run `//; s/`$//')
[ -n "$command" ] || fail "no command in: $(cat "$work/last-build.log")"
(cd / && bash -c "$command") > "$work/pasted.log" 2>&1 || fail "the pasted command failed: $command: $(cat "$work/pasted.log")"
[ "$(count_revisions)" -eq $((before + 1)) ] || fail "the pasted command wrote no revision"
build || fail "CI mode failed after the revision was written: $(cat "$work/last-build.log")"
./build/notes > "$work/run.log" 2>&1 || fail "the app failed: $(cat "$work/run.log")"
sqlite3 notes.db 'PRAGMA table_info(notes)' | grep -Eq '[|]priority[|]INT(EGER)?[|]1[|]' || fail "priority missing"

echo "newuser test passed ($generator)"
