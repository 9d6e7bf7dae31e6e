"""L1 / L2 / elastic-net penalties, their (sub)gradients and proximal operators, against the
float64 reference in conftest.py."""
from __future__ import annotations

import math

import numpy as np
import pytest

import swiftreg
from conftest import (
    DTYPES, LAYOUTS, assert_close, assert_unchanged, grid, layout, ref_penalty,
    ref_penalty_grad, ref_prox, snapshot,
)

# (kind, penalty params) — elastic net takes (l1, l2)
PENALTY_PARAMS = [
    ("l1", (0.0,)), ("l1", (0.25,)), ("l1", (3.0,)),
    ("l2", (0.0,)), ("l2", (0.25,)), ("l2", (3.0,)),
    ("elastic_net", (0.0, 0.0)), ("elastic_net", (0.5, 0.0)), ("elastic_net", (0.0, 0.5)),
    ("elastic_net", (0.5, 0.25)),
]
# (kind, prox params) — (lam, step) or (l1, l2, step); chosen so that step*lam (step*l1) is
# exactly a grid value, giving ties |v| == t·λ.
PROX_PARAMS = [
    ("l1", (0.25, 2.0)), ("l1", (0.5, 1.0)), ("l1", (1.0, 1.0)), ("l1", (0.0, 1.0)),
    ("l1", (0.1, 0.3)),
    ("l2", (0.25, 2.0)), ("l2", (0.0, 1.0)), ("l2", (1.5, 0.1)),
    ("elastic_net", (0.5, 0.25, 2.0)), ("elastic_net", (1.0, 0.0, 1.0)),
    ("elastic_net", (0.0, 1.0, 0.5)), ("elastic_net", (0.0, 0.0, 1.0)),
    ("elastic_net", (0.3, 0.7, 0.9)),
]


def pen(kind):
    return getattr(swiftreg, f"{kind}_penalty"), getattr(swiftreg, f"{kind}_penalty_grad")


def prox(kind):
    return getattr(swiftreg, f"{kind}_prox")


def call_prox(kind, v, params, **kw):
    fn = prox(kind)
    if kind == "elastic_net":
        l1, l2, step = params
        return fn(v, l1, l2, step, **kw)
    lam, step = params
    return fn(v, lam, step, **kw)


def expect(ref, x):
    return float(ref) if np.asarray(x).ndim == 0 else ref


@pytest.mark.parametrize("lay", LAYOUTS)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("kind,params", PENALTY_PARAMS)
def test_penalty_and_grad_match_reference(rng, kind, params, dtype, lay):
    w = layout(grid(rng, 40).astype(dtype), lay)
    snap = snapshot(w)
    value_fn, grad_fn = pen(kind)
    v = value_fn(w, *params)
    assert type(v) is float
    assert_close(v, ref_penalty(kind, w, *params), dtype)
    g = grad_fn(w, *params)
    assert_close(g, expect(ref_penalty_grad(kind, w, *params), w), dtype)
    assert_unchanged(snap)


@pytest.mark.parametrize("lay", LAYOUTS)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("kind,params", PROX_PARAMS)
def test_prox_matches_reference(rng, kind, params, dtype, lay):
    v = layout(grid(rng, 40).astype(dtype), lay)
    snap = snapshot(v)
    got = call_prox(kind, v, params)
    ref = ref_prox(kind, v, *params)
    assert_close(got, expect(ref, v), dtype)
    # |prox(v)| <= |v| (header bound) and exact zeros where the reference has them
    got_a = np.asarray(got, dtype=np.float64)
    assert np.all(np.abs(got_a) <= np.abs(np.asarray(v, np.float64)))
    np.testing.assert_array_equal(got_a == 0, np.asarray(ref) == 0)
    assert_unchanged(snap)


