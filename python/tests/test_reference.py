"""Checks of reference.py (the cvxpy + Clarabel reference of RegularizedRegressor) against
answers known independently of it: scikit-learn's Lasso/ElasticNet and QuantileRegressor,
HiGHS linear programs, closed forms (weighted mean/median/quantile for p = 0, an
orthogonal design, ridge's normal equations) and an exact piecewise-quadratic solve of
Huber problems. None of it needs swiftreg's new estimator.

Every comparison is of objective values (relative 1e-9), and of the solution where it is
unique and the known answer is exact.
"""
from __future__ import annotations

import functools

import numpy as np
import pytest

pytest.importorskip("cvxpy")
pytest.importorskip("clarabel")

from reference import (  # noqa: E402
    BOUNDED, datafit_terms, full_options, grid_cases, grid_problem, objective, reference_fit,
)

OBJ_RTOL = 1e-9


def rel(a, b):
    return abs(a - b) / max(abs(b), 1e-300)


OBSERVED: list[float] = []  # the relative differences seen (for reports)


def assert_objective_close(ref, known, rtol=OBJ_RTOL):
    OBSERVED.append(rel(ref, known))
    assert rel(ref, known) <= rtol, (ref, known, rel(ref, known))


def make(n=50, p=6, seed=0, intercept=1.5, outliers=False):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p))
    w = np.zeros(p)
    w[: min(p, 4)] = [2.0, -1.5, 1.0, 0.5][: min(p, 4)]
    e = rng.standard_normal(n)
    if outliers:
        e[rng.choice(n, 4, replace=False)] += 8.0
    return X, X @ w + intercept + e, rng


def weights(rng, n):
    s = rng.uniform(0.2, 3.0, n)
    s[rng.choice(n, 4, replace=False)] = 0.0
    return s


# --------------------------------------------------------------------------------------
# objective() itself, term by term with loops
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("loss", ["l2", "l1", "quantile", "huber"])
@pytest.mark.parametrize("penalty", [None, "l1", "l2", "elasticnet"])
def test_objective_formula_by_hand(loss, penalty):
    X = np.array([[1.0, 2.0, 0.0], [0.5, -1.0, 3.0], [-2.0, 0.0, 1.0], [0.0, 1.0, -1.0]])
    y = np.array([1.0, -2.0, 4.0, 0.5])
    w = np.array([0.5, -0.25, 1.0])
    b = 0.75
    s = np.array([1.0, 0.0, 2.5, 0.5])
    f = np.array([1.0, 0.0, 2.5])
    g = np.array([0.5, 1.0, 3.0])
    alpha, l1_ratio, delta, tau = 0.3, 0.4, 1.0, 0.2
    total = 0.0
    for i in range(4):
        r = y[i] - sum(X[i, j] * w[j] for j in range(3)) - b
        if loss == "l2":
            t = 0.5 * r * r
        elif loss == "l1":
            t = abs(r)
        elif loss == "quantile":
            t = tau * r if r >= 0 else (tau - 1.0) * r
        else:
            t = 0.5 * r * r if abs(r) <= delta else delta * (abs(r) - 0.5 * delta)
        total += s[i] * t
    total /= s.sum()
    rho = {None: None, "l1": 1.0, "l2": 0.0, "elasticnet": l1_ratio}[penalty]
    if rho is not None:
        total += alpha * (rho * sum(f[j] * abs(w[j]) for j in range(3))
                          + 0.5 * (1 - rho) * sum(g[j] * w[j] ** 2 for j in range(3)))
    got = objective(X, y, w, b, loss=loss, penalty=penalty, alpha=alpha, l1_ratio=l1_ratio,
                    delta=delta, quantile=tau, penalty_factor=f, l2_penalty_factor=g,
                    sample_weight=s)
    assert got == pytest.approx(total, rel=1e-14)
    # b is ignored without an intercept; g defaults to f
    assert objective(X, y, w, 123.0, loss=loss, fit_intercept=False, penalty=penalty,
                     alpha=alpha) == pytest.approx(
        objective(X, y, w, 0.0, loss=loss, fit_intercept=True, penalty=penalty,
                  alpha=alpha), rel=1e-14)
    assert objective(X, y, w, b, loss=loss, penalty=penalty, alpha=alpha, penalty_factor=f) \
        == objective(X, y, w, b, loss=loss, penalty=penalty, alpha=alpha, penalty_factor=f,
                     l2_penalty_factor=f)


