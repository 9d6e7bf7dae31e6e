"""swiftreg.linear_model: agreement with scikit-learn, closed forms, the estimator protocol.

scikit-learn is a test dependency only: the comparisons import it through
``pytest.importorskip``; one test checks (in a fresh interpreter) that fitting never
imports it. References are fitted with tight tolerances (tol=1e-12) so that the
differences measured are those of the answers, not of the stopping rules.
"""
from __future__ import annotations

import pickle
import re
import subprocess
import sys
import warnings

import numpy as np
import pytest

import swiftreg
from swiftreg import linear_model as lm
from swiftreg.datasets import load_diabetes
from swiftreg.linear_model import (
    ConvergenceWarning, ElasticNet, LADRegression, Lasso, NotFittedError, Ridge, enet_path,
    lasso_path,
)

TIGHT = dict(tol=1e-12, max_iter=100_000)
COEF_RTOL = 1e-6   # relative to max |coef| (well-conditioned problems)
OBJ_RTOL = 1e-8


def sk_linear_model():
    return pytest.importorskip("sklearn.linear_model")


# --------------------------------------------------------------------------------------
# Data and reference objectives (written from the docstrings' formulas)
# --------------------------------------------------------------------------------------


def make_problem(kind: str, seed: int = 0):
    """tall (200 x 20), wide (50 x 200), corr (100 x 30, equal correlation 0.9)."""
    rng = np.random.default_rng(seed)
    n, p, rho = {"tall": (200, 20, 0.0), "wide": (50, 200, 0.0), "corr": (100, 30, 0.9)}[kind]
    X = np.sqrt(1 - rho) * rng.standard_normal((n, p)) + np.sqrt(rho) * rng.standard_normal((n, 1))
    beta = np.zeros(p)
    beta[:5] = [3.0, -2.0, 1.5, -1.0, 0.5]
    y = X @ beta + 0.5 * rng.standard_normal(n) + 1.0
    return X, y


def diabetes():
    X, y, _ = load_diabetes(standardize=True)
    return X, y


def problem(kind):
    return diabetes() if kind == "diabetes" else make_problem(kind)


def alpha_max(X, y, l1_ratio=1.0, sw=None):
    s = np.ones(len(y)) if sw is None else sw
    xc = X - np.average(X, axis=0, weights=s)
    yc = y - np.average(y, weights=s)
    return np.max(np.abs(xc.T @ (s * yc))) / (s.sum() * l1_ratio)


def enet_objective(X, y, w, b, alpha, l1_ratio=1.0, sw=None, pf=None):
    s = np.ones(len(y)) if sw is None else sw
    f = np.ones(X.shape[1]) if pf is None else pf
    r = y - X @ w - b
    return (0.5 * np.dot(s, r * r) / s.sum()
            + alpha * (l1_ratio * np.dot(f, np.abs(w)) + 0.5 * (1 - l1_ratio) * np.dot(f, w * w)))


def ridge_objective(X, y, w, b, alpha, sw=None):
    s = np.ones(len(y)) if sw is None else sw
    r = y - X @ w - b
    return np.dot(s, r * r) + alpha * np.dot(w, w)


def lad_objective(X, y, w, b, alpha, sw=None):
    s = np.ones(len(y)) if sw is None else sw
    return np.dot(s, np.abs(y - X @ w - b)) / s.sum() + alpha * np.abs(w).sum()


def rel_coef(got, ref):
    return np.max(np.abs(np.asarray(got, float) - ref)) / max(np.max(np.abs(ref)), 1e-300)


def soft(v, t):
    return np.sign(v) * np.maximum(np.abs(v) - t, 0.0)


def orthogonal_design(n=64, p=6, seed=3):
    """Centred columns with XᵀX/n = I, and y: then Lasso/ENet/Ridge have closed forms in
    z = Xᵀ(y − ȳ)/n."""
    rng = np.random.default_rng(seed)
    A = rng.standard_normal((n, p))
    A -= A.mean(axis=0)
    Q, _ = np.linalg.qr(A)
    X = np.sqrt(n) * Q
    y = X @ np.array([2.0, -1.5, 0.7, -0.3, 0.1, 0.0]) + 0.2 * rng.standard_normal(n) + 4.0
    z = X.T @ (y - y.mean()) / n
    return X, y, z


# --------------------------------------------------------------------------------------
# Agreement with scikit-learn
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["diabetes", "tall", "wide", "corr"])
@pytest.mark.parametrize("frac", [0.5, 0.1, 0.01])
@pytest.mark.parametrize("l1_ratio", [1.0, 0.5, 0.1])
def test_enet_matches_sklearn(kind, frac, l1_ratio):
    sk = sk_linear_model()
    X, y = problem(kind)
    alpha = frac * alpha_max(X, y, l1_ratio)
    if l1_ratio == 1.0:
        ours, ref = Lasso(alpha=alpha, **TIGHT), sk.Lasso(alpha=alpha, **TIGHT)
    else:
        ours = ElasticNet(alpha=alpha, l1_ratio=l1_ratio, **TIGHT)
        ref = sk.ElasticNet(alpha=alpha, l1_ratio=l1_ratio, **TIGHT)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        ours.fit(X, y)
    ref.fit(X, y)
    assert ours.coef_.dtype == np.float64 and ours.coef_.shape == (X.shape[1],)
    assert rel_coef(ours.coef_, ref.coef_) < COEF_RTOL
    assert abs(ours.intercept_ - ref.intercept_) <= COEF_RTOL * max(1.0, abs(ref.intercept_))
    f_ours = enet_objective(X, y, ours.coef_, ours.intercept_, alpha, l1_ratio)
    f_ref = enet_objective(X, y, ref.coef_, ref.intercept_, alpha, l1_ratio)
    assert f_ours <= f_ref * (1 + OBJ_RTOL)
    assert abs(f_ours - f_ref) <= OBJ_RTOL * f_ref
    # exact zeros where scikit-learn has them
    np.testing.assert_array_equal(ours.coef_ == 0, ref.coef_ == 0)
    assert 0 <= ours.dual_gap_ <= 1e-12 * np.var(y) * 1.000001 + 1e-300
    assert ours.n_iter_ >= 1


@pytest.mark.parametrize("solver", ["cd", "fista"])
@pytest.mark.parametrize("kind", ["diabetes", "tall", "corr"])
def test_solvers_reach_the_same_objective(solver, kind):
    X, y = problem(kind)
    alpha = 0.1 * alpha_max(X, y)
    ref = Lasso(alpha=alpha, **TIGHT).fit(X, y)
    m = Lasso(alpha=alpha, solver=solver, tol=1e-12, max_iter=200_000).fit(X, y)
    f = enet_objective(X, y, m.coef_, m.intercept_, alpha)
    f_ref = enet_objective(X, y, ref.coef_, ref.intercept_, alpha)
    assert abs(f - f_ref) <= OBJ_RTOL * f_ref
    assert rel_coef(m.coef_, ref.coef_) < 1e-4


