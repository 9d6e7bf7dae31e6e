"""Cross-validation: LassoCV, ElasticNetCV and RegularizedRegressorCV (sr_cv_path_*).

scikit-learn parity (the same folds and grid give the same mse_path_ and alpha_ to 1e-8
relative at a tight tol), glmnet's foldid against a hand-computed CV, the one-standard-error
rule against its definition, thread-count independence, scikit-learn's estimator checks, the
other losses, float32, sparse X, ``scoring``, the progress bar and bad input.
"""
from __future__ import annotations

import warnings

import numpy as np
import pytest

from swiftreg.datasets import load_diabetes
from swiftreg.linear_model import (
    ElasticNet, ElasticNetCV, Lasso, LassoCV, RegularizedRegressor, RegularizedRegressorCV,
)

try:
    from sklearn.utils.estimator_checks import parametrize_with_checks
except ImportError:  # pragma: no cover - scikit-learn is a test dependency
    parametrize_with_checks = None

TIGHT = dict(tol=1e-12, max_iter=100_000)


def sk():
    return pytest.importorskip("sklearn.linear_model")


def model_selection():
    return pytest.importorskip("sklearn.model_selection")


def _problem(n, p, seed=0, noise=1.0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p))
    if p > 1:
        X[:, 1] += 0.5 * X[:, 0]
    w = np.zeros(p)
    w[:5] = [3.0, -2.0, 1.0, 0.5, 2.0][:p]
    y = X @ w + noise * rng.standard_normal(n) + 3.0
    return X, y


def _relative(a, b):
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(b), 1e-300)))


def assert_parity(ours, theirs, rtol=1e-8, coef_rtol=1e-7):
    """The same grid, held-out errors and choice as scikit-learn; the final models agree."""
    assert ours.mse_path_.shape == theirs.mse_path_.shape
    assert ours.alphas_.shape == theirs.alphas_.shape
    np.testing.assert_allclose(ours.alphas_, theirs.alphas_, rtol=1e-12)
    np.testing.assert_allclose(ours.mse_path_, theirs.mse_path_, rtol=rtol)
    assert ours.alpha_ == pytest.approx(theirs.alpha_, rel=1e-8)
    scale = np.max(np.abs(theirs.coef_))
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=0, atol=coef_rtol * scale)
    assert float(ours.intercept_) == pytest.approx(float(theirs.intercept_), rel=1e-8, abs=1e-8)


# --------------------------------------------------------------------------------------
# scikit-learn parity
# --------------------------------------------------------------------------------------

@pytest.mark.parametrize("grid", ["fixed", "default"])
def test_lasso_cv_matches_sklearn_on_diabetes(grid):
    X, y, _ = load_diabetes(standardize=True)
    kw = dict(alphas=np.geomspace(20.0, 0.01, 60)) if grid == "fixed" else {}
    ours = LassoCV(**kw, **TIGHT).fit(X, y)
    theirs = sk().LassoCV(**kw, **TIGHT).fit(X, y)
    assert ours.mse_path_.shape == (ours.alphas_.size, 5)
    assert_parity(ours, theirs)
    assert ours.cv_mean_ == pytest.approx(theirs.mse_path_.mean(axis=1), rel=1e-8)


@pytest.mark.parametrize("shape", [(300, 20), (60, 200)], ids=["tall", "wide"])
def test_lasso_cv_matches_sklearn_on_random_problems(shape):
    X, y = _problem(*shape, seed=1)
    cv = model_selection().KFold(4, shuffle=True, random_state=0)
    eps = 1e-2  # scikit-learn's CD stalls short of tol=1e-12 below that on the wide problem
    ours = LassoCV(cv=cv, n_alphas=30, eps=eps, **TIGHT).fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a fair comparison needs scikit-learn converged
        theirs = sk().LassoCV(cv=cv, alphas=30, eps=eps, **TIGHT).fit(X, y)
    assert_parity(ours, theirs)


