#!/usr/bin/env bash
# The paper's case study (Hemingway §2.3, Figure 1) on the simulated Spark cluster: MNIST digit 5 vs rest, hinge loss,
# λ = 3e-3, CoCoA, CoCoA+, mini-batch SGD and local SGD on m = 1..128 machines, each run until P − P* ≤ 1e-4 or 500
# iterations. λ = 3e-3 is where CoCoA on one machine needs about as many iterations as the paper reports (~10).
# Output: bench/results/case-study-traces.csv (every iteration of every run) and case-study-summary.csv (one line per run).
# Resumable: run it again after an interruption and it continues where it stopped.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
hemingway=src/Hemingway.Cli/bin/Release/net10.0/hemingway
store=.cache/case-study/traces.db
mkdir -p .cache/case-study bench/results

"$hemingway" sweep --data mnist:5 --loss hinge --lambda 3e-3 --engine sim --cluster spark --compute model \
  --algorithms cocoa,cocoa+,minibatch-sgd,local-sgd --machines 1,2,4,8,16,32,64,128 \
  --target-subopt 1e-4 --iterations 500 --seed 0 --store "$store" "$@"
"$hemingway" traces export --store "$store" --out bench/results/case-study-traces.csv
/usr/bin/python3 bench/case_study_summary.py bench/results/case-study-traces.csv bench/results/case-study-summary.csv
