#!/usr/bin/env bash
# pg-throwaway.sh starts and stops a throwaway PostgreSQL cluster on
# 127.0.0.1, for tests and for trying storyline's distributed mode on one
# machine. It uses the Debian packages' binaries (apt-get install postgresql).
#
#   scripts/pg-throwaway.sh start DIR [PORT]   # prints the cluster's DSN
#   scripts/pg-throwaway.sh stop DIR
#
# start creates DIR (which must not hold a cluster yet), runs initdb there
# (UTF-8, C locale, trust authentication: the cluster listens on 127.0.0.1
# and a socket in DIR only), starts the server on PORT (default: the first
# free port from 55432), creates the role and database "storyline", writes
# the DSN to DIR/dsn and prints it. Run as root, the server runs as the
# "postgres" user. PG_THROWAWAY_OPTS adds server options, e.g.
# "-c fsync=off" for tests that need no durability.
#
# stop stops the server (fast shutdown) and removes DIR.
set -euo pipefail

die() { echo "pg-throwaway: $*" >&2; exit 1; }

bindir() {
	local d
	d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
	if [ -z "$d" ] && command -v pg_ctl >/dev/null 2>&1; then
		d="$(dirname "$(readlink -f "$(command -v pg_ctl)")")"
	fi
	[ -n "$d" ] && [ -x "$d/initdb" ] || die "no PostgreSQL server binaries (apt-get install postgresql)"
	echo "$d"
}

# as runs a command as the cluster's owner: postgres when we are root.
as() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
	local dir="$1" port="${2:-}" bin
	bin="$(bindir)"
	[ ! -e "$dir/data" ] || die "$dir already holds a cluster"
	if [ -z "$port" ]; then
		port=55432
		while ! port_free "$port"; do
			port=$((port + 1))
			[ "$port" -lt 55532 ] || die "no free port in 55432-55531"
		done
	fi
	mkdir -p "$dir"
	dir="$(cd "$dir" && pwd)"
	if [ "$(id -u)" = 0 ]; then
		id postgres >/dev/null 2>&1 || die "no postgres user to run the server as"
		chown postgres "$dir"
	fi
	as "$bin/initdb" -D "$dir/data" -U storyline -E UTF8 --locale=C --auth=trust >"$dir/initdb.log" 2>&1 \
		|| die "initdb failed: $(tail -5 "$dir/initdb.log")"
	# shellcheck disable=SC2086 # PG_THROWAWAY_OPTS is split on purpose.
	as "$bin/pg_ctl" -D "$dir/data" -l "$dir/data/server.log" -w -t 60 \
		-o "-h 127.0.0.1 -p $port -k $dir ${PG_THROWAWAY_OPTS:-}" start >/dev/null \
		|| die "server did not start: $(tail -5 "$dir/data/server.log" 2>/dev/null)"
	as "$bin/createdb" -h 127.0.0.1 -p "$port" -U storyline storyline \
		|| die "createdb failed"
	local dsn="postgres://storyline@127.0.0.1:$port/storyline?sslmode=disable"
	echo "$dsn" >"$dir/dsn"
	echo "$dsn"
}

stop() {
	local dir="$1" bin
	[ -d "$dir/data" ] || { rm -rf "$dir"; return 0; }
	bin="$(bindir)"
	as "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
	rm -rf "$dir"
}

case "${1:-}" in
start) [ $# -ge 2 ] || die "usage: $0 start DIR [PORT]"; start "$2" "${3:-}" ;;
stop) [ $# -eq 2 ] || die "usage: $0 stop DIR"; stop "$2" ;;
*) die "usage: $0 start DIR [PORT] | stop DIR" ;;
esac