@pytest.mark.parametrize("kind", ["diabetes", "tall", "wide", "corr"])
@pytest.mark.parametrize("alpha", [1e-2, 1.0, 100.0])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_ridge_matches_sklearn(kind, alpha, fit_intercept):
    sk = sk_linear_model()
    X, y = problem(kind)
    ours = Ridge(alpha=alpha, fit_intercept=fit_intercept).fit(X, y)
    ref = sk.Ridge(alpha=alpha, fit_intercept=fit_intercept, solver="svd").fit(X, y)
    assert rel_coef(ours.coef_, ref.coef_) < COEF_RTOL
    assert abs(ours.intercept_ - ref.intercept_) <= COEF_RTOL * max(1.0, abs(ref.intercept_))
    f = ridge_objective(X, y, ours.coef_, ours.intercept_, alpha)
    f_ref = ridge_objective(X, y, ref.coef_, ref.intercept_, alpha)
    assert abs(f - f_ref) <= OBJ_RTOL * f_ref
    assert ours.n_iter_ is None


def heavy_tailed(n=200, p=5, seed=1):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p))
    y = X @ rng.standard_normal(p) + rng.standard_t(2, size=n) + 2.0
    return X, y


@pytest.mark.parametrize("kind", ["diabetes", "heavy"])
@pytest.mark.parametrize("alpha", [0.0, 0.01, 0.2])
@pytest.mark.parametrize("weighted", [False, True])
def test_lad_matches_quantile_regressor(kind, alpha, weighted):
    sk = sk_linear_model()
    X, y = diabetes() if kind == "diabetes" else heavy_tailed()
    sw = np.random.default_rng(5).uniform(0.5, 2.0, len(y)) if weighted else None
    ours = LADRegression(alpha=alpha).fit(X, y, sample_weight=sw)
    ref = sk.QuantileRegressor(quantile=0.5, alpha=alpha / 2, solver="highs")
    ref.fit(X, y, sample_weight=sw)
    f = lad_objective(X, y, ours.coef_, ours.intercept_, alpha, sw)
    f_ref = lad_objective(X, y, ref.coef_, ref.intercept_, alpha, sw)
    assert f <= f_ref * (1 + OBJ_RTOL)
    assert abs(f - f_ref) <= OBJ_RTOL * f_ref
    assert abs(ours.objective_ - f) <= 1e-12 * f
    assert rel_coef(ours.coef_, ref.coef_) < COEF_RTOL
    assert ours.n_iter_ < 1000


@pytest.mark.parametrize("kind", ["diabetes", "tall", "wide", "corr"])
@pytest.mark.parametrize("l1_ratio", [1.0, 0.5])
def test_path_matches_sklearn(kind, l1_ratio):
    sk = sk_linear_model()
    X, y = problem(kind)
    X = X - X.mean(axis=0)  # scikit-learn's path functions fit no intercept
    y = y - y.mean()
    if l1_ratio == 1.0:
        alphas, coefs, gaps = lasso_path(X, y, n_alphas=30, **TIGHT)
        ref_alphas, ref_coefs, ref_gaps = sk.lasso_path(X, y, alphas=30, **TIGHT)
    else:
        alphas, coefs, gaps = enet_path(X, y, l1_ratio=l1_ratio, n_alphas=30, **TIGHT)
        ref_alphas, ref_coefs, ref_gaps = sk.enet_path(X, y, l1_ratio=l1_ratio, alphas=30,
                                                       **TIGHT)
    np.testing.assert_allclose(alphas, ref_alphas, rtol=1e-12)
    assert coefs.shape == ref_coefs.shape == (X.shape[1], 30)
    scale = np.max(np.abs(ref_coefs))
    assert np.max(np.abs(coefs - ref_coefs)) < COEF_RTOL * scale
    assert gaps.shape == (30,) and (gaps <= 1e-12 * np.dot(y, y) / len(y) * 1.000001).all()
    for k in (5, 15, 29):
        f = enet_objective(X, y, coefs[:, k], 0.0, alphas[k], l1_ratio)
        f_ref = enet_objective(X, y, ref_coefs[:, k], 0.0, alphas[k], l1_ratio)
        assert abs(f - f_ref) <= OBJ_RTOL * f_ref
    assert (coefs[:, 0] == 0).all()


def test_path_with_intercept_and_weights_matches_single_fits():
    X, y = make_problem("tall", seed=7)
    X = X + 3.0
    sw = np.random.default_rng(2).uniform(0.5, 2.0, len(y))
    alphas, coefs, gaps, n_iters, intercepts = enet_path(
        X, y, l1_ratio=0.7, n_alphas=8, fit_intercept=True, sample_weight=sw,
        return_n_iter=True, return_intercept=True, **TIGHT)
    np.testing.assert_allclose(alphas[0], alpha_max(X, y, 0.7, sw), rtol=1e-12)
    assert n_iters.shape == (8,) and n_iters.dtype.kind == "i"
    for k in range(8):
        m = ElasticNet(alpha=alphas[k], l1_ratio=0.7, **TIGHT).fit(X, y, sample_weight=sw)
        np.testing.assert_allclose(coefs[:, k], m.coef_, rtol=0, atol=1e-9 * np.abs(coefs).max())
        np.testing.assert_allclose(intercepts[k], m.intercept_, rtol=1e-9)


def test_path_explicit_alphas_sorted_decreasing():
    X, y = diabetes()
    y = y - y.mean()
    alphas, coefs, _ = lasso_path(X, y, alphas=[0.1, 10.0, 1.0], **TIGHT)
    np.testing.assert_array_equal(alphas, [10.0, 1.0, 0.1])
    for k, a in enumerate(alphas):
        m = Lasso(alpha=a, fit_intercept=False, **TIGHT).fit(X, y)
        np.testing.assert_allclose(coefs[:, k], m.coef_, atol=1e-9 * np.abs(m.coef_).max())
    # an int is a grid size, as in scikit-learn >= 1.9
    assert lasso_path(X, y, alphas=7)[0].shape == (7,)


def test_path_positive_grid_and_coefficients():
    """With positive=True our default grid starts at max|x·y|/n (the issue's definition);
    scikit-learn 1.9 starts at max(x·y)/n. At the same alphas the answers agree."""
    sk = sk_linear_model()
    rng = np.random.default_rng(0)
    X = rng.standard_normal((60, 5))
    y = -3 * X[:, 0] + 0.5 * X[:, 1] + 0.1 * rng.standard_normal(60)
    X -= X.mean(axis=0)
    y -= y.mean()
    alphas, coefs, _ = lasso_path(X, y, n_alphas=5, positive=True)
    ref_alphas, _, _ = sk.lasso_path(X, y, alphas=5, positive=True)
    assert alphas[0] >= ref_alphas[0]
    np.testing.assert_allclose(alphas[0], np.max(np.abs(X.T @ y)) / 60, rtol=1e-12)
    ours = lasso_path(X, y, alphas=ref_alphas, positive=True, **TIGHT)[1]
    ref = sk.lasso_path(X, y, alphas=ref_alphas, positive=True, **TIGHT)[1]
    assert (ours >= 0).all()
    assert np.max(np.abs(ours - ref)) < COEF_RTOL * np.max(np.abs(ref))


