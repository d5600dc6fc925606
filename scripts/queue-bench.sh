#!/usr/bin/env bash
# queue-bench.sh measures the distributed mode against a single process on
# the same input: two workers and a linker over NATS JetStream into a
# throwaway PostgreSQL archive, then `storyline ingest` into a SQLite file.
#
#   scripts/queue-bench.sh PATH...
#
# It needs Debian's postgresql and nats-server. It prints, for the queue:
# the time to publish, until the workers drained the queue and until every
# article was linked, the queue lag once a second, and each process's peak
# resident memory and CPU time; for the single process: its time, peak
# memory and CPU time. Everything runs on 127.0.0.1 in a temporary
# directory that is removed at the end.
set -euo pipefail

die() { echo "queue-bench: $*" >&2; exit 1; }
[ $# -gt 0 ] || die "usage: $0 PATH..."
command -v nats-server >/dev/null || die "no nats-server (apt-get install nats-server)"
here="$(cd "$(dirname "$0")" && pwd)"
tmp="$(mktemp -d /tmp/storyline-qbench.XXXXXX)"
chmod 755 "$tmp" # the cluster runs as the postgres user
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	[ -d "$tmp/pg" ] && "$here/pg-throwaway.sh" stop "$tmp/pg" >/dev/null 2>&1 || true
	rm -rf "$tmp"
}
trap cleanup EXIT

(cd "$here/.." && go build -o "$tmp/storyline" ./cmd/storyline)
sl="$tmp/storyline"
dsn="$("$here/pg-throwaway.sh" start "$tmp/pg")"
port=$((4300 + RANDOM % 500))
q="nats://127.0.0.1:$port"
nats-server -js -sd "$tmp/nats" -a 127.0.0.1 -p "$port" >"$tmp/nats.log" 2>&1 &
nats=$!
pids+=("$nats")
sleep 0.5
"$sl" --db "$dsn" worker --queue "$q" --metrics-addr 127.0.0.1:9571 2>"$tmp/w1.log" &
w1=$!
"$sl" --db "$dsn" worker --queue "$q" --metrics-addr 127.0.0.1:9572 2>"$tmp/w2.log" &
w2=$!
"$sl" --db "$dsn" linker --queue "$q" --metrics-addr 127.0.0.1:9573 2>"$tmp/l.log" &
lk=$!
pids+=("$w1" "$w2" "$lk")
sleep 2

metric() { curl -s "127.0.0.1:$1/metrics" | awk -v m="$2" '$1 ~ "^"m"({|$)" {print $2; exit}'; }
now() { date +%s.%N; }
start=$(now)
out="$("$sl" ingest --queue "$q" --no-progress --metrics-addr off "$@" 2>&1 || true)"
published=$(now)
total="$(echo "$out" | sed -n 's/^read [0-9]*, new \([0-9]*\).*/\1/p' | head -1)"
[ -n "$total" ] || die "ingest --queue printed no summary: $out"
drained=""
echo "seconds  worker-lag  worker-unacked  linked"
while :; do
	lag=$(metric 9571 storyline_queue_lag)
	unacked=$(metric 9571 storyline_queue_ack_pending)
	linked=$(metric 9573 storyline_queue_linked_total)
	t=$(echo "$(now) - $start" | bc)
	printf "%7.1f  %10s  %14s  %6s\n" "$t" "$lag" "$unacked" "$linked"
	if [ -z "$drained" ] && [ "$lag" = 0 ] && [ "$unacked" = 0 ]; then drained=$(now); fi
	if [ -n "$drained" ] && [ "${linked:-0}" -ge "$total" ]; then break; fi
	if [ "$(echo "$t > 1800" | bc)" = 1 ]; then die "not linked after 30 minutes"; fi
	sleep 1
done
end=$(now)
usage() { echo "peak RSS $(awk '/VmHWM/{print $2/1024 " MB"}' "/proc/$1/status"), CPU $(awk '{printf "%.1f s", ($14+$15)/100}' "/proc/$1/stat")"; }
echo "queue: $total new articles; published in $(echo "$published - $start" | bc | cut -c1-5) s;" \
	"workers drained at $(echo "$drained - $start" | bc | cut -c1-5) s;" \
	"all linked at $(echo "$end - $start" | bc | cut -c1-5) s ($(echo "$total / ($end - $start)" | bc) articles/s)"
echo "  worker 1: $(usage "$w1")"
echo "  worker 2: $(usage "$w2")"
echo "  linker:   $(usage "$lk")"
echo "  nats-server: $(usage "$nats")"

/usr/bin/time -f "%e %M %U %S" -o "$tmp/single.time" "$sl" --db "$tmp/single.db" ingest --no-progress "$@" >/dev/null 2>&1 || true
read -r secs kb user sys < <(tail -1 "$tmp/single.time")
echo "single process (SQLite): $secs s ($(echo "$total / $secs" | bc) articles/s), peak RSS $((kb / 1024)) MB, CPU $(echo "$user + $sys" | bc) s"
