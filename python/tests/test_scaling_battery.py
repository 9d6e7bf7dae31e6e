"""The scaling battery: every solver of the generic core on badly scaled but equivalent problems.

Each case is a well-scaled base problem (``_base``) put through a transformation whose effect on
the minimiser is known exactly:

- ``cols``: column j multiplied by s_j ∈ {1e10, 1e-10, 1, 1e5}; the penalty factors become
  f_j·s_j (L1) and g_j·s_j² (L2), so w_j′ = w_j/s_j is the base problem's minimiser;
- ``timestamp`` (with an intercept): 1.7e9 added to column 0 (a Unix timestamp with a spread
  of about 1e5); w is unchanged and b′ = b − 1.7e9·w₀;
- ``weights×c`` (c = 1e200, 1e-200): the base weights times c; nothing changes (the datafit
  is normalised by S = Σsᵢ);
- ``X×s`` (s = 1e10, 1e-10): all of X times s with α (and ρ) mapped so that the penalty of
  w′ = w/s equals the base penalty of w: α′ρ′ = s·αρ, α′(1 − ρ′) = s²·α(1 − ρ);
- ``y×t`` (t = 1e10, 1e-10): y times t (Huber: δ times t too) with α′ρ′ = t·αρ and
  α′(1 − ρ′) = α(1 − ρ): w′ = t·w, b′ = t·b, and the objective is t² times the base one
  (``huber_scaled``: α′ = α/t, the objective t times).

The reference is the base problem solved with cvxpy + Clarabel at tight tolerances
(``reference.reference_fit``; ``huber_scaled``, whose objective cvxpy does not take directly:
the base problem fitted by the library itself at a tight tolerance, so there the battery
checks invariance). Every fit's point is mapped back to the base problem and its objective
evaluated there with NumPy.

Asserted for the exact solvers (coordinate descent on the squared and Huber losses, FISTA,
Cholesky, the scaled Huber fit): the objective matches the reference to 1e-8 relative; the fit
is certified (``converged_``, no ConvergenceWarning) and honest: the true suboptimality in the
user's units is at most ``gap_tol_`` and ``dual_gap_ <= gap_tol_``; the reported objective_
agrees with the point's objective. The subgradient method is not exact (a fixed step never
reaches a tight gap): for it the battery asserts honesty only — certified only if the true
suboptimality is within ``gap_tol_``, a ConvergenceWarning whenever it is not certified, and
the returned point never worse than the start w = 0.
"""

from __future__ import annotations

import math
import warnings
from fractions import Fraction

import numpy as np
import pytest
import scipy.sparse as sp
from reference import objective as ref_objective
from reference import reference_fit

from swiftreg.linear_model import (
    ElasticNet,
    HuberRegressor,
    Lasso,
    RegularizedRegressor,
    Ridge,
    regularization_path,
)
from swiftreg.linear_model import ConvergenceWarning

TOL = 1e-11
MATCH = 1e-8
TIMESTAMP = 1.7e9
COL_SCALES = np.array([1e10, 1e-10, 1.0, 1e5])
ALPHA = {"l1": 0.05, "l2": 0.3, "elasticnet": 0.1, None: 0.0}
RHO = {"l1": 1.0, "l2": 0.0, "elasticnet": 0.5, None: 1.0}
DELTA = 0.8


def _base(weighted: bool):
    rng = np.random.default_rng(20240613)
    n, p = 40, 4
    X = rng.standard_normal((n, p))
    y = X @ np.array([1.5, -2.0, 0.0, 0.7]) + 0.5 * rng.standard_normal(n) + 0.3
    y[:3] += np.array([6.0, -5.0, 7.0])  # outliers, so that Huber's linear part is active
    sw = rng.uniform(0.5, 2.0, n) if weighted else None
    return X, y, sw


# ------------------------------------------------------------------------------------------
# Solvers: how each is asked for through the public API
# ------------------------------------------------------------------------------------------

