#!/usr/bin/env bash
# A database of its own on the test PostgreSQL server, for tests that are scripts or
# separate programs (C++ tests use pg_test_server.hpp instead).
#
#   pg_database.sh create NAME   creates database NAME (dropping an old one) and prints its URL
#   pg_database.sh drop NAME     drops it (WITH (FORCE): leftover connections do not matter)
#
# The server is STRATA_TEST_POSTGRES_URL, else the URL in the file named by
# STRATA_TEST_POSTGRES_URL_FILE (set by strata_requires_postgresql() in CMake).
set -euo pipefail
[[ $# -eq 2 && ( $1 == create || $1 == drop ) ]] || { echo "usage: $0 create|drop NAME" >&2; exit 2; }
name=$2
[[ $name =~ ^[a-z_][a-z0-9_]*$ ]] || { echo "pg_database: invalid database name '$name'" >&2; exit 2; }
url=${STRATA_TEST_POSTGRES_URL:-}
if [[ -z $url && -n ${STRATA_TEST_POSTGRES_URL_FILE:-} && -s ${STRATA_TEST_POSTGRES_URL_FILE} ]]; then
    url=$(head -n 1 "$STRATA_TEST_POSTGRES_URL_FILE")
fi
if [[ -z $url ]]; then
    echo "pg_database: error: no PostgreSQL test server (set STRATA_TEST_POSTGRES_URL, or run the" \
        "test under ctest with strata_requires_postgresql())" >&2
    exit 1
fi
psql=$(command -v psql || ls /usr/lib/postgresql/*/bin/psql 2>/dev/null | sort -V | tail -n 1)
run() { "$psql" "$url" -v ON_ERROR_STOP=1 -qAt -c "$1" >/dev/null; }
run "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)"
if [[ $1 == create ]]; then
    run "CREATE DATABASE \"$name\""
    # The server URL with its database name replaced (query parameters kept).
    prefix=${url%%\?*}
    query=${url#"$prefix"}
    authority=${prefix#*://}
    scheme=${prefix%%://*}
    echo "$scheme://${authority%%/*}/$name$query"
fi
