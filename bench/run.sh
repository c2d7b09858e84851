#!/bin/bash
# Throughput and memory of beian-check beside the floor (plain aiohttp GETs) and the peer
# (a Scrapy spider), in one run, on the farm of ../shared/bench/make_farm.py.
#
# Same method as ../shared/bench/run.sh (nginx on 127.0.0.1 reached through HTTP_PROXY,
# rounds alternating floor/peer/tool, median wall time, peak RSS from /usr/bin/time), with
# one fix: the shared runner's nginx maps host siteK[-rR].farm.test to the folder "siteK",
# but the farm writes "siteK.farm.test", so every request there is a 404 and no page is
# ever parsed. Here the root is "$site.farm.test" and the tool's report is checked to hold
# the farm's verdicts (7 in 10 sites pass).
# Usage: bench/run.sh [N_TARGETS=3000] [ROUNDS=3]   (BEIAN_CHECK=path to pick a build)
set -euo pipefail
N=${1:-3000}; ROUNDS=${2:-3}
SHARED=$(cd "$(dirname "$0")/../../shared/bench" && pwd)
TOOL=${BEIAN_CHECK:-beian-check}
command -v "$TOOL" >/dev/null || { echo "bench: $TOOL not found (set BEIAN_CHECK)"; exit 2; }
FARM=${FARM:-/tmp/beian-farm}; VENV=${BENCH_VENV:-/tmp/beian-bench-venv}
command -v nginx >/dev/null || { apt-get update -qq >/dev/null; apt-get install -y -qq nginx-light >/dev/null; }
if [[ ! -x $VENV/bin/scrapy ]]; then
  python3 -m venv "$VENV" && "$VENV/bin/pip" install -q aiohttp scrapy >/dev/null 2>&1
fi
mkdir -p "$FARM"; chmod 755 "$FARM"
TARGETS=$(python3 "$SHARED/make_farm.py" "$FARM" "$N")
W=$(mktemp -d /tmp/beian-bench.XXXX); chmod 755 "$W"
trap 'kill $(cat "$W/nginx.pid" 2>/dev/null) 2>/dev/null || true; rm -rf "$W"' EXIT
PORT=$((20000 + RANDOM % 20000))
cat > "$W/nginx.conf" <<NG
worker_processes 1; daemon on; pid $W/nginx.pid; error_log $W/error.log crit;
events { worker_connections 4096; }
http { access_log off; include /etc/nginx/mime.types; keepalive_requests 100000;
  server { listen 127.0.0.1:$PORT default_server;
    server_name ~^(?<site>site[0-9]+)(-r[0-9]+)?\.farm\.test\$;
    root $FARM/\$site.farm.test; location / { try_files \$uri \$uri/index.html =404; } } }
NG
nginx -c "$W/nginx.conf"
export HTTP_PROXY=http://127.0.0.1:$PORT http_proxy=http://127.0.0.1:$PORT NO_PROXY= no_proxy=
measure() { # name command...  -> appends "name seconds rss_kb" to $W/times
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$W/t" "$@" >"$W/$name.out" 2>&1 || true
  echo "$name $(tail -1 "$W/t")" >> "$W/times"
}
for ((r = 0; r < ROUNDS; r++)); do
  measure floor "$VENV/bin/python" "$SHARED/raw_fetch.py" "$TARGETS"
  measure peer "$VENV/bin/python" "$SHARED/scrapy_peer.py" "$TARGETS"
  measure tool "$TOOL" "$TARGETS" --format jsonl --output "$W/report.jsonl" ${TOOL_ARGS:-}
done
echo "floor: $(cat "$W/floor.out")"
python3 - "$W/times" "$W/report.jsonl" "$N" <<'PY'
import collections, json, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    name, sec, rss = line.split()
    rows.setdefault(name, []).append((float(sec), int(rss)))
status = collections.Counter(json.loads(l)["status"] for l in open(sys.argv[2]))
print(f"tool report: {sum(status.values())} of {sys.argv[3]} targets: {dict(status)}")
med = {n: statistics.median(s for s, _ in v) for n, v in rows.items()}
for n in ("floor", "peer", "tool"):
    print(f"{n}: {med[n]:.2f}s median of {[s for s, _ in rows[n]]}, peak RSS {max(r for _, r in rows[n]) / 1024:.0f} MB")
print(f"tool/floor time ratio: {med['tool'] / med['floor']:.2f}  peer/tool speed-up: {med['peer'] / med['tool']:.2f}")
PY