# name: (loss, penalties it supports, sparse allowed, exact, factors allowed)
SOLVERS = {
    "cd": ("l2", (None, "l1", "l2", "elasticnet"), True, True, True),
    "cd-general": ("l2", (None, "l1", "l2", "elasticnet"), True, True, True),
    "fista": ("l2", (None, "l1", "l2", "elasticnet"), False, True, True),
    "subgradient": ("l2", (None, "l1", "l2", "elasticnet"), False, False, True),
    "cholesky": ("l2", (None, "l2"), False, True, False),
    "huber": ("huber", (None, "l1", "l2", "elasticnet"), True, True, True),
    "huber_scaled": ("huber_scaled", ("l2",), True, True, False),
}


def _factors(solver, penalty, l1f, l2f, cscale):
    """The penalty_factor / l2_penalty_factor / bounds arguments. The base problem has all
    factors 1; ``l1f``/``l2f`` are what the transformation maps them to. The general
    coordinate descent is reached through a lower bound far from the optimum (with bounds the
    squared loss never takes the elastic-net fast path), mapped like the coefficients."""
    kw = {}
    if solver == "cholesky" or penalty is None:
        pass
    elif penalty == "elasticnet":
        kw["penalty_factor"] = l1f
        if not np.array_equal(l1f, l2f):
            kw["l2_penalty_factor"] = l2f
    elif penalty == "l1":
        kw["penalty_factor"] = l1f
    elif penalty == "l2":
        kw["penalty_factor"] = l2f
    if solver == "cd-general":
        kw["lower_bounds"] = -1e3 * cscale
    return kw


def _estimator(solver, penalty, alpha, rho, fit_intercept, kw, delta=DELTA):
    loss = SOLVERS[solver][0]
    if solver == "huber_scaled":
        return RegularizedRegressor(
            loss="huber_scaled",
            penalty="l2",
            alpha=alpha,
            delta=1.35,
            fit_intercept=fit_intercept,
            tol=TOL,
            max_iter=100000,
        )
    s = {
        "cd": "cd",
        "cd-general": "cd",
        "fista": "fista",
        "subgradient": "subgradient",
        "cholesky": "cholesky",
        "huber": "cd",
    }[solver]
    pen = penalty if penalty is not None else None
    max_iter = 200000 if solver in ("fista", "subgradient") else 100000
    if solver == "subgradient":
        max_iter = 2000
    return RegularizedRegressor(
        loss=loss,
        penalty=pen,
        alpha=alpha,
        l1_ratio=rho if penalty == "elasticnet" else 0.5,
        delta=delta,
        fit_intercept=fit_intercept,
        solver=s,
        tol=TOL,
        max_iter=max_iter,
        **kw,
    )


# ------------------------------------------------------------------------------------------
# Transformations
# ------------------------------------------------------------------------------------------


def _map_penalty(alpha, rho, a1, a2):
    """(α′, ρ′) with α′ρ′ = a1·αρ and α′(1 − ρ′) = a2·α(1 − ρ)."""
    l1 = a1 * alpha * rho
    l2 = a2 * alpha * (1 - rho)
    tot = l1 + l2
    return tot, (l1 / tot if tot > 0 else 1.0)


