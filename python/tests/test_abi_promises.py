"""The promises of the C ABI and of the Python checks in front of it.

- Overlap: an output that shares a byte with another output or an input is SR_ERR_OVERLAP
  whatever the element types (a double array over an int64_t count, an int32_t flag or a
  field of the result struct), and nothing is written. (tests/c_overlap.c tries every pair
  from C; these are the cases seen in the field, through the Python bindings.)
- Lengths: products that overflow 64 bits are reported as an overflow; counts name their
  real minimum.
- Python integers beyond the C field's range raise ValueError naming the argument (they
  never wrap around); hyperparameters are real numbers (a string is a TypeError, a bool is
  its integer value, as in scikit-learn).
"""

import ctypes

import numpy as np
import pytest

import swiftreg
from swiftreg import _bindings as _b
from swiftreg._errors import SR_ERR_INVALID_ARGUMENT, SR_ERR_INVALID_LENGTH, SR_ERR_OVERLAP
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

N, P, K = 6, 3, 4
_X = np.array([[1, -2, 0.5], [3, 1.5, -1], [2, 4, -0.5], [1, 0.25, -3], [0.5, 1, -1], [2, 0, 1.5]])
_Y = np.array([1.0, -0.5, 2.0, 0.25, -1.5, 3.0])


class Arena:
    """One byte buffer holding every array of a call, so that a test can place an output
    anywhere over another buffer (or a struct's field)."""

    def __init__(self, nbytes: int = 8192):
        self.buf = np.zeros(nbytes, dtype=np.uint8)
        self.base = self.buf.ctypes.data
        self.top = 0

    def take(self, nbytes: int) -> int:
        self.top = (self.top + 15) & ~15
        at = self.top
        self.top += nbytes
        assert self.top < self.buf.size
        return at

    def array(self, values, dtype) -> int:
        a = np.ascontiguousarray(values, dtype=dtype)
        at = self.take(a.nbytes)
        self.buf[at : at + a.nbytes] = a.view(np.uint8)
        return at

    def struct(self, cls):
        at = self.take(ctypes.sizeof(cls))
        return cls.from_address(self.base + at), at


def _problem(arena: Arena, dtype, cls):
    pr, _ = arena.struct(cls)
    pr.size = ctypes.sizeof(cls)
    pr.n_samples, pr.n_features, pr.layout = N, P, 0
    pr.X = arena.base + arena.array(_X.ravel(order="F"), dtype)
    pr.y = arena.base + arena.array(_Y, dtype)
    return pr


def _options(arena: Arena):
    o, _ = arena.struct(_b.sr_fit_options)
    assert _b.sr_fit_options_init(ctypes.byref(o), ctypes.sizeof(o)) == 0
    o.alpha = 0.05
    return o


FIT = [
    (np.float64, _b.sr_problem_f64, _b.sr_fit_result_f64, _b.sr_fit_f64),
    (np.float32, _b.sr_problem_f32, _b.sr_fit_result_f32, _b.sr_fit_f32),
]
FIELDS = ("intercept", "objective", "dual_gap", "gap_tol", "n_iter", "converged", "solver", "scale")


@pytest.mark.parametrize("dtype,problem,result,fn", FIT, ids=["f64", "f32"])
@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("shift", [0, -4, 4])
def test_fit_coef_over_a_result_field_is_an_overlap(dtype, problem, result, fn, field, shift):
    arena = Arena()
    pr, o = _problem(arena, dtype, problem), _options(arena)
    r, r_at = arena.struct(result)
    r.size = ctypes.sizeof(result)
    r.coef = arena.base + arena.array(np.zeros(P), dtype)
    assert fn(ctypes.byref(pr), ctypes.byref(o), ctypes.byref(r)) == 0  # the valid layout
    offset = getattr(result, field).offset
    r.coef = arena.base + r_at + offset + shift
    before = arena.buf.copy()
    status = fn(ctypes.byref(pr), ctypes.byref(o), ctypes.byref(r))
    message = _b.sr_last_error().decode()
    assert status == SR_ERR_OVERLAP, message
    assert "result->coef" in message
    assert (arena.buf == before).all(), "the caller's memory changed"


