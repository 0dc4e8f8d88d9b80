#!/usr/bin/env bash
# Soak check of the embedded default: the built WebHost (one process, in-memory storage) with its demo simulator,
# for MINUTES (default 20), with a short grain collection age so that idle grains are deactivated and read back
# from storage over and over. The simulator keeps its open orders and its technicians busy; closed orders, escalations
# and the like go idle and are collected. Once per collection age plus 90 s (Orleans collects once a minute; a
# shorter period would keep them alive) it reads every work order and its history over REST, as a user of the
# board does, which reactivates the ones Orleans collected. At the end it greps the log for errors and prints a
# summary; it exits non-zero on any `fail:`/`crit:` line, exception, 5xx answer or early exit of the process.
#   deploy/scripts/soak.sh [MINUTES]
# Environment: SOAK_COLLECTION_AGE (default 00:02:00; Orleans needs more than its 1-minute collection quantum),
# SOAK_HTTP_PORT / SOAK_SILO_PORT / SOAK_GATEWAY_PORT (default 5090 / 11190 / 30090). Log: ./.soak/webhost.log.
set -euo pipefail
minutes=${1:-20}
root=$(cd "$(dirname "$0")/../.." && pwd)
work="$root/.soak"
mkdir -p "$work"
log="$work/webhost.log"
port=${SOAK_HTTP_PORT:-5090}
base="http://127.0.0.1:$port"
age=${SOAK_COLLECTION_AGE:-00:02:00}
sweep_every=$(awk -F: '{ print $1 * 3600 + $2 * 60 + $3 + 90 }' <<<"$age")

dotnet build "$root/WebHost" -c Release -v quiet -nologo >/dev/null
web="$root/WebHost/bin/Release/net10.0/FieldService.WebHost.dll"

# As `dotnet run --project WebHost` does (launchSettings: Development), with nothing durable and the simulator on.
ASPNETCORE_ENVIRONMENT=Development DOTNET_ENVIRONMENT=Development ASPNETCORE_URLS="$base" ConnectionStrings__FieldService= \
  Orleans__SiloPort=${SOAK_SILO_PORT:-11190} Orleans__GatewayPort=${SOAK_GATEWAY_PORT:-30090} Orleans__CollectionAge="$age" \
  Demo__Seed=true Demo__Simulate=true dotnet "$web" --contentRoot "$root/WebHost" >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT INT TERM

for _ in $(seq 1 120); do
  curl -sf "$base/health/ready" >/dev/null && break
  kill -0 "$pid" 2>/dev/null || { echo "soak: the web host exited at start; see $log" >&2; exit 1; }
  sleep 1
done
curl -sf "$base/health/ready" >/dev/null || { echo "soak: the web host never became ready; see $log" >&2; exit 1; }

token=$(curl -sS --fail-with-body -X POST "$base/api/dev/tokens" -H 'content-type: application/json' \
  -d '{"userId":"soak-manager","roles":["manager"]}' | sed -E 's/.*"token":"([^"]+)".*/\1/')
requests=0 server_errors=0 sweeps=0 orders=0
get() { # path -> counts the answer, remembers 5xx
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "authorization: Bearer $token" "$base$1" || echo 000)
  requests=$((requests + 1))
  if [ "$code" -ge 500 ] || [ "$code" = 000 ]; then
    server_errors=$((server_errors + 1))
    echo "soak: GET $1 answered $code" >&2
  fi
}

echo "soak: embedded WebHost pid $pid on $base, collection age $age, reading everything every $sweep_every s, $minutes min; log $log"
end=$((SECONDS + minutes * 60))
next_sweep=$SECONDS
while [ "$SECONDS" -lt "$end" ]; do
  kill -0 "$pid" 2>/dev/null || { echo "soak: the web host exited early; see $log" >&2; exit 1; }
  if [ "$SECONDS" -lt "$next_sweep" ]; then
    sleep 5
    continue
  fi
  next_sweep=$((SECONDS + sweep_every))
  ids=()
  for page in $(seq 1 1000); do
    body=$(curl -sS -H "authorization: Bearer $token" "$base/api/work-orders?page=$page&pageSize=100" || true)
    mapfile -t found < <(grep -oE '\{"id":"[^"]+"' <<<"$body" | sed -E 's/.*"id":"([^"]+)"/\1/')
    ids+=("${found[@]}")
    [ "${#found[@]}" -eq 100 ] || break
  done
  for id in "${ids[@]}"; do
    get "/api/work-orders/$id"
    get "/api/work-orders/$id/history"
  done
  for path in /api/technicians /api/escalations /api/emergency/roster /api/emergency/plans /api/parts /api/parts-report \
    /api/complaints /api/callbacks /api/inspections /api/standards/general; do
    get "$path"
  done
  sweeps=$((sweeps + 1)) orders=${#ids[@]}
  echo "soak: $(date +%T) sweep $sweeps read $orders orders ($requests requests, $server_errors 5xx so far)"
done

kill "$pid"
wait "$pid" 2>/dev/null || true
trap - EXIT INT TERM

fails=$(grep -c '^fail:' "$log" || true)
crits=$(grep -c '^crit:' "$log" || true)
exceptions=$(grep -cE '[A-Za-z.]+Exception\b' "$log" || true)
echo "soak summary: $minutes min, collection age $age, $sweeps sweeps, $orders orders at the end, $requests requests"
echo "  fail: $fails   crit: $crits   exception lines: $exceptions   5xx answers: $server_errors"
if [ "$fails" -gt 0 ] || [ "$crits" -gt 0 ] || [ "$exceptions" -gt 0 ] || [ "$server_errors" -gt 0 ]; then
  echo "  first errors:"
  grep -nE -m 10 -A3 '^(fail|crit):|[A-Za-z.]+Exception\b' "$log" || true
  exit 1
fi
echo "  no error in the log"