def _transform(name, X, y, sw, penalty, solver):
    """(X′, y′, sw′, α′, ρ′, δ′, kw, back) where back(coef′, b′) → (coef, b) in the base frame
    and ``factor`` the ratio of the transformed objective to the base one."""
    p = X.shape[1]
    alpha, rho = ALPHA[penalty], RHO[penalty]
    one = np.ones(p)
    if solver == "huber_scaled":
        alpha, rho = 0.02, 0.0
    # cscale: w′ = cscale·w (the map of the coefficients, for bounds)
    out = dict(
        X=X, y=y, sw=sw, alpha=alpha, rho=rho, delta=DELTA, l1f=one, l2f=one, factor=1.0, cscale=one
    )
    out["back"] = lambda c, b: (np.asarray(c, float), float(b))
    if name == "base":
        pass
    elif name == "cols":
        s = COL_SCALES
        out["X"] = X * s
        out["l1f"], out["l2f"] = s.copy(), s * s
        out["cscale"] = 1 / s
        out["back"] = lambda c, b: (np.asarray(c, float) * s, float(b))
    elif name == "timestamp":
        Xt = X.copy()
        # a Unix-timestamp-like column: 1.7e9 plus a spread of ~1e5 (the base column × 2^16)
        Xt[:, 0] = TIMESTAMP + X[:, 0] * 65536.0
        out["X"] = Xt
        out["l1f"], out["l2f"] = np.array([65536.0, 1, 1, 1]), np.array([65536.0**2, 1, 1, 1])
        out["cscale"] = 1 / out["l1f"]

        def back(c, b):
            c = np.asarray(c, float)
            b0 = Fraction(float(b)) + Fraction(TIMESTAMP) * Fraction(float(c[0]))
            return c * np.array([65536.0, 1, 1, 1]), float(b0)

        out["back"] = back
    elif name.startswith("weights"):
        c = float(name.split("x")[1])
        base_w = sw if sw is not None else np.ones(X.shape[0])
        out["sw"] = base_w * c
    elif name.startswith("Xs"):
        s = float(name[2:])
        out["X"] = X * s
        if solver == "huber_scaled":
            out["alpha"] = alpha * s * s
        else:
            out["alpha"], out["rho"] = _map_penalty(alpha, rho, s, s * s)
        out["cscale"] = one / s
        out["back"] = lambda c, b: (np.asarray(c, float) * s, float(b))
    elif name.startswith("ys"):
        t = float(name[2:])
        out["y"] = y * t
        out["delta"] = DELTA * t
        if solver == "huber_scaled":
            out["alpha"] = alpha / t
            out["factor"] = t
        else:
            out["alpha"], out["rho"] = _map_penalty(alpha, rho, t, 1.0)
            out["factor"] = t * t
        out["cscale"] = one * t
        out["back"] = lambda c, b: (np.asarray(c, float) / t, float(b) / t)
    elif name.startswith("XYs"):
        s = float(name[3:])
        out["X"], out["y"], out["delta"] = X * s, y * s, DELTA * s
        if solver == "huber_scaled":
            out["alpha"], out["factor"] = alpha * s, s
        else:
            out["alpha"], out["factor"] = alpha * s * s, s * s
        out["back"] = lambda c, b: (np.asarray(c, float), float(b) / s)
    else:  # pragma: no cover
        raise ValueError(name)
    return out


TRANSFORMS = (
    "base",
    "cols",
    "timestamp",
    "weightsx1e200",
    "weightsx1e-200",
    "Xs1e10",
    "Xs1e-10",
    "ys1e10",
    "ys1e-10",
    "XYs1e10",
    "XYs1e-10",
)


def _applies(solver, penalty, transform, fit_intercept, sparse):
    loss, penalties, sparse_ok, _, factors_ok = SOLVERS[solver]
    if penalty not in penalties or (sparse and not sparse_ok):
        return False
    if transform == "timestamp" and not fit_intercept:
        return False  # a shift of a column is an equivalent problem only with an intercept
    if transform in ("cols", "timestamp") and penalty is not None and not factors_ok:
        return False  # the column scaling needs per-feature factors to stay equivalent
    if transform in ("cols", "timestamp") and solver == "huber_scaled":
        return False
    if (
        solver in ("cd", "fista", "subgradient")
        and transform in ("cols", "timestamp")
        and (penalty == "elasticnet")
    ):
        return False  # its l1 and l2 factors then differ: only the general solver takes that
    if penalty == "elasticnet" and transform[:2] in ("Xs", "ys"):
        return False  # α′ and ρ′ would carry the rounding of 1 − ρ′: XYs scales X and y together
    return True


