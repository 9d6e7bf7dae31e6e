"""The exact LP/QP method of the absolute and quantile losses on badly scaled and wide data.

Each scaled problem is equivalent to a well-scaled base problem through a known exact
transformation (columns, response, weights or α scaled, a column shifted with an intercept):
its optimum, mapped back, must equal the base optimum computed independently (scipy's HiGHS
for the linear programmes, cvxpy + Clarabel for the quadratic ones) to 1e-8 relative, and the
fit must be certified (converged, no ConvergenceWarning). Wide designs (p ≫ n) are checked
against HiGHS too.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from scipy import sparse
from scipy.optimize import linprog

from reference import objective, reference_fit
from swiftreg.linear_model import LADRegression, QuantileRegressor, RegularizedRegressor

RTOL = 1e-8
TAU = 0.3


def lp_reference(X, y, *, loss, alpha_l1=0.0, factors=None, fit_intercept=True, sample_weight=None):
    """The LP optimum of (1/S)Σsᵢφ(rᵢ) + α·Σfⱼ|wⱼ| with scipy's HiGHS: (objective, w, b)."""
    X = np.asarray(X, np.float64)
    n, p = X.shape
    s = np.ones(n) if sample_weight is None else np.asarray(sample_weight, np.float64)
    s = s / s.sum()
    tau = 0.5 if loss == "l1" else TAU
    c_pos, c_neg = (s, s) if loss == "l1" else (tau * s, (1 - tau) * s)
    f = np.ones(p) if factors is None else np.asarray(factors, np.float64)
    nb = 2 if fit_intercept else 0
    cost = np.concatenate([alpha_l1 * f, alpha_l1 * f, np.zeros(nb), c_pos, c_neg])
    blocks = (
        [X, -X]
        + ([np.ones((n, 1)), -np.ones((n, 1))] if fit_intercept else [])
        + [sparse.eye(n), -sparse.eye(n)]
    )
    A = sparse.hstack([sparse.csr_matrix(b) for b in blocks]).tocsc()
    res = linprog(cost, A_eq=A, b_eq=y, bounds=(0, None), method="highs")
    assert res.status == 0, res.message
    z = res.x
    w = z[:p] - z[p : 2 * p]
    b = z[2 * p] - z[2 * p + 1] if fit_intercept else 0.0
    return float(res.fun), w, b


def base_problem(n=40, p=4, seed=3):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p))
    X[:, 1] += 0.5 * X[:, 0]
    y = X @ np.array([1.5, -2.0, 0.0, 0.7]) + 0.3 * rng.standard_t(3, n) + 0.4
    s = rng.uniform(0.5, 2.0, n)
    return X, y, s


LOSSES = ("l1", "quantile")
PENALTIES = (None, "l1", "l2", "elasticnet")
ALPHA = {None: 0.0, "l1": 0.05, "l2": 0.2, "elasticnet": 0.1}
RHO = {None: None, "l1": 1.0, "l2": 0.0, "elasticnet": 0.5}

_REFERENCES: dict = {}


def base_optimum(loss, penalty, fit_intercept):
    """The base problem's optimum objective (HiGHS for the LPs, Clarabel for the QPs)."""
    key = (loss, penalty, fit_intercept)
    if key not in _REFERENCES:
        X, y, s = base_problem()
        if penalty in (None, "l1"):
            value = lp_reference(
                X,
                y,
                loss=loss,
                alpha_l1=ALPHA[penalty],
                fit_intercept=fit_intercept,
                sample_weight=s,
            )[0]
        else:
            w, b, value = reference_fit(
                X,
                y,
                loss=loss,
                penalty=penalty,
                alpha=ALPHA[penalty],
                l1_ratio=RHO[penalty],
                quantile=TAU,
                fit_intercept=fit_intercept,
                sample_weight=s,
            )
        _REFERENCES[key] = value
    return _REFERENCES[key]


