#!/usr/bin/env python3
"""Benchmark of swiftreg's linear-model solvers against scikit-learn.

    python bench/solvers.py [--quick] [--write | --no-write] [--output PATH]

(``make bench`` runs it with PYTHONPATH=python; the package loads the in-tree build for this CPU.)

In one run, on one machine, for the same objective on the same data, it times

1. **Lasso paths** on the simulation of Friedman, Hastie & Tibshirani (2010, Table 1):
   Gaussian X with equal pairwise correlation ρ (X = sqrt(1−ρ)·Z + sqrt(ρ)·z·1ᵀ),
   y = Σⱼ Xⱼβⱼ + k·ε with βⱼ = (−1)ʲ·exp(−2(j−1)/20) and k set so that the signal-to-noise
   ratio sd(Xβ)/(k·sd(ε)) = 3; X and y centred (the path functions fit no intercept).
   (n, p) ∈ {(1000, 100), (5000, 100), (100, 1000), (100, 5000)}, ρ ∈ {0, .1, .2, .5, .9, .95}.
   One α grid for all methods: scikit-learn's (``_alpha_grid``: 100 values log-spaced from
   α_max = ‖Xᵀy‖∞/n to 1e-3·α_max), passed explicitly. Methods:
   ``swiftreg.linear_model.lasso_path``, ``sklearn.linear_model.lasso_path`` (both with the
   same tol, which means the same stopping rule: duality gap ≤ tol·‖y‖²/n at each α), and
   ``sklearn.linear_model.lars_path(method="lasso", Gram="auto", alpha_min=min α)``, whose
   exact piecewise-linear path is interpolated at the grid (lars_path's ``alphas`` are
   max|Xᵀr|/n, the units of the Lasso's α; the interpolation is not timed).
2. **One Lasso fit** on a 2000 × 5000 problem with 50 informative features, at the α where the
   path first selects 50 features (found with lars_path once, outside timing):
   ``swiftreg.linear_model.Lasso`` vs ``sklearn.linear_model.Lasso``, same tol (1e-4, the
   default, and 1e-8), fit_intercept=True.
3. **LAD regression** on a 5000 × 50 problem with Student-t noise (1.5 degrees of freedom):
   ``swiftreg.linear_model.LADRegression(alpha=a)`` vs ``QuantileRegressor(quantile=0.5,
   alpha=a/2, solver="highs")`` (the same minimiser), a ∈ {1e-4, 0}.

Accuracy. Every answer is scored by its objective against a reference: for each problem
(and each α of a path) the lowest objective found by any method, then polished by an exact
active-set solve (support and signs of the best point; X_Sᵀ X_S w_S = X_Sᵀy − nα·s, with
sign-change steps and KKT additions) and kept only if lower still. The reference's own
duality gap (relative to its objective) is reported as its certificate. Suboptimality =
(objective − reference)/reference; for a path, the maximum over the 100 α.

Tolerances (fairness). Both coordinate-descent solvers use the same criterion, so each climbs
the same ladder tol = 1e-4 (the default), 1e-6, 1e-8, 1e-10, loosest first, and stops at the
first tol whose suboptimality over the whole path is ≤ 1e-9 (judged against the polished
LARS path, computed first); the time reported is that run's (the most accurate run, flagged,
when no tol reaches it; ``--full-ladder`` runs every tol). On the wide problems scikit-learn
runs at its default tol 1e-4 only (its coordinate descent takes about a minute per path at
ρ = 0.9 with tight tol; ``--sklearn-tight-wide`` gives it the ladder there too); swiftreg
still climbs the ladder. The per-α sweep budget (max_iter) is the same for both solvers:
10000 on tall problems, 1000 (scikit-learn's default) on wide ones; α values that used the
whole budget are counted and reported.

Threads. BLAS/OpenMP pools are limited to 1 thread for everyone (environment variables set
before NumPy is imported, plus threadpoolctl), and ``swiftreg.set_num_threads(1)``, so every
library uses one core; swiftreg is also timed with all threads (``set_num_threads(#CPUs)``).
Times are the best of up to 3 runs (fewer when one run is long), and include each library's
Python-side input checking.

Targets: tall paths ≤ 0.5× the faster of lasso_path and lars_path at suboptimality
≤ 1e-9; wide paths ≤ 1× lars_path (also required here: suboptimality ≤ 1e-9); single Lasso
≤ 0.5× scikit-learn; LAD ≥ 50× faster than HiGHS with objective ≤ HiGHS's·(1 + 1e-7).

``--quick`` runs ρ ∈ {0, 0.5} with fewer repeats and does not write BENCHMARKS.md unless
``--write`` is given. The results go into the ``<!-- solvers:begin -->`` ...
``<!-- solvers:end -->`` section of BENCHMARKS.md; other sections are left alone.
"""
from __future__ import annotations

import os
import sys

# --- environment: must happen before NumPy (and its BLAS) is loaded ---------------------------
_THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                "BLIS_NUM_THREADS", "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")
_BLAS_SLOW_VARS = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")  # make np.dot slower than usual
_MARK = "_SWIFTREG_SOLVERS_BENCH"
if os.environ.get(_MARK) != "1":
    _removed = [f"{k}={os.environ[k]}" for k in _BLAS_SLOW_VARS if k in os.environ]
    for _k in _BLAS_SLOW_VARS:
        os.environ.pop(_k, None)
    for _k in _THREAD_VARS:
        os.environ[_k] = "1"
    os.environ[_MARK] = "1"
    os.environ[_MARK + "_REMOVED"] = ";".join(_removed)
    if "numpy" in sys.modules:  # already loaded (a sitecustomize?): start again, clean
        os.execv(sys.executable, [sys.executable] + sys.argv)