def test_huber_terms_are_half_cvxpy_huber():
    cp = pytest.importorskip("cvxpy")
    r = np.linspace(-4, 4, 33)
    for M in (0.5, 1.0, 1.35):
        assert np.allclose(2 * datafit_terms("huber", r, delta=M), cp.huber(r, M).value,
                           rtol=1e-14, atol=1e-14)


# --------------------------------------------------------------------------------------
# scikit-learn Lasso / ElasticNet (the same objective with factors 1 and no bounds)
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("l1_ratio", [1.0, 0.5, 0.2])
@pytest.mark.parametrize("fit_intercept", [False, True])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("positive", [False, True])
def test_against_sklearn_enet(l1_ratio, fit_intercept, weighted, positive):
    sklm = pytest.importorskip("sklearn.linear_model")
    X, y, rng = make(seed=1)
    s = weights(rng, len(y)) if weighted else None
    alpha = 0.1
    sk = sklm.ElasticNet(alpha=alpha, l1_ratio=l1_ratio, fit_intercept=fit_intercept,
                         positive=positive, tol=1e-12, max_iter=1_000_000)
    sk.fit(X, y, sample_weight=s)
    penalty = "l1" if l1_ratio == 1.0 else "elasticnet"
    opts = dict(loss="l2", penalty=penalty, alpha=alpha, l1_ratio=l1_ratio,
                fit_intercept=fit_intercept, positive=positive, sample_weight=s)
    coef, b, obj = reference_fit(X, y, **opts)
    known = objective(X, y, sk.coef_, sk.intercept_, **opts)
    assert_objective_close(obj, known)
    assert np.allclose(coef, sk.coef_, rtol=0, atol=1e-6)
    if positive:
        assert np.all(coef >= 0) and np.any(coef < 1e-9)


# --------------------------------------------------------------------------------------
# scikit-learn QuantileRegressor (HiGHS): pinball + α‖w‖₁
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("quantile", [0.2, 0.5, 0.8])
@pytest.mark.parametrize("alpha", [0.0, 0.05])
@pytest.mark.parametrize("fit_intercept", [False, True])
@pytest.mark.parametrize("weighted", [False, True])
def test_against_sklearn_quantile(quantile, alpha, fit_intercept, weighted):
    sklm = pytest.importorskip("sklearn.linear_model")
    X, y, rng = make(seed=2, outliers=True)
    s = weights(rng, len(y)) if weighted else None
    sk = sklm.QuantileRegressor(quantile=quantile, alpha=alpha, fit_intercept=fit_intercept,
                                solver="highs").fit(X, y, sample_weight=s)
    opts = dict(loss="quantile", quantile=quantile, penalty="l1" if alpha else None,
                alpha=alpha, fit_intercept=fit_intercept, sample_weight=s)
    if quantile == 0.5:  # the same problem as half the absolute loss
        coef, b, obj = reference_fit(X, y, **{**opts, "loss": "l1", "alpha": 2 * alpha})
        assert_objective_close(obj / 2, objective(X, y, sk.coef_, sk.intercept_, **opts))
    coef, b, obj = reference_fit(X, y, **opts)
    assert_objective_close(obj, objective(X, y, sk.coef_, sk.intercept_, **opts))


# --------------------------------------------------------------------------------------
# HiGHS linear programs: l1 / quantile loss with factors, bounds, weights, intercept
# --------------------------------------------------------------------------------------