def test_path_callback_progress_stop_and_errors():
    X, y = diabetes()
    calls = []
    out = lasso_path(X, y - y.mean(), n_alphas=6, callback=lambda d, t: calls.append((d, t)))
    assert calls == [(k, 6) for k in range(1, 7)]
    assert len(out) == 3
    with pytest.raises(swiftreg.SwiftRegError, match="stopped by its callback after 2 of 6"):
        lasso_path(X, y, n_alphas=6, callback=lambda d, t: d >= 2)

    class Boom(Exception):
        pass

    def boom(done, total):
        raise Boom(done)

    with pytest.raises(Boom):
        enet_path(X, y, n_alphas=6, callback=boom)
    with pytest.raises(ValueError, match="l1_ratio=0"):
        enet_path(X, y, l1_ratio=0.0)
    alphas, coefs, _ = enet_path(X, y - y.mean(), l1_ratio=0.0, alphas=[1.0, 0.1])
    assert coefs.shape == (10, 2)


# --------------------------------------------------------------------------------------
# Closed forms
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("solver", ["cd", "fista"])
def test_orthogonal_design_soft_thresholding(solver):
    X, y, z = orthogonal_design()
    for alpha in (0.05, 0.3, 1.0):
        m = Lasso(alpha=alpha, solver=solver, tol=1e-14, max_iter=100_000).fit(X, y)
        np.testing.assert_allclose(m.coef_, soft(z, alpha), atol=1e-9)
        np.testing.assert_array_equal(m.coef_ == 0, np.abs(z) <= alpha)  # exact zeros
        np.testing.assert_allclose(m.intercept_, y.mean() - X.mean(axis=0) @ m.coef_, atol=1e-9)
        e = ElasticNet(alpha=alpha, l1_ratio=0.4, solver=solver, tol=1e-14,
                       max_iter=100_000).fit(X, y)
        np.testing.assert_allclose(e.coef_, soft(z, 0.4 * alpha) / (1 + 0.6 * alpha), atol=1e-9)
        pos = Lasso(alpha=alpha, positive=True, solver=solver, tol=1e-14,
                    max_iter=100_000).fit(X, y)
        np.testing.assert_allclose(pos.coef_, np.maximum(z - alpha, 0.0), atol=1e-9)
        f = np.array([0.0, 1.0, 2.0, 0.5, 1.0, 3.0])
        pf = Lasso(alpha=alpha, penalty_factor=f, solver=solver, tol=1e-14,
                   max_iter=100_000).fit(X, y)
        np.testing.assert_allclose(pf.coef_, soft(z, alpha * f), atol=1e-9)


def test_orthogonal_design_ridge():
    X, y, z = orthogonal_design()
    n = len(y)
    for alpha in (0.0, 1.0, 50.0):
        m = Ridge(alpha=alpha).fit(X, y)
        np.testing.assert_allclose(m.coef_, n * z / (n + alpha), rtol=1e-12, atol=1e-13)


def test_lasso_above_alpha_max_is_zero_and_intercept_is_weighted_mean():
    X, y = make_problem("tall")
    sw = np.random.default_rng(1).uniform(0, 3, len(y))
    a = alpha_max(X, y, sw=sw)
    m = Lasso(alpha=a * 1.0001).fit(X, y, sample_weight=sw)
    assert (m.coef_ == 0).all()
    np.testing.assert_allclose(m.intercept_, np.average(y, weights=sw), rtol=1e-13)
    m = Lasso(alpha=a * 0.99, **TIGHT).fit(X, y, sample_weight=sw)
    assert (m.coef_ != 0).sum() == 1


def test_lad_single_feature_exact_vertex():
    X = np.arange(5.0).reshape(-1, 1)
    y = np.array([0.0, 1.0, 2.0, 3.0, 40.0])
    with warnings.catch_warnings():  # see test_lad_degenerate_optimum_is_certified
        warnings.simplefilter("ignore", ConvergenceWarning)
        m = LADRegression(alpha=0.0).fit(X, y)
    np.testing.assert_allclose(m.coef_, [1.0], rtol=1e-14)
    np.testing.assert_allclose(m.intercept_, 0.0, atol=1e-13)
    np.testing.assert_allclose(m.objective_, 36.0 / 5, rtol=1e-14)
    m = LADRegression(alpha=0.0).fit(X, [0.0, 1.1, 2.0, 3.0, 40.0])  # not degenerate
    assert m.n_iter_ < 1000


def test_lad_large_alpha_gives_the_median():
    rng = np.random.default_rng(4)
    X = rng.standard_normal((21, 3))
    y = rng.standard_normal(21)
    m = LADRegression(alpha=100.0).fit(X, y)
    assert (m.coef_ == 0).all()
    np.testing.assert_allclose(m.intercept_, np.median(y), rtol=1e-14)


_LAD_DEGENERATE = {
    # every coefficient 0 at the optimum and ties in y (also: diabetes with alpha >= 0.5)
    "all-zero": (np.array([0.18905338179353307, -0.5227484414807474, -0.41306354339189344,
                           -2.4414673826398556, 1.799707382720902, 1.1441658720372287,
                           -0.32542283686782436, 0.7738065867276614]).reshape(-1, 1),
                 np.array([1.0, 0.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0]), 10.0, [0.0], 0.0),
    # four of five points exactly on the optimal line
    "collinear": (np.arange(5.0).reshape(-1, 1), np.array([0.0, 1.0, 2.0, 3.0, 40.0]), 0.0,
                  [1.0], 0.0),
}


@pytest.mark.parametrize("case", sorted(_LAD_DEGENERATE))
def test_lad_degenerate_optimum_is_certified(case):
    X, y, alpha, coef, intercept = _LAD_DEGENERATE[case]
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        m = LADRegression(alpha=alpha, max_iter=100).fit(X, y)
    np.testing.assert_allclose(m.coef_, coef, atol=1e-12)   # the answer is right ...
    np.testing.assert_allclose(m.intercept_, intercept, atol=1e-12)
    assert m.n_iter_ < 100                                  # ... and certified


# --------------------------------------------------------------------------------------
# Subgradient solver: the textbook update rule, no exact zeros
# --------------------------------------------------------------------------------------


