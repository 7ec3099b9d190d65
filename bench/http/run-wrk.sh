#!/usr/bin/env bash
# Matches over HTTP against a running Liuhu (./run.sh, or the dev host) with wrk: GET
# /api/graduates/{id}/matches?top=20 across graduates and client addresses, against the trivial
# GET /api/health of the same host in the same run, and p99/p50 of the matches at 16 connections. GET /api/docs (a
# static page, no storage) is measured first too: health reads one entity from Azurite, so health/docs is what one
# storage read costs the host.
#   bench/http/run-wrk.sh [API base, default http://localhost:7071] [seconds, default 30] [graduates, default 2500]
# bench/http/market.sh starts Liuhu on the 100,000-post market and runs this against it (LIUHU_WRK_PREFIX, e.g.
# "taskset -c 1", is put before wrk).
# Asks only for graduates who consented to matching (the others answer 403 by design; any non-2xx is still counted
# and printed). Needs the demo market loaded (run.sh does it; or `liuhu-ml demo --api URL`) and .liuhu/dev-credentials.json.
# Start the host with RateLimit__CredentialPermitsPerWindow raised (e.g. 10000000): the default 200 requests/s
# per credential would answer 429 to most of a load test sent with one key.
set -euo pipefail
cd "$(dirname "$0")/../.."
base=${1:-http://localhost:7071}
seconds=${2:-30}
graduates=${3:-2500}
if ! command -v wrk >/dev/null 2>&1; then
  echo "wrk not found: installing Debian's package." >&2
  if [ "$(id -u)" = 0 ]; then apt-get install -y wrk >/dev/null; else sudo apt-get install -y wrk >/dev/null; fi
fi
key=$(sed -n '/"university"/,/}/s/.*"value": "\([^"]*\)".*/\1/p' .liuhu/dev-credentials.json | head -1)
[ -n "$key" ] || { echo "No university key in .liuhu/dev-credentials.json (start ./run.sh first)." >&2; exit 1; }
# Only graduates who consented to matching: the others answer 403 by design, which is not the figure measured.
# Found once per market by reading each profile (GET /graduates/{id}), 8 at a time, and kept in .liuhu/.
# Kept per market (LIUHU_MARKET, which market.sh sets to the number of posts): another market has other consents.
list=.liuhu/wrk-graduates-${LIUHU_MARKET:+$LIUHU_MARKET-}$graduates.txt
if [ ! -s "$list" ]; then
  seq 0 $((graduates - 1)) | xargs -P 8 -I{} sh -c 'id=$(printf "4115010126-SIM%06d" {}); curl -s -H "X-Api-Key: $1" "$2/api/graduates/$id" | grep -q "\"matching\":true" && echo "$id"; true' _ "$key" "$base" | sort > "$list.tmp"
  mv "$list.tmp" "$list"
fi
matchable=$(wc -l < "$list")
[ "$matchable" -gt 0 ] || { echo "No graduate of the demo university consents to matching: is the demo market loaded?" >&2; rm -f "$list"; exit 1; }
echo "graduates: $matchable of $graduates consent to matching; only they are asked for"
export LIUHU_KEY="$key" LIUHU_GRADUATE_FILE="$list"
status=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Api-Key: $key" "$base/api/graduates/$(head -1 "$list")/matches?top=20")
[ "$status" = 200 ] || { echo "A warm-up match answered $status, not 200: is the demo market loaded?" >&2; exit 1; }

# The CPU each request costs the host and Azurite: the processes listening on the API's port and on Azurite's table
# port (LIUHU_AZURITE_PORT + 2, default 10002), their user + system CPU read from /proc before and after each run.
port_of() { sed -n 's|^[a-z]*://[^:/]*:\([0-9]*\).*|\1|p' <<<"$1"; }
listener() { ss -ltnpH "sport = :$1" 2>/dev/null | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1; }
host_pid=$(listener "$(port_of "$base")")
azurite_pid=$(listener $(( ${LIUHU_AZURITE_PORT:-10000} + 2 )))
cpu_ticks() { [ -n "$1" ] && [ -r "/proc/$1/stat" ] && awk '{ print $14 + $15 }' "/proc/$1/stat" || echo 0; }
hz=$(getconf CLK_TCK)

run() { # name script connections
  local line started host0 az0 host1 az1 requests
  # When it started (UTC): the 5-minute progress timer (ProgressSchedule, on :00, :05, ...) and the matching index's
  # refreshes run in the same process, so a run that spans one can be told apart.
  started=$(date -u +%H:%M:%S)
  host0=$(cpu_ticks "$host_pid"); az0=$(cpu_ticks "$azurite_pid")
  line=$(${LIUHU_WRK_PREFIX:-} wrk -t2 -c"$3" -d"${seconds}s" --latency -s "bench/http/$2" "$base" | grep '^RESULT')
  host1=$(cpu_ticks "$host_pid"); az1=$(cpu_ticks "$azurite_pid")
  requests=$(sed -n 's/.*requests=\([0-9]*\).*/\1/p' <<<"$line")
  cpu=$(awk -v h=$((host1 - host0)) -v a=$((az1 - az0)) -v n="${requests:-0}" -v hz="$hz" 'BEGIN {
    if (n > 0) printf "cpu_host_ms_per_req=%.2f cpu_azurite_ms_per_req=%.2f", h * 1000 / hz / n, a * 1000 / hz / n }')
  echo "$1 c=$3 ${line#RESULT } from=$started $cpu"
}
docs16=$(run docs docs.lua 16)
health16=$(run health health.lua 16)
matches16=$(run matches matches.lua 16)
matches32=$(run matches matches.lua 32)
echo "$docs16"; echo "$health16"; echo "$matches16"; echo "$matches32"
rps() { sed -n 's/.* rps=\([0-9.]*\).*/\1/p' <<<"$1"; }
p() { sed -n "s/.* $2=\([0-9.]*\).*/\1/p" <<<"$1"; }
awk -v m="$(rps "$matches16")" -v h="$(rps "$health16")" -v p50="$(p "$matches16" p50_ms)" -v p99="$(p "$matches16" p99_ms)" 'BEGIN {
  printf "matches/health req/s at 16 connections: %.2f (goal >= 0.5); matches p99/p50: %.1f (goal <= 3)\n", m / h, p99 / p50 }'
awk -v m="$(rps "$matches16")" -v d="$(rps "$docs16")" -v h="$(rps "$health16")" -v p50="$(p "$health16" p50_ms)" -v p99="$(p "$health16" p99_ms)" 'BEGIN {
  printf "matches/docs (no storage) req/s at 16 connections: %.2f; health/docs: %.2f; health p99/p50: %.1f\n", m / d, h / d, p99 / p50 }'
[ -n "$host_pid" ] && [ -n "$azurite_pid" ] || echo "(CPU per request not measured: the host's or Azurite's listening process was not found with ss)"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg) (wrk runs on the same cores)"
