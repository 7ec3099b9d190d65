#!/usr/bin/env bash
# Runs the whole test suite. Installs what is missing (Azurite from npm, NuGet packages); each test project
# starts its own Azurite on free ports, in memory, and stops it. Ends with "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")"

if [ ! -f node_modules/azurite/dist/src/azurite.js ]; then
  npm ci --no-audit --no-fund || exit 1
fi

# The catalogue page is checked in a real headless browser: Debian's Chromium (no browser download needed).
# Noto CJK so that the screenshot it keeps shows Chinese, not empty boxes.
if ! command -v chromium >/dev/null 2>&1 || [ ! -d /usr/share/fonts/opentype/noto ]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  ($sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk) || exit 1
fi

dotnet restore Liuhu.sln || exit 1
dotnet build Liuhu.sln -c Release --no-restore -nologo -v q || exit 1

results=artifacts/test-results
rm -rf "$results"
status=0
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  dotnet test "$project" -c Release --no-build --nologo --logger "trx;LogFileName=$name.trx" --results-directory "$results" "$@" || status=$?
done

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  p=$(echo "$counters" | grep -o ' passed="[0-9]*"' | grep -o '[0-9]*')
  f=$(echo "$counters" | grep -o ' failed="[0-9]*"' | grep -o '[0-9]*')
  t=$(echo "$counters" | grep -o ' total="[0-9]*"' | grep -o '[0-9]*')
  e=$(echo "$counters" | grep -o ' executed="[0-9]*"' | grep -o '[0-9]*')
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + t - e))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # a test host crashed or a project did not report: never report green
fi
echo
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
