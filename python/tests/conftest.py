"""Shared fixtures and an independent NumPy float64 reference for every swiftreg kernel.

The references are written from the formulas in swiftreg.h and the docstrings, not from
the library's code:  r = y_pred − y_true, sign(0) = 0, s = sample_weight (1 when omitted).
Every reference computes in float64 on the (already dtype-converted) inputs, so a float32
result can be compared with the float64 reference of the float32 inputs.
"""
from __future__ import annotations

import zlib

import numpy as np
import pytest

import swiftreg

# --------------------------------------------------------------------------------------
# Reference formulas (float64)
# --------------------------------------------------------------------------------------


def f64(x):
    return np.asarray(x, dtype=np.float64)


def soft(v, t):
    v = f64(v)
    return np.sign(v) * np.maximum(np.abs(v) - t, 0.0)


def loss_terms(kind: str, r, delta: float = 1.0):
    r = f64(r)
    a = np.abs(r)
    if kind == "l1":
        return a
    if kind == "l2":
        return r * r
    if kind == "huber":
        with np.errstate(invalid="ignore", over="ignore"):
            return np.where(a <= delta, 0.5 * r * r, delta * (a - 0.5 * delta))
    raise AssertionError(kind)


def loss_derivative(kind: str, r, delta: float = 1.0):
    r = f64(r)
    if kind == "l1":
        return np.sign(r)
    if kind == "l2":
        return 2.0 * r
    if kind == "huber":
        return np.clip(r, -delta, delta)
    raise AssertionError(kind)


def ref_loss(kind, y_true, y_pred, sample_weight=None, reduction="sum", delta=1.0):
    yt, yp = f64(y_true), f64(y_pred)
    s = np.ones_like(yt) if sample_weight is None else f64(sample_weight)
    terms = s * loss_terms(kind, yp - yt, delta)
    if reduction == "none":
        return terms
    total = float(np.sum(terms, dtype=np.float64))
    if reduction == "sum":
        return total
    denom = float(yt.size) if sample_weight is None else float(np.sum(s))
    with np.errstate(invalid="ignore", divide="ignore"):
        return float(np.float64(total) / np.float64(denom))


def ref_loss_grad(kind, y_true, y_pred, sample_weight=None, reduction="sum", delta=1.0):
    yt, yp = f64(y_true), f64(y_pred)
    s = np.ones_like(yt) if sample_weight is None else f64(sample_weight)
    g = s * loss_derivative(kind, yp - yt, delta)
    if reduction == "mean":
        denom = float(yt.size) if sample_weight is None else float(np.sum(s))
        with np.errstate(invalid="ignore", divide="ignore"):
            g = g / denom
    return g


def ref_penalty(kind, w, *params):
    w = f64(w)
    if kind == "l1":
        (lam,) = params
        return lam * float(np.sum(np.abs(w)))
    if kind == "l2":
        (lam,) = params
        return lam * float(np.sum(w * w))
    if kind == "elastic_net":
        l1, l2 = params
        return l1 * float(np.sum(np.abs(w))) + l2 * float(np.sum(w * w))
    raise AssertionError(kind)


def ref_penalty_grad(kind, w, *params):
    w = f64(w)
    if kind == "l1":
        (lam,) = params
        return lam * np.sign(w)
    if kind == "l2":
        (lam,) = params
        return 2.0 * lam * w
    if kind == "elastic_net":
        l1, l2 = params
        return l1 * np.sign(w) + 2.0 * l2 * w
    raise AssertionError(kind)


def ref_prox(kind, v, *params):
    """params: (lam, step) for l1/l2, (l1, l2, step) for elastic_net."""
    v = f64(v)
    if kind == "l1":
        lam, step = params
        return soft(v, step * lam)
    if kind == "l2":
        lam, step = params
        return v / (1.0 + 2.0 * step * lam)
    if kind == "elastic_net":
        l1, l2, step = params
        return soft(v, step * l1) / (1.0 + 2.0 * step * l2)
    raise AssertionError(kind)


