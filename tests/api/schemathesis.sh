#!/usr/bin/env bash
# Property-based API contract check (schemathesis) against a live server with seeded data.
# Needs DATABASE_URL (PostgreSQL) from scripts/services.sh. Uses a database of its own,
# granska_contract_<pid> (so two runs on one server do not drop each other's), and a temporary
# var dir; stops the server and drops both on exit. Bounded in time.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=.venv/bin/python
MAX_EXAMPLES="${SCHEMATHESIS_MAX_EXAMPLES:-15}"
: "${DATABASE_URL:?DATABASE_URL must point at PostgreSQL (eval \"\$(scripts/services.sh)\")}"

BASE_DB_URL="$DATABASE_URL"
CONTRACT_DB="granska_contract_$$"
contract_db() {
  # contract_db create|drop: the run's own database on the server of DATABASE_URL.
  $PY - "$1" "$CONTRACT_DB" "$BASE_DB_URL" <<'PY'
import sys
from urllib.parse import urlparse
import psycopg
action, name, base = sys.argv[1:]
with psycopg.connect(base, autocommit=True) as conn:
    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    if action == "create":
        conn.execute(f'CREATE DATABASE "{name}"')
        print(urlparse(base)._replace(path=f"/{name}").geturl())
PY
}
CONTRACT_DB_URL=$(contract_db create)
VAR_DIR=$(mktemp -d /tmp/granska-contract.XXXXXX)
SERVER=""
cleanup() {
  if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
  rm -rf "$VAR_DIR"
  contract_db drop || true
}
trap cleanup EXIT
export DATABASE_URL="$CONTRACT_DB_URL" GRANSKA_VAR_DIR="$VAR_DIR" GRANSKA_DEMO=1 DEBUG=0
export CELERY_BROKER_URL="filesystem://" GRANSKA_API_RATE_CLIENT="100000/minute"
export GRANSKA_API_RATE_OFFICER="100000/minute" GRANSKA_API_RATE_ANONYMOUS="100000/minute"

$PY manage.py migrate --noinput -v0
$PY manage.py seed_demo >/dev/null
KEY=$($PY manage.py create_booking_client contract --administration kultur \
  | $PY -c 'import json,sys; print(json.load(sys.stdin)["api_key"])')
TOKEN=$($PY manage.py create_api_token handlaggare --name contract)
AUDITOR_TOKEN=$($PY manage.py create_api_token revisor --name contract)
DECIDER_TOKEN=$($PY manage.py create_api_token beslutsfattare --name contract)
# As in a deployment, checkpoints are signed (GET /api/v1/audit/public-key answers 503 without).
$PY manage.py audit_demo_key --path "$VAR_DIR/audit-signing-key.pem" >/dev/null
export AUDIT_SIGNING_KEY_FILE="$VAR_DIR/audit-signing-key.pem"
# Existing ids, references, premises and organisation numbers for the generated requests; per
# action, the ids of the cases where the token's user may take it (handlaggare, beslutsfattare).
$PY tests/api/contract_data.py contract "$VAR_DIR" handlaggare beslutsfattare
PORT=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

.venv/bin/gunicorn config.wsgi --bind "127.0.0.1:$PORT" --workers 2 --log-level warning \
  >"$VAR_DIR/server.log" 2>&1 &
SERVER=$!
$PY - "$PORT" <<'PY'
import sys, time, urllib.request
for _ in range(100):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/api/schema/", timeout=2)
        break
    except OSError:
        time.sleep(0.2)
else:
    sys.exit("server did not start")
PY

CHECKS=not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance
ROOT=$(pwd)
run() {
  # From the temporary dir, so schemathesis' cache (.schemathesis/) never lands in the tree.
  local config="$1"
  shift
  (cd "$VAR_DIR" && timeout 600 "$ROOT/.venv/bin/schemathesis" --config-file "$VAR_DIR/$config.toml" \
    run "http://127.0.0.1:$PORT/api/schema/" \
    --checks "$CHECKS" --max-examples "$MAX_EXAMPLES" --seed 4 --request-timeout 20 \
    --suppress-health-check all --generation-database none --no-color "$@")
}
LOG="$VAR_DIR/schemathesis.log"
status=0
echo "-- booking-system endpoints (API key)"
run booking -H "Authorization: Bearer $KEY" --include-path-regex '^/api/v1/(premises|booking-requests)' \
  >"$LOG.1" || status=1
# The decisions are a decision maker's only: with the handler's token they are refused (403,
# or 409 where the state does not allow them) before the input is read, and revoke got nothing
# but 403; with a decision maker's they reach the input's checks and the services. First, on
# the cases as seeded: after the officer run has moved them on, revoke and correct found none
# they could be taken on (409 only).
echo "-- the decisions (decision maker's personal token)"
run decisions -H "Authorization: Token $DECIDER_TOKEN" \
  --include-path-regex "$(cat "$VAR_DIR/decisions.regex")" >"$LOG.4" || status=1
# Each action's ids, from the cases as the decisions left them.
$PY tests/api/contract_data.py --refresh "$VAR_DIR" officer handlaggare
echo "-- officer endpoints (personal token)"
run officer -H "Authorization: Token $TOKEN" --include-path-regex '^/api/v1/applications' \
  >"$LOG.2" || status=1
echo "-- audit endpoints (auditor's personal token)"
run audit -H "Authorization: Token $AUDITOR_TOKEN" --include-path-regex '^/api/v1/audit' \
  >"$LOG.3" || status=1
cat "$LOG.1" "$LOG.4" "$LOG.2" "$LOG.3" >"$LOG"
# schemathesis closes each run with a pytest-like "== N warnings in Xs ==" line; CI reads such
# lines as a test runner's verdict, so they are left out of what is printed.
grep -vE '^=+ .* in [0-9.]+s =+$' "$LOG" || true
# One plain closing line for CI: test cases passed and failed over all the runs.
passed=$(grep -oE '[0-9]+ generated, [0-9]+ passed' "$LOG" | awk '{s+=$3} END {print s+0}' || true)
failed=$(grep -oE '[0-9]+ failed' "$LOG" | awk '{s+=$1} END {print s+0}' || true)
[ "$status" -eq 0 ] || [ "$failed" -gt 0 ] || failed=1
echo "contract: $passed passed, $failed failed"
exit "$status"
