#!/usr/bin/env bash
# Runs a documentation page's code blocks (run_docs.py) in a fresh project, as a new user
# following it to the letter would, against one way of getting strata:
#
#   installed      the prefix the cmake_install fixture filled (/opt/strata on the page)
#   fetchcontent   a git repository made from this working tree, branch main, fetched by
#                  the project's own build (/path/to/strata on the page)
#
# The page's PostgreSQL URL becomes a fresh database on the tests' throwaway server.
#
# usage: docs_test.sh <page.md> <variant> <work-dir> <install-prefix> <source-dir> <pg-url-file>
set -euo pipefail
page=$1
variant=$2
work=$3
prefix=$4
source_dir=$5
pg_url_file=$6
here=$(cd "$(dirname "$0")" && pwd)

fail() { echo "FAIL: $*" >&2; exit 1; }
rm -rf "$work"
mkdir -p "$work"
# Nothing from the caller's shell decides what the page's commands do.
unset STRATA_DATABASE_URL CMAKE_PREFIX_PATH CMAKE_GENERATOR CMAKE_BUILD_TYPE strata_DIR

substitutions=(--subst "/opt/strata=$prefix")
if [ "$variant" = fetchcontent ]; then
    # The working tree as it is (tracked and new files, no build directories), committed
    # on branch main of a repository of its own: the page's GIT_TAG main.
    repo=$work/strata.git
    mkdir -p "$repo"
    (cd "$source_dir" && git ls-files --cached --others --exclude-standard -z | sort -zu \
        | xargs -0 -I{} sh -c '[ -e "{}" ] && printf "%s\0" "{}"' \
        | tar --null -T - -cf -) | tar -C "$repo" -xf -
    git -C "$repo" init -q -b main
    git -C "$repo" add -A
    git -C "$repo" -c user.name=docs-test -c user.email=docs-test@localhost commit -qm snapshot
    substitutions+=(--subst "/path/to/strata=$repo")
fi

# The page's PostgreSQL URL: a database of this run's own on the test server.
server_url=$(cat "$pg_url_file")
database=docs_$(basename "$page" .md)_$variant
psql "$server_url" -qX -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS $database" \
    -c "CREATE DATABASE $database" >/dev/null || fail "cannot create database $database"
substitutions+=(--subst "postgresql://notes:secret@localhost:5432/notes=${server_url%/*}/$database")

status=0
"${PYTHON:-python3}" "$here/run_docs.py" "$page" --variant "$variant" --project "$work/project" \
    "${substitutions[@]}" 2>&1 | tee "$work/run.log" || status=$?
# The fetched flow configures before any `strata` program exists, which needs
# add_migrations() to accept a migrations directory that is not there yet (issue 14, item 3).
# Until a strata has that, this one known blocker skips the run (ctest SKIP_RETURN_CODE 77)
# instead of failing it; every other failure fails.
if [ "$status" -ne 0 ] && [ "$variant" = fetchcontent ] \
    && tr -s ' \n' ' ' < "$work/run.log" | grep -q "is not a migrations directory (it has no strata.ini)"; then
    echo "SKIPPED: this strata's add_migrations() still needs the migrations directory at the first configure"
    exit 77
fi
exit "$status"
