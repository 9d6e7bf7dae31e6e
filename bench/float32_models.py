#!/usr/bin/env python3
"""float32 models: swiftreg's Lasso/ElasticNet on float32 X against scikit-learn's on the same
float32 X, and against swiftreg's own float64 fit (coordinate descent keeps its residual and
Gram matrix in float64 for float32 data; this measures what that costs).

    python bench/float32_models.py [--repeats 5]

Problems: dense Gaussian X with correlated columns (ρ = 0.5), y = X·w* + noise, w* with 10
non-zeros; fits at α = 0.1·α_max and 0.01·α_max, tol = 1e-8 for both libraries (scikit-learn's
tol is on the same gap scale, ‖y‖²·tol), precompute off and on. One thread
(SWIFTREG_NUM_THREADS=1, OMP/OPENBLAS 1). Reported: the best of `--repeats` wall times,
the ratio swiftreg/scikit-learn, and each answer's suboptimality P(w) − P* in float64
arithmetic, P* the smallest objective of any run (swiftreg float64 at tol 1e-12 included).
The section in BENCHMARKS.md is rewritten by each run.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
import warnings
from datetime import datetime, timezone
from pathlib import Path

for var in ("SWIFTREG_NUM_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "python"))
sys.path.insert(0, str(ROOT / "bench"))

import sklearn  # noqa: E402
from sklearn.linear_model import ElasticNet as SkElasticNet  # noqa: E402

import swiftreg  # noqa: E402
from swiftreg.linear_model import ElasticNet  # noqa: E402
from _report import cpu_model, write_section  # noqa: E402

BEGIN, END = "<!-- float32_models:begin -->", "<!-- float32_models:end -->"


def problem(n, p, seed=0):
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((n, p))
    X = np.sqrt(0.5) * z + np.sqrt(0.5) * rng.standard_normal((n, 1))
    w = np.zeros(p)
    w[rng.choice(p, 10, replace=False)] = rng.standard_normal(10) * 3
    y = X @ w + rng.standard_normal(n)
    return X, y


def objective(X, y, w, b, alpha, rho):
    r = y - X.astype(float) @ w.astype(float) - float(b)
    return 0.5 * np.mean(r * r) + alpha * (rho * np.abs(w).sum() + 0.5 * (1 - rho) * (w.astype(float) ** 2).sum())


def timed(make, X, y, repeats):
    best, model = np.inf, None
    for _ in range(repeats):
        m = make()
        t = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            m.fit(X, y)
        best = min(best, time.perf_counter() - t)
        model = m
    return best, model


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    started = time.time()
    rows = []
    for n, p in [(5000, 200), (1000, 2000)]:
        X64, y64 = problem(n, p)
        X32, y32 = X64.astype(np.float32), y64.astype(np.float32)
        Xc, yc = X64 - X64.mean(0), y64 - y64.mean()
        alpha_max = np.abs(Xc.T @ yc).max() / n
        for rho in (1.0, 0.5):
            for frac in (0.1, 0.01):
                alpha = frac * alpha_max / rho
                for precompute in (False, True):
                    kw = dict(alpha=alpha, l1_ratio=rho, tol=1e-8, max_iter=100000, precompute=precompute)
                    t32, m32 = timed(lambda: ElasticNet(**kw), X32, y32, args.repeats)
                    t64, m64 = timed(lambda: ElasticNet(**kw), X64, y64, args.repeats)
                    tsk, msk = timed(lambda: SkElasticNet(**kw), X32, y32, args.repeats)
                    ref = ElasticNet(**{**kw, "tol": 1e-12}).fit(X64, y64)
                    objs = {
                        name: objective(X64, y64, m.coef_, m.intercept_, alpha, rho)
                        for name, m in (("f32", m32), ("f64", m64), ("sk", msk), ("ref", ref))
                    }
                    best = min(objs.values())
                    rows.append(
                        dict(shape=f"{n} × {p}", rho=rho, frac=frac, pre=precompute, t32=t32, t64=t64,
                             tsk=tsk, sub32=objs["f32"] - best, subsk=objs["sk"] - best,
                             conv=bool(getattr(m32, 'dual_gap_', 1) <= getattr(m32, 'gap_tol_', 0)))
                    )
                    r = rows[-1]
                    print(f"{r['shape']:>12} ρ={rho} α={frac}·α_max precompute={precompute}: "
                          f"swiftreg f32 {t32*1e3:.1f} ms (f64 {t64*1e3:.1f} ms), scikit-learn f32 {tsk*1e3:.1f} ms, "
                          f"ratio {t32/tsk:.2f}, suboptimality {r['sub32']:.1e} / {r['subsk']:.1e}", flush=True)
    load = os.getloadavg()
    lines = [
        BEGIN,
        "## float32 models: swiftreg vs scikit-learn on float32 X (`bench/float32_models.py`)",
        "",
        f"- Machine: {cpu_model()}, {os.cpu_count()} CPUs; Python {sys.version.split()[0]}, "
        f"NumPy {np.__version__}, scikit-learn {sklearn.__version__}, swiftreg {swiftreg.__version__}",
        f"- {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC; run took {time.time() - started:.0f} s; "
        f"load average {load[0]:.1f}/{load[1]:.1f}/{load[2]:.1f} at the end (a shared machine)",
        "- Command: `PYTHONPATH=python .venv/bin/python bench/float32_models.py`",
        "- ElasticNet at tol 1e-8 (both), one thread, best of "
        f"{args.repeats}; suboptimality P(w) − P* in float64 (P*: the best of every run, a "
        "float64 fit at tol 1e-12 included). swiftreg keeps the residual and Gram matrix in "
        "float64 for float32 X.",
        "",
        "| X | ρ | α / α_max | precompute | swiftreg f32 | swiftreg f64 | scikit-learn f32 | ratio f32 | subopt. swiftreg | subopt. scikit-learn |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['shape']} | {r['rho']} | {r['frac']} | {'yes' if r['pre'] else 'no'} | "
            f"{r['t32']*1e3:.1f} ms | {r['t64']*1e3:.1f} ms | {r['tsk']*1e3:.1f} ms | "
            f"{r['t32']/r['tsk']:.2f} | {r['sub32']:.1e} | {r['subsk']:.1e} |"
        )
    ratios = [r["t32"] / r["tsk"] for r in rows]
    lines += ["", f"Median ratio swiftreg/scikit-learn on float32: {np.median(ratios):.2f} "
              f"(range {min(ratios):.2f}–{max(ratios):.2f}); swiftreg f32 / f64 time, median "
              f"{np.median([r['t32'] / r['t64'] for r in rows]):.2f}.", "", END]
    write_section(ROOT / "BENCHMARKS.md", BEGIN, END, "\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
