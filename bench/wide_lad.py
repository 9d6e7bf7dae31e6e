#!/usr/bin/env python3
"""Wide least-absolute-deviation regression (p ≫ n): swiftreg's LADRegression vs scipy's HiGHS.

    python bench/wide_lad.py [--p 2000,5000,100000] [--alpha 0,0.01] [--highs-max-p 100000]

X is 20 × p standard Gaussian, y = X[:, :3]·(1, −2, 0.5) + 0.1·noise. Each fit runs in a
child process of its own, so that its peak resident memory (ru_maxrss) is its own; the same
for HiGHS (scipy.optimize.linprog(method="highs") on the LP min (1/n)Σ(uᵢ + vᵢ) + αΣ(w⁺ + w⁻)
with Xw⁺ − Xw⁻ + b⁺ − b⁻ + u − v = y, everything ≥ 0, sparse constraint matrix).
Reported: wall and CPU seconds of the fit alone, peak RSS of the child, the objective
(1/n)Σ|rᵢ| + α‖w‖₁ at each answer, whether swiftreg certified it, and its iteration count.
One thread (SWIFTREG_NUM_THREADS=1, OMP/OPENBLAS 1).
"""

import argparse
import json
import os
import subprocess
import sys

CHILD = r"""
import json, os, resource, sys, time, warnings
import numpy as np
n, p, alpha, which = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
rng = np.random.default_rng(1)
X = rng.standard_normal((n, p))
y = X[:, :3] @ np.array([1.0, -2.0, 0.5]) + 0.1 * rng.standard_normal(n)
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
out = {}
if which == "swiftreg":
    from swiftreg.linear_model import LADRegression
    Xf = np.asfortranarray(X)
    t0, c0 = time.perf_counter(), time.process_time()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        m = LADRegression(alpha=alpha).fit(Xf, y)
    out.update(wall=time.perf_counter() - t0, cpu=time.process_time() - c0,
               certified=bool(m.converged_) and not caught, n_iter=int(m.n_iter_))
    w, b = m.coef_, float(m.intercept_)
else:
    from scipy import sparse
    from scipy.optimize import linprog
    I = sparse.eye(n, format="csc")
    Xs = sparse.csc_matrix(X)
    one = sparse.csc_matrix(np.ones((n, 1)))
    A = sparse.hstack([Xs, -Xs, one, -one, I, -I], format="csc")
    c = np.concatenate([np.full(2 * p, alpha), [0.0, 0.0], np.full(2 * n, 1.0 / n)])
    t0, c0 = time.perf_counter(), time.process_time()
    res = linprog(c, A_eq=A, b_eq=y, bounds=(0, None), method="highs")
    out.update(wall=time.perf_counter() - t0, cpu=time.process_time() - c0,
               certified=res.status == 0, n_iter=int(getattr(res, "nit", 0)))
    w = res.x[:p] - res.x[p:2 * p]
    b = float(res.x[2 * p] - res.x[2 * p + 1])
out["objective"] = float(np.abs(y - X @ w - b).mean() + alpha * np.abs(w).sum())
out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
out["rss_data_mb"] = base / 1024
print(json.dumps(out))
"""


def run(n, p, alpha, which, timeout):
    env = dict(
        os.environ,
        SWIFTREG_NUM_THREADS="1",
        OMP_NUM_THREADS="1",
        OPENBLAS_NUM_THREADS="1",
    )
    try:
        proc = subprocess.run(
            [sys.executable, "-c", CHILD, str(n), str(p), str(alpha), which],
            check=False,
            capture_output=True,
            text=True,
            env=env,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"timeout {timeout} s"}
    if proc.returncode != 0:
        return {
            "error": (proc.stderr.strip().splitlines() or [f"exit {proc.returncode}"])[
                -1
            ]
        }
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20)
    ap.add_argument("--p", default="2000,5000,100000")
    ap.add_argument("--alpha", default="0,0.01")
    ap.add_argument("--highs-max-p", type=int, default=100000)
    ap.add_argument("--timeout", type=float, default=600)
    args = ap.parse_args()
    print(
        f"{'p':>7} {'alpha':>6} {'solver':>8} {'wall s':>8} {'cpu s':>8} {'RSS MB':>8} "
        f"{'(data MB)':>9} {'objective':>22} {'certified':>9} {'iter':>5}"
    )
    for p in (int(v) for v in args.p.split(",")):
        for alpha in (float(v) for v in args.alpha.split(",")):
            for which in ("swiftreg", "highs"):
                if which == "highs" and p > args.highs_max_p:
                    continue
                r = run(args.n, p, alpha, which, args.timeout)
                if "error" in r:
                    print(f"{p:>7} {alpha:>6g} {which:>8}  {r['error']}")
                    continue
                print(
                    f"{p:>7} {alpha:>6g} {which:>8} {r['wall']:>8.3f} {r['cpu']:>8.3f} "
                    f"{r['rss_mb']:>8.1f} {r['rss_data_mb']:>9.1f} {r['objective']:>22.16g} "
                    f"{r['certified']!s:>9} {r['n_iter']:>5}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
