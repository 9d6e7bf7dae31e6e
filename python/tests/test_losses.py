"""L1, L2 and Huber losses: values, gradients and the fused value-and-gradient calls,
against the float64 reference in conftest.py."""
from __future__ import annotations

import math

import numpy as np
import pytest

import swiftreg
from conftest import (
    DTYPES, LAYOUTS, REDUCTIONS, assert_close, assert_unchanged, grid, layout, ref_loss,
    ref_loss_grad, snapshot,
)

KINDS = ["l1", "l2", "huber"]


def fns(kind):
    return (getattr(swiftreg, f"{kind}_loss"), getattr(swiftreg, f"{kind}_loss_grad"),
            getattr(swiftreg, f"{kind}_loss_value_and_grad"))


def extra(kind, delta):
    return {"delta": delta} if kind == "huber" else {}


def make(rng, dtype, lay, weighted, n=40):
    """y_true, y_pred, sample_weight on a 0.5-grid: many exact zeros of r, ties |r| == δ
    for δ ∈ {0.5, 1}, zero weights included."""
    # a quarter of the residuals exactly 0, others often exactly ±0.5, ±1
    base_t, base_p = grid(rng, n), grid(rng, n)
    base_p[: n // 4] = base_t[: n // 4]
    yt = layout(base_t.astype(dtype), lay)
    yp = layout(base_p.astype(dtype), lay)
    sw = layout((rng.integers(0, 5, n) * 0.5).astype(dtype), lay) if weighted else None
    return yt, yp, sw


def expected_scalar_or_array(ref, reduction, shape):
    if reduction != "none":
        return ref
    ref = np.asarray(ref)
    assert ref.shape == shape
    return float(ref) if ref.ndim == 0 else ref


@pytest.mark.parametrize("lay", LAYOUTS)
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("kind", KINDS)
def test_value_grad_and_fused_match_reference(rng, kind, dtype, reduction, weighted, lay):
    yt, yp, sw = make(rng, dtype, lay, weighted)
    snap = snapshot(yt, yp, sw)
    value_fn, grad_fn, both_fn = fns(kind)
    for delta in ([0.5, 1.0] if kind == "huber" else [1.0]):
        kw = dict(sample_weight=sw, reduction=reduction, **extra(kind, delta))
        ref_v = ref_loss(kind, yt, yp, sw, reduction, delta)
        ref_g = ref_loss_grad(kind, yt, yp, sw, reduction, delta)
        exp_v = expected_scalar_or_array(ref_v, reduction, yt.shape)
        exp_g = float(ref_g) if yt.ndim == 0 else ref_g

        v = value_fn(yt, yp, **kw)
        assert_close(v, exp_v, dtype)
        g = grad_fn(yt, yp, **kw)
        assert_close(g, exp_g, dtype)
        v2, g2 = both_fn(yt, yp, **kw)
        assert_close(v2, exp_v, dtype)
        assert_close(g2, exp_g, dtype)
        # the fused call gives exactly what the separate calls give
        np.testing.assert_array_equal(v2, v, strict=True)
        np.testing.assert_array_equal(g2, g, strict=True)
    assert_unchanged(snap)


@pytest.mark.parametrize("kind", KINDS)
def test_scalar_results_are_python_floats(kind):
    value_fn, _, both_fn = fns(kind)
    for dtype in DTYPES:
        a = np.array([1.0, 2.0, 3.0], dtype)
        b = np.array([1.5, 2.0, 1.0], dtype)
        for red in ["sum", "mean"]:
            v = value_fn(a, b, reduction=red)
            assert type(v) is float
            v2, g2 = both_fn(a, b, reduction=red)
            assert type(v2) is float and g2.dtype == dtype


def test_docstring_examples():
    assert swiftreg.l1_loss([1.0, 2.0, 3.0], [1.5, 2.0, 1.0]) == 2.5
    assert swiftreg.l2_loss([1.0, 2.0, 3.0], [1.5, 2.0, 1.0]) == 4.25
    # r = 0.5, 0, -2 with delta 1: 0.125 + 0 + 1*(2 - 0.5)
    assert swiftreg.huber_loss([1.0, 2.0, 3.0], [1.5, 2.0, 1.0]) == 1.625


@pytest.mark.parametrize("dtype", DTYPES)
def test_hand_computed_values(dtype):
    yt = np.array([0.0, 0.0, 0.0, 0.0, 0.0], dtype)
    yp = np.array([-3.0, -1.0, 0.0, 0.5, 2.0], dtype)
    sw = np.array([1.0, 2.0, 5.0, 0.0, 0.5], dtype)
    assert swiftreg.l1_loss(yt, yp) == 6.5
    assert swiftreg.l1_loss(yt, yp, sample_weight=sw) == 3 + 2 + 0 + 0 + 1
    tol = 1e-15 if dtype == np.float64 else 1e-7
    assert math.isclose(swiftreg.l1_loss(yt, yp, sample_weight=sw, reduction="mean"), 6 / 8.5,
                        rel_tol=tol)
    assert math.isclose(swiftreg.l2_loss(yt, yp, reduction="mean"), (9 + 1 + 0 + 0.25 + 4) / 5,
                        rel_tol=tol)
    assert swiftreg.l2_loss(yt, yp, sample_weight=sw) == 9 + 2 + 0 + 0 + 2
    np.testing.assert_array_equal(swiftreg.l1_loss_grad(yt, yp), [-1, -1, 0, 1, 1])
    np.testing.assert_array_equal(swiftreg.l2_loss_grad(yt, yp, sample_weight=sw), [-6, -4, 0, 0, 2])
    np.testing.assert_array_equal(swiftreg.huber_loss_grad(yt, yp, delta=1.0), [-1, -1, 0, 0.5, 1])
    # exactly at the threshold |r| == delta: the quadratic branch, 0.5 * 1 == 1 * (1 - 0.5)
    np.testing.assert_array_equal(swiftreg.huber_loss(yt, yp, reduction="none", delta=1.0),
                                  [2.5, 0.5, 0.0, 0.125, 1.5])
    assert swiftreg.huber_loss(yt, yp, reduction="none", delta=1.0).dtype == dtype


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_large_random_blocked(rng, kind, dtype, reduction):
    """More than one summation block (2048) and not a multiple of it, non-grid values."""
    n = 2048 * 5 + 37
    yt = rng.standard_normal(n).astype(dtype)
    yp = (rng.standard_normal(n) * 3).astype(dtype)
    sw = rng.uniform(0, 2, n).astype(dtype)
    value_fn, grad_fn, both_fn = fns(kind)
    for s in (None, sw):
        kw = dict(sample_weight=s, reduction=reduction, **extra(kind, 1.3))
        assert_close(value_fn(yt, yp, **kw), ref_loss(kind, yt, yp, s, reduction, 1.3), dtype)
        assert_close(grad_fn(yt, yp, **kw), ref_loss_grad(kind, yt, yp, s, reduction, 1.3), dtype)
        v, g = both_fn(yt, yp, **kw)
        assert_close(v, ref_loss(kind, yt, yp, s, reduction, 1.3), dtype)
        assert_close(g, ref_loss_grad(kind, yt, yp, s, reduction, 1.3), dtype)


# ---------------------------------------------------------------------------------------
# Empty inputs, IEEE special values
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("shape", [(0,), (3, 0), (0, 0)])
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("kind", KINDS)
def test_empty(kind, dtype, shape):
    value_fn, grad_fn, both_fn = fns(kind)
    e = np.empty(shape, dtype)
    for sw in (None, np.empty(shape, dtype)):
        assert value_fn(e, e, sample_weight=sw) == 0.0
        assert type(value_fn(e, e, sample_weight=sw)) is float
        assert math.isnan(value_fn(e, e, sample_weight=sw, reduction="mean"))
        none = value_fn(e, e, sample_weight=sw, reduction="none")
        assert none.shape == shape and none.dtype == dtype
        for red in REDUCTIONS:
            g = grad_fn(e, e, sample_weight=sw, reduction=red)
            assert g.shape == shape and g.dtype == dtype
        v, g = both_fn(e, e, sample_weight=sw, reduction="sum")
        assert v == 0.0 and g.shape == shape
        v, g = both_fn(e, e, sample_weight=sw, reduction="mean")
        assert math.isnan(v) and g.shape == shape
    # python lists
    assert value_fn([], []) == 0.0


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("kind", KINDS)
def test_all_zero_weights_mean_is_nan(kind, dtype):
    value_fn, grad_fn, _ = fns(kind)
    a = np.array([1.0, 2.0], dtype)
    b = np.array([3.0, 2.0], dtype)
    z = np.zeros(2, dtype)
    assert value_fn(a, b, sample_weight=z) == 0.0
    assert math.isnan(value_fn(a, b, sample_weight=z, reduction="mean"))
    np.testing.assert_array_equal(value_fn(a, b, sample_weight=z, reduction="none"), [0.0, 0.0])
    np.testing.assert_array_equal(grad_fn(a, b, sample_weight=z), [0.0, 0.0])


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("kind", KINDS)
def test_nan_and_inf_in_data_propagate(kind, dtype):
    """NaN/Inf inside data are not errors: they propagate as IEEE arithmetic says."""
    value_fn, grad_fn, both_fn = fns(kind)
    inf, nan = np.inf, np.nan
    yt = np.array([0.0, 0.0, 0.0, inf, 1.0], dtype)
    yp = np.array([nan, inf, -inf, 0.0, 1.0], dtype)
    with np.errstate(invalid="ignore"):
        ref_none = ref_loss(kind, yt, yp, None, "none")
        ref_grad = ref_loss_grad(kind, yt, yp, None, "sum")
    got = value_fn(yt, yp, reduction="none")
    np.testing.assert_array_equal(got, ref_none.astype(dtype))
    # |inf| = inf, inf^2 = inf, huber(inf) = inf
    np.testing.assert_array_equal(got[1:4], [inf, inf, inf])
    assert math.isnan(got[0])
    np.testing.assert_array_equal(grad_fn(yt, yp), ref_grad.astype(dtype))
    # a NaN anywhere makes the sum NaN
    assert math.isnan(value_fn(yt, yp))
    assert math.isnan(value_fn(yt, yp, reduction="mean"))
    # an infinite residual alone makes the sum infinite
    assert value_fn(yt[1:], yp[1:]) == inf
    v, g = both_fn(yt[1:], yp[1:])
    assert v == inf
    np.testing.assert_array_equal(g, ref_grad[1:].astype(dtype))
    # grad of an infinite residual: l1 → ±1, huber → ±delta, l2 → ±inf
    expect = {"l1": [1, -1, -1], "l2": [inf, -inf, -inf], "huber": [1, -1, -1]}[kind]
    np.testing.assert_array_equal(grad_fn(yt[1:4], yp[1:4]), np.array(expect, dtype))


def test_l1_loss_nan_gives_nan():
    assert math.isnan(swiftreg.l1_loss([0.0, 1.0], [np.nan, 1.0]))
    assert math.isnan(swiftreg.l1_loss(np.float32([0.0, 1.0]), np.float32([np.nan, 1.0])))


@pytest.mark.parametrize("dtype", DTYPES)
def test_float32_overflow_rounds_to_inf(dtype):
    """Arithmetic is float64; a float32 result too large for float32 rounds to inf."""
    big = np.finfo(np.float32).max
    yt = np.array([-big, 0.0], dtype)
    yp = np.array([big, 0.0], dtype)
    v = swiftreg.l1_loss(yt, yp)
    if dtype == np.float32:
        assert v == np.inf
    else:
        assert v == 2.0 * float(big)
    # l2 of a float32 with |r| ~ 1e20 : 1e40 overflows float32 but not float64
    r = np.array([1e20], dtype)
    z = np.zeros(1, dtype)
    assert swiftreg.l2_loss(z, r) == (np.inf if dtype == np.float32 else float(r[0]) ** 2)


# ---------------------------------------------------------------------------------------
# out=
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("kind", KINDS)
def test_out_for_grad_none_and_fused(rng, kind, dtype):
    value_fn, grad_fn, both_fn = fns(kind)
    yt, yp, sw = make(rng, dtype, "c2d", True)
    for red in REDUCTIONS:
        ref_g = ref_loss_grad(kind, yt, yp, sw, red)
        out = np.full(yt.shape, 7.0, dtype)
        res = grad_fn(yt, yp, sample_weight=sw, reduction=red, out=out)
        assert res is out
        assert_close(out, ref_g, dtype)
        out = np.full(yt.shape, 7.0, dtype)
        v, g = both_fn(yt, yp, sample_weight=sw, reduction=red, out=out)
        assert g is out
        assert_close(out, ref_g, dtype)
        if red == "none":
            assert_close(v, ref_loss(kind, yt, yp, sw, "none"), dtype)
    out = np.full(yt.shape, 7.0, dtype)
    res = value_fn(yt, yp, sample_weight=sw, reduction="none", out=out)
    assert res is out
    assert_close(out, ref_loss(kind, yt, yp, sw, "none"), dtype)


@pytest.mark.parametrize("target", ["y_true", "y_pred", "sample_weight"])
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("kind", KINDS)
def test_out_may_alias_an_input(rng, kind, dtype, target):
    """out (and grad) may be the very buffer y_true, y_pred or sample_weight."""
    value_fn, grad_fn, both_fn = fns(kind)
    yt, yp, sw = make(rng, dtype, "c1d", True)
    for red in REDUCTIONS:
        ref_g = ref_loss_grad(kind, yt, yp, sw, red)
        ref_v = ref_loss(kind, yt, yp, sw, red)
        # gradient into an input
        a = {"y_true": yt.copy(), "y_pred": yp.copy(), "sample_weight": sw.copy()}
        res = grad_fn(a["y_true"], a["y_pred"], sample_weight=a["sample_weight"], reduction=red,
                      out=a[target])
        assert res is a[target]
        assert_close(res, ref_g, dtype)
        # fused: the value is computed from the inputs before they are overwritten
        a = {"y_true": yt.copy(), "y_pred": yp.copy(), "sample_weight": sw.copy()}
        v, g = both_fn(a["y_true"], a["y_pred"], sample_weight=a["sample_weight"], reduction=red,
                       out=a[target])
        assert g is a[target]
        assert_close(g, ref_g, dtype)
        assert_close(v, ref_v, dtype)
        if red == "none":
            a = {"y_true": yt.copy(), "y_pred": yp.copy(), "sample_weight": sw.copy()}
            res = value_fn(a["y_true"], a["y_pred"], sample_weight=a["sample_weight"],
                           reduction="none", out=a[target])
            assert res is a[target]
            assert_close(res, ref_v, dtype)


@pytest.mark.parametrize("dtype", DTYPES)
def test_out_non_contiguous_and_overlapping(rng, dtype):
    yt, yp, sw = make(rng, dtype, "c1d", True)
    ref = ref_loss_grad("l2", yt, yp, sw, "mean")
    big = np.full(2 * yt.size, -3.0, dtype)
    out = big[::2]
    res = swiftreg.l2_loss_grad(yt, yp, sample_weight=sw, reduction="mean", out=out)
    assert res is out
    assert_close(out, ref, dtype)
    np.testing.assert_array_equal(big[1::2], -3.0)  # the gaps are untouched
    # negative-stride out
    out = np.zeros(yt.size, dtype)[::-1]
    swiftreg.l2_loss_grad(yt, yp, sample_weight=sw, reduction="mean", out=out)
    assert_close(out, ref, dtype)
    # out partially overlapping y_pred: NumPy semantics (as if computed into a temporary)
    buf = np.concatenate([yp, np.zeros(1, dtype)])
    yp_view, out_view = buf[:-1], buf[1:]
    expected = ref_loss_grad("l2", yt, yp_view.copy(), sw, "mean")
    res = swiftreg.l2_loss_grad(yt, yp_view, sample_weight=sw, reduction="mean", out=out_view)
    assert res is out_view
    assert_close(out_view, expected, dtype)


@pytest.mark.parametrize("kind", KINDS)
def test_out_errors_change_nothing(kind):
    value_fn, grad_fn, both_fn = fns(kind)
    yt = np.array([1.0, 2.0, 3.0])
    yp = np.array([0.0, 2.0, 5.0])
    calls = [lambda **k: grad_fn(yt, yp, **k), lambda **k: both_fn(yt, yp, **k),
             lambda **k: value_fn(yt, yp, reduction="none", **k)]
    for call in calls:
        wrong_shape = np.full((3, 1), 9.0)
        wrong_dtype = np.full(3, 9.0, np.float32)
        readonly = np.full(3, 9.0)
        readonly.flags.writeable = False
        snap = snapshot(yt, yp, wrong_shape, wrong_dtype, readonly)
        with pytest.raises(ValueError, match=r"shape"):
            call(out=wrong_shape)
        with pytest.raises(TypeError, match="dtype"):
            call(out=wrong_dtype)
        with pytest.raises(ValueError, match="read-only"):
            call(out=readonly)
        with pytest.raises(TypeError, match="out"):
            call(out=[0.0, 0.0, 0.0])
        assert_unchanged(snap)


# ---------------------------------------------------------------------------------------
# Accuracy of the (blocked, pairwise) summation
# ---------------------------------------------------------------------------------------


def test_float64_l1_loss_accuracy_on_1e7_values():
    """n = 10^7 terms spanning 8 orders of magnitude: relative error vs the exactly rounded
    sum (math.fsum of the exact float64 terms) ≤ 1e-13."""
    rng = np.random.default_rng(11)
    n = 10**7
    yp = rng.choice([-1.0, 1.0], n) * 10.0 ** rng.uniform(-4.0, 4.0, n)
    yt = np.zeros(n)  # r = y_pred exactly, so |r| are the exact terms
    exact = math.fsum(np.abs(yp).tolist())
    got = swiftreg.l1_loss(yt, yp)
    assert abs(got - exact) / exact <= 1e-13, (got, exact)
    got_mean = swiftreg.l1_loss(yt, yp, reduction="mean")
    assert abs(got_mean - exact / n) / (exact / n) <= 1e-13


def test_float32_l2_loss_is_the_float64_result_rounded():
    """float32 inputs, arithmetic in float64, one rounding at the end: within one float32 ulp
    of the float64 result computed on the float32 inputs cast to float64."""
    rng = np.random.default_rng(12)
    n = 2 * 10**6
    yt = (rng.standard_normal(n) * 10.0 ** rng.uniform(-2.0, 2.0, n)).astype(np.float32)
    yp = (rng.standard_normal(n) * 10.0 ** rng.uniform(-2.0, 2.0, n)).astype(np.float32)
    ref64 = swiftreg.l2_loss(yt.astype(np.float64), yp.astype(np.float64))
    r = yp.astype(np.float64) - yt.astype(np.float64)  # exact for these magnitudes
    exact = math.fsum((r * r).tolist())
    assert abs(ref64 - exact) / exact <= 1e-13
    got = swiftreg.l2_loss(yt, yp)
    target = np.float32(ref64)
    assert abs(np.float64(got) - np.float64(target)) <= np.spacing(target), (got, target)
    assert float(np.float32(got)) == got  # a float32 value, returned as a Python float