REMOVED_VARS = [v for v in os.environ.get(_MARK + "_REMOVED", "").split(";") if v]

import argparse  # noqa: E402
import datetime  # noqa: E402
import math  # noqa: E402
import platform  # noqa: E402
import shlex  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
import traceback  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

import _report  # noqa: E402  (bench/_report.py, beside this script)

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
try:
    import swiftreg as sr  # noqa: E402
except ImportError:  # run without the Makefile's PYTHONPATH
    sys.path.insert(0, str(ROOT / "python"))
    import swiftreg as sr  # noqa: E402
from swiftreg import linear_model as srlm  # noqa: E402

import scipy  # noqa: E402
import sklearn  # noqa: E402
from sklearn.linear_model import Lasso as SkLasso  # noqa: E402
from sklearn.linear_model import QuantileRegressor, lars_path  # noqa: E402
from sklearn.linear_model import lasso_path as sk_lasso_path  # noqa: E402

try:
    from sklearn.linear_model._coordinate_descent import _alpha_grid
except ImportError:  # private helper moved: the same formula
    _alpha_grid = None
try:
    from threadpoolctl import threadpool_info, threadpool_limits
except ImportError:
    threadpool_info = threadpool_limits = None

BEGIN, END = "<!-- solvers:begin -->", "<!-- solvers:end -->"
CPUS = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
perf = time.perf_counter

SUBOPT_TARGET = 1e-9
LADDER = (1e-4, 1e-6, 1e-8, 1e-10)
SHAPES = ((1000, 100), (5000, 100), (100, 1000), (100, 5000))
RHOS_FULL = (0.0, 0.1, 0.2, 0.5, 0.9, 0.95)
RHOS_QUICK = (0.0, 0.5)


def log(s: str = "") -> None:
    print(s, flush=True)


# --- timing -------------------------------------------------------------------------------------

def timed(fn, repeats: int, budget: float, cpu: dict | None = None):
    """Best time of up to ``repeats`` calls of fn (stops early once ``budget`` seconds are
    spent); returns (best seconds, number of runs, fn's result of the last run). With a dict
    ``cpu``, stores there the process CPU time / wall time over all the runs (≈ 1: one core)."""
    best, k, spent, out = math.inf, 0, 0.0, None
    c0 = time.process_time()
    while k < repeats and (k == 0 or spent + best <= budget):
        t = perf()
        out = fn()
        dt = perf() - t
        best, spent, k = min(best, dt), spent + dt, k + 1
    if cpu is not None:
        cpu["ratio"] = (time.process_time() - c0) / spent if spent > 0 else math.nan
    return best, k, out


def sr_threads(n: int) -> None:
    sr.set_num_threads(n)


# --- objectives, duality gap and the reference --------------------------------------------------

def lasso_objective(X, y, W, alphas, b=None):
    """(1/(2n))‖y − XW − b‖² + α‖w‖₁ for each column of W (each α)."""
    R = y[:, None] - X @ W
    if b is not None:
        R -= b
    return 0.5 * np.einsum("ij,ij->j", R, R) / len(y) + alphas * np.abs(W).sum(axis=0)


def lasso_gap(X, y, W, alphas):
    """scikit-learn's duality gap divided by n (objective units), per column (no intercept:
    X, y centred)."""
    n = len(y)
    R = y[:, None] - X @ W
    dual_norm = np.abs(X.T @ R).max(axis=0)
    c = np.minimum(1.0, n * alphas / np.maximum(dual_norm, 1e-300))
    rr = np.einsum("ij,ij->j", R, R)
    return (0.5 * rr * (1 + c * c) + n * alphas * np.abs(W).sum(axis=0) - c * (R.T @ y)) / n


def active_set_polish(X, y, alpha, w, G=None, Xty=None, max_steps=30):
    """Polish a Lasso point (no intercept) by exact solves on its support: returns the best
    point seen (by objective). Each step solves X_SᵀX_S w_S = X_Sᵀy − nα·s for the current
    support S and signs s; a sign change on the way stops at the crossing and drops that
    feature; KKT violators outside S are added with the sign of their correlation."""
    n = len(y)
    obj = lambda v: 0.5 * float(np.sum((y - X @ v) ** 2)) / n + alpha * float(np.abs(v).sum())  # noqa: E731
    best, best_obj = w.copy(), obj(w)
    cur = w.copy()
    signs = np.sign(cur)
    for _ in range(max_steps):
        S = np.flatnonzero(signs)
        if S.size == 0:
            break
        s = signs[S]
        GS = G[np.ix_(S, S)] if G is not None else X[:, S].T @ X[:, S]
        rhs = (Xty[S] if Xty is not None else X[:, S].T @ y) - n * alpha * s
        try:
            wS = np.linalg.solve(GS, rhs)
        except np.linalg.LinAlgError:
            wS = np.linalg.lstsq(GS, rhs, rcond=None)[0]
        if not np.all(np.isfinite(wS)):
            break
        bad = np.sign(wS) != s
        if bad.any():  # go to the first sign change along cur → target, drop that feature
            d = wS - cur[S]
            t = np.ones(S.size)
            m = bad & (d != 0)
            t[m] = np.clip(-cur[S][m] / d[m], 0.0, 1.0)
            t[bad & (d == 0)] = 0.0
            k = int(np.argmin(t))
            new = np.zeros_like(cur)
            new[S] = cur[S] + t[k] * d
            new[S[k]] = 0.0
            signs = signs.copy()
            signs[S[k]] = 0.0
            cur = new
        else:
            cur = np.zeros_like(cur)
            cur[S] = wS
        o = obj(cur)
        if o < best_obj:
            best, best_obj = cur.copy(), o
        if not bad.any():
            c = X.T @ (y - X @ cur) / n
            viol = np.abs(c) - alpha
            viol[signs != 0] = -np.inf
            j = int(np.argmax(viol))
            if viol[j] <= 1e-13 * alpha:
                break
            signs = signs.copy()
            signs[j] = np.sign(c[j])
    return best