@pytest.mark.parametrize("shape", [(300, 20), (60, 200)], ids=["tall", "wide"])
def test_elastic_net_cv_matches_sklearn_with_an_l1_ratio_list(shape):
    X, y = _problem(*shape, seed=2, noise=3.0)
    ratios = [0.2, 0.7, 1.0]
    ours = ElasticNetCV(l1_ratio=ratios, cv=3, n_alphas=20, eps=1e-2, **TIGHT).fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        theirs = sk().ElasticNetCV(l1_ratio=ratios, cv=3, alphas=20, eps=1e-2,
                                   **TIGHT).fit(X, y)
    assert ours.mse_path_.shape == (3, 20, 3)
    assert ours.alphas_.shape == (3, 20)
    assert ours.cv_mean_.shape == ours.cv_std_.shape == (3, 20)
    assert_parity(ours, theirs)
    assert ours.l1_ratio_ == theirs.l1_ratio_


def test_elastic_net_cv_fixed_grid_and_l1_ratio_zero_match_sklearn():
    X, y = _problem(120, 15, seed=3)
    alphas = np.geomspace(10.0, 0.01, 25)
    for ratio in ([0.1, 0.5, 1.0], 0.0):
        ours = ElasticNetCV(l1_ratio=ratio, alphas=alphas, **TIGHT).fit(X, y)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # scikit-learn's warnings about l1_ratio=0
            theirs = sk().ElasticNetCV(l1_ratio=ratio, alphas=alphas, **TIGHT).fit(X, y)
        assert ours.alphas_.shape == (25,)  # a given grid: one row for every l1_ratio
        assert_parity(ours, theirs)


@pytest.mark.parametrize("case", ["sample_weight", "TimeSeriesSplit", "no_intercept", "positive",
                                  "ShuffleSplit"])
def test_lasso_cv_matches_sklearn_options(case):
    X, y = _problem(120, 15, seed=4)
    ms = model_selection()
    kw, fit = {}, {}
    if case == "sample_weight":
        fit["sample_weight"] = np.random.default_rng(0).uniform(0.2, 3.0, y.size)
    elif case == "TimeSeriesSplit":  # folds that leave samples out
        kw["cv"] = ms.TimeSeriesSplit(4)
    elif case == "no_intercept":
        kw["fit_intercept"] = False
    elif case == "positive":
        kw["positive"] = True
    else:
        kw["cv"] = ms.ShuffleSplit(3, test_size=0.3, random_state=0)
    ours = LassoCV(**kw, **TIGHT).fit(X, y, **fit)
    theirs = sk().LassoCV(**kw, **TIGHT).fit(X, y, **fit)
    assert_parity(ours, theirs)


def test_sparse_X_gives_the_dense_result_and_sklearn_s():
    sp = pytest.importorskip("scipy.sparse")
    Xs = sp.random(200, 30, density=0.2, random_state=1, format="csr")
    y = Xs @ np.random.default_rng(0).standard_normal(30) + np.random.default_rng(1).standard_normal(200)
    ours = LassoCV(**TIGHT).fit(Xs, y)
    dense = LassoCV(**TIGHT).fit(Xs.toarray(), y)
    np.testing.assert_allclose(ours.mse_path_, dense.mse_path_, rtol=1e-8)
    assert ours.alpha_ == dense.alpha_
    assert_parity(ours, sk().LassoCV(**TIGHT).fit(Xs, y))


# --------------------------------------------------------------------------------------
# glmnet's choices: foldid, the one-standard-error rule
# --------------------------------------------------------------------------------------

