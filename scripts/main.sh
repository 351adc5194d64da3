#!/usr/bin/env bash
# Runs the main job: scripts/setup.sh (installs, fetches MNIST, builds Release), then
#   hemingway advise [extra args]   (defaults: mnist:5, hinge, λ = 1e-4, ε = 1e-4, m ∈ {1, 2, …, 128}, simulated spark cluster)
# Extra arguments are appended (e.g. --json, --seed 7). Setup reports on stderr, so stdout is the job's alone.
# The job runs in the caller's directory, so relative data paths mean what they say.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [[ -n ${HEMINGWAY_CACHE:-} ]]; then
  export HEMINGWAY_CACHE
  HEMINGWAY_CACHE=$(realpath -m -- "$HEMINGWAY_CACHE")
fi

bash "$root/scripts/setup.sh"

hemingway=$root/src/Hemingway.Cli/bin/Release/net10.0/hemingway
if [[ ! -x $hemingway ]]; then
  echo "main: FAILED: the build left no $hemingway" >&2
  exit 1
fi
exec "$hemingway" advise "$@"
