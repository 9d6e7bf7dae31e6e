"""Property-based tests (hypothesis) of the public Python API.

Random shapes (0-size, 1-element, 2-D), dtypes, memory layouts (strided, negative-stride,
Fortran), values and hyperparameters. Every result is compared with an independent NumPy
float64 reference written here from the formulas of swiftreg.h (not from the library's
code), within a tolerance scaled by the magnitude of the terms; and the algebraic
properties hold: prox of 0 is 0, soft-thresholding is non-expansive,
prox_{tλ|.|}∘prox_{tλ|.|} = prox_{2tλ|.|}, the proximal step is exactly 0 where
lr·l1 ≥ |w − lr·g|, losses are ≥ 0, mean = sum / Σweights. For the estimators: the duality
gap is ≥ 0 and ≤ its tolerance on success, and refitting is deterministic.
"""
from __future__ import annotations

import os

import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import swiftreg

# Derandomised: every run (and CI) draws the same examples, so a failure reproduces and CI
# cannot fail by chance; SWIFTREG_HYPOTHESIS_RANDOM=1 draws fresh examples to hunt for new ones.
_RANDOM = os.environ.get("SWIFTREG_HYPOTHESIS_RANDOM") == "1"
SETTINGS = settings(max_examples=100, deadline=None, derandomize=not _RANDOM,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
FEW = settings(max_examples=40, deadline=None, derandomize=not _RANDOM,
               suppress_health_check=[HealthCheck.too_slow])

DTYPES = st.sampled_from([np.float64, np.float32])
LAYOUTS = st.sampled_from(["c", "strided", "negative", "fortran"])
SHAPES = st.one_of(
    st.just((0,)), st.just((1,)), st.just((2, 0)), st.just(()),
    hnp.array_shapes(min_dims=1, max_dims=2, min_side=1, max_side=12),
)


def finite_values(dtype, bound=1e6):
    """Finite values including 0, subnormals and tiny numbers, |x| <= bound (no overflow in
    squares and products, so the reference and the library agree to rounding)."""
    width = 32 if dtype == np.float32 else 64
    return st.floats(-bound, bound, allow_nan=False, allow_infinity=False, width=width)


@st.composite
def arrays(draw, dtype, shape, bound=1e6, elements=None):
    """An array of the given dtype and shape in a random memory layout; values identical
    whatever the layout."""
    base = draw(hnp.arrays(dtype, shape, elements=elements if elements is not None else finite_values(dtype, bound)))
    kind = draw(LAYOUTS)
    if kind == "strided" and base.ndim >= 1:
        big = np.zeros(base.shape[:-1] + (2 * base.shape[-1],), dtype)
        big[..., ::2] = base
        big[..., 1::2] = 7.0  # poison between the elements
        return big[..., ::2]
    if kind == "negative" and base.ndim >= 1:
        return base[..., ::-1].copy()[..., ::-1]
    if kind == "fortran" and base.ndim >= 1:
        return np.asfortranarray(base)
    return base


@st.composite
def loss_case(draw, weights_allowed=True):
    dtype = draw(DTYPES)
    shape = draw(SHAPES)
    yt = draw(arrays(dtype, shape))
    yp = draw(arrays(dtype, shape))
    sw = None
    if weights_allowed and draw(st.booleans()):
        sw = draw(arrays(dtype, shape, elements=st.floats(0, 1e3, width=32 if dtype == np.float32 else 64)))
    return dtype, yt, yp, sw


def A(x, dtype):
    """Elementwise results of 0-d inputs come back as Python floats; view them as 0-d arrays."""
    return x if isinstance(x, np.ndarray) else np.asarray(x, dtype)


def tol(dtype, n=1):
    eps = np.finfo(dtype).eps
    return 4 * eps + 1e-13 * n


def assert_near(got, ref, mag, dtype, n=1):
    """|got − ref| ≤ (4·eps + n·1e-13)·mag + tiny, elementwise; NaN only where ref is NaN."""
    got = np.asarray(got, dtype=np.float64)
    ref = np.asarray(ref, dtype=np.float64)
    mag = np.asarray(mag, dtype=np.float64)
    tiny = 8 * np.finfo(dtype).smallest_subnormal
    assert got.shape == ref.shape, (got.shape, ref.shape)
    nan = np.isnan(ref)
    assert np.array_equal(np.isnan(got), nan), (got, ref)
    bound = tol(dtype, n) * mag + tiny
    bad = np.abs(got - ref) > bound
    assert not np.any(bad & ~nan), f"got {got[bad & ~nan]}, reference {ref[bad & ~nan]}"


# ------------------------------------------------------------------------------------------
# References (float64, from the header's formulas)
# ------------------------------------------------------------------------------------------

def term(kind, r, delta):
    a = np.abs(r)
    if kind == "l1":
        return a, a
    if kind == "l2":
        return r * r, r * r
    quad = a <= delta
    val = np.where(quad, 0.5 * r * r, delta * (a - 0.5 * delta))
    mag = np.where(quad, 0.5 * r * r, delta * (a + 0.5 * delta))
    return val, mag


def deriv(kind, r, delta):
    if kind == "l1":
        return np.sign(r)
    if kind == "l2":
        return 2 * r
    return np.clip(r, -delta, delta)


def soft(v, t):
    return np.sign(v) * np.maximum(np.abs(v) - t, 0.0)


LOSSES = {
    "l1": (swiftreg.l1_loss, swiftreg.l1_loss_grad, swiftreg.l1_loss_value_and_grad),
    "l2": (swiftreg.l2_loss, swiftreg.l2_loss_grad, swiftreg.l2_loss_value_and_grad),
    "huber": (swiftreg.huber_loss, swiftreg.huber_loss_grad, swiftreg.huber_loss_value_and_grad),
}


@SETTINGS
@given(case=loss_case(), kind=st.sampled_from(list(LOSSES)),
       reduction=st.sampled_from(["sum", "mean", "none"]),
       delta=st.floats(1e-3, 1e3))
def test_losses_match_reference(case, kind, reduction, delta):
    dtype, yt, yp, sw = case
    kw = {"delta": delta} if kind == "huber" else {}
    value_fn, grad_fn, both_fn = LOSSES[kind]
    before = [a.copy() for a in (yt, yp) + ((sw,) if sw is not None else ())]
    r = np.asarray(yp, np.float64) - np.asarray(yt, np.float64)
    s = np.ones_like(r) if sw is None else np.asarray(sw, np.float64)
    t, m = term(kind, r, delta)
    terms, mags = s * t, s * m
    n = r.size
    S = float(np.sum(s)) if sw is not None else float(n)

    got = value_fn(yt, yp, sample_weight=sw, reduction=reduction, **kw)
    g = grad_fn(yt, yp, sample_weight=sw, reduction=reduction, **kw)
    v2, g2 = both_fn(yt, yp, sample_weight=sw, reduction=reduction, **kw)
    if yt.ndim == 0 and reduction == "none":  # 0-d results come back as Python floats
        got, g, v2, g2 = (np.asarray(x, dtype) for x in (got, g, v2, g2))
    elif yt.ndim == 0:
        g, g2 = np.asarray(g, dtype), np.asarray(g2, dtype)
    if reduction == "none":
        assert got.dtype == dtype and got.shape == yt.shape
        assert_near(got, terms, mags, dtype)
        assert np.all(got >= 0)
        np.testing.assert_array_equal(v2, got)
    else:
        assert isinstance(got, float)
        if reduction == "sum":
            assert_near(got, terms.sum(), mags.sum(), dtype, n)
        elif S > 0:
            assert_near(got, terms.sum() / S, mags.sum() / S, dtype, n)
        else:
            assert np.isnan(got)  # n = 0 or all weights 0
        assert not got < 0
        assert v2 == got or (np.isnan(v2) and np.isnan(got))
    c = 1.0 / S if reduction == "mean" and S > 0 else 1.0
    if reduction == "mean" and S == 0:
        assert np.all(np.isnan(g) | (g == 0)) or g.size == 0
    else:
        assert_near(g, s * deriv(kind, r, delta) * c, np.abs(s * deriv(kind, r, delta) * c), dtype)
    np.testing.assert_array_equal(g2, g)
    assert g.dtype == dtype and g.shape == yt.shape
    for a, b in zip((yt, yp) + ((sw,) if sw is not None else ()), before):
        np.testing.assert_array_equal(a, b)


@SETTINGS
@given(case=loss_case(), kind=st.sampled_from(list(LOSSES)))
@example(case=(np.float32, np.array([0.0], np.float32), np.array([1.5], np.float32),
               np.array([1e-45], np.float32)), kind="l1")  # found by a random run: subnormal sum
def test_mean_is_sum_over_total_weight(case, kind):
    dtype, yt, yp, sw = case
    fn = LOSSES[kind][0]
    total = fn(yt, yp, sample_weight=sw, reduction="sum")
    mean = fn(yt, yp, sample_weight=sw, reduction="mean")
    S = float(np.sum(np.asarray(sw, np.float64))) if sw is not None else float(np.size(yt))
    assert total >= 0
    if S == 0:
        assert np.isnan(mean)
    else:
        # Both results are rounded to dtype once; where the sum is subnormal (float32 weights
        # like 1e-45) that rounding is absolute, up to half the smallest subnormal, not relative.
        tiny = float(np.finfo(dtype).smallest_subnormal)
        np.testing.assert_allclose(mean * S, total, rtol=4 * np.finfo(dtype).eps, atol=tiny * max(1.0, S))


@st.composite
def vector(draw, bound=1e6):
    dtype = draw(DTYPES)
    shape = draw(SHAPES)
    return dtype, draw(arrays(dtype, shape, bound))


HYPER = st.one_of(st.just(0.0), st.floats(1e-6, 1e3))
STEP = st.floats(1e-6, 1e3)


@SETTINGS
@given(case=vector(), lam=HYPER, l2=HYPER)
def test_penalties_match_reference(case, lam, l2):
    dtype, w = case
    x = np.asarray(w, np.float64)
    n = x.size
    assert_near(swiftreg.l1_penalty(w, lam), lam * np.abs(x).sum(), lam * np.abs(x).sum(), dtype, n)
    assert_near(swiftreg.l2_penalty(w, lam), lam * (x * x).sum(), lam * (x * x).sum(), dtype, n)
    en = lam * np.abs(x).sum() + l2 * (x * x).sum()
    assert_near(swiftreg.elastic_net_penalty(w, lam, l2), en, en, dtype, n)
    for value in (swiftreg.l1_penalty(w, lam), swiftreg.l2_penalty(w, lam),
                  swiftreg.elastic_net_penalty(w, lam, l2)):
        assert value >= 0
    g = A(swiftreg.l1_penalty_grad(w, lam), dtype)
    assert g.dtype == dtype and g.shape == w.shape
    assert_near(g, lam * np.sign(x), np.abs(lam * np.sign(x)), dtype)
    assert_near(A(swiftreg.l2_penalty_grad(w, lam), dtype), 2 * lam * x, np.abs(2 * lam * x), dtype)
    ref = lam * np.sign(x) + 2 * l2 * x
    assert_near(A(swiftreg.elastic_net_penalty_grad(w, lam, l2), dtype), ref, lam + np.abs(2 * l2 * x), dtype)


@SETTINGS
@given(case=vector(), lam=HYPER, l2=HYPER, step=STEP)
def test_prox_match_reference_and_bounds(case, lam, l2, step):
    dtype, v = case
    x = np.asarray(v, np.float64)
    for got, ref in (
        (A(swiftreg.l1_prox(v, lam, step), dtype), soft(x, step * lam)),
        (A(swiftreg.l2_prox(v, lam, step), dtype), x / (1 + 2 * step * lam)),
        (A(swiftreg.elastic_net_prox(v, lam, l2, step), dtype), soft(x, step * lam) / (1 + 2 * step * l2)),
    ):
        assert got.dtype == dtype and got.shape == v.shape
        assert_near(got, ref, np.abs(ref), dtype)
        g = np.asarray(got, np.float64)
        assert np.all(np.abs(g) <= np.abs(x))            # |prox(v)| <= |v|
        assert np.all((g == 0) | (np.sign(g) == np.sign(x)))
    zeros = np.abs(x) <= step * lam                       # exactly 0 inside the threshold
    assert np.all(A(swiftreg.l1_prox(v, lam, step), dtype)[zeros] == 0)
    assert np.all(A(swiftreg.elastic_net_prox(v, lam, l2, step), dtype)[zeros] == 0)


@SETTINGS
@given(dtype=DTYPES, shape=SHAPES, lam=HYPER, l2=HYPER, step=STEP)
def test_prox_of_zero_is_zero(dtype, shape, lam, l2, step):
    z = np.zeros(shape, dtype)
    for out in (A(swiftreg.l1_prox(z, lam, step), dtype), A(swiftreg.l2_prox(z, lam, step), dtype),
                A(swiftreg.elastic_net_prox(z, lam, l2, step), dtype)):
        assert out.dtype == dtype and out.shape == shape
        assert np.all(out == 0)


@SETTINGS
@given(dtype=DTYPES, data=st.data(), lam=HYPER, step=STEP)
def test_soft_thresholding_is_non_expansive(dtype, data, lam, step):
    shape = data.draw(SHAPES)
    a = data.draw(arrays(dtype, shape))
    b = data.draw(arrays(dtype, shape))
    pa = np.asarray(A(swiftreg.l1_prox(a, lam, step), dtype), np.float64)
    pb = np.asarray(A(swiftreg.l1_prox(b, lam, step), dtype), np.float64)
    a64, b64 = np.asarray(a, np.float64), np.asarray(b, np.float64)
    eps = np.finfo(dtype).eps
    slack = 2 * eps * (np.abs(a64) + np.abs(b64))  # rounding of v ∓ t and of the dtype
    assert np.all(np.abs(pa - pb) <= np.abs(a64 - b64) + slack)


@SETTINGS
@given(case=vector(), lam=st.floats(1e-6, 1e3), step=STEP)
def test_prox_twice_is_prox_with_twice_the_step(case, lam, step):
    dtype, v = case
    once = A(swiftreg.l1_prox(A(swiftreg.l1_prox(v, lam, step), dtype), lam, step), dtype)
    double = A(swiftreg.l1_prox(v, lam, 2 * step), dtype)
    x = np.asarray(v, np.float64)
    assert_near(once, double, np.abs(x) + 2 * step * lam, dtype)
    # exact zeros agree away from the (rounding-sensitive) threshold itself
    clear = np.abs(np.abs(x) - 2 * step * lam) > 8 * np.finfo(dtype).eps * (np.abs(x) + 2 * step * lam)
    np.testing.assert_array_equal((once == 0)[clear], (double == 0)[clear])


@st.composite
def step_case(draw):
    dtype = draw(DTYPES)
    shape = draw(SHAPES)
    return dtype, draw(arrays(dtype, shape, 1e3)), draw(arrays(dtype, shape, 1e3))


@SETTINGS
@given(case=step_case(), lr=st.floats(1e-4, 10), l1=HYPER, l2=HYPER)
def test_update_steps_match_reference(case, lr, l1, l2):
    dtype, w, g = case
    w64, g64 = np.asarray(w, np.float64), np.asarray(g, np.float64)
    sub = A(swiftreg.subgradient_step(w, g, lr, l1=l1, l2=l2), dtype)
    ref = w64 - lr * (g64 + l1 * np.sign(w64) + 2 * l2 * w64)
    assert_near(sub, ref, np.abs(w64) + lr * (np.abs(g64) + l1 + np.abs(2 * l2 * w64)), dtype)
    prox = A(swiftreg.proximal_step(w, g, lr, l1=l1, l2=l2), dtype)
    u = w64 - lr * g64
    ref = soft(u, lr * l1) / (1 + 2 * lr * l2)
    assert_near(prox, ref, (np.abs(w64) + np.abs(lr * g64) + lr * l1) / (1 + 2 * lr * l2), dtype)
    assert np.all(prox[np.abs(u) <= lr * l1] == 0)


@SETTINGS
@given(case=step_case(), lr=st.floats(1e-4, 10), l2=HYPER, margin=st.floats(1.0 + 1e-9, 4.0))
def test_proximal_step_is_exactly_zero_below_the_threshold(case, lr, l2, margin):
    dtype, w, g = case
    u = np.asarray(w, np.float64) - lr * np.asarray(g, np.float64)
    l1 = margin * float(np.max(np.abs(u), initial=0.0)) / lr  # lr*l1 >= |w - lr*g| everywhere
    # ... unless rounding (e.g. a subnormal |u| scaled by margin/lr) breaks that premise.
    assume(lr * l1 >= float(np.max(np.abs(u), initial=0.0)))
    out = A(swiftreg.proximal_step(w, g, lr, l1=l1, l2=l2), dtype)
    assert out.shape == np.shape(w) and out.dtype == dtype
    assert np.all(out == 0)


# ------------------------------------------------------------------------------------------
# Estimators
# ------------------------------------------------------------------------------------------

linear_model = pytest.importorskip("swiftreg.linear_model")


@st.composite
def regression(draw):
    dtype = draw(DTYPES)
    n = draw(st.integers(1, 30))
    p = draw(st.integers(1, 6))  # the estimators need >= 1 feature, as scikit-learn
    X = draw(hnp.arrays(dtype, (n, p), elements=st.floats(-10, 10, width=32)))
    y = draw(hnp.arrays(dtype, (n,), elements=st.floats(-10, 10, width=32)))
    sw = None
    if draw(st.booleans()):
        sw = draw(hnp.arrays(dtype, (n,), elements=st.floats(0.125, 5, width=32)))
    if draw(st.booleans()):
        X = np.asfortranarray(X)
    return X, y, sw


@FEW
@given(data=regression(), alpha=st.floats(1e-3, 10), l1_ratio=st.sampled_from([0.0, 0.3, 1.0]),
       selection=st.sampled_from(["cyclic", "random"]), positive=st.booleans())
def test_enet_gap_and_determinism(data, alpha, l1_ratio, selection, positive):
    X, y, sw = data
    make = lambda: linear_model.ElasticNet(alpha=alpha, l1_ratio=l1_ratio, selection=selection,
                                           random_state=3, positive=positive, tol=1e-6,
                                           max_iter=5000)
    Xc, yc = X.copy(), y.copy()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        a = make().fit(X, y, sample_weight=sw)
    converged = not any("converge" in str(w.message) for w in caught)
    b = make().fit(X, y, sample_weight=sw)
    np.testing.assert_array_equal(a.coef_, b.coef_)           # refits are bit-identical
    assert a.intercept_ == b.intercept_ and a.dual_gap_ == b.dual_gap_
    np.testing.assert_array_equal(X, Xc)
    np.testing.assert_array_equal(y, yc)
    s = np.ones(len(y)) if sw is None else np.asarray(sw, np.float64)
    y64 = np.asarray(y, np.float64)
    S = s.sum()
    ybar = (s * y64).sum() / S
    gap_tol = 1e-6 * (s * (y64 - ybar) ** 2).sum() / S
    scale = max(1.0, float(np.abs(y64).max(initial=0)) ** 2)
    rounding = 1e-10 if X.dtype == np.float64 else 1e-6         # float32 fits: float32 residuals
    assert a.dual_gap_ >= -rounding * scale                     # >= 0 up to rounding (swiftreg.h)
    if converged:
        assert a.dual_gap_ <= gap_tol * (1 + 1e-9) + rounding * 1e-2 * scale
    assert np.all(np.isfinite(a.coef_)) and np.isfinite(a.intercept_)
    if positive:
        assert np.all(a.coef_ >= 0)


@FEW
@given(data=regression(), alpha=st.floats(1e-3, 10))
def test_ridge_and_lad_refits_are_deterministic(data, alpha):
    X, y, sw = data
    r1 = linear_model.Ridge(alpha=alpha).fit(X, y, sample_weight=sw)
    r2 = linear_model.Ridge(alpha=alpha).fit(X, y, sample_weight=sw)
    np.testing.assert_array_equal(r1.coef_, r2.coef_)
    assert r1.intercept_ == r2.intercept_
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        l1 = linear_model.LADRegression(alpha=alpha * 0.01).fit(X, y, sample_weight=sw)
        l2 = linear_model.LADRegression(alpha=alpha * 0.01).fit(X, y, sample_weight=sw)
    np.testing.assert_array_equal(l1.coef_, l2.coef_)
    assert l1.intercept_ == l2.intercept_