@pytest.mark.parametrize("dtype,problem,result,fn", FIT, ids=["f64", "f32"])
@pytest.mark.parametrize("target", ["X", "y", "options", "problem"])
def test_fit_coef_over_an_input_or_a_struct_is_an_overlap(dtype, problem, result, fn, target):
    arena = Arena()
    pr, o = _problem(arena, dtype, problem), _options(arena)
    r, _ = arena.struct(result)
    r.size = ctypes.sizeof(result)
    where = {
        "X": pr.X + 4,
        "y": pr.y,
        "options": ctypes.addressof(o) + 8,
        "problem": ctypes.addressof(pr) + 16,
    }[target]
    r.coef = where
    before = arena.buf.copy()
    assert fn(ctypes.byref(pr), ctypes.byref(o), ctypes.byref(r)) == SR_ERR_OVERLAP
    assert (arena.buf == before).all()


PATH = [
    (np.float64, _b.sr_problem_f64, _b.sr_path_result_f64, _b.sr_path_f64),
    (np.float32, _b.sr_problem_f32, _b.sr_path_result_f32, _b.sr_path_f32),
]
PATH_ARRAYS = {  # name: (dtype of an element, count); coefs: the problem's dtype
    "alphas": (np.float64, K),
    "coefs": (None, P * K),
    "intercepts": (np.float64, K),
    "objectives": (np.float64, K),
    "dual_gaps": (np.float64, K),
    "gap_tols": (np.float64, K),
    "n_iters": (np.int64, K),
    "converged": (np.int32, K),
}


def _path_layout(dtype, problem, result):
    arena = Arena()
    pr, o = _problem(arena, dtype, problem), _options(arena)
    r, r_at = arena.struct(result)
    r.size, r.n_alphas = ctypes.sizeof(result), K
    where = {}
    for name, (dt, count) in PATH_ARRAYS.items():
        at = arena.array(np.zeros(count), dt or dtype)
        setattr(r, name, arena.base + at)
        where[name] = arena.base + at
    return arena, pr, o, r, r_at, where


@pytest.mark.parametrize("dtype,problem,result,fn", PATH, ids=["f64", "f32"])
@pytest.mark.parametrize(
    "moved,onto,shift",
    [
        ("coefs", "n_iters", 0),
        ("coefs", "n_iters", 8),
        ("coefs", "alphas", 0),
        ("coefs", "alphas", -8),
        ("converged", "dual_gaps", 0),
        ("converged", "dual_gaps", 12),
        ("n_iters", "converged", 0),
        ("dual_gaps", "n_iters", 4),
        ("intercepts", "coefs", 4),
        ("alphas", "objectives", 0),
        ("gap_tols", "converged", -16),
        ("coefs", "struct", 0),
        ("converged", "struct", 8),
    ],
)
def test_path_outputs_of_different_types_must_not_overlap(
    dtype, problem, result, fn, moved, onto, shift
):
    arena, pr, o, r, r_at, where = _path_layout(dtype, problem, result)
    assert fn(ctypes.byref(pr), ctypes.byref(o), None, 0.01, ctypes.byref(r)) == 0
    target = arena.base + r_at if onto == "struct" else where[onto]
    setattr(r, moved, target + shift)
    before = arena.buf.copy()
    status = fn(ctypes.byref(pr), ctypes.byref(o), None, 0.01, ctypes.byref(r))
    message = _b.sr_last_error().decode()
    assert status == SR_ERR_OVERLAP, message
    assert f"result->{moved}" in message
    assert (arena.buf == before).all()


def test_path_alphas_may_be_result_alphas_itself():
    arena, pr, o, r, _, where = _path_layout(np.float64, _b.sr_problem_f64, _b.sr_path_result_f64)
    grid = np.frombuffer(arena.buf, dtype=np.float64, count=K, offset=where["alphas"] - arena.base)
    grid[:] = [0.4, 0.2, 0.1, 0.05]
    assert (
        _b.sr_path_f64(ctypes.byref(pr), ctypes.byref(o), where["alphas"], 0.01, ctypes.byref(r))
        == 0
    )
    assert list(grid) == [0.4, 0.2, 0.1, 0.05]
    status = _b.sr_path_f64(
        ctypes.byref(pr), ctypes.byref(o), where["alphas"] + 8, 0.01, ctypes.byref(r)
    )
    assert status == SR_ERR_OVERLAP


