"""The array rules every public function follows: result dtypes, shapes, layouts, and the
errors for bad inputs (which must leave every array the caller owns unchanged)."""
from __future__ import annotations

import math

import numpy as np
import pytest

import swiftreg
from conftest import assert_unchanged, ref_loss, ref_loss_grad, ref_prox, snapshot

# Every public kernel as (name, callable taking its array arguments, array argument names).
ALL = [
    ("l1_loss", lambda a, b, s=None, **k: swiftreg.l1_loss(a, b, sample_weight=s, **k), 3),
    ("l2_loss", lambda a, b, s=None, **k: swiftreg.l2_loss(a, b, sample_weight=s, **k), 3),
    ("huber_loss", lambda a, b, s=None, **k: swiftreg.huber_loss(a, b, sample_weight=s, **k), 3),
    ("l1_loss_grad", lambda a, b, s=None, **k: swiftreg.l1_loss_grad(a, b, sample_weight=s, **k), 3),
    ("l2_loss_grad", lambda a, b, s=None, **k: swiftreg.l2_loss_grad(a, b, sample_weight=s, **k), 3),
    ("huber_loss_grad", lambda a, b, s=None, **k: swiftreg.huber_loss_grad(a, b, sample_weight=s, **k), 3),
    ("l1_loss_value_and_grad",
     lambda a, b, s=None, **k: swiftreg.l1_loss_value_and_grad(a, b, sample_weight=s, **k), 3),
    ("l2_loss_value_and_grad",
     lambda a, b, s=None, **k: swiftreg.l2_loss_value_and_grad(a, b, sample_weight=s, **k), 3),
    ("huber_loss_value_and_grad",
     lambda a, b, s=None, **k: swiftreg.huber_loss_value_and_grad(a, b, sample_weight=s, **k), 3),
    ("l1_penalty", lambda w: swiftreg.l1_penalty(w, 0.5), 1),
    ("l2_penalty", lambda w: swiftreg.l2_penalty(w, 0.5), 1),
    ("elastic_net_penalty", lambda w: swiftreg.elastic_net_penalty(w, 0.5, 0.5), 1),
    ("l1_penalty_grad", lambda w, **k: swiftreg.l1_penalty_grad(w, 0.5, **k), 1),
    ("l2_penalty_grad", lambda w, **k: swiftreg.l2_penalty_grad(w, 0.5, **k), 1),
    ("elastic_net_penalty_grad", lambda w, **k: swiftreg.elastic_net_penalty_grad(w, 0.5, 0.5, **k), 1),
    ("l1_prox", lambda v, **k: swiftreg.l1_prox(v, 0.5, **k), 1),
    ("l2_prox", lambda v, **k: swiftreg.l2_prox(v, 0.5, **k), 1),
    ("elastic_net_prox", lambda v, **k: swiftreg.elastic_net_prox(v, 0.5, 0.5, **k), 1),
    ("subgradient_step", lambda w, g, **k: swiftreg.subgradient_step(w, g, 0.1, l1=0.5, l2=0.5, **k), 2),
    ("proximal_step", lambda w, g, **k: swiftreg.proximal_step(w, g, 0.1, l1=0.5, l2=0.5, **k), 2),
]
IDS = [a[0] for a in ALL]
ARG_NAMES = {3: ("y_true", "y_pred", "sample_weight"), 2: ("w", "grad")}


def arg_names(name, nargs):
    if nargs == 1:
        return ("v",) if name.endswith("prox") else ("w",)
    return ARG_NAMES[nargs]


def result_dtypes(res):
    """dtypes of every array in a result (float/tuple/array)."""
    if isinstance(res, tuple):
        return [d for r in res for d in result_dtypes(r)]
    if isinstance(res, float):
        return ["pyfloat"]
    return [res.dtype]


def inputs(nargs, dtypes, n=6):
    vals = [np.array([0.0, 1.0, -2.0, 3.0, 0.5, 0.0][:n]), np.array([1.0, 1.0, 2.0, -1.0, 0.0, 2.0][:n]),
            np.array([1.0, 0.0, 2.0, 1.0, 0.5, 3.0][:n])]
    return [vals[i].astype(dtypes[i]) for i in range(nargs)]


# ---------------------------------------------------------------------------------------
# dtype rules
# ---------------------------------------------------------------------------------------

