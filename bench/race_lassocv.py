#!/usr/bin/python3
"""Race Hemingway's LassoCV against scikit-learn's on one convergence-model design, in one run, and print the ratio.

The design mirrors what the convergence model g(i, m) fits (REFERENCE.md section 4): rows (i, m) for i = 1..I and
m in {1, 2, 4, ..., 128}, a library of fractional, polynomial and logarithmic features of i and m and their products,
and y = log(a (1 - c/m)^i + floor) + noise, a stand-in for log sub-optimality traces that stagnate at a floor.

Both sides fit the same CSV with the same settings (tol 1e-4, max_iter 1000, 5 unshuffled folds, 100 alphas,
eps 1e-3, fit_intercept, features standardised with the population std first). Only the fit is timed: scikit-learn's
`LassoCV.fit` (after StandardScaler, which is timed too, since ours standardises inside its fit) and ours inside
bench/Hemingway.LassoBench (no process start, no CSV reading). Each side reports its first fit and the median of
--repeats further fits; the ratio is ours / scikit-learn's on the medians (goal <= 1.0). Our first fit in a fresh
process pays for tier-0 JIT code; it is shown as is and with DOTNET_TC_QuickJitForLoops=0, the setting that removes it.

Usage: bench/race-lassocv.sh [--iterations 1250] [--repeats 5] [--seed 0]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LassoCV
from sklearn.model_selection import KFold
from sklearn.preprocessing import StandardScaler

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench", "Hemingway.LassoBench")

FEATURES = [
    ("i", lambda i, m: i),
    ("1/i", lambda i, m: 1 / i),
    ("sqrt(i)", lambda i, m: np.sqrt(i)),
    ("log(i)", lambda i, m: np.log(i)),
    ("i^2", lambda i, m: i**2),
    ("log(i)^2", lambda i, m: np.log(i) ** 2),
    ("m", lambda i, m: m),
    ("1/m", lambda i, m: 1 / m),
    ("sqrt(m)", lambda i, m: np.sqrt(m)),
    ("log(m)", lambda i, m: np.log(m)),
    ("m^2", lambda i, m: m**2),
    ("i/m", lambda i, m: i / m),
    ("i/sqrt(m)", lambda i, m: i / np.sqrt(m)),
    ("i*log(m)", lambda i, m: i * np.log(m)),
    ("i*m", lambda i, m: i * m),
    ("i/m^2", lambda i, m: i / m**2),
    ("i^2/m", lambda i, m: i**2 / m),
    ("log(i)*log(m)", lambda i, m: np.log(i) * np.log(m)),
    ("log(i)/m", lambda i, m: np.log(i) / m),
    ("log(i)/sqrt(m)", lambda i, m: np.log(i) / np.sqrt(m)),
    ("sqrt(i)/m", lambda i, m: np.sqrt(i) / m),
    ("sqrt(i*m)", lambda i, m: np.sqrt(i * m)),
    ("1/(i*m)", lambda i, m: 1 / (i * m)),
    ("exp(-i/m)", lambda i, m: np.exp(-i / m)),
]


def design(iterations, seed):
    rng = np.random.default_rng(seed)
    machines = 2.0 ** np.arange(8)
    i, m = np.meshgrid(np.arange(1, iterations + 1, dtype=float), machines)
    i, m = i.ravel(), m.ravel()
    X = np.column_stack([f(i, m) for _, f in FEATURES])
    y = np.log(2.0 * (1 - 0.5 / m) ** i + 1e-9) + 0.05 * rng.standard_normal(i.size)
    return X, y


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--iterations", type=int, default=1250, help="i = 1..I per machine count (8 counts)")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    X, y = design(args.iterations, args.seed)
    n, p = X.shape
    work = tempfile.mkdtemp(prefix="race-lassocv-")
    data = os.path.join(work, "design.csv")
    np.savetxt(data, np.column_stack([X, y]), delimiter=",", fmt="%.17g",
               header=",".join([name for name, _ in FEATURES] + ["y"]), comments="")

    settings = dict(tol=1e-4, max_iter=1000, n_alphas=100, eps=1e-3, folds=5)
    print(f"design: {n} rows x {p} features (i = 1..{args.iterations}, m = 1..128), y = log sub-optimality stand-in")
    print(f"settings: {settings}, fit_intercept, standardised; scikit-learn {sklearn.__version__}, numpy {np.__version__}")

    def sklearn_fit():
        start = time.perf_counter()
        Z = StandardScaler().fit_transform(X)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            model = LassoCV(cv=KFold(settings["folds"]), n_alphas=settings["n_alphas"], eps=settings["eps"],
                            tol=settings["tol"], max_iter=settings["max_iter"], fit_intercept=True).fit(Z, y)
        return time.perf_counter() - start, model

    cold, model = sklearn_fit()
    times = sorted(sklearn_fit()[0] for _ in range(args.repeats))
    theirs = statistics.median(times)
    scaler = StandardScaler().fit(X)
    their_coef = model.coef_ / scaler.scale_

    subprocess.run(["dotnet", "build", "-c", "Release", "-nologo", "-v", "q", BENCH], check=True,
                   stdout=subprocess.DEVNULL)

    def ours(environment=None):
        done = subprocess.run(["dotnet", "run", "-c", "Release", "--no-build", "--project", BENCH, "--", data,
                               "--tol", repr(settings["tol"]), "--max-iter", str(settings["max_iter"]),
                               "--alphas", str(settings["n_alphas"]), "--eps", repr(settings["eps"]),
                               "--folds", str(settings["folds"]), "--repeats", str(args.repeats)],
                              check=True, capture_output=True, text=True, env={**os.environ, **(environment or {})})
        return json.loads(done.stdout)

    default = ours()
    # The first fit in a process runs the kernels as tier-0 code until tiered compilation promotes them; with
    # TieredCompilationQuickJitForLoops off, methods with loops are optimised from their first call.
    loops_optimised = ours({"DOTNET_TC_QuickJitForLoops": "0"})

    print(f"\n{'':40}{'first fit':>10}{'median':>10}{'alpha':>13}{'n_iter':>8}")
    print(f"{'scikit-learn':40}{cold:10.4f}{theirs:10.4f}{model.alpha_:13.6g}{model.n_iter_:8d}")
    for label, run in (("hemingway", default), ("hemingway, QuickJitForLoops off", loops_optimised)):
        print(f"{label:40}{run['cold_seconds']:10.4f}{run['seconds']:10.4f}{run['alpha']:13.6g}{run['n_iter']:8d}")
    same_alpha = abs(default["alpha"] - model.alpha_) <= 1e-12 * model.alpha_
    difference = np.max(np.abs(np.array(default["coef"]) - their_coef) / np.maximum(1.0, np.abs(their_coef)))
    print(f"\nsame alpha: {same_alpha}; largest coefficient difference (original scale, relative to max(1, |w|)): "
          f"{difference:.2e}")
    print(f"first-fit ratio: {default['cold_seconds'] / cold:.3f} (QuickJitForLoops off: "
          f"{loops_optimised['cold_seconds'] / cold:.3f})")
    print(f"ratio (ours / scikit-learn, medians): {default['seconds'] / theirs:.3f}   "
          f"[design {n} x {p}; goal <= 1.0]")
    os.remove(data)
    os.rmdir(work)


if __name__ == "__main__":
    sys.exit(main())