def lp_fit(X, y, *, loss, quantile=0.5, alpha=0.0, penalty_factor=None, lower=None,
           upper=None, fit_intercept=True, sample_weight=None):
    """min (1/S)Σ sᵢ(τuᵢ + (1−τ)vᵢ) + αΣ fⱼtⱼ  s.t. Xw + b + u − v = y, −t ≤ w ≤ t, bounds
    (for "l1" the weights of u and v are 1): a vertex solution from HiGHS' dual simplex."""
    from scipy.optimize import linprog
    from scipy.sparse import bmat, eye, csr_matrix

    n, p = X.shape
    s = np.ones(n) if sample_weight is None else np.asarray(sample_weight, float)
    S = s.sum()
    cu, cv = (1.0, 1.0) if loss == "l1" else (quantile, 1.0 - quantile)
    f = np.ones(p) if penalty_factor is None else np.asarray(penalty_factor, float)
    # variables: w (p), b (1), u (n), v (n), t (p)
    c = np.concatenate([np.zeros(p), [0.0], cu * s / S, cv * s / S, alpha * f])
    ones = csr_matrix(np.ones((n, 1)) if fit_intercept else np.zeros((n, 1)))
    A_eq = bmat([[csr_matrix(X), ones, eye(n), -eye(n), csr_matrix((n, p))]], format="csr")
    Ip = eye(p)
    A_ub = bmat([[Ip, csr_matrix((p, 1)), csr_matrix((p, n)), csr_matrix((p, n)), -Ip],
                 [-Ip, csr_matrix((p, 1)), csr_matrix((p, n)), csr_matrix((p, n)), -Ip]],
                format="csr")
    lo = np.full(p, -np.inf) if lower is None else lower
    hi = np.full(p, np.inf) if upper is None else upper
    bnds = ([(None if not np.isfinite(a) else a, None if not np.isfinite(z) else z)
             for a, z in zip(lo, hi)] + [(None, None) if fit_intercept else (0, 0)]
            + [(0, None)] * (2 * n + p))
    res = linprog(c, A_ub=A_ub, b_ub=np.zeros(2 * p), A_eq=A_eq, b_eq=y, bounds=bnds,
                  method="highs-ds", options={"primal_feasibility_tolerance": 1e-10,
                                              "dual_feasibility_tolerance": 1e-10})
    assert res.status == 0, res.message
    return np.clip(res.x[:p], lo, hi), float(res.x[p])


@pytest.mark.parametrize("loss,quantile", [("l1", 0.5), ("quantile", 0.25), ("quantile", 0.9)])
@pytest.mark.parametrize("penalised", [False, True])
@pytest.mark.parametrize("fit_intercept", [False, True])
@pytest.mark.parametrize("weighted", [False, True])
def test_against_highs_lp(loss, quantile, penalised, fit_intercept, weighted):
    X, y, rng = make(n=45, p=7, seed=3, outliers=True)
    s = weights(rng, len(y)) if weighted else None
    p = X.shape[1]
    f = np.ones(p)
    f[2], f[3] = 0.0, 2.5
    lo = np.full(p, -np.inf)
    hi = np.full(p, np.inf)
    lo[0], hi[0], lo[1] = -0.1, 0.3, 0.0
    alpha = 0.08 if penalised else 0.0
    w, b = lp_fit(X, y, loss=loss, quantile=quantile, alpha=alpha,
                  penalty_factor=f if penalised else None, lower=lo, upper=hi,
                  fit_intercept=fit_intercept, sample_weight=s)
    opts = dict(loss=loss, quantile=quantile, penalty="l1" if penalised else None,
                alpha=alpha, penalty_factor=f if penalised else None, lower_bounds=lo,
                upper_bounds=hi, fit_intercept=fit_intercept, sample_weight=s)
    coef, intercept, obj = reference_fit(X, y, **opts)
    assert_objective_close(obj, objective(X, y, w, b, **opts))
    assert np.all(coef >= lo) and np.all(coef <= hi)
    assert abs(coef[0] - 0.3) <= 1e-7 or abs(coef[1]) <= 1e-7  # a bound is active


# --------------------------------------------------------------------------------------
# p = 0 and all-zero columns: a weighted mean / median / quantile / Huber M-estimate
# --------------------------------------------------------------------------------------


def weighted_quantile_interval(y, s, tau):
    """[lo, hi]: the minimisers of Σ sᵢ ρ_τ(yᵢ − b) (an interval when not unique)."""
    keep = s > 0
    y, s = y[keep], s[keep]
    order = np.argsort(y)
    y, s = y[order], s[order]
    cum = np.cumsum(s)
    S = cum[-1]
    # b is optimal iff Σ_{y<b} s ≤ τS ≤ Σ_{y≤b} s
    k = int(np.searchsorted(cum, tau * S * (1 - 1e-15)))
    lo = y[k]
    hi = y[k + 1] if abs(cum[k] - tau * S) <= 1e-12 * S and k + 1 < len(y) else y[k]
    return lo, hi