def path_reference(X, y, alphas, candidates):
    """The reference objective per α (see the module docstring) and its certificate: the
    relative distance from the reference to the best dual value of any point tried (each
    point's objective minus its duality gap is a lower bound on the optimum)."""
    objs = np.vstack([lasso_objective(X, y, W, alphas) for W in candidates])
    duals = np.vstack([o - lasso_gap(X, y, W, alphas) for o, W in zip(objs, candidates)])
    arg = np.argmin(objs, axis=0)
    n, p = X.shape
    G = X.T @ X if n >= p else None
    Xty = X.T @ y
    W_ref = np.empty((p, len(alphas)))
    for i, a in enumerate(alphas):
        W_ref[:, i] = active_set_polish(X, y, a, candidates[arg[i]][:, i], G, Xty)
    o_ref = lasso_objective(X, y, W_ref, alphas)
    ref = np.minimum(objs.min(axis=0), o_ref)
    lower = np.maximum(duals.max(axis=0), o_ref - lasso_gap(X, y, W_ref, alphas))
    cert = np.maximum(ref - lower, 0.0) / ref
    return ref, cert


def rel_subopt(obj, ref):
    return float(np.max((obj - ref) / np.abs(ref)))


# --- data ----------------------------------------------------------------------------------------

def fht_data(n, p, rho, seed):
    """Friedman, Hastie & Tibshirani (2010) Table 1 design, centred (float64, Fortran order)."""
    rng = np.random.default_rng(seed)
    X = math.sqrt(1 - rho) * rng.standard_normal((n, p)) + math.sqrt(rho) * rng.standard_normal((n, 1))
    j = np.arange(1, p + 1)
    beta = (-1.0) ** j * np.exp(-2.0 * (j - 1) / 20.0)
    f = X @ beta
    eps = rng.standard_normal(n)
    k = f.std() / (3.0 * eps.std())  # SNR = sd(Xβ) / sd(kε) = 3
    y = f + k * eps
    X = np.asfortranarray(X - X.mean(axis=0))
    return X, y - y.mean()


def sklearn_grid(X, y, n_alphas=100, eps=1e-3):
    if _alpha_grid is not None:
        try:
            return np.asarray(_alpha_grid(X, y, fit_intercept=False, eps=eps, n_alphas=n_alphas),
                              dtype=np.float64)
        except TypeError:
            pass
    a_max = np.abs(X.T @ y).max() / len(y)
    return np.geomspace(a_max, eps * a_max, n_alphas)


# --- 1. paths --------------------------------------------------------------------------------------

def run_sr_path(X, y, alphas, tol, max_iter):
    _, W, _, it = srlm.lasso_path(X, y, alphas=alphas, tol=tol, max_iter=max_iter,
                                  return_n_iter=True)
    return W, np.asarray(it)


def run_sk_path(X, y, alphas, tol, max_iter):
    _, W, _, it = sk_lasso_path(X, y, alphas=alphas, tol=tol, max_iter=max_iter,
                                return_n_iter=True)
    return W, np.asarray(it)


def run_lars(X, y, alphas):
    a, _, C = lars_path(X, y, method="lasso", Gram="auto", alpha_min=float(alphas.min()),
                        max_iter=100 * max(X.shape))
    return a, C


def lars_on_grid(a, C, alphas):
    """The LARS path (exact, piecewise linear in α) at the grid; below its last knot, the last
    knot's coefficients."""
    a, C = a[::-1], C[:, ::-1]
    return np.vstack([np.interp(alphas, a, C[j]) for j in range(C.shape[0])])


def ladder(name, runner, X, y, alphas, max_iter, tols, args, cands, score):
    """Runs runner at each tol of the ladder, loosest first, and stops after the first whose
    provisional suboptimality (``score``) is ≤ the target unless ``--full-ladder``; returns
    one record per tol run."""
    out = []
    for tol in tols:
        rec = dict(method=name, tol=tol, max_iter=max_iter)
        try:
            t, k, (W, it) = timed(lambda: runner(X, y, alphas, tol, max_iter), args.repeats,
                                  args.budget)
            rec.update(time=t, runs=k, W=W, capped=int(np.sum(it >= max_iter)))
            cands.append(W)
        except Exception as exc:  # noqa: BLE001 - a broken library is reported, not fatal
            rec.update(time=math.nan, runs=0, W=None, capped=0,
                       error=f"{type(exc).__name__}: {exc}".splitlines()[0][:120])
            log(f"    {name} tol={tol:g}: ERROR {rec['error']}")
        out.append(rec)
        if rec["W"] is not None and not args.full_ladder and score(rec["W"]) <= SUBOPT_TARGET:
            break
    return out