def ref_subgradient_step(w, g, lr, l1=0.0, l2=0.0):
    w, g = f64(w), f64(g)
    return w - lr * (g + l1 * np.sign(w) + 2.0 * l2 * w)


def ref_proximal_step(w, g, lr, l1=0.0, l2=0.0):
    w, g = f64(w), f64(g)
    return soft(w - lr * g, lr * l1) / (1.0 + 2.0 * lr * l2)


# --------------------------------------------------------------------------------------
# Comparison helpers
# --------------------------------------------------------------------------------------

RTOL = {np.dtype(np.float64): 1e-12, np.dtype(np.float32): 1e-6}


def assert_close(got, ref, dtype, *, scale=None):
    """got (library result) against the float64 reference computed on the same inputs.

    float32 results are float64 results rounded once (swiftreg.h), so rtol 1e-6 (≈ 8 ulp)
    is generous; float64 allows for a different (blocked) summation order. ``scale`` adds
    an absolute tolerance relative to the size of the inputs, for cancelling expressions.
    """
    dtype = np.dtype(dtype)
    rtol = RTOL[dtype]
    atol = 0.0 if scale is None else rtol * scale
    if isinstance(got, float):
        if isinstance(ref, np.ndarray):
            assert ref.ndim == 0, ref.shape
            ref = float(ref)
        assert isinstance(ref, float)
        np.testing.assert_allclose(got, ref, rtol=rtol, atol=atol, equal_nan=True)
        return
    assert isinstance(got, np.ndarray)
    assert got.dtype == dtype, (got.dtype, dtype)
    ref = np.asarray(ref)
    assert got.shape == ref.shape, (got.shape, ref.shape)
    np.testing.assert_allclose(got, ref, rtol=rtol, atol=atol, equal_nan=True)


# --------------------------------------------------------------------------------------
# Data: small integer grids (many exact zeros and ties), in several memory layouts
# --------------------------------------------------------------------------------------

DTYPES = [np.float64, np.float32]
REDUCTIONS = ["sum", "mean", "none"]
LAYOUTS = ["c1d", "c2d", "fortran", "strided", "negstride", "empty", "empty2d", "scalar0d"]


def grid(rng, shape, lo=-4, hi=4, step=0.5):
    """Values k·step for integer k in [lo, hi]: about 1 in 9 exactly 0, many ties."""
    return rng.integers(lo, hi + 1, size=shape).astype(np.float64) * step


def layout(x: np.ndarray, kind: str) -> np.ndarray:
    """A view of (a copy of) base data x (1-D, float) in the given memory layout, holding the
    same values whatever the layout (so references can use np.asarray of the result)."""
    n = x.size
    if kind == "c1d":
        return x.copy()
    if kind == "c2d":
        return x.reshape(-1, 4).copy() if n % 4 == 0 else x.reshape(1, -1).copy()
    if kind == "fortran":
        out = np.asfortranarray(x.reshape(4, -1) if n % 4 == 0 else x.reshape(1, -1))
        assert n < 8 or not out.flags.c_contiguous
        return out
    if kind == "strided":
        big = np.empty(2 * n, dtype=x.dtype)
        big[::2] = x
        big[1::2] = 12345.0  # poison between the elements
        return big[::2]
    if kind == "negstride":
        return x[::-1].copy()[::-1]
    if kind == "empty":
        return x[:0].copy()
    if kind == "empty2d":
        return x[:0].reshape(3, 0).copy()
    if kind == "scalar0d":
        return np.array(x[0])
    raise AssertionError(kind)


@pytest.fixture
def rng(request):
    """A generator seeded from the test's id: different data per test, stable across runs."""
    return np.random.default_rng(zlib.crc32(request.node.nodeid.encode()))


@pytest.fixture
def restore_threads():
    before = swiftreg.get_num_threads()
    yield
    swiftreg.set_num_threads(before)


def snapshot(*arrays):
    """Copies of every ndarray argument, to check that a failing call changed nothing."""
    return [(a, a.copy()) for a in arrays if isinstance(a, np.ndarray)]


def assert_unchanged(snap):
    for a, copy in snap:
        np.testing.assert_array_equal(a, copy, strict=True)