# --------------------------------------------------------------------------------------
# Lengths
# --------------------------------------------------------------------------------------


def test_length_product_overflow_is_reported_as_an_overflow():
    arena = Arena()
    pr, o = _problem(arena, np.float64, _b.sr_problem_f64), _options(arena)
    pr.n_samples = pr.n_features = 2**32
    r, _ = arena.struct(_b.sr_fit_result_f64)
    r.size = ctypes.sizeof(r)
    r.coef = arena.base + arena.array(np.zeros(P), np.float64)
    status = _b.sr_fit_f64(ctypes.byref(pr), ctypes.byref(o), ctypes.byref(r))
    message = _b.sr_last_error().decode()
    assert status == SR_ERR_INVALID_LENGTH
    assert "n_samples * n_features" in message and "overflow" in message
    assert "4294967296 * 4294967296" in message and ">= 0" not in message


@pytest.mark.parametrize(
    "n_alphas,status", [(-3, SR_ERR_INVALID_LENGTH), (0, SR_ERR_INVALID_ARGUMENT)]
)
def test_n_alphas_names_its_minimum(n_alphas, status):
    arena, pr, o, r, _, _ = _path_layout(np.float64, _b.sr_problem_f64, _b.sr_path_result_f64)
    r.n_alphas = n_alphas
    assert _b.sr_path_f64(ctypes.byref(pr), ctypes.byref(o), None, 0.01, ctypes.byref(r)) == status
    assert "n_alphas must be >= 1" in _b.sr_last_error().decode()


def test_negative_n_samples_names_its_minimum():
    arena = Arena()
    pr, o = _problem(arena, np.float64, _b.sr_problem_f64), _options(arena)
    pr.n_samples = -4
    r, _ = arena.struct(_b.sr_fit_result_f64)
    r.size = ctypes.sizeof(r)
    assert (
        _b.sr_fit_f64(ctypes.byref(pr), ctypes.byref(o), ctypes.byref(r)) == SR_ERR_INVALID_LENGTH
    )
    assert "n_samples must be >= 1, got -4" in _b.sr_last_error().decode()


# --------------------------------------------------------------------------------------
# Python integers out of the C range
# --------------------------------------------------------------------------------------

BIG = [2**64 + 5, 2**63, -(2**64) - 1]


@pytest.mark.parametrize("value", BIG)
@pytest.mark.parametrize(
    "make,name",
    [
        (lambda v: Lasso(alpha=0.1, max_iter=v), "max_iter"),
        (lambda v: ElasticNet(alpha=0.1, max_iter=v), "max_iter"),
        (lambda v: LADRegression(alpha=0.1, max_iter=v), "max_iter"),
        (lambda v: QuantileRegressor(alpha=0.1, max_iter=v), "max_iter"),
        (lambda v: HuberRegressor(max_iter=v), "max_iter"),
        (lambda v: RegularizedRegressor(alpha=0.1, max_iter=v), "max_iter"),
        (lambda v: LassoCV(max_iter=v, cv=2), "max_iter"),
        (lambda v: LassoCV(n_alphas=v, cv=2), "n_alphas"),
        (lambda v: ElasticNetCV(n_alphas=v, cv=2), "n_alphas"),
        (lambda v: Lasso(alpha=0.1, selection="random", random_state=v), "random_state"),
        (lambda v: LassoCV(cv=2, n_jobs=v), "n_jobs"),
    ],
)
def test_estimator_integers_beyond_the_c_range_raise(make, name, value):
    if name == "random_state" and value == 2**63:
        value = 2**64  # a seed is uint64: 2**63 is in range
    est = make(value)
    with pytest.raises(ValueError, match=name):  # above the range, or below the minimum
        est.fit(_X, _Y)


@pytest.mark.parametrize("value", BIG)
@pytest.mark.parametrize(
    "call,name",
    [
        (lambda v: lasso_path(_X, _Y, n_alphas=v), "n_alphas"),
        (lambda v: enet_path(_X, _Y, max_iter=v), "max_iter"),
        (lambda v: lasso_path(_X, _Y, selection="random", random_state=v), "random_state"),
    ],
)
def test_path_integers_beyond_the_c_range_raise(call, name, value):
    if name == "random_state" and value == 2**63:
        value = 2**64  # a seed is uint64: 2**63 is in range
    with pytest.raises(ValueError, match=name):
        call(value)