def pick(records):
    """The loosest-tol record whose suboptimality is ≤ the target; else the most accurate one."""
    ok = [r for r in records if r.get("W") is not None and r["subopt"] <= SUBOPT_TARGET]
    if ok:
        return dict(ok[0], met=True)  # the loosest tol that reaches the target
    live = [r for r in records if r.get("W") is not None]
    if not live:
        return dict(records[-1], met=False, subopt=math.nan)
    return dict(min(live, key=lambda r: (r["subopt"], r["time"])), met=False)


def bench_path(n, p, rho, seed, args):
    tall = n > p
    X, y = fht_data(n, p, rho, seed)
    alphas = sklearn_grid(X, y)
    max_iter = args.max_iter_tall if tall else args.max_iter_wide
    reps = args.repeats
    cands: list[np.ndarray] = []

    # lars_path first: its exact path, polished, is the provisional reference that decides
    # when a ladder may stop (the final reference below can only be lower).
    t_lars, k_lars, (la, lc) = timed(lambda: run_lars(X, y, alphas), reps, args.budget)
    W_lars = lars_on_grid(la, lc, alphas)
    prov, _ = path_reference(X, y, alphas, [W_lars])
    score = lambda W: rel_subopt(lasso_objective(X, y, W, alphas), prov)  # noqa: E731

    sr_threads(1)
    sr_recs = ladder("swiftreg", run_sr_path, X, y, alphas, max_iter, LADDER, args, cands, score)
    sk_tols = LADDER if (tall or args.sklearn_tight_wide) else LADDER[:1]
    sk_recs = ladder("sklearn", run_sk_path, X, y, alphas, max_iter, sk_tols, args, cands, score)
    cands.append(W_lars)

    ref, cert = path_reference(X, y, alphas, cands)
    for r in sr_recs + sk_recs:
        r["subopt"] = rel_subopt(lasso_objective(X, y, r["W"], alphas), ref) if r.get("W") is not None else math.nan
    lars_sub = rel_subopt(lasso_objective(X, y, W_lars, alphas), ref)

    sr_best, sk_best = pick(sr_recs), pick(sk_recs)
    # swiftreg with every thread, at the tol chosen for one thread
    t_all = math.nan
    if CPUS > 1 and sr_best.get("W") is not None:
        sr_threads(CPUS)
        try:
            t_all, _, _ = timed(lambda: run_sr_path(X, y, alphas, sr_best["tol"], max_iter), reps, args.budget)
        except Exception:  # noqa: BLE001
            pass
        sr_threads(1)

    t_sk = sk_best["time"]
    competitor = min(t_sk, t_lars) if tall else t_lars
    ratio = sr_best["time"] / competitor if competitor > 0 else math.nan
    limit = 0.5 if tall else 1.0
    if not np.isfinite(ratio):
        verdict = "ERROR"
    elif ratio <= limit and sr_best["met"]:
        verdict = "PASS"
    else:
        why = []
        if ratio > limit:
            why.append("time")
        if not sr_best["met"]:
            why.append(f"accuracy {sr_best['subopt']:.0e}")
        verdict = "MISS (" + ", ".join(why) + ")"
    for r in sr_recs + sk_recs:
        r.pop("W", None)
    sr_best.pop("W", None)
    sk_best.pop("W", None)
    return dict(n=n, p=p, rho=rho, tall=tall, max_iter=max_iter, sr=sr_recs, sk=sk_recs, sk_ladder=len(sk_tols) > 1,
                sr_best=sr_best, sk_best=sk_best, t_all=t_all, t_lars=t_lars, lars_runs=k_lars,
                lars_sub=lars_sub, lars_knots=len(la), cert=float(cert.max()),
                ratio=ratio, limit=limit, verdict=verdict)


# --- 2. one Lasso fit --------------------------------------------------------------------------------

def lasso_problem(seed, n=2000, p=5000, k=50, snr=3.0):
    rng = np.random.default_rng(seed)
    X = np.asfortranarray(rng.standard_normal((n, p)))
    beta = np.zeros(p)
    support = rng.choice(p, k, replace=False)
    beta[support] = rng.choice([-1.0, 1.0], k) * rng.uniform(0.5, 1.5, k)
    f = X @ beta
    eps = rng.standard_normal(n)
    y = 3.0 + f + f.std() / (snr * eps.std()) * eps
    return X, y


def alpha_selecting(X, y, k):
    """The α midway (geometrically) between the LARS-lasso knots where the active set first
    reaches k features and the next knot (on centred data, the Lasso's units)."""
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    a, _, C = lars_path(Xc, yc, method="lasso", max_iter=3 * k)
    nnz = (C != 0).sum(axis=0)
    i = int(np.argmax(nnz >= k))
    if nnz[i] < k or i + 1 >= len(a):
        return float(a[-1]), int(nnz[-1])
    return float(math.sqrt(a[i] * a[i + 1])), int(nnz[i])