def huber_location(y, s, delta):
    """argmin_b Σ sᵢ H_δ(yᵢ − b): the root of the monotone Σ sᵢ clip(yᵢ − b, ±δ), by
    bisection and then the exact solve on the final set of inliers."""
    a, z = y.min() - delta, y.max() + delta
    psi = lambda b: float(np.dot(s, np.clip(y - b, -delta, delta)))  # noqa: E731
    for _ in range(200):
        m = 0.5 * (a + z)
        a, z = (m, z) if psi(m) > 0 else (a, m)
    b = 0.5 * (a + z)
    inl = (np.abs(y - b) <= delta) & (s > 0)
    out = s * np.sign(y - b) * delta * ~inl
    if inl.any():
        b = (np.dot(s[inl], y[inl]) + out.sum()) / s[inl].sum()
    return b


@pytest.mark.parametrize("loss,param", [("l2", {}), ("l1", {}), ("quantile", {"quantile": 0.3}),
                                        ("quantile", {"quantile": 0.75}),
                                        ("huber", {"delta": 1.0})])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("zero_columns", [0, 3])
def test_location_problems(loss, param, weighted, zero_columns):
    rng = np.random.default_rng(4)
    n = 41
    y = rng.standard_normal(n) * 2 + 1.0
    y[:3] += 10.0
    s = weights(rng, n) if weighted else np.ones(n)
    X = np.zeros((n, zero_columns))
    # with zero columns the L1 penalty makes coef = 0 the unique solution
    opts = dict(loss=loss, penalty="l1" if zero_columns else None, alpha=0.1,
                sample_weight=s if weighted else None, **param)
    coef, b, obj = reference_fit(X, y, **opts)
    assert coef.shape == (zero_columns,)
    assert np.all(np.abs(coef) <= 1e-9)
    if loss == "l2":
        known = np.dot(s, y) / s.sum()
        assert b == pytest.approx(known, rel=1e-9)
    elif loss in ("l1", "quantile"):
        lo, hi = weighted_quantile_interval(y, s, param.get("quantile", 0.5))
        known = lo
        assert lo - 1e-7 <= b <= hi + 1e-7
    else:
        known = huber_location(y, s, param["delta"])
        assert b == pytest.approx(known, rel=1e-9)
    assert_objective_close(obj, objective(X, y, np.zeros(zero_columns), known, **opts))
    # no intercept and p = 0: the objective of the zero model
    coef, b, obj = reference_fit(np.zeros((n, 0)), y, **{**opts, "fit_intercept": False})
    assert b == 0.0 and coef.shape == (0,)
    assert obj == objective(np.zeros((n, 0)), y, np.zeros(0), 0.0,
                            **{**opts, "fit_intercept": False})


