#!/usr/bin/env bash
# A throwaway MariaDB server for the tests: Debian's server binaries (mariadb-server),
# 127.0.0.1 only, a port of its own and a data directory under the build tree.
#
#   mariadb_server.sh start DIR PORT   mariadb-install-db + mariadbd; writes the URL to DIR/url
#   mariadb_server.sh stop DIR         kills the server (it is thrown away) and removes its data
#
# PORT is where the search for a free port starts: another build tree may run its own
# server at the same time, so the first port mariadbd can bind in PORT..PORT+49 wins, and
# DIR/url says which (mysql://strata:...@127.0.0.1:<port>/mysql). Tests read that file (see
# my_test_server.hpp); STRATA_TEST_MYSQL_URL, when set, replaces all of this.
#
# mariadbd does not run as root without being told to, and CI runs as root: then the
# server runs as the unprivileged user strata_my (created with useradd if missing;
# `nobody` as a fallback), which owns the data directory.
set -euo pipefail

usage() {
    echo "usage: $0 start DIR PORT | stop DIR" >&2
    exit 2
}
[[ $# -ge 2 ]] || usage
command=$1
dir=$2

if [[ -n "${STRATA_TEST_MYSQL_URL:-}" ]]; then
    # An existing server was given: nothing to start or stop. The URL file still names it.
    if [[ $command == start ]]; then
        mkdir -p "$dir"
        printf '%s\n' "$STRATA_TEST_MYSQL_URL" >"$dir/url"
        echo "mariadb_server: using the existing server from STRATA_TEST_MYSQL_URL"
    fi
    exit 0
fi

find_binary() {
    local name
    for name in "$@"; do
        if command -v "$name" >/dev/null 2>&1; then
            command -v "$name"
            return
        elif [[ -x /usr/sbin/$name ]]; then
            echo "/usr/sbin/$name"
            return
        fi
    done
    echo "mariadb_server: error: no '$1'; install Debian's 'mariadb-server' and 'mariadb-client'" \
        "packages (scripts/packages.txt) or set STRATA_TEST_MYSQL_URL" >&2
    exit 1
}

# Prints the user the server runs as; empty means the current user.
server_user() {
    if [[ $(id -u) -ne 0 ]]; then
        return
    fi
    if ! id strata_my >/dev/null 2>&1; then
        useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin \
            strata_my >/dev/null 2>&1 || true
    fi
    if id strata_my >/dev/null 2>&1; then
        echo strata_my
    else
        echo nobody
    fi
}

user=$(server_user)
pidfile="$dir/mariadbd.pid"

stop_server() {
    if [[ -f "$pidfile" ]]; then
        local pid
        pid=$(cat "$pidfile")
        # The data is thrown away: no clean shutdown needed, and a test still connected
        # must not keep the server alive.
        if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
            kill -KILL "$pid" 2>/dev/null || true
            for _ in $(seq 1 100); do
                kill -0 "$pid" 2>/dev/null || break
                sleep 0.1
            done
        fi
        rm -f "$pidfile"
    fi
    rm -rf "$dir/data" "$dir/tmp"
}

case $command in
start)
    [[ $# -eq 3 ]] || usage
    first_port=$3
    install_db=$(find_binary mariadb-install-db mysql_install_db)
    mariadbd=$(find_binary mariadbd mysqld)
    admin=$(find_binary mariadb-admin mysqladmin)
    client=$(find_binary mariadb mysql)
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    pidfile="$dir/mariadbd.pid"
    stop_server # a server left over by an interrupted run
    rm -f "$dir/url"
    mkdir -p "$dir/data" "$dir/tmp"
    if [[ -n "$user" ]]; then
        chown "$user" "$dir" "$dir/data" "$dir/tmp"
        if ! runuser -u "$user" -- test -w "$dir"; then
            echo "mariadb_server: error: user '$user' cannot write '$dir' (a parent directory is" \
                "not searchable by others?); build in a directory that others can enter, or set" \
                "STRATA_TEST_MYSQL_URL to an existing server" >&2
            exit 1
        fi
    fi
    socket="$dir/mariadbd.sock"
    # --no-defaults: nothing from /etc/mysql (a system server's port, socket or data dir).
    if ! "$install_db" --no-defaults --datadir="$dir/data" ${user:+--user="$user"} \
        --auth-root-authentication-method=normal --skip-test-db \
        >"$dir/install.log" 2>&1; then
        echo "mariadb_server: error: mariadb-install-db failed; its output:" >&2
        cat "$dir/install.log" >&2
        exit 1
    fi
    password=strata_test_password
    for ((port = first_port; port < first_port + 50; ++port)); do
        rm -f "$socket" "$dir/server.log"
        # Durability traded for speed: the server dies with the test run anyway.
        setsid "$mariadbd" --no-defaults --datadir="$dir/data" --tmpdir="$dir/tmp" ${user:+--user="$user"} \
            --bind-address=127.0.0.1 --port="$port" --socket="$socket" --pid-file="$pidfile" \
            --log-error="$dir/server.log" --skip-name-resolve --max-connections=300 \
            --innodb-buffer-pool-size=64M --innodb-log-file-size=32M \
            --innodb-flush-log-at-trx-commit=0 --sync-binlog=0 --skip-log-bin \
            --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
            >/dev/null 2>&1 &
        server_pid=$!
        started=
        for _ in $(seq 1 600); do
            if ! kill -0 "$server_pid" 2>/dev/null; then
                break # exited: the port is taken (or worse; the log says)
            fi
            if "$admin" --no-defaults --socket="$socket" -uroot ping >/dev/null 2>&1; then
                started=1
                break
            fi
            sleep 0.1
        done
        if [[ -n $started ]]; then
            # Password authentication over TCP, as in production, so the tests exercise URLs
            # with passwords (and their masking).
            "$client" --no-defaults --socket="$socket" -uroot -e \
                "CREATE USER 'strata'@'%' IDENTIFIED BY '$password';
                 GRANT ALL PRIVILEGES ON *.* TO 'strata'@'%' WITH GRANT OPTION;"
            printf '%s\n' "mysql://strata:$password@127.0.0.1:$port/mysql" >"$dir/url"
            echo "mariadb_server: MariaDB $("$mariadbd" --version | awk '{print $3}') on" \
                "127.0.0.1:$port (data '$dir/data', user '${user:-$(id -un)}')"
            exit 0
        fi
        kill -KILL "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
        if ! grep -qiE 'address already in use|bind on tcp/ip port' "$dir/server.log" 2>/dev/null; then
            echo "mariadb_server: error: mariadbd did not start; its log:" >&2
            tail -n 30 "$dir/server.log" >&2 || true
            exit 1
        fi
    done
    echo "mariadb_server: error: the server did not start on any port in $first_port..$((first_port + 49)); its log:" >&2
    tail -n 30 "$dir/server.log" >&2 || true
    exit 1
    ;;
stop)
    stop_server
    rm -f "$dir/url"
    echo "mariadb_server: stopped"
    ;;
*)
    usage
    ;;
esac
