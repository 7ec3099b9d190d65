#!/usr/bin/env bash
# Runs Liuhu locally: Azurite (data kept in .azurite/), then the API on http://localhost:7071/api/...
# through Azure Functions Core Tools when `func` is installed, else through the project's dev host.
# On first start it loads the demo ledgers in samples/ through the real upload path.
#   ./run.sh            start (with demo data on first start)
#   ./run.sh --no-demo  start without demo data (or LIUHU_NO_DEMO=1)
#   ./run.sh --posts N  a simulated market of N posts (default 2000, or LIUHU_DEMO_POSTS; 100000 is the market the
#                       HTTP benchmark uses, bench/http/run-wrk.sh); on data already loaded with another size it stops
#   ./run.sh --memory   Azurite keeps its data in memory only (or LIUHU_AZURITE_MEMORY=1): nothing is kept, the demo
#                       is loaded on every start. Azurite otherwise writes its whole table database to .azurite/ every
#                       5 s while data changes, on its one thread: with a large market every storage call waits up to
#                       seconds then (bench/http/stall-probe.sh shows it); the benchmarks run this way.
# LIUHU_PORT (default 7071) moves the API; LIUHU_AZURITE_PORT (default 10000) moves Azurite's blob port, queue and
# table following it (+1, +2), so that a second copy can run beside another on the same machine.
set -euo pipefail
cd "$(dirname "$0")"

demo=1
memory=${LIUHU_AZURITE_MEMORY:-0}
posts=${LIUHU_DEMO_POSTS:-2000}
while [ $# -gt 0 ]; do
  case "$1" in
    --no-demo) demo=0 ;;
    --memory) memory=1 ;;
    --posts) posts=${2:?--posts needs a number}; shift ;;
    *) echo "unknown option: $1 (try --no-demo, --memory or --posts N)" >&2; exit 2 ;;
  esac
  shift
done
[[ "$posts" =~ ^[0-9]+$ ]] && [ "$posts" -ge 100 ] && [ "$posts" -le 200000 ] || { echo "--posts must be 100..200000" >&2; exit 2; }
[ "${LIUHU_NO_DEMO:-0}" = "1" ] && demo=0
port=${LIUHU_PORT:-7071}
blob_port=${LIUHU_AZURITE_PORT:-10000}
queue_port=$((blob_port + 1)); table_port=$((blob_port + 2))
if [ "$blob_port" != 10000 ]; then
  # Azurite's well-known development account, at the moved ports (environment variables win over local.settings.json).
  account="AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
  export AzureWebJobsStorage="DefaultEndpointsProtocol=http;$account;BlobEndpoint=http://127.0.0.1:$blob_port/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue_port/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table_port/devstoreaccount1;"
fi
api="http://localhost:$port/api"

[ -f node_modules/azurite/dist/src/azurite.js ] || npm ci --no-audit --no-fund
# The bureau's bootstrap secret for this machine (dev only): it registers the demo organisations below.
mkdir -p .liuhu
[ -f .liuhu/bootstrap-key ] || head -c 32 /dev/urandom | base64 | tr -d '/+=\n' > .liuhu/bootstrap-key
export Access__BootstrapBureauKey="bootstrap-$(cat .liuhu/bootstrap-key)"
export Api__PublicBaseUrl="http://localhost:$port"
# Where Azurite keeps its data and this script its notes on what is loaded; in memory, a directory for this run only.
data=.azurite
azurite_where=(--location "$data")
if [ "$memory" = 1 ]; then
  data=$(mktemp -d -t liuhu-azurite-XXXXXX)
  azurite_where=(--inMemoryPersistence)
fi
mkdir -p "$data"
if [ ! -f functions/local.settings.json ]; then
  # A key of this machine's own for the personal-data encryption; never committed.
  key=$(head -c 32 /dev/urandom | base64)
  sed "s|REPLACED_BY_RUN_SH|$key|" functions/local.settings.example.json > functions/local.settings.json
  echo "Created functions/local.settings.json with a new encryption key."
fi

pids=()
cleanup() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  # Azurite can linger on open keep-alive connections after SIGTERM; give it a moment, then end it.
  for _ in $(seq 1 25); do
    alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.2
  done
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  [ "$memory" = 1 ] && rm -rf "$data"
  echo "Stopped."
}
trap cleanup EXIT INT TERM

wait_for_port() {
  for _ in $(seq 1 300); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.2
  done
  echo "Nothing answered on port $1." >&2
  return 1
}