def bench_single(args):
    X, y = lasso_problem(args.seed + 1000)
    alpha, _ = alpha_selecting(X, y, 50)
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    rows = []
    cands = []
    for tol in (1e-4, 1e-8):
        row = dict(tol=tol)
        for name in ("swiftreg", "swiftreg_all", "sklearn"):
            if name == "swiftreg_all" and CPUS == 1:
                continue
            if name.startswith("swiftreg"):
                sr_threads(CPUS if name == "swiftreg_all" else 1)
                make = lambda: srlm.Lasso(alpha=alpha, tol=tol, max_iter=100000)  # noqa: E731
            else:
                make = lambda: SkLasso(alpha=alpha, tol=tol, max_iter=100000)  # noqa: E731
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    t, k, m = timed(lambda: make().fit(X, y), args.repeats, args.budget)
                w, b = np.asarray(m.coef_, dtype=np.float64), float(m.intercept_)
                obj = float(lasso_objective(X, y, w[:, None], np.array([alpha]), b)[0])
                row[name] = dict(time=t, runs=k, obj=obj, nnz=int(np.sum(w != 0)),
                                 n_iter=int(np.max(m.n_iter_)))
                cands.append(w)
            except Exception as exc:  # noqa: BLE001
                row[name] = dict(time=math.nan, runs=0, obj=math.nan, nnz=0, n_iter=0,
                                 error=f"{type(exc).__name__}: {exc}".splitlines()[0][:120])
            sr_threads(1)
        rows.append(row)
    # reference: best objective, polished on the centred problem (intercept = mean residual)
    a1 = np.array([alpha])
    pts = list(cands)
    objs = [float(lasso_objective(Xc, yc, w[:, None], a1)[0]) for w in pts]
    pts.append(active_set_polish(Xc, yc, alpha, pts[int(np.argmin(objs))]))
    objs.append(float(lasso_objective(Xc, yc, pts[-1][:, None], a1)[0]))
    duals = [o - float(lasso_gap(Xc, yc, w[:, None], a1)[0]) for o, w in zip(objs, pts)]
    ref = min(objs)
    wbest = pts[int(np.argmin(objs))]
    cert = max(ref - max(duals), 0.0) / ref
    for row in rows:
        for name in ("swiftreg", "swiftreg_all", "sklearn"):
            if name in row:
                row[name]["subopt"] = (row[name]["obj"] - ref) / ref
        sk, s1 = row["sklearn"], row["swiftreg"]
        row["ratio"] = s1["time"] / sk["time"] if sk["time"] > 0 else math.nan
        row["obj_diff"] = (s1["obj"] - sk["obj"]) / abs(sk["obj"])
        row["verdict"] = "PASS" if row["ratio"] <= 0.5 else ("ERROR" if not np.isfinite(row["ratio"]) else "MISS (time)")
    return dict(alpha=alpha, n=X.shape[0], p=X.shape[1], rows=rows, ref=ref, cert=cert,
                nnz_ref=int(np.sum(wbest != 0)))


# --- 3. LAD ---------------------------------------------------------------------------------------

def lad_problem(seed, n=5000, p=50, df=1.5):
    rng = np.random.default_rng(seed)
    X = np.asfortranarray(rng.standard_normal((n, p)))
    beta = rng.standard_normal(p)
    y = 1.0 + X @ beta + rng.standard_t(df, n)
    return X, y


def lad_objective(X, y, w, b, alpha):
    return float(np.mean(np.abs(y - X @ w - b)) + alpha * np.abs(w).sum())


def bench_lad(args):
    X, y = lad_problem(args.seed + 2000)
    rows = []
    for a in (1e-4, 0.0):
        row = dict(alpha=a)
        for name in ("swiftreg", "swiftreg_all", "highs"):
            if name == "swiftreg_all" and CPUS == 1:
                continue
            if name.startswith("swiftreg"):
                sr_threads(CPUS if name == "swiftreg_all" else 1)
                make = lambda: srlm.LADRegression(alpha=a)  # noqa: E731
                reps = max(args.repeats, 3)
            else:
                make = lambda: QuantileRegressor(quantile=0.5, alpha=a / 2, solver="highs")  # noqa: E731
                reps = args.repeats
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    cpu: dict = {}
                    t, k, m = timed(lambda: make().fit(X, y), reps, args.budget, cpu)
                obj = lad_objective(X, y, np.asarray(m.coef_, float), float(m.intercept_), a)
                row[name] = dict(time=t, runs=k, obj=obj, cpu=cpu["ratio"])
            except Exception as exc:  # noqa: BLE001
                row[name] = dict(time=math.nan, runs=0, obj=math.nan,
                                 error=f"{type(exc).__name__}: {exc}".splitlines()[0][:120])
            sr_threads(1)
        s1, h = row["swiftreg"], row["highs"]
        row["speedup"] = h["time"] / s1["time"] if s1["time"] > 0 else math.nan
        row["rel_obj"] = (s1["obj"] - h["obj"]) / abs(h["obj"])
        ok_t = row["speedup"] >= 50
        ok_o = row["rel_obj"] <= 1e-7
        if not (np.isfinite(row["speedup"]) and np.isfinite(row["rel_obj"])):
            row["verdict"] = "ERROR"
        elif ok_t and ok_o:
            row["verdict"] = "PASS"
        else:
            row["verdict"] = "MISS (" + ", ".join(
                (["speed"] if not ok_t else []) + (["objective"] if not ok_o else [])) + ")"
        rows.append(row)
    return dict(n=X.shape[0], p=X.shape[1], rows=rows)


# --- machine, formatting, Markdown ---------------------------------------------------------------

