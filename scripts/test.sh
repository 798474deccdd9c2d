#!/usr/bin/env bash
# The test command (make test). Starts a fresh local Neo4j 5.26 on its own port, runs pytest,
# stops Neo4j whatever happens, and exits with pytest's status.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=${VENV:-.venv}/bin

export NEO4J_URI=${CGI_TEST_NEO4J_URI:-bolt://127.0.0.1:7688}
export NEO4J_USER=neo4j
export NEO4J_PASSWORD=${CGI_TEST_NEO4J_PASSWORD:-cgintel-test-password}
export NEO4J_DATABASE=neo4j
export CGI_NEO4J_HOME=${CGI_TEST_NEO4J_HOME:-var/neo4j-test}
export CGI_EVIDENCE_STORE=${CGI_TEST_EVIDENCE_STORE:-var/test-evidence}
export CGI_SIGNATURE_STORE=${CGI_TEST_SIGNATURE_STORE:-var/test-signatures}
export CGI_SHARED_DATA=${CGI_SHARED_DATA:-../shared/data}
export CGI_TEST_NEO4J_MANAGED=1   # tests may stop/kill and restart this server

rm -rf "$CGI_NEO4J_HOME" "$CGI_EVIDENCE_STORE" "$CGI_SIGNATURE_STORE"
start=$(date +%s)
"$BIN/cgintel" neo4j start || { echo "could not start Neo4j"; exit 1; }
echo "Neo4j up in $(( $(date +%s) - start )) s"

"$BIN/python" -m pytest "$@"
rc=$?

"$BIN/cgintel" neo4j stop || true
# pytest exit code 5 means no test ran: that is a failure of the test command too.
exit $rc