def _param(case):
    solver, penalty, transform, fit_intercept, sparse, weighted = case
    if solver == "huber" and sparse and transform == "timestamp":
        # Sparse X is left uncentred for the Huber loss (its intercept takes its own steps), so
        # a 1.7e9 column and the intercept are nearly collinear coordinates and coordinate
        # descent crawls: honest (not certified, a warning) but not solved within max_iter.
        return pytest.param(
            case, marks=pytest.mark.xfail(strict=True, reason="uncentred sparse Huber")
        )
    return case


CASES = [
    (solver, penalty, transform, fit_intercept, sparse, weighted)
    for solver in SOLVERS
    for penalty in SOLVERS[solver][1]
    for transform in TRANSFORMS
    for fit_intercept in (True, False)
    for sparse in (False, True)
    for weighted in ((False, True) if transform == "base" else (transform.startswith("weights"),))
    if _applies(solver, penalty, transform, fit_intercept, sparse)
]


def _case_id(c):
    solver, penalty, transform, fi, sparse, weighted = c
    return f"{solver}-{penalty}-{transform}-{'b' if fi else 'nob'}-{'csc' if sparse else 'dense'}{'-w' if weighted else ''}"


_REF: dict = {}


def _reference(solver, penalty, fit_intercept, weighted):
    key = (SOLVERS[solver][0], penalty, fit_intercept, weighted, solver == "huber_scaled")
    if key not in _REF:
        X, y, sw = _base(weighted)
        alpha, rho = ALPHA[penalty], RHO[penalty]
        if solver == "huber_scaled":
            est = RegularizedRegressor(
                loss="huber_scaled",
                penalty="l2",
                alpha=0.02,
                delta=1.35,
                fit_intercept=fit_intercept,
                tol=1e-14,
                max_iter=100000,
            )
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                est.fit(X, y, sample_weight=sw)
            _REF[key] = (est.coef_.copy(), float(est.intercept_), float(est.objective_), est)
        else:
            loss = SOLVERS[solver][0]
            coef, b, obj = reference_fit(
                X,
                y,
                loss=loss,
                penalty=penalty,
                alpha=alpha,
                l1_ratio=rho,
                delta=DELTA,
                fit_intercept=fit_intercept,
                sample_weight=sw,
            )
            _REF[key] = (coef, b, obj, None)
    return _REF[key]


def _base_objective(solver, penalty, fit_intercept, weighted, coef, b, scale=None):
    X, y, sw = _base(weighted)
    if solver == "huber_scaled":
        # (1/(2S))Σsᵢσ(1 + H̃(rᵢ/σ)) + α/2‖w‖², evaluated at the mapped (w, b, σ)
        s = np.ones(len(y)) if sw is None else sw
        r = y - X @ coef - b
        z = r / scale
        eps = 1.35
        h = np.where(np.abs(z) <= eps, z * z, 2 * eps * np.abs(z) - eps * eps)
        return float(np.sum(s * scale * (1 + h)) / (2 * np.sum(s)) + 0.02 / 2 * np.sum(coef**2))
    return ref_objective(
        X,
        y,
        coef,
        b,
        loss=SOLVERS[solver][0],
        penalty=penalty,
        alpha=ALPHA[penalty],
        l1_ratio=RHO[penalty],
        delta=DELTA,
        fit_intercept=fit_intercept,
        sample_weight=sw,
    )


def _start_objective(solver, penalty, fit_intercept, weighted):
    """The base objective at w = 0 with the best intercept (an upper bound of the start's)."""
    X, y, sw = _base(weighted)
    if solver == "huber_scaled":
        return math.inf
    s = np.ones(len(y)) if sw is None else sw
    b = float(np.sum(s * y) / np.sum(s)) if fit_intercept else 0.0
    if SOLVERS[solver][0] == "huber":
        return math.inf
    return _base_objective(solver, penalty, fit_intercept, weighted, np.zeros(X.shape[1]), b)


