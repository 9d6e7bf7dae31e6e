"""An independent reference for ``swiftreg.linear_model.RegularizedRegressor``.

Nothing here imports swiftreg. ``objective`` evaluates the documented objective in float64
with NumPy; ``reference_fit`` minimises it with cvxpy and the Clarabel interior-point
solver at tight tolerances. ``grid_problem`` builds the small random problems of
``test_grid.py`` (here rather than there, so that ``test_reference.py`` can check the
reference on exactly those problems while the estimator does not exist yet).

The objective (S = Σ sᵢ, rᵢ = yᵢ − xᵢ·w − b, b = 0 without an intercept, b never
penalised)::

    datafit   "l2":       (1/(2S))·Σ sᵢ rᵢ²
              "l1":       (1/S)·Σ sᵢ |rᵢ|
              "quantile": (1/S)·Σ sᵢ ρ_τ(rᵢ),  ρ_τ(r) = max(τ r, (τ − 1) r)
              "huber":    (1/S)·Σ sᵢ H_δ(rᵢ),  H_δ(r) = ½r² (|r| ≤ δ), δ(|r| − ½δ) otherwise
    penalty   α·(ρ·Σⱼ fⱼ|wⱼ| + ½(1 − ρ)·Σⱼ gⱼ wⱼ²),  ρ = 1 ("l1"), 0 ("l2"),
              l1_ratio ("elasticnet"); none for penalty=None
    subject to lower ≤ w ≤ upper  (positive=True: lower = max(lower, 0))

f = penalty_factor (default 1), g = l2_penalty_factor (default f).
"""
from __future__ import annotations

import math
import warnings
import zlib

import numpy as np

LOSSES = ("l2", "l1", "quantile", "huber")
PENALTIES = (None, "l1", "l2", "elasticnet")

# Clarabel settings: as tight as double precision allows. Names the installed Clarabel does
# not know are dropped (see _clarabel_options), so an older/newer release still runs.
CLARABEL_OPTIONS = {
    "tol_gap_abs": 1e-12,
    "tol_gap_rel": 1e-12,
    "tol_feas": 1e-12,
    "tol_ktratio": 1e-10,
    "max_iter": 500,
}
# Retried with these when the tight solve does not report "optimal" (never seen on the
# test problems; the objective is then still checked against the tolerance of the tests).
CLARABEL_RETRY = {"tol_gap_abs": 1e-10, "tol_gap_rel": 1e-10, "tol_feas": 1e-10,
                  "max_iter": 500}


# --------------------------------------------------------------------------------------
# Option handling (shared by objective and reference_fit)
# --------------------------------------------------------------------------------------


def _data(X, y, sample_weight):
    X = np.asarray(X, dtype=np.float64)
    if X.ndim == 1:
        X = X.reshape(-1, 1)
    y = np.asarray(y, dtype=np.float64).reshape(-1)
    n = y.shape[0]
    if X.shape[0] != n:
        raise ValueError(f"X has {X.shape[0]} rows, y has {n}")
    s = np.ones(n) if sample_weight is None else np.asarray(sample_weight, np.float64).reshape(-1)
    if s.shape[0] != n or np.any(s < 0) or not np.sum(s) > 0:
        raise ValueError("sample_weight must be n non-negative weights with a positive sum")
    return X, y, s


def l1_share(penalty, l1_ratio) -> float | None:
    """ρ of the penalty (None when there is no penalty)."""
    if penalty is None or penalty == "none":
        return None
    if penalty == "l1":
        return 1.0
    if penalty == "l2":
        return 0.0
    if penalty == "elasticnet":
        return float(l1_ratio)
    raise ValueError(f"unknown penalty {penalty!r}")


def penalty_factors(p, penalty_factor=None, l2_penalty_factor=None):
    """(f, g) as p-arrays: f defaults to all 1, g to f."""
    f = np.ones(p) if penalty_factor is None else np.broadcast_to(
        np.asarray(penalty_factor, np.float64), (p,)).copy()
    g = f.copy() if l2_penalty_factor is None else np.broadcast_to(
        np.asarray(l2_penalty_factor, np.float64), (p,)).copy()
    return f, g


def bounds(p, lower_bounds=None, upper_bounds=None, positive=False):
    """(lower, upper) as p-arrays (∓inf where unbounded); positive=True raises lower to 0."""
    lo = np.full(p, -np.inf) if lower_bounds is None else np.broadcast_to(
        np.asarray(lower_bounds, np.float64), (p,)).copy()
    hi = np.full(p, np.inf) if upper_bounds is None else np.broadcast_to(
        np.asarray(upper_bounds, np.float64), (p,)).copy()
    if positive:
        lo = np.maximum(lo, 0.0)
    if np.any(lo > hi):
        raise ValueError("lower_bounds > upper_bounds")
    return lo, hi


