#!/usr/bin/env bash
# Starts the API in its embedded mode (co-hosted silo, memory only) on free loopback ports, checks that redis-cli and
# redis-benchmark work against its RESP port, runs every example with Debian's python3-redis and checks its output,
# then stops the API by its process id. Prints "examples: N passed, N failed"; exits non-zero on any failure.
# CONFIGURATION (default Release) picks the build; the API is built when its output is missing.
set -uo pipefail
cd "$(dirname "$0")/.."
configuration="${CONFIGURATION:-Release}"
python=/usr/bin/python3
"$python" -c 'import redis' 2>/dev/null || { echo "the examples need Debian's python3-redis (apt-get install python3-redis)"; exit 1; }
command -v redis-benchmark >/dev/null || { echo "the examples need redis-tools (apt-get install redis-tools)"; exit 1; }
dll="src/GrainSystem.Api/bin/$configuration/net10.0/GrainSystem.Api.dll"
[ -f "$dll" ] || dotnet build src/GrainSystem.Api -c "$configuration" -nologo -clp:ErrorsOnly || exit 1

free_port() { "$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
http_port=$(free_port); resp_port=$(free_port); silo_port=$(free_port); gateway_port=$(free_port)
log=$(mktemp -d)/api.log
DOTNET_ENVIRONMENT=Production ASPNETCORE_ENVIRONMENT=Production Resp__Port="$resp_port" \
  Orleans__SiloPort="$silo_port" Orleans__GatewayPort="$gateway_port" \
  dotnet "$dll" --urls "http://127.0.0.1:$http_port" >"$log" 2>&1 &
api_pid=$!
trap 'kill "$api_pid" 2>/dev/null; wait "$api_pid" 2>/dev/null' EXIT

for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$http_port/health/ready" >/dev/null 2>&1 && break
  kill -0 "$api_pid" 2>/dev/null || { echo "the API exited:"; tail -40 "$log"; exit 1; }
  sleep 0.5
done
curl -fs "http://127.0.0.1:$http_port/health/ready" >/dev/null || { echo "the API was not ready in 60 s:"; tail -40 "$log"; exit 1; }

export GRAINSYSTEM_RESP_HOST=127.0.0.1 GRAINSYSTEM_RESP_PORT="$resp_port" GRAINSYSTEM_HTTP_URL="http://127.0.0.1:$http_port"
passed=0; failed=0
# check NAME PATTERN... -- COMMAND...: runs COMMAND (60 s at most); passes when it exits 0 and prints every pattern.
check() {
  local name=$1; shift; local patterns=()
  while [ "$1" != "--" ]; do patterns+=("$1"); shift; done; shift
  local out status=0
  out=$(timeout 60 "$@" 2>&1) || status=$?
  for p in "${patterns[@]}"; do grep -qE -- "$p" <<<"$out" || status=1; done
  if [ "$status" -eq 0 ]; then echo "ok   $name"; passed=$((passed + 1)); else
    echo "FAIL $name"; sed 's/^/     /' <<<"$out" | tail -30; failed=$((failed + 1)); fi
}
cli() { redis-cli -h 127.0.0.1 -p "$resp_port" "$@"; }
key="examples:$$"

check "redis-cli ping, set, get, incr, ttl" '^PONG$' '^OK$' '^hello world$' '^42$' '^(9[0-9]|100)$' -- \
  bash -c "redis-cli -h 127.0.0.1 -p $resp_port PING && redis-cli -h 127.0.0.1 -p $resp_port SET $key 'hello world' EX 100 \
    && redis-cli -h 127.0.0.1 -p $resp_port GET $key && redis-cli -h 127.0.0.1 -p $resp_port INCRBY $key:n 42 \
    && redis-cli -h 127.0.0.1 -p $resp_port -3 TTL $key"
check "redis-cli reads what HTTP wrote" '^from http$' -- \
  bash -c "curl -fs -X PUT --data-binary 'from http' http://127.0.0.1:$http_port/cache/$key:http >/dev/null \
    && redis-cli -h 127.0.0.1 -p $resp_port GET $key:http"
check "redis-cli errors as Redis's" 'ERR unknown command .NOPE.' 'ERR value is not an integer or out of range' 'CROSSSLOT' -- \
  bash -c "redis-cli -h 127.0.0.1 -p $resp_port NOPE; redis-cli -h 127.0.0.1 -p $resp_port INCR $key; \
    redis-cli -h 127.0.0.1 -p $resp_port MSET a{1} 1 b{2} 2 c{3} 3 d{4} 4 e{5} 5 f{6} 6 g{7} 7 h{8} 8"
check "redis-benchmark ping, set, get, incr" '^"PING_INLINE","' '^"PING_MBULK","' '^"SET","' '^"GET","' '^"INCR","' -- \
  bash -c "out=\$(redis-benchmark -h 127.0.0.1 -p $resp_port -t ping,set,get,incr -n 20000 --csv 2>&1); echo \"\$out\"; \
    ! grep -qiE 'error|refused|timeout' <<<\"\$out\""
cli DEL "$key" "$key:n" "$key:http" >/dev/null

check "cache decorator (get, setex)" '^first call: True in over a second$' '^second call: True in under a second$' \
  '^cached for about a minute: True$' -- "$python" examples/cache_decorator.py
check "lock (SET NX EX, pipeline GET + DEL)" '^worker-1: executing critical section$' '^worker-2: failed to acquire lock$' \
  '^worker-1: released True$' '^worker-3: executing critical section$' '^worker-3: released True$' -- "$python" examples/lock.py
check "fenced lock (GS.LOCK)" '^worker-fast writes: True$' '^worker-slow wakes up and writes: False$' '^worker-slow releases: False$' \
  '^worker-fast releases: True$' '^stored: fast$' -- "$python" examples/fenced_lock.py
check "pub/sub (psubscribe user.*)" '^published to 1 subscriber\(s\)$' '^on user.created matching user\.\*$' \
  "^Received user event: user.created \{'id': 1, 'name': 'John'\}$" -- "$python" examples/pubsub.py
check "leader election (GS.LOCK)" '^leaders: 3, distinct: 3$' '^terms grow: True$' -- "$python" examples/leader_election.py
check "chunked task (HTTP jobs)" '^job Completed: 10 of 10 chunks$' '^results: 10000, in order and correct: True$' -- \
  "$python" examples/chunked_task.py

kill -0 "$api_pid" 2>/dev/null || { echo "the API died during the examples:"; tail -40 "$log"; failed=$((failed + 1)); }
echo "examples: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