def test_subgradient_weights_small_but_not_zero():
    X, y = diabetes()
    lasso = Lasso(alpha=1.0, **TIGHT).fit(X, y)
    zero = lasso.coef_ == 0
    assert zero.sum() >= 2
    with pytest.warns(ConvergenceWarning):
        sub = Lasso(alpha=1.0, solver="subgradient", max_iter=2000).fit(X, y)
    scale = np.max(np.abs(lasso.coef_))
    assert (sub.coef_[zero] != 0).all()                      # never exact zeros
    assert np.max(np.abs(sub.coef_[zero])) < 0.05 * scale    # ... but small
    assert np.max(np.abs(sub.coef_[~zero] - lasso.coef_[~zero])) < 0.05 * scale
    fista = Lasso(alpha=1.0, solver="fista", tol=1e-10, max_iter=100_000).fit(X, y)
    np.testing.assert_array_equal(fista.coef_ == 0, zero)    # the proximal solver: exact zeros


# --------------------------------------------------------------------------------------
# Convergence warning
# --------------------------------------------------------------------------------------


def test_convergence_warning_states_gap_and_tolerance_in_same_units():
    X, y = diabetes()
    tol = 1e-10
    with pytest.warns(ConvergenceWarning) as record:
        m = Lasso(alpha=0.01, max_iter=2, tol=tol).fit(X, y)
    assert len(record) == 1
    msg = str(record[0].message)
    got = re.search(r"duality gap ([0-9.e+-]+) > tolerance ([0-9.e+-]+)", msg)
    assert got, msg
    gap, tolerance = float(got.group(1)), float(got.group(2))
    np.testing.assert_allclose(gap, m.dual_gap_, rtol=1e-6)
    np.testing.assert_allclose(tolerance, tol * np.var(y), rtol=1e-6)
    assert "max_iter=2" in msg and "dual_gap_" in msg
    assert m.n_iter_ == 2
    assert isinstance(record[0].message, swiftreg.ConvergenceWarning)
    sk_exceptions = pytest.importorskip("sklearn.exceptions")
    assert isinstance(record[0].message, sk_exceptions.ConvergenceWarning)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Lasso(alpha=0.01).fit(X, y)  # converges: no warning


def test_path_convergence_warning():
    X, y = diabetes()
    with pytest.warns(ConvergenceWarning, match=r"duality gap .* > tolerance"):
        lasso_path(X, y - y.mean(), n_alphas=5, max_iter=1, tol=1e-12)


# --------------------------------------------------------------------------------------
# dtypes, weights, penalty factors, positive, warm start, options
# --------------------------------------------------------------------------------------


# LAD on degenerate data: see test_lad_degenerate_optimum_is_certified
@pytest.mark.filterwarnings("ignore:LADRegression used its whole budget")
@pytest.mark.parametrize("make", [
    lambda: Lasso(alpha=0.5), lambda: ElasticNet(alpha=0.5, l1_ratio=0.3),
    lambda: Ridge(alpha=3.0), lambda: LADRegression(alpha=0.05),
])
def test_float32_is_fitted_in_float32(make):
    X, y = diabetes()
    m32 = make().fit(X.astype(np.float32), y.astype(np.float32))
    m64 = make().fit(X, y)
    assert m32.coef_.dtype == np.float32
    assert isinstance(m32.intercept_, np.float32)
    assert m64.coef_.dtype == np.float64
    np.testing.assert_allclose(m32.coef_, m64.coef_, rtol=0, atol=1e-4 * np.abs(m64.coef_).max())
    assert m32.predict(X.astype(np.float32)).dtype == np.float32
    assert m32.predict(X).dtype == np.float64
    for other in (np.float16, np.int64, np.int32, bool):
        assert make().fit(X.astype(other), y).coef_.dtype == np.float64


def test_float32_path():
    X, y = diabetes()
    _, coefs, gaps = lasso_path(X.astype(np.float32), (y - y.mean()).astype(np.float32),
                                n_alphas=10)
    _, ref, _ = lasso_path(X, y - y.mean(), n_alphas=10)
    assert coefs.dtype == np.float32 and gaps.dtype == np.float64
    np.testing.assert_allclose(coefs, ref, atol=1e-3 * np.abs(ref).max())


# LAD on degenerate data: see test_lad_degenerate_optimum_is_certified
@pytest.mark.filterwarnings("ignore:LADRegression used its whole budget")
@pytest.mark.parametrize("make", [
    lambda: Lasso(alpha=0.3, **TIGHT), lambda: ElasticNet(alpha=0.3, l1_ratio=0.5, **TIGHT),
    lambda: Ridge(alpha=2.0), lambda: LADRegression(alpha=0.01),
])
def test_integer_weights_equal_repeated_rows(make):
    X, y = make_problem("tall", seed=11)
    X, y = X[:60], y[:60]
    counts = np.random.default_rng(3).integers(0, 4, len(y))
    counts[0] = 1
    weighted = make().fit(X, y, sample_weight=counts.astype(float))
    repeated = make().fit(np.repeat(X, counts, axis=0), np.repeat(y, counts))
    np.testing.assert_allclose(weighted.coef_, repeated.coef_, rtol=0,
                               atol=1e-7 * np.abs(repeated.coef_).max())
    np.testing.assert_allclose(weighted.intercept_, repeated.intercept_, rtol=1e-7, atol=1e-9)
    ones = make().fit(X, y, sample_weight=np.ones(len(y)))
    plain = make().fit(X, y)
    np.testing.assert_allclose(ones.coef_, plain.coef_, rtol=1e-12, atol=1e-14)
    scalar = make().fit(X, y, sample_weight=2.5)
    if isinstance(scalar, Ridge):  # a sum of squares: weight c is the same as alpha / c
        plain = Ridge(alpha=2.0 / 2.5).fit(X, y)
    np.testing.assert_allclose(scalar.coef_, plain.coef_, rtol=1e-8, atol=1e-12)


@pytest.mark.parametrize("l1_ratio", [1.0, 0.5])
def test_weighted_enet_matches_sklearn(l1_ratio):
    sk = sk_linear_model()
    X, y = make_problem("corr", seed=2)
    sw = np.random.default_rng(8).uniform(0.1, 3.0, len(y))
    alpha = 0.05 * alpha_max(X, y, l1_ratio, sw)
    ours = ElasticNet(alpha=alpha, l1_ratio=l1_ratio, **TIGHT).fit(X, y, sample_weight=sw)
    ref = sk.ElasticNet(alpha=alpha, l1_ratio=l1_ratio, **TIGHT).fit(X, y, sample_weight=sw)
    assert rel_coef(ours.coef_, ref.coef_) < COEF_RTOL
    f = enet_objective(X, y, ours.coef_, ours.intercept_, alpha, l1_ratio, sw)
    f_ref = enet_objective(X, y, ref.coef_, ref.intercept_, alpha, l1_ratio, sw)
    assert abs(f - f_ref) <= OBJ_RTOL * f_ref
    r = Ridge(alpha=5.0).fit(X, y, sample_weight=sw)
    r_ref = sk.Ridge(alpha=5.0, solver="svd").fit(X, y, sample_weight=sw)
    assert rel_coef(r.coef_, r_ref.coef_) < COEF_RTOL


