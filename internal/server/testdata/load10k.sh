#!/usr/bin/env bash
# load10k.sh measures the latency of `storyline serve` over a 10,000-article
# archive under 50 concurrent clients on loopback, with wrk.
#
# The archive is the Timeline17 articles, analysed once, then stored and
# linked round after round with new ids and shifted dates up to N articles
# (`storyline eval scale`, the same replay as internal/linkstage's
# ScaleLoad). It is built once and reused.
#
# Usage (from the repository root, with ../shared/data/t17 present and wrk
# installed: apt-get install -y wrk):
#
#	internal/server/testdata/load10k.sh [DB]
#
# Environment: N (articles, default 10000), DURATION (wrk -d, default 20s),
# CONNS (wrk -c, default 50), PORT (default 18080), BIN (a storyline binary
# to use instead of building one).
#
# It reports wrk's latency distribution for the story page of the largest
# story, /api/v1/stories, /api/v1/events, the stories page and the largest
# story's JSON, then the story page again as browsers ask for it (gzip). It measures
# and prints; it does not judge (machine speed varies).
set -euo pipefail

N=${N:-10000}
DURATION=${DURATION:-20s}
CONNS=${CONNS:-50}
PORT=${PORT:-18080}
DB=${1:-/tmp/storyline-load-$N.db}
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
pid=

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)" >&2; exit 2; }
command -v jq >/dev/null || { echo "jq is not installed (apt-get install -y jq)" >&2; exit 2; }
BIN=${BIN:-}
if [ -z "$BIN" ]; then
	BIN=$work/storyline
	go build -o "$BIN" ./cmd/storyline
fi
if [ ! -s "$DB" ]; then
	echo "building a $N-article archive in $DB" >&2
	"$BIN" eval scale --n "$N" --at "$N" --out "$DB" >&2
fi

"$BIN" serve --db "$DB" --addr "127.0.0.1:$PORT" 2>"$work/serve.log" &
pid=$!
base=http://127.0.0.1:$PORT
for _ in $(seq 1 600); do
	curl -fs "$base/healthz" >/dev/null 2>&1 && break
	sleep 0.1
done
curl -fs "$base/healthz" >/dev/null || { cat "$work/serve.log" >&2; exit 1; }

# The largest story: page through the stories list.
largest=$(
	off=0
	while :; do
		page=$(curl -fs "$base/api/v1/stories?limit=200&offset=$off")
		echo "$page" | jq -r '.items[] | "\(.articles) \(.id)"'
		[ "$(echo "$page" | jq -r '.next // empty')" ] || break
		off=$((off + 200))
	done | sort -rn | awk 'NR == 1'
)
story=${largest#* }
echo "archive: $(curl -fs "$base/api/v1/stats" | jq -c .); $(nproc) cores; $(uptime | sed 's/.*load/load/')"
echo "largest story: $story (${largest%% *} articles)"

# Each path plainly (wrk sends no Accept-Encoding), then the story page as
# a browser asks for it (gzip accepted).
for run in "/stories/$story" /api/v1/stories /api/v1/events /stories "/api/v1/stories/$story" "/stories/$story gzip"; do
	path=${run% gzip}
	hdr=()
	[ "$path" != "$run" ] && hdr=(-H "Accept-Encoding: gzip")
	curl -fs -o /dev/null "$base$path" # warm
	echo "== GET $run (wrk -t2 -c$CONNS -d$DURATION; $(uptime | sed 's/.*load/load/'))"
	wrk -t2 -c"$CONNS" -d"$DURATION" --timeout 10s --latency "${hdr[@]}" "$base$path" | sed -n '/Latency Distribution/,/Requests\/sec/p'
done
