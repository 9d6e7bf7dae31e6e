#!/usr/bin/env python3
"""Benchmark of swiftreg's general estimator (``RegularizedRegressor``) on the Huber and
absolute losses, against skglm, scikit-learn's HuberRegressor and HiGHS's QP solver.

    python bench/general_models.py [--quick] [--write | --no-write] [--output PATH]
                                   [--sections 1 2 3] [--repeats K] [--budget S]

(``make bench`` runs it with PYTHONPATH=python; the package loads the in-tree build for this CPU.)

Setup. skglm and highspy are imported; when missing, ``python -m pip install skglm`` /
``highspy`` is run for this interpreter first. A section whose package cannot be installed
is skipped with a message (the script still exits 0).

Objective of swiftreg's estimator (``RegularizedRegressor(loss, penalty, alpha, l1_ratio,
delta)``, intercept fitted and not penalised)::

    F(r) + α·(ρ·‖w‖₁ + ½(1 − ρ)·‖w‖²),  r = y − Xw − b,
    F = (1/n)·Σ H_δ(rᵢ)  (loss="huber"; H_δ(r) = ½r² if |r| ≤ δ else δ(|r| − ½δ))
    F = (1/n)·Σ |rᵢ|     (loss="l1")

ρ = 1 ("l1"), 0 ("l2"), l1_ratio ("elasticnet"). swiftreg runs at tol = 1e-10 (its stopping
rule: certified duality gap ≤ tol·F(y − ȳ)), max_iter = 100000; its answer at tol = 1e-14
(untimed) joins the candidates for the reference.

1. **Huber + L1 and Huber + elastic net (l1_ratio 0.5) vs skglm**:
   ``GeneralizedLinearEstimator(Huber(δ), L1(α) | L1_plus_L2(α, 0.5), AndersonCD(tol,
   fit_intercept=True))``. skglm's Huber datafit is (1/n)Σ H_δ and its L1_plus_L2 penalty
   α(ρ‖w‖₁ + ½(1 − ρ)‖w‖²), the same objective; this is checked numerically in every case by
   evaluating skglm's own ``datafit.value + penalty.value`` at both answers against the
   formula above (and swiftreg's ``objective_``). skglm runs at its default tol (1e-4, a
   bound on the KKT violation) and at tol = 1e-10 with max_iter (outer working-set
   iterations) 1000 and max_epochs 100000. Every skglm configuration is fitted once before
   timing (Numba compilation). Problems: n × p ∈ {(1000, 100), (5000, 200), (200, 2000)},
   Gaussian X, 10 nonzero true coefficients (±U(1, 2)), Gaussian noise, 5% gross outliers
   (±U(10, 20)·sd(y)); y then robustly standardised (median 0, 1.4826·MAD = 1) and δ = 1.35.
   α = α_max/10 and α_max/100, α_max = ‖Xᵀψ_δ(y − b₀)‖∞/(n·ρ) (b₀ the Huber location of y,
   ψ_δ = H_δ'): the smallest α with w = 0.
2. **Huber + L2 vs scikit-learn's HuberRegressor** (epsilon = ε = 1.35, alpha = a). It
   minimises over (w, b, σ) nσ + Σ_{|rᵢ| ≤ εσ} rᵢ²/σ + Σ_{|rᵢ| > εσ} (2ε|rᵢ| − σε²) + a‖w‖²
   (sklearn/linear_model/_huber.py), which for a fixed σ equals nσ + (2/σ)·Σ H_{εσ}(rᵢ) +
   a‖w‖² = (2n/σ)·(σ²/2 + (1/n)Σ H_{εσ}(rᵢ) + ½(aσ/n)‖w‖²): at scikit-learn's σ̂ its w solves
   ``RegularizedRegressor(loss="huber", delta=ε·σ̂, penalty="l2", alpha=a·σ̂/n)``. The script
   checks the identity on every case (scikit-learn's objective at σ̂ and swiftreg's answer
   against (2n/σ̂)(σ̂²/2 + objective_)). swiftreg solves only the w-step (σ fixed at σ̂, taken
   from scikit-learn's tight fit); scikit-learn's time includes estimating σ. scikit-learn
   runs at its defaults (tol = 1e-5, max_iter = 100) and tight (tol = 1e-10, max_iter =
   10000). n × p ∈ {(1000, 100), (5000, 200), (1000, 500)}, data as in section 1 (with p > n
   HuberRegressor interpolates and its σ̂ collapses to its lower bound, so wide problems are
   left out); a ∈ {1e-4 (scikit-learn's default), 1}.
3. **Absolute loss + L2 and + elastic net (l1_ratio 0.5) vs HiGHS**: the QP
   min (1/n)Σ(uᵢ + vᵢ) + α(ρΣ(pⱼ + qⱼ) + ½(1 − ρ)Σwⱼ²) s.t. Xw + b + u − v = y,
   w − p + q = 0 (only when ρ > 0), u, v, p, q ≥ 0, w, b free, passed to ``highspy.Highs``
   (``passModel`` with a ``HighsLp``, ``passHessian`` with the diagonal Hessian on w; default
   options, one thread). Timed: passModel + passHessian + run (building the arrays is not).
   n × p ∈ {(2000, 20), (5000, 50)}, Gaussian X, Student-t noise (1.5 degrees of freedom);
   α = α_max/10 and α_max/100 with α_max = ‖Xᵀsign(y − median y)‖∞/(n·0.5) for both
   penalties. When ``RegularizedRegressor(loss="l1", penalty="l2").fit`` raises, the section
   prints "absolute-loss solver not available in this build" and is skipped.

Accuracy. Every answer is scored by the objective above, computed here in NumPy, against a
reference: the lowest objective of any answer of that case (section 2: at fixed σ̂).
Suboptimality = (objective − reference)/reference. "cert." = (reference − (P − gap))/reference
with P, gap the objective and duality gap of swiftreg's tol=1e-14 answer: a bound on the
reference's own suboptimality.

Timing. Every library uses one thread: OMP/OPENBLAS/MKL/... _NUM_THREADS = 1 and
NUMBA_NUM_THREADS = 1 set before NumPy is imported, OPENBLAS_THREAD_TIMEOUT = 4 (idle BLAS
threads sleep instead of spinning), threadpoolctl limits, ``swiftreg.set_num_threads(1)``,
HiGHS ``threads = 1``. Each time is the minimum over up to ``--repeats`` rounds (fewer when a
round takes long), each round running the timed calls in alternating order (forward, then
reversed); times include each library's Python-side input checks.

Targets: section 1 ratio (skglm time / swiftreg time) ≥ 3 against skglm at tight tol with
swiftreg suboptimality ≤ 1e-9; section 2 ratio (scikit-learn time / swiftreg time) ≥ 3
against scikit-learn's default fit, with swiftreg's fixed-σ suboptimality ≤ 1e-9; section 3
ratio (HiGHS time / swiftreg time) ≥ 10 with swiftreg's suboptimality ≤ 1e-7.

``--quick`` runs the first shape of each section with 2 rounds and does not write
BENCHMARKS.md unless ``--write`` is given. The results go into the
``<!-- general_models:begin -->`` ... ``<!-- general_models:end -->`` section of
BENCHMARKS.md; other sections are left alone.
"""
from __future__ import annotations

