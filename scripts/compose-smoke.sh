#!/usr/bin/env bash
# Smoke test of the compose stack, through its proxy: a case, an operation moved to succeeded
# and read back from a replica other than the one that wrote it, and readiness.
#
#   AUTH_JWT_SECRET=... scripts/compose-smoke.sh [BASE_URL]   (default http://127.0.0.1:8080)
#
# Needs curl and a built service on the host (`npm run build`), whose token minter signs with
# the same AUTH_JWT_SECRET the stack was started with. Exits non-zero at the first surprise.
set -euo pipefail
cd "$(dirname "$0")/.."

BASE=${1:-http://127.0.0.1:${CASEOPS_PORT:-8080}}
API=$BASE/beta/compliance/ediscovery
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

fail() {
  echo "smoke: FAILED: $*" >&2
  exit 1
}

step() {
  echo "smoke: $*"
}

# call METHOD URL [BODY]: the status code on stdout; headers and body in $WORK.
call() {
  local method=$1 url=$2 body=${3:-}
  local args=(-sS -o "$WORK/body" -D "$WORK/headers" -w '%{http_code}' -X "$method" "$url")
  args+=(-H "Authorization: Bearer $TOKEN")
  if [[ -n "$body" ]]; then
    args+=(-H 'Content-Type: application/json' --data "$body")
  fi
  curl "${args[@]}"
}

expect() {
  local want=$1 got=$2 what=$3
  [[ "$got" == "$want" ]] || fail "$what answered $got, expected $want: $(head -c 500 "$WORK/body")"
}

field() {
  node -e "const v = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8'))[process.argv[2]];
    console.log(typeof v === 'object' ? JSON.stringify(v) : v)" "$WORK/body" "$1"
}

upstream() {
  awk 'tolower($1) == "x-upstream:" { print $2 }' "$WORK/headers" | tr -d '\r'
}

wait_until_ready() {
  for _ in $(seq 1 60); do
    if [[ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/health/ready")" == 200 ]]; then
      return
    fi
    sleep 1
  done
  fail "$BASE/health/ready did not answer 200 within 60 s"
}

create_case() {
  expect 201 "$(call POST "$API/cases" "{\"displayName\": \"Smoke $(date +%s%N)\"}")" 'POST case'
  CASE_ID=$(field id)
  step "created case $CASE_ID"
}

create_operation() {
  local body='{"action": "contentExport", "status": "running", "outputName": "smoke"}'
  expect 201 "$(call POST "$API/cases/$CASE_ID/operations" "$body")" 'POST operation'
  OPERATION=$API/cases/$CASE_ID/operations/$(field id)
  step "created operation $(field id) (status $(field status))"
}

complete_operation() {
  local body='{"status": "succeeded", "resultInfo": {"code": 0, "message": "smoke", "subcode": 0}}'
  expect 204 "$(call PATCH "$OPERATION" "$body")" 'PATCH operation to succeeded'
  WRITER=$(upstream)
  [[ -n "$WRITER" ]] || fail 'the proxy sent no X-Upstream header'
  step "moved it to succeeded through replica $WRITER"
}

# Round-robin sends the next request elsewhere; a few tries cover a replica that is skipped.
read_from_another_replica() {
  local reader
  for _ in $(seq 1 12); do
    expect 200 "$(call GET "$OPERATION")" 'GET operation'
    reader=$(upstream)
    if [[ "$reader" != "$WRITER" ]]; then
      [[ "$(field status)" == succeeded ]] || fail "replica $reader read status $(field status)"
      step "read it back as succeeded through replica $reader"
      return
    fi
  done
  fail "every read was answered by $WRITER, the replica that wrote"
}

check_readiness() {
  expect 200 "$(call GET "$BASE/health/ready")" 'GET /health/ready'
  [[ "$(field status)" == ok ]] || fail "readiness reported $(head -c 500 "$WORK/body")"
  step 'readiness: ok'
}

[[ -n "${AUTH_JWT_SECRET:-}" ]] || fail 'set AUTH_JWT_SECRET to the secret the stack runs with'
[[ -f dist/scripts/mint-token.js ]] || fail 'build the service first (npm run build)'
TOKEN=$(node dist/scripts/mint-token.js --tenant "$(node -p 'crypto.randomUUID()')")

wait_until_ready
create_case
create_operation
complete_operation
read_from_another_replica
check_readiness
step "passed against $BASE"
