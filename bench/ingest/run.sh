#!/usr/bin/env bash
# Ingest benchmarks (docs/benchmarks.md, "## Ingest"). Needs a running Neo4j for the write
# benchmarks (cgintel neo4j start) and NEO4J_* in the environment. The database is EMPTIED.
#   CGI_BENCH_ACQUISITIONS=1000000 bench/ingest/run.sh   # the full 1M-acquisition graph
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${VENV:-.venv}/bin/python
mkdir -p artifacts/bench
"$PY" bench/ingest/precinct_agreement.py | tee artifacts/bench/precinct_agreement.json
"$PY" bench/ingest/synthetic_graph.py --acquisitions "${CGI_BENCH_ACQUISITIONS:-100000}" \
  | tee artifacts/bench/synthetic_graph.json