def transformed(kind, penalty):
    """(X′, y′, s′, estimator options, σ_y) of an equivalent scaled problem: with X′ = X·diag(d)
    (+ a shift), y′ = σ_y·y, w′ⱼ = σ_y·wⱼ/dⱼ, the objective is σ_y times the base one when the
    L1 weights become α·ρ·fⱼ·dⱼ and the L2 weights α·(1 − ρ)·gⱼ·dⱼ²/σ_y."""
    X, y, s = base_problem()
    p = X.shape[1]
    d = np.ones(p)
    sy = 1.0
    shift = np.zeros(p)
    as_alpha = False  # put a uniform scaling into α itself, not into the factors
    if kind == "column x1e10":
        d[1] = 1e10
    elif kind == "column x1e-10":
        d[2] = 1e-10
    elif kind == "columns x1e+-10":
        d[:] = [1e10, 1e-10, 1.0, 1e5]
    elif kind == "timestamp column":
        d[0] = 1e3
        shift[0] = 1.7e9
    elif kind == "weights x1e200":
        s = s * 1e200
    elif kind == "weights x1e-200":
        s = s * 1e-200
    elif kind == "X x1e-10, alpha scaled":
        d[:] = 1e-10
        as_alpha = True
    elif kind == "X x1e10, alpha scaled":
        d[:] = 1e10
        as_alpha = True
    elif kind == "y x1e10":
        sy = 1e10
        as_alpha = True
    elif kind == "y x1e-10":
        sy = 1e-10
        as_alpha = True
    elif kind != "base":
        raise ValueError(kind)
    Xs = X * d + shift
    ys = sy * y
    alpha, rho = ALPHA[penalty], RHO[penalty]
    opts: dict = {"penalty": penalty}
    if penalty is not None:
        a1 = alpha * rho * d
        a2 = alpha * (1 - rho) * d * d / sy
        if as_alpha:
            # The uniform scaling goes into α; an elastic net keeps ρ and moves the rest of
            # its L2 part into the L2 factors (a rescaled ρ would round 1 − ρ).
            A1, A2 = float(a1[0]), float(a2[0])
            opts["alpha"] = A1 / rho if rho > 0 else A2
            if penalty == "elasticnet":
                opts["l1_ratio"] = rho
                opts["l2_penalty_factor"] = np.full(p, A2 / (opts["alpha"] * (1 - rho)))
        else:
            opts["alpha"] = alpha
            if penalty == "elasticnet":
                opts["l1_ratio"] = rho
            if rho > 0:
                opts["penalty_factor"] = a1 / (alpha * rho)
            if rho < 1:
                opts["l2_penalty_factor"] = a2 / (alpha * (1 - rho))
    return Xs, ys, s, opts, sy


KINDS = (
    "base",
    "column x1e10",
    "column x1e-10",
    "columns x1e+-10",
    "timestamp column",
    "weights x1e200",
    "weights x1e-200",
    "X x1e-10, alpha scaled",
    "X x1e10, alpha scaled",
    "y x1e10",
    "y x1e-10",
)


def fit_certified(est, X, y, s=None):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        est.fit(X, y, sample_weight=s)
    assert est.converged_, (est.dual_gap_, est.gap_tol_)
    return est


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("penalty", PENALTIES)
@pytest.mark.parametrize("loss", LOSSES)
@pytest.mark.parametrize("kind", KINDS)
def test_scaling_battery(kind, loss, penalty, fit_intercept):
    if kind == "timestamp column" and not fit_intercept:
        pytest.skip("a shifted column is equivalent only with an intercept")
    Xs, ys, s, opts, sy = transformed(kind, penalty)
    est = RegularizedRegressor(
        loss=loss, quantile=TAU, fit_intercept=fit_intercept, tol=1e-8, **opts
    )
    fit_certified(est, Xs, ys, s)
    value = objective(
        Xs,
        ys,
        est.coef_,
        est.intercept_,
        loss=loss,
        quantile=TAU,
        fit_intercept=fit_intercept,
        sample_weight=s,
        **{k: v for k, v in opts.items()},
    )
    ref = base_optimum(loss, penalty, fit_intercept)
    assert value / sy == pytest.approx(ref, rel=RTOL, abs=1e-300)
    assert est.objective_ == pytest.approx(value, rel=RTOL)
    assert est.dual_gap_ <= 1e-8 * abs(est.objective_) + 1e-300


# --- The examples -------------------------------------------------------------------------


def test_timestamp_column_lad():
    X, y, _ = base_problem()
    Xt = X.copy()
    Xt[:, 0] = 1.7e9 + 1e3 * X[:, 0]
    m = fit_certified(LADRegression(alpha=0.0), Xt, y)
    ref = lp_reference(X, y, loss="l1")[0]
    value = np.abs(y - Xt @ m.coef_ - m.intercept_).mean()
    assert value == pytest.approx(ref, rel=RTOL)
    assert m.intercept_ != 0 and np.all(m.coef_ != 0)


def test_huge_values_lad():
    # Values near 1e300: the answer is 1e300 times that of the base problem.
    X, y, _ = base_problem()
    m = fit_certified(LADRegression(alpha=0.0), X * 1e300, y * 1e300)
    ref = lp_reference(X, y, loss="l1")[0]
    assert m.objective_ / 1e300 == pytest.approx(ref, rel=RTOL)
    assert m.intercept_ / 1e300 == pytest.approx(
        fit_certified(LADRegression(alpha=0.0), X, y).intercept_, rel=1e-6, abs=1e-9
    )


@pytest.mark.parametrize("scale", [1e-200, 1e10, 1e200])
def test_uniform_weights_lad(scale):
    X, y, _ = base_problem()
    ref = lp_reference(X, y, loss="l1")[0]
    m = fit_certified(LADRegression(alpha=0.0), X, y, np.full(len(y), scale))
    assert np.abs(y - X @ m.coef_ - m.intercept_).mean() == pytest.approx(ref, rel=RTOL)


