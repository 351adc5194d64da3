#!/usr/bin/python3
"""Race Hemingway against LIBLINEAR on MNIST digit 5 vs rest, hinge loss, in one run, and print the ratios.

1. Solve: time for our SDCA (hemingway run, one thread) to reach relative primal sub-optimality (P - P*)/P* <= 1e-4,
   against liblinear-train -s 3 run with each -e of a grid; LIBLINEAR's time is that of the fastest -e whose model
   reaches the same sub-optimality. Both are whole processes that read the same LIBSVM file.
2. Read: `hemingway data info` on the file against LIBLINEAR reading it (liblinear-predict with a model, which parses
   every line; and liblinear-train with a huge -e, which reads and runs one pass; the faster of the two counts).

Every time is the median of --repeats runs. Usage: bench/race-liblinear.sh [--lambda 1e-4] [--repeats 3]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
from sklearn.datasets import load_svmlight_file

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HEMINGWAY = os.path.join(ROOT, "src/Hemingway.Cli/bin/Release/net10.0/hemingway")
TRAIN, PREDICT = "/usr/bin/liblinear-train", "/usr/bin/liblinear-predict"


def timed(command, repeats):
    """Median wall time of a command over several runs, and the stdout of the last run."""
    times, out = [], ""
    for _ in range(repeats):
        start = time.perf_counter()
        done = subprocess.run(command, check=True, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        out = done.stdout
    return statistics.median(times), out


def read_liblinear_weights(path, dimension):
    lines = open(path).read().split("\n")
    labels = next(l for l in lines if l.startswith("label ")).split()
    start = lines.index("w") + 1
    values = [float(v) for v in lines[start:start + dimension] if v.strip()]
    w = np.zeros(dimension)
    w[: len(values)] = values
    return w if labels[1] in ("1", "+1") else -w


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lambda", dest="lam", type=float, default=1e-4)
    parser.add_argument("--target", type=float, default=1e-4, help="relative sub-optimality to reach")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--epsilons", default="0.5,0.2,0.1,0.05,0.02,0.01", help="liblinear-train -e grid")
    args = parser.parse_args()

    work = os.path.join(ROOT, ".cache", "bench")
    os.makedirs(work, exist_ok=True)
    data = os.path.join(work, "mnist5.svm")
    if not os.path.exists(data):
        subprocess.run([HEMINGWAY, "data", "export", "--data", "mnist:5", "--out", data], check=True)
    size_mb = os.path.getsize(data) / 1e6

    # P* from our oracle (solved once, then cached), and the same file as numpy arrays for evaluating LIBLINEAR's w.
    done = subprocess.run([HEMINGWAY, "run", "--data", data, "--lambda", repr(args.lam), "--iterations", "0", "--json"],
                          check=True, capture_output=True, text=True)
    optimum = json.loads(done.stdout)["optimum"]
    X, y = load_svmlight_file(data, n_features=784)
    n = X.shape[0]

    def primal(w):
        return float(np.mean(np.maximum(0.0, 1.0 - y * (X @ w))) + args.lam / 2 * w @ w)

    print(f"data {data} ({size_mb:.0f} MB, {n} rows), hinge, lambda {args.lam:g}, P* = {optimum!r}")
    print(f"target: (P - P*)/P* <= {args.target:g}; times are medians of {args.repeats} runs\n")

    # LIBLINEAR: the fastest -e that reaches the target.
    c = 1.0 / (args.lam * n)
    best = None
    with tempfile.TemporaryDirectory() as tmp:
        model = os.path.join(tmp, "model")
        for eps in args.epsilons.split(","):
            seconds, _ = timed([TRAIN, "-s", "3", "-c", repr(c), "-e", eps, "-q", data, model], args.repeats)
            rel = (primal(read_liblinear_weights(model, 784)) - optimum) / optimum
            reached = rel <= args.target
            print(f"  liblinear-train -s 3 -e {eps:<5} {seconds:7.3f} s   relative sub-optimality {rel:.2e}"
                  f"{'  reaches the target' if reached else ''}")
            if reached and (best is None or seconds < best[0]):
                best = (seconds, eps)

        ours, out = timed([HEMINGWAY, "run", "--data", data, "--lambda", repr(args.lam),
                           "--target-subopt", repr(args.target * optimum), "--iterations", "100000", "--json"], args.repeats)
        report = json.loads(out)
        print(f"  hemingway run --algorithm sdca        {ours:7.3f} s   relative sub-optimality {report['subopt'] / optimum:.2e}"
              f"  ({report['iterations']} epochs, stop: {report['stop_reason']})")
        if best is None:
            print("\nsolve: no -e in the grid reached the target; widen --epsilons")
        else:
            print(f"\nsolve ratio (ours / LIBLINEAR -e {best[1]}): {ours / best[0]:.2f}")

        # Reading the file.
        read_ours, _ = timed([HEMINGWAY, "data", "info", "--data", data, "--json"], args.repeats)
        read_predict, _ = timed([PREDICT, data, model, os.path.join(tmp, "predictions")], args.repeats)
        read_train, _ = timed([TRAIN, "-s", "3", "-c", repr(c), "-e", "1e9", "-q", data, model], args.repeats)
        read_theirs = min(read_predict, read_train)
        print(f"\nread: hemingway data info {read_ours:.3f} s; liblinear-predict {read_predict:.3f} s, "
              f"liblinear-train -e 1e9 {read_train:.3f} s")
        print(f"read ratio (ours / LIBLINEAR): {read_ours / read_theirs:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
