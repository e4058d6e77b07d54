#!/usr/bin/env bash
# Runs every test project of GrainSystem (unit, API, integration) in Release and prints
# "tests: N passed, N failed". Installs redis-server first when it is missing (Debian/Ubuntu),
# because the integration tests start private redis-server processes.
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if ! command -v redis-server >/dev/null 2>&1 && [ ! -x /usr/bin/redis-server ]; then
  echo "redis-server not found: installing it"
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends redis-server >/dev/null || {
    echo "could not install redis-server; install it (apt-get install -y redis-server) and run again" >&2; exit 1; }
fi

results="$PWD/TestResults"
rm -rf "$results"
dotnet build GrainSystem.sln -c Release -nologo -clp:ErrorsOnly || { echo "tests: 0 passed, 1 failed"; exit 1; }

status=0
for project in tests/GrainSystem.Tests tests/GrainSystem.Api.Tests tests/GrainSystem.IntegrationTests; do
  name=$(basename "$project")
  echo "== $name"
  # A hung test is dumped and ended after 5 minutes instead of stalling the run.
  dotnet test "$project" -c Release --no-build -nologo --logger "trx;LogFileName=$name.trx" \
    --logger "console;verbosity=normal" --results-directory "$results" --blame-hang-timeout 5m || status=1
done

passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
count=$(ls "$results"/*.trx 2>/dev/null | wc -l)
if [ "$count" -lt 3 ]; then echo "only $count of 3 test projects reported results"; status=1; [ "$failed" -gt 0 ] || failed=1; fi
[ "$failed" -eq 0 ] || status=1
echo "tests: $passed passed, $failed failed"
exit $status
