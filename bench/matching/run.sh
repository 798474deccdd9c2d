#!/usr/bin/env bash
# Matching benchmarks (docs/benchmarks.md, "## Matching"): accuracy on the real scans,
# speed, retrieval among synthetic distractors.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${VENV:-.venv}/bin
DATA=${CGI_SHARED_DATA:-../shared/data}
mkdir -p artifacts/bench
for set in fadul_ruger_p95 baldwin_ruger_sr9; do
  "$BIN/cgintel" eval matching --scans "$DATA/scans/$set" --labels "bench/matching/labels/$set.csv" \
    --out "artifacts/bench/pairs_$set.csv"
done
"$BIN/python" bench/matching/bench_speed.py
"$BIN/python" bench/matching/bench_retrieval.py "${CGI_BENCH_DISTRACTORS:-10000}"
