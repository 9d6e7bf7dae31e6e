"""Parity with scikit-learn's estimators of the same objectives.

* QuantileRegressor vs sklearn's (solver="highs"): (1/S)·Σ sᵢ ρ_τ(rᵢ) + α‖w‖₁ equal to 1e-8.
* HuberRegressor vs sklearn's: its joint objective in (w, b, σ)
  Σ sᵢ(σ + σ·H̃(rᵢ/σ)) + α‖w‖², H̃(z) = z² (|z| ≤ ε), 2ε|z| − ε² otherwise
  (sklearn.linear_model._huber._huber_loss_and_gradient), ours no higher than sklearn's,
  and coef_/intercept_/scale_ within 1e-5.
* Lasso / ElasticNet with positive=True: coef_ within 1e-8.
* Ridge: coef_ (and intercept_) within 1e-9.

A test skips while its swiftreg class does not exist yet.
"""
from __future__ import annotations

import inspect

import numpy as np
import pytest

lm = pytest.importorskip("swiftreg.linear_model")
sklm = pytest.importorskip("sklearn.linear_model")

from reference import objective  # noqa: E402

TIGHT = dict(tol=1e-10, max_iter=100_000)


def need(name):
    cls = getattr(lm, name, None)
    if cls is None:
        pytest.skip(f"swiftreg.linear_model.{name} does not exist yet")
    return cls


def build(cls, tight=TIGHT, **params):
    """cls(**params) plus the tight tol/max_iter where cls takes them."""
    accepted = inspect.signature(cls).parameters
    for k, v in tight.items():
        if k in accepted and k not in params:
            params[k] = v
    return cls(**params)


def data(seed, n=60, p=6, outliers=False):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p))
    X[:, 1] *= 2.5
    w = np.array([1.5, -0.8, 0.0, 0.6, 0.0, 2.0])[:p]
    e = rng.standard_normal(n)
    if outliers:
        e[rng.choice(n, 5, replace=False)] += rng.choice([-10.0, 10.0], 5)
    y = X @ w + 0.7 + e
    s = rng.uniform(0.2, 3.0, n)
    s[rng.choice(n, 4, replace=False)] = 0.0
    return X, y, s


def rel(a, b):
    return abs(a - b) / max(abs(b), 1e-300)


# --------------------------------------------------------------------------------------
# QuantileRegressor
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("quantile", [0.1, 0.5, 0.9])
@pytest.mark.parametrize("alpha", [0.0, 0.05])
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("weighted", [False, True])
def test_quantile_regressor(quantile, alpha, fit_intercept, weighted):
    cls = need("QuantileRegressor")
    X, y, s = data(10, outliers=True)
    sw = s if weighted else None
    sk = sklm.QuantileRegressor(quantile=quantile, alpha=alpha, fit_intercept=fit_intercept,
                                solver="highs").fit(X, y, sample_weight=sw)
    ours = build(cls, quantile=quantile, alpha=alpha, l1_ratio=1.0,
                 fit_intercept=fit_intercept).fit(X, y, sample_weight=sw)
    opts = dict(loss="quantile", quantile=quantile, penalty="l1", alpha=alpha,
                fit_intercept=fit_intercept, sample_weight=sw)
    f_sk = objective(X, y, sk.coef_, sk.intercept_, **opts)
    f_ours = objective(X, y, np.asarray(ours.coef_), float(ours.intercept_), **opts)
    assert rel(f_ours, f_sk) <= 1e-8, (f_ours, f_sk)


# --------------------------------------------------------------------------------------
# HuberRegressor (scikit-learn's joint objective in w, b and the scale σ)
# --------------------------------------------------------------------------------------