CASES = [
    # input dtypes → result dtype
    ((np.float32,) * 3, np.float32),
    ((np.float64,) * 3, np.float64),
    ((np.int64,) * 3, np.float64),
    ((np.int32, np.int8, np.uint16), np.float64),
    ((np.bool_,) * 3, np.float64),
    ((np.float32, np.float64, np.float32), np.float64),
    ((np.float64, np.float32, np.float32), np.float64),
    ((np.float32, np.int64, np.float32), np.float64),
    ((np.float32, np.float32, np.float64), np.float64),
    ((np.float32, np.float32, np.int32), np.float64),
]


@pytest.mark.parametrize("dtypes,expected", CASES, ids=str)
@pytest.mark.parametrize("name,fn,nargs", ALL, ids=IDS)
def test_result_dtype(name, fn, nargs, dtypes, expected):
    args = inputs(nargs, dtypes)
    # the expected dtype for the arguments actually passed
    used = dtypes[:nargs]
    exp = np.float32 if all(d == np.float32 for d in used) else np.float64
    if nargs == 3:
        assert exp == expected
    snap = snapshot(*args)
    res = fn(*args)
    for d in result_dtypes(res):
        assert d == "pyfloat" or d == exp, (d, exp)
    assert_unchanged(snap)
    # the values: as the same call on float64 (or float32) copies of the inputs
    same = fn(*[a.astype(exp) for a in args])
    if isinstance(res, tuple):
        for r, s in zip(res, same):
            np.testing.assert_array_equal(r, s)
    else:
        np.testing.assert_array_equal(res, same)


@pytest.mark.parametrize("name,fn,nargs", ALL, ids=IDS)
def test_lists_and_tuples_are_float64(name, fn, nargs):
    args = [a.tolist() for a in inputs(nargs, (np.float32,) * 3)]
    res = fn(*args)
    for d in result_dtypes(res):
        assert d in ("pyfloat", np.float64)
    ints = [[int(x) for x in a] for a in args]
    res = fn(*[tuple(a) for a in ints])
    for d in result_dtypes(res):
        assert d in ("pyfloat", np.float64)


def test_python_scalars_do_not_upcast_float32():
    v = np.array([-1.0, 0.3, 2.0], np.float32)
    assert swiftreg.l1_prox(v, 0.5, 1.0).dtype == np.float32
    assert swiftreg.elastic_net_prox(v, 0.5, 0.5, 1.0).dtype == np.float32
    assert swiftreg.subgradient_step(v, v, 0.1, l1=0.5, l2=0.1).dtype == np.float32
    assert swiftreg.huber_loss_grad(v, v, delta=0.5).dtype == np.float32
    # a 0-d float32 array with a Python float: computed in float32 (0.3 rounded to float32)
    x = np.array(0.1, np.float32)
    got = swiftreg.l2_loss(x, 0.3)
    r = np.float64(np.float32(0.3)) - np.float64(np.float32(0.1))
    assert got == float(np.float32(r * r))
    # ... while a float64 array partner promotes
    got64 = swiftreg.l2_loss(x, np.array(0.3))
    r = 0.3 - np.float64(np.float32(0.1))
    assert got64 == r * r
    assert got != got64


def test_numpy_scalars_are_not_weak():
    # np.float64(…) is a float64 array-like: it promotes a float32 partner
    x = np.array(0.1, np.float32)
    r = 0.3 - np.float64(np.float32(0.1))
    assert swiftreg.l2_loss(x, np.float64(0.3)) == r * r


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_exotic_layouts_give_correct_results(dtype):
    base = np.array([-2.0, -0.5, 0.0, 0.5, 1.5, 3.0], dtype)
    ref = ref_prox("l1", base, 0.5, 1.0).astype(dtype)
    # big-endian
    be = base.astype(np.dtype(dtype).newbyteorder(">"))
    got = swiftreg.l1_prox(be, 0.5)
    assert got.dtype == dtype
    np.testing.assert_array_equal(got, ref)
    # unaligned
    raw = np.zeros(base.nbytes + 1, np.uint8)
    un = raw[1:].view(dtype)
    un[...] = base
    assert not un.flags.aligned
    np.testing.assert_array_equal(swiftreg.l1_prox(un, 0.5), ref)
    # unaligned out
    raw2 = np.zeros(base.nbytes + 1, np.uint8)
    out = raw2[1:].view(dtype)
    assert swiftreg.l1_prox(base, 0.5, out=out) is out
    np.testing.assert_array_equal(out, ref)
    # 3-D, sliced in every axis
    cube = np.arange(4 * 5 * 6, dtype=dtype).reshape(4, 5, 6) - 60
    view = cube[::2, ::-1, 1::2]
    np.testing.assert_array_equal(swiftreg.l1_prox(view, 3.0), ref_prox("l1", view, 3.0, 1.0).astype(dtype))
    np.testing.assert_array_equal(
        swiftreg.l1_loss(view, view.T.copy().T[::-1], reduction="none"),
        np.abs(view.astype(np.float64) - view[::-1]).astype(dtype))
    # a broadcast (zero-stride) view
    b = np.broadcast_to(np.array([1.5], dtype), (4, 3))
    np.testing.assert_array_equal(swiftreg.l1_prox(b, 0.5), np.full((4, 3), 1.0, dtype))


