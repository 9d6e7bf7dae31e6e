"""Hostile and edge input from Python: each case gives a clear exception or a documented
result, the caller's arrays are unchanged, and the process stays alive.

Covers 0-element arrays, more than 2**31 elements (a read-only mmap of zero pages: 8 GiB of
address space, a few pages of memory), big-endian and unaligned arrays, object, string,
complex and masked arrays, Fortran-ordered and negative-stride views, read-only and
overlapping ``out=`` buffers, NaN/Inf hyperparameters, and a library file that is missing or
of the wrong version.
"""
from __future__ import annotations

import ctypes
import mmap
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

import swiftreg

ROOT = Path(__file__).resolve().parents[2]


def snapshot(*arrays):
    return [(a, np.array(a, copy=True)) for a in arrays if isinstance(a, np.ndarray)]


def unchanged(snap):
    for a, before in snap:
        np.testing.assert_array_equal(np.asarray(a), before, strict=True)


# Every elementwise family as (name, call(x, y, **kw)).
ELEMENTWISE = {
    "l1_loss/none": lambda x, y, **kw: swiftreg.l1_loss(x, y, reduction="none", **kw),
    "l2_loss_grad": lambda x, y, **kw: swiftreg.l2_loss_grad(x, y, **kw),
    "huber_loss_grad/mean": lambda x, y, **kw: swiftreg.huber_loss_grad(x, y, reduction="mean", delta=0.5, **kw),
    "l1_penalty_grad": lambda x, y, **kw: swiftreg.l1_penalty_grad(x, 0.3, **kw),
    "l1_prox": lambda x, y, **kw: swiftreg.l1_prox(x, 0.3, 0.5, **kw),
    "elastic_net_prox": lambda x, y, **kw: swiftreg.elastic_net_prox(x, 0.3, 0.2, 0.5, **kw),
    "subgradient_step": lambda x, y, **kw: swiftreg.subgradient_step(x, y, 0.1, l1=0.2, **kw),
    "proximal_step": lambda x, y, **kw: swiftreg.proximal_step(x, y, 0.1, l1=0.2, **kw),
}
REDUCING = {
    "l1_loss": lambda x, y: swiftreg.l1_loss(x, y),
    "l2_loss/mean": lambda x, y: swiftreg.l2_loss(x, y, reduction="mean"),
    "huber_loss": lambda x, y: swiftreg.huber_loss(x, y, delta=1.0),
    "l1_penalty": lambda x, y: swiftreg.l1_penalty(x, 0.5),
    "elastic_net_penalty": lambda x, y: swiftreg.elastic_net_penalty(x, 0.5, 0.25),
}


def reference_inputs(n=9):
    x = np.linspace(-2, 2, n)
    y = np.round(np.cos(np.arange(n)), 1)
    return x, y


# ------------------------------------------------------------------------------------------
# sizes
# ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("shape", [(0,), (0, 3), (4, 0)])
def test_zero_elements(dtype, shape):
    x = np.empty(shape, dtype)
    for name, f in ELEMENTWISE.items():
        out = f(x, x)
        assert out.shape == shape and out.dtype == dtype, name
    assert swiftreg.l1_loss(x, x) == 0.0
    assert np.isnan(swiftreg.l1_loss(x, x, reduction="mean"))
    assert swiftreg.l2_penalty(x, 1.0) == 0.0


