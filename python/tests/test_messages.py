"""Messages name the real cause: the argument the caller gave and what is wrong with it.

Overflow inside a solver is reported under its cause (the data given, a huge alpha, penalty
factors near 0, weights so small that their products underflow); pandas' missing values are
NaN, a datetime column is named; scikit-learn's warning for alpha = 0; a bad callback fails
before any work; the Dask estimator speaks of the data, never of its internal step size, and
is silent on an all-zero X.
"""

import warnings

import numpy as np
import pytest

from swiftreg.linear_model import (
    ElasticNet,
    ElasticNetCV,
    HuberRegressor,
    LADRegression,
    Lasso,
    LassoCV,
    QuantileRegressor,
    RegularizedRegressor,
    Ridge,
    enet_path,
    lasso_path,
)

rng = np.random.default_rng(13)
_X = rng.normal(size=(20, 3))
_Y = _X @ [1.0, 2.0, 3.0] + rng.normal(size=20)


def _huge_X():
    X = _X.copy()
    X[0, 0] = 1e200
    return X


# --------------------------------------------------------------------------------------
# Overflow: the data, alpha, the penalty factors, the weights
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "est",
    [Ridge(alpha=1.0), Lasso(alpha=1.0), ElasticNet(alpha=1.0), Lasso(alpha=1.0, precompute=False)],
    ids=["ridge", "lasso", "enet", "lasso-residual"],
)
def test_huge_X_reports_the_overflow_not_rank_deficiency(est):
    with pytest.raises(ValueError) as info:
        est.fit(_huge_X(), _Y)
    text = str(info.value)
    assert "overflow" in text and "X" in text, text
    assert "rank-deficient" not in text and "alpha must" not in text
    assert "sample_weight" not in text, "no weights were given: " + text


@pytest.mark.parametrize(
    "call",
    [
        lambda X: Ridge(alpha=0).fit(X, _Y),
        lambda X: Ridge(alpha=1.0, fit_intercept=False).fit(X, _Y),
        lambda X: HuberRegressor().fit(X, _Y),
        lambda X: LassoCV(cv=3).fit(X, _Y),
        lambda X: lasso_path(X, _Y),
        lambda X: Lasso(alpha=1.0).fit(__import__("scipy.sparse").sparse.csc_matrix(X), _Y),
        lambda X: Ridge(alpha=1.0).fit(__import__("scipy.sparse").sparse.csc_matrix(X), _Y),
    ],
    ids=[
        "ridge-0",
        "ridge-noint",
        "huber",
        "lassocv",
        "path",
        "sparse-lasso",
        "sparse-ridge",
    ],
)
def test_huge_X_everywhere_names_X_and_y(call):
    with pytest.raises(ValueError, match=r"^X and y are too large: .* overflow float64"):
        call(_huge_X())


@pytest.mark.parametrize("make", [LADRegression, QuantileRegressor], ids=["lad", "quantile"])
def test_huge_X_is_solved_exactly_by_the_pinball_losses(make):
    # The exact LP/QP rescales extreme data by powers of 2 internally: no overflow to report.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        est = make().fit(_huge_X(), _Y)
    assert np.all(np.isfinite(est.coef_)) and np.isfinite(est.intercept_)
    at_fit = np.mean(np.abs(_Y - est.predict(_huge_X())))
    assert at_fit <= np.mean(np.abs(_Y - np.median(_Y)))


def test_huge_X_with_weights_names_the_weights_too():
    with pytest.raises(ValueError, match="X, y and sample_weight are too large"):
        Lasso(alpha=1.0).fit(_huge_X(), _Y, sample_weight=np.ones(20))


@pytest.mark.parametrize(
    "make",
    [
        lambda: Lasso(alpha=1.7e308),
        lambda: ElasticNet(alpha=1.7e308),
    ],
    ids=["lasso", "enet"],
)
def test_alpha_near_the_float_maximum_gives_zero_for_the_squared_loss(make):
    # alpha * the weight sum overflows the solver's units, but alpha >= alpha_max: w = 0 with
    # the mean as intercept is the minimiser, returned certified (once an error naming alpha;
    # the pinball losses below give zero the same way). An infinite alpha is an error.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        est = make().fit(_X, _Y)
    assert np.all(est.coef_ == 0) and est.intercept_ == pytest.approx(np.mean(_Y), rel=1e-12)
    est.set_params(alpha=np.inf)
    with pytest.raises(ValueError, match=r"^alpha must be in \[0, inf\), got inf"):
        est.fit(_X, _Y)


@pytest.mark.parametrize(
    "make",
    [
        lambda: LADRegression(alpha=1.7e308),
        lambda: QuantileRegressor(alpha=1.7e308),
        lambda: RegularizedRegressor(loss="absolute", alpha=1.7e308),
    ],
    ids=["lad", "quantile", "general"],
)
def test_alpha_near_the_float_maximum_gives_zero_for_the_pinball_losses(make):
    # alpha >= alpha_max: the exact solver certifies w = 0 with the intercept a median.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        est = make().fit(_X, _Y)
    assert np.all(est.coef_ == 0)
    lo, hi = np.sort(_Y)[[9, 10]]   # n = 20: every intercept between the middle two is a median
    assert lo <= est.intercept_ <= hi