def test_elementwise_results_are_new_arrays():
    v = np.array([1.0, 2.0])
    for res in (swiftreg.l1_prox(v, 0.0), swiftreg.l2_prox(v, 0.0),
                swiftreg.l1_loss(v, v, reduction="none"), swiftreg.l2_penalty_grad(v, 0.5)):
        assert res is not v and not np.shares_memory(res, v)
        assert res.flags.writeable and res.flags.c_contiguous


@pytest.mark.parametrize("shape", [(7,), (2, 3), (2, 1, 3), (1, 1, 1, 4)])
def test_shape_is_kept(shape):
    a = np.arange(np.prod(shape), dtype=np.float64).reshape(shape)
    for res in (swiftreg.l1_prox(a, 1.0), swiftreg.l1_loss(a, a, reduction="none"),
                swiftreg.l2_loss_grad(a, a), swiftreg.huber_loss_value_and_grad(a, a)[1],
                swiftreg.proximal_step(a, a, 0.1), swiftreg.l1_penalty_grad(a, 1.0)):
        assert res.shape == shape


def test_zero_dim_array_inputs_give_python_floats():
    a = np.array(3.0)
    assert swiftreg.l1_prox(a, 1.0) == 2.0 and type(swiftreg.l1_prox(a, 1.0)) is float
    assert type(swiftreg.l1_loss(a, np.array(1.0), reduction="none")) is float
    assert swiftreg.l1_loss_grad(a, np.array(1.0)) == -1.0
    out = np.empty(())
    assert swiftreg.l1_prox(a, 1.0, out=out) is out and out == 2.0




@pytest.mark.parametrize("v", [2.0, 2, np.float32(2.0), np.array(2), np.array(2.0, ">f8")],
                         ids=["pyfloat", "pyint", "npf32", "int0d", "bigendian0d"])
def test_scalar_input_gives_python_float(v):
    res = swiftreg.l1_prox(v, 1.0)
    assert type(res) is float and res == 1.0


def test_scalar_loss_none_gives_python_float():
    res = swiftreg.l1_loss(1.0, 2.5, reduction="none")
    assert type(res) is float and res == 1.5


def test_scalar_input_with_0d_out():
    out = np.empty((), np.float32)
    res = swiftreg.l1_prox(np.float32(3.0), 1.0, out=out)
    assert res is out and out == 2.0


# ---------------------------------------------------------------------------------------
# Bad dtypes
# ---------------------------------------------------------------------------------------

BAD_DTYPE_VALUES = {
    "complex": lambda n: np.ones(n, np.complex128),
    "complex64": lambda n: np.ones(n, np.complex64),
    "object": lambda n: np.ones(n, object),
    "str": lambda n: np.array(["1.0"] * n),
    "bytes": lambda n: np.array([b"1"] * n),
    "datetime": lambda n: np.array(["2020-01-01"] * n, dtype="datetime64[D]"),
    "timedelta": lambda n: np.arange(n).astype("timedelta64[s]"),
    "structured": lambda n: np.zeros(n, dtype=[("a", "f8")]),
    "list_of_str": lambda n: ["a"] * n,
    "list_of_complex": lambda n: [1j] * n,
    "ragged": lambda n: [[1.0, 2.0], [3.0]],
}