@pytest.mark.parametrize("dtype", DTYPES)
def test_soft_threshold_ties_are_exact_zeros(dtype):
    v = np.array([-1.5, -0.5, -0.25, 0.0, 0.25, 0.5, 0.75, 1.5], dtype)
    # t·λ = 2 · 0.25 = 0.5: |v| == 0.5 goes exactly to 0
    got = swiftreg.l1_prox(v, 0.25, 2.0)
    np.testing.assert_array_equal(got, np.array([-1.0, 0, 0, 0, 0, 0, 0.25, 1.0], dtype))
    assert got.dtype == dtype
    got = swiftreg.elastic_net_prox(v, 0.25, 0.25, 2.0)  # soft(v, 0.5) / 2
    np.testing.assert_array_equal(got, np.array([-0.5, 0, 0, 0, 0, 0, 0.125, 0.5], dtype))
    got = swiftreg.l2_prox(v, 0.25, 2.0)  # v / 2: never exactly 0 for v != 0
    np.testing.assert_array_equal(got, v / 2)


def test_docstring_example_and_defaults():
    np.testing.assert_array_equal(swiftreg.l1_prox([-2.0, -0.5, 0.0, 0.3, 3.0], lam=1.0),
                                  [-1.0, 0.0, 0.0, 0.0, 2.0])
    v = np.array([-3.0, 0.5, 2.0])
    # step defaults to 1
    np.testing.assert_array_equal(swiftreg.l2_prox(v, 0.5), v / 2.0)
    np.testing.assert_array_equal(swiftreg.elastic_net_prox(v, 1.0, 0.5), soft_ref(v, 1.0) / 2)
    assert swiftreg.l1_penalty([1.0, -2.0, 0.0], 0.5) == 1.5
    assert swiftreg.l2_penalty([1.0, -2.0, 0.0], 0.5) == 2.5
    assert swiftreg.elastic_net_penalty([1.0, -2.0, 0.0], 0.5, 0.5) == 4.0
    np.testing.assert_array_equal(swiftreg.l1_penalty_grad([1.0, -2.0, 0.0], 0.5), [0.5, -0.5, 0.0])
    np.testing.assert_array_equal(swiftreg.l2_penalty_grad([1.0, -2.0, 0.0], 0.5), [1.0, -2.0, 0.0])
    np.testing.assert_array_equal(swiftreg.elastic_net_penalty_grad([1.0, -2.0, 0.0], 0.5, 0.5),
                                  [1.5, -2.5, 0.0])


def soft_ref(v, t):
    return np.sign(v) * np.maximum(np.abs(v) - t, 0)


@pytest.mark.parametrize("dtype", DTYPES)
def test_large_random_blocked(rng, dtype):
    n = 2048 * 7 + 5
    w = (rng.standard_normal(n) * 10.0 ** rng.integers(-3, 4, n)).astype(dtype)
    for kind, params in PENALTY_PARAMS:
        value_fn, grad_fn = pen(kind)
        assert_close(value_fn(w, *params), ref_penalty(kind, w, *params), dtype)
        assert_close(grad_fn(w, *params), ref_penalty_grad(kind, w, *params), dtype)
    for kind, params in PROX_PARAMS:
        assert_close(call_prox(kind, w, params), ref_prox(kind, w, *params), dtype)


# ---------------------------------------------------------------------------------------
# empty, special values
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("shape", [(0,), (2, 0)])
@pytest.mark.parametrize("dtype", DTYPES)
def test_empty(dtype, shape):
    e = np.empty(shape, dtype)
    for kind, params in PENALTY_PARAMS:
        value_fn, grad_fn = pen(kind)
        v = value_fn(e, *params)
        assert v == 0.0 and type(v) is float
        g = grad_fn(e, *params)
        assert g.shape == shape and g.dtype == dtype
    for kind, params in PROX_PARAMS:
        p = call_prox(kind, e, params)
        assert p.shape == shape and p.dtype == dtype
    assert swiftreg.l1_penalty([], 1.0) == 0.0


