#!/usr/bin/env bash
# Query benchmarks (docs/benchmarks.md, "Queries"). WIPES the database at $NEO4J_URI first:
# point it at a scratch Neo4j (e.g. `cgintel neo4j start` with its own CGI_NEO4J_HOME).
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${VENV:-.venv}/bin/python
: "${NEO4J_URI:?set NEO4J_URI to a scratch Neo4j}" "${NEO4J_PASSWORD:?set NEO4J_PASSWORD}"
"$PY" bench/queries/synth.py --acquisitions "${CGI_BENCH_ACQUISITIONS:-100000}"
"$PY" bench/queries/run_queries.py --samples 300 --seconds 20 --concurrency 16