@pytest.mark.parametrize("bad", list(BAD_DTYPE_VALUES))
@pytest.mark.parametrize("name,fn,nargs", ALL, ids=IDS)
def test_non_numeric_dtypes_raise_type_error(name, fn, nargs, bad):
    names = arg_names(name, nargs)
    for pos in range(nargs):
        args = inputs(nargs, (np.float64,) * 3, n=2)
        args[pos] = BAD_DTYPE_VALUES[bad](2)
        snap = snapshot(*args)
        with pytest.raises(TypeError, match=names[pos]):
            fn(*args)
        assert_unchanged(snap)


@pytest.mark.parametrize("name,fn,nargs", ALL, ids=IDS)
def test_masked_arrays_raise_type_error(name, fn, nargs):
    names = arg_names(name, nargs)
    for pos in range(nargs):
        args = inputs(nargs, (np.float64,) * 3, n=3)
        args[pos] = np.ma.array(args[pos], mask=[False, True, False])
        snap = snapshot(*args)
        with pytest.raises(TypeError, match=f"{names[pos]}.*mask"):
            fn(*args)
        assert_unchanged(snap)
        # even with no element masked
        args[pos] = np.ma.array(np.asarray(args[pos]))
        with pytest.raises(TypeError, match=names[pos]):
            fn(*args)


@pytest.mark.parametrize("name,fn,nargs", [a for a in ALL if a[2] >= 2], ids=[a[0] for a in ALL if a[2] >= 2])
def test_none_for_a_required_array_is_type_error(name, fn, nargs):
    args = inputs(nargs, (np.float64,) * 3, n=2)
    args[1] = None
    with pytest.raises(TypeError):
        fn(*args)
    args = [np.empty(0), None] + [None] * (nargs - 2)
    with pytest.raises(TypeError):
        fn(*args)


@pytest.mark.parametrize("name,fn,nargs", ALL, ids=IDS)
def test_none_for_the_first_array_is_type_error(name, fn, nargs):
    args = inputs(nargs, (np.float64,) * 3, n=2)
    args[0] = None
    with pytest.raises(TypeError):
        fn(*args)


# ---------------------------------------------------------------------------------------
# Shapes
# ---------------------------------------------------------------------------------------

MISMATCHES = [((3,), (4,)), ((2, 3), (3, 2)), ((6,), (2, 3)), ((1, 3), (3,)), ((0,), (1,)),
              ((3, 0), (0, 3)), ((), (1,))]


@pytest.mark.parametrize("shapes", MISMATCHES, ids=str)
@pytest.mark.parametrize("name,fn,nargs", [a for a in ALL if a[2] >= 2],
                         ids=[a[0] for a in ALL if a[2] >= 2])
def test_shape_mismatch_names_both_shapes(name, fn, nargs, shapes):
    names = arg_names(name, nargs)
    s0, s1 = shapes
    for pos in range(1, nargs):
        args = [np.ones(s0) for _ in range(nargs)]
        args[pos] = np.ones(s1)
        out = np.full(s0, 4.0)
        snap = snapshot(*args, out)
        kw = {} if name.endswith(("_loss", "_penalty")) else {"out": out}
        with pytest.raises(ValueError) as info:
            fn(*args, **kw)
        msg = str(info.value)
        assert str(s0) in msg and str(s1) in msg, msg
        assert names[0] in msg and names[pos] in msg, msg
        assert_unchanged(snap)


# ---------------------------------------------------------------------------------------
# Loss arguments: reduction, sample_weight, delta
# ---------------------------------------------------------------------------------------

LOSSES = [a for a in ALL if a[2] == 3]
LOSS_IDS = [a[0] for a in LOSSES]


@pytest.mark.parametrize("reduction", ["SUM", "avg", "", None, 1, b"sum", "mean ", ["sum"]], ids=repr)
@pytest.mark.parametrize("name,fn,nargs", LOSSES, ids=LOSS_IDS)
def test_unknown_reduction(name, fn, nargs, reduction):
    yt, yp, sw = inputs(3, (np.float64,) * 3)
    out = np.full(6, 2.0)
    snap = snapshot(yt, yp, sw, out)
    kw = {} if name.endswith("_loss") else {"out": yp}
    with pytest.raises(ValueError, match="reduction") as info:
        fn(yt, yp, sw, reduction=reduction, **kw)
    assert repr(reduction) in str(info.value)
    assert_unchanged(snap)