def sklearn_huber_objective(X, y, coef, intercept, scale, epsilon, alpha, sample_weight=None):
    """Σ sᵢ·σ + Σ_{|rᵢ| ≤ εσ} sᵢ rᵢ²/σ + Σ_{|rᵢ| > εσ} sᵢ(2ε|rᵢ| − σε²) + α‖w‖²
    (= Σ sᵢ(σ + σ·H̃(rᵢ/σ)) + α‖w‖²), as sklearn's _huber_loss_and_gradient."""
    s = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, float)
    w = np.asarray(coef, float)
    r = y - X @ w - intercept
    a = np.abs(r)
    out = a > epsilon * scale
    value = s.sum() * scale
    value += np.dot(s[~out], r[~out] ** 2) / scale
    value += 2.0 * epsilon * np.dot(s[out], a[out]) - scale * s[out].sum() * epsilon ** 2
    return float(value + alpha * np.dot(w, w))


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("weighted", [False, True])
def test_huber_regressor(fit_intercept, weighted):
    cls = need("HuberRegressor")
    X, y, s = data(11, outliers=True)
    sw = s if weighted else None
    eps, alpha = 1.35, 1e-4
    sk = sklm.HuberRegressor(epsilon=eps, alpha=alpha, fit_intercept=fit_intercept,
                             max_iter=10_000, tol=1e-10).fit(X, y, sample_weight=sw)
    ours = build(cls, epsilon=eps, alpha=alpha, l1_ratio=0.0,
                 fit_intercept=fit_intercept).fit(X, y, sample_weight=sw)
    f_sk = sklearn_huber_objective(X, y, sk.coef_, sk.intercept_, sk.scale_, eps, alpha, sw)
    # the formula above is sklearn's own (when its private helper is importable)
    try:
        from sklearn.linear_model._huber import _huber_loss_and_gradient
    except ImportError:  # pragma: no cover
        pass
    else:
        theta = np.concatenate([sk.coef_, [sk.intercept_] if fit_intercept else [],
                                [sk.scale_]])
        f_own, _ = _huber_loss_and_gradient(theta, X, y, eps, alpha,
                                            np.ones(len(y)) if sw is None else sw)
        assert rel(f_sk, f_own) <= 1e-12
    b = float(ours.intercept_)
    if not fit_intercept:
        assert b == 0.0
    f_ours = sklearn_huber_objective(X, y, np.asarray(ours.coef_), b, float(ours.scale_),
                                     eps, alpha, sw)
    assert f_ours <= f_sk * (1 + 1e-8), (f_ours, f_sk)
    np.testing.assert_allclose(ours.coef_, sk.coef_, rtol=1e-5,
                               atol=1e-5 * np.max(np.abs(sk.coef_)))
    assert b == pytest.approx(sk.intercept_, rel=1e-5, abs=1e-5 * max(1.0, abs(sk.intercept_)))
    assert float(ours.scale_) == pytest.approx(sk.scale_, rel=1e-5)


# --------------------------------------------------------------------------------------
# Lasso / ElasticNet with positive=True
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name,l1_ratio", [("Lasso", 1.0), ("ElasticNet", 0.5)])
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("weighted", [False, True])
def test_positive_enet(name, l1_ratio, fit_intercept, weighted):
    cls = need(name)
    X, y, s = data(12)
    sw = s if weighted else None
    alpha = 0.05
    kw = dict(alpha=alpha, fit_intercept=fit_intercept, positive=True)
    if name == "ElasticNet":
        kw["l1_ratio"] = l1_ratio
    sk = getattr(sklm, name)(**kw, tol=1e-12, max_iter=1_000_000).fit(X, y, sample_weight=sw)
    ours = build(cls, dict(tol=1e-12, max_iter=1_000_000), **kw).fit(X, y, sample_weight=sw)
    coef = np.asarray(ours.coef_)
    assert np.all(coef >= 0)
    assert np.any(sk.coef_ == 0)  # the constraint is active on this problem
    np.testing.assert_allclose(coef, sk.coef_, rtol=1e-8,
                               atol=1e-8 * max(1.0, np.max(np.abs(sk.coef_))))
    assert float(ours.intercept_) == pytest.approx(sk.intercept_, rel=1e-8, abs=1e-8)


# --------------------------------------------------------------------------------------
# Ridge
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("alpha", [1e-3, 0.1, 1.0, 10.0])
@pytest.mark.parametrize("fit_intercept", [False, True])
@pytest.mark.parametrize("weighted", [False, True])
def test_ridge(alpha, fit_intercept, weighted):
    cls = need("Ridge")
    X, y, s = data(13)
    sw = s if weighted else None
    sk = sklm.Ridge(alpha=alpha, fit_intercept=fit_intercept, solver="cholesky").fit(
        X, y, sample_weight=sw)
    ours = build(cls, dict(tol=1e-12), alpha=alpha, fit_intercept=fit_intercept).fit(
        X, y, sample_weight=sw)
    scale = np.max(np.abs(sk.coef_))
    np.testing.assert_allclose(ours.coef_, sk.coef_, rtol=1e-9, atol=1e-9 * scale)
    assert float(ours.intercept_) == pytest.approx(
        sk.intercept_, rel=1e-9, abs=1e-9 * max(1.0, abs(sk.intercept_)))
