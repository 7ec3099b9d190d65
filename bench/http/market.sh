#!/usr/bin/env bash
# The whole HTTP benchmark on a simulated market of N posts (default 100,000): starts Liuhu (./run.sh --memory
# --posts N: Azurite in memory, the market loaded through the real upload path on every start, its simulated files
# kept in .liuhu/ for the next start that day), with the per-credential rate limit raised for a load test, waits
# until it serves, runs run-wrk.sh (docs, health and matches in the same run, the ratios), then stops it.
# Azurite in memory because with its data on disk it writes its whole table database every 5 s while anything
# changes (the impressions do, under load), on its one thread: every storage call then waits up to seconds
# (bench/http/stall-probe.sh). LIUHU_AZURITE_MEMORY=0 measures that way instead (data kept in .azurite/).
#   bench/http/market.sh [posts, default 100000] [seconds per wrk run, default 30]
# Environment: LIUHU_PORT (default 7481) and LIUHU_AZURITE_PORT (default 10480) so that it runs beside a ./run.sh
# on the usual ports; LIUHU_WRK_CPUS (e.g. 1) pins wrk to those cores with taskset, Liuhu and Azurite to the rest;
# any other setting of the host as an environment variable (e.g. DOTNET_gcServer=1) to compare one change.
# With LIUHU_AZURITE_MEMORY=0, a different market size needs a fresh start: rm -rf .azurite .liuhu.
set -euo pipefail
cd "$(dirname "$0")/../.."
posts=${1:-100000}
seconds=${2:-30}
export LIUHU_PORT=${LIUHU_PORT:-7481} LIUHU_AZURITE_PORT=${LIUHU_AZURITE_PORT:-10480}
export LIUHU_AZURITE_MEMORY=${LIUHU_AZURITE_MEMORY:-1}
export RateLimit__CredentialPermitsPerWindow=${RateLimit__CredentialPermitsPerWindow:-10000000}
log=.liuhu/market-$posts.log
mkdir -p .liuhu
host_cpus=()
if [ -n "${LIUHU_WRK_CPUS:-}" ]; then
  others=$(seq 0 $(($(nproc) - 1)) | grep -vxF "$(tr ',' '\n' <<<"$LIUHU_WRK_CPUS")" | paste -sd, || true)
  [ -n "$others" ] && host_cpus=(taskset -c "$others")
fi
echo "starting Liuhu with a market of $posts posts on port $LIUHU_PORT (log: $log)"
setsid "${host_cpus[@]}" ./run.sh --posts "$posts" > "$log" 2>&1 &
runner=$!
stop() { kill -TERM -- "-$runner" 2>/dev/null || true; wait "$runner" 2>/dev/null || true; }
trap stop EXIT INT TERM
started=$(date +%s)
until grep -q '^Liuhu is running' "$log"; do
  kill -0 "$runner" 2>/dev/null || { echo "Liuhu stopped before serving; the end of $log:" >&2; tail -20 "$log" >&2; exit 1; }
  [ $(( $(date +%s) - started )) -lt 3600 ] || { echo "Liuhu was not serving after an hour." >&2; exit 1; }
  sleep 2
done
echo "serving after $(( $(date +%s) - started )) s"
# The 5-minute progress timer rebuilds (a scan of every post, outcome and graduate) once more after the load's last
# changes, and from then on skips while nothing changes. Unless LIUHU_WAIT_PROGRESS=0, wait for that tick to be done
# (its rebuild logged, or its skip), so that the runs measure serving, not the load's last rebuild.
if [ "${LIUHU_WAIT_PROGRESS:-1}" = 1 ]; then
  from=$(wc -l < "$log")
  waited=$(date +%s)
  until tail -n +"$from" "$log" | grep -Eq 'Scheduled progress rebuild skipped|Progress as of [0-9-]+T[0-9]{2}:[0-9][05]:0'; do
    [ $(( $(date +%s) - waited )) -lt 600 ] || { echo "no progress timer tick seen in 10 minutes; measuring anyway" >&2; break; }
    sleep 2
  done
  echo "progress timer tick done after $(( $(date +%s) - waited )) s more: $(tail -n +"$from" "$log" | grep -Eo 'Scheduled progress rebuild skipped[^;]*|Progress as of [^:]*:[0-9:.]*' | tail -1)"
fi
wrk_prefix=()
[ -n "${LIUHU_WRK_CPUS:-}" ] && wrk_prefix=(taskset -c "$LIUHU_WRK_CPUS")
# With dotnet-counters on the PATH (dotnet tool install dotnet-counters), the dev host's GC and thread pool are
# recorded during the wrk runs and summed up after them (GC pauses, lock contentions, CPU).
counters=
host_pid=$(pgrep -f -n "Liuhu.DevHost.dll --urls http://localhost:$LIUHU_PORT" || true)
if command -v dotnet-counters >/dev/null 2>&1 && [ -n "$host_pid" ]; then
  counters=.liuhu/counters-$posts.csv
  rm -f "$counters"
  dotnet-counters collect -p "$host_pid" --counters System.Runtime -o "$counters" >/dev/null 2>&1 &
  counters_pid=$!
fi
runs_from=$(wc -l < "$log")
LIUHU_MARKET=$posts LIUHU_WRK_PREFIX="${wrk_prefix[*]}" bench/http/run-wrk.sh "http://localhost:$LIUHU_PORT" "$seconds" 2500
# What the host logged from the end of the wait on (the graduates' probe, the warm-up's index build and the runs): a
# progress rebuild or the index's catch-up scans storage too.
tail -n +"$runs_from" "$log" | grep -E 'Progress as of|progress rebuild skipped|Matching index' | sed 's/^ */  logged after the wait: /' || true
if [ -n "$counters" ]; then
  kill -TERM "$counters_pid" 2>/dev/null || true; wait "$counters_pid" 2>/dev/null || true
  awk -F, '
    $3 ~ /^dotnet.gc.pause.time/ { paused += $5; if ($5 > worst) worst = $5; seconds++ }
    $3 ~ /gc.collections.*gen0/ { g0 += $5 } $3 ~ /gc.collections.*gen1/ { g1 += $5 } $3 ~ /gc.collections.*gen2/ { g2 += $5 }
    $3 ~ /^dotnet.monitor.lock_contentions/ { locks += $5 }
    $3 ~ /^dotnet.process.cpu.time/ { cpu += $5 }
    END { printf "dev host during the runs (dotnet-counters, %d s): GC gen0 %d, gen1 %d, gen2 %d, paused %.2f s (worst second %.2f s); lock contentions %d; process CPU %.1f s\n", seconds, g0, g1, g2, paused, worst, locks, cpu }' "$counters"
fi
