#!/usr/bin/env bash
# GraphQL throughput for a simple lookup (docs/benchmarks.md, "## Queries").
# Needs a Neo4j with at least one incident (e.g. after `cgintel demo`) and NEO4J_* set.
# Load: wrk (Debian package) on 127.0.0.1, bounded by duration; the server is stopped after.
#   WORKERS=2 CONNECTIONS=16 DURATION=20s bench/queries/throughput.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${VENV:-.venv}/bin
PORT=${PORT:-8190}
WORKERS=${WORKERS:-2}
command -v wrk >/dev/null || { echo "install wrk (apt-get install wrk)"; exit 2; }
ORI=$("$BIN/python" - <<'PY'
import asyncio
from domain.settings import get_settings
from graph.driver import make_driver
async def main():
    s = get_settings(); d = make_driver(s)
    r = await d.execute_query("MATCH (i:Incident) RETURN i.agency_ori AS o, i.id AS id LIMIT 1", database_=s.neo4j_database)
    await d.close()
    print(r.records[0]["o"], r.records[0]["id"])
asyncio.run(main())
PY
)
read -r AGENCY INCIDENT <<<"$ORI"
TOKEN=$("$BIN/cgintel" user create --name "bench reader" --role analyst --agency "$AGENCY" 2>/dev/null)
"$BIN/cgintel" serve --port "$PORT" --workers "$WORKERS" --no-access-log >/tmp/cgintel-bench-serve.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null' EXIT
for _ in $(seq 60); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.5; done
LUA=$(mktemp --suffix=.lua)
cat >"$LUA" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $TOKEN"
wrk.body = '{"query":"query(\$id: ID!) { incident(id: \$id) { id caseNumber occurredAt agencyOri } }","variables":{"id":"$INCIDENT"}}'
LUA
curl -sf -XPOST "http://127.0.0.1:$PORT/graphql" -H 'content-type: application/json' \
  -H "Authorization: Bearer $TOKEN" \
  -d "{\"query\":\"{ incident(id: \\\"$INCIDENT\\\") { id } }\"}" >/dev/null
wrk -t1 -c"${CONNECTIONS:-16}" -d"${DURATION:-20s}" --latency -s "$LUA" "http://127.0.0.1:$PORT/graphql"
rm -f "$LUA"
