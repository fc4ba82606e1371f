#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests: Debian's server binaries, 127.0.0.1 only,
# a port of its own and a data directory under the build tree.
#
#   pg_server.sh start DIR PORT   initdb + pg_ctl start; writes the server's URL to DIR/url
#   pg_server.sh stop DIR         pg_ctl stop (immediate) and removes the data directory
#
# PORT is where the search for a free port starts: another build tree (or another
# checkout) may run its own server at the same time, so the first port postgres can bind
# in PORT..PORT+49 wins, and DIR/url says which. Tests read that file (see
# pg_test_server.hpp); STRATA_TEST_POSTGRES_URL, when set, replaces all of this.
#
# PostgreSQL refuses to run as root, and CI runs as root: then the server runs as the
# unprivileged user strata_pg (created with useradd if missing; `nobody` as a fallback),
# which owns the data directory.
set -euo pipefail

usage() {
    echo "usage: $0 start DIR PORT | stop DIR" >&2
    exit 2
}
[[ $# -ge 2 ]] || usage
command=$1
dir=$2
data="$dir/data"
log="$dir/server.log"

if [[ -n "${STRATA_TEST_POSTGRES_URL:-}" ]]; then
    # An existing server was given: nothing to start or stop. The URL file still names
    # it, so every test finds the server the same way.
    if [[ $command == start ]]; then
        mkdir -p "$dir"
        printf '%s\n' "$STRATA_TEST_POSTGRES_URL" >"$dir/url"
        echo "pg_server: using the existing server from STRATA_TEST_POSTGRES_URL"
    fi
    exit 0
fi

find_bindir() {
    if [[ -n "${STRATA_PG_BINDIR:-}" ]]; then
        echo "$STRATA_PG_BINDIR"
        return
    fi
    local candidate
    for candidate in /usr/lib/postgresql/15/bin $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -Vr); do
        if [[ -x "$candidate/initdb" && -x "$candidate/pg_ctl" ]]; then
            echo "$candidate"
            return
        fi
    done
    echo "pg_server: error: no PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql/*/bin;" \
        "install Debian's 'postgresql' package (scripts/packages.txt) or set STRATA_TEST_POSTGRES_URL" >&2
    exit 1
}

# Prints the user the server runs as; empty means the current user.
server_user() {
    if [[ $(id -u) -ne 0 ]]; then
        return
    fi
    if ! id strata_pg >/dev/null 2>&1; then
        useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin \
            strata_pg >/dev/null 2>&1 || true
    fi
    if id strata_pg >/dev/null 2>&1; then
        echo strata_pg
    else
        echo nobody
    fi
}

# Runs "$@" as the server user.
as_server_user() {
    if [[ -n "$user" ]]; then
        runuser -u "$user" -- "$@"
    else
        "$@"
    fi
}

bindir=$(find_bindir)
user=$(server_user)

stop_server() {
    if [[ -f "$data/postmaster.pid" ]]; then
        # Immediate: the data is thrown away anyway, and a test that is still connected
        # must not keep the server alive.
        as_server_user "$bindir/pg_ctl" stop -D "$data" -m immediate -w >/dev/null 2>&1 || true
    fi
    rm -rf "$data"
}

case $command in
start)
    [[ $# -eq 3 ]] || usage
    first_port=$3
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    data="$dir/data"
    log="$dir/server.log"
    stop_server # a server left over by an interrupted run
    rm -f "$dir/url"
    if [[ -n "$user" ]]; then
        chown "$user" "$dir"
        if ! runuser -u "$user" -- test -w "$dir"; then
            echo "pg_server: error: user '$user' cannot write '$dir' (a parent directory is not" \
                "searchable by others?); build in a directory that others can enter, or set" \
                "STRATA_TEST_POSTGRES_URL to an existing server" >&2
            exit 1
        fi
    fi
    password=strata_test_password
    printf '%s\n' "$password" >"$dir/pwfile"
    [[ -z "$user" ]] || chown "$user" "$dir/pwfile"
    # Password authentication over TCP, as in production, so the tests exercise URLs with
    # passwords (and their masking); trust on the local socket, which is not created.
    if ! as_server_user "$bindir/initdb" -D "$data" -U strata --pwfile="$dir/pwfile" \
        --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1; then
        echo "pg_server: error: initdb failed; its output:" >&2
        cat "$dir/initdb.log" >&2
        exit 1
    fi
    rm -f "$dir/pwfile"
    cat >>"$data/postgresql.conf" <<CONF
# strata test server: local only, no unix socket, durability traded for speed.
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
    for ((port = first_port; port < first_port + 50; ++port)); do
        if as_server_user "$bindir/pg_ctl" start -D "$data" -l "$log" -w -t 60 -o "-p $port" >/dev/null 2>&1; then
            url="postgresql://strata:$password@127.0.0.1:$port/postgres"
            printf '%s\n' "$url" >"$dir/url"
            echo "pg_server: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" \
                "(data '$data', user '${user:-$(id -un)}')"
            exit 0
        fi
    done
    echo "pg_server: error: the server did not start on any port in $first_port..$((first_port + 49)); its log:" >&2
    tail -n 30 "$log" >&2 || true
    exit 1
    ;;
stop)
    stop_server
    rm -f "$dir/url"
    echo "pg_server: stopped"
    ;;
*)
    usage
    ;;
esac
