#!/usr/bin/env bash
# Tells a stall of storage from one of the host: for N seconds, about 20 times a second, times one GET /api/health
# (the host and one Azurite table read) and one GET /api/docs (the host only, a small static page, no storage) side by side, and
# prints every request slower than the threshold with its UTC time, then each probe's count, p50, p99 and max.
# Run it beside a load (run-wrk.sh) or alone. Each sample costs a curl process, ~10-15 ms on a loaded 2-core machine.
#   bench/http/stall-probe.sh [API base, default http://localhost:7481] [seconds, default 30] [threshold ms, default 100]
set -euo pipefail
base=${1:-http://localhost:7481}
seconds=${2:-30}
threshold=${3:-100}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
probe() { # name url
  local ms
  ms=$(curl -s -o /dev/null -m 10 -w '%{time_total}' "$2" | awk '{ printf "%.1f", $1 * 1000 }')
  echo "$1 $(date -u +%H:%M:%S.%3N) $ms" >> "$out"
}
end=$(( $(date +%s) + seconds ))
while [ "$(date +%s)" -lt "$end" ]; do
  probe health "$base/api/health" &
  probe host-only "$base/api/docs" &
  wait
  sleep 0.05
done
awk -v t="$threshold" '$3 > t { print "slow: " $0 " ms" }' "$out" | sort -k3
for name in health host-only; do
  awk -v n="$name" '$1 == n { print $3 }' "$out" | sort -n | awk -v n="$name" '{ v[NR] = $1 } END { if (NR) { i = int(NR * 0.99); if (i < 1) i = 1; printf "%-9s n=%d p50=%.1f ms p99=%.1f ms max=%.1f ms\n", n, NR, v[int((NR + 1) / 2)], v[i], v[NR] } }'
done