@pytest.mark.parametrize("value", [2**64 + 3, 2**63, 2**100])
def test_set_num_threads_beyond_int64_raises_and_changes_nothing(restore_threads, value):
    swiftreg.set_num_threads(2)
    with pytest.raises(ValueError, match="n must be <="):
        swiftreg.set_num_threads(value)
    assert swiftreg.get_num_threads() == 2


def test_set_num_threads_takes_integers_only(restore_threads):
    swiftreg.set_num_threads(np.int64(3))
    assert swiftreg.get_num_threads() == 3
    with pytest.raises(TypeError, match="n must be an integer"):
        swiftreg.set_num_threads(2.5)
    with pytest.raises(TypeError, match="n must be an integer"):
        swiftreg.set_num_threads("2")


def test_largest_values_of_the_c_range_are_accepted():
    m = Lasso(alpha=0.1, max_iter=2**63 - 1).fit(_X, _Y)
    assert m.n_iter_ < 1000
    Lasso(alpha=0.1, selection="random", random_state=2**64 - 1).fit(_X, _Y)


# --------------------------------------------------------------------------------------
# Hyperparameters are real numbers
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make,name",
    [
        (lambda v: Lasso(alpha=v), "alpha"),
        (lambda v: Lasso(alpha=0.1, tol=v), "tol"),
        (lambda v: ElasticNet(alpha=0.1, l1_ratio=v), "l1_ratio"),
        (lambda v: Ridge(alpha=v), "alpha"),
        (lambda v: LADRegression(alpha=v), "alpha"),
        (lambda v: QuantileRegressor(quantile=v), "quantile"),
        (lambda v: HuberRegressor(epsilon=v), "delta|epsilon"),
        (lambda v: RegularizedRegressor(loss="huber", delta=v), "delta"),
        (lambda v: LassoCV(eps=v, cv=2), "eps"),
    ],
)
@pytest.mark.parametrize("value", ["1", "0.5", b"1", "1e-4"])
def test_string_hyperparameters_are_type_errors(make, name, value):
    with pytest.raises(TypeError, match=name):
        make(value).fit(_X, _Y)


@pytest.mark.parametrize(
    "call,name",
    [
        (lambda v: swiftreg.huber_loss(_Y, _Y[::-1], delta=v), "delta"),
        (lambda v: swiftreg.huber_loss_grad(_Y, _Y[::-1], delta=v), "delta"),
        (lambda v: swiftreg.l1_penalty(_Y, v), "lam"),
        (lambda v: swiftreg.elastic_net_penalty(_Y, 0.5, v), "l2"),
        (lambda v: swiftreg.l1_prox(_Y, v), "lam"),
        (lambda v: swiftreg.l1_prox(_Y, 0.5, step=v), "step"),
        (lambda v: swiftreg.proximal_step(_Y, _Y, v, l1=0.1), "lr"),
        (lambda v: swiftreg.subgradient_step(_Y, _Y, 0.1, l1=v), "l1"),
    ],
)
@pytest.mark.parametrize("value", ["1", "0.5", b"2"])
def test_string_kernel_hyperparameters_are_type_errors(call, name, value):
    with pytest.raises(TypeError, match=name):
        call(value)


def test_bools_are_their_integer_value_as_in_scikit_learn():
    """scikit-learn's Interval(Real, ...) accepts a bool (an Integral); so do the estimators
    and the kernels, consistently: True is 1."""
    a = Lasso(alpha=True).fit(_X, _Y)
    b = Lasso(alpha=1.0).fit(_X, _Y)
    np.testing.assert_array_equal(a.coef_, b.coef_)
    assert swiftreg.huber_loss(_Y, _Y[::-1], delta=True) == swiftreg.huber_loss(
        _Y, _Y[::-1], delta=1.0
    )
    assert swiftreg.l1_penalty(_Y, True) == swiftreg.l1_penalty(_Y, 1.0)
    with pytest.raises(ValueError, match="max_iter must be >= 1"):
        Lasso(max_iter=False).fit(_X, _Y)