@pytest.mark.parametrize("dtype", DTYPES)
def test_special_values_propagate(dtype):
    inf, nan = np.inf, np.nan
    v = np.array([inf, -inf, nan, 0.0, -0.0, 5e-324 if dtype == np.float64 else 1e-45], dtype)
    np.testing.assert_array_equal(swiftreg.l1_prox(v, 1.0), np.array([inf, -inf, nan, 0, 0, 0], dtype))
    np.testing.assert_array_equal(swiftreg.l2_prox(v, 1.0), np.array([inf, -inf, nan, 0, 0, v[5] / 3], dtype))
    np.testing.assert_array_equal(swiftreg.elastic_net_prox(v, 1.0, 1.0),
                                  np.array([inf, -inf, nan, 0, 0, 0], dtype))
    # the subnormal survives a zero threshold
    np.testing.assert_array_equal(swiftreg.l1_prox(v[5:], 0.0), v[5:])
    np.testing.assert_array_equal(swiftreg.l1_penalty_grad(v, 2.0), np.array([2, -2, nan, 0, 0, 2], dtype))
    np.testing.assert_array_equal(swiftreg.l2_penalty_grad(v[:4], 2.0), np.array([inf, -inf, nan, 0], dtype))
    assert swiftreg.l1_penalty(v[:2], 1.0) == inf
    assert swiftreg.l2_penalty(v[:2], 1.0) == inf
    assert math.isnan(swiftreg.l1_penalty(v, 1.0))
    assert math.isnan(swiftreg.elastic_net_penalty(v, 1.0, 1.0))
    # 0 · inf: a zero coefficient times an infinite weight is NaN, as IEEE says
    assert math.isnan(swiftreg.l1_penalty(v[:1], 0.0))


def test_l1_prox_of_inf_is_inf():
    assert swiftreg.l1_prox(np.array([np.inf]), 1.0)[0] == np.inf
    assert swiftreg.l1_prox(np.array([np.inf], np.float32), 1e30)[0] == np.inf


# ---------------------------------------------------------------------------------------
# out=
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
def test_out_in_place_and_non_contiguous(rng, dtype):
    base = grid(rng, 24).astype(dtype)
    for kind, params in PROX_PARAMS:
        ref = ref_prox(kind, base, *params)
        v = base.copy()
        res = call_prox(kind, v, params, out=v)  # in place
        assert res is v
        assert_close(v, ref, dtype)
        big = np.full(48, 5.0, dtype)
        res = call_prox(kind, base, params, out=big[::2])
        assert_close(big[::2], ref, dtype)
        np.testing.assert_array_equal(big[1::2], 5.0)
        f = np.zeros((4, 6), dtype, order="F")
        call_prox(kind, base.reshape(4, 6), params, out=f)
        assert_close(f, ref.reshape(4, 6), dtype)
    for kind, params in PENALTY_PARAMS:
        _, grad_fn = pen(kind)
        ref = ref_penalty_grad(kind, base, *params)
        w = base.copy()
        assert grad_fn(w, *params, out=w) is w
        assert_close(w, ref, dtype)
        out = np.zeros(24, dtype)[::-1]
        assert grad_fn(base, *params, out=out) is out
        assert_close(out, ref, dtype)


@pytest.mark.parametrize("dtype", DTYPES)
def test_out_partial_overlap_has_numpy_semantics(dtype):
    buf = np.arange(-5, 6, dtype=dtype)
    v = buf[:-1]
    expected = ref_prox("l1", v.copy(), 1.0, 1.0)
    res = swiftreg.l1_prox(v, 1.0, out=buf[1:])
    np.testing.assert_array_equal(res, expected.astype(dtype))
    assert buf[0] == -5


@pytest.mark.parametrize("kind", ["l1", "l2", "elastic_net"])
def test_out_errors_change_nothing(kind):
    v = np.array([-2.0, 0.0, 3.0])
    params = (1.0, 0.5) if kind == "elastic_net" else (1.0,)
    for fn in (lambda x, **k: prox(kind)(x, *params, **k), lambda x, **k: pen(kind)[1](x, *params, **k)):
        wrong_shape = np.full((1, 3), 9.0)
        wrong_dtype = np.full(3, 9.0, np.float32)
        int_out = np.full(3, 9, np.int64)
        readonly = np.full(3, 9.0)
        readonly.flags.writeable = False
        snap = snapshot(v, wrong_shape, wrong_dtype, int_out, readonly)
        with pytest.raises(ValueError, match=r"\(3,\).*\(1, 3\)"):
            fn(v, out=wrong_shape)
        with pytest.raises(TypeError, match="float64"):
            fn(v, out=wrong_dtype)
        with pytest.raises(TypeError, match="dtype"):
            fn(v, out=int_out)
        with pytest.raises(ValueError, match="read-only"):
            fn(v, out=readonly)
        assert_unchanged(snap)


# ---------------------------------------------------------------------------------------
# hyperparameter errors
# ---------------------------------------------------------------------------------------