def load_avg() -> str:
    try:
        return "/".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def machine_info() -> dict:
    model = _report.cpu_model()
    pools = "unknown (threadpoolctl missing)"
    if threadpool_info is not None:
        pools = ", ".join(f"{i.get('internal_api')} {i.get('version') or ''} "
                          f"({i.get('user_api')}): {i.get('num_threads')} thread(s)"
                          for i in threadpool_info()) or "none loaded"
    try:
        commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", "Sources",
                                "python/swiftreg"], capture_output=True, text=True).stdout.strip()
        commit += " + uncommitted changes in Sources/ or python/swiftreg/" if dirty else ""
    except OSError:
        commit = "unknown"
    lib = sr.library_path()
    try:
        built = datetime.datetime.fromtimestamp(os.path.getmtime(lib), datetime.timezone.utc)
        built = built.strftime("%Y-%m-%d %H:%M UTC")
    except OSError:
        built = "unknown"
    return dict(cpu=model, cpus=CPUS, python=platform.python_version(), numpy=np.__version__,
                scipy=scipy.__version__, sklearn=sklearn.__version__, swiftreg=sr.__version__,
                pools=pools, commit=commit, lib=lib, variant=sr.library_variant(), built=built, load=load_avg(),
                date=datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"))


def command_line() -> str:
    def rel(p):
        if not os.path.isabs(p):
            return p
        r = os.path.relpath(os.path.normpath(p), ROOT)
        return p if r.startswith("..") else r
    env = []
    if os.environ.get("PYTHONPATH"):
        env.append("PYTHONPATH=" + ":".join(rel(p) for p in os.environ["PYTHONPATH"].split(":")))
    if os.environ.get("SWIFTREG_LIB"):
        env.append("SWIFTREG_LIB=" + rel(os.environ["SWIFTREG_LIB"]))
    return " ".join(env + [rel(sys.executable), shlex.join([rel(os.path.abspath(sys.argv[0]))]
                                                           + sys.argv[1:])])


def ft(t) -> str:
    if t is None or not np.isfinite(t):
        return "—"
    return f"{t * 1e3:.1f} ms" if t < 1 else f"{t:.2f} s"


def fs(x) -> str:
    if x is None or not np.isfinite(x):
        return "—"
    if abs(x) < 1e-14:
        return "<1e-14" if x >= 0 else f"{x:.0e}"
    return f"{x:.0e}"


def fr(x) -> str:
    return "—" if x is None or not np.isfinite(x) else f"{x:.2f}"


def rec_cell(r, with_tol=True) -> str:
    if r.get("error"):
        return "error"
    s = ft(r["time"])
    if with_tol:
        s += f" @{r['tol']:.0e}"
    if not r.get("met", True):
        s += "†"
    return s


def sub_cell(r) -> str:
    if r.get("error"):
        return "error"
    s = fs(r["subopt"])
    if r.get("capped"):
        s += f" ({r['capped']} capped)"
    return s


def path_tables(results) -> list[str]:
    L = []
    w = L.append
    w("| n × p | ρ | swiftreg 1 thr | swiftreg all thr | sklearn lasso_path | lars_path | "
      "ratio | target | verdict |")
    w("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in results:
        w(f"| {r['n']} × {r['p']} | {r['rho']:g} | {rec_cell(r['sr_best'])} | {ft(r['t_all'])} | "
          f"{rec_cell(r['sk_best'])} | {ft(r['t_lars'])} | {fr(r['ratio'])} | "
          f"≤ {r['limit']:g}× {'min(lasso_path, lars)' if r['tall'] else 'lars'} | {r['verdict']} |")
    w("")
    w("Time of each tol of the ladder, and the maximum over the path of the relative "
      "suboptimality (objective − reference)/reference; \"(k capped)\": k of the 100 α used "
      "the whole max_iter budget; \"not needed\": a looser tol already reached 1e-9; reference "
      "cert.: max over α of (reference − best dual value of any point tried)/reference, a bound "
      "on the reference's own suboptimality.")
    w("")
    w("| n × p | ρ | max_iter | " + " | ".join(f"swiftreg {t:.0e}" for t in LADDER) + " | "
      + " | ".join(f"sklearn {t:.0e}" for t in LADDER) + " | lars_path | reference cert. |")
    w("|---|---:|---:|" + "---:|" * (2 * len(LADDER) + 2))
    for r in results:
        cells = []
        for recs in (r["sr"], r["sk"]):
            by = {x["tol"]: x for x in recs}
            for t in LADDER:
                x = by.get(t)
                skipped = "not run" if recs is r["sk"] and not r["tall"] and t != LADDER[0] \
                    and not r["sk_ladder"] else "not needed"
                cells.append(skipped if x is None else
                             ("error" if x.get("error") else f"{ft(x['time'])}: {sub_cell(x)}"))
        w(f"| {r['n']} × {r['p']} | {r['rho']:g} | {r['max_iter']} | " + " | ".join(cells)
          + f" | {ft(r['t_lars'])}: {fs(r['lars_sub'])} | {fs(r['cert'])} |")
    return L


def markdown(m, cmd, args, paths, single, lad, elapsed) -> str:
    L = []
    w = L.append
    w(BEGIN)
    w("## Solvers vs scikit-learn (`bench/solvers.py`)")
    w("")
    w(f"- Machine: {m['cpu']}, {m['cpus']} CPUs; Python {m['python']}, NumPy {m['numpy']}, "
      f"SciPy {m['scipy']} (HiGHS), scikit-learn {m['sklearn']}")
    w(f"- swiftreg {m['swiftreg']} at commit {m['commit']}; library `{m['lib']}` ({m['variant']} build, "
      f"built {m['built']})")
    w(f"- Date: {m['date']}; run took {elapsed:.0f} s{' (quick run)' if args.quick else ''}; "
      f"load average (1/5/15 min) {m['load']} at the start, {load_avg()} at the end")
    w(f"- Command: `{cmd}`")
    w(f"- Threads: {', '.join(_THREAD_VARS)} = 1 set before NumPy is imported, and "
      f"threadpoolctl limits every pool to 1 ({m['pools']}); `swiftreg.set_num_threads(1)` for "
      f"every swiftreg column except \"all thr\" (`set_num_threads({CPUS})`). HiGHS (through "
      "SciPy) keeps its defaults; the LAD table gives its CPU time / wall time.")
    if REMOVED_VARS:
        w(f"- Removed from the environment before loading NumPy (they slow BLAS): `{'`, `'.join(REMOVED_VARS)}`")
    w(f"- Times: best of up to {args.repeats} runs (fewer when one run is long: the runs of one "
      f"measurement stop after {args.budget:g} s), Python-side input checks included. The machine "
      "is shared (other builds run in the background): expect noise of tens of percent.")
    w("")
    w("### Lasso paths: Friedman, Hastie & Tibshirani (2010) Table 1 simulation")
    w("")
    w("Gaussian X with equal pairwise correlation ρ (X = √(1−ρ)·Z + √ρ·z·1ᵀ), "
      "y = Σⱼ Xⱼβⱼ + kε, βⱼ = (−1)ʲ·exp(−2(j−1)/20), k for a signal-to-noise ratio "
      "sd(Xβ)/sd(kε) = 3; X and y centred, no intercept. The same 100 α for every method: "
      "scikit-learn's grid (α_max = ‖Xᵀy‖∞/n down to 1e-3·α_max) passed explicitly. "
      "lars_path(method=\"lasso\", Gram=\"auto\", alpha_min=min α) is interpolated at the grid "
      "(its path is exactly piecewise linear; the interpolation is not timed).")
    w("")
    w("Both coordinate-descent solvers stop on the same rule (duality gap ≤ tol·‖y‖²/n at each α) "
      "with the same per-α max_iter. Each climbs the ladder tol = "
      f"{', '.join(f'{t:.0e}' for t in LADDER)}, loosest first, and stops at the first tol whose "
      "suboptimality over the whole path is ≤ 1e-9 (judged against the polished LARS path); the "
      "time shown is that run's, with its tol († no tol reached 1e-9: the most accurate run is "
      "shown). On the wide problems scikit-learn runs only at its default tol 1e-4: its "
      "tight-tol paths take about a minute each at ρ ≥ 0.9 (`--sklearn-tight-wide` adds them). "
      "ratio = swiftreg 1-thread time / the competitor's time (tall: the faster of lasso_path and "
      "lars_path; wide: lars_path). Verdict: PASS when the ratio is within the target and "
      "swiftreg's suboptimality ≤ 1e-9.")
    w("")
    L.extend(path_tables(paths))
    w("")
    if single is not None:
        w(f"### One Lasso fit: {single['n']} × {single['p']}, 50 informative features")
        w("")
        w(f"Gaussian X, 50 coefficients ±U(0.5, 1.5), SNR 3, intercept 3; α = {single['alpha']:.6g} "
          "(midway between the LARS knots where 50 features enter, found once outside timing; "
          f"the reference selects {single['nnz_ref']}). Lasso(alpha, tol, max_iter=100000), "
          "fit_intercept=True, for both. Suboptimality against the polished reference "
          f"(certificate {fs(single['cert'])}); obj. diff = (swiftreg − sklearn)/sklearn objective.")
        w("")
        w("| tol | swiftreg 1 thr | swiftreg all thr | sklearn Lasso | ratio | swiftreg subopt. | "
          "sklearn subopt. | obj. diff | nnz (sr / sk) | target | verdict |")
        w("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
        for r in single["rows"]:
            s1, sk = r["swiftreg"], r["sklearn"]
            sa = r.get("swiftreg_all", {})
            w(f"| {r['tol']:.0e} | {ft(s1['time'])} | {ft(sa.get('time'))} | {ft(sk['time'])} | "
              f"{fr(r['ratio'])} | {fs(s1.get('subopt'))} | {fs(sk.get('subopt'))} | "
              f"{r['obj_diff']:.1e} | {s1['nnz']} / {sk['nnz']} | ≤ 0.5 | {r['verdict']} |")
        w("")
    if lad is not None:
        w(f"### LAD regression: {lad['n']} × {lad['p']}, Student-t noise (1.5 d.o.f.)")
        w("")
        w("swiftreg `LADRegression(alpha=a)` vs scikit-learn `QuantileRegressor(quantile=0.5, "
          "alpha=a/2, solver=\"highs\")` (the same minimiser). Objective (1/n)Σ|yᵢ − xᵢ·w − b| + "
          "a‖w‖₁ of each answer; rel. obj. = (swiftreg − HiGHS)/HiGHS. Target: speedup ≥ 50 and "
          "rel. obj. ≤ 1e-7.")
        w("")
        w("| a | swiftreg 1 thr | swiftreg all thr | HiGHS | HiGHS CPU/wall | speedup | "
          "swiftreg objective | HiGHS objective | rel. obj. | verdict |")
        w("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
        for r in lad["rows"]:
            s1, h = r["swiftreg"], r["highs"]
            sa = r.get("swiftreg_all", {})
            w(f"| {r['alpha']:g} | {ft(s1['time'])} | {ft(sa.get('time'))} | {ft(h['time'])} | "
              f"{fr(h.get('cpu'))} | {r['speedup']:.1f}× | {s1['obj']:.12g} | {h['obj']:.12g} | {r['rel_obj']:.1e} | "
              f"{r['verdict']} |")
        w("")
    errs = [f"{r['n']}×{r['p']} ρ={r['rho']:g} {x['method']} tol={x['tol']:.0e}: {x['error']}"
            for r in paths for x in r["sr"] + r["sk"] if x.get("error")]
    for part, label, key in ((single, "Lasso", "tol"), (lad, "LAD", "alpha")):
        for row in (part or {}).get("rows", []):
            errs += [f"{label} {key}={row[key]:g} {name}: {v['error']}" for name, v in row.items()
                     if isinstance(v, dict) and v.get("error")]
    if errs:
        w("Errors: " + "; ".join(errs))
        w("")
    w(END)
    return "\n".join(L) + "\n"


# --- main -------------------------------------------------------------------------------------

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true",
                    help="ρ ∈ {0, 0.5} and fewer repeats (smoke test); does not write "
                         "BENCHMARKS.md unless --write is given")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--write", dest="write", action="store_true", default=None,
                   help="write BENCHMARKS.md (default for a full run)")
    g.add_argument("--no-write", dest="write", action="store_false", help="only print")
    ap.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    ap.add_argument("--repeats", type=int, help="runs per measurement (default 3; --quick 1)")
    ap.add_argument("--budget", type=float, default=1.5,
                    help="stop repeating a measurement after this many seconds (default 1.5)")
    ap.add_argument("--max-iter-tall", type=int, default=10000)
    ap.add_argument("--max-iter-wide", type=int, default=1000)
    ap.add_argument("--sklearn-tight-wide", action="store_true",
                    help="run scikit-learn's tol ladder on the wide problems too (minutes)")
    ap.add_argument("--full-ladder", action="store_true",
                    help="run every tol of the ladder, not only up to the first that reaches "
                         "suboptimality 1e-9")
    ap.add_argument("--rhos", type=float, nargs="+", help="override the ρ values")
    ap.add_argument("--shapes", nargs="+", metavar="NxP", help="override (n, p), e.g. 1000x100")
    ap.add_argument("--skip", nargs="+", default=[], choices=["paths", "single", "lad"])
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    args.repeats = args.repeats or (1 if args.quick else 3)
    write = (not args.quick) if args.write is None else args.write
    rhos = args.rhos or (RHOS_QUICK if args.quick else RHOS_FULL)
    shapes = SHAPES if not args.shapes else [tuple(int(v) for v in s.lower().split("x"))
                                              for s in args.shapes]

    if threadpool_limits is not None:
        threadpool_limits(limits=1)  # kept for the whole run
    start = perf()
    cmd = command_line()
    m = machine_info()
    log(f"swiftreg solver benchmark — {m['cpu']}, {m['cpus']} CPUs; scikit-learn {m['sklearn']}, "
        f"SciPy {m['scipy']}, NumPy {m['numpy']}; {m['date']}; load {m['load']}")
    log(f"command: {cmd}")
    log(f"library: {m['lib']} (built {m['built']}; commit {m['commit']})")
    log(f"thread pools: {m['pools']}")
    warnings.simplefilter("ignore")  # convergence warnings: counted in the tables instead

    paths = []
    if "paths" not in args.skip:
        for i, (n, p) in enumerate(shapes):
            for j, rho in enumerate(rhos):
                t0 = perf()
                r = bench_path(n, p, rho, args.seed + 100 * i + j, args)
                paths.append(r)
                log(f"path {n}x{p} rho={rho:g}: swiftreg {rec_cell(r['sr_best'])} "
                    f"(subopt {fs(r['sr_best']['subopt'])}), all thr {ft(r['t_all'])}; sklearn "
                    f"{rec_cell(r['sk_best'])} (subopt {fs(r['sk_best']['subopt'])}); lars "
                    f"{ft(r['t_lars'])} (subopt {fs(r['lars_sub'])}); ratio {fr(r['ratio'])} "
                    f"(target ≤ {r['limit']:g}) -> {r['verdict']}  [ref cert {fs(r['cert'])}; "
                    f"{perf() - t0:.1f} s]")
    single = None
    if "single" not in args.skip:
        t0 = perf()
        single = bench_single(args)
        for r in single["rows"]:
            log(f"lasso {single['n']}x{single['p']} alpha={single['alpha']:.4g} tol={r['tol']:.0e}: "
                f"swiftreg {ft(r['swiftreg']['time'])}, all thr {ft(r.get('swiftreg_all', {}).get('time'))}, "
                f"sklearn {ft(r['sklearn']['time'])}; ratio {fr(r['ratio'])} (target ≤ 0.5); "
                f"subopt sr {fs(r['swiftreg']['subopt'])} sk {fs(r['sklearn']['subopt'])}; "
                f"obj diff {r['obj_diff']:.1e} -> {r['verdict']}")
        log(f"  [{perf() - t0:.1f} s]")
    lad = None
    if "lad" not in args.skip:
        t0 = perf()
        lad = bench_lad(args)
        for r in lad["rows"]:
            log(f"LAD {lad['n']}x{lad['p']} alpha={r['alpha']:g}: swiftreg {ft(r['swiftreg']['time'])}, "
                f"all thr {ft(r.get('swiftreg_all', {}).get('time'))}, HiGHS {ft(r['highs']['time'])}; "
                f"speedup {r['speedup']:.1f}x (target ≥ 50); rel obj {r['rel_obj']:.1e} "
                f"(target ≤ 1e-7) -> {r['verdict']}")
        log(f"  [{perf() - t0:.1f} s]")
    elapsed = perf() - start
    section = markdown(m, cmd, args, paths, single, lad, elapsed)
    log("")
    log(section)
    if write:
        _report.write_section(args.output, BEGIN, END, section)
        log(f"wrote the solvers section of {args.output}")
    else:
        log("BENCHMARKS.md not written.")
    log(f"total {elapsed:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
