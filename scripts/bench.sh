#!/usr/bin/env bash
# make bench: every benchmark in bench/ (docs/benchmarks.md gives each one's own command).
# Graph benchmarks run against a dedicated local Neo4j (its own port and data folder), never
# against your working database: they empty it.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=${VENV:-.venv}/bin
export NEO4J_URI=${CGI_BENCH_NEO4J_URI:-bolt://127.0.0.1:7691}
export NEO4J_PASSWORD=${CGI_BENCH_NEO4J_PASSWORD:-cgintel-bench-password}
export CGI_NEO4J_HOME=${CGI_BENCH_NEO4J_HOME:-var/neo4j-bench}
export CGI_NEO4J_HEAP_MB=${CGI_NEO4J_HEAP_MB:-2048}
export CGI_NEO4J_PAGECACHE_MB=${CGI_NEO4J_PAGECACHE_MB:-2048}
"$BIN/cgintel" neo4j start || exit 1
rc=0
for script in bench/*/run.sh; do
  echo "== $script"
  "$script" || rc=1
done
"$BIN/cgintel" neo4j stop
exit $rc