def weighted_quantile(y, s, tau):
    """A minimiser b of Σsᵢρ_τ(yᵢ − b) (the lower weighted τ-quantile)."""
    order = np.argsort(y)
    cum = np.cumsum(s[order]) / s.sum()
    return y[order][np.searchsorted(cum, tau - 1e-15)]


@pytest.mark.parametrize("alpha", [1e200, 1e300, 5.0])
@pytest.mark.parametrize("loss", LOSSES)
def test_alpha_above_alpha_max_gives_zero(alpha, loss):
    X, y, s = base_problem()
    est = RegularizedRegressor(loss=loss, quantile=TAU, penalty="l1", alpha=alpha)
    fit_certified(est, X, y, s)
    assert np.all(est.coef_ == 0)
    tau = 0.5 if loss == "l1" else TAU
    best = objective(
        X,
        y,
        np.zeros(4),
        weighted_quantile(y, s, tau),
        loss=loss,
        quantile=tau,
        penalty=None,
        sample_weight=s,
    )
    assert est.objective_ == pytest.approx(best, rel=1e-12)
    m = fit_certified(LADRegression(alpha=alpha), X, y)
    assert np.all(m.coef_ == 0)


def test_quantile_regressor_matches_highs():
    # scikit-learn's programme Σsᵢρ_τ(rᵢ) + S·α·‖w‖₁ is α on the mean pinball loss; with
    # X′ = 1e4·X its minimiser is w/1e4 and α′ = 1e4·α.
    X, y, s = base_problem()
    m = fit_certified(QuantileRegressor(quantile=TAU, alpha=500.0), X * 1e4, y, s)
    value = objective(
        X * 1e4,
        y,
        m.coef_,
        m.intercept_,
        loss="quantile",
        quantile=TAU,
        penalty="l1",
        alpha=500.0,
        sample_weight=s,
    )
    base = lp_reference(X, y, loss="quantile", alpha_l1=0.05, sample_weight=s)[0]
    assert value == pytest.approx(base, rel=RTOL)


# --- Wide designs ---------------------------------------------------------------------------


def wide_problem(n, p, seed=7):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p))
    y = X[:, :3] @ np.array([1.0, -2.0, 0.5]) + 0.1 * rng.standard_normal(n)
    return X, y


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("alpha", [0.0, 0.01, 0.2])
@pytest.mark.parametrize("loss", LOSSES)
def test_wide_matches_highs(loss, alpha, fit_intercept):
    X, y = wide_problem(20, 3000)
    est = RegularizedRegressor(
        loss=loss, quantile=TAU, penalty="l1", alpha=alpha, fit_intercept=fit_intercept, tol=1e-10
    )
    fit_certified(est, X, y)
    ref = lp_reference(X, y, loss=loss, alpha_l1=alpha, fit_intercept=fit_intercept)[0]
    value = objective(
        X,
        y,
        est.coef_,
        est.intercept_,
        loss=loss,
        quantile=TAU,
        penalty="l1",
        alpha=alpha,
        fit_intercept=fit_intercept,
    )
    assert value == pytest.approx(ref, rel=RTOL, abs=1e-14)
    # A vertex: at most n nonzero coefficients.
    assert np.count_nonzero(est.coef_) <= 20


@pytest.mark.parametrize("penalty", ["l2", "elasticnet"])
def test_wide_quadratic_matches_clarabel(penalty):
    X, y = wide_problem(15, 400)
    est = RegularizedRegressor(loss="l1", penalty=penalty, alpha=0.1, l1_ratio=0.5, tol=1e-8)
    fit_certified(est, X, y)
    w, b, ref = reference_fit(X, y, loss="l1", penalty=penalty, alpha=0.1, l1_ratio=0.5)
    assert est.objective_ == pytest.approx(ref, rel=RTOL)


def test_wide_bounds_match_clarabel():
    X, y = wide_problem(15, 300)
    est = RegularizedRegressor(
        loss="quantile", quantile=TAU, penalty="l1", alpha=0.01, positive=True, tol=1e-8
    )
    fit_certified(est, X, y)
    assert np.all(est.coef_ >= 0)
    w, b, ref = reference_fit(
        X, y, loss="quantile", quantile=TAU, penalty="l1", alpha=0.01, positive=True
    )
    assert est.objective_ == pytest.approx(ref, rel=1e-7)


@pytest.mark.parametrize("alpha", [0.0, 0.01])
def test_wide_lad_100000_columns_finishes(alpha):
    X, y = wide_problem(20, 100_000)
    m = fit_certified(LADRegression(alpha=alpha), X, y)
    assert np.count_nonzero(m.coef_) <= 20
    if alpha == 0:
        assert m.objective_ <= 1e-12
