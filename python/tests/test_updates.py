"""Subgradient and proximal update steps, against the float64 reference in conftest.py."""
from __future__ import annotations

import numpy as np
import pytest

import swiftreg
from conftest import (
    DTYPES, LAYOUTS, assert_close, assert_unchanged, grid, layout, ref_proximal_step,
    ref_subgradient_step, snapshot,
)

STEPS = {"subgradient": (swiftreg.subgradient_step, ref_subgradient_step),
         "proximal": (swiftreg.proximal_step, ref_proximal_step)}
# (lr, l1, l2): lr·l1 is a grid value for most, giving ties |w − lr·g| == lr·l1
HYPER = [(1.0, 0.0, 0.0), (0.5, 1.0, 0.0), (0.5, 0.0, 0.5), (0.25, 2.0, 1.0), (0.1, 0.3, 0.7),
         (2.0, 0.25, 0.25)]


def scale(w, g, lr, l1, l2):
    w, g = np.abs(np.asarray(w, np.float64)), np.abs(np.asarray(g, np.float64))
    return float(np.max(w + lr * (g + l1 + 2 * l2 * w), initial=1.0))


@pytest.mark.parametrize("lay", LAYOUTS)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("hyper", HYPER, ids=str)
@pytest.mark.parametrize("which", list(STEPS))
def test_step_matches_reference(rng, which, hyper, dtype, lay):
    fn, ref_fn = STEPS[which]
    lr, l1, l2 = hyper
    w = layout(grid(rng, 40).astype(dtype), lay)
    g = layout(grid(rng, 40, -2, 2).astype(dtype), lay)
    snap = snapshot(w, g)
    got = fn(w, g, lr, l1=l1, l2=l2)
    ref = ref_fn(w, g, lr, l1, l2)
    ref = float(ref) if w.ndim == 0 else ref
    # a subgradient step may cancel to ~0: absolute tolerance relative to the terms
    assert_close(got, ref, dtype, scale=scale(w, g, lr, l1, l2))
    if which == "proximal":
        np.testing.assert_array_equal(np.asarray(got) == 0, np.asarray(ref) == 0)
    assert_unchanged(snap)


def test_defaults_are_plain_gradient_descent():
    w = np.array([1.0, -2.0, 0.0])
    g = np.array([0.5, 0.5, -1.0])
    expected = w - 0.1 * g
    np.testing.assert_array_equal(swiftreg.subgradient_step(w, g, 0.1), expected)
    np.testing.assert_array_equal(swiftreg.proximal_step(w, g, 0.1), expected)


def test_hand_computed():
    w = np.array([1.0, -1.0, 0.0, 0.25, 2.0])
    g = np.array([0.0, 0.0, 0.0, 0.0, 1.0])
    # w − 0.5·(g + 1·sign(w) + 2·0.5·w)
    np.testing.assert_array_equal(swiftreg.subgradient_step(w, g, 0.5, l1=1.0, l2=0.5),
                                  [0.0, 0.0, 0.0, -0.375, 0.0])
    # soft(w − 0.5 g, 0.5) / (1 + 2·0.5·0.5)
    np.testing.assert_array_equal(swiftreg.proximal_step(w, g, 0.5, l1=1.0, l2=0.5),
                                  np.array([0.5, -0.5, 0.0, 0.0, 1.0]) / 1.5)


@pytest.mark.parametrize("dtype", DTYPES)
def test_proximal_makes_exact_zeros_subgradient_does_not(rng, dtype):
    """The documented difference: repeated steps with a weak gradient."""
    w_sub = (rng.standard_normal(50) * 0.1).astype(dtype)
    w_prox = w_sub.copy()
    for _ in range(200):
        g = (0.01 * w_sub).astype(dtype)
        swiftreg.subgradient_step(w_sub, g, 0.01, l1=1.0, out=w_sub)
        g = (0.01 * w_prox).astype(dtype)
        swiftreg.proximal_step(w_prox, g, 0.01, l1=1.0, out=w_prox)
    assert np.all(w_prox == 0)
    assert np.count_nonzero(w_sub) > 25
    assert np.max(np.abs(w_sub)) <= 0.01 * 1.0 * 1.5


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("which", list(STEPS))
def test_large_random_blocked(rng, which, dtype):
    fn, ref_fn = STEPS[which]
    n = 200_000  # above the threading threshold
    w = rng.standard_normal(n).astype(dtype)
    g = rng.standard_normal(n).astype(dtype)
    for lr, l1, l2 in HYPER:
        assert_close(fn(w, g, lr, l1=l1, l2=l2), ref_fn(w, g, lr, l1, l2), dtype,
                     scale=scale(w, g, lr, l1, l2))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("which", list(STEPS))