BAD_NONNEG = [-1.0, -1e-300, float("nan"), float("inf"), -float("inf")]
BAD_POS = [0.0, -0.0, -1.0, float("nan"), float("inf")]


def penalty_calls():
    """(description, callable(lam/l1/l2/step overrides) ...) for every penalty function."""
    calls = []
    for kind in ["l1", "l2"]:
        value_fn, grad_fn = pen(kind)
        p = prox(kind)
        calls += [
            (f"{kind}_penalty", "lam", lambda w, lam=1.0, f=value_fn: f(w, lam)),
            (f"{kind}_penalty_grad", "lam", lambda w, lam=1.0, f=grad_fn, **k: f(w, lam, **k)),
            (f"{kind}_prox", "lam", lambda w, lam=1.0, f=p, **k: f(w, lam, **k)),
            (f"{kind}_prox", "step", lambda w, step=1.0, f=p, **k: f(w, 1.0, step, **k)),
        ]
    value_fn, grad_fn = pen("elastic_net")
    p = prox("elastic_net")
    calls += [
        ("elastic_net_penalty", "l1", lambda w, l1=1.0: value_fn(w, l1, 1.0)),
        ("elastic_net_penalty", "l2", lambda w, l2=1.0: value_fn(w, 1.0, l2)),
        ("elastic_net_penalty_grad", "l1", lambda w, l1=1.0, **k: grad_fn(w, l1, 1.0, **k)),
        ("elastic_net_penalty_grad", "l2", lambda w, l2=1.0, **k: grad_fn(w, 1.0, l2, **k)),
        ("elastic_net_prox", "l1", lambda w, l1=1.0, **k: p(w, l1, 1.0, **k)),
        ("elastic_net_prox", "l2", lambda w, l2=1.0, **k: p(w, 1.0, l2, **k)),
        ("elastic_net_prox", "step", lambda w, step=1.0, **k: p(w, 1.0, 1.0, step, **k)),
    ]
    return calls


CALLS = penalty_calls()


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name,arg,call", CALLS, ids=[f"{c[0]}-{c[1]}" for c in CALLS])
def test_bad_hyperparameter(name, arg, call, dtype):
    bad_values = BAD_POS if arg == "step" else BAD_NONNEG
    elementwise = not name.endswith("_penalty")
    for bad in bad_values:
        w = np.array([-2.0, 0.0, 3.0], dtype)
        out = np.full(3, 7.0, dtype)
        snap = snapshot(w, out)
        with pytest.raises(swiftreg.SwiftRegError, match=arg) as info:
            call(w, **{arg: bad}, **({"out": out} if elementwise else {}))
        assert isinstance(info.value, ValueError)
        assert_unchanged(snap)
        if elementwise:
            # in place: the weights are not touched either
            with pytest.raises(ValueError, match=arg):
                call(w, **{arg: bad}, out=w)
            assert_unchanged(snap)
        # also with empty input: the hyperparameter is checked whatever the data
        with pytest.raises(ValueError, match=arg):
            call(np.empty(0, dtype), **{arg: bad})
    # non-numbers are a TypeError
    with pytest.raises(TypeError, match=arg):
        call(np.ones(2, dtype), **{arg: "abc"})
    with pytest.raises(TypeError, match=arg):
        call(np.ones(2, dtype), **{arg: None})
    with pytest.raises(TypeError, match=arg):
        call(np.ones(2, dtype), **{arg: 1 + 1j})


def test_hyperparameters_accept_numpy_and_int_scalars():
    v = np.array([-2.0, 0.5, 3.0], np.float32)
    for lam in (1, np.float64(1.0), np.float32(1.0), np.int64(1)):
        got = swiftreg.l1_prox(v, lam)
        assert got.dtype == np.float32
        np.testing.assert_array_equal(got, np.array([-1.0, 0, 2.0], np.float32))


def test_tiny_positive_step_and_huge_lambda_are_valid():
    v = np.array([-2.0, 0.5, 3.0])
    np.testing.assert_array_equal(swiftreg.l1_prox(v, 1.0, 5e-324), v)
    np.testing.assert_array_equal(swiftreg.l1_prox(v, 1e300), [0.0, 0.0, 0.0])
    assert swiftreg.l2_penalty(v, 0.0) == 0.0
