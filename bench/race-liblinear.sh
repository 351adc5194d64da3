#!/usr/bin/env bash
# Races Hemingway's SDCA and data reader against LIBLINEAR on MNIST-5 and prints the ratios (see race-liblinear.py).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec /usr/bin/python3 bench/race-liblinear.py "$@"