azurite_debug=()
[ "${LIUHU_AZURITE_DEBUG:-0}" = "1" ] && azurite_debug=(--debug "$data/debug.log")
node node_modules/azurite/dist/src/azurite.js "${azurite_where[@]}" "${azurite_debug[@]}" --silent \
  --skipApiVersionCheck --loose --blobPort "$blob_port" --queuePort "$queue_port" --tablePort "$table_port" &
pids+=($!)
wait_for_port "$blob_port"; wait_for_port "$queue_port"; wait_for_port "$table_port"
echo "Azurite is up (blob $blob_port, queue $queue_port, table $table_port; data $( [ "$memory" = 1 ] && echo 'in memory only' || echo "in $data/"))."

if command -v func >/dev/null 2>&1; then
  (cd functions && exec func start --port "$port") &
  pids+=($!)
else
  echo "Azure Functions Core Tools not found: serving the same functions through the dev host."
  dotnet build devhost/Liuhu.DevHost.csproj -c Release -nologo -v q -clp:ErrorsOnly
  dotnet devhost/bin/Release/net10.0/Liuhu.DevHost.dll --urls "http://localhost:$port" \
    --LocalSettings "$PWD/functions/local.settings.json" &
  pids+=($!)
fi

for _ in $(seq 1 300); do
  curl -fsS "$api/health" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS "$api/health" >/dev/null || { echo "The API did not come up." >&2; exit 1; }

# Demo organisations and their credentials (dev only), written for scripts to .liuhu/dev-credentials.json.
boot=(-H "X-Api-Key: $Access__BootstrapBureauKey")
field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }
credential() { # kind code name -> API key
  curl -fsS "${boot[@]}" -H 'Content-Type: application/json' -X POST "$api/manage/organisations" \
    -d "{\"kind\":\"$1\",\"code\":\"$2\",\"name\":\"$3\"}" >/dev/null
  curl -fsS "${boot[@]}" -X POST "$api/manage/organisations/$1-$2/credentials" | field apiKey
}
creds=.liuhu/dev-credentials.json
key_of() { sed -n "/\"$1\"/,/}/s/.*\"value\": \"\([^\"]*\)\".*/\1/p" "$creds" | head -1; }
if [ ! -f "$creds" ] || ! curl -fsS -H "X-Api-Key: $(key_of bureau)" "$api/ledgers?pageSize=1" >/dev/null 2>&1; then
  bureau=$(credential bureau hohhot-hrss "呼和浩特市人力资源和社会保障局")
  employer=$(credential employer 91150122MA0R3L4M57 "和林格尔新区示范数据科技有限公司")
  university=$(credential university 4115010126 "内蒙古大学")
  district=$(credential district xincheng "新城区人力资源和社会保障局")
  site=$(credential site jobs "呼和浩特公共招聘网")
  cat > "$creds" <<JSON
{
  "bureau": {"header": "X-Api-Key", "value": "$bureau"},
  "employer": {"header": "X-Api-Key", "value": "$employer", "tenant": "91150122MA0R3L4M57"},
  "university": {"header": "X-Api-Key", "value": "$university", "tenant": "4115010126"},
  "district": {"header": "X-Api-Key", "value": "$district", "tenant": "xincheng"},
  "site": {"header": "X-Api-Key", "value": "$site"}
}
JSON
  chmod 600 "$creds"
  echo "Demo organisations registered; their credentials (dev only) are in $creds:"
  sed 's/^/  /' "$creds"
fi
BUREAU=$(key_of bureau); EMPLOYER=$(key_of employer); UNIVERSITY=$(key_of university); SITE=$(key_of site)

upload() { # route file
  curl -fsS -H "X-Api-Key: $BUREAU" -X POST --data-binary "@$2" "$api/$1$( [[ $1 == *\?* ]] && echo '&' || echo '?')fileName=$(basename "$2")" | field ledgerId
}
if [ "$demo" = 1 ] && [ -f "$data"/demo-loaded ] && [ "$(cat "$data"/demo-posts 2>/dev/null || echo 2000)" != "$posts" ]; then
  echo "The data in .azurite/ holds a market of $(cat "$data"/demo-posts 2>/dev/null || echo 2000) posts, not $posts: remove .azurite/ and .liuhu/ to load another." >&2
  exit 1
