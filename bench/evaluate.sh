#!/usr/bin/env bash
# Hemingway's regret against the exhaustive sweep, on the main job's defaults (MNIST digit 5 vs rest, hinge loss,
# λ = 1e-4, ε = 1e-4, CoCoA, CoCoA+, mini-batch SGD and local SGD on m = 1, 2, …, 128 of the simulated Spark cluster,
# at most 1000 iterations) and on a second data set given as arguments, e.g.
#   bench/evaluate.sh                                   # MNIST-5 only
#   bench/evaluate.sh --data fashion:0 --fraction 0.2   # ... then the same for another data set
# Each prints `hemingway evaluate`'s table and writes its JSON to bench/results/evaluate-<name>.json. The sweep's cells
# live in .cache/evaluate/traces.db and are reused: a second run only profiles again and runs the adaptive plan.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
hemingway=src/Hemingway.Cli/bin/Release/net10.0/hemingway
store=.cache/evaluate/traces.db
mkdir -p .cache/evaluate bench/results

evaluate() {
  local name=$1
  shift
  "$hemingway" evaluate --store "$store" --json "$@" >"bench/results/evaluate-$name.json"
  /usr/bin/python3 - "bench/results/evaluate-$name.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
rec, best, ad = r["recommended"], r["best"], r.get("adaptive")
print(f"{sys.argv[1]}: regret {r['regret']}, profiling {r['profiling_seconds']:.1f} s / sweep {r['sweep_seconds']:.1f} s"
      f" = {r['profiling_cost_ratio']:.4f}")
if rec: print(f"  recommended {rec['algorithm']} on {rec['machines']}: true {rec['true_seconds']} s")
if best: print(f"  best        {best['algorithm']} on {best['machines']}: true {best['true_seconds']} s")
if ad: print(f"  adaptive: reached {ad['reached_goal']}, {ad['seconds']:.1f} s, {ad['switches']} switches, ratio {ad['ratio_to_best']}")
PY
}

evaluate mnist5
if (($# > 0)); then
  evaluate "$(printf '%s' "$*" | tr -c 'A-Za-z0-9.' '-' | sed 's/^-*//; s/-*$//')" "$@"
fi