# --------------------------------------------------------------------------------------
# Orthogonal design: squared loss, no intercept, separable closed form
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("penalty,l1_ratio", [("l1", 1.0), ("elasticnet", 0.5), ("l2", 0.0)])
@pytest.mark.parametrize("column_norm", ["unit", "sqrt_n"])
@pytest.mark.parametrize("factored", [False, True])
@pytest.mark.parametrize("bounded", [False, True])
def test_orthogonal_design(penalty, l1_ratio, column_norm, factored, bounded):
    """XᵀX = cI, objective (1/(2n))‖y − Xw‖² + α(ρΣfⱼ|wⱼ| + ½(1−ρ)Σgⱼwⱼ²) separates into
    (1/(2n))(c wⱼ² − 2wⱼzⱼ) + αρfⱼ|wⱼ| + ½α(1−ρ)gⱼwⱼ² with z = Xᵀy, minimised by
    wⱼ = soft(zⱼ/n, αρfⱼ) / (c/n + α(1−ρ)gⱼ); a box constraint on a 1-D convex function
    just clips that minimiser (c = 1, unit columns: wⱼ = soft(zⱼ, nαρfⱼ)/(1 + nα(1−ρ)gⱼ))."""
    rng = np.random.default_rng(5)
    n, p = 60, 7
    Q, _ = np.linalg.qr(rng.standard_normal((n, p)))
    c = 1.0 if column_norm == "unit" else float(n)
    X = Q * np.sqrt(c)
    assert np.allclose(X.T @ X, c * np.eye(p), atol=1e-12 * c)
    w_true = np.array([2.0, -1.5, 1.0, 0.5, 0.0, 0.0, -0.3]) * (10.0 if c == 1.0 else 1.0)
    y = X @ w_true + rng.standard_normal(n)
    z = X.T @ y
    alpha = 0.2 * np.max(np.abs(z / n))
    f = np.ones(p)
    g = np.ones(p)
    if factored:
        f = np.array([1.0, 0.0, 2.5, 1.0, 1.0, 0.5, 1.0])
        g = np.linspace(0.3, 3.0, p)
    lo = np.full(p, -np.inf)
    hi = np.full(p, np.inf)
    if bounded:
        lo[0], hi[0] = -0.1, 0.3
        lo[1] = 0.0
        lo[6] = 0.0
    rho = l1_ratio
    soft = np.sign(z / n) * np.maximum(np.abs(z / n) - alpha * rho * f, 0.0)
    w = np.clip(soft / (c / n + alpha * (1 - rho) * g), lo, hi)
    opts = dict(loss="l2", penalty=penalty, alpha=alpha, l1_ratio=l1_ratio,
                penalty_factor=f if factored else None,
                l2_penalty_factor=g if factored else None,
                lower_bounds=lo if bounded else None, upper_bounds=hi if bounded else None,
                fit_intercept=False)
    coef, b, obj = reference_fit(X, y, **opts)
    assert b == 0.0
    assert_objective_close(obj, objective(X, y, w, 0.0, **opts))
    scale = np.max(np.abs(w))
    assert np.allclose(coef, w, rtol=0, atol=1e-8 * scale)
    if penalty == "l1":
        assert np.any(w == 0) and np.any(w != 0)


# --------------------------------------------------------------------------------------
# Ridge: the weighted normal equations (intercept through weighted centring)
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("fit_intercept", [False, True])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("alpha", [0.01, 1.0])
@pytest.mark.parametrize("factored", [False, True])
def test_ridge_normal_equations(fit_intercept, weighted, alpha, factored):
    X, y, rng = make(n=40, p=8, seed=6)
    n, p = X.shape
    s = weights(rng, n) if weighted else np.ones(n)
    g = np.linspace(0.0, 3.0, p) + 0.1 if factored else np.ones(p)
    S = s.sum()
    if fit_intercept:
        xm, ym = s @ X / S, s @ y / S
    else:
        xm, ym = np.zeros(p), 0.0
    Xc, yc = X - xm, y - ym
    # ∇: −(1/S)Xcᵀ s (yc − Xc w) + α g w = 0
    w = np.linalg.solve(Xc.T @ (s[:, None] * Xc) / S + alpha * np.diag(g), Xc.T @ (s * yc) / S)
    b = ym - xm @ w
    opts = dict(loss="l2", penalty="l2", alpha=alpha, fit_intercept=fit_intercept,
                sample_weight=s if weighted else None,
                penalty_factor=np.ones(p) * 7.0 if factored else None,  # ignored: ρ = 0
                l2_penalty_factor=g if factored else None)
    coef, intercept, obj = reference_fit(X, y, **opts)
    assert_objective_close(obj, objective(X, y, w, b, **opts))
    assert np.allclose(coef, w, rtol=0, atol=1e-8 * np.max(np.abs(w)))
    assert intercept == pytest.approx(b, abs=1e-8 * max(1.0, abs(b)))


# --------------------------------------------------------------------------------------
# Huber (penalty None / l2, no bounds): exact solve on the final inlier set
# --------------------------------------------------------------------------------------