BAD_WEIGHTS = {
    "negative": [1.0, -1.0, 1.0, 1.0, 1.0, 1.0],
    "tiny_negative": [1.0, 1.0, 1.0, 1.0, 1.0, -5e-324],
    "nan": [1.0, 1.0, np.nan, 1.0, 1.0, 1.0],
    "inf": [np.inf, 1.0, 1.0, 1.0, 1.0, 1.0],
    "-inf": [1.0, 1.0, 1.0, -np.inf, 1.0, 1.0],
}


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("bad", list(BAD_WEIGHTS))
@pytest.mark.parametrize("name,fn,nargs", LOSSES, ids=LOSS_IDS)
def test_bad_sample_weight(name, fn, nargs, bad, dtype):
    yt, yp = inputs(2, (dtype,) * 2)
    sw = np.array(BAD_WEIGHTS[bad], dtype)
    if bad == "tiny_negative" and dtype == np.float32:
        sw[-1] = -1e-45
    for reduction in ["sum", "mean", "none"]:
        for target in ("y_pred", "sample_weight", None):
            a = {"y_true": yt.copy(), "y_pred": yp.copy(), "sample_weight": sw.copy()}
            snap = snapshot(*a.values())
            kw = {} if (name.endswith("_loss") and reduction != "none") or target is None \
                else {"out": a[target]}
            with pytest.raises(swiftreg.SwiftRegError, match="sample_weight") as info:
                fn(a["y_true"], a["y_pred"], a["sample_weight"], reduction=reduction, **kw)
            assert info.value.status == 5
            assert_unchanged(snap)


def test_negative_zero_weight_is_allowed():
    assert swiftreg.l1_loss([1.0, 2.0], [2.0, 4.0], sample_weight=[-0.0, 1.0]) == 2.0


@pytest.mark.parametrize("delta", [0.0, -0.0, -1.0, float("nan"), float("inf"), -float("inf")])
@pytest.mark.parametrize("fn", [swiftreg.huber_loss, swiftreg.huber_loss_grad,
                                swiftreg.huber_loss_value_and_grad])
def test_bad_delta(fn, delta):
    for dtype in (np.float32, np.float64):
        yt, yp, sw = inputs(3, (dtype,) * 3)
        snap = snapshot(yt, yp, sw)
        for red in ["sum", "mean", "none"]:
            kw = {} if fn is swiftreg.huber_loss and red != "none" else {"out": yp}
            with pytest.raises(swiftreg.SwiftRegError, match="delta") as info:
                fn(yt, yp, sample_weight=sw, reduction=red, delta=delta, **kw)
            assert info.value.status == 3
            assert_unchanged(snap)
            with pytest.raises(ValueError, match="delta"):
                fn(np.empty(0, dtype), np.empty(0, dtype), reduction=red, delta=delta)
    with pytest.raises(TypeError, match="delta"):
        fn([1.0], [2.0], delta="big")


def test_swiftreg_error_is_a_value_error_with_a_status():
    assert issubclass(swiftreg.SwiftRegError, ValueError)
    with pytest.raises(ValueError) as info:
        swiftreg.l1_prox([1.0], -2.0)
    err = info.value
    assert isinstance(err, swiftreg.SwiftRegError)
    assert err.status == 3
    assert "lam" in str(err) and "-2" in str(err)


def test_a_failed_call_then_a_good_call():
    """A failure leaves no state behind that affects the next call."""
    with pytest.raises(ValueError):
        swiftreg.l2_loss([1.0], [2.0], sample_weight=[-1.0])
    assert swiftreg.l2_loss([1.0], [2.0], sample_weight=[2.0]) == 2.0
    yt = np.array([1.0, 2.0])
    assert swiftreg.l2_loss_grad(yt, [3.0, 3.0], reduction="mean").tolist() == \
        ref_loss_grad("l2", yt, [3.0, 3.0], None, "mean").tolist()
    assert math.isclose(swiftreg.l1_loss(yt, [3.0, 3.0], reduction="mean"),
                        ref_loss("l1", yt, [3.0, 3.0], None, "mean"))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_large_unaligned_inputs(dtype):
    """Unaligned C-contiguous inputs, long enough for the vectorised and threaded paths."""
    n = 300_000
    base = np.random.default_rng(3).standard_normal(n).astype(dtype)
    raw = np.zeros(base.nbytes + 1, np.uint8)
    u = raw[1:].view(dtype)
    u[...] = base
    assert not u.flags.aligned
    sw = np.abs(base)
    np.testing.assert_array_equal(swiftreg.l1_prox(u, 0.5), swiftreg.l1_prox(base, 0.5))
    assert swiftreg.l2_loss(u, base[::-1].copy(), sample_weight=sw) == \
        swiftreg.l2_loss(base, base[::-1].copy(), sample_weight=sw)
    assert swiftreg.l1_penalty(u, 1.0) == swiftreg.l1_penalty(base, 1.0)
    np.testing.assert_array_equal(swiftreg.huber_loss_grad(base, u, reduction="mean"),
                                  swiftreg.huber_loss_grad(base, base, reduction="mean"))
    np.testing.assert_array_equal(swiftreg.proximal_step(u, base, 0.1, l1=0.5),
                                  swiftreg.proximal_step(base, base, 0.1, l1=0.5))


