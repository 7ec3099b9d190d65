#!/usr/bin/env bash
# A new instance's time from process start to its first match answer over HTTP, with the index snapshot and
# without it (Matching__LoadIndexSnapshot=false: the tables are scanned), against the data of a running Liuhu
# (./run.sh; Azurite and .liuhu/dev-credentials.json). Starts a second dev host on another port for each run,
# asks for one graduate's matches every 20 ms until it answers 200, then stops that dev host.
#   bench/http/first-answer.sh [port for the new instance, default 7491] [runs of each, default 3]
# The storage the new instance reads is whatever AzureWebJobsStorage says (local.settings.json: Azurite).
set -euo pipefail
cd "$(dirname "$0")/../.."
port=${1:-7491}
runs=${2:-3}
key=$(sed -n '/"university"/,/}/s/.*"value": "\([^"]*\)".*/\1/p' .liuhu/dev-credentials.json | head -1)
[ -n "$key" ] || { echo "No university key in .liuhu/dev-credentials.json (start ./run.sh first)." >&2; exit 1; }
graduate=$(head -1 .liuhu/wrk-graduates-*.txt 2>/dev/null | grep SIM | head -1 || true)
graduate=${graduate:-4115010126-SIM000000}
[ -f devhost/bin/Release/net10.0/Liuhu.DevHost.dll ] || dotnet build devhost/Liuhu.DevHost.csproj -c Release -nologo -v q -clp:ErrorsOnly

once() { # snapshot(true|false) -> seconds to the first 200
  local started pid status elapsed
  started=$(date +%s.%N)
  Matching__LoadIndexSnapshot=$1 Api__PublicBaseUrl="http://localhost:$port" RateLimit__CredentialPermitsPerWindow=10000000 \
    dotnet devhost/bin/Release/net10.0/Liuhu.DevHost.dll --urls "http://localhost:$port" \
    --LocalSettings "$PWD/functions/local.settings.json" >/dev/null 2>&1 &
  pid=$!
  status=000
  for _ in $(seq 1 3000); do
    status=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Api-Key: $key" "http://localhost:$port/api/graduates/$graduate/matches?top=20" || true)
    [ "$status" = 200 ] && break
    sleep 0.02
  done
  elapsed=$(echo "$(date +%s.%N) - $started" | bc)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  [ "$status" = 200 ] || { echo "The new instance never answered 200 (last $status)." >&2; exit 1; }
  echo "$elapsed"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
with=(); without=()
for _ in $(seq 1 "$runs"); do
  with+=("$(once true)"); without+=("$(once false)")
done
w=$(printf '%s\n' "${with[@]}" | median); wo=$(printf '%s\n' "${without[@]}" | median)
echo "with snapshot:    ${with[*]} s"
echo "without (scan):   ${without[*]} s"
awk -v w="$w" -v wo="$wo" 'BEGIN { printf "new instance, dev host process start to first match answer (median of each): with snapshot %.2f s, without %.2f s, ratio %.1fx (goal with snapshot <= 1.5 s)\n", w, wo, wo / w }'
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg)"