def huber_exact(X, y, s, delta, alpha, g, fit_intercept, w0, b0, iters=50):
    """Newton on the piecewise quadratic: for the inlier set I = {|rᵢ| ≤ δ} and the signs of
    the outliers the gradient (1/S)[−Σ_I sᵢrᵢxᵢ − δΣ_O sᵢσᵢxᵢ] + αg∘w = 0 is linear; solve,
    recompute I, repeat until I is stable (then the solution is exact, up to rounding)."""
    n, p = X.shape
    A = np.hstack([X, np.ones((n, 1))]) if fit_intercept else X
    reg = np.concatenate([alpha * g, [0.0]]) if fit_intercept else alpha * g
    theta = np.concatenate([w0, [b0]]) if fit_intercept else w0.copy()
    S = s.sum()
    prev = None
    for _ in range(iters):
        r = y - A @ theta
        inl = np.abs(r) <= delta
        key = (inl.tobytes(), np.sign(r[~inl]).tobytes())
        if key == prev:
            break
        prev = key
        sI = s * inl
        out = s * (~inl) * np.sign(r) * delta
        H = A.T @ (sI[:, None] * A) / S + np.diag(reg)
        rhs = (A.T @ (sI * y) + A.T @ out) / S
        theta = np.linalg.solve(H, rhs)
    else:
        raise AssertionError("inlier set did not settle")
    return (theta[:p], float(theta[p])) if fit_intercept else (theta, 0.0)


@pytest.mark.parametrize("penalty", [None, "l2"])
@pytest.mark.parametrize("delta", [0.5, 1.35])
@pytest.mark.parametrize("fit_intercept", [False, True])
@pytest.mark.parametrize("weighted", [False, True])
def test_huber_piecewise_exact(penalty, delta, fit_intercept, weighted):
    X, y, rng = make(n=55, p=6, seed=7, outliers=True)
    n, p = X.shape
    s = weights(rng, n) if weighted else np.ones(n)
    alpha = 0.05 if penalty else 0.0
    g = np.linspace(0.5, 2.0, p)
    opts = dict(loss="huber", delta=delta, penalty=penalty, alpha=alpha,
                l2_penalty_factor=g if penalty else None, fit_intercept=fit_intercept,
                sample_weight=s if weighted else None)
    coef, b, obj = reference_fit(X, y, **opts)
    w_ex, b_ex = huber_exact(X, y, s, delta, alpha, g, fit_intercept, coef, b)
    assert_objective_close(obj, objective(X, y, w_ex, b_ex, **opts))
    assert np.allclose(coef, w_ex, rtol=0, atol=1e-7)
    assert b == pytest.approx(b_ex, abs=1e-7)


# --------------------------------------------------------------------------------------
# The grid problems themselves: solved, L1 cells sparse but not empty, bounds active
# --------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=None)
def _grid_reference(cid):
    case = {c[0]: c for c in grid_cases()}[cid]
    X, y, opts = grid_problem(case)
    return X, y, opts, reference_fit(X, y, **opts)


def test_grid_case_count_and_ids():
    cases = grid_cases()
    ids = [c[0] for c in cases]
    assert len(ids) == len(set(ids)) and 100 <= len(ids) <= 250
    for c in cases:
        X, y, opts = grid_problem(c)
        assert 40 <= X.shape[0] <= 60 and 5 <= X.shape[1] <= 8
        full_options(opts)  # only known keywords
        if opts.get("sample_weight") is not None:
            s = opts["sample_weight"]
            assert np.any(s == 0) and np.any(s != np.round(s))


@pytest.mark.filterwarnings("error")  # a retry at looser tolerances would warn
@pytest.mark.parametrize("loss", ["l2", "l1", "quantile", "huber"])
def test_grid_references(loss):
    for case in grid_cases():
        if case[1] != loss:
            continue
        X, y, opts, (coef, b, obj) = _grid_reference(case[0])
        assert np.isfinite(obj)
        assert obj <= objective(X, y, np.zeros_like(coef), b, **opts) + 1e-12
        if opts.get("lower_bounds") is not None:
            j0, j1 = BOUNDED
            # at least one bound is active (the upper bound of feature 0 or the positivity
            # of feature 1; the penalty pulls some below their bounds)
            assert abs(coef[j0] - 0.3) <= 1e-7 or abs(coef[j1]) <= 1e-7, (case[0], coef)
            assert -0.1 <= coef[j0] <= 0.3 and coef[j1] >= 0.0
        if case[3] in ("l1", "elasticnet"):
            nonzero = np.abs(coef) > 1e-7
            assert nonzero.any() and not nonzero.all(), (case[0], coef)