def test_foldid_against_a_hand_computed_cross_validation():
    X, y = _problem(90, 12, seed=5)
    rng = np.random.default_rng(7)
    foldid = rng.permutation(np.arange(90) % 4) + 1  # glmnet's labels 1..4
    alphas = np.geomspace(2.0, 0.01, 12)
    model = LassoCV(alphas=alphas, foldid=foldid, **TIGHT).fit(X, y)
    assert model.mse_path_.shape == (12, 4)
    for k, label in enumerate(np.unique(foldid)):
        train, test = foldid != label, foldid == label
        for i, a in enumerate(model.alphas_):
            fit = Lasso(alpha=a, **TIGHT).fit(X[train], y[train])
            mse = np.mean((y[test] - fit.predict(X[test])) ** 2)
            assert model.mse_path_[i, k] == pytest.approx(mse, rel=1e-9)
    # foldid overrides cv, and any labels name the same folds
    other = LassoCV(alphas=alphas, foldid=foldid - 1, cv=model_selection().KFold(3),
                    **TIGHT).fit(X, y)
    np.testing.assert_array_equal(other.mse_path_, model.mse_path_)
    # the full data's path at alpha_ is the model
    full = Lasso(alpha=model.alpha_, **TIGHT).fit(X, y)
    np.testing.assert_allclose(model.coef_, full.coef_, rtol=0, atol=1e-9)


def test_one_standard_error_rule_by_hand():
    X, y = _problem(150, 30, seed=6, noise=4.0)
    model = LassoCV(cv=10, n_alphas=50, **TIGHT).fit(X, y)
    errors = model.mse_path_
    k = errors.shape[1]
    np.testing.assert_allclose(model.cv_mean_, errors.mean(axis=1), rtol=1e-14)
    np.testing.assert_allclose(model.cv_std_, errors.std(axis=1, ddof=1) / np.sqrt(k), rtol=1e-12)
    i_min = int(np.argmin(model.cv_mean_))
    threshold = model.cv_mean_[i_min] + model.cv_std_[i_min]
    i_1se = int(np.flatnonzero(model.cv_mean_ <= threshold)[0])  # the grid decreases
    assert model.alpha_ == model.alpha_min_ == model.alphas_[i_min]
    assert model.alpha_1se_ == model.alphas_[i_1se]
    assert i_1se < i_min, "this problem's 1-SE alpha should be larger than its minimum"

    sparse = LassoCV(cv=10, n_alphas=50, selection_rule="1se", **TIGHT).fit(X, y)
    assert sparse.alpha_ == sparse.alpha_1se_ == model.alpha_1se_
    np.testing.assert_array_equal(sparse.mse_path_, model.mse_path_)
    assert np.count_nonzero(sparse.coef_) <= np.count_nonzero(model.coef_)
    full = Lasso(alpha=sparse.alpha_, **TIGHT).fit(X, y)
    np.testing.assert_allclose(sparse.coef_, full.coef_, rtol=0, atol=1e-9)


def test_the_thread_count_does_not_change_anything():
    X, y = _problem(400, 40, seed=8)
    cv = model_selection().KFold(6, shuffle=True, random_state=1)
    fits = [ElasticNetCV(l1_ratio=[0.5, 1.0], cv=cv, n_alphas=30, n_jobs=j).fit(X, y)
            for j in (1, 2, None, -1)]
    for other in fits[1:]:
        for name in ("mse_path_", "cv_mean_", "cv_std_", "coef_", "alphas_"):
            np.testing.assert_array_equal(getattr(other, name), getattr(fits[0], name))
        assert other.intercept_ == fits[0].intercept_
        assert (other.alpha_, other.alpha_1se_, other.l1_ratio_) == \
            (fits[0].alpha_, fits[0].alpha_1se_, fits[0].l1_ratio_)


# --------------------------------------------------------------------------------------
# Other losses, scoring, float32, progress
# --------------------------------------------------------------------------------------

def _heavy_tailed(n=240, p=30, seed=9):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p))
    w = np.zeros(p)
    w[:4] = [2.0, -1.5, 1.0, 1.0]
    y = X @ w + rng.standard_t(2, n)
    return X, y, w


@pytest.mark.parametrize("loss", [dict(loss="huber", delta=1.0),
                                  dict(loss="quantile", quantile=0.5),
                                  dict(loss="quantile", quantile=0.8)],
                         ids=["huber", "median", "q0.8"])