import os
import sys

# --- environment: must happen before NumPy (and its BLAS) is loaded ---------------------------
_THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                "BLIS_NUM_THREADS", "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS",
                "NUMBA_NUM_THREADS")
_MARK = "_SWIFTREG_GENERAL_BENCH"
if os.environ.get(_MARK) != "1":
    for _k in _THREAD_VARS:
        os.environ[_k] = "1"
    os.environ.setdefault("OPENBLAS_THREAD_TIMEOUT", "4")  # idle BLAS threads sleep, not spin
    os.environ[_MARK] = "1"
    if "numpy" in sys.modules:  # already loaded (a sitecustomize?): start again, clean
        os.execv(sys.executable, [sys.executable] + sys.argv)

import argparse  # noqa: E402
import datetime  # noqa: E402
import importlib  # noqa: E402
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

RegularizedRegressor = getattr(srlm, "RegularizedRegressor", None)
if RegularizedRegressor is None:
    from swiftreg.linear_model._general import RegularizedRegressor  # noqa: E402

import sklearn  # noqa: E402
from sklearn.linear_model import HuberRegressor  # noqa: E402

try:
    from threadpoolctl import threadpool_info, threadpool_limits
except ImportError:
    threadpool_info = threadpool_limits = None

BEGIN, END = "<!-- general_models:begin -->", "<!-- general_models:end -->"
CPUS = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
perf = time.perf_counter

SR_TOL, SR_REF_TOL, SR_MAX_ITER = 1e-10, 1e-14, 100000
SUBOPT_TARGET = 1e-9          # sections 1 and 2
LAD_SUBOPT_TARGET = 1e-7      # section 3
RATIO_SKGLM, RATIO_SKLEARN, RATIO_HIGHS = 3.0, 3.0, 10.0
SKGLM_TIGHT = dict(tol=1e-10, max_iter=1000, max_epochs=100000)
SK_TIGHT = dict(tol=1e-10, max_iter=10000)
HUBER_SHAPES = ((1000, 100), (5000, 200), (200, 2000))
SK_SHAPES = ((1000, 100), (5000, 200), (1000, 500))  # n > p: with p > n HuberRegressor's σ → 0
LAD_SHAPES = ((2000, 20), (5000, 50))
ALPHA_FRACS = (10.0, 100.0)       # α = α_max / frac
SK_ALPHAS = (1e-4, 1.0)
DELTA = 1.35
L1_RATIO = 0.5


def log(s: str = "") -> None:
    print(s, flush=True)


# --- packages -----------------------------------------------------------------------------------

