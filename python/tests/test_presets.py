"""The named estimators as presets of the general model (RegularizedRegressor, sr_fit_*).

Lasso, ElasticNet, Ridge and LADRegression (and enet_path/lasso_path) now call the general
C ABI (``sr_fit_*`` / ``sr_path_*``); their agreement with scikit-learn and closed forms is
tested in test_linear_model.py. Here: scikit-learn's estimator checks for the general
estimators and the new preset options, what the presets gained (Ridge's ``positive`` and
``solver`` names, LADRegression's ``l1_ratio``), and that a preset is exactly the general
model it stands for.
"""
from __future__ import annotations

import warnings

import numpy as np
import pytest

from swiftreg.linear_model import (
    ElasticNet, LADRegression, Lasso, QuantileRegressor, RegularizedRegressor, Ridge,
)

try:
    from sklearn.utils.estimator_checks import parametrize_with_checks
except ImportError:  # pragma: no cover - scikit-learn is a test dependency
    parametrize_with_checks = None


def sk_linear_model():
    return pytest.importorskip("sklearn.linear_model")


def _problem(n=120, p=8, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p))
    X[:, 1] += 0.4 * X[:, 0]
    y = X @ np.array([2.0, -1.0, 0.5, -0.3, 1.0, 0.0, 0.0, -2.0]) + 0.3 * rng.standard_normal(n) + 1.0
    return X, y


def ridge_objective(X, y, w, b, alpha, sw=None):
    s = np.ones(len(y)) if sw is None else sw
    r = y - X @ w - b
    return np.dot(s, r * r) + alpha * np.dot(w, w)


# --------------------------------------------------------------------------------------
# scikit-learn's estimator checks
# --------------------------------------------------------------------------------------

def _expected_failures(estimator):
    """No check is expected to fail (a single sample with a constant target, once a failure of
    the quantile QP, is now the exact closed form w = 0, b = y)."""
    return {}


_ESTIMATORS = [
    RegularizedRegressor(),
    RegularizedRegressor(loss="huber", penalty="elasticnet", alpha=0.1),
    RegularizedRegressor(loss="l1", penalty="l1", alpha=0.1),
    RegularizedRegressor(loss="quantile", quantile=0.3, penalty="elasticnet", alpha=0.1),
    RegularizedRegressor(penalty="l2", alpha=0.5, solver="cholesky"),
    QuantileRegressor(),
    QuantileRegressor(quantile=0.8, alpha=0.05),
    Ridge(positive=True),
    Ridge(solver="lbfgs"),
    LADRegression(l1_ratio=0.5),
]

if parametrize_with_checks is not None:
    with warnings.catch_warnings():  # "... does not inherit from BaseEstimator": by design
        warnings.filterwarnings("ignore", message="Estimator .* does not inherit from")
        _checks = parametrize_with_checks(_ESTIMATORS, expected_failed_checks=_expected_failures)

    @pytest.mark.filterwarnings("ignore::swiftreg.linear_model.ConvergenceWarning")
    @_checks
    def test_sklearn_estimator_checks(estimator, check):
        check(estimator)


# --------------------------------------------------------------------------------------
# Ridge: positive, solver names, solver_
# --------------------------------------------------------------------------------------


def _nnls_ridge(X, y, alpha, fit_intercept, sw=None):
    """The exact minimiser of Σsᵢrᵢ² + α‖w‖² over w ≥ 0: NNLS on the augmented system."""
    nnls = pytest.importorskip("scipy.optimize").nnls
    s = np.ones(len(y)) if sw is None else sw
    xm = np.average(X, axis=0, weights=s) if fit_intercept else np.zeros(X.shape[1])
    ym = np.average(y, weights=s) if fit_intercept else 0.0
    A = np.vstack([np.sqrt(s)[:, None] * (X - xm), np.sqrt(alpha) * np.eye(X.shape[1])])
    b = np.concatenate([np.sqrt(s) * (y - ym), np.zeros(X.shape[1])])
    w = nnls(A, b, maxiter=100 * X.shape[1])[0]
    return w, ym - xm @ w