def test_robust_losses_pick_a_sensible_alpha(loss):
    X, y, w = _heavy_tailed()
    model = RegularizedRegressorCV(**loss, n_alphas=25, cv=5).fit(X, y)
    m = model.cv_mean_
    i = int(np.flatnonzero(model.alphas_ == model.alpha_)[0])
    assert 0 < i < m.size - 1, "the minimum should be inside the grid"
    assert m[i] < m[0] and m[i] < m[-1]
    assert (model.coef_[:4] != 0).all(), "the true features are kept"
    assert np.abs(model.coef_[:4] - w[:4]).max() < 0.5 + abs(loss.get("quantile", 0.5) - 0.5)
    assert model.alpha_1se_ >= model.alpha_


@pytest.mark.parametrize("loss", ["huber", "quantile", "l1"])
def test_held_out_error_of_each_loss_by_hand(loss):
    X, y, _ = _heavy_tailed(n=80, p=6, seed=10)
    foldid = np.arange(80) % 3
    params = dict(loss=loss, delta=1.2, quantile=0.3, tol=1e-10, max_iter=100_000)
    alphas = np.array([0.3, 0.05, 0.01])
    model = RegularizedRegressorCV(alphas=alphas, foldid=foldid, **params).fit(X, y)

    def error(r):
        if loss == "huber":
            a = np.abs(r)
            return np.where(a <= 1.2, 0.5 * r * r, 1.2 * (a - 0.6))
        if loss == "quantile":
            return np.maximum(0.3 * r, (0.3 - 1) * r)
        return np.abs(r)

    for k in range(3):
        train, test = foldid != k, foldid == k
        for i, a in enumerate(alphas):
            fit = RegularizedRegressor(alpha=a, **params).fit(X[train], y[train])
            expected = error(y[test] - fit.predict(X[test])).mean()
            assert model.cv_path_[i, k] == pytest.approx(expected, rel=1e-6, abs=1e-10)


def test_scoring_reproduces_the_library_s_error_and_takes_callables():
    pytest.importorskip("sklearn")
    X, y, _ = _heavy_tailed(n=120, p=10, seed=11)
    base = RegularizedRegressorCV(n_alphas=15, cv=4, tol=1e-10).fit(X, y)
    scored = RegularizedRegressorCV(n_alphas=15, cv=4, tol=1e-10,
                                    scoring="neg_mean_squared_error").fit(X, y)
    np.testing.assert_allclose(scored.cv_path_, base.cv_path_, rtol=1e-10)
    assert (scored.alpha_, scored.alpha_1se_) == (base.alpha_, base.alpha_1se_)
    # The library's run builds its Grams from shared fold blocks, the scored one from scratch:
    # the same fit to rounding.
    np.testing.assert_allclose(scored.coef_, base.coef_, rtol=1e-12, atol=1e-15)

    lad = RegularizedRegressorCV(loss="l1", n_alphas=8, cv=3).fit(X, y)
    lad_scored = RegularizedRegressorCV(loss="l1", n_alphas=8, cv=3,
                                        scoring="neg_mean_absolute_error").fit(X, y)
    np.testing.assert_allclose(lad_scored.cv_path_, lad.cv_path_, rtol=1e-10)
    assert lad_scored.alpha_ == lad.alpha_

    def max_error(estimator, X_, y_):
        return -np.max(np.abs(y_ - estimator.predict(X_)))

    worst = RegularizedRegressorCV(n_alphas=10, cv=3, scoring=max_error).fit(X, y)
    assert worst.cv_path_.shape == (10, 3) and (worst.cv_path_ > 0).all()

    sw = np.random.default_rng(0).uniform(0.5, 2.0, y.size)
    weighted = RegularizedRegressorCV(n_alphas=10, cv=3, tol=1e-10).fit(X, y, sample_weight=sw)
    weighted_scored = RegularizedRegressorCV(n_alphas=10, cv=3, tol=1e-10,
                                             scoring="neg_mean_squared_error").fit(
        X, y, sample_weight=sw)
    np.testing.assert_allclose(weighted_scored.cv_path_, weighted.cv_path_, rtol=1e-10)


