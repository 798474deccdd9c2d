#!/usr/bin/env bash
# make bench: every benchmark in bench/ (see docs/benchmarks.md for each one's command).
set -euo pipefail
cd "$(dirname "$0")/.."
for script in bench/*/run.sh; do
  [ -x "$script" ] && "$script"
done