@pytest.mark.parametrize("alpha", [0.1, 10.0])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_ridge_positive_matches_sklearn_lbfgs(alpha, fit_intercept):
    sk = sk_linear_model()
    X, y = _problem()
    ours = Ridge(alpha=alpha, positive=True, fit_intercept=fit_intercept).fit(X, y)
    ref = sk.Ridge(alpha=alpha, positive=True, solver="lbfgs", fit_intercept=fit_intercept,
                   tol=1e-12, max_iter=100_000).fit(X, y)
    assert ours.solver_ == "cd"
    assert (ours.coef_ >= 0).all() and (ours.coef_ == 0).sum() >= 3   # the bound binds
    scale = np.abs(ref.coef_).max()
    np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=0, atol=1e-6 * scale)
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, rtol=0,
                               atol=1e-6 * max(1.0, abs(ref.intercept_)))
    # ... and the answer is exact (scikit-learn's L-BFGS-B is the looser of the two)
    w, b = _nnls_ridge(X, y, alpha, fit_intercept)
    np.testing.assert_allclose(ours.coef_, w, rtol=0, atol=1e-10 * scale)
    np.testing.assert_allclose(ours.intercept_, b, rtol=0, atol=1e-10 * max(1.0, abs(b)))
    assert ridge_objective(X, y, ours.coef_, ours.intercept_, alpha) <= \
        ridge_objective(X, y, ref.coef_, ref.intercept_, alpha) * (1 + 1e-12)


def test_ridge_positive_weighted_and_several_targets():
    X, y = _problem(seed=3)
    sw = np.random.default_rng(1).uniform(0.2, 3.0, len(y))
    Y = np.column_stack([y, -y, 0.5 * y + X[:, 5]])
    m = Ridge(alpha=2.0, positive=True).fit(X, Y, sample_weight=sw)
    assert m.coef_.shape == (3, 8) and m.n_iter_.shape == (3,) and m.solver_ == "cd"
    for j in range(3):
        w, b = _nnls_ridge(X, Y[:, j], 2.0, True, sw)
        np.testing.assert_allclose(m.coef_[j], w, rtol=0, atol=1e-10 * max(1.0, np.abs(w).max()))
        np.testing.assert_allclose(m.intercept_[j], b, rtol=0, atol=1e-10 * max(1.0, abs(b)))
    # a solution inside the bounds is the unconstrained one
    inside = Ridge(alpha=2.0, positive=True).fit(X, X @ np.arange(1.0, 9.0))
    free = Ridge(alpha=2.0).fit(X, X @ np.arange(1.0, 9.0))
    np.testing.assert_allclose(inside.coef_, free.coef_, rtol=1e-10)


_RIDGE_SOLVERS = ["auto", "svd", "cholesky", "lsqr", "sparse_cg", "sag", "saga", "lbfgs"]


@pytest.mark.parametrize("positive", [False, True])
def test_ridge_solver_names_give_the_same_answer(positive):
    X, y = _problem(seed=5)
    fits = {s: Ridge(alpha=3.0, solver=s, positive=positive).fit(X, y) for s in _RIDGE_SOLVERS}
    ref = fits["auto"]
    for s, m in fits.items():
        np.testing.assert_allclose(m.coef_, ref.coef_, rtol=0, atol=1e-10 * np.abs(ref.coef_).max())
        np.testing.assert_allclose(m.intercept_, ref.intercept_, rtol=1e-10)
        assert m.solver_ == ("cd" if positive else "cholesky"), s
        assert (m.n_iter_ is None) == (not positive)
    with pytest.raises(ValueError, match="solver must be one of"):
        Ridge(solver="qr").fit(X, y)


def test_ridge_is_the_general_l2_model_at_alpha_over_S():
    X, y = _problem(seed=6)
    sw = np.random.default_rng(2).uniform(0.5, 2.0, len(y))
    ridge = Ridge(alpha=4.0).fit(X, y, sample_weight=sw)
    general = RegularizedRegressor(penalty="l2", alpha=4.0 / sw.sum(), solver="cholesky")
    general.fit(X, y, sample_weight=sw)
    np.testing.assert_array_equal(ridge.coef_, general.coef_)
    assert ridge.intercept_ == general.intercept_


