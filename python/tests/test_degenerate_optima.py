"""Fits whose optimum is degenerate or whose penalty is negligible: certified, never an error.

Each case here was once answered with a wrong status ("X and y are too large"), an infinite or
negative duality gap, or an uncertified point: a zero response without an intercept, a set of
minimisers that is a ray, penalties so small that they underflow, a tolerance near DBL_MAX, and
the default grid of a pinball loss under a tiny iteration budget. Every fit must return, say
``converged_`` exactly when ``dual_gap_`` meets its tolerance, and have a gap >= 0.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from swiftreg.linear_model import RegularizedRegressor, regularization_path


def fit_quietly(model, X, y, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a ConvergenceWarning fails the test
        return model.fit(X, y, **kw)


@pytest.mark.parametrize("loss", ["l1", "quantile"])
@pytest.mark.parametrize(
    "params",
    [
        dict(penalty=None, positive=True),
        dict(penalty="l2", alpha=4.0),
        dict(penalty="elasticnet", alpha=0.0, l1_ratio=0.25, penalty_factor=[0, 1, 1.5]),
        dict(penalty="l1", alpha=0.5, lower_bounds=[0.0, -1.0, 0.0], upper_bounds=[np.inf, 2.0, 0.0]),
    ],
)
@pytest.mark.parametrize("n", [1, 4, 9])
def test_zero_response_without_intercept_is_exactly_zero(loss, params, n):
    # y = 0 on every weighted sample: w = 0 makes datafit and penalty 0, the exact minimum.
    rng = np.random.default_rng(n)
    X = rng.standard_normal((n, 3))
    y = np.zeros(n)
    params = dict(params)
    for k in ("penalty_factor", "lower_bounds", "upper_bounds"):
        if k in params:
            params[k] = np.asarray(params[k], float)
    m = fit_quietly(RegularizedRegressor(loss=loss, fit_intercept=False, max_iter=20, tol=1e-8, **params), X, y)
    assert np.array_equal(m.coef_, np.zeros(3))
    assert m.objective_ == 0 and m.dual_gap_ == 0 and m.converged_


def test_zero_response_on_the_weighted_samples_only():
    X = np.array([[1.0, 0, -4], [1, -4, -4], [2, -2.5, -4], [-4, -4, 0], [-0.5, -3, -4], [-1.5, 0, 0]])
    y = np.array([0.0, 0, 0, 0, -4, -3])
    w = np.array([4.0, 4, 4, 4, 0, 0])
    m = fit_quietly(RegularizedRegressor(loss="l1", penalty=None, fit_intercept=False), X, y, sample_weight=w)
    assert np.array_equal(m.coef_, np.zeros(3)) and m.dual_gap_ == 0


TIGHT_RAY = pytest.mark.xfail(
    strict=True,
    reason="known: at tol 1e-8 the interior point stops 7e-6 (relative) short of an exact fit on the "
    "ray for y0 = 2.5, reported as not converged",
)


@pytest.mark.parametrize(
    "y0, tol",
    [(1.0, 1e-8), (-1.0, 1e-8), (1.0, 1e-4), (2.5, 1e-4), (10.0, 1e-4), pytest.param(2.5, 1e-8, marks=TIGHT_RAY)],
)
@pytest.mark.parametrize("loss", ["l1", "quantile"])
def test_a_ray_of_minimisers_under_bounds_is_certified(y0, tol, loss):
    # One sample, w >= 0: every w >= 0 with 3 w0 - 1.5 w1 = y0 fits it exactly (objective 0),
    # a ray along which the interior point once drifted off, or overflowed.
    X, y = np.array([[3.0, -1.5]]), np.array([y0])
    m = fit_quietly(
        RegularizedRegressor(loss=loss, penalty=None, fit_intercept=False, positive=True, max_iter=50, tol=tol), X, y
    )
    assert m.converged_ and 0 <= m.dual_gap_ <= tol * abs(y0)
    assert np.all(m.coef_ >= 0) and abs(X @ m.coef_ - y0)[0] <= 10 * tol * abs(y0)
    assert np.all(np.abs(m.coef_) < 10 * abs(y0))


def quantile_problem():
    X = np.array([-3, 2.5, 2.5, 2.5, 2.5] + [2.5] * 10 + [2, -3.5, -3, -3, -3, -3] + [2.5] * 9, dtype=float)
    return X.reshape(6, 5), np.array([2.5, 2.5, 2.5, 2.5, 2.5, 0.5]), np.array([2.5, 0, 2.5, 2.5, 2.5, 2.5])


@pytest.mark.parametrize("alpha", [1e-20, 1e-30, 1e-60, 2e-81, 1e-200, 5e-324])
def test_quantile_elastic_net_at_a_negligible_alpha(alpha):
    X, y, w = quantile_problem()
    base = fit_quietly(
        RegularizedRegressor(loss="quantile", quantile=0.75, penalty=None, tol=1e-10), X, y, sample_weight=w
    )
    m = fit_quietly(
        RegularizedRegressor(loss="quantile", quantile=0.75, penalty="elasticnet", l1_ratio=0.5, alpha=alpha, tol=1e-8),
        X, y, sample_weight=w,
    )
    assert m.converged_ and 0 <= m.dual_gap_
    assert abs(m.objective_ - base.objective_) <= 1e-8 * max(1.0, base.objective_)


@pytest.mark.parametrize("alpha", [1e-20, 1e-100, 5e-324])
def test_quantile_ridge_with_bounds_at_a_negligible_alpha(alpha):
    X = np.array([-3, -3, -3, -1, -3, 3.5, 2, 0.5, -2.5, 3.5, 4, 2, 2.5, -1, 4, 1, -4, -4, -4, -3, -3, -3, -3, -3,
                  -4, -3, 2, -3, -3, 2], dtype=float).reshape(6, 5)
    y, w = np.array([-3.0, -3, -3, 3, 2, 0]), np.array([3.0, 0, 1, 4, 4, 4])
    m = fit_quietly(
        RegularizedRegressor(loss="quantile", quantile=0.5, penalty="l2", alpha=alpha, positive=True, tol=1e-4),
        X, y, sample_weight=w,
    )
    assert m.converged_ and np.isfinite(m.dual_gap_) and m.dual_gap_ >= 0


@pytest.mark.parametrize("solver", ["fista", "cd"])
@pytest.mark.parametrize("alpha", [1e-100, 1e-300, 5e-324])
def test_squared_loss_with_an_underflowing_penalty_weight(solver, alpha):
    # alpha * l1_ratio, and alpha times a factor of 2.2e-308, underflow to 0: feature 0 is
    # unpenalised in float64, and the gap must treat it so (it was once negative).
    X = np.array([0.5] * 12 + [-0.5, 0.5, -4, -3]).reshape(8, 2)
    y = np.array([2, -4, -0.5, -0.5, -0.5, -0.5, -0.5, -3.5])
    ls = np.linalg.lstsq(X, y, rcond=None)[0]
    m = fit_quietly(
        RegularizedRegressor(loss="l2", penalty="elasticnet", l1_ratio=0.25, alpha=alpha, fit_intercept=False,
                             solver=solver, max_iter=1000, penalty_factor=np.array([2.2250738585072014e-308, 0.5])),
        X, y,
    )
    assert m.converged_ and m.dual_gap_ >= 0
    # the certificate is sound: the objective is within the gap of the least-squares optimum
    # (the penalty terms are below float64's resolution next to it)
    best = 0.5 * np.mean((y - X @ ls) ** 2)
    assert best - 1e-12 <= m.objective_ <= best + m.dual_gap_ + 1e-12


@pytest.mark.parametrize("loss", ["l2", "l1", "quantile", "huber"])
def test_tolerance_near_dbl_max_accepts_any_finite_gap(loss):
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((20, 4)), rng.standard_normal(20)
    m = RegularizedRegressor(loss=loss, penalty="l1", alpha=0.1, tol=1.7976931348623157e308).fit(X, y)
    assert m.converged_ and np.isfinite(m.dual_gap_)


@pytest.mark.parametrize("max_iter", [1, 2, 5])
def test_quantile_default_grid_starts_at_alpha_max_whatever_max_iter(max_iter):
    # alpha_max is a property of the data: the pinned fit that finds it is not cut short by the
    # caller's max_iter (with max_iter 1 the grid was once 1e-15 copies).
    X = np.array([0.5, 1, -1.5, 2, 2.5, -3, 1, 0, -1, 0.5, 1.5, -2, 0, 3, 1, -0.5]).reshape(2, 8).T.copy()
    y = np.array([1, 2.5, -2, 3, 4, -3.5, 1.5, 0.5])
    w = np.array([1, 0.5, 2, 1, 1.5, 1, 0, 0.5])
    kw = dict(loss="quantile", quantile=0.9, penalty="elasticnet", l1_ratio=0.5, n_alphas=3, sample_weight=w,
              penalty_factor=np.array([0.5, 0.5]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        short = regularization_path(X, y, max_iter=max_iter, **kw)[0]
    full = regularization_path(X, y, **kw)[0]
    np.testing.assert_allclose(short, full, rtol=1e-9)
    assert full[0] > 0.1


@pytest.mark.parametrize("shape", [(1, 3), (13, 31), (50, 5)])
@pytest.mark.parametrize("l1_ratio", [0.0, 0.5, 1.0])
@pytest.mark.parametrize("positive", [False, True])
@pytest.mark.parametrize("precompute", [False, True])
def test_a_warm_start_far_out_is_never_a_false_certificate(shape, l1_ratio, positive, precompute):
    # A warm start at 3.4e38 (float32's largest) once gave negative gaps with a certificate:
    # the exact active-set step from there rounded its zero crossing to t = 1 and kept a
    # coefficient outside the positive orthant, and the kept residual carried rounding
    # larger than itself. The gap is >= 0 at any point; a certified fit is the optimum.
    from sklearn.linear_model import ElasticNet as SkElasticNet

    from swiftreg.linear_model import ElasticNet

    n, p = shape
    rng = np.random.default_rng(n * p)
    X, y = rng.standard_normal((n, p)), rng.standard_normal(n)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (its ridge case ends at max_iter, still within 1e-5)
        ref = SkElasticNet(alpha=0.3, l1_ratio=l1_ratio, positive=positive, tol=1e-14, max_iter=200000).fit(X, y)
    for max_iter in (5, 1000):
        m = ElasticNet(alpha=0.3, l1_ratio=l1_ratio, positive=positive, precompute=precompute, warm_start=True,
                       max_iter=max_iter, tol=1e-8)
        m.coef_, m.intercept_ = np.full(p, 3.4028234663852886e38), 0.0
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            m.fit(X, y)
        assert m.dual_gap_ >= 0
        if m.n_iter_ < max_iter:
            np.testing.assert_allclose(m.coef_, ref.coef_, atol=1e-5)
        if positive:
            assert (m.coef_ >= 0).all()


@pytest.mark.parametrize("alpha", [1.7e308, 1e308])
@pytest.mark.parametrize("l1_ratio", [1.0, 0.5])
def test_an_alpha_near_dbl_max_gives_zero_coefficients(alpha, l1_ratio):
    # alpha times the weight sum overflows: w = 0 is the exact minimiser, and certified
    from swiftreg.linear_model import ElasticNet

    rng = np.random.default_rng(1)
    X, y = rng.standard_normal((30, 4)), rng.standard_normal(30)
    for model in (ElasticNet(alpha=alpha, l1_ratio=l1_ratio),
                  RegularizedRegressor(penalty="elasticnet", alpha=alpha, l1_ratio=l1_ratio),
                  RegularizedRegressor(penalty="elasticnet", alpha=alpha, l1_ratio=l1_ratio, positive=True)):
        m = fit_quietly(model, X, y)
        assert np.array_equal(m.coef_, np.zeros(4))
        assert m.intercept_ == pytest.approx(y.mean(), rel=1e-12)
        assert 0 <= m.dual_gap_ <= 1e-15 * np.var(y)


@pytest.mark.parametrize("max_iter", [1, 2, 100])
def test_fitted_huber_scale_starts_inside_the_bounds(max_iter):
    # y = 0 and w = 0 fit exactly, but w0 >= 0.5: the scale fitted at w = 0 (about 0) gave an
    # infinite gap after one step. The start is clip(0) instead.
    rng = np.random.default_rng(2)
    X, y = rng.standard_normal((12, 2)), np.zeros(12)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m = RegularizedRegressor(loss="huber_scaled", penalty=None, lower_bounds=np.array([0.5, -np.inf]),
                                 max_iter=max_iter).fit(X, y)
    assert np.isfinite(m.dual_gap_) and m.dual_gap_ >= 0 and np.isfinite(m.objective_)
    assert m.coef_[0] >= 0.5 and m.scale_ > 0


@pytest.mark.parametrize("loss", ["l1", "quantile", "huber"])
@pytest.mark.parametrize("max_iter", [1, 3, 1000])
def test_a_negligible_ridge_part_beside_an_l1_part_keeps_the_gap_finite(loss, max_iter):
    # l2 factor 5.8e-307 with an L1 part: (|z| - lambda)^2 / (2 mu) overflowed off the optimum;
    # the feature's dual is bounded as by its L1 part alone.
    rng = np.random.default_rng(3)
    X, y = rng.standard_normal((40, 2)), rng.standard_normal(40)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m = RegularizedRegressor(loss=loss, penalty="elasticnet", alpha=0.05, l1_ratio=0.5, max_iter=max_iter,
                                 l2_penalty_factor=np.array([2.5, 5.8e-307])).fit(X, y)
    assert np.isfinite(m.dual_gap_) and m.dual_gap_ >= 0
    assert m.converged_ == (m.dual_gap_ <= m.gap_tol_)
    if max_iter == 1000:
        assert m.converged_


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("alpha", [0.5, 4.0])
def test_a_ridge_weight_of_1e_322_keeps_the_gap_finite_off_the_optimum(dtype, alpha):
    # A penalty factor of 5e-324 makes feature 1's ridge weight subnormal: c^2 / (2 mu)
    # overflowed after one step (an infinite gap); the dual point orthogonal to every column
    # bounds it instead, and the full fit is certified.
    X = np.array([2, -1.5, -1, 1, -0.5, 1.5, 0.5, -2.5, 1, -1.5, -1, 0, 1.5, 0.5, -3, 1], dtype=dtype).reshape(2, 8).T
    y = np.array([1, 2.5, -2, 3, -1, -3.5, -4, -4], dtype=dtype)
    sw = np.array([4, 4, 4, 4, 0.5, 4, 4, 2], dtype=dtype)
    for max_iter, certified in ((1, False), (300, True)):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            m = RegularizedRegressor(loss="l2", penalty="l2", alpha=alpha, penalty_factor=np.array([1, 5e-324]),
                                     lower_bounds=np.zeros(2), max_iter=max_iter).fit(X, y, sample_weight=sw)
        assert np.isfinite(m.dual_gap_) and m.dual_gap_ >= 0
        assert m.converged_ == certified


@pytest.mark.parametrize("penalty, l1_ratio", [("elasticnet", 0.25), ("l1", 1.0), ("l2", 0.0)])
@pytest.mark.parametrize("alpha", [1e-3, 0.5])
def test_a_penalty_factor_of_dbl_min_is_certified_like_a_factor_of_0(penalty, l1_ratio, alpha):
    # Feature 0's weights are below 1e-12 of its column's scale: its dual constraint is
    # enforced exactly (as for an unpenalised feature), so the fit is certified, and it is the
    # fit with factor 0 within rounding (at alpha = 1e-3 it once ended at max_iter uncertified).
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((30, 3)), rng.standard_normal(30)
    kw = dict(loss="l2", penalty=penalty, l1_ratio=l1_ratio, alpha=alpha, tol=1e-8)
    tiny = fit_quietly(RegularizedRegressor(penalty_factor=np.array([2.2250738585072014e-308, 0.5, 1]), **kw), X, y)
    zero = fit_quietly(RegularizedRegressor(penalty_factor=np.array([0.0, 0.5, 1]), **kw), X, y)
    assert tiny.converged_ and 0 <= tiny.dual_gap_ <= tiny.gap_tol_
    np.testing.assert_allclose(tiny.coef_, zero.coef_, rtol=1e-9, atol=1e-12)
    assert abs(tiny.objective_ - zero.objective_) <= 1e-12 * zero.objective_ + tiny.dual_gap_ + zero.dual_gap_


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("max_iter", [20, 100, 1000])
@pytest.mark.parametrize("shape", [(13, 31), (3, 6), (8, 40)])
def test_fitted_huber_scale_with_an_exact_fit_is_never_a_false_certificate(dtype, max_iter, shape):
    # p > n and no penalty: y = Xw has solutions, so the infimum over (w, σ) is 0 (σ → 0) and
    # is not attained. The unpenalised columns span every residual, so the only dual point is
    # 0; a projection onto their complement solved to cond(X)² accuracy once gave a dual value
    # above the primal one (gap −4.5e-4) and a certificate at objective 1.5e-4.
    n, p = shape
    rng = np.random.default_rng(n * p)
    X = (rng.integers(-8, 8, size=(n, p)) / 2).astype(dtype)
    X[:, 1] = X[:, 0] + dtype(2.0**-8)  # nearly dependent columns: an ill-conditioned projection
    y = (rng.integers(-8, 8, size=n) / 2).astype(dtype)
    model = RegularizedRegressor(
        loss="huber_scaled", penalty=None, fit_intercept=False, max_iter=max_iter, tol=1e-8
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.fit(X, y)
    assert model.dual_gap_ >= 0
    if model.converged_:
        assert model.objective_ <= model.gap_tol_, (model.objective_, model.gap_tol_)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("positive", [False, True])
@pytest.mark.parametrize("seed", range(4))
def test_ridge_with_unpenalised_constant_columns_has_a_true_gap(dtype, positive, seed):
    # l1_ratio = 0 with a factor of 0 on columns the intercept makes zero: scikit-learn's gap
    # formula, which needs an L1 part on every feature, was used and came out negative (−0.15,
    # certified) at the point a path brought from α = 2.5 down to α = 2.6e-9.
    rng = np.random.default_rng(seed)
    n, p = 3 + seed, 6 + 2 * seed
    X = (rng.integers(-8, 8, size=(n, p)) / 2).astype(dtype)
    X[:, ::3] = -4.0  # constant columns, unpenalised
    y = (rng.integers(-8, 8, size=n) / 2).astype(dtype)
    factor = np.where(np.arange(p) % 3 == 0, 0.0, 0.5)
    common = dict(
        loss="l2", penalty="elasticnet", l1_ratio=0.0, penalty_factor=factor, tol=1e-8,
        positive=positive, max_iter=10000,
    )  # fmt: skip
    alphas, coefs, intercepts, gaps = regularization_path(
        X, y, alphas=[2.5, 1.5, 2.5564574901437709e-09], **common
    )
    assert np.all(gaps >= 0), gaps
    for k, alpha in enumerate(alphas):
        ref = fit_quietly(RegularizedRegressor(alpha=alpha, **common), X, y)

        def objective(w, b):
            r = y.astype(float) - X.astype(float) @ w - b
            return 0.5 * np.mean(r * r) + 0.5 * alpha * np.sum(factor * w * w)

        assert objective(coefs[:, k].astype(float), intercepts[k]) - objective(
            ref.coef_.astype(float), ref.intercept_
        ) <= ref.gap_tol_ + gaps[k] + 1e-6 * abs(ref.objective_)


@pytest.mark.parametrize("loss", ["l1", "quantile", "l2", "huber"])
@pytest.mark.parametrize("penalty", [None, "l1", "l2", "elasticnet"])
@pytest.mark.parametrize("fit_intercept", [False, True])
@pytest.mark.parametrize("seed", range(3))
def test_an_exact_fit_by_fixed_coefficients_is_the_closed_form(loss, penalty, fit_intercept, seed):
    # Coefficients fixed by lower = upper (or a box that excludes 0) whose columns times their
    # bounds fit y exactly: w = clip(0) makes the datafit 0 and the penalty its minimum over
    # the box. The interior point met 0/0 there and reported "X and y are too large".
    rng = np.random.default_rng(seed)
    n, p = 1 + seed, 2 + seed
    X = rng.integers(-4, 5, size=(n, p)).astype(float)
    lower = np.full(p, -np.inf)
    upper = np.full(p, np.inf)
    lower[0] = upper[0] = 1.0  # fixed
    lower[1], upper[1] = 0.5, 2.0  # a box that excludes 0: clip(0) = 0.5
    if p > 2:
        lower[2:], upper[2:] = -1.0, 1.0
    clip0 = np.clip(0.0, lower, upper)
    y = X @ clip0 + (2.5 if fit_intercept else 0.0)
    model = fit_quietly(
        RegularizedRegressor(
            loss=loss, penalty=penalty, alpha=0.3, lower_bounds=lower, upper_bounds=upper,
            fit_intercept=fit_intercept,
        ),
        X, y,
    )  # fmt: skip
    # (exactly, unless centring the columns for the intercept rounds y − X·clip(0) off a
    # constant: the solvers then certify the same point within rounding)
    assert model.converged_ and 0 <= model.dual_gap_ <= model.gap_tol_
    np.testing.assert_allclose(model.coef_, clip0, rtol=0, atol=1e-12)
    assert abs(model.intercept_ - (2.5 if fit_intercept else 0.0)) <= 1e-12
    if not fit_intercept:
        assert model.dual_gap_ == 0
        np.testing.assert_array_equal(model.coef_, clip0)


@pytest.mark.parametrize("alpha", [5e-324, 1e-300, 1e-30])
@pytest.mark.parametrize("precompute", [False, True])
@pytest.mark.parametrize("seed", range(3))
def test_a_negligible_ridge_with_upper_bounds_keeps_a_finite_true_gap(alpha, precompute, seed):
    # p > n with repeated rows and a column of 100s, float32, w ≤ 0 on most features: the
    # columns of negligible ridge weight, projected out of the dual point, span every
    # residual, and a projection not exact within rounding once left x̃ⱼᵀu over μⱼ = 1e-323
    # (an infinite gap); the Gram matrix's ‖r‖² = ‖ỹ‖² − 2wᵀX̃ᵀỹ + wᵀGw once gave −1.2e-16.
    from swiftreg.linear_model import ElasticNet

    rng = np.random.default_rng(seed)
    base = (rng.integers(-8, 8, size=(5, 32)) / 2).astype(np.float32)
    base[:, :5] = 100
    X = np.vstack([base, base, base[:3]])
    y = np.zeros(13, np.float32)
    y[:2] = -0.5
    upper = np.zeros(32)
    upper[10], upper[20] = 0.5, np.inf
    model = RegularizedRegressor(
        penalty="l2", alpha=alpha, fit_intercept=False, upper_bounds=upper, max_iter=100, tol=1e-8
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.fit(X, y)
        assert np.isfinite(model.dual_gap_) and model.dual_gap_ >= 0
        small = ElasticNet(alpha=alpha, l1_ratio=0.0, fit_intercept=False, precompute=precompute,
                           tol=1e-8, max_iter=100)
        small.fit([[1, -2.5, -4, -4], [-3.5, -3, 2, 0]], [-3.5, 3.5])
    assert small.dual_gap_ >= 0


@pytest.mark.parametrize("loss", ["l1", "quantile"])
@pytest.mark.parametrize("alpha", [0.3, 3.0, 30.0])
@pytest.mark.parametrize("y", [[0.0, -1.0], [0.0, -0.5], [0.0, 1.0]])
def test_an_optimal_start_is_certified_by_the_solvers_duals(loss, alpha, y):
    # X = [[4], [4]], no intercept, a ridge penalty: w = 0 (the start) is optimal with a zero
    # residual on the first sample. The interior point ends 1e-14 above it and the fit returns
    # the start, whose certificate took u = ω·φ′(r), 0 at the zero residual: a gap of 6.7 at
    # objective 0.5, where the interior point's own duals certify 2e-14.
    model = fit_quietly(
        RegularizedRegressor(loss=loss, penalty="l2", alpha=alpha, fit_intercept=False),
        np.array([[4.0], [4.0]]), np.array(y),
    )  # fmt: skip
    assert model.converged_ and 0 <= model.dual_gap_ <= model.gap_tol_


@pytest.mark.parametrize("quantile", [3.8e-241, 1e-300, 1e-20, 1e-7, 1 - 1e-7, 1 - 2**-53])
@pytest.mark.parametrize("penalty", [None, "l1", "l2", "elasticnet"])
def test_an_extreme_quantile_is_a_valid_quantile(quantile, penalty):
    # Any τ in (0, 1): the interior point once started its box variables at x = 1 − τ, s = τ,
    # and τ = 3.8e-241 overflowed its Newton system ("X and y are too large"), or ended
    # uncertified with an intercept of −4.6e15.
    rng = np.random.default_rng(0)
    X = rng.standard_normal((6, 2))
    y = rng.standard_normal(6)
    model = fit_quietly(
        RegularizedRegressor(
            loss="quantile", quantile=quantile, penalty=penalty, alpha=0.1, l1_ratio=0.25,
            penalty_factor=[0, 1],
        ),
        X, y,
    )  # fmt: skip
    # (with an unpenalised feature and τ → 0 the objective is nearly flat where every residual
    # is positive: coefficients of 1e13 are within the tolerance, tol·F(y − ȳ), and certified)
    assert model.converged_ and 0 <= model.dual_gap_ <= model.gap_tol_
    assert np.all(np.isfinite(model.coef_)) and np.isfinite(model.intercept_)


_QP_UNCERTIFIED = {(0, "l1", "l2"), (0, "quantile", "l2"), (1, "quantile", "l2"),
                   (2, "l1", "l2"), (2, "quantile", "l2")}


@pytest.mark.parametrize("loss", ["l2", "huber", "l1", "quantile"])
@pytest.mark.parametrize("penalty", [None, "l1", "l2"])
@pytest.mark.parametrize("seed", range(3))
def test_a_zero_response_with_a_box_excluding_zero_has_a_tolerance(loss, penalty, seed, request):
    # y = 0 without an intercept and w₀ ∈ [0.5, 2]: the unit of the tolerance, F(y − ȳ), was 0,
    # so gap_tol was the rounding floor (exactly 0 for the squared loss) and a fit of a
    # non-zero optimum could never meet it. The unit is now F at the solvers' start clip(0).
    if (seed, loss, penalty) in _QP_UNCERTIFIED:
        request.node.add_marker(pytest.mark.xfail(strict=True, reason=(
            "known limitation: the pinball-loss QP's interior point does not certify these "
            "degenerate optima (zero residuals at coefficients on their bounds)")))
    rng = np.random.default_rng(seed)
    X = rng.integers(-4, 5, size=(4 + seed, 3)).astype(float)
    X[:, 0] += 5.0  # never a zero column
    lower, upper = np.array([0.5, -np.inf, -1.0]), np.array([2.0, np.inf, 1.0])
    model = fit_quietly(
        RegularizedRegressor(
            loss=loss, penalty=penalty, alpha=0.3, lower_bounds=lower, upper_bounds=upper,
            fit_intercept=False, tol=1e-6,
        ),
        X, np.zeros(X.shape[0]),
    )  # fmt: skip
    assert model.gap_tol_ > 0 and model.converged_ and 0 <= model.dual_gap_ <= model.gap_tol_


@pytest.mark.parametrize("max_iter", [1, 2, 10, 1000])
@pytest.mark.parametrize("penalty", ["l2", "l1", None])
def test_a_warm_start_whose_objective_overflows_is_not_used(max_iter, penalty):
    # coef_ = 1.8e308 as the start: X·w overflows, and after a few sweeps the objective was
    # NaN with a success status. Such a start is not used: the fit starts at clip(0).
    rng = np.random.default_rng(0)
    X = rng.standard_normal((13, 6))
    y = rng.standard_normal(13)
    model = RegularizedRegressor(penalty=penalty, alpha=0.5, positive=True, fit_intercept=False,
                                 max_iter=max_iter, warm_start=True)
    model.coef_ = np.array([0.5, 1.0, 1.7976931348623157e308, 1.7976931348623157e308, 2.0, 1e300])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.fit(X, y)
    assert np.isfinite(model.objective_) and np.isfinite(model.dual_gap_)
    assert np.all(np.isfinite(model.coef_))


@pytest.mark.parametrize("bound", [4.0535060089193501e-316, 2.9202013394355396e-173, 1e-150])
@pytest.mark.parametrize("loss", ["l1", "quantile"])
def test_a_tiny_bound_excluding_zero_with_a_zero_response_is_certified(bound, loss):
    # y = 0 and w₀ ≥ 4e-316: the interior point ended at a non-finite point and the fit
    # reported "X and y are too large". The start clip(0), with the dual point 0, certifies it.
    rng = np.random.default_rng(1)
    X = rng.integers(-4, 5, size=(13, 6)).astype(float)
    lower = np.full(6, -np.inf)
    lower[0], lower[5] = bound, 0.0
    model = fit_quietly(
        RegularizedRegressor(loss=loss, penalty="l1", alpha=0.0, lower_bounds=lower,
                             fit_intercept=False, max_iter=100),
        X, np.zeros(13),
    )  # fmt: skip
    assert model.converged_ and 0 <= model.dual_gap_ <= model.gap_tol_
    assert model.coef_[0] >= bound
