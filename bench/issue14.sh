#!/usr/bin/env bash
# Every benchmark behind issue 14's goals, one after another on this machine, each one's whole output kept in a
# folder and its goal lines (the ratio measured in the same run, with the goal beside it) gathered at the end.
# Run it on a quiet machine: the figures are ratios against baselines of the same run, but a busy core still
# skews them. About 25 minutes; --long adds the 1,000,000-pair training and two-stage/brute-force run (about
# 13 minutes more) and --http-100k the HTTP run on the 100,000-post market (its outcomes load for a long time).
#   bench/issue14.sh [--long] [--http-100k] [--out DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
long=0 http100k=0 out=artifacts/bench/$(date -u +%Y%m%dT%H%MZ)
while [ $# -gt 0 ]; do
  case "$1" in
    --long) long=1 ;;
    --http-100k) http100k=1 ;;
    --out) out=$2; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
mkdir -p "$out"
dotnet build -c Release -nologo -v q ml/Liuhu.Ml.Cli bench/Liuhu.Benchmarks devhost >/dev/null
ml=ml/Liuhu.Ml.Cli/bin/Release/net10.0/liuhu-ml.dll
step() { # name, command...: runs it, keeps its output (progress bars dropped), says how long it took
  local name=$1; shift
  echo "== $name: $*  ($(date -u +%H:%M:%S) UTC, load average $(cut -d' ' -f1 /proc/loadavg))"
  local started=$SECONDS
  "$@" 2>&1 | tr '\r' '\n' | grep -v -E '\[[#. ]+\] +[0-9]+%' > "$out/$name.txt" || { echo "   $name failed; see $out/$name.txt" >&2; }
  echo "   $(( SECONDS - started )) s -> $out/$name.txt"
}
step ingest dotnet bench/Liuhu.Benchmarks/bin/Release/net10.0/Liuhu.Benchmarks.dll 100000 200
step start dotnet "$ml" bench start --posts 100000 --dir /tmp/liuhu-start --runs 1
step serve-20k dotnet "$ml" bench serve --posts 20000 --graduates 10000 --queries 300
step serve-100k dotnet "$ml" bench serve --posts 100000 --graduates 10000 --queries 300
step candidates dotnet "$ml" bench candidates --posts 20000 --queries 2000
[ "$long" = 1 ] && step two-stage dotnet "$ml" bench --posts 20000 --graduates 50000 --train-rows 1000000 --queries 100 --brute 10
step http-2k bench/http/market.sh 2000 20
[ "$http100k" = 1 ] && step http-100k bench/http/market.sh 100000 30
echo
echo "Goals (each line as its benchmark printed it; whole outputs in $out):"
grep -H -i "goal" "$out"/*.txt | sed "s|^$out/||"