def datafit_terms(loss, r, *, delta=1.35, quantile=0.5):
    """The per-sample loss terms of the residuals r (before the weights and 1/S)."""
    r = np.asarray(r, np.float64)
    if loss == "l2":
        return 0.5 * r * r
    if loss == "l1":
        return np.abs(r)
    if loss == "quantile":
        t = float(quantile)
        return np.maximum(t * r, (t - 1.0) * r)
    if loss == "huber":
        a = np.abs(r)
        return np.where(a <= delta, 0.5 * r * r, delta * (a - 0.5 * delta))
    raise ValueError(f"unknown loss {loss!r}")


# --------------------------------------------------------------------------------------
# The objective in float64
# --------------------------------------------------------------------------------------


def objective(X, y, coef, intercept=0.0, *, loss="l2", penalty="l1", alpha=1.0, l1_ratio=0.5,
              delta=1.35, quantile=0.5, penalty_factor=None, l2_penalty_factor=None,
              lower_bounds=None, upper_bounds=None, positive=False, fit_intercept=True,
              sample_weight=None) -> float:
    """datafit + penalty at (coef, intercept), in float64 (the intercept is ignored, b = 0,
    when fit_intercept is False). The bounds are not checked here (the tests assert them
    separately); they are accepted so that the options of a fit can be passed as they are."""
    X, y, s = _data(X, y, sample_weight)
    p = X.shape[1]
    w = np.asarray(coef, np.float64).reshape(-1)
    if w.shape[0] != p:
        raise ValueError(f"coef has {w.shape[0]} entries, X has {p} columns")
    b = float(intercept) if fit_intercept else 0.0
    r = y - X @ w - b
    S = float(np.sum(s))
    value = float(np.dot(s, datafit_terms(loss, r, delta=delta, quantile=quantile))) / S
    rho = l1_share(penalty, l1_ratio)
    if rho is not None and p:
        f, g = penalty_factors(p, penalty_factor, l2_penalty_factor)
        pen = 0.0
        if rho != 0.0:
            pen += rho * float(np.dot(f, np.abs(w)))
        if rho != 1.0:
            pen += 0.5 * (1.0 - rho) * float(np.dot(g, w * w))
        value += float(alpha) * pen
    return value


# --------------------------------------------------------------------------------------
# The reference solution (cvxpy + Clarabel)
# --------------------------------------------------------------------------------------


def _clarabel_options(options):
    try:
        import clarabel
        known = clarabel.DefaultSettings()
    except Exception:  # pragma: no cover - clarabel is what cvxpy calls; keep all names
        return dict(options)
    return {k: v for k, v in options.items() if hasattr(known, k)}


def _solve(problem, options):
    import cvxpy as cp
    opts = _clarabel_options(options)
    try:
        problem.solve(solver=cp.CLARABEL, **opts)
    except (TypeError, ValueError, AttributeError):
        # a setting this cvxpy/Clarabel pair rejects: the defaults (1e-8) are the fallback
        problem.solve(solver=cp.CLARABEL)
    return problem.status