def test_zero_penalty_factor_leaves_feature_unpenalised():
    X, y = diabetes()
    f = np.ones(10)
    f[3] = 0.0
    xc = X[:, 3] - X[:, 3].mean()
    ols = np.dot(xc, y - y.mean()) / np.dot(xc, xc)
    r = y - y.mean() - ols * xc                      # residual after the unpenalised feature
    a_max = np.max(np.abs((X - X.mean(axis=0)).T @ r)) / len(y)
    m = Lasso(alpha=1.05 * a_max, penalty_factor=f, **TIGHT).fit(X, y)
    assert (np.delete(m.coef_, 3) == 0).all()
    np.testing.assert_allclose(m.coef_[3], ols, rtol=1e-10)
    m = Lasso(alpha=0.95 * a_max, penalty_factor=f, **TIGHT).fit(X, y)
    assert (m.coef_ != 0).sum() == 2
    alphas = lasso_path(X, y, n_alphas=3, penalty_factor=f, fit_intercept=True)[0]
    np.testing.assert_allclose(alphas[0], a_max, rtol=1e-12)
    # a factor f_j > 0 is a rescaling of column j (Lasso): coef_j(pf) = coef_j(X / f) / f_j
    g = np.array([1.0, 2.0, 0.5, 1.0, 3.0, 1.0, 1.0, 0.25, 1.0, 1.5])
    a = Lasso(alpha=0.5, penalty_factor=g, **TIGHT).fit(X, y)
    b = Lasso(alpha=0.5, **TIGHT).fit(X / g, y)
    np.testing.assert_allclose(a.coef_, b.coef_ / g, rtol=0, atol=1e-9 * np.abs(a.coef_).max())
    # all factors c: the same as alpha * c
    c = Lasso(alpha=0.25, penalty_factor=np.full(10, 2.0), **TIGHT).fit(X, y)
    d = Lasso(alpha=0.5, **TIGHT).fit(X, y)
    np.testing.assert_allclose(c.coef_, d.coef_, rtol=0, atol=1e-9 * np.abs(d.coef_).max())


def _unpenalised_feature_3():
    X, y = diabetes()
    f = np.ones(10)
    f[3] = 0.0
    xc = X[:, 3] - X[:, 3].mean()
    return X, y, f, np.dot(xc, y - y.mean()) / np.dot(xc, xc)


@pytest.mark.parametrize("how", ["fit", "path"])
def test_zero_penalty_factor_far_above_alpha_max(how):
    X, y, f, ols = _unpenalised_feature_3()
    if how == "fit":
        coef = Lasso(alpha=100.0, penalty_factor=f, **TIGHT).fit(X, y).coef_
    else:
        coef = lasso_path(X, y, alphas=[100.0], penalty_factor=f, fit_intercept=True)[1][:, 0]
    np.testing.assert_allclose(coef[3], ols, rtol=1e-10)


def test_zero_penalty_factor_gap_is_a_bound_cd():
    X, y, f, _ = _unpenalised_feature_3()
    m = Lasso(alpha=20.0, penalty_factor=f, tol=1e-2).fit(X, y)
    assert m.dual_gap_ >= 0.0


def test_zero_penalty_factor_fista():
    X, y, f, _ = _unpenalised_feature_3()
    ref = Lasso(alpha=20.0, penalty_factor=f, **TIGHT).fit(X, y)
    m = Lasso(alpha=20.0, penalty_factor=f, solver="fista", **TIGHT).fit(X, y)
    assert m.dual_gap_ >= 0.0
    np.testing.assert_allclose(m.coef_, ref.coef_, atol=1e-6 * np.abs(ref.coef_).max())


@pytest.mark.parametrize("model", ["Lasso", "ElasticNet"])
def test_positive_matches_sklearn(model):
    sk = sk_linear_model()
    X, y = diabetes()
    ours = getattr(lm, model)(alpha=0.5, positive=True, **TIGHT).fit(X, y)
    ref = getattr(sk, model)(alpha=0.5, positive=True, **TIGHT).fit(X, y)
    assert (ours.coef_ >= 0).all() and (ours.coef_ == 0).any()
    assert rel_coef(ours.coef_, ref.coef_) < COEF_RTOL


def test_warm_start():
    X, y = make_problem("corr", seed=5)
    a = alpha_max(X, y)
    cold = Lasso(alpha=0.01 * a, tol=1e-10, max_iter=100_000).fit(X, y)
    m = Lasso(alpha=0.011 * a, tol=1e-10, max_iter=100_000, warm_start=True).fit(X, y)
    m.set_params(alpha=0.01 * a).fit(X, y)
    assert m.n_iter_ < cold.n_iter_
    np.testing.assert_allclose(m.coef_, cold.coef_, atol=1e-6 * np.abs(cold.coef_).max())
    again = m.fit(X, y)
    assert again.n_iter_ <= 2
    # without warm_start a refit starts from zero and takes as long as a cold fit
    n = Lasso(alpha=0.011 * a, tol=1e-10, max_iter=100_000).fit(X, y)
    assert n.set_params(alpha=0.01 * a).fit(X, y).n_iter_ == cold.n_iter_
    # a different number of features: warm start is ignored
    assert m.fit(X[:, :5], y).coef_.shape == (5,)


def test_selection_and_precompute_do_not_change_the_answer():
    X, y = make_problem("tall", seed=9)
    ref = ElasticNet(alpha=0.05, l1_ratio=0.7, **TIGHT).fit(X, y)
    for kw in (dict(selection="random", random_state=0), dict(precompute=True),
               dict(precompute=False), dict(selection="random", random_state=1,
                                             precompute=True)):
        m = ElasticNet(alpha=0.05, l1_ratio=0.7, **TIGHT, **kw).fit(X, y)
        np.testing.assert_allclose(m.coef_, ref.coef_, atol=1e-9 * np.abs(ref.coef_).max())
    r1 = ElasticNet(alpha=0.05, selection="random", random_state=3, tol=1e-3).fit(X, y)
    r2 = ElasticNet(alpha=0.05, selection="random", random_state=3, tol=1e-3).fit(X, y)
    np.testing.assert_array_equal(r1.coef_, r2.coef_)


def test_predict_and_weighted_score():
    from sklearn.metrics import r2_score

    X, y = diabetes()
    sw = np.random.default_rng(0).uniform(0, 2, len(y))
    for m in (Lasso(alpha=0.5), ElasticNet(alpha=0.1), Ridge(), LADRegression(alpha=0.01)):
        m.fit(X, y)
        pred = m.predict(X)
        np.testing.assert_allclose(pred, X @ m.coef_ + m.intercept_, rtol=1e-13)
        assert m.score(X, y) == pytest.approx(r2_score(y, pred), rel=1e-12)
        assert m.score(X, y, sample_weight=sw) == pytest.approx(
            r2_score(y, pred, sample_weight=sw), rel=1e-12)
    assert Lasso(alpha=1e6).fit(X, np.full(len(y), 3.0)).score(X, np.full(len(y), 3.0)) == 1.0


