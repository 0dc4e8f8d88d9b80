#!/usr/bin/env bash
# Walks one work order through the whole repair process (P1 -> P9) over HTTP and checks each status.
# Usage: deploy/scripts/walk.sh [base-url]      (default http://localhost:5080)
# Works against either mode; needs only curl.
set -euo pipefail
base=${1:-http://localhost:5080}
tech="t-walk-$RANDOM"

call() { # method path [json] -> body; fails on a non-2xx answer
  local method=$1 path=$2 body=${3:-}
  if [ -n "$body" ]; then
    curl -sS --fail-with-body -X "$method" "$base$path" -H 'content-type: application/json' -d "$body"
  else
    curl -sS --fail-with-body -X "$method" "$base$path"
  fi
}
# An order's JSON starts with its id, then its status.
id_of() { sed -E 's/^\{"id":"([^"]+)".*/\1/'; }
status_of() { sed -E 's/^\{"id":"[^"]*","status":"([^"]+)".*/\1/'; }

call PUT "/api/technicians/$tech" '{"name":"Walk Tester","region":"north","skills":[{"name":"hvac","level":4}],"home":{"lat":31.3,"lon":121.5},"capacity":2}' >/dev/null
id=$(call POST /api/work-orders '{"customer":{"name":"Harbour Hotel","phone":"+86 21 5555 0101","address":"18 Riverside Road"},"product":{"model":"AC-9000","serialNumber":"SN-1","category":"hvac","critical":false},"fault":{"description":"Blows warm air","channel":"phone"},"priority":"high","region":"north","requiredSkill":{"skill":"hvac","level":3}}' | id_of)
echo "P1 reported  $id"

step() { # command json expected-status
  local status
  status=$(call POST "/api/work-orders/$id/$1" "${2:-}" | status_of)
  if [ "$status" != "$3" ]; then echo "after $1: expected $3, got $status" >&2; exit 1; fi
  printf '%-4s %-13s -> %s\n' "$4" "$1" "$status"
}
eta=$(date -u -d '+2 hours' +%Y-%m-%dT%H:%M:%SZ)
step triage '{"onSite":true,"notes":"needs a visit"}' triaged P1
step dispatch "{\"technicianId\":\"$tech\"}" dispatched P2
step accept '' accepted P3
step en-route "{\"eta\":\"$eta\"}" en-route P4
step arrive '' on-site P4
step diagnosis '{"cause":"control board","complex":true,"estimate":{"duration":"PT2H","cost":450}}' diagnosed P5
step start-repair '' in-repair P6
step progress '{"note":"board replaced"}' in-repair P6
step complete '{"selfCheck":{"passed":true,"notes":"cooling restored"}}' completed P7
step acceptance '{"signedBy":"Ms Chen","signature":"data:image/png;base64,iVBORw0KGgo="}' customer-accepted P7
step cleanup '' cleaned-up P8
step callback '{"satisfaction":5,"comments":"quick and tidy"}' closed P9
entries=$(call GET "/api/work-orders/$id/history" | grep -o '"sequence":' | wc -l)
echo "closed: $entries history entries; audit: $base/api/audit?workOrderId=$id"
