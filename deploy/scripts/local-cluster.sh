#!/usr/bin/env bash
# Two silos and one web host (joining as a cluster client) on this machine, durable on PostgreSQL.
#   deploy/scripts/local-cluster.sh                      starts a throwaway PostgreSQL in ./.cluster (port 55432)
#   deploy/scripts/local-cluster.sh "Host=...;..."       uses your database instead
# Ctrl+C stops everything it started. Logs: ./.cluster/logs/.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work="$root/.cluster"
mkdir -p "$work/logs"
pids=()

stop() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "${pgdata:-}" ]; then as_pg "$pgbin/pg_ctl" -D "$pgdata" -m fast stop >/dev/null || true; fi
}
trap stop EXIT INT TERM

as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

conn=${1:-}
if [ -z "$conn" ]; then
  pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -x "$pgbin/pg_ctl" ] || { echo "PostgreSQL not found: apt-get install -y postgresql" >&2; exit 1; }
  pgdata="$work/pgdata"
  [ "$(id -u)" = 0 ] && chown postgres "$work"
  [ -d "$pgdata" ] || as_pg "$pgbin/initdb" -D "$pgdata" -A trust -U postgres -E UTF8 >/dev/null
  as_pg "$pgbin/pg_ctl" -D "$pgdata" -w -l "$work/postgres.log" -o "-p 55432 -k $work -c listen_addresses=127.0.0.1" start >/dev/null
  psql -h 127.0.0.1 -p 55432 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'fieldservice'" | grep -q 1 \
    || psql -h 127.0.0.1 -p 55432 -U postgres -c "CREATE DATABASE fieldservice" >/dev/null
  conn="Host=127.0.0.1;Port=55432;Username=postgres;Database=fieldservice"
fi

dotnet build "$root/FieldService.sln" -c Release -v quiet -nologo >/dev/null
silo="$root/Silo/bin/Release/net10.0/FieldService.Silo.dll"
web="$root/WebHost/bin/Release/net10.0/FieldService.WebHost.dll"
export ConnectionStrings__FieldService="$conn" Orleans__ClusterId=local-cluster DOTNET_ENVIRONMENT=Production ASPNETCORE_ENVIRONMENT=Production

dotnet "$silo" apply-schema
for n in 1 2; do
  Orleans__SiloPort=$((11110 + n)) Orleans__GatewayPort=$((30000 + n)) dotnet "$silo" >"$work/logs/silo$n.log" 2>&1 &
  pids+=($!)
done
# A local trial cluster: dev tokens on (deploy/scripts/walk.sh signs in with them), signed with a key made now.
Orleans__CoHostSilo=false ASPNETCORE_URLS=http://127.0.0.1:5080 Auth__DevTokens=true \
  Auth__SigningKey="$(head -c 48 /dev/urandom | base64)" dotnet "$web" --contentRoot "$root/WebHost" >"$work/logs/webhost.log" 2>&1 &
pids+=($!)

for _ in $(seq 1 120); do
  if curl -sf http://127.0.0.1:5080/health/ready >/dev/null; then break; fi
  sleep 0.5
done
curl -sf http://127.0.0.1:5080/health/ready >/dev/null || { echo "the web host did not become ready; see $work/logs" >&2; exit 1; }
echo "2 silos (11111/30001, 11112/30002) + web host http://127.0.0.1:5080 (client). Ctrl+C stops them."
wait
