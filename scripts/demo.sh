#!/usr/bin/env bash
# make demo: the service with demo data, without Docker.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${VENV:-.venv}/bin
export NEO4J_URI=${NEO4J_URI:-bolt://127.0.0.1:7687}
export NEO4J_PASSWORD=${NEO4J_PASSWORD:-cgintel-demo-only}
export CGI_NEO4J_HOME=${CGI_NEO4J_HOME:-var/neo4j}
"$BIN/cgintel" neo4j start
"$BIN/cgintel" db init
"$BIN/cgintel" demo
"$BIN/cgintel" user demo-tokens --out var/demo-tokens.json
echo "Demo API tokens (one per role) are in var/demo-tokens.json"
echo "GraphQL: http://127.0.0.1:8000/graphql   (stop Neo4j afterwards: make neo4j-stop)"
exec "$BIN/cgintel" serve --host 127.0.0.1 --port 8000