def _constant_target_cases():
    """(model, X, y, sample_weight) where y is constant among the samples of non-zero weight."""
    rng = np.random.default_rng(7)
    X, Xt = rng.standard_normal((20, 3)), rng.standard_normal((3, 3))
    y = X @ [1.0, -2.0, 0.5] + rng.standard_normal(20)
    c = 2.240893199201458
    ridge = Ridge().fit(X, y)
    flat = Lasso(alpha=1e6).fit(X, y)  # coef_ == 0: predicts intercept_ exactly
    m = float(flat.intercept_)
    return [
        # the weighted mean of c is not c in floating point: R² was about -3.28e31
        ("weighted, imperfect", ridge, Xt, np.full(3, c), [1.3, 1.7, 2.9]),
        ("unweighted, imperfect", ridge, Xt, np.full(3, c), None),
        ("weighted, perfect", flat, Xt, np.full(3, m), [1.3, 1.7, 2.9]),
        ("unweighted, perfect", flat, X, np.full(20, m), None),
        ("constant where weighted", ridge, Xt, np.array([c, c, 5.0]), [1.3, 1.7, 0.0]),
    ]


@pytest.mark.parametrize("case", range(5))
def test_score_of_a_constant_target_is_r2_score(case):
    from sklearn.metrics import r2_score

    label, m, X, y, sw = _constant_target_cases()[case]
    expected = 1.0 if "perfect" in label and "imperfect" not in label else 0.0
    got = m.score(X, y, sample_weight=sw)
    assert got == expected, label
    if label != "constant where weighted":  # scikit-learn rounds that one to a tiny variance
        assert got == r2_score(y, m.predict(X), sample_weight=sw), label


def test_score_with_fewer_than_two_samples_is_nan_with_a_warning():
    from sklearn.exceptions import UndefinedMetricWarning
    from sklearn.metrics import r2_score

    X, y = diabetes()
    m = Ridge().fit(X, y)
    with pytest.warns(UndefinedMetricWarning, match="less than two samples") as record:
        expected = r2_score(y[:1], m.predict(X[:1]))
    with pytest.warns(lm.UndefinedMetricWarning, match="R\\^2 score is not well-defined with "
                                                       "less than two samples."):
        got = m.score(X[:1], y[:1])
    assert np.isnan(got) and np.isnan(expected) and len(record) == 1
    with pytest.warns(UndefinedMetricWarning):  # also scikit-learn's class
        m.score(X[:1], y[:1], sample_weight=[2.0])


def test_score_matches_r2_score_on_near_constant_and_ordinary_targets():
    from sklearn.metrics import r2_score

    X, y = diabetes()
    m = Ridge(alpha=0.1).fit(X, y)
    rng = np.random.default_rng(3)
    sw = rng.uniform(0.5, 2.0, len(y))
    for t in (y, np.full(len(y), 7.0) + 1e-9 * rng.standard_normal(len(y)),
              m.predict(X)):
        for w in (None, sw):
            assert m.score(X, t, sample_weight=w) == pytest.approx(
                r2_score(t, m.predict(X), sample_weight=w), rel=1e-10, abs=1e-12)


def test_fit_intercept_false():
    sk = sk_linear_model()
    X, y = make_problem("tall", seed=4)
    ours = Lasso(alpha=0.05, fit_intercept=False, **TIGHT).fit(X, y)
    ref = sk.Lasso(alpha=0.05, fit_intercept=False, **TIGHT).fit(X, y)
    assert ours.intercept_ == 0.0
    assert rel_coef(ours.coef_, ref.coef_) < COEF_RTOL
    lad = LADRegression(alpha=0.0, fit_intercept=False).fit(X, y)
    assert lad.intercept_ == 0.0


# --------------------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------------------

_X = np.random.default_rng(0).standard_normal((12, 3))
_y = np.random.default_rng(1).standard_normal(12)


def _with(a, index, value):
    a = a.copy()
    a[index] = value
    return a


@pytest.mark.parametrize("make", [Lasso, ElasticNet, Ridge, LADRegression])
@pytest.mark.parametrize("args, kwargs, exc, match", [
    ((_with(_X, (2, 1), np.nan), _y), {}, ValueError, "Input X contains NaN"),
    ((_with(_X, (0, 0), np.inf), _y), {}, ValueError, "Input X contains infinity"),
    ((_X, _with(_y, 3, np.nan)), {}, ValueError, "Input y contains NaN"),
    ((_X, _with(_y, 3, -np.inf)), {}, ValueError, "Input y contains infinity"),
    ((_X, _y[:-1]), {}, ValueError, r"inconsistent numbers of samples: \[12, 11\]"),
    ((_X[:, 0], _y), {}, ValueError, "Reshape your data"),
    ((np.empty((0, 3)), np.empty(0)), {}, ValueError, "0 sample"),
    ((np.empty((12, 0)), _y), {}, ValueError, "0 feature"),
    ((_X, None), {}, ValueError, "requires y to be passed"),
    ((_X, np.ones((12, 2, 1))), {}, ValueError, "y should be a 1d array"),
    ((_X + 1j, _y), {}, ValueError, "Complex data not supported"),
    ((_X, _y + 1j), {}, ValueError, "Complex data not supported"),
    ((_X.astype(str), _y), {}, ValueError, "strings"),
    ((np.array([["a", 1.0]] * 12, dtype=object), _y), {}, ValueError, "could not convert"),
    ((_X, _y), {"sample_weight": _with(np.ones(12), 4, -1.0)}, ValueError, "Negative"),
    ((_X, _y), {"sample_weight": np.zeros(12)}, ValueError, "positive sum"),
    ((_X, _y), {"sample_weight": np.ones(11)}, ValueError, r"sample_weight.shape"),
    ((_X, _y), {"sample_weight": _with(np.ones(12), 0, np.nan)}, ValueError, "finite"),
])
def test_bad_input(make, args, kwargs, exc, match):
    with pytest.raises(exc, match=match):
        make().fit(*args, **kwargs)