def test_ridge_tiny_alpha_on_rank_deficient_data_matches_sklearn():
    """Ridge(alpha=1e-16) on a 5 × 10 X: the dual (n × n) Cholesky system is regular."""
    sk = sk_linear_model()
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((5, 10)), rng.standard_normal(5)
    for fit_intercept in (True, False):
        ours = Ridge(alpha=1e-16, fit_intercept=fit_intercept).fit(X, y)
        with warnings.catch_warnings():  # scipy's LinAlgWarning on the ill-conditioned system
            warnings.simplefilter("ignore")
            ref = sk.Ridge(alpha=1e-16, fit_intercept=fit_intercept).fit(X, y)
        f = ridge_objective(X, y, ours.coef_, ours.intercept_, 1e-16)
        f_ref = ridge_objective(X, y, ref.coef_, ref.intercept_, 1e-16)
        assert abs(f - f_ref) <= 1e-10 * f_ref
        assert ours.solver_ == "cholesky"


# --------------------------------------------------------------------------------------
# LADRegression: l1_ratio; a preset is exactly its general model
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("l1_ratio", [0.5, 0.0, 1.0])
def test_lad_l1_ratio_is_the_general_absolute_loss_model(l1_ratio, fit_intercept):
    X, y = _problem(seed=7)
    sw = np.random.default_rng(3).uniform(0.5, 2.0, len(y))
    kw = dict(alpha=0.05, fit_intercept=fit_intercept, max_iter=500, tol=1e-8)
    lad = LADRegression(l1_ratio=l1_ratio, **kw).fit(X, y, sample_weight=sw)
    general = RegularizedRegressor(loss="l1", penalty="elasticnet", l1_ratio=l1_ratio, **kw)
    general.fit(X, y, sample_weight=sw)
    np.testing.assert_array_equal(lad.coef_, general.coef_)
    assert lad.intercept_ == general.intercept_
    assert lad.objective_ == general.objective_ and lad.n_iter_ == general.n_iter_
    assert lad.dual_gap_ == general.dual_gap_ and lad.converged_ is general.converged_ is True


def test_lad_l1_ratio_objective_and_default():
    X, y = _problem(seed=8)
    assert LADRegression().l1_ratio == 1.0
    m = LADRegression(alpha=0.1, l1_ratio=0.5).fit(X, y)
    r = y - X @ m.coef_ - m.intercept_
    f = np.abs(r).mean() + 0.1 * (0.5 * np.abs(m.coef_).sum() + 0.25 * m.coef_ @ m.coef_)
    np.testing.assert_allclose(m.objective_, f, rtol=1e-12)
    assert m.converged_ and 0.0 <= m.dual_gap_
    with pytest.raises(ValueError, match="l1_ratio must be in"):
        LADRegression(l1_ratio=1.5).fit(X, y)


@pytest.mark.parametrize("make, general", [
    (lambda: Lasso(alpha=0.05, tol=1e-10),
     lambda: RegularizedRegressor(penalty="l1", alpha=0.05, solver="cd", tol=1e-10)),
    (lambda: ElasticNet(alpha=0.05, l1_ratio=0.3, positive=True, tol=1e-10),
     lambda: RegularizedRegressor(penalty="elasticnet", alpha=0.05, l1_ratio=0.3, positive=True,
                                  solver="cd", tol=1e-10)),
    (lambda: Lasso(alpha=0.05, solver="fista", tol=1e-10, max_iter=10_000),
     lambda: RegularizedRegressor(penalty="l1", alpha=0.05, solver="fista", tol=1e-10,
                                  max_iter=10_000)),
])
def test_enet_presets_are_their_general_models(make, general):
    X, y = _problem(seed=9)
    a, b = make().fit(X, y), general().fit(X, y)
    np.testing.assert_array_equal(a.coef_, b.coef_)
    assert a.intercept_ == b.intercept_ and a.n_iter_ == b.n_iter_ and a.dual_gap_ == b.dual_gap_