def test_alpha_beyond_the_float_maximum_is_infinite():
    with pytest.raises(ValueError, match=r"alpha must be in \[0, inf\), got inf"):
        LADRegression(alpha=1.8e308).fit(_X, _Y)


@pytest.mark.parametrize("pf", [1e-308, 5e-324])
@pytest.mark.parametrize(
    "call",
    [
        lambda pf: lasso_path(_X, _Y, penalty_factor=np.full(3, pf)),
        lambda pf: enet_path(_X, _Y, penalty_factor=np.full(3, pf)),
        lambda pf: LassoCV(cv=2, penalty_factor=np.full(3, pf)).fit(_X, _Y),
    ],
    ids=["lasso_path", "enet_path", "LassoCV"],
)
def test_tiny_penalty_factors_are_named(call, pf):
    with pytest.raises(ValueError) as info:
        call(pf)
    text = str(info.value)
    assert text.startswith("penalty_factor must be large enough"), text
    assert "too large" not in text and "l1_factor" not in text


@pytest.mark.parametrize(
    "make",
    [
        lambda: Lasso(alpha=0.1),
        lambda: Lasso(alpha=0.1, precompute=False),
        lambda: ElasticNet(alpha=0.1),
    ],
)
def test_subnormal_weights_fit_as_uniform_weights(make):
    # The objectives divide by the weights' sum: uniform subnormal weights are uniform weights
    # (the core rescales them by a power of 2), not an overflow or an error.
    a = make().fit(_X, _Y, sample_weight=np.full(20, 5e-324))
    b = make().fit(_X, _Y)
    np.testing.assert_allclose(a.coef_, b.coef_, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(a.intercept_, b.intercept_, rtol=1e-9)


@pytest.mark.parametrize("w", [1e-310, 1e-320, 5e-324])
@pytest.mark.parametrize("make", [lambda: Ridge(alpha=1.0), lambda: HuberRegressor(alpha=1.0)])
def test_weights_too_small_for_alpha_per_weight(make, w):
    with pytest.raises(ValueError) as info:
        make().fit(_X, _Y, sample_weight=np.full(20, w))
    text = str(info.value)
    assert text.startswith("sample_weight is too small"), text
    assert "alpha must be finite" not in text


def test_small_but_normal_weights_still_fit():
    a = Lasso(alpha=0.1).fit(_X, _Y, sample_weight=np.full(20, 1e-300))
    b = Lasso(alpha=0.1).fit(_X, _Y)
    np.testing.assert_allclose(a.coef_, b.coef_, rtol=1e-6, atol=1e-9)


# --------------------------------------------------------------------------------------
# pandas: nullable columns and datetimes
# --------------------------------------------------------------------------------------

pd = pytest.importorskip("pandas")


def _frame(dtype):
    values = [True, None, False] + [True] * 17 if dtype == "boolean" else [1, None, 3] + [2] * 17
    return pd.DataFrame({"a": pd.array(values, dtype=dtype), "b": np.arange(20.0)})


@pytest.mark.parametrize("dtype", ["Int64", "Float64", "boolean", "Int32", "Float32", "UInt8"])
@pytest.mark.parametrize(
    "make", [lambda: Lasso(alpha=0.1), lambda: Ridge(), lambda: LADRegression()]
)
def test_pandas_NA_in_X_is_NaN(make, dtype):
    with pytest.raises(ValueError, match=r"^Input X contains NaN"):
        make().fit(_frame(dtype), _Y)


@pytest.mark.parametrize("dtype", ["Int64", "Float64", "boolean"])
def test_pandas_NA_in_y_is_NaN(dtype):
    with pytest.raises(ValueError, match=r"^Input y contains NaN"):
        Lasso(alpha=0.1).fit(_X, _frame(dtype)["a"])


def test_pandas_nullable_columns_without_NA_fit_as_numbers():
    df = pd.DataFrame({"a": pd.array(np.arange(20), dtype="Int64"), "b": _X[:, 1]})
    a = Lasso(alpha=0.1).fit(df, _Y)
    b = Lasso(alpha=0.1).fit(np.column_stack([np.arange(20.0), _X[:, 1]]), _Y)
    np.testing.assert_array_equal(a.coef_, b.coef_)
    assert list(a.feature_names_in_) == ["a", "b"]


def test_object_array_holding_pandas_NA_is_NaN():
    X = _X.astype(object)
    X[3, 1] = pd.NA
    with pytest.raises(ValueError, match=r"^Input X contains NaN"):
        Lasso(alpha=0.1).fit(X, _Y)


@pytest.mark.parametrize(
    "column",
    [
        lambda: pd.date_range("2020-01-01", periods=20),
        lambda: pd.date_range("2020-01-01", periods=20, tz="UTC"),
        lambda: pd.to_timedelta(np.arange(20), unit="s"),
        lambda: pd.period_range("2020-01", periods=20, freq="M"),
    ],
    ids=["datetime", "datetime-tz", "timedelta", "period"],
)
def test_datetime_column_is_named(column):
    df = pd.DataFrame({"when": column(), "b": np.arange(20.0)})
    with pytest.raises(TypeError, match=r"^X column 'when' has dtype"):
        Lasso(alpha=0.1).fit(df, _Y)


def test_object_array_holding_a_timestamp_names_its_position():
    X = _X.astype(object)
    X[2, 1] = pd.Timestamp("2020-01-01")
    with pytest.raises(TypeError, match=r"X must hold real numbers: .* \(at X\[2, 1\]: Timestamp"):
        Lasso(alpha=0.1).fit(X, _Y)


# --------------------------------------------------------------------------------------
# alpha = 0 and callbacks
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("make", [lambda: Lasso(alpha=0), lambda: ElasticNet(alpha=0.0)])
def test_alpha_zero_warns_as_scikit_learn(make):
    with pytest.warns(UserWarning, match="With alpha=0, this algorithm does not converge well"):
        make().fit(_X, _Y)


def test_positive_alpha_does_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Lasso(alpha=0.1).fit(_X, _Y)


@pytest.mark.parametrize("callback", [5, "print", [print]])
@pytest.mark.parametrize("path", [lasso_path, enet_path])
def test_a_callback_that_is_not_callable_fails_at_validation(path, callback):
    with pytest.raises(TypeError, match="callback must be None or a callable"):
        path(_X, _Y, callback=callback)
    # Raised before X is read: an X that cannot be converted is never reached.
    with pytest.raises(TypeError, match="callback must be None or a callable"):
        path(object(), _Y, callback=callback)


def test_a_callable_callback_still_runs():
    seen = []
    lasso_path(_X, _Y, n_alphas=5, callback=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (5, 5)


def test_cv_estimators_keep_their_messages():
    with pytest.raises(ValueError, match="cv must be at least 2 folds"):
        LassoCV(cv=1).fit(_X, _Y)
    with pytest.raises(ValueError, match="n_alphas must be >= 1, got -3"):
        ElasticNetCV(n_alphas=-3, cv=2).fit(_X, _Y)


# --------------------------------------------------------------------------------------
# Dask
# --------------------------------------------------------------------------------------


def _dask():
    pytest.importorskip("dask.array")
    import dask.array as da

    import swiftreg.dask as sd

    return da, sd


@pytest.mark.parametrize("where", ["X", "y"])
def test_dask_huge_data_reports_the_data(where):
    da, sd = _dask()
    X, y = (_huge_X(), _Y) if where == "X" else (_X, _Y * 1e200)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError) as info:
            sd.Lasso(alpha=0.1).fit(da.from_array(X, chunks=5), da.from_array(y, chunks=5))
    text = str(info.value)
    assert text.startswith("X and y are too large"), text
    assert "step" not in text and "column_norm_sq" not in text and "residual" not in text


@pytest.mark.parametrize("zero", ["X", "X and y", "y"])
def test_dask_all_zero_data_is_silent(zero):
    da, sd = _dask()
    X = np.zeros((20, 3)) if "X" in zero else _X
    y = np.zeros(20) if "y" in zero else _Y
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        m = sd.Lasso(alpha=0.1).fit(da.from_array(X, chunks=5), da.from_array(y, chunks=5))
    assert np.all(np.isfinite(m.coef_))
    if "X" in zero:
        assert not m.coef_.any()


def test_default_grid_with_factors_that_underflow_names_penalty_factor():
    # rho * 5e-324 underflows: no finite alpha zeroes the coefficients, so the default grid has
    # no alpha_max (it once started at 1e-15, an unpenalised fit); a factor of 1e-300 still works
    from swiftreg.linear_model import regularization_path

    X = np.array([-0.5, 1, -1.5, 2, 2.5, 1, -0.5, 1, 2.5, -2, 3, -1, -3.5, -4, -4, -4.0]).reshape(2, 8).T.copy()
    y = np.array([-4, -4, -4, -0.5, -4, -4, 2, 1.0])
    kw = dict(loss="quantile", quantile=0.9, penalty="elasticnet", l1_ratio=0.5, n_alphas=3)
    with pytest.raises(ValueError, match=r"^penalty_factor must be large enough for a finite alpha_max"):
        regularization_path(X, y, penalty_factor=np.array([5e-324, 5e-324]), **kw)
    alphas = regularization_path(X, y, penalty_factor=np.array([1e-300, 1e-300]), **kw)[0]
    assert np.isfinite(alphas).all() and alphas[0] > 1e299
