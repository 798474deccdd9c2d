#!/usr/bin/env bash
# Map benchmark (docs/benchmarks.md, "## Maps"): a 10,000-incident region map in Chromium.
set -euo pipefail
cd "$(dirname "$0")/../.."
"${VENV:-.venv}/bin/python" bench/viz/region_10k.py --repeat 3 --markdown
