"""scipy.sparse X end to end: every estimator and path of swiftreg.linear_model reads a sparse
X (compressed sparse columns, SR_LAYOUT_CSC, passed in place when it already is CSC with a
float dtype and int32/int64 indices) and gives the dense fit's answer.

- dense and sparse fits agree across every loss x penalty cell of RegularizedRegressor, with
  and without intercept, sample weights, per-feature factors and bounds, float64 and float32;
- the named presets, paths, predict/score, and scikit-learn's sparse Lasso/ElasticNet;
- every scipy format (matrix and array), integer/bool data, int32/int64 indices, duplicates;
- the no-copy rule (the pointers the library is given are X's own arrays);
- hostile structures and values give their own error naming the array and position, and leave
  the caller's arrays as they were;
- scipy stays optional (``import swiftreg`` with scipy blocked), and swiftreg.dask refuses
  sparse chunks with a TypeError that says what to do.
"""
from __future__ import annotations

import ctypes
import subprocess
import sys
import warnings

import numpy as np
import pytest

sp = pytest.importorskip("scipy.sparse")

from swiftreg import _bindings as _b  # noqa: E402
from swiftreg import _errors  # noqa: E402
from swiftreg.linear_model import (  # noqa: E402
    ElasticNet, HuberRegressor, LADRegression, Lasso, QuantileRegressor, RegularizedRegressor,
    Ridge, enet_path, lasso_path, regularization_path,
)
from swiftreg.linear_model import _general  # noqa: E402

N, P = 40, 9


def _data(seed=0, n=N, p=P, density=0.35, dtype=np.float64):
    """A sparse design with a planted model: X (CSC, canonical), its dense copy, y."""
    rng = np.random.default_rng(seed)
    dense = rng.standard_normal((n, p)) * (rng.random((n, p)) < density)
    dense[0, :] = rng.standard_normal(p)  # no empty column
    w = np.array([1.5, -2.0, 0.0, 0.7, 0.0, -0.4, 1.0, 0.0, 0.3])[:p]
    y = dense @ w + 0.5 + 0.3 * rng.standard_normal(n)
    y[3] += 4.0  # an outlier for the robust losses
    X = sp.csc_matrix(dense.astype(dtype))
    return X, X.toarray(), y.astype(dtype)


X_S, X_D, Y = _data()
RNG = np.random.default_rng(7)
SW = RNG.uniform(0.2, 2.0, N)
PF = np.array([1.0, 0.5, 2.0, 1.0, 0.0, 1.0, 1.5, 1.0, 1.0])
LOWER = np.array([-np.inf, -1.0, 0.0, -np.inf, -np.inf, 0.0, -np.inf, -0.5, -np.inf])
UPPER = np.array([1.0, np.inf, np.inf, 0.5, np.inf, np.inf, 0.8, np.inf, np.inf])