def test_empty(which, dtype):
    fn, _ = STEPS[which]
    for shape in [(0,), (4, 0)]:
        e = np.empty(shape, dtype)
        got = fn(e, e, 0.1, l1=1.0, l2=1.0)
        assert got.shape == shape and got.dtype == dtype


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("which", list(STEPS))
def test_special_values_propagate(which, dtype):
    fn, ref_fn = STEPS[which]
    inf, nan = np.inf, np.nan
    w = np.array([inf, -inf, nan, 1.0, 1.0, 1.0, 0.0], dtype)
    g = np.array([0.0, 0.0, 0.0, nan, inf, -inf, 0.0], dtype)
    for l1, l2 in [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)]:
        with np.errstate(invalid="ignore"):
            ref = ref_fn(w, g, 0.5, l1, l2).astype(dtype)
        np.testing.assert_array_equal(fn(w, g, 0.5, l1=l1, l2=l2), ref)


# ---------------------------------------------------------------------------------------
# out=
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("which", list(STEPS))
def test_out_aliasing_w_or_grad_and_non_contiguous(rng, which, dtype):
    fn, ref_fn = STEPS[which]
    w0 = grid(rng, 30).astype(dtype).reshape(5, 6)
    g0 = grid(rng, 30, -2, 2).astype(dtype).reshape(5, 6)
    for lr, l1, l2 in HYPER:
        ref = ref_fn(w0, g0, lr, l1, l2)
        sc = scale(w0, g0, lr, l1, l2)
        w, g = w0.copy(), g0.copy()
        assert fn(w, g, lr, l1=l1, l2=l2, out=w) is w  # in place in w
        assert_close(w, ref, dtype, scale=sc)
        np.testing.assert_array_equal(g, g0)
        w, g = w0.copy(), g0.copy()
        assert fn(w, g, lr, l1=l1, l2=l2, out=g) is g  # in place in grad
        assert_close(g, ref, dtype, scale=sc)
        np.testing.assert_array_equal(w, w0)
        out = np.zeros((6, 5), dtype).T  # Fortran-ordered out
        assert fn(w0, g0, lr, l1=l1, l2=l2, out=out) is out
        assert_close(out, ref, dtype, scale=sc)
        # in place in a strided view of a bigger array
        big = np.full((5, 12), 9.0, dtype)
        big[:, ::2] = w0
        view = big[:, ::2]
        fn(view, g0, lr, l1=l1, l2=l2, out=view)
        assert_close(view, ref, dtype, scale=sc)
        np.testing.assert_array_equal(big[:, 1::2], 9.0)


@pytest.mark.parametrize("which", list(STEPS))
def test_bad_inputs_change_nothing(which):
    fn, _ = STEPS[which]
    bad = {"lr": [0.0, -0.0, -1.0, float("nan"), float("inf")],
           "l1": [-1.0, float("nan"), float("inf")],
           "l2": [-1.0, float("nan"), float("inf")]}
    for dtype in DTYPES:
        w = np.array([1.0, -2.0, 0.0], dtype)
        g = np.array([0.5, 0.5, 0.5], dtype)
        snap = snapshot(w, g)
        for arg, values in bad.items():
            for v in values:
                kw = {"lr": 0.1, "l1": 0.1, "l2": 0.1}
                kw[arg] = v
                lr = kw.pop("lr")
                for out in (None, w, g):
                    with pytest.raises(swiftreg.SwiftRegError, match=arg):
                        fn(w, g, lr, out=out, **kw)
                    assert_unchanged(snap)
            with pytest.raises(TypeError, match=arg):
                kw = {"lr": 0.1, "l1": 0.1, "l2": 0.1}
                kw[arg] = "x"
                lr = kw.pop("lr")
                fn(w, g, lr, out=w, **kw)
            assert_unchanged(snap)
        # shape mismatch names both shapes
        with pytest.raises(ValueError, match=r"\(3,\).*\(1, 3\)"):
            fn(w, g.reshape(1, 3), 0.1, out=w)
        with pytest.raises(ValueError, match=r"\(3,\).*\(2,\)"):
            fn(w, g[:2], 0.1, out=w)
        assert_unchanged(snap)
        # out of the wrong kind
        ro = w.copy()
        ro.flags.writeable = False
        with pytest.raises(ValueError, match="read-only"):
            fn(ro, g, 0.1, out=ro)
        with pytest.raises(ValueError, match="shape"):
            fn(w, g, 0.1, out=np.zeros(4, dtype))
        other = np.float32 if dtype == np.float64 else np.float64
        with pytest.raises(TypeError, match="dtype"):
            fn(w, g, 0.1, out=np.zeros(3, other))
        assert_unchanged(snap)


def test_keyword_only_penalties():
    with pytest.raises(TypeError):
        swiftreg.subgradient_step([1.0], [1.0], 0.1, 0.5)  # l1 is keyword-only
    with pytest.raises(TypeError):
        swiftreg.proximal_step([1.0], [1.0], 0.1, 0.5)