fi
if [ "$demo" = 1 ] && [ ! -f "$data"/demo-loaded ]; then
  echo "Loading the demo data through the upload API..."
  ledger=$(upload ledgers samples/vacancy-ledger-demo.csv)
  graduates=$(upload "graduate-ledgers?universityCode=4115010126" samples/graduates-demo.csv)
  for _ in $(seq 1 100); do
    curl -fsS -H "X-Api-Key: $BUREAU" "$api/ledgers/$ledger" | grep -q '"state":"completed"' \
      && curl -fsS -H "X-Api-Key: $BUREAU" "$api/ledgers/$graduates" | grep -q '"state":"completed"' && break
    sleep 0.3
  done
  # A simulated Hohhot market (2,000 posts by default, 2,500 graduates, their outcomes) so that matches are
  # meaningful and a trained model serves from the first start; it goes through the same public endpoints (ledger
  # uploads of 50,000 rows each, the queue handler, POST /outcomes), as the bureau. The simulated files are kept in
  # .liuhu/demo-market-N/ and used again by a later start the same UTC day (simulating 100,000 posts takes minutes).
  echo "Loading a simulated market of $posts posts and training the first model (about a minute; 100,000 posts: several)..."
  dotnet build ml/Liuhu.Ml.Cli/Liuhu.Ml.Cli.csproj -c Release -nologo -v q -clp:ErrorsOnly
  LIUHU_API_KEY="$BUREAU" dotnet ml/Liuhu.Ml.Cli/bin/Release/net10.0/liuhu-ml.dll demo --api "$api" --posts "$posts" --files ".liuhu/demo-market-$posts"
  echo "$posts" > "$data"/demo-posts
  curl -fsS -H "X-Api-Key: $BUREAU" -X POST "$api/manage/catalogues" >/dev/null && echo "Published this month's talent-demand catalogue."
  echo "$ledger $graduates" > "$data"/demo-loaded
fi
read -r ledger graduates < "$data"/demo-loaded 2>/dev/null || true

cat <<TXT

Liuhu is running on $api  (Ctrl-C stops it and Azurite; data $( [ "$memory" = 1 ] && echo 'is in memory only' || echo 'stays in .azurite/'))
Every route but health, catalogues, progress and POST /matches needs an organisation's key (X-Api-Key);
the demo organisations' keys are in .liuhu/dev-credentials.json. Try:
  curl -s $api/health
  curl -s -H "X-Api-Key: $EMPLOYER" "$api/vacancies"                          # the demo employer's own posts
  curl -s -H "X-Api-Key: $EMPLOYER" "$api/vacancies/91150122MA0R3L4M57-PHL-DA-02"
  curl -s -H "X-Api-Key: $EMPLOYER" "$api/vacancies/91150122MA0R3L4M57-PHL-DC-01/candidates?top=5"   # masked, opaque handles
  curl -s -H "X-Api-Key: $BUREAU" $api/ledgers/${ledger:-<ledgerId>}          # row errors of the demo ledger, in Chinese
  curl -s -H "X-Api-Key: $UNIVERSITY" $api/graduates/4115010126-DEMO-IMU-0001
  curl -s -H "X-Api-Key: $UNIVERSITY" "$api/graduates/4115010126-DEMO-IMU-0001/matches?top=5"   # ranked posts with reasons
  token=\$(curl -s -H "X-Api-Key: $SITE" -H 'Content-Type: application/json' -d '{"graduateId":"4115010126-SIM000001"}' $api/graduate-tokens | sed 's/.*"token":"\([^"]*\)".*/\1/')
  curl -s -H "X-Api-Key: $SITE" -H "X-Graduate-Token: \$token" "$api/graduates/4115010126-SIM000001/matches?top=5"   # the public site, for a signed-in graduate
  curl -s -H "X-Api-Key: $BUREAU" $api/manage/model                          # model version, NDCG@10, feature importance
  curl -s -H "X-Api-Key: $BUREAU" -H 'Content-Type: application/json' -d '{"kind":"employer","code":"<credit code>","name":"<name>"}' $api/manage/organisations
  curl -s -H "X-Api-Key: $BUREAU" -X POST $api/manage/organisations/employer-<credit code>/credentials   # its key, shown once
  curl -s "$api/catalogues/latest?format=csv" -o catalogue.csv  # opens cleanly in Excel
Open in a browser:
  $api/catalogues/$(date -u -d '+8 hours' +%Y-%m)/page           # 人才需求目录, with charts
  $api/programme/progress/page                                 # progress towards the 50,000 goal
  $api/docs                                                    # the API contract
TXT
wait