def reference_fit(X, y, *, loss="l2", penalty="l1", alpha=1.0, l1_ratio=0.5, delta=1.35,
                  quantile=0.5, penalty_factor=None, l2_penalty_factor=None, lower_bounds=None,
                  upper_bounds=None, positive=False, fit_intercept=True, sample_weight=None):
    """(coef, intercept, objective) of the minimiser, solved with cvxpy + Clarabel.

    The coefficients returned are clipped into the bounds (an interior-point solution may
    violate them by ~1e-13) and ``objective`` is ``objective(...)`` evaluated at the
    returned point, so it is an upper bound of the true minimum that is tight to ~1e-12
    relative on well-scaled problems. intercept is 0.0 without fit_intercept.
    """
    import cvxpy as cp

    X, y, s = _data(X, y, sample_weight)
    n, p = X.shape
    opts = dict(loss=loss, penalty=penalty, alpha=alpha, l1_ratio=l1_ratio, delta=delta,
                quantile=quantile, penalty_factor=penalty_factor,
                l2_penalty_factor=l2_penalty_factor, lower_bounds=lower_bounds,
                upper_bounds=upper_bounds, positive=positive, fit_intercept=fit_intercept,
                sample_weight=s)
    if loss not in LOSSES:
        raise ValueError(f"unknown loss {loss!r}")
    rho = l1_share(penalty, l1_ratio)
    lo, hi = bounds(p, lower_bounds, upper_bounds, positive)
    f, g = penalty_factors(p, penalty_factor, l2_penalty_factor)
    if p == 0 and not fit_intercept:
        w0 = np.zeros(0)
        return w0, 0.0, objective(X, y, w0, 0.0, **opts)

    # Scale: the objective is divided by its value at the feasible point nearest 0 (b = 0),
    # so that Clarabel's absolute tolerances act on an O(1) quantity.
    w_start = np.clip(np.zeros(p), lo, hi)
    scale = objective(X, y, w_start, 0.0, **opts)
    if not (math.isfinite(scale) and scale > 0):
        scale = 1.0

    keep = s > 0  # zero-weight samples do not enter the objective
    Xk, yk, sk = X[keep], y[keep], s[keep]
    S = float(np.sum(s))
    w = cp.Variable(p) if p else None
    b = cp.Variable() if fit_intercept else None
    fitted = 0
    if w is not None:
        fitted = Xk @ w
    if b is not None:
        fitted = fitted + b
    r = yk - fitted
    if loss == "l2":
        fit = cp.sum_squares(cp.multiply(np.sqrt(sk), r)) / (2.0 * S)
    elif loss == "l1":
        fit = cp.sum(cp.multiply(sk, cp.abs(r))) / S
    elif loss == "quantile":
        t = float(quantile)
        fit = cp.sum(cp.multiply(sk, t * cp.pos(r) + (1.0 - t) * cp.neg(r))) / S
    else:  # cvxpy's huber(x, M) = x² (|x| ≤ M), 2M|x| − M² otherwise, i.e. 2·H_M(x)
        fit = cp.sum(cp.multiply(sk, cp.huber(r, float(delta)))) / (2.0 * S)
    terms = [fit]
    if rho is not None and w is not None and alpha != 0:
        if rho != 0.0:
            terms.append(float(alpha) * rho * cp.sum(cp.multiply(f, cp.abs(w))))
        if rho != 1.0:
            terms.append(float(alpha) * 0.5 * (1.0 - rho) * cp.sum(cp.multiply(g, cp.square(w))))
    constraints = []
    if w is not None:
        fin = np.isfinite(lo)
        if fin.any():
            constraints.append(w[np.flatnonzero(fin)] >= lo[fin])
        fin = np.isfinite(hi)
        if fin.any():
            constraints.append(w[np.flatnonzero(fin)] <= hi[fin])
    problem = cp.Problem(cp.Minimize(sum(terms) / scale), constraints)
    status = _solve(problem, CLARABEL_OPTIONS)
    if status != cp.OPTIMAL:
        status = _solve(problem, CLARABEL_RETRY)
        if status not in (cp.OPTIMAL, cp.OPTIMAL_INACCURATE):
            raise RuntimeError(f"Clarabel did not solve the reference problem: {status}")
        warnings.warn(f"reference solve: Clarabel status {status} at the retry tolerances")
    coef = np.zeros(p) if w is None else np.clip(np.asarray(w.value, np.float64).reshape(p), lo, hi)
    intercept = float(b.value) if b is not None else 0.0
    return coef, intercept, objective(X, y, coef, intercept, **opts)


# --------------------------------------------------------------------------------------
# The problems of test_grid.py
# --------------------------------------------------------------------------------------

# (loss, its parameters) of the grid rows.
GRID_LOSSES = (
    ("l2", {}),
    ("l1", {}),
    ("quantile", {"quantile": 0.2}),
    ("quantile", {"quantile": 0.8}),
    ("huber", {"delta": 1.0}),
)
# Variant flags: (fit_intercept, sample_weight, penalty factors, bounds). Eight rows of a
# 2^(4-1) design (bounds = intercept xor weights xor factors): every flag is on in four
# rows and off in four, and every three flags take all eight combinations. Without a
# penalty the factors change nothing, so those cells use the full 2^3 design of the others.
GRID_VARIANTS = tuple((a, b, c, a ^ b ^ c) for a in (False, True) for b in (False, True)
                      for c in (False, True))
GRID_VARIANTS_NO_PENALTY = tuple((a, b, False, d) for a in (False, True) for b in (False, True)
                                 for d in (False, True))
BOUNDED = (0, 1)      # feature 0 in [-0.1, 0.3], feature 1 ≥ 0 (both bounds active)
FACTORED = (2, 3)     # feature 2 unpenalised (factor 0), feature 3 factor 2.5