def _close(a, b, rtol, scale=None):
    """max|a - b| <= rtol * max(1, max|b|): relative agreement, zeros included."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    scale = max(1.0, float(np.max(np.abs(b)))) if scale is None else scale
    err = float(np.max(np.abs(a - b))) if a.size else 0.0
    assert err <= rtol * scale, f"max |sparse - dense| = {err:.3e} > {rtol:g} * {scale:.3g}"


# Every cell is held to 1e-10 in the coefficients and 1e-12 in the objective. (At a tolerance
# near rounding, the general coordinate descent keeps sweeping after its gap is reached until
# the coefficients stop moving: a gap resolved to about 1e-16·F alone would leave them about
# 1e-8 from the optimum.)


def _fit_pair(make, X_sparse, X_dense, y, **fit_kw):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a ConvergenceWarning here is a failure
        s = make().fit(X_sparse, y, **fit_kw)
        d = make().fit(X_dense, y, **fit_kw)
    return s, d


# --------------------------------------------------------------------------------------
# Every loss x penalty cell of the general model
# --------------------------------------------------------------------------------------

_LOSSES = ["l2", "l1", "quantile", "huber"]
_PENALTIES = [None, "l1", "l2", "elasticnet"]
_ALPHA = {"l2": 0.05, "l1": 0.02, "quantile": 0.02, "huber": 0.03}
_VARIANTS = ["plain", "weights", "factors", "bounds"]


def _general_kwargs(loss, penalty, variant, fit_intercept):
    # tol=1e-12: the interior point certifies bounded LPs to about 1e-14·F, no further.
    kw = dict(loss=loss, penalty=penalty, alpha=_ALPHA[loss], l1_ratio=0.6, quantile=0.3,
              delta=0.8, fit_intercept=fit_intercept, tol=1e-12 if loss in ("l1", "quantile")
              else 1e-14, max_iter=100_000)
    if variant == "factors":
        kw.update(penalty_factor=PF, l2_penalty_factor=PF[::-1].copy())
    elif variant == "bounds":
        kw.update(lower_bounds=LOWER, upper_bounds=UPPER)
    return kw


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("variant", _VARIANTS)
@pytest.mark.parametrize("penalty", _PENALTIES)
@pytest.mark.parametrize("loss", _LOSSES)
def test_general_model_sparse_equals_dense(loss, penalty, variant, fit_intercept):
    kw = _general_kwargs(loss, penalty, variant, fit_intercept)
    fit_kw = {"sample_weight": SW} if variant == "weights" else {}
    s, d = _fit_pair(lambda: RegularizedRegressor(**kw), X_S, X_D, Y, **fit_kw)
    assert s.converged_ and d.converged_
    assert s.solver_ == d.solver_ or (s.solver_, d.solver_) == ("cd", "cholesky")
    rtol = 1e-10
    _close(s.objective_, d.objective_, 1e-12, scale=abs(d.objective_))
    _close(s.coef_, d.coef_, rtol)
    _close(s.intercept_, d.intercept_, rtol)
    if variant == "bounds":
        assert np.all(s.coef_ >= LOWER) and np.all(s.coef_ <= UPPER)
    _close(s.predict(X_S), d.predict(X_D), rtol)


@pytest.mark.parametrize("loss, penalty", [("l2", None), ("l2", "l2"), ("l2", "elasticnet"),
                                           ("huber", "elasticnet")])
def test_sparse_coefficients_to_1e10(loss, penalty):
    kw = _general_kwargs(loss, penalty, "plain", True)
    s, d = _fit_pair(lambda: RegularizedRegressor(**kw), X_S, X_D, Y)
    _close(s.coef_, d.coef_, 1e-10)


@pytest.mark.parametrize("loss", _LOSSES + ["huber_scaled"])
def test_general_model_float32(loss):
    X32, Xd32, y32 = _data(dtype=np.float32)
    kw = dict(loss=loss, penalty="elasticnet", alpha=_ALPHA.get(loss, 0.03), l1_ratio=0.5,
              tol=1e-7, max_iter=100_000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # float32 may stop at its rounding level
        s = RegularizedRegressor(**kw).fit(X32, y32)
        d = RegularizedRegressor(**kw).fit(Xd32, y32)
    assert s.coef_.dtype == np.float32 and s.predict(X32).dtype == np.float32
    _close(s.coef_, d.coef_, 2e-4)
    _close(s.intercept_, d.intercept_, 2e-4)


def test_huber_scaled_sparse_equals_dense():
    kw = dict(loss="huber_scaled", penalty="elasticnet", alpha=0.01, l1_ratio=0.3, delta=1.35,
              tol=1e-14, max_iter=100_000)
    s, d = _fit_pair(lambda: RegularizedRegressor(**kw), X_S, X_D, Y, sample_weight=SW)
    _close(s.objective_, d.objective_, 1e-12, scale=abs(d.objective_))
    _close(s.coef_, d.coef_, 1e-10)
    _close(s.scale_, d.scale_, 1e-10)


# --------------------------------------------------------------------------------------
# The named estimators
# --------------------------------------------------------------------------------------

_PRESETS = {
    "Lasso": lambda: Lasso(alpha=0.05, tol=1e-14, max_iter=100_000),
    "Lasso-positive": lambda: Lasso(alpha=0.02, positive=True, tol=1e-14, max_iter=100_000),
    "Lasso-nointercept": lambda: Lasso(alpha=0.05, fit_intercept=False, tol=1e-14, max_iter=100_000),
    "Lasso-random": lambda: Lasso(alpha=0.05, selection="random", random_state=0, tol=1e-14,
                                  max_iter=100_000),
    "Lasso-gram": lambda: Lasso(alpha=0.05, precompute=True, tol=1e-14, max_iter=100_000),
    "ElasticNet": lambda: ElasticNet(alpha=0.05, l1_ratio=0.3, penalty_factor=PF, tol=1e-14,
                                     max_iter=100_000),
    "Ridge": lambda: Ridge(alpha=0.7),
    "Ridge-positive": lambda: Ridge(alpha=0.7, positive=True),
    "Ridge-lsqr": lambda: Ridge(alpha=2.0, solver="lsqr", fit_intercept=False),
    "LADRegression": lambda: LADRegression(alpha=0.01),
    "LADRegression-enet": lambda: LADRegression(alpha=0.01, l1_ratio=0.5),
    "QuantileRegressor": lambda: QuantileRegressor(quantile=0.7, alpha=0.01),
    "HuberRegressor": lambda: HuberRegressor(alpha=0.01, tol=1e-14, max_iter=100_000),
}


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("name", sorted(_PRESETS))
def test_presets_sparse_equals_dense(name, weighted):
    fit_kw = {"sample_weight": SW} if weighted else {}
    s, d = _fit_pair(_PRESETS[name], X_S, X_D, Y, **fit_kw)
    rtol = 1e-10
    _close(s.coef_, d.coef_, rtol)
    _close(s.intercept_, d.intercept_, rtol)
    _close(s.predict(X_S), d.predict(X_D), rtol)
    assert s.score(X_S, Y) == pytest.approx(d.score(X_D, Y), rel=rtol)
    if name == "HuberRegressor":
        assert (s.outliers_ == d.outliers_).all()
        _close(s.scale_, d.scale_, rtol)


def test_multi_output_and_warm_start():
    Y2 = np.column_stack([Y, -2.0 * Y + 1.0])
    s, d = _fit_pair(lambda: ElasticNet(alpha=0.05, tol=1e-14, max_iter=100_000), X_S, X_D, Y2)
    assert s.coef_.shape == (2, P) and s.intercept_.shape == (2,)
    _close(s.coef_, d.coef_, 1e-10)
    _close(s.predict(X_S), d.predict(X_D), 1e-10)
    est = Lasso(alpha=0.05, warm_start=True, tol=1e-14, max_iter=100_000).fit(X_S, Y)
    first = est.coef_.copy()
    est.set_params(alpha=0.04).fit(X_S, Y)
    _close(est.coef_, Lasso(alpha=0.04, tol=1e-14, max_iter=100_000).fit(X_D, Y).coef_, 1e-10)
    assert not np.array_equal(first, est.coef_)


def test_ridge_sparse_uses_coordinate_descent():
    s = Ridge(alpha=0.7).fit(X_S, Y)
    d = Ridge(alpha=0.7).fit(X_D, Y)
    assert (s.solver_, d.solver_) == ("cd", "cholesky")
    assert s.n_iter_ is not None and d.n_iter_ is None
    for solver in ("svd", "cholesky"):
        with pytest.raises(ValueError, match=f"solver='{solver}'.*X is sparse"):
            Ridge(solver=solver).fit(X_S, Y)
        assert Ridge(solver=solver).__sklearn_tags__().input_tags.sparse is False
    assert Ridge().__sklearn_tags__().input_tags.sparse is True


@pytest.mark.parametrize("make", [
    lambda: Lasso(solver="fista"), lambda: ElasticNet(solver="subgradient"),
    lambda: RegularizedRegressor(penalty="l2", solver="cholesky"),
    lambda: RegularizedRegressor(solver="fista"),
])
def test_dense_only_solvers_refuse_sparse_X(make):
    with pytest.raises(ValueError, match="needs a dense X, and X is sparse"):
        make().fit(X_S, Y)
    assert make().__sklearn_tags__().input_tags.sparse is False


def test_general_model_auto_solver_takes_sparse_X():
    """solver="auto" with the squared loss and an L2 penalty alone is a Cholesky solve for a
    dense X; for a sparse X it must pick a method that reads it."""
    s, d = _fit_pair(lambda: RegularizedRegressor(penalty="l2", alpha=0.1, tol=1e-14,
                                                  max_iter=100_000), X_S, X_D, Y)
    assert s.solver_ == "cd"
    _close(s.coef_, d.coef_, 1e-10)


# --------------------------------------------------------------------------------------
# Paths
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("fit_intercept", [False, True])
def test_lasso_and_enet_path_sparse_equals_dense(fit_intercept):
    kw = dict(n_alphas=12, eps=1e-2, tol=1e-14, max_iter=100_000, fit_intercept=fit_intercept,
              return_intercept=True)
    for fn, extra in ((lasso_path, {}), (enet_path, {"l1_ratio": 0.4, "penalty_factor": PF})):
        a_s, c_s, _, b_s = fn(X_S, Y, sample_weight=SW, **kw, **extra)
        a_d, c_d, _, b_d = fn(X_D, Y, sample_weight=SW, **kw, **extra)
        rtol = 1e-10
        _close(a_s, a_d, 1e-12)  # the default grid: alpha_max from the sparse columns
        _close(c_s, c_d, rtol)
        _close(b_s, b_d, rtol)
        assert c_s.shape == (P, 12)


@pytest.mark.parametrize("loss", _LOSSES)
def test_regularization_path_sparse_equals_dense(loss):
    kw = dict(loss=loss, penalty="elasticnet", l1_ratio=0.7, n_alphas=6, eps=0.05,
              tol=1e-14, max_iter=100_000, quantile=0.4)
    a_s, c_s, b_s, _ = regularization_path(X_S, Y, **kw)
    a_d, c_d, b_d, _ = regularization_path(X_D, Y, **kw)
    rtol = 1e-10
    _close(a_s, a_d, 1e-12)
    _close(c_s, c_d, rtol)
    if loss in ("l1", "quantile"):
        # Near alpha_max the intercept of these linear losses is not unique (any b in an
        # interval of weighted quantiles is optimal; the interior point stops inside it): the
        # objective is what must agree.
        tau = None if loss == "l1" else 0.4
        for k in range(len(a_s)):
            f_s, f_d = (_objective(X_D, Y, c[:, k], b[k], a_s[k], tau) for c, b in
                        ((c_s, b_s), (c_d, b_d)))
            _close(f_s, f_d, 1e-12, scale=abs(f_d))
    else:
        _close(b_s, b_d, rtol)


def _objective(X, y, w, b, alpha, tau, l1_ratio=0.7):
    """The absolute (tau None) or quantile loss + elastic net, as the library states them."""
    r = y - X @ w - b
    loss = np.mean(np.abs(r)) if tau is None else np.mean(np.maximum(tau * r, (tau - 1) * r))
    return loss + alpha * (
        l1_ratio * np.abs(w).sum() + 0.5 * (1 - l1_ratio) * (w @ w))


def test_path_float32():
    X32, Xd32, y32 = _data(dtype=np.float32)
    a_s, c_s, _ = lasso_path(X32, y32, n_alphas=8, tol=1e-6)
    a_d, c_d, _ = lasso_path(Xd32, y32, n_alphas=8, tol=1e-6)
    assert c_s.dtype == np.float32
    _close(a_s, a_d, 1e-5)
    _close(c_s, c_d, 1e-3)


# --------------------------------------------------------------------------------------
# scikit-learn's sparse Lasso and ElasticNet
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("kind", ["Lasso", "ElasticNet"])
def test_parity_with_sklearn_sparse(kind, weighted, fit_intercept):
    sk = pytest.importorskip("sklearn.linear_model")
    kw = dict(alpha=0.05, fit_intercept=fit_intercept, tol=1e-14, max_iter=200_000)
    if kind == "ElasticNet":
        kw["l1_ratio"] = 0.4
    fit_kw = {"sample_weight": SW} if weighted else {}
    ours = {"Lasso": Lasso, "ElasticNet": ElasticNet}[kind](**kw).fit(X_S, Y, **fit_kw)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # scikit-learn may warn at tol this small
        ref = getattr(sk, kind)(**kw).fit(X_S, Y, **fit_kw)
    rtol = 1e-8
    _close(ours.coef_, ref.coef_, rtol)
    _close(ours.intercept_, ref.intercept_, rtol)


# --------------------------------------------------------------------------------------
# Formats, dtypes, indices, duplicates
# --------------------------------------------------------------------------------------

_FORMATS = ["csc_matrix", "csc_array", "csr_matrix", "csr_array", "coo_matrix", "coo_array",
            "lil_matrix", "lil_array", "dok_matrix", "dok_array", "bsr_matrix", "bsr_array",
            "dia_matrix", "dia_array"]
_REF = Lasso(alpha=0.05, tol=1e-14, max_iter=100_000).fit(X_D, Y)


@pytest.mark.parametrize("fmt", _FORMATS)
def test_every_format(fmt):
    X = getattr(sp, fmt)(X_D)
    est = Lasso(alpha=0.05, tol=1e-14, max_iter=100_000).fit(X, Y)
    _close(est.coef_, _REF.coef_, 1e-10)
    _close(est.predict(X), _REF.predict(X_D), 1e-10)
    assert est.n_features_in_ == P


@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.uint8, np.bool_, np.longdouble])
def test_integer_and_bool_data_are_fitted_in_float64(dtype):
    dense = (np.abs(X_D) > 0.5).astype(dtype) if dtype is np.bool_ else \
        np.round(np.abs(X_D) * 3).astype(dtype)
    X = sp.csc_array(dense)
    est = Lasso(alpha=0.01, tol=1e-14, max_iter=100_000).fit(X, Y)
    ref = Lasso(alpha=0.01, tol=1e-14, max_iter=100_000).fit(dense, Y)
    assert est.coef_.dtype == np.float64
    _close(est.coef_, ref.coef_, 1e-10)
    assert X.dtype == dtype  # the caller's matrix is not converted in place


def _with_index_dtype(X, dtype):
    """X with index arrays of ``dtype`` (scipy's constructors narrow int64 indices that fit
    int32, so they are set afterwards, as scikit-learn's estimator checks do)."""
    X.indices = X.indices.astype(dtype)
    X.indptr = X.indptr.astype(dtype)
    assert X.indices.dtype == dtype and X.indptr.dtype == dtype
    return X


@pytest.mark.parametrize("index_dtype", [np.int32, np.int64])
@pytest.mark.parametrize("kind", [sp.csc_matrix, sp.csc_array])
def test_index_types(kind, index_dtype):
    X = _with_index_dtype(kind(X_S), index_dtype)
    est = Lasso(alpha=0.05, tol=1e-14, max_iter=100_000).fit(X, Y)
    _close(est.coef_, _REF.coef_, 1e-10)


def _unsorted():
    """X_S with the rows of every column in reverse order (scipy: not canonical)."""
    X = sp.csc_matrix((X_S.data.copy(), X_S.indices.copy(), X_S.indptr.copy()), shape=X_S.shape)
    for j in range(P):
        lo, hi = X.indptr[j], X.indptr[j + 1]
        X.indices[lo:hi] = X.indices[lo:hi][::-1].copy()
        X.data[lo:hi] = X.data[lo:hi][::-1].copy()
    X.has_sorted_indices = False
    return X


def test_duplicates_are_summed_and_unsorted_rows_accepted():
    # column j's entries split in two halves that add up to the original (duplicates), and
    # the rows of each column reversed (unsorted).
    X = X_S.copy()
    data, indices, indptr = [], [], [0]
    for j in range(P):
        lo, hi = X.indptr[j], X.indptr[j + 1]
        rows, vals = X.indices[lo:hi][::-1], X.data[lo:hi][::-1]
        data += list(0.25 * vals) + list(0.75 * vals)
        indices += list(rows) + list(rows)
        indptr.append(len(data))
    dup = sp.csc_matrix((np.array(data), np.array(indices, dtype=np.int32),
                         np.array(indptr, dtype=np.int32)), shape=X.shape)
    saved = [a.copy() for a in (dup.data, dup.indices, dup.indptr)]
    est = Lasso(alpha=0.05, tol=1e-14, max_iter=100_000).fit(dup, Y)
    _close(est.coef_, _REF.coef_, 1e-10)
    for a, b in zip(saved, (dup.data, dup.indices, dup.indptr)):
        assert np.array_equal(a, b)  # summed in a copy, not in the caller's matrix
    unsorted = _unsorted()
    assert not unsorted.has_canonical_format
    est = Lasso(alpha=0.05, tol=1e-14, max_iter=100_000).fit(unsorted, Y)
    _close(est.coef_, _REF.coef_, 1e-10)


def test_unsorted_csc_is_read_in_place(monkeypatch):
    unsorted = _unsorted()
    seen = _captured_problem(monkeypatch, unsorted)
    assert seen["X"] == unsorted.data.ctypes.data
    assert seen["indices"] == unsorted.indices.ctypes.data


def test_empty_columns_and_all_zero_X():
    dense = X_D.copy()
    dense[:, [2, 5]] = 0.0
    s, d = _fit_pair(lambda: Lasso(alpha=0.02, tol=1e-14, max_iter=100_000),
                     sp.csc_matrix(dense), dense, Y)
    _close(s.coef_, d.coef_, 1e-10)
    assert s.coef_[2] == 0.0 and s.coef_[5] == 0.0
    zero = sp.csc_matrix((N, P))
    assert zero.nnz == 0
    est = Lasso(alpha=0.1).fit(zero, Y)
    assert (est.coef_ == 0).all() and est.intercept_ == pytest.approx(Y.mean(), rel=1e-12)
    assert np.allclose(est.predict(zero), Y.mean())


# --------------------------------------------------------------------------------------
# No copy: the library reads X's own arrays
# --------------------------------------------------------------------------------------


def _captured_problem(monkeypatch, X, est=None):
    """The sr_problem_f64 fields the library was called with while fitting X."""
    seen = {}
    real = _b.sr_fit_f64

    def spy(problem, options, result):
        pr = problem._obj
        seen.update(layout=pr.layout, X=pr.X, nnz=pr.nnz, indptr=pr.indptr,
                    indices=pr.indices, index_type=pr.index_type)
        return real(problem, options, result)

    monkeypatch.setattr(_b, "sr_fit_f64", spy)
    (est or Lasso(alpha=0.05)).fit(X, Y)
    return seen


@pytest.mark.parametrize("kind", [sp.csc_matrix, sp.csc_array])
def test_csc_is_passed_without_a_copy(monkeypatch, kind):
    X64 = _with_index_dtype(kind(X_S), np.int64)
    seen = _captured_problem(monkeypatch, X64)
    assert seen["layout"] == _b.SR_LAYOUT_CSC and seen["nnz"] == X64.nnz
    assert seen["X"] == X64.data.ctypes.data
    assert seen["indices"] == X64.indices.ctypes.data
    assert seen["indptr"] == X64.indptr.ctypes.data
    assert seen["index_type"] == _b.SR_INDEX_INT64
    X32 = kind(X_S)  # scipy's int32 indices: only indptr (p + 1 values) is widened
    seen = _captured_problem(monkeypatch, X32)
    assert seen["X"] == X32.data.ctypes.data
    assert seen["indices"] == X32.indices.ctypes.data
    assert seen["index_type"] == _b.SR_INDEX_INT32
    assert seen["indptr"] != X32.indptr.ctypes.data


def test_converted_inputs_are_copies(monkeypatch):
    csr = sp.csr_matrix(X_D)
    seen = _captured_problem(monkeypatch, csr)
    assert seen["layout"] == _b.SR_LAYOUT_CSC and seen["X"] != csr.data.ctypes.data
    ints = sp.csc_matrix(np.round(X_D * 4).astype(np.int64))
    seen = _captured_problem(monkeypatch, ints)
    assert seen["X"] != ints.data.ctypes.data  # cast to float64
    assert seen["indices"] == ints.indices.ctypes.data  # the indices are still X's


def test_sparse_call_keeps_its_arrays_alive():
    call = _general._Call(sp.csr_matrix(X_D), Y, None, "t")
    sx = call.X
    assert call.problem.X == sx.data.ctypes.data and call.problem.nnz == sx.nnz
    assert call.problem.indptr == sx.indptr.ctypes.data


# --------------------------------------------------------------------------------------
# Hostile sparse input: each its own error, the caller's arrays unchanged
# --------------------------------------------------------------------------------------


def _fresh(index_dtype=np.int32):
    return _with_index_dtype(X_S.copy(), index_dtype)


def _arrays(X):
    return [np.array(a, copy=True) for a in (X.data, X.indices, X.indptr)]


def _assert_unchanged(before, X):
    for a, b in zip(before, (X.data, X.indices, X.indptr)):
        assert a.dtype == b.dtype and np.array_equal(a, b, equal_nan=True)


def _expect(X, exc, match, make=lambda: Lasso(alpha=0.05)):
    before = _arrays(X)
    with pytest.raises(exc, match=match):
        make().fit(X, Y)
    _assert_unchanged(before, X)


@pytest.mark.parametrize("make", [lambda: Lasso(alpha=0.05), lambda: LADRegression(alpha=0.01),
                                  lambda: HuberRegressor(), lambda: Ridge()])
def test_indptr_not_monotone(make):
    X = _fresh()
    X.indptr[4] = X.indptr[5] + 1  # indptr[5] < indptr[4]
    _expect(X, ValueError, r"X\.indptr\[5\] must be >= indptr\[4\]", make)


def test_indptr_not_starting_at_zero():
    X = _fresh()
    X.indptr[0] = 1
    _expect(X, ValueError, r"X\.indptr\[0\] must be 0, got 1")


def test_nnz_mismatch():
    X = _fresh()
    X.indptr[-1] -= 1  # indptr[p] = nnz - 1 != len(X.data)
    _expect(X, ValueError, rf"X\.indptr\[{P}\] must be nnz = {X_S.nnz}")
    X = _fresh()
    X.indptr[-1] += 3  # past the stored values: refused before scipy or the library read them
    _expect(X, ValueError, rf"X\.indptr\[{P}\] must be <= nnz = {X_S.nnz}")
    X = _fresh()
    X.indices = X.indices[:-1]
    _expect(X, ValueError, r"len\(X\.indices\) = \d+, len\(X\.data\) = \d+")
    X = _fresh()
    X.indptr = X.indptr[:-1]
    _expect(X, ValueError, rf"X\.indptr must have n_features \+ 1 = {P + 1} values")


@pytest.mark.parametrize("index_dtype", [np.int32, np.int64])
@pytest.mark.parametrize("bad", [N, N + 100, -1])
def test_row_index_out_of_range(bad, index_dtype):
    X = _fresh(index_dtype)
    X.indices[5] = bad
    _expect(X, ValueError, rf"X\.indices\[5\] must be in \[0, n_samples = {N}\), got {bad}")


class _HandBuilt:
    """An object with scipy's CSC attributes only (no copy(), no sum_duplicates())."""
    format = "csc"

    def __init__(self, shape, data, indices, indptr):
        self.shape, self.data, self.indices, self.indptr = shape, data, indices, indptr
        self.nnz = len(data)

    def tocsc(self):
        return self


def test_row_repeated_within_a_column():
    """scipy's duplicates are summed (in a copy, as X.toarray() sums them); an object that
    cannot sum them gets the library's error."""
    X = _fresh()
    lo = X.indptr[1]
    X.indices[lo + 1] = X.indices[lo]
    before = _arrays(X)
    s, d = _fit_pair(lambda: Lasso(alpha=0.05, tol=1e-14, max_iter=100_000), X, X.toarray(), Y)
    _close(s.coef_, d.coef_, 1e-10)
    _assert_unchanged(before, X)
    hand = _HandBuilt(X.shape, X.data, X.indices, X.indptr)
    _expect(hand, ValueError,
            rf"X\.indices\[{lo + 1}\] must be a row not already stored in column 1")


def test_int32_indptr_that_wrapped_around():
    """An int32 indptr of a matrix with more than 2**31 - 1 stored values wraps negative;
    simulated on a small one."""
    X = _fresh(np.int32)
    wrapped = (X.indptr[6:].astype(np.int64) + 2**31).astype(np.int64)
    X.indptr[6:] = (wrapped - 2**32).astype(np.int32)  # values as int32 would hold them
    assert (X.indptr < 0).any()
    _expect(X, ValueError, r"X\.indptr\[6\] must be >= indptr\[5\].*int32 and holds negative")


@pytest.mark.parametrize("value, what", [(np.nan, "NaN"), (np.inf, "infinity"), (-np.inf, "infinity")])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_non_finite_stored_value(value, what, dtype):
    X = _fresh()
    X.data = X.data.astype(dtype)
    X.data[7] = value
    row = X.indices[7]
    col = int(np.searchsorted(X.indptr, 7, side="right")) - 1
    _expect(X, ValueError,
            rf"Input X contains {what}.*: X\.data\[7\] = -?(nan|inf) \(row {row}, column {col}\)")
    _expect(X, ValueError, r"Input X contains", lambda: LADRegression())


def test_negative_n():
    hand = _HandBuilt((-3, P), X_S.data, X_S.indices, X_S.indptr)
    with pytest.raises(ValueError, match=r"Found array with -3 sample\(s\)"):
        Lasso().fit(hand, Y)
    # Through the raw binding: the library's own check.
    pr = _b.sr_problem_f64()
    pr.size = ctypes.sizeof(pr)
    pr.n_samples, pr.n_features, pr.layout = -3, P, _b.SR_LAYOUT_CSC
    indptr = X_S.indptr.astype(np.int64)
    pr.X, pr.y = X_S.data.ctypes.data, Y.ctypes.data
    pr.nnz, pr.indptr, pr.indices = X_S.nnz, indptr.ctypes.data, X_S.indices.ctypes.data
    pr.index_type = _b.SR_INDEX_INT32
    o = _b.sr_fit_options()
    assert _b.sr_fit_options_init(ctypes.byref(o), ctypes.sizeof(o)) == 0
    coef = np.zeros(P)
    res = _b.sr_fit_result_f64()
    res.size, res.coef = ctypes.sizeof(res), coef.ctypes.data
    status = _b.sr_fit_f64(ctypes.byref(pr), ctypes.byref(o), ctypes.byref(res))
    assert status in (_errors.SR_ERR_INVALID_LENGTH, _errors.SR_ERR_INVALID_ARGUMENT)
    assert b"n_samples" in _b.sr_last_error()
    assert (coef == 0).all()


def test_hostile_csr_and_coo_are_refused_before_scipy_converts_them():
    csr = sp.csr_matrix(X_D)
    csr.indices[3] = P + 5  # a column past the end: scipy's tocsc would write out of bounds
    _expect(csr, ValueError, rf"X\.indices\[3\] must be in \[0, {P}\)")
    csr = sp.csr_matrix(X_D)
    csr.indptr[2] = csr.indptr[3] + 1
    _expect(csr, ValueError, r"X\.indptr must rise from 0 to len\(X\.data\)")
    coo = sp.coo_matrix(X_D)
    coo.row[0] = -1
    with pytest.raises(ValueError, match=r"X\.row\[0\] must be in \[0, 40\)"):
        Lasso().fit(coo, Y)


def test_hostile_X_at_predict():
    est = Lasso(alpha=0.05).fit(X_S, Y)
    X = _fresh()
    X.indices[2] = N
    with pytest.raises(ValueError, match=r"X\.indices\[2\] must be in \[0, 40\)"):
        est.predict(X)
    X = _fresh()
    X.data[1] = np.nan
    with pytest.raises(ValueError, match=r"Input X contains NaN.*X\.data\[1\]"):
        est.predict(X)
    with pytest.raises(ValueError, match="X has 3 features"):
        est.predict(sp.csc_matrix(np.ones((2, 3))))


def test_bad_shapes_and_dtypes():
    with pytest.raises(ValueError, match="Complex data not supported"):
        Lasso().fit(sp.csc_matrix(X_D.astype(complex)), Y)
    with pytest.raises(ValueError, match=r"0 feature\(s\)"):
        Lasso().fit(sp.csc_matrix((N, 0)), Y)
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        Lasso().fit(X_S, Y[:-1])
    with pytest.raises(TypeError, match="y is a sparse .*only X may be sparse"):
        Lasso().fit(X_S, sp.csc_matrix(Y[:, None]))
    with pytest.raises(TypeError, match="sample_weight is a sparse"):
        Lasso().fit(X_S, Y, sample_weight=sp.csr_matrix(SW[None, :]))


def test_exact_methods_densify_only_small_X():
    """The absolute/quantile losses' exact method densifies X when n*p <= 2**24 and refuses
    beyond (with the library's message); a huge-but-empty X is refused before allocating."""
    big = sp.csc_matrix(([1.0], ([0], [0])), shape=(4200, 4000))  # n*p = 16.8e6 > 16777216
    y = np.arange(4200.0)
    with pytest.raises(ValueError, match="16777216"):
        LADRegression().fit(big, y)
    with pytest.raises(ValueError, match="16777216"):
        QuantileRegressor().fit(big, y)


def test_sklearn_estimator_check_formats():
    """The formats scikit-learn's estimator checks use (64-bit indices included)."""
    from sklearn.utils.estimator_checks import _generate_sparse_data

    for fmt, X in _generate_sparse_data(sp.csr_matrix(X_D)):
        est = Lasso(alpha=0.05, tol=1e-14, max_iter=100_000).fit(X, Y)
        _close(est.coef_, _REF.coef_, 1e-10)


# --------------------------------------------------------------------------------------
# scipy stays optional; swiftreg.dask refuses sparse chunks
# --------------------------------------------------------------------------------------


def test_import_and_fit_without_scipy():
    code = (
        "import sys\n"
        "sys.modules['scipy'] = None  # any 'import scipy...' now raises ImportError\n"
        "import numpy as np\n"
        "import swiftreg\n"
        "from swiftreg.linear_model import Lasso, Ridge, LADRegression, HuberRegressor\n"
        "X = np.random.default_rng(0).standard_normal((30, 4)); y = X @ [1., 2., 0., -1.]\n"
        "for est in (Lasso(alpha=0.01), Ridge(), LADRegression(alpha=0.01), HuberRegressor()):\n"
        "    est.fit(X, y).predict(X)\n"
        "assert 'scipy.sparse' not in sys.modules\n"
        "print('ok')\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_dask_refuses_sparse_chunks():
    da = pytest.importorskip("dask.array")
    sdask = pytest.importorskip("swiftreg.dask")
    X = da.from_array(sp.csr_matrix(X_D), chunks=(20, P), asarray=False)
    y = da.from_array(Y, chunks=20)
    with pytest.raises(TypeError, match=r"sparse chunks.*map_blocks.*swiftreg\.linear_model"):
        sdask.Lasso(alpha=0.05).fit(X, y)
    with pytest.raises(TypeError, match="sparse chunks"):
        sdask.Lasso(alpha=0.05).fit(da.from_array(X_D, chunks=(20, P)), y).predict(X)
    assert sdask.Lasso().__sklearn_tags__().input_tags.sparse is False
    dense = X.map_blocks(lambda b: b.toarray(), dtype=X.dtype, meta=np.empty((0, 0)))
    est = sdask.Lasso(alpha=0.05, tol=1e-10, max_iter=20_000).fit(dense, y)
    _close(est.coef_, Lasso(alpha=0.05, tol=1e-10).fit(X_S, Y).coef_, 1e-5)