def test_float32_fits_in_float32_and_agrees_with_float64():
    X, y = _problem(200, 15, seed=12)
    X32, y32 = X.astype(np.float32), y.astype(np.float32)
    model = LassoCV(n_alphas=30, **TIGHT).fit(X32, y32)
    assert model.coef_.dtype == np.float32 and model.intercept_.dtype == np.float32
    ref = LassoCV(n_alphas=30, **TIGHT).fit(X32.astype(np.float64), y32.astype(np.float64))
    np.testing.assert_allclose(model.alphas_, ref.alphas_, rtol=1e-6)
    np.testing.assert_allclose(model.mse_path_, ref.mse_path_, rtol=1e-5)
    assert model.alpha_ == pytest.approx(ref.alpha_, rel=1e-6)
    np.testing.assert_allclose(model.coef_, ref.coef_, rtol=0, atol=1e-5 * np.abs(ref.coef_).max())
    huber = RegularizedRegressorCV(loss="huber", n_alphas=10).fit(X32, y32)
    assert huber.coef_.dtype == np.float32
    assert huber.predict(X32).dtype == np.float32


def test_verbose_draws_a_progress_bar_on_stderr(capsys):
    X, y = _problem(60, 5, seed=13)
    LassoCV(cv=3, n_alphas=10, verbose=True).fit(X, y)
    err = capsys.readouterr().err
    assert err.startswith("\rLassoCV: [") and err.endswith("\n")
    assert "40/40 alphas (full path + folds)" in err  # (3 folds + the full path) x 10
    RegularizedRegressorCV(loss="huber", cv=3, n_alphas=5, verbose=1,
                           scoring="neg_mean_absolute_error").fit(X, y)
    assert "20/20 alphas" in capsys.readouterr().err


def test_attributes_and_predictions():
    X, y = _problem(100, 8, seed=14)
    model = ElasticNetCV(l1_ratio=0.7, cv=4, n_alphas=20).fit(X, y)
    assert model.mse_path_.shape == (20, 4) and model.alphas_.shape == (20,)
    assert model.l1_ratio_ == 0.7 and not hasattr(LassoCV().fit(X, y), "l1_ratio_")
    assert isinstance(model.n_iter_, int) and model.dual_gap_ >= 0
    assert model.predict(X).shape == (100,) and model.score(X, y) > 0.9
    direct = ElasticNet(alpha=model.alpha_, l1_ratio=0.7, tol=1e-10).fit(X, y)
    np.testing.assert_allclose(model.coef_, direct.coef_, atol=1e-3)


# --------------------------------------------------------------------------------------
# Bad input: each a clear error
# --------------------------------------------------------------------------------------

def test_cv_larger_than_n_samples():
    X, y = _problem(6, 3)
    with pytest.raises(ValueError, match=r"n_splits=10 greater than the number of samples: "
                                         r"n_samples=6"):
        LassoCV(cv=10).fit(X, y)
    with pytest.raises(ValueError, match="cv must be at least 2 folds"):
        LassoCV(cv=1).fit(X, y)


def test_empty_folds():
    X, y = _problem(20, 3)
    idx = np.arange(20)
    with pytest.raises(ValueError, match="split 1 has an empty test fold"):
        LassoCV(cv=[(idx[:10], idx[10:]), (idx, idx[:0])]).fit(X, y)
    with pytest.raises(ValueError, match="split 0 has no training sample"):
        LassoCV(cv=[(idx[:0], idx[10:]), (idx[10:], idx[:10])]).fit(X, y)
    with pytest.raises(ValueError, match="sample 5 is in both the training and the test"):
        LassoCV(cv=[(idx[:10], idx[5:]), (idx[10:], idx[:10])]).fit(X, y)
    with pytest.raises(ValueError, match="gave 1 split; cross-validation needs at least 2"):
        LassoCV(cv=model_selection().ShuffleSplit(1, random_state=0)).fit(X, y)
    with pytest.raises(ValueError, match="foldid must name at least 2 folds, got 1"):
        LassoCV(foldid=np.ones(20, dtype=int)).fit(X, y)