@pytest.mark.parametrize("make", [Lasso, ElasticNet, Ridge, LADRegression])
def test_sparse_input_is_accepted(make):
    """scipy.sparse X is read by the library (test_sparse.py has the full story)."""
    sparse = pytest.importorskip("scipy.sparse")
    dense = make().fit(_X, _y)
    for X in (sparse.csr_matrix(_X), sparse.csc_array(_X)):
        np.testing.assert_allclose(make().fit(X, _y).coef_, dense.coef_, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("est, match", [
    (Lasso(alpha=-1.0), "alpha must be in"),
    (Ridge(alpha=-0.5), "alpha must be in"),
    (LADRegression(alpha=-0.5), "alpha must be in"),
    (ElasticNet(l1_ratio=1.5), "l1_ratio must be in"),
    (ElasticNet(l1_ratio=-0.1), "l1_ratio must be in"),
    (Lasso(tol=-1.0), "tol must be in"),
    (Lasso(max_iter=0), "max_iter must be >= 1"),
    (Lasso(solver="newton"), "solver must be one of"),
    (Lasso(selection="best"), "selection must be one of"),
    (Lasso(precompute="yes"), "precompute must be one of"),
    (Lasso(precompute=np.eye(3)), "precompute must be True, False or 'auto'"),
    (Lasso(penalty_factor=[1.0, -1.0, 1.0]), r"penalty_factor must be finite and >= 0.*\[1\]"),
    (Lasso(penalty_factor=[1.0, 1.0]), r"penalty_factor must have shape \(n_features,\)"),
    (Lasso(selection="random", random_state="x"), "random_state must be"),
    (Lasso(learning_rate=0.0, solver="subgradient"), "learning_rate must be in"),
])
def test_bad_hyperparameters(est, match):
    with pytest.raises(ValueError, match=match):
        est.fit(_X, _y)


def test_bad_hyperparameter_types():
    with pytest.raises(TypeError, match="alpha must be a real number"):
        Lasso(alpha="big").fit(_X, _y)
    with pytest.raises(TypeError, match="max_iter must be an integer"):
        Lasso(max_iter=10.5).fit(_X, _y)


def test_not_fitted_and_wrong_feature_count():
    m = Lasso()
    with pytest.raises(NotFittedError, match="not fitted yet") as info:
        m.predict(_X)
    assert isinstance(info.value, ValueError) and isinstance(info.value, AttributeError)
    sk_exceptions = pytest.importorskip("sklearn.exceptions")
    assert isinstance(info.value, sk_exceptions.NotFittedError)
    m.fit(_X, _y)
    with pytest.raises(ValueError, match="X has 2 features, but Lasso is expecting 3 features"):
        m.predict(_X[:, :2])
    with pytest.raises(ValueError, match="Reshape your data"):
        m.predict(_X[0])
    with pytest.raises(ValueError, match="Input X contains NaN"):
        m.predict(_with(_X, (0, 0), np.nan))


def test_column_vector_y_warns_and_is_raveled():
    with pytest.warns(lm.DataConversionWarning, match="column-vector y"):
        m = LADRegression(alpha=0.01).fit(_X, _y[:, None])
    np.testing.assert_allclose(m.coef_, LADRegression(alpha=0.01).fit(_X, _y).coef_,
                               rtol=1e-14)


def test_lad_rejects_several_targets():
    with pytest.raises(ValueError, match=r"y should be a 1d array, got an array of shape "
                                         r"\(12, 2\).*LADRegression fits one target"):
        LADRegression().fit(_X, np.ones((12, 2)))


# --------------------------------------------------------------------------------------
# Several targets (a 2-D y): independent problems, as scikit-learn's multi-output fit
# --------------------------------------------------------------------------------------

MULTI_TIGHT = dict(tol=1e-10, max_iter=100_000)


def _multi_problem(seed=11, n=60, p=6, k=3):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p))
    X[:, 1] += 0.5 * X[:, 0]
    W = rng.standard_normal((p, k))
    W[2:4, 0] = 0.0
    Y = X @ W + 0.3 * rng.standard_normal((n, k)) + [1.0, -2.0, 0.5][:k]
    return X, Y, rng.uniform(0.5, 2.0, n)


def _pairs():
    sk = sk_linear_model()
    return [
        (Lasso(alpha=0.05, **MULTI_TIGHT), sk.Lasso(alpha=0.05, **MULTI_TIGHT)),
        (ElasticNet(alpha=0.05, l1_ratio=0.3, **MULTI_TIGHT),
         sk.ElasticNet(alpha=0.05, l1_ratio=0.3, **MULTI_TIGHT)),
        (Lasso(alpha=0.05, fit_intercept=False, positive=True, **MULTI_TIGHT),
         sk.Lasso(alpha=0.05, fit_intercept=False, positive=True, **MULTI_TIGHT)),
        (Ridge(alpha=3.0), sk.Ridge(alpha=3.0)),
        (Ridge(alpha=3.0, fit_intercept=False), sk.Ridge(alpha=3.0, fit_intercept=False)),
    ]


@pytest.mark.parametrize("case", range(5))
@pytest.mark.parametrize("weighted", [False, True])
def test_several_targets_match_sklearn(case, weighted):
    ours, ref = _pairs()[case]
    X, Y, sw = _multi_problem()
    kw = {"sample_weight": sw} if weighted else {}
    ours.fit(X, Y, **kw)
    ref.fit(X, Y, **kw)
    assert ours.coef_.shape == ref.coef_.shape == (3, 6)
    scale = np.abs(ref.coef_).max()
    np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=0, atol=1e-8 * scale)
    # (3,) here; scikit-learn's is the scalar 0.0 without an intercept, ours stays (3,) zeros
    assert np.shape(ours.intercept_) == (3,)
    assert np.shape(ref.intercept_) == ((3,) if ref.fit_intercept else ())
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, rtol=0,
                               atol=1e-8 * max(1.0, np.abs(ref.intercept_).max()))
    pred = ours.predict(X)
    assert pred.shape == (60, 3) and pred.dtype == np.float64
    np.testing.assert_allclose(pred, ref.predict(X), rtol=1e-8, atol=1e-8)
    assert ours.score(X, Y, **kw) == pytest.approx(ref.score(X, Y, **kw), rel=1e-10)
    if isinstance(ours, ElasticNet):
        assert isinstance(ours.n_iter_, list) and len(ours.n_iter_) == 3
        assert all(isinstance(v, int) and v >= 1 for v in ours.n_iter_)
        assert isinstance(ours.dual_gap_, np.ndarray) and ours.dual_gap_.shape == (3,)
        assert np.shape(ref.dual_gap_) == (3,) and len(ref.n_iter_) == 3
    else:
        assert ours.n_iter_ is None


@pytest.mark.parametrize("make", [
    lambda: Lasso(alpha=0.05, penalty_factor=[0.0, 1.0, 2.0, 1.0, 1.0, 0.5]),
    lambda: ElasticNet(alpha=0.05, l1_ratio=0.5, positive=True),
    lambda: Ridge(alpha=0.7),
])
def test_each_target_is_the_single_target_fit(make):
    X, Y, sw = _multi_problem()
    for dtype in (np.float64, np.float32):
        Xd, Yd = X.astype(dtype), Y.astype(dtype)
        m = make().fit(Xd, Yd, sample_weight=sw)
        assert m.coef_.dtype == dtype and m.intercept_.dtype == dtype
        assert m.predict(Xd).dtype == dtype
        for j in range(3):
            one = make().fit(Xd, np.ascontiguousarray(Yd[:, j]), sample_weight=sw)
            np.testing.assert_array_equal(m.coef_[j], one.coef_)  # the very same call
            assert m.intercept_[j] == one.intercept_
            if hasattr(one, "dual_gap_"):
                assert m.n_iter_[j] == one.n_iter_ and m.dual_gap_[j] == one.dual_gap_