def _zero_pages(nbytes):
    """A private, read-only anonymous mapping: every page is the kernel's shared zero page,
    so 8 GiB of it costs address space and page tables, not memory."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mmap.restype = ctypes.c_void_p
    libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long]
    libc.munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
    flags = mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS | getattr(mmap, "MAP_NORESERVE", 0x4000)
    addr = libc.mmap(None, nbytes, mmap.PROT_READ | mmap.PROT_WRITE, flags, -1, 0)
    if addr in (None, ctypes.c_void_p(-1).value):
        pytest.skip(f"mmap of {nbytes} bytes failed: errno {ctypes.get_errno()}")
    return addr, lambda: libc.munmap(addr, nbytes)


@pytest.mark.skipif(sys.maxsize < 2**62 or not sys.platform.startswith("linux"),
                    reason="needs a 64-bit Linux address space")
def test_more_than_2_to_the_31_elements():
    """n = 2**31 + 5 float32 (8 GiB of address space, all zero pages but two written ones):
    the reductions see every element, so no length is truncated to 32 bits anywhere."""
    n = 2**31 + 5
    addr, unmap = _zero_pages(n * 4)
    try:
        w = np.ctypeslib.as_array(ctypes.cast(addr, ctypes.POINTER(ctypes.c_float)), shape=(n,))
        w[0] = 1.5          # first page
        w[n - 1] = 2.0      # beyond 2**31: lost if n were truncated to int32
        w[2**31 - 1] = 4.0  # the last index an int32 can hold
        assert w.size == n and w.flags.c_contiguous
        rss_before = _rss_bytes()
        assert swiftreg.l1_penalty(w, 1.0) == 7.5
        assert swiftreg.l2_penalty(w, 1.0) == 1.5**2 + 4.0 + 16.0
        mean = swiftreg.l1_loss(w, w, reduction="mean")
        assert mean == 0.0
        # against zeros: a second 8 GiB zero mapping as y_true
        addr2, unmap2 = _zero_pages(n * 4)
        try:
            z = np.ctypeslib.as_array(ctypes.cast(addr2, ctypes.POINTER(ctypes.c_float)), shape=(n,))
            z.flags.writeable = False
            total = swiftreg.l1_loss(z, w)
            assert total == 7.5
            mean = swiftreg.l1_loss(z, w, reduction="mean")
            assert mean == pytest.approx(7.5 / n, rel=1e-6)
        finally:
            unmap2()
        # reading zero pages does not make them resident
        assert _rss_bytes() - rss_before < 512 * 2**20
    finally:
        unmap()


def _rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def test_broadcast_view_of_more_than_2_to_the_31_elements_is_refused_or_copied():
    """A broadcast view (stride 0) of 2**31 + 1 elements: the array layer would have to
    materialise it (8 GiB): it must raise MemoryError or work — never crash or truncate."""
    if os.environ.get("SWIFTREG_BIG_TESTS") != "1":
        pytest.skip("materialises 8 GiB (about 90 s): set SWIFTREG_BIG_TESTS=1 to run it")
    v = np.broadcast_to(np.float32(1.0), (2**31 + 1,))
    # Materialising needs 8 GiB of the machine's memory; only run where that is plainly safe.
    avail = os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    if avail < 20 * 2**30:
        pytest.skip(f"only {avail / 2**30:.1f} GiB free: not materialising 8 GiB")
    try:
        got = swiftreg.l1_penalty(v, 1.0)
    except MemoryError:
        return
    assert got == float(np.float32(2**31 + 1))  # the float32 result of the exact sum


# ------------------------------------------------------------------------------------------
# layouts and dtypes
# ------------------------------------------------------------------------------------------

def _variants(x):
    """Views holding the same values as x in hostile layouts."""
    big = x.astype(x.dtype.newbyteorder(">"))
    raw = np.zeros(x.nbytes + 1, np.uint8)
    unaligned = raw[1:].view(x.dtype)
    unaligned[:] = x
    assert not unaligned.flags.aligned
    wide = np.zeros(2 * x.size, x.dtype)
    wide[::2] = x
    return {
        "big-endian": big,
        "unaligned": unaligned,
        "strided": wide[::2],
        "negative-stride": x[::-1].copy()[::-1],
        "fortran-2d": np.asfortranarray(x.reshape(3, 3)),
        "transposed": x.reshape(3, 3).T.copy().T,
    }


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_hostile_layouts_give_the_plain_result(dtype):
    x, y = reference_inputs()
    x, y = x.astype(dtype), y.astype(dtype)
    for kind, v in _variants(x).items():
        w = _variants(y)[kind]
        snap = snapshot(v, w)
        for name, f in ELEMENTWISE.items():
            got = f(v, w)
            ref = f(np.ascontiguousarray(v, dtype), np.ascontiguousarray(w, dtype))
            assert got.shape == v.shape, (kind, name)
            np.testing.assert_array_equal(got, ref, err_msg=f"{kind} {name}")
        for name, f in REDUCING.items():
            assert f(v, w) == f(np.ascontiguousarray(v, dtype), np.ascontiguousarray(w, dtype)), (kind, name)
        unchanged(snap)


@pytest.mark.parametrize("bad", [
    np.array(["1", "2"]), np.array([b"1", b"2"]), np.array([1, None], dtype=object),
    np.array([1.0, 2.0], dtype=object), np.array([1 + 2j, 3j]),
    np.array([(1.0, 2.0)], dtype=[("a", "f8"), ("b", "f8")]), np.array(["2020-01-01"], dtype="M8[D]"),
])
def test_non_numeric_dtypes_raise_type_error(bad):
    good = np.zeros(bad.shape)
    snap = snapshot(bad, good)
    for f in (lambda: swiftreg.l1_loss(bad, good), lambda: swiftreg.l1_loss(good, bad),
              lambda: swiftreg.l1_prox(bad, 0.1, 1.0), lambda: swiftreg.proximal_step(good, bad, 0.1),
              lambda: swiftreg.l2_penalty(bad, 1.0)):
        with pytest.raises(TypeError):
            f()
    unchanged(snap)


def test_masked_arrays_raise_type_error():
    m = np.ma.masked_array([1.0, 2.0, 3.0], mask=[0, 1, 0])
    snap = snapshot(m.data, m.mask)
    with pytest.raises(TypeError, match="mask"):
        swiftreg.l1_loss(m, np.zeros(3))
    with pytest.raises(TypeError, match="mask"):
        swiftreg.l1_prox(m, 0.1, 1.0)
    unchanged(snap)


def test_shape_mismatch_is_value_error():
    with pytest.raises(ValueError, match="shape"):
        swiftreg.l1_loss(np.zeros(3), np.zeros(4))
    with pytest.raises(ValueError, match="shape"):
        swiftreg.l1_loss(np.zeros(3), np.zeros(3), sample_weight=np.ones(2))


# ------------------------------------------------------------------------------------------
# out= buffers
# ------------------------------------------------------------------------------------------

def test_read_only_out_is_refused_and_untouched():
    x, y = reference_inputs()
    out = np.full(x.shape, 7.0)
    out.flags.writeable = False
    for name, f in ELEMENTWISE.items():
        with pytest.raises(ValueError, match="read-only"):
            f(x, y, out=out)
    assert np.all(out == 7.0)


def test_out_of_wrong_dtype_or_shape_is_refused():
    x, y = reference_inputs()
    for bad in (np.empty(9, np.float32), np.empty(8), np.empty((9, 1)), [0.0] * 9):
        snap = snapshot(bad)
        with pytest.raises((TypeError, ValueError)):
            swiftreg.l1_prox(x, 0.1, 1.0, out=bad)
        unchanged(snap)


@pytest.mark.parametrize("shift", [1, -1, 3])
def test_partially_overlapping_out_gets_numpy_semantics(shift):
    """out overlapping an input partially: the result is as if computed into a temporary."""
    base = np.linspace(-1, 1, 20)
    x = base[5:14]
    out = base[5 + shift:14 + shift]
    ref = swiftreg.l1_prox(x.copy(), 0.3, 0.5)
    got = swiftreg.l1_prox(x, 0.3, 0.5, out=out)
    assert got is out
    np.testing.assert_array_equal(out, ref)
    g = np.linspace(0, 1, 20)[5:14]
    base2 = np.linspace(-1, 1, 20)
    w, out2 = base2[5:14], base2[5 + shift:14 + shift]
    ref2 = swiftreg.proximal_step(w.copy(), g, 0.1, l1=0.2)
    np.testing.assert_array_equal(swiftreg.proximal_step(w, g, 0.1, l1=0.2, out=out2), ref2)


def test_exactly_aliased_out_in_place():
    x, y = reference_inputs()
    for name, f in ELEMENTWISE.items():
        a, b = x.copy(), y.copy()
        ref = f(a.copy(), b.copy())
        got = f(a, b, out=a)
        assert got is a
        np.testing.assert_array_equal(a, ref, err_msg=name)


@pytest.mark.parametrize("target", ["y_true", "y_pred", "sample_weight"])
@pytest.mark.parametrize("reduction", ["sum", "mean"])
def test_value_and_grad_with_out_aliasing_an_input(target, reduction):
    yt, yp, sw = np.array([0.0, 1.0, -2.0]), np.array([0.5, 1.0, -3.0]), np.array([2.0, 3.0, 0.5])
    ref_value, ref_grad = swiftreg.l1_loss_value_and_grad(yt.copy(), yp.copy(), sample_weight=sw.copy(),
                                                          reduction=reduction)
    arrays = {"y_true": yt, "y_pred": yp, "sample_weight": sw}
    value, grad = swiftreg.l1_loss_value_and_grad(yt, yp, sample_weight=sw, reduction=reduction,
                                                  out=arrays[target])
    np.testing.assert_array_equal(grad, ref_grad)
    assert value == ref_value


# ------------------------------------------------------------------------------------------
# hyperparameters
# ------------------------------------------------------------------------------------------

BAD_HYPER = [float("nan"), float("inf"), -float("inf"), -1.0, -1e-300]


@pytest.mark.parametrize("bad", BAD_HYPER)
def test_nan_inf_negative_hyperparameters_raise(bad):
    x, y = reference_inputs()
    snap = snapshot(x, y)
    out = np.full(x.shape, 3.0)
    calls = [
        lambda: swiftreg.l1_penalty(x, bad), lambda: swiftreg.l2_penalty_grad(x, bad, out=out),
        lambda: swiftreg.elastic_net_penalty(x, 0.1, bad), lambda: swiftreg.l1_prox(x, bad, 1.0, out=out),
        lambda: swiftreg.l1_prox(x, 0.1, bad, out=out), lambda: swiftreg.l2_prox(x, 0.1, bad, out=out),
        lambda: swiftreg.elastic_net_prox(x, 0.1, 0.1, bad, out=out),
        lambda: swiftreg.subgradient_step(x, y, bad, out=out), lambda: swiftreg.proximal_step(x, y, 0.1, l1=bad, out=out),
        lambda: swiftreg.proximal_step(x, y, 0.1, l2=bad, out=out),
        lambda: swiftreg.huber_loss(x, y, delta=bad), lambda: swiftreg.huber_loss_grad(x, y, delta=bad, out=out),
    ]
    for call in calls:
        with pytest.raises(swiftreg.SwiftRegError) as info:
            call()
        assert info.value.status == 3
        assert str(info.value)  # names the argument and the value
    unchanged(snap)
    assert np.all(out == 3.0)


@pytest.mark.parametrize("bad", [None, "lots", "0.1", b"1", [0.1], object(), 1j])  # a numeric string is not a number
def test_non_real_hyperparameters_raise_type_error(bad):
    with pytest.raises(TypeError):
        swiftreg.l1_prox(np.ones(3), bad, 1.0)


def test_zero_step_and_zero_delta_are_rejected():
    with pytest.raises(swiftreg.SwiftRegError):
        swiftreg.l1_prox(np.ones(3), 0.1, 0.0)
    with pytest.raises(swiftreg.SwiftRegError):
        swiftreg.huber_loss(np.ones(3), np.ones(3), delta=0.0)
    with pytest.raises(ValueError):
        swiftreg.l1_loss(np.ones(3), np.ones(3), reduction="avg")


@pytest.mark.parametrize("bad_weight", [-1.0, float("nan"), float("inf")])
def test_bad_sample_weights_raise_and_leave_out_untouched(bad_weight):
    x, y = reference_inputs()
    sw = np.ones_like(x)
    sw[4] = bad_weight
    out = np.full(x.shape, 5.0)
    snap = snapshot(x, y, sw)
    with pytest.raises(swiftreg.SwiftRegError) as info:
        swiftreg.l2_loss_grad(x, y, sample_weight=sw, out=out)
    assert info.value.status == 5 and "4" in str(info.value)
    assert np.all(out == 5.0)
    unchanged(snap)


def test_nan_and_inf_data_propagate():
    x = np.array([np.nan, np.inf, -np.inf, 1.0])
    y = np.zeros(4)
    np.testing.assert_array_equal(np.isnan(swiftreg.l1_loss(x, y, reduction="none")), [True, False, False, False])
    assert np.isnan(swiftreg.l1_loss(x, y))
    p = swiftreg.l1_prox(x, 0.1, 1.0)
    assert np.isnan(p[0]) and p[1] == np.inf and p[2] == -np.inf and p[3] == pytest.approx(0.9)


# ------------------------------------------------------------------------------------------
# the library file
# ------------------------------------------------------------------------------------------

def _import_with(lib_path: str):
    env = dict(os.environ, SWIFTREG_LIB=lib_path, PYTHONPATH=str(ROOT / "python"))
    return subprocess.run([sys.executable, "-c", "import swiftreg"], env=env, capture_output=True,
                          text=True, timeout=60)


def test_missing_library_gives_clear_import_error(tmp_path):
    missing = tmp_path / "nowhere" / "libswiftreg.so"
    r = _import_with(str(missing))
    assert r.returncode != 0
    assert "ImportError" in r.stderr and str(missing) in r.stderr and "not found" in r.stderr
    assert "SWIFTREG_LIB" in r.stderr  # says how to point it elsewhere


def test_not_a_library_gives_clear_import_error(tmp_path):
    junk = tmp_path / "libswiftreg.so"
    junk.write_bytes(b"\x7fELF this is not a shared library")
    r = _import_with(str(junk))
    assert r.returncode != 0 and "ImportError" in r.stderr and str(junk) in r.stderr


def _cc():
    for cc in (os.environ.get("CC"), "cc", "gcc", "clang"):
        if cc and subprocess.run(["sh", "-c", f"command -v {cc}"], capture_output=True).returncode == 0:
            return cc
    pytest.skip("no C compiler")


def test_wrong_version_library_gives_clear_import_error(tmp_path):
    src = tmp_path / "fake.c"
    src.write_text(textwrap.dedent("""
        const char *sr_version(void) { return "0.0.0"; }
    """))
    lib = tmp_path / "libswiftreg.so"
    subprocess.run([_cc(), "-shared", "-fPIC", str(src), "-o", str(lib)], check=True)
    r = _import_with(str(lib))
    assert r.returncode != 0
    assert "ImportError" in r.stderr and str(lib) in r.stderr
    assert "0.0.0" in r.stderr and swiftreg.__version__ in r.stderr


def test_library_without_sr_version_gives_clear_import_error(tmp_path):
    src = tmp_path / "other.c"
    src.write_text("int something_else(void) { return 1; }\n")
    lib = tmp_path / "libother.so"
    subprocess.run([_cc(), "-shared", "-fPIC", str(src), "-o", str(lib)], check=True)
    r = _import_with(str(lib))
    assert r.returncode != 0 and "ImportError" in r.stderr and "sr_version" in r.stderr


def test_process_is_alive_after_everything():
    assert swiftreg.l1_loss([1.0, 2.0], [2.0, 2.0]) == 1.0