def ensure(module: str, package: str) -> tuple[object | None, str]:
    """Import ``module``; when missing, pip-install ``package`` into this interpreter first.
    Returns (module or None, what happened)."""
    try:
        m = importlib.import_module(module)
        return m, f"{package} {getattr(m, '__version__', '?')} (already installed)"
    except ImportError:
        pass
    log(f"{package} not installed: running {sys.executable} -m pip install {package}")
    try:
        p = subprocess.run([sys.executable, "-m", "pip", "install", "--disable-pip-version-check",
                            package], capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as e:
        return None, f"pip install {package} failed: {e}"
    if p.returncode != 0:
        tail = (p.stderr or p.stdout).strip().splitlines()[-3:]
        return None, f"pip install {package} failed (exit {p.returncode}): {' | '.join(tail)}"
    importlib.invalidate_caches()
    try:
        m = importlib.import_module(module)
    except ImportError as e:
        return None, f"{package} installed but cannot be imported: {e}"
    return m, f"{package} {getattr(m, '__version__', '?')} (installed by this run)"


# --- timing -------------------------------------------------------------------------------------

def race(fns: dict, repeats: int, budget: float) -> tuple[dict, dict, int]:
    """Time every function of ``fns`` (name -> callable) over up to ``repeats`` rounds, the
    order alternating (forward, reversed, ...); stops early once a round's total would exceed
    what is left of ``budget`` seconds. Returns (best time per name, last result per name,
    rounds run)."""
    names = list(fns)
    best = {k: math.inf for k in names}
    out: dict = {}
    spent, rounds = 0.0, 0
    while rounds < repeats:
        order = names if rounds % 2 == 0 else names[::-1]
        t_round = 0.0
        for k in order:
            t = perf()
            out[k] = fns[k]()
            dt = perf() - t
            best[k] = min(best[k], dt)
            t_round += dt
        spent += t_round
        rounds += 1
        if spent + t_round > budget:
            break
    return best, out, rounds


# --- objectives ---------------------------------------------------------------------------------

def huber_values(r: np.ndarray, delta: float) -> np.ndarray:
    a = np.abs(r)
    return np.where(a <= delta, 0.5 * r * r, delta * (a - 0.5 * delta))


def penalty_value(w, alpha, rho) -> float:
    return alpha * (rho * float(np.abs(w).sum()) + 0.5 * (1.0 - rho) * float(w @ w))


def huber_objective(X, y, w, b, delta, alpha, rho) -> float:
    return float(huber_values(y - X @ w - b, delta).mean()) + penalty_value(w, alpha, rho)


def lad_objective(X, y, w, b, alpha, rho) -> float:
    return float(np.abs(y - X @ w - b).mean()) + penalty_value(w, alpha, rho)


def sk_huber_objective(X, y, w, b, sigma, eps, a) -> float:
    """scikit-learn's HuberRegressor objective (_huber_loss_and_gradient, unit weights)."""
    r = y - X @ w - b
    out = np.abs(r) > eps * sigma
    loss = len(y) * sigma + float(r[~out] @ r[~out]) / sigma
    loss += 2.0 * eps * float(np.abs(r[out]).sum()) - sigma * int(out.sum()) * eps ** 2
    return loss + a * float(w @ w)


def huber_location(y, delta) -> float:
    """argmin_b Σ H_δ(yᵢ − b), by bisection on the monotone Σ ψ_δ(yᵢ − b)."""
    lo, hi = float(y.min()), float(y.max())
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        g = float(np.clip(y - mid, -delta, delta).sum())
        if g > 0:
            lo = mid
        else:
            hi = mid
        if hi - lo <= 1e-15 * max(1.0, abs(mid)):
            break
    return 0.5 * (lo + hi)


def rel_subopt(obj, ref) -> float:
    return (obj - ref) / abs(ref) if ref != 0 else obj - ref


# --- data ---------------------------------------------------------------------------------------

def huber_data(n, p, seed):
    """Gaussian X (Fortran order), 10 nonzero coefficients, Gaussian noise, 5% gross outliers;
    y robustly standardised (median 0, 1.4826·MAD 1)."""
    rng = np.random.default_rng(seed)
    X = np.asfortranarray(rng.standard_normal((n, p)))
    w = np.zeros(p)
    k = min(10, p)
    idx = rng.choice(p, k, replace=False)
    w[idx] = rng.choice([-1.0, 1.0], k) * rng.uniform(1.0, 2.0, k)
    y = X @ w + rng.standard_normal(n)
    m = max(1, int(round(0.05 * n)))
    out = rng.choice(n, m, replace=False)
    y[out] += rng.choice([-1.0, 1.0], m) * rng.uniform(10.0, 20.0, m) * y.std()
    med = np.median(y)
    mad = 1.4826 * np.median(np.abs(y - med))
    return X, (y - med) / mad


def lad_data(n, p, seed):
    rng = np.random.default_rng(seed)
    X = np.asfortranarray(rng.standard_normal((n, p)))
    w = rng.choice([-1.0, 1.0], p) * rng.uniform(0.5, 2.0, p)
    w[rng.random(p) < 0.5] = 0.0
    y = X @ w + rng.standard_t(1.5, n)
    return X, y


def huber_alpha_max(X, y, delta, rho) -> float:
    b0 = huber_location(y, delta)
    g = X.T @ np.clip(y - b0, -delta, delta) / len(y)
    return float(np.abs(g).max()) / rho


def lad_alpha_max(X, y, rho) -> float:
    return float(np.abs(X.T @ np.sign(y - np.median(y))).max()) / (len(y) * rho)


def sr_fit(X, y, tol, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return RegularizedRegressor(tol=tol, max_iter=SR_MAX_ITER, fit_intercept=True, **kw).fit(X, y)


# --- section 1: Huber + L1 / elastic net vs skglm -------------------------------------------------

class Skglm:
    def __init__(self, mod):
        from skglm import GeneralizedLinearEstimator
        from skglm.datafits import Huber
        from skglm.penalties import L1, L1_plus_L2
        from skglm.solvers import AndersonCD
        self.mod, self.GLE, self.Huber, self.L1, self.L1_plus_L2 = mod, GeneralizedLinearEstimator, Huber, L1, L1_plus_L2
        self.AndersonCD = AndersonCD

    def penalty(self, alpha, rho):
        return self.L1(alpha) if rho == 1.0 else self.L1_plus_L2(alpha, rho)

    def estimator(self, delta, alpha, rho, tight: bool):
        solver = self.AndersonCD(fit_intercept=True, **(SKGLM_TIGHT if tight else {}))
        return self.GLE(datafit=self.Huber(delta), penalty=self.penalty(alpha, rho), solver=solver)

    def fit(self, X, y, delta, alpha, rho, tight):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return self.estimator(delta, alpha, rho, tight).fit(X, y)

    def objective(self, y, Xw_b, w, delta, alpha, rho) -> float:
        """skglm's own objective: its (pure-Python) datafit.value + penalty.value."""
        return float(self.Huber(delta).value(y, w, Xw_b)) + float(self.penalty(alpha, rho).value(w))

    def warm_up(self):
        rng = np.random.default_rng(0)
        X = np.asfortranarray(rng.standard_normal((50, 8)))
        y = X[:, 0] + rng.standard_normal(50)
        for rho in (1.0, L1_RATIO):
            for tight in (False, True):
                self.fit(X, y, DELTA, 0.01, rho, tight)


def bench_skglm_case(S: Skglm, n, p, rho, frac, seed, args):
    X, y = huber_data(n, p, seed)
    amax = huber_alpha_max(X, y, DELTA, rho)
    alpha = amax / frac
    pen = "l1" if rho == 1.0 else "elasticnet"
    kw = dict(loss="huber", delta=DELTA, penalty=pen, alpha=alpha, l1_ratio=rho)
    S.fit(X, y, DELTA, alpha, rho, False)  # this configuration once, untimed (compilation)
    S.fit(X, y, DELTA, alpha, rho, True)
    best, out, rounds = race({
        "sr": lambda: sr_fit(X, y, SR_TOL, **kw),
        "sk": lambda: S.fit(X, y, DELTA, alpha, rho, False),
        "skt": lambda: S.fit(X, y, DELTA, alpha, rho, True),
    }, args.repeats, args.budget)
    ref_fit = sr_fit(X, y, SR_REF_TOL, **kw)
    sols = {"sr": (out["sr"].coef_, float(out["sr"].intercept_)),
            "sk": (out["sk"].coef_, float(out["sk"].intercept_)),
            "skt": (out["skt"].coef_, float(out["skt"].intercept_)),
            "ref": (ref_fit.coef_, float(ref_fit.intercept_))}
    obj = {k: huber_objective(X, y, w, b, DELTA, alpha, rho) for k, (w, b) in sols.items()}
    ref = min(obj.values())
    sub = {k: rel_subopt(v, ref) for k, v in obj.items()}
    cert = rel_subopt(ref, ref_fit.objective_ - ref_fit.dual_gap_)
    # Scaling check: skglm's own objective vs ours, at both answers; swiftreg's objective_.
    scal = 0.0
    for k in ("sr", "skt"):
        w, b = sols[k]
        scal = max(scal, abs(S.objective(y, X @ w + b, w, DELTA, alpha, rho) - obj[k]) / abs(obj[k]))
    own = abs(out["sr"].objective_ - obj["sr"]) / abs(obj["sr"])
    ratio = best["sk"] / best["sr"]
    ratio_t = best["skt"] / best["sr"]
    verdict = "PASS" if ratio_t >= RATIO_SKGLM and sub["sr"] <= SUBOPT_TARGET else "miss"
    return dict(n=n, p=p, rho=rho, frac=frac, alpha=alpha, t=best, sub=sub, cert=cert, scal=scal,
                own=own, ratio=ratio, ratio_t=ratio_t, verdict=verdict, rounds=rounds,
                nnz=int(np.count_nonzero(sols["ref"][0])), sr_iter=out["sr"].n_iter_,
                sr_solver=out["sr"].solver_, sk_iter=(out["sk"].n_iter_, out["skt"].n_iter_),
                sk_crit=(float(out["sk"].stop_crit_), float(out["skt"].stop_crit_)))


# --- section 2: Huber + L2 vs scikit-learn's HuberRegressor ----------------------------------------

def sk_huber(X, y, a, tight):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return HuberRegressor(epsilon=DELTA, alpha=a, fit_intercept=True,
                              **(SK_TIGHT if tight else {})).fit(X, y)


def bench_sklearn_case(n, p, a, seed, args):
    X, y = huber_data(n, p, seed)
    sk_t = sk_huber(X, y, a, True)  # σ̂ from the tight fit (untimed here, timed below)
    sigma = float(sk_t.scale_)
    delta, alpha = DELTA * sigma, a * sigma / n
    kw = dict(loss="huber", delta=delta, penalty="l2", alpha=alpha)
    best, out, rounds = race({
        "sr": lambda: sr_fit(X, y, SR_TOL, **kw),
        "sk": lambda: sk_huber(X, y, a, False),
        "skt": lambda: sk_huber(X, y, a, True),
    }, args.repeats, args.budget)
    ref_fit = sr_fit(X, y, SR_REF_TOL, **kw)
    sols = {"sr": (out["sr"].coef_, float(out["sr"].intercept_)),
            "skt": (out["skt"].coef_, float(out["skt"].intercept_)),
            "ref": (ref_fit.coef_, float(ref_fit.intercept_))}
    # Suboptimality at the fixed σ̂ (the default fit has its own σ, so it is not scored here).
    obj = {k: huber_objective(X, y, w, b, delta, alpha, 0.0) for k, (w, b) in sols.items()}
    ref = min(obj.values())
    sub = {k: rel_subopt(v, ref) for k, v in obj.items()}
    cert = rel_subopt(ref, ref_fit.objective_ - ref_fit.dual_gap_)
    # The mapping: scikit-learn's objective at (w, b, σ̂) = (2n/σ̂)(σ̂²/2 + ours).
    map_err = 0.0
    for k, (w, b) in sols.items():
        G = sk_huber_objective(X, y, w, b, sigma, DELTA, a)
        map_err = max(map_err, abs(G - 2 * n / sigma * (sigma ** 2 / 2 + obj[k])) / abs(G))
    w_sr, w_sk = sols["sr"][0], sols["skt"][0]
    scale = max(float(np.abs(w_sk).max()), 1e-300)
    wdiff = float(np.abs(w_sr - w_sk).max()) / scale
    wdiff_def = float(np.abs(out["sk"].coef_ - w_sr).max()) / scale
    ratio, ratio_t = best["sk"] / best["sr"], best["skt"] / best["sr"]
    verdict = "PASS" if ratio >= RATIO_SKLEARN and sub["sr"] <= SUBOPT_TARGET else "miss"
    return dict(n=n, p=p, a=a, sigma=sigma, sigma_def=float(out["sk"].scale_), delta=delta, alpha=alpha,
                t=best, sub=sub, cert=cert, map_err=map_err, wdiff=wdiff, wdiff_def=wdiff_def,
                ratio=ratio, ratio_t=ratio_t, verdict=verdict, rounds=rounds,
                sk_iter=(int(out["sk"].n_iter_), int(out["skt"].n_iter_)), sr_iter=out["sr"].n_iter_,
                sr_solver=out["sr"].solver_)


# --- section 3: absolute loss + L2 / elastic net vs HiGHS ------------------------------------------

def lad_available() -> tuple[bool, str]:
    rng = np.random.default_rng(1)
    X = rng.standard_normal((40, 3))
    y = X @ np.ones(3) + rng.standard_normal(40)
    try:
        sr_fit(X, y, 1e-8, loss="l1", penalty="l2", alpha=0.1)
    except Exception as e:  # noqa: BLE001 - any failure means "not available"
        return False, f"{type(e).__name__}: {e}"
    return True, "ok"


class HighsQP:
    """The absolute-loss QP in HiGHS's form: columns [w (p), b, u (n), v (n), p⁺, p⁻ (p each,
    only when ρ > 0)], rows Xw + b + u − v = y and w − p⁺ + p⁻ = 0."""

    def __init__(self, highspy, X, y, alpha, rho):
        self.h = highspy
        n, p = X.shape
        self.n, self.p, self.rho = n, p, rho
        l1 = rho > 0
        ncol = p + 1 + 2 * n + (2 * p if l1 else 0)
        nrow = n + (p if l1 else 0)
        inf = highspy.kHighsInf
        cost = np.zeros(ncol)
        cost[p + 1:p + 1 + 2 * n] = 1.0 / n
        lower = np.zeros(ncol)
        upper = np.full(ncol, inf)
        lower[:p + 1] = -inf
        if l1:
            cost[p + 1 + 2 * n:] = alpha * rho
        rhs = np.concatenate([y, np.zeros(p)]) if l1 else y.astype(float)
        # Column-wise sparse A.
        starts, index, value = [0], [], []
        rows_n = np.arange(n, dtype=np.int32)
        for j in range(p):  # w_j: X[:, j] (and +1 in its link row)
            index.append(rows_n)
            value.append(X[:, j])
            if l1:
                index.append(np.array([n + j], dtype=np.int32))
                value.append(np.array([1.0]))
            starts.append(starts[-1] + n + (1 if l1 else 0))
        index.append(rows_n)
        value.append(np.ones(n))
        starts.append(starts[-1] + n)  # b
        for sgn in (1.0, -1.0):  # u, v
            for i in range(n):
                starts.append(starts[-1] + 1)
            index.append(rows_n)
            value.append(np.full(n, sgn))
        if l1:
            for sgn in (-1.0, 1.0):  # p⁺, p⁻
                for j in range(p):
                    starts.append(starts[-1] + 1)
                index.append(np.arange(n, n + p, dtype=np.int32))
                value.append(np.full(p, sgn))
        self.start = np.asarray(starts, dtype=np.int32)
        self.index = np.concatenate(index).astype(np.int32)
        self.value = np.concatenate(value).astype(float)
        self.cost, self.lower, self.upper, self.rhs = cost, lower, upper, rhs
        self.ncol, self.nrow = ncol, nrow
        # Hessian ½xᵀQx: Q = α(1 − ρ) on the w columns (lower-triangular, column-wise).
        q = alpha * (1.0 - rho)
        self.q = q
        hs = np.zeros(ncol + 1, dtype=np.int32)
        hs[1:p + 1] = np.arange(1, p + 1)
        hs[p + 1:] = p
        self.h_start, self.h_index, self.h_value = hs, np.arange(p, dtype=np.int32), np.full(p, q)

    def solve(self):
        h = self.h
        s = h.Highs()
        s.setOptionValue("output_flag", False)
        s.setOptionValue("threads", 1)
        lp = h.HighsLp()
        lp.num_col_, lp.num_row_ = self.ncol, self.nrow
        lp.col_cost_, lp.col_lower_, lp.col_upper_ = self.cost, self.lower, self.upper
        lp.row_lower_, lp.row_upper_ = self.rhs, self.rhs
        lp.a_matrix_.format_ = h.MatrixFormat.kColwise
        lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = self.start, self.index, self.value
        lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = self.ncol, self.nrow
        s.passModel(lp)
        if self.q > 0:
            hess = h.HighsHessian()
            hess.dim_ = self.ncol
            hess.format_ = h.HessianFormat.kTriangular
            hess.start_, hess.index_, hess.value_ = self.h_start, self.h_index, self.h_value
            s.passHessian(hess)
        s.run()
        x = np.asarray(s.getSolution().col_value)
        status = s.modelStatusToString(s.getModelStatus())
        return x[:self.p].copy(), float(x[self.p]), status


def bench_highs_case(highspy, n, p, rho, frac, seed, args):
    X, y = lad_data(n, p, seed)
    alpha = lad_alpha_max(X, y, L1_RATIO) / frac
    pen = "l2" if rho == 0.0 else "elasticnet"
    kw = dict(loss="l1", penalty=pen, alpha=alpha, l1_ratio=rho if rho > 0 else 0.5)
    qp = HighsQP(highspy, X, y, alpha, rho)
    best, out, rounds = race({
        "sr": lambda: sr_fit(X, y, SR_TOL, **kw),
        "hi": qp.solve,
    }, args.repeats, args.budget)
    ref_fit = sr_fit(X, y, SR_REF_TOL, **kw)
    w_h, b_h, status = out["hi"]
    sols = {"sr": (out["sr"].coef_, float(out["sr"].intercept_)), "hi": (w_h, b_h),
            "ref": (ref_fit.coef_, float(ref_fit.intercept_))}
    obj = {k: lad_objective(X, y, w, b, alpha, rho) for k, (w, b) in sols.items()}
    ref = min(obj.values())
    sub = {k: rel_subopt(v, ref) for k, v in obj.items()}
    cert = rel_subopt(ref, ref_fit.objective_ - ref_fit.dual_gap_)
    own = abs(out["sr"].objective_ - obj["sr"]) / abs(obj["sr"])
    ratio = best["hi"] / best["sr"]
    verdict = "PASS" if ratio >= RATIO_HIGHS and sub["sr"] <= LAD_SUBOPT_TARGET else "miss"
    return dict(n=n, p=p, rho=rho, frac=frac, alpha=alpha, t=best, sub=sub, cert=cert, own=own,
                ratio=ratio, verdict=verdict, rounds=rounds, status=status,
                sr_solver=out["sr"].solver_, sr_iter=out["sr"].n_iter_)


# --- machine, formatting, Markdown ---------------------------------------------------------------

def load_avg() -> str:
    try:
        return "/".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def machine_info() -> dict:
    pools = "unknown (threadpoolctl missing)"
    if threadpool_info is not None:
        pools = ", ".join(f"{i.get('internal_api')} ({i.get('user_api')}): {i.get('num_threads')} thread(s)"
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
    return dict(cpu=_report.cpu_model(), cpus=CPUS, python=platform.python_version(),
                numpy=np.__version__, sklearn=sklearn.__version__, swiftreg=sr.__version__,
                pools=pools, commit=commit, lib=lib, variant=sr.library_variant(), built=built,
                load=load_avg(),
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
    return f"{t * 1e3:.2f} ms" if t < 0.1 else (f"{t * 1e3:.0f} ms" if t < 1 else f"{t:.2f} s")


def fs(x) -> str:
    if x is None or not np.isfinite(x):
        return "—"
    if abs(x) < 1e-14:
        return "<1e-14" if x >= 0 else f"{x:.0e}"
    return f"{x:.0e}"


def fr(x) -> str:
    return "—" if x is None or not np.isfinite(x) else (f"{x:.1f}" if x < 100 else f"{x:.0f}")


def pen_name(rho) -> str:
    return {1.0: "L1", 0.0: "L2"}.get(rho, f"EN {rho:g}")


def markdown(m, cmd, args, res, notes, elapsed) -> str:
    L = []
    w = L.append
    w(BEGIN)
    w("## General models: Huber and absolute loss vs skglm, scikit-learn, HiGHS (`bench/general_models.py`)")
    w("")
    w(f"- Machine: {m['cpu']}, {m['cpus']} CPUs, **shared with other jobs while this ran** (numbers "
      "check the harness; expect noise of tens of percent); Python "
      f"{m['python']}, NumPy {m['numpy']}, scikit-learn {m['sklearn']}; {'; '.join(notes['pkgs'])}")
    w(f"- swiftreg {m['swiftreg']} at commit {m['commit']}; library `{m['lib']}` ({m['variant']} build, "
      f"built {m['built']}); estimator `RegularizedRegressor(tol={SR_TOL:g}, max_iter={SR_MAX_ITER})`")
    w(f"- Date: {m['date']}; run took {elapsed:.0f} s{' (quick run)' if args.quick else ''}; "
      f"load average (1/5/15 min) {m['load']} at the start, {load_avg()} at the end")
    w(f"- Command: `{cmd}`")
    w(f"- Threads: {', '.join(_THREAD_VARS)} = 1 (set before NumPy is imported), "
      f"OPENBLAS_THREAD_TIMEOUT={os.environ.get('OPENBLAS_THREAD_TIMEOUT')}; threadpoolctl limits "
      f"every pool to 1 ({m['pools']}); `swiftreg.set_num_threads(1)`; HiGHS threads=1.")
    w(f"- Times: minimum over up to {args.repeats} rounds (fewer when a case takes more than "
      f"{args.budget:g} s), the calls of a round in alternating order; Python-side input checks "
      "included. Suboptimality: (objective − reference)/reference, the reference being the lowest "
      f"objective of any answer of the case (swiftreg at tol={SR_REF_TOL:g}, untimed, included); "
      "cert.: (reference − dual bound of that answer)/reference, a bound on the reference's own "
      "suboptimality.")
    w("")
    # Section 1
    w("### 1. Huber + L1 / elastic net vs skglm")
    w("")
    if res["skglm"] is None:
        w(f"Skipped: {notes['skglm']}")
    else:
        w("Objective (1/n)Σ H_δ(yᵢ − xᵢw − b) + α(ρ‖w‖₁ + ½(1−ρ)‖w‖²), δ = 1.35 on robustly "
          "standardised y (Gaussian X, 10 true nonzeros, 5% gross outliers), α = α_max/10 and "
          "α_max/100. skglm: `GeneralizedLinearEstimator(Huber(δ), L1(α) | L1_plus_L2(α, 0.5), "
          "AndersonCD(fit_intercept=True, tol))` at its default tol 1e-4 and at "
          f"tol={SKGLM_TIGHT['tol']:g}, max_iter={SKGLM_TIGHT['max_iter']}, "
          f"max_epochs={SKGLM_TIGHT['max_epochs']} (\"tight\"); each configuration fitted once "
          "before timing (Numba compilation). ratio = skglm time / swiftreg time; verdict PASS when "
          f"the ratio against tight skglm is ≥ {RATIO_SKGLM:g} and swiftreg's suboptimality "
          f"≤ {SUBOPT_TARGET:g} (✗: ratio against default-tol skglm below {RATIO_SKGLM:g}).")
        w("")
        w("| n × p | penalty | α_max/α | nnz | swiftreg | skglm 1e-4 | skglm tight | ratio vs 1e-4 | "
          "ratio vs tight | swiftreg subopt. | skglm 1e-4 subopt. | skglm tight subopt. | cert. | verdict |")
        w("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
        for r in res["skglm"]:
            mark = " ✗" if r["ratio"] < RATIO_SKGLM else ""
            w(f"| {r['n']} × {r['p']} | {pen_name(r['rho'])} | {r['frac']:g} | {r['nnz']} | {ft(r['t']['sr'])} | "
              f"{ft(r['t']['sk'])} | {ft(r['t']['skt'])} | {fr(r['ratio'])}{mark} | {fr(r['ratio_t'])} | "
              f"{fs(r['sub']['sr'])} | {fs(r['sub']['sk'])} | {fs(r['sub']['skt'])} | {fs(r['cert'])} | "
              f"{r['verdict']} |")
        w("")
        rs = res["skglm"]
        npass = sum(r["verdict"] == "PASS" for r in rs)
        w(f"{npass} of {len(rs)} cases PASS. Scaling check (same objective): skglm's own "
          "`datafit.value + penalty.value` at swiftreg's and tight skglm's answers differs from the "
          f"formula above by at most {max(r['scal'] for r in rs):.1e} (relative); swiftreg's "
          f"`objective_` by at most {max(r['own'] for r in rs):.1e}. skglm outer iterations "
          "(default/tight) and final KKT violation: "
          + "; ".join(f"{r['n']}×{r['p']} {pen_name(r['rho'])} /{r['frac']:g}: {r['sk_iter'][0]}/"
                      f"{r['sk_iter'][1]}, {r['sk_crit'][0]:.0e}/{r['sk_crit'][1]:.0e}" for r in rs)
          + f". Rounds per case: {', '.join(str(r['rounds']) for r in rs)}.")
    w("")
    # Section 2
    w("### 2. Huber + L2 vs scikit-learn's HuberRegressor")
    w("")
    if res["sklearn"] is None:
        w(f"Skipped: {notes.get('sklearn', '')}")
    else:
        w(f"`HuberRegressor(epsilon={DELTA}, alpha=a)` minimises nσ + Σ_{{in}} rᵢ²/σ + Σ_{{out}}(2ε|rᵢ| − σε²) "
          "+ a‖w‖² over (w, b, σ) (data as in section 1; n > p only: with p > n its σ̂ collapses to 0); at its σ̂ that is (2n/σ̂)·(σ̂²/2 + (1/n)Σ H_{εσ̂}(rᵢ) + ½(aσ̂/n)‖w‖²), "
          "so swiftreg runs `RegularizedRegressor(loss=\"huber\", delta=ε·σ̂, penalty=\"l2\", "
          "alpha=a·σ̂/n)` with σ̂ from scikit-learn's tight fit. **swiftreg does not re-estimate σ: "
          "its time is the w-step only**, scikit-learn's includes estimating σ. scikit-learn at its "
          f"defaults (tol 1e-5, max_iter 100) and tight (tol={SK_TIGHT['tol']:g}, "
          f"max_iter={SK_TIGHT['max_iter']}; L-BFGS-B also stops on its relative-decrease test ftol, which "
          "HuberRegressor does not expose, so the tight fit may end where the default one does). ratio = scikit-learn time / swiftreg time; PASS when "
          f"the ratio against the default fit is ≥ {RATIO_SKLEARN:g} and swiftreg's suboptimality at "
          f"fixed σ̂ ≤ {SUBOPT_TARGET:g}. Δw = max|w_swiftreg − w_sklearn|/max|w_sklearn| against the "
          "tight (and, in brackets, the default) fit.")
        w("")
        w("| n × p | a | σ̂ (default fit's) | swiftreg (w-step) | sklearn default | sklearn tight | "
          "ratio vs default | ratio vs tight | swiftreg subopt. | sklearn tight subopt. | Δw | "
          "mapping check | verdict |")
        w("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
        for r in res["sklearn"]:
            w(f"| {r['n']} × {r['p']} | {r['a']:g} | {r['sigma']:.4g} ({r['sigma_def']:.4g}) | "
              f"{ft(r['t']['sr'])} | {ft(r['t']['sk'])} | {ft(r['t']['skt'])} | {fr(r['ratio'])} | "
              f"{fr(r['ratio_t'])} | {fs(r['sub']['sr'])} | {fs(r['sub']['skt'])} | "
              f"{fs(r['wdiff'])} [{fs(r['wdiff_def'])}] | {r['map_err']:.0e} | {r['verdict']} |")
        w("")
        rs = res["sklearn"]
        npass = sum(r["verdict"] == "PASS" for r in rs)
        w(f"{npass} of {len(rs)} cases PASS. Mapping check: |G(w, b, σ̂) − (2n/σ̂)(σ̂²/2 + F(w, b))|/G "
          "with G scikit-learn's objective and F ours, at every answer (max per case). L-BFGS "
          "iterations (default/tight): "
          + "; ".join(f"{r['n']}×{r['p']} a={r['a']:g}: {r['sk_iter'][0]}/{r['sk_iter'][1]}" for r in rs)
          + ".")
    w("")
    # Section 3
    w("### 3. Absolute loss + L2 / elastic net vs HiGHS (QP)")
    w("")
    if res["highs"] is None:
        w(f"Skipped: {notes['highs']}")
    else:
        w("Objective (1/n)Σ|yᵢ − xᵢw − b| + α(ρ‖w‖₁ + ½(1−ρ)‖w‖²) (Gaussian X, Student-t noise with "
          "1.5 degrees of freedom), α = α_max/10 and α_max/100 (α_max of the ρ = 0.5 problem, for "
          "both penalties). HiGHS: the QP min (1/n)Σ(uᵢ+vᵢ) + α(ρΣ(pⱼ+qⱼ) + ½(1−ρ)Σwⱼ²), "
          "Xw + b + u − v = y, w = p − q, u, v, p, q ≥ 0, via highspy `passModel` + `passHessian` + "
          "`run` (timed; building the arrays is not), default options. ratio = HiGHS time / "
          f"swiftreg time; PASS when ≥ {RATIO_HIGHS:g} with swiftreg's suboptimality ≤ "
          f"{LAD_SUBOPT_TARGET:g}.")
        w("")
        w("| n × p | penalty | α_max/α | swiftreg (solver) | HiGHS | ratio | swiftreg subopt. | "
          "HiGHS subopt. | HiGHS status | cert. | verdict |")
        w("|---|---|---:|---:|---:|---:|---:|---:|---|---:|---|")
        for r in res["highs"]:
            w(f"| {r['n']} × {r['p']} | {pen_name(r['rho'])} | {r['frac']:g} | {ft(r['t']['sr'])} "
              f"({r['sr_solver']}) | {ft(r['t']['hi'])} | {fr(r['ratio'])} | {fs(r['sub']['sr'])} | "
              f"{fs(r['sub']['hi'])} | {r['status']} | {fs(r['cert'])} | {r['verdict']} |")
        w("")
        rs = res["highs"]
        w(f"{sum(r['verdict'] == 'PASS' for r in rs)} of {len(rs)} cases PASS; swiftreg's "
          f"`objective_` agrees with the formula to {max(r['own'] for r in rs):.1e}.")
    w("")
    w(END)
    return "\n".join(L) + "\n"


# --- main -------------------------------------------------------------------------------------

def run_section(name, fn):
    try:
        return fn()
    except Exception:  # noqa: BLE001 - report and go on with the other sections
        log(f"section {name} failed:\n{traceback.format_exc()}")
        return None


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true",
                    help="first shape of each section, 2 rounds; does not write BENCHMARKS.md unless --write")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--write", dest="write", action="store_true", default=None,
                   help="write BENCHMARKS.md (default for a full run)")
    g.add_argument("--no-write", dest="write", action="store_false", help="only print")
    ap.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    ap.add_argument("--sections", type=int, nargs="+", default=[1, 2, 3], choices=[1, 2, 3])
    ap.add_argument("--repeats", type=int, help="timing rounds per case (default 5; --quick 2)")
    ap.add_argument("--budget", type=float, default=3.0,
                    help="stop adding rounds once a case's timed calls took this many seconds (default 3)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    args.repeats = args.repeats or (2 if args.quick else 5)
    write = (not args.quick) if args.write is None else args.write
    hshapes = HUBER_SHAPES[:1] if args.quick else HUBER_SHAPES
    sshapes = SK_SHAPES[:1] if args.quick else SK_SHAPES
    lshapes = LAD_SHAPES[:1] if args.quick else LAD_SHAPES

    if threadpool_limits is not None:
        threadpool_limits(limits=1)
    sr.set_num_threads(1)
    start = perf()
    cmd = command_line()
    m = machine_info()
    log(f"swiftreg general models — {m['cpu']}, {m['cpus']} CPUs; NumPy {m['numpy']}, "
        f"scikit-learn {m['sklearn']}; {m['date']}; load {m['load']}")
    log(f"command: {cmd}")
    log(f"library: {m['lib']} ({m['variant']}, built {m['built']}; commit {m['commit']})")
    res = {"skglm": None, "sklearn": None, "highs": None}
    notes: dict = {"pkgs": []}

    if 1 in args.sections:
        skglm, what = ensure("skglm", "skglm")
        log(f"skglm: {what}")
        notes["skglm"] = what
        if skglm is None:
            log(f"SKIPPED section 1 (Huber vs skglm): {what}")
        else:
            numba = sys.modules.get("numba")
            notes["pkgs"].append(f"skglm {skglm.__version__}" + (f" (Numba {numba.__version__})" if numba else ""))

            def sec1():
                S = Skglm(skglm)
                t0 = perf()
                S.warm_up()
                log(f"skglm warm-up (Numba compilation): {perf() - t0:.1f} s")
                out = []
                for i, (n, p) in enumerate(hshapes):
                    for j, rho in enumerate((1.0, L1_RATIO)):
                        for k, frac in enumerate(ALPHA_FRACS):
                            t0 = perf()
                            r = bench_skglm_case(S, n, p, rho, frac, args.seed + 100 * i + 10 * j + k, args)
                            out.append(r)
                            log(f"[1] {n}x{p} {pen_name(rho)} a_max/{frac:g}: swiftreg {ft(r['t']['sr'])} "
                                f"(subopt {fs(r['sub']['sr'])}, {r['sr_iter']} it), skglm {ft(r['t']['sk'])} "
                                f"({fs(r['sub']['sk'])}) / tight {ft(r['t']['skt'])} ({fs(r['sub']['skt'])}); "
                                f"ratio {fr(r['ratio'])} / {fr(r['ratio_t'])} -> {r['verdict']}  "
                                f"[scaling {r['scal']:.0e}, cert {fs(r['cert'])}, {r['rounds']} rounds, "
                                f"{perf() - t0:.1f} s]")
                return out
            res["skglm"] = run_section(1, sec1)
            if res["skglm"] is None:
                notes["skglm"] = "the section raised an error (see the run's output)"

    if 2 in args.sections:
        def sec2():
            out = []
            for i, (n, p) in enumerate(sshapes):
                for k, a in enumerate(SK_ALPHAS):
                    t0 = perf()
                    r = bench_sklearn_case(n, p, a, args.seed + 1000 + 100 * i + k, args)
                    out.append(r)
                    log(f"[2] {n}x{p} a={a:g} (sigma {r['sigma']:.4g}): swiftreg {ft(r['t']['sr'])} "
                        f"(subopt {fs(r['sub']['sr'])}), sklearn {ft(r['t']['sk'])} / tight "
                        f"{ft(r['t']['skt'])} ({fs(r['sub']['skt'])}); ratio {fr(r['ratio'])} / "
                        f"{fr(r['ratio_t'])} -> {r['verdict']}  [dw {fs(r['wdiff'])} (default "
                        f"{fs(r['wdiff_def'])}), mapping {r['map_err']:.0e}, {r['rounds']} rounds, "
                        f"{perf() - t0:.1f} s]")
            return out
        res["sklearn"] = run_section(2, sec2)
        if res["sklearn"] is None:
            notes["sklearn"] = "the section raised an error (see the run's output)"

    if 3 in args.sections:
        ok, why = lad_available()
        if not ok:
            log(f"absolute-loss solver not available in this build ({why}): SKIPPED section 3")
            notes["highs"] = f"absolute-loss solver not available in this build (`fit` raised {why})."
        else:
            highspy, what = ensure("highspy", "highspy")
            log(f"highspy: {what}")
            notes["highs"] = what
            if highspy is None:
                log(f"SKIPPED section 3 (absolute loss vs HiGHS): {what}")
            else:
                hv = highspy.Highs().version() if hasattr(highspy.Highs(), "version") else "?"
                notes["pkgs"].append(f"highspy (HiGHS {hv})")

                def sec3():
                    out = []
                    for i, (n, p) in enumerate(lshapes):
                        for j, rho in enumerate((0.0, L1_RATIO)):
                            for k, frac in enumerate(ALPHA_FRACS):
                                t0 = perf()
                                r = bench_highs_case(highspy, n, p, rho, frac,
                                                     args.seed + 2000 + 100 * i + 10 * j + k, args)
                                out.append(r)
                                log(f"[3] {n}x{p} {pen_name(rho)} a_max/{frac:g}: swiftreg {ft(r['t']['sr'])} "
                                    f"({r['sr_solver']}, subopt {fs(r['sub']['sr'])}), HiGHS {ft(r['t']['hi'])} "
                                    f"({r['status']}, subopt {fs(r['sub']['hi'])}); ratio {fr(r['ratio'])} -> "
                                    f"{r['verdict']}  [cert {fs(r['cert'])}, {r['rounds']} rounds, "
                                    f"{perf() - t0:.1f} s]")
                    return out
                res["highs"] = run_section(3, sec3)
                if res["highs"] is None:
                    notes["highs"] = "the section raised an error (see the run's output)"

    elapsed = perf() - start
    section = markdown(m, cmd, args, res, notes, elapsed)
    log("")
    log(section)
    if write and any(v is not None for v in res.values()):
        _report.write_section(args.output, BEGIN, END, section)
        log(f"wrote the general_models section of {args.output}")
    else:
        log("BENCHMARKS.md not written.")
    log(f"total {elapsed:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