@pytest.mark.parametrize("case", [0, 1, 3])
def test_column_vector_y_has_sklearn_shapes_and_no_warning(case):
    ours, ref = _pairs()[case]
    X, Y, _ = _multi_problem()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ours.fit(X, Y[:, :1])
    ref.fit(X, Y[:, :1])
    assert ours.coef_.shape == ref.coef_.shape == (6,)   # scikit-learn >= 1.9 for Ridge too
    assert np.shape(ours.intercept_) == np.shape(ref.intercept_) == (1,)
    assert ours.predict(X).shape == ref.predict(X).shape == (60,)
    np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=0, atol=1e-8 * np.abs(ref.coef_).max())
    assert np.shape(getattr(ours, "dual_gap_", 0.0)) == np.shape(getattr(ref, "dual_gap_", 0.0))
    assert type(ours.n_iter_) is type(ref.n_iter_) or ours.n_iter_ is ref.n_iter_ is None
    assert ours.score(X, Y[:, :1]) == pytest.approx(ref.score(X, Y[:, :1]), rel=1e-10)


def test_several_targets_warm_start_convergence_warning_and_score():
    from sklearn.metrics import r2_score

    X, Y, sw = _multi_problem()
    m = Lasso(alpha=0.01, max_iter=1, tol=1e-14)
    with pytest.warns(ConvergenceWarning, match=r"for 3 of 3 targets \(first: y\[:, 0\]\)"):
        m.fit(X, Y)
    m.set_params(max_iter=100_000, tol=1e-12, warm_start=True).fit(X, Y)
    cold = Lasso(alpha=0.01, max_iter=100_000, tol=1e-12).fit(X, Y)
    np.testing.assert_allclose(m.coef_, cold.coef_, atol=1e-9)
    Yc = Y.copy()
    Yc[:, 1] = 2.240893199201458  # one constant target: R² 0 for it, as r2_score
    pred = m.predict(X)
    assert m.score(X, Yc, sample_weight=sw) == pytest.approx(
        r2_score(Yc, pred, sample_weight=sw), rel=1e-12)
    with pytest.raises(ValueError, match="different number of output"):
        m.score(X, Y[:, :2])
    with pytest.raises(ValueError, match="0 target"):
        Ridge().fit(X, Y[:, :0])
    one = Lasso(alpha=0.01).fit(X, Y[:, 0])
    assert one.score(X, Y[:, :1]) == one.score(X, Y[:, 0])  # (n, 1) y for a 1-D fit
    with pytest.raises(ValueError, match="different number of output"):
        one.score(X, Y)


def test_feature_names_from_a_dataframe_like():
    class Frame:  # the parts of a DataFrame the estimators look at
        def __init__(self, values, columns):
            self.values, self.columns = np.asarray(values), list(columns)
            self.shape = self.values.shape

        def __array__(self, dtype=None, copy=None):
            return self.values if dtype is None else self.values.astype(dtype)

    m = Ridge().fit(Frame(_X, ["a", "b", "c"]), _y)
    np.testing.assert_array_equal(m.feature_names_in_, ["a", "b", "c"])
    with pytest.warns(UserWarning, match="X does not have valid feature names"):
        plain = m.predict(_X)
    np.testing.assert_allclose(m.predict(Frame(_X, ["a", "b", "c"])), plain)
    with pytest.raises(ValueError, match="feature names should match"):
        m.predict(Frame(_X, ["a", "c", "b"]))
    assert not hasattr(m.fit(_X, _y), "feature_names_in_")
    assert not hasattr(Ridge().fit(Frame(_X, [0, 1, 2]), _y), "feature_names_in_")


# --------------------------------------------------------------------------------------
# Estimator protocol
# --------------------------------------------------------------------------------------


def test_params_repr_clone_pickle():
    m = Lasso(alpha=0.5, solver="fista", penalty_factor=None)
    assert repr(m) == "Lasso(alpha=0.5, solver='fista')"
    assert repr(ElasticNet()) == "ElasticNet()"
    p = m.get_params()
    assert p["alpha"] == 0.5 and p["l1_ratio" if "l1_ratio" in p else "alpha"] is not None
    assert "l1_ratio" not in p and set(ElasticNet().get_params()) - set(p) == {"l1_ratio"}
    assert m.set_params(alpha=2.0, tol=1e-6) is m and m.alpha == 2.0 and m.tol == 1e-6
    with pytest.raises(ValueError, match="Invalid parameter 'beta'"):
        m.set_params(beta=1)
    base = pytest.importorskip("sklearn.base")
    c = base.clone(m)
    assert c is not m and c.get_params() == m.get_params()
    assert base.is_regressor(m)
    m.fit(_X, _y)
    again = pickle.loads(pickle.dumps(m))
    np.testing.assert_array_equal(again.predict(_X), m.predict(_X))


def test_docstrings_state_objective_and_textbook_relation():
    # Each states its objective and how it maps onto the textbook form loss + λ·penalty
    # (test_docs.py keeps working jargon out of every docstring).
    for obj in (Lasso, ElasticNet, Ridge, LADRegression, lasso_path, enet_path):
        doc = obj.__doc__
        assert "Minimises" in doc or "minimises" in doc
        assert "textbook" in doc
        assert "Parameters" in doc or obj is lasso_path


def test_sklearn_is_not_imported_at_runtime():
    code = (
        "import sys, numpy as np, swiftreg\n"
        "from swiftreg.linear_model import *\n"
        "X = np.random.default_rng(0).standard_normal((20, 3)); y = X[:, 0]\n"
        "for m in (Lasso(), ElasticNet(), Ridge(), LADRegression()): m.fit(X, y).score(X, y)\n"
        "lasso_path(X, y, n_alphas=3)\n"
        "try: Lasso().predict(X)\n"
        "except NotFittedError: pass\n"
        "assert not [k for k in sys.modules if k.startswith('sklearn')], 'sklearn imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --------------------------------------------------------------------------------------
# scikit-learn's own estimator checks
# --------------------------------------------------------------------------------------

try:
    from sklearn.utils.estimator_checks import parametrize_with_checks
except ImportError:  # pragma: no cover - scikit-learn is a test dependency
    parametrize_with_checks = None

if parametrize_with_checks is not None:
    with warnings.catch_warnings():  # "... does not inherit from BaseEstimator": by design
        warnings.filterwarnings("ignore", message="Estimator .* does not inherit from")
        _checks = parametrize_with_checks([
            Lasso(), ElasticNet(), Ridge(), LADRegression(), Lasso(solver="fista"),
            ElasticNet(precompute=True)])

    @pytest.mark.filterwarnings("ignore::swiftreg.linear_model.ConvergenceWarning")
    @_checks
    def test_sklearn_estimator_checks(estimator, check):
        check(estimator)