def test_foldid_of_the_wrong_length():
    X, y = _problem(20, 3)
    with pytest.raises(ValueError, match=r"foldid must have one fold label per sample: "
                                         r"n_samples = 20 values, got 19"):
        LassoCV(foldid=np.arange(19) % 3).fit(X, y)
    with pytest.raises(TypeError, match="foldid must hold integer fold labels"):
        LassoCV(foldid=np.linspace(0, 1, 20)).fit(X, y)


def test_group_splitters_need_groups_with_several_values():
    X, y = _problem(30, 3)
    ms = model_selection()
    with pytest.raises(ValueError, match=r"n_splits=3 greater than the number of groups: 1"):
        LassoCV(cv=ms.GroupKFold(3)).fit(X, y, groups=np.zeros(30))
    with pytest.raises(ValueError, match="groups"):
        LassoCV(cv=ms.GroupKFold(3)).fit(X, y)
    groups = np.arange(30) % 5
    model = LassoCV(cv=ms.GroupKFold(5), n_alphas=10).fit(X, y, groups=groups)
    ref = LassoCV(foldid=None, cv=list(ms.GroupKFold(5).split(X, y, groups)), n_alphas=10).fit(X, y)
    np.testing.assert_array_equal(model.mse_path_, ref.mse_path_)


def test_l1_ratio_zero_needs_a_grid():
    X, y = _problem(30, 3)
    for ratio in (0.0, [0.5, 0.0]):
        with pytest.raises(ValueError, match=r"not supported for l1_ratio=0"):
            ElasticNetCV(l1_ratio=ratio).fit(X, y)
    with pytest.raises(ValueError, match=r"l1_ratio\[1\] must be in \[0, 1\]"):
        ElasticNetCV(l1_ratio=[0.5, 1.5]).fit(X, y)
    with pytest.raises(ValueError, match="penalty='l2' has none: pass the alphas"):
        RegularizedRegressorCV(penalty="l2").fit(X, y)
    with pytest.raises(ValueError, match="huber_scaled' has no default alpha grid"):
        RegularizedRegressorCV(loss="huber_scaled").fit(X, y)
    with pytest.raises(ValueError, match="no alpha to cross-validate"):
        RegularizedRegressorCV(penalty=None, alphas=[1.0]).fit(X, y)
    ridge = RegularizedRegressorCV(penalty="l2", alphas=[10.0, 1.0, 0.1], cv=3).fit(X, y)
    assert ridge.alpha_ in (10.0, 1.0, 0.1)


def test_other_bad_parameters():
    X, y = _problem(30, 3)
    with pytest.raises(ValueError, match="selection_rule must be 'min' or '1se'"):
        LassoCV(selection_rule="max").fit(X, y)
    with pytest.raises(ValueError, match="n_jobs == 0"):
        LassoCV(n_jobs=0).fit(X, y)
    with pytest.raises(ValueError, match="cv must be None, an int, a splitter"):
        LassoCV(cv="five").fit(X, y)
    with pytest.raises(ValueError, match="eps must be in"):
        LassoCV(eps=0.0).fit(X, y)
    with pytest.raises(ValueError, match="y should be a 1d array"):
        LassoCV().fit(X, np.c_[y, y])


# --------------------------------------------------------------------------------------
# scikit-learn's estimator checks
# --------------------------------------------------------------------------------------

if parametrize_with_checks is not None:
    with warnings.catch_warnings():  # "... does not inherit from BaseEstimator": by design
        warnings.filterwarnings("ignore", message="Estimator .* does not inherit from")
        _checks = parametrize_with_checks([
            LassoCV(cv=3, n_alphas=10),
            ElasticNetCV(cv=3, l1_ratio=[0.5, 1.0], n_alphas=10),
            # A tight tol: the sample-weight equivalence checks compare two paths (weights vs
            # repeated rows) that agree only to within tol; sparse Huber fits need the sweeps.
            RegularizedRegressorCV(loss="huber", cv=3, n_alphas=5, tol=1e-10, max_iter=20_000),
        ])

    @pytest.mark.filterwarnings("ignore::swiftreg.linear_model.ConvergenceWarning")
    @_checks
    def test_sklearn_estimator_checks(estimator, check):
        check(estimator)
