#!/usr/bin/env bash
# distributed.sh starts and stops storyline's distributed mode on one
# machine, for trying it: PostgreSQL and nats-server from Debian's packages
# (apt-get install postgresql nats-server), two analysis workers, the
# active linker and a standby, and two read-only servers side by side. No
# container engine is needed.
#
#   scripts/distributed.sh start DIR   # DIR must not exist yet
#   scripts/distributed.sh stop DIR
#
# start builds storyline into DIR, starts a throwaway PostgreSQL cluster
# (scripts/pg-throwaway.sh) and nats-server with JetStream, both on
# 127.0.0.1, then the storyline processes, each logging to DIR/NAME.log with
# its pid in DIR/NAME.pid, and prints how to feed and read it. Ports: NATS
# 4222 (NATS_PORT), servers 8080 and 8081 (HTTP_PORT, HTTP_PORT+1),
# metrics 9464 and 9474 (workers), 9466 and 9476 (linkers).
#
# stop sends SIGTERM to the storyline processes (workers drain, the linker
# links a last round and releases its lease), waits for them, then stops
# nats-server and the PostgreSQL cluster and removes DIR.
set -euo pipefail

die() { echo "distributed: $*" >&2; exit 1; }

here="$(cd "$(dirname "$0")" && pwd)"
cmd="${1:-}"
dir="${2:-}"
[ -n "$cmd" ] && [ -n "$dir" ] || die "usage: $0 start|stop DIR"

# launch NAME ARGS...: starts a background process logging to DIR/NAME.log.
launch() {
	local name="$1"
	shift
	"$@" >"$dir/$name.log" 2>&1 &
	echo $! >"$dir/$name.pid"
}

# waitport PORT: waits until something listens on 127.0.0.1:PORT.
waitport() {
	for _ in $(seq 100); do
		if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then
			return 0
		fi
		sleep 0.1
	done
	die "nothing listens on 127.0.0.1:$1 (see the logs in $dir)"
}

case "$cmd" in
start)
	[ ! -e "$dir" ] || die "$dir exists"
	command -v nats-server >/dev/null || die "no nats-server (apt-get install nats-server)"
	mkdir -p "$dir"
	dir="$(cd "$dir" && pwd)"
	(cd "$here/.." && go build -o "$dir/storyline" ./cmd/storyline)
	dsn="$("$here/pg-throwaway.sh" start "$dir/pg")"
	echo "$dsn" >"$dir/dsn"
	nats_port="${NATS_PORT:-4222}"
	http_port="${HTTP_PORT:-8080}"
	q="nats://127.0.0.1:$nats_port"
	launch nats nats-server -js -sd "$dir/nats" -a 127.0.0.1 -p "$nats_port"
	waitport "$nats_port"
	sl=("$dir/storyline" --db "$dsn")
	launch worker1 "${sl[@]}" worker --queue "$q" --metrics-addr 127.0.0.1:9464
	launch worker2 "${sl[@]}" worker --queue "$q" --metrics-addr 127.0.0.1:9474
	launch linker1 "${sl[@]}" linker --queue "$q" --metrics-addr 127.0.0.1:9466
	waitport 9466
	launch linker2 "${sl[@]}" linker --queue "$q" --metrics-addr 127.0.0.1:9476
	launch server1 "${sl[@]}" serve --read-only --addr "127.0.0.1:$http_port"
	launch server2 "${sl[@]}" serve --read-only --addr "127.0.0.1:$((http_port + 1))"
	waitport "$http_port"
	waitport "$((http_port + 1))"
	cat <<EOF
storyline's distributed mode runs in $dir
  archive:  $dsn
  queue:    $q
  servers:  http://127.0.0.1:$http_port/  http://127.0.0.1:$((http_port + 1))/
  metrics:  http://127.0.0.1:9464/metrics (worker 1), :9474 (worker 2), :9466 and :9476 (linkers)
feed it:    $dir/storyline ingest --queue $q PATH...
stop it:    $0 stop $dir
EOF
	;;
stop)
	[ -d "$dir" ] || die "$dir is not a running set"
	for name in server1 server2 worker1 worker2 linker2 linker1; do
		[ -f "$dir/$name.pid" ] && kill -TERM "$(cat "$dir/$name.pid")" 2>/dev/null || true
	done
	for name in server1 server2 worker1 worker2 linker2 linker1; do
		if [ -f "$dir/$name.pid" ]; then
			pid="$(cat "$dir/$name.pid")"
			for _ in $(seq 300); do
				kill -0 "$pid" 2>/dev/null || break
				sleep 0.1
			done
		fi
	done
	[ -f "$dir/nats.pid" ] && kill -TERM "$(cat "$dir/nats.pid")" 2>/dev/null || true
	[ -d "$dir/pg" ] && "$here/pg-throwaway.sh" stop "$dir/pg" || true
	rm -rf "$dir"
	;;
*)
	die "usage: $0 start|stop DIR"
	;;
esac
