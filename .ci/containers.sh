#!/usr/bin/env bash
# The container stages of CI, on the private engine of scripts/container-engine.sh.
#
#   .ci/containers.sh up            start the engine and load (or build) the local images
#   .ci/containers.sh lint-compose  check docker-compose.yml, and that it demands AUTH_JWT_SECRET
#   .ci/containers.sh smoke REPORT  build the image, start the whole stack, run
#                                   scripts/compose-smoke.sh through the proxy, tear it down,
#                                   and write the outcome to REPORT in Jest's JSON shape
#   .ci/containers.sh down          remove the stack and stop the engine (keeps the image cache)
set -euo pipefail
cd "$(dirname "$0")/.."

PROJECT=caseops-ci
COMPOSE=(docker-compose -p "$PROJECT" -f docker-compose.yml -f docker-compose.ci.yml)

main() {
  case "${1:-}" in
    up) scripts/container-engine.sh up ;;
    lint-compose) lint_compose ;;
    smoke) smoke "$2" ;;
    down) down ;;
    *)
      echo "usage: $0 up|lint-compose|smoke REPORT|down" >&2
      exit 2
      ;;
  esac
}

lint_compose() {
  AUTH_JWT_SECRET=lint docker-compose -f docker-compose.yml config -q
  AUTH_JWT_SECRET=lint "${COMPOSE[@]}" config -q
  if env -u AUTH_JWT_SECRET docker-compose -f docker-compose.yml config -q 2>/dev/null; then
    echo 'docker-compose.yml starts without AUTH_JWT_SECRET; it must refuse' >&2
    exit 1
  fi
  echo 'docker-compose.yml and docker-compose.ci.yml are valid; AUTH_JWT_SECRET is required.'
}

smoke() {
  local report=$1 outcome=failed
  eval "$(scripts/container-engine.sh env)"
  AUTH_JWT_SECRET=$(node -p "require('crypto').randomBytes(32).toString('hex')")
  CASEOPS_PORT=$(node -e "const s = require('net').createServer().listen(0, '127.0.0.1', () => {
    console.log(s.address().port); s.close(); });")
  export AUTH_JWT_SECRET CASEOPS_PORT
  if start_stack && scripts/compose-smoke.sh; then
    outcome=passed
  else
    "${COMPOSE[@]}" ps >&2 || true
    "${COMPOSE[@]}" logs --no-color --tail 40 >&2 || true
  fi
  stop_stack
  write_report "$report" "$outcome"
  [[ "$outcome" == passed ]]
}

start_stack() {
  local started_at=$SECONDS
  npm run build >/dev/null &&
    "${COMPOSE[@]}" build --quiet &&
    echo "Built the service image $(image_size) in $((SECONDS - started_at)) s." &&
    # `up` returns once each replica's health check passed, because the proxy waits for them.
    "${COMPOSE[@]}" up -d --no-build &&
    echo "The stack is up, $(healthy) containers healthy, after $((SECONDS - started_at)) s."
}

image_size() {
  docker image inspect -f '{{.Size}}' caseops:local |
    awk '{ printf "caseops:local, %.0f MB", $1 / 1000000 }'
}

healthy() {
  docker ps --filter "label=com.docker.compose.project=$PROJECT" --filter health=healthy -q |
    wc -l
}

stop_stack() {
  AUTH_JWT_SECRET=${AUTH_JWT_SECRET:-down} "${COMPOSE[@]}" down -v --remove-orphans \
    >/dev/null 2>&1 || true
}

# One check in the shape .ci/summarize-jest.js counts, so the smoke test is in CI's total.
write_report() {
  local report=$1 outcome=$2 passed=0 failed=0
  if [[ "$outcome" == passed ]]; then passed=1; else failed=1; fi
  printf '{"numPassedTests":%d,"numFailedTests":%d,"numRuntimeErrorTestSuites":0}\n' \
    "$passed" "$failed" >"$report"
}

down() {
  if scripts/container-engine.sh status >/dev/null 2>&1; then
    eval "$(scripts/container-engine.sh env)"
    stop_stack
  fi
  scripts/container-engine.sh down
}

main "$@"