# α·ρ as a fraction of the smallest α that zeroes every coefficient (for ρ = 1,
# factors 1, no bounds), per loss: chosen so L1 cells keep some coefficients and zero
# others (checked in test_reference.py).
ALPHA_FRACTION = {"l2": 0.1, "l1": 0.15, "quantile": 0.15, "huber": 0.15}


def grid_cases():
    """(id, loss, loss parameters, penalty, variant) of every grid case."""
    cases = []
    for loss, params in GRID_LOSSES:
        for penalty in PENALTIES:
            variants = GRID_VARIANTS_NO_PENALTY if penalty is None else GRID_VARIANTS
            for v in variants:
                pname = "-".join(f"{k}{val}" for k, val in params.items())
                flags = "".join(c for c, on in zip("iwfb", v) if on) or "plain"
                cid = f"{loss}{'-' + pname if pname else ''}-{penalty or 'none'}-{flags}"
                cases.append((cid, loss, dict(params), penalty, v))
    return cases


def _alpha_max(loss, X, y, s, fit_intercept, params):
    """max_j |∂/∂w_j datafit| at w = 0 with the best intercept: the α at which the L1
    penalty (ρ = 1, factors 1, no bounds) zeroes every coefficient (huber: approximate)."""
    S = float(np.sum(s))
    if loss == "l2":
        b = float(np.dot(s, y) / S) if fit_intercept else 0.0
        psi = y - b
    elif loss in ("l1", "quantile"):
        t = 0.5 if loss == "l1" else params["quantile"]
        if fit_intercept:
            order = np.argsort(y)
            cum = np.cumsum(s[order])
            b = float(y[order][np.searchsorted(cum, t * S)])
        else:
            b = 0.0
        r = y - b
        psi = np.where(r > 0, t, t - 1.0)
        if loss == "l1":
            psi = 2.0 * psi  # sign(r)
    else:
        b = float(np.median(y)) if fit_intercept else 0.0
        psi = np.clip(y - b, -params["delta"], params["delta"])
    return float(np.max(np.abs(X.T @ (s * psi)))) / S


def grid_problem(case):
    """(X, y, options for reference_fit/objective/RegularizedRegressor) of a grid case."""
    cid, loss, params, penalty, (fit_intercept, weighted, factored, bounded) = case
    rng = np.random.default_rng(zlib.crc32(cid.encode()))
    n = int(rng.integers(40, 61))
    p = int(rng.integers(6, 9))
    X = rng.standard_normal((n, p))
    X[:, 4] *= 3.0  # unequal column scales
    w_true = np.zeros(p)
    w_true[:5] = [2.0, -1.5, 1.0, 0.8, -1.2]
    noise = rng.standard_normal(n)
    if loss != "l2":
        noise[rng.choice(n, 4, replace=False)] += rng.choice([-8.0, 8.0], 4)  # outliers
    y = X @ w_true + 1.5 + noise
    if weighted:
        s = rng.uniform(0.2, 3.0, n)
        s[rng.choice(n, 5, replace=False)] = 0.0
        s[rng.choice(n, 5, replace=False)] = 2.0
    else:
        s = None
    opts = dict(loss=loss, penalty=penalty, fit_intercept=fit_intercept, sample_weight=s,
                **params)
    if penalty is not None:
        opts["alpha"] = ALPHA_FRACTION[loss] * _alpha_max(
            loss, X, y, np.ones(n) if s is None else s, fit_intercept, params)
        if penalty == "elasticnet":
            opts["l1_ratio"] = 0.5
            opts["alpha"] /= 0.5  # the same L1 weight α·ρ as the "l1" cells
    if factored:
        f = np.ones(p)
        f[FACTORED[0]] = 0.0
        f[FACTORED[1]] = 2.5
        opts["penalty_factor"] = f
        opts["l2_penalty_factor"] = np.linspace(0.3, 3.0, p)
    if bounded:
        lo = np.full(p, -np.inf)
        hi = np.full(p, np.inf)
        lo[BOUNDED[0]], hi[BOUNDED[0]] = -0.1, 0.3
        lo[BOUNDED[1]] = 0.0
        opts["lower_bounds"] = lo
        opts["upper_bounds"] = hi
    return X, y, opts


def full_options(opts):
    """opts with every keyword of reference_fit/objective present (defaults filled in)."""
    full = dict(loss="l2", penalty="l1", alpha=1.0, l1_ratio=0.5, delta=1.35, quantile=0.5,
                penalty_factor=None, l2_penalty_factor=None, lower_bounds=None,
                upper_bounds=None, positive=False, fit_intercept=True, sample_weight=None)
    full.update(opts)
    return full