@pytest.mark.parametrize("case", [_param(c) for c in CASES], ids=[_case_id(c) for c in CASES])
def test_scaling_battery(case):
    solver, penalty, transform, fit_intercept, sparse, weighted = case
    X, y, sw = _base(weighted)
    t = _transform(transform, X, y, sw, penalty, solver)
    kw = {}
    if solver != "huber_scaled":
        kw = _factors(solver, penalty, t["l1f"], t["l2f"], t["cscale"])
    est = _estimator(solver, penalty, t["alpha"], t["rho"], fit_intercept, kw, delta=t["delta"])
    Xf = sp.csc_matrix(t["X"]) if sparse else t["X"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        est.fit(Xf, t["y"], sample_weight=t["sw"])
    warned = any(issubclass(w.category, ConvergenceWarning) for w in caught)
    assert warned == (not est.converged_), (est.converged_, warned)
    coef, b = t["back"](est.coef_, est.intercept_)
    scale = None
    if solver == "huber_scaled":
        scale = est.scale_ / t["factor"]
    obj = _base_objective(solver, penalty, fit_intercept, weighted, coef, b, scale)
    ref = _reference(solver, penalty, fit_intercept, weighted)[2]
    factor = t["factor"]
    # honesty: a certificate only with the gap and the true suboptimality within gap_tol_
    slack = 1e-12 * abs(ref)
    if est.converged_:
        assert est.dual_gap_ <= est.gap_tol_
        assert obj - ref <= est.gap_tol_ / factor + slack, (obj, ref, est.gap_tol_ / factor)
    if SOLVERS[solver][3]:
        assert est.converged_, (est.dual_gap_, est.gap_tol_, est.n_iter_)
        assert abs(obj - ref) <= MATCH * abs(ref), (obj, ref, (obj - ref) / ref)
        reported = est.objective_ / factor
        assert abs(reported - obj) <= MATCH * abs(ref), (reported, obj)
    else:
        start = _start_objective(solver, penalty, fit_intercept, weighted)
        assert obj <= start * (1 + 1e-12) or warned


# ------------------------------------------------------------------------------------------
# The presets and the path on the same transformations
# ------------------------------------------------------------------------------------------

PRESET_TRANSFORMS = (
    "base",
    "timestamp",
    "weightsx1e200",
    "weightsx1e-200",
    "XYs1e10",
    "XYs1e-10",
    "ys1e10",
    "ys1e-10",
)


@pytest.mark.parametrize("transform", PRESET_TRANSFORMS)
@pytest.mark.parametrize("preset", ["Lasso", "ElasticNet", "Ridge", "HuberRegressor"])
def test_presets_scaled(preset, transform):
    penalty = {"Lasso": "l1", "ElasticNet": "elasticnet", "Ridge": "l2", "HuberRegressor": "l2"}[
        preset
    ]
    solver = {
        "Lasso": "cd",
        "ElasticNet": "cd",
        "Ridge": "cholesky",
        "HuberRegressor": "huber_scaled",
    }[preset]
    weighted = transform.startswith("weights")
    X, y, sw = _base(weighted)
    t = _transform(transform, X, y, sw, penalty, solver)
    alpha, rho = t["alpha"], t["rho"]
    if preset == "ElasticNet" and transform.startswith("ys"):
        pytest.skip("α′ and ρ′ would carry the rounding of 1 − ρ′ (XYs scales X and y together)")
    if transform == "timestamp":
        if preset in ("Ridge", "ElasticNet", "HuberRegressor"):
            pytest.skip("a timestamp column with its own penalty factor needs RegularizedRegressor")
        kw = dict(penalty_factor=t["l1f"])
    else:
        kw = {}
    S = float(np.sum(t["sw"])) if t["sw"] is not None else float(len(y))
    if preset == "Lasso":
        est = Lasso(alpha=alpha, tol=TOL, max_iter=100000, **kw)
    elif preset == "ElasticNet":
        est = ElasticNet(alpha=alpha, l1_ratio=rho, tol=TOL, max_iter=100000)
    elif preset == "Ridge":
        est = Ridge(alpha=alpha * S)  # Ridge's α multiplies ‖w‖², the datafit is ½Σsᵢrᵢ²
    else:
        # HuberRegressor's objective is 2S times the library's: α_sk = 2S·α′/2 (L2 only)
        est = HuberRegressor(alpha=alpha * S, epsilon=1.35, tol=TOL, max_iter=100000)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        est.fit(t["X"], t["y"], sample_weight=t["sw"])
    assert not any(issubclass(w.category, ConvergenceWarning) for w in caught)
    coef, b = t["back"](est.coef_, est.intercept_)
    scale = est.scale_ / t["factor"] if preset == "HuberRegressor" else None
    obj = _base_objective(solver, penalty, True, weighted, coef, b, scale)
    ref = _reference(solver, penalty, True, weighted)[2]
    assert abs(obj - ref) <= MATCH * abs(ref), (obj, ref)


@pytest.mark.parametrize(
    "transform",
    (
        "base",
        "timestamp",
        "weightsx1e200",
        "weightsx1e-200",
        "Xs1e10",
        "Xs1e-10",
        "ys1e10",
        "ys1e-10",
    ),
)
@pytest.mark.parametrize("loss", ["l2", "huber"])
def test_path_scaled(loss, transform):
    """regularization_path on the transformed problem: every alpha of the grid certified
    and each point's objective the reference's (L1 penalty, intercept)."""
    solver = "cd" if loss == "l2" else "huber"
    weighted = transform.startswith("weights")
    X, y, sw = _base(weighted)
    t = _transform(transform, X, y, sw, "l1", solver)
    scale_a = t["alpha"] / ALPHA["l1"]  # the α map of this transformation (L1: linear)
    base_alphas = np.array([0.5, 0.1, 0.02])
    kw = {}
    if transform == "timestamp":
        kw = dict(penalty_factor=t["l1f"])
    alphas, coefs, intercepts, gaps = regularization_path(
        t["X"],
        t["y"],
        loss=loss,
        penalty="l1",
        alphas=base_alphas * scale_a,
        delta=t["delta"],
        sample_weight=t["sw"],
        tol=TOL,
        max_iter=100000,
        **kw,
    )
    Xb, yb, swb = _base(weighted)
    for k, a in enumerate(base_alphas):
        coef, b = t["back"](coefs[:, k], intercepts[k])
        obj = ref_objective(
            Xb, yb, coef, b, loss=loss, penalty="l1", alpha=a, delta=DELTA, sample_weight=swb
        )
        _, _, ref = reference_fit(
            Xb, yb, loss=loss, penalty="l1", alpha=a, delta=DELTA, sample_weight=swb
        )
        assert abs(obj - ref) <= MATCH * abs(ref), (a, obj, ref)


# ------------------------------------------------------------------------------------------
# Garbage never returned as a result, and the regressions of the fuzzer's inputs
# ------------------------------------------------------------------------------------------


def _objective_at(est, X, y, sample_weight=None, **kw):
    return ref_objective(X, y, est.coef_, float(est.intercept_), sample_weight=sample_weight, **kw)


def test_subgradient_huge_step_keeps_the_start():
    """A step of 1e300 diverges: the fit returns a point no worse than w = 0, with a finite
    gap, not converged, and a ConvergenceWarning (it used to return coefficients near 4e300
    with dual_gap_ = nan)."""
    X, y, _ = _base(False)
    est = Lasso(alpha=0.05, solver="subgradient", learning_rate=1e300, max_iter=50)
    with pytest.warns(ConvergenceWarning):
        est.fit(X, y)
    assert np.all(np.isfinite(est.coef_)) and np.isfinite(est.dual_gap_)
    obj = _objective_at(est, X, y, alpha=0.05, penalty="l1")
    start = ref_objective(X, y, np.zeros(4), float(np.mean(y)), alpha=0.05, penalty="l1")
    assert obj <= start * (1 + 1e-12)


@pytest.mark.parametrize("solver", ["fista", "subgradient", "cd"])
def test_unpenalised_gap_is_a_bound(solver):
    """With α = 0 the reported gap bounds the suboptimality (it used to be a negative
    'convergence measure' that certified FISTA and subgradient after one step)."""
    X, y, _ = _base(False)
    est = RegularizedRegressor(penalty=None, solver=solver, tol=1e-10, max_iter=20)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        est.fit(X, y)
    ref = reference_fit(X, y, penalty=None)[2]
    obj = _objective_at(est, X, y, penalty=None)
    assert est.dual_gap_ >= 0
    assert obj - ref <= est.dual_gap_ + 1e-12 * ref
    if est.converged_:
        assert obj - ref <= est.gap_tol_ + 1e-12 * ref


def test_huber_large_weights_no_spurious_warning():
    X, y, _ = _base(False)
    for c in (1e10, 1e200, 1e-200):
        with warnings.catch_warnings():
            warnings.simplefilter("error", ConvergenceWarning)
            est = RegularizedRegressor(loss="huber", penalty="l2", alpha=0.1, delta=DELTA).fit(
                X, y, sample_weight=np.full(len(y), c)
            )
            HuberRegressor().fit(X, y, sample_weight=np.full(len(y), c))
        base = RegularizedRegressor(loss="huber", penalty="l2", alpha=0.1, delta=DELTA).fit(X, y)
        assert abs(est.objective_ - base.objective_) <= 1e-6 * base.objective_


_X18 = np.array([[1, -1.5, 2, 2.5, 3.5, 4, -1, -3], [-1, 0, 3, 4, 3, 1, -0.5, 1]], float).T
_Y18 = np.array([2.5, -2, 3, 4, -3.5, 1.5, 0.5, -4])


def test_squared_l1_alpha_dbl_min_finite_gap():
    """alpha = DBL_MIN with ±inf bounds, a warm start and max_iter 2: the gap is finite."""
    est = RegularizedRegressor(
        penalty="l1",
        alpha=2.2250738585072014e-308,
        fit_intercept=False,
        lower_bounds=-np.inf,
        upper_bounds=np.inf,
        max_iter=2,
        warm_start=True,
    )
    est.coef_ = np.array([-0.5, -4.0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        est.fit(_X18, _Y18)
    assert np.isfinite(est.dual_gap_) and est.dual_gap_ >= 0
    obj = _objective_at(
        est, _X18, _Y18, alpha=2.2250738585072014e-308, penalty="l1", fit_intercept=False
    )
    assert abs(est.objective_ - obj) <= 1e-12 * obj


@pytest.mark.parametrize("bounds", [None, np.inf])
@pytest.mark.parametrize("alpha", [1e-300, 1e-20, 1e-12])
def test_squared_tiny_alpha_certified(alpha, bounds):
    """Tiny-alpha fits reach the least-squares point and certify it, with or without bounds:
    at the default tol the gap bounds the true suboptimality, at tol 1e-12 the coefficients
    are the least-squares ones."""
    kw = {} if bounds is None else dict(lower_bounds=-bounds, upper_bounds=bounds)
    ls = np.linalg.lstsq(_X18, _Y18, rcond=None)[0]
    best = 0.5 * np.mean((_Y18 - _X18 @ ls) ** 2) + alpha * np.abs(ls).sum()
    for tol in (1e-4, 1e-12):
        with warnings.catch_warnings():
            warnings.simplefilter("error", ConvergenceWarning)
            est = RegularizedRegressor(
                penalty="l1", alpha=alpha, fit_intercept=False, max_iter=1000, tol=tol, **kw
            )
            est.fit(_X18, _Y18)
        assert est.converged_ and est.dual_gap_ <= est.gap_tol_
        assert est.objective_ - best <= est.dual_gap_ + 1e-15
    np.testing.assert_allclose(est.coef_, ls, rtol=1e-6, atol=1e-9)


def test_far_warm_start_objective_is_f_plus_r():
    """After a warm start at 5e17 with separate L2 factors the objective is F + R at the
    returned point (it kept the rounding of the start's residual)."""
    X = np.array([[0.5, 1, -1.5, 2, 2.5, -3, -2.5, -4], [-1, 0.5, -4, 1.5, -2, 0, 3, 1]], float).T
    y = np.array([-0.5, 1, 2.5, -2, 3, 4, 1, -0.5])
    est = RegularizedRegressor(
        penalty="l1", alpha=4.0, l2_penalty_factor=[3.0, 2.0], max_iter=1, warm_start=True
    )
    est.coef_ = np.array([5.0440315826549555e17, -0.5])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        est.fit(X, y)
    obj = _objective_at(est, X, y, alpha=4.0, penalty="l1", l2_penalty_factor=[3.0, 2.0])
    assert abs(est.objective_ - obj) <= 1e-12 * max(obj, 1.0)
    assert (
        est.dual_gap_
        >= est.objective_
        - reference_fit(X, y, penalty="l1", alpha=4.0, l2_penalty_factor=[3.0, 2.0])[2]
        - 1e-12
    )


def test_huber_l1_early_stop_finite_gap():
    """Huber + L1 stopped after one sweep: every gap of the path, and of the fit from the
    path's start, is finite."""
    X = np.array([0.5, 1, 1.5, 2, 2.5, 3]).reshape(-1, 1)
    y = np.array([0.5, 1.5, 1, 2.5, 2, 3.5])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        alphas, coefs, _, gaps = regularization_path(
            X,
            y,
            loss="huber",
            penalty="l1",
            delta=1.0,
            fit_intercept=False,
            n_alphas=4,
            eps=0.5,
            max_iter=1,
        )
    assert np.all(np.isfinite(gaps)), gaps
    for start in (0.24945511829826333, 0.2, 0.3):
        est = RegularizedRegressor(
            loss="huber",
            penalty="l1",
            delta=1.0,
            alpha=alphas[-1],
            fit_intercept=False,
            max_iter=1,
            warm_start=True,
        )
        est.coef_ = np.array([start])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            est.fit(X, y)
        assert np.isfinite(est.dual_gap_)


@pytest.mark.parametrize("value", [3.0, 0.7, 1.7e9])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize(
    "loss, penalty", [("huber", None), ("huber", "l1"), ("huber", "l2"), ("squared", None), ("squared", "l1")]
)
def test_constant_column_with_intercept_is_held_at_zero(value, weighted, loss, penalty):
    # A constant column is absorbed by the intercept: its centred curvature is rounding only,
    # and a coordinate step along it once moved its coefficient to ~1e13 (the intercept
    # cancelling it) and certified that. It must stay 0, and the fit must be the one without it.
    rng = np.random.default_rng(3)
    X = rng.standard_normal((101, 3))
    X[:, 1] = value
    y = 2 * X[:, 0] + rng.standard_normal(101)
    sw = rng.uniform(0.5, 2.0, 101) if weighted else None
    alpha = 0.0 if penalty is None else 0.01
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        full = RegularizedRegressor(loss=loss, penalty=penalty, alpha=alpha, solver="cd").fit(
            X, y, sample_weight=sw
        )
        without = RegularizedRegressor(loss=loss, penalty=penalty, alpha=alpha, solver="cd").fit(
            X[:, [0, 2]], y, sample_weight=sw
        )
    assert full.coef_[1] == 0
    assert full.converged_ and full.dual_gap_ >= 0
    np.testing.assert_allclose(full.coef_[[0, 2]], without.coef_, rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(full.intercept_, without.intercept_, rtol=1e-6, atol=1e-8)