# ---------------------------------------------------------------------------------------
# the fast call path (writeable C-contiguous float arrays) and the general path agree
# ---------------------------------------------------------------------------------------

def _readonly(a):
    a = a.copy()
    a.flags.writeable = False  # not flags.carray: the call takes the general path
    return a


def _same(x, y):
    if isinstance(x, tuple):
        assert isinstance(y, tuple) and len(x) == len(y)
        for p, q in zip(x, y):
            _same(p, q)
    elif isinstance(x, float):
        assert type(y) is float and (x == y or (math.isnan(x) and math.isnan(y)))
    else:
        np.testing.assert_array_equal(x, y, strict=True)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name,fn,nargs", ALL, ids=IDS)
def test_fast_and_general_paths_agree(name, fn, nargs, dtype):
    rng = np.random.default_rng(7)
    args = [rng.standard_normal(37).astype(dtype) for _ in range(min(nargs, 2))]
    fast = fn(*args)
    _same(fast, fn(*[_readonly(a) for a in args]))  # general path
    elementwise = not isinstance(fast, float)
    if not elementwise:
        return
    expect = fast[1] if isinstance(fast, tuple) else fast
    # out= a separate buffer (fast path), a read-only input with out= (general path), in place
    for make_args in (lambda: [a.copy() for a in args], lambda: [_readonly(a) for a in args]):
        out = np.full(37, 9.0, dtype)
        res = fn(*make_args(), out=out)
        got = res[1] if isinstance(res, tuple) else res
        assert got is out
        np.testing.assert_array_equal(out, expect, strict=True)
    if nargs <= 2:  # losses write their gradient over y_pred; the others over any input
        for k in range(len(args)):
            own = [a.copy() for a in args]
            res = fn(*own, out=own[k])
            got = res[1] if isinstance(res, tuple) else res
            assert got is own[k]
            np.testing.assert_array_equal(own[k], expect, strict=True)
    else:
        own = [a.copy() for a in args]
        res = fn(*own, out=own[1])
        np.testing.assert_array_equal(own[1], expect, strict=True)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_out_overlapping_a_view_of_an_input_gets_numpy_semantics(dtype):
    # out is a shifted view of the input's buffer: not a fast-path case (the arrays do not
    # own their data); the result must equal the one computed from an untouched copy.
    base = np.arange(12, dtype=dtype) - 5
    v = base[:10]
    expect = swiftreg.l1_prox(v.copy(), 1.5)
    out = base[2:]
    swiftreg.l1_prox(v, 1.5, out=out)
    np.testing.assert_array_equal(out, expect, strict=True)


def test_hyperparameters_as_numpy_scalars_on_the_fast_path_and_strings_rejected():
    w, g = np.array([1.0, -2.0, 0.25]), np.array([0.5, 0.5, 0.5])
    expect = swiftreg.proximal_step(w, g, 0.1, l1=0.5, l2=0.25)
    lr, l1, l2 = np.float64(0.1), np.float32(0.5), np.float64(0.25)
    np.testing.assert_array_equal(swiftreg.proximal_step(w, g, lr, l1=l1, l2=l2), expect)
    # A numeric string is not a number (NumPy's ufuncs and scikit-learn say the same).
    with pytest.raises(TypeError, match="lr must be a real number"):
        swiftreg.proximal_step(w, g, "0.1", l1=0.5)
    with pytest.raises(TypeError, match="l1"):
        swiftreg.proximal_step(w, g, 0.1, l1="lots")
    with pytest.raises(TypeError, match="lam"):
        swiftreg.l2_penalty(w, None)
