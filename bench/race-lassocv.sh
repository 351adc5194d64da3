#!/usr/bin/env bash
# Races Hemingway's LassoCV against scikit-learn's on one convergence-model design and prints the ratio
# (see race_lassocv.py).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec /usr/bin/python3 bench/race_lassocv.py "$@"
