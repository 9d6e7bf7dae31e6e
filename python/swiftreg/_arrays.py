"""Array handling shared by every public function: dtype rules, shape checks, ``out=``.

Rules, as NumPy users expect:

* any array-like of any shape; elementwise results keep the shape;
* float32 inputs give float32 results, float64 give float64; integer and boolean inputs are
  computed in float64; mixed float32/float64 promote to float64; Python scalars do not
  change the dtype of arrays they are mixed with (like NumPy 2's weak scalars);
* non-contiguous, Fortran-ordered, negative-stride, big-endian and unaligned arrays are
  copied into native C-contiguous form first (the caller's arrays are never modified);
* complex, object, string and other non-numeric dtypes raise ``TypeError``; masked arrays
  raise ``TypeError`` (their masks would be silently ignored).
"""

from __future__ import annotations

import ctypes
import sys as _sys

import numpy as np

__all__ = [
    "F64",
    "F32",
    "prepare",
    "result",
    "address",
    "finish",
    "hyper",
    "hypers",
    "plain",
    "plain2",
    "direct_out",
    "FAST",
    "pointer",
    "DATA_OFFSET",
]

F64 = np.dtype(np.float64)
F32 = np.dtype(np.float32)
_ndarray = np.ndarray
_weak = (int, float)
_require = np.require
_BEHAVED = ("C", "A")  # C-contiguous and aligned
_empty = np.empty

# The data pointer of an ndarray without building an `arr.ctypes` object (about 10x
# cheaper): it is the first field after the object header in NumPy's PyArrayObject, part of
# NumPy's stable C ABI. Verified below; falls back to `arr.ctypes.data` where it differs.
_from_address = ctypes.c_void_p.from_address
_DATA_OFFSET = object.__basicsize__  # ob_refcnt + ob_type


def _fast_address(a: np.ndarray, _id=id) -> int | None:
    return _from_address(_id(a) + _DATA_OFFSET).value  # None for NULL, as ctypes passes it


def _slow_address(a: np.ndarray) -> int:
    return a.ctypes.data


def _pick_address():
    probes = [np.arange(7.0), np.arange(5, dtype=np.float32)[1:], np.empty(0)]
    try:
        if all((_fast_address(p) or 0) == p.ctypes.data for p in probes):
            return _fast_address
    except Exception:  # pragma: no cover - exotic interpreters
        pass
    return _slow_address  # pragma: no cover


address = _pick_address()

# The kernels' Python fast paths (losses, penalties, updates) inline the data-pointer read as
# `pointer(_id(a) + DATA_OFFSET).value` when this is true: it saves a Python-level call per
# array, which is most of the cost of a call at n = 10.
FAST = address is _fast_address
pointer = _from_address
DATA_OFFSET = _DATA_OFFSET


def plain(a) -> np.dtype | None:
    """The dtype of ``a`` when a kernel can use it as it is: an ndarray of native float64 or
    float32, C-contiguous, aligned and writeable (``flags.carray``: one flags object instead
    of two attribute reads; a read-only array takes the general path, which accepts it).
    Else None: the caller goes through ``prepare``. At n = 10 the Python side is most of the
    cost of a call, so this is kept to a few attribute reads."""
    if type(a) is _ndarray and FAST:
        dt = a.dtype
        if (dt is F64 or dt is F32) and a.flags.carray:
            return dt
    return None


def plain2(a, b) -> np.dtype | None:
    """Like ``plain`` for two arrays that must also share dtype and shape."""
    if type(a) is _ndarray and type(b) is _ndarray and FAST:
        dt = a.dtype
        if (
            dt is b.dtype
            and (dt is F64 or dt is F32)
            and a.flags.carray
            and b.flags.carray
            and a.shape == b.shape
        ):
            return dt
    return None


def is_masked(x) -> bool:
    """Whether x is a NumPy masked array, without importing numpy.ma (slow) when the caller
    never did: then no masked array can exist."""
    ma = _sys.modules.get("numpy.ma")
    return ma is not None and isinstance(x, ma.MaskedArray)


def _kind_error(name: str, dtype: np.dtype) -> TypeError:
    if dtype.kind == "c":
        return TypeError(f"{name} must be real-valued, got complex dtype {dtype}")
    return TypeError(f"{name} must be a numeric array, got dtype {dtype}")


def _coerce(x, name: str) -> tuple[np.ndarray, np.dtype | None]:
    """An ndarray view of x and the float dtype it asks for (None for a Python scalar)."""
    if type(x) is not _ndarray:
        if is_masked(x):
            raise TypeError(
                f"{name} is a masked array; swiftreg would ignore its mask. "
                f"Pass {name}.filled(...) or {name}.compressed() instead"
            )
        weak = type(x) in _weak  # Python int/float, not np.float64 (a float subclass)
        try:
            x = np.asarray(x)
        except (ValueError, TypeError) as exc:
            raise TypeError(f"{name} could not be converted to a numeric array: {exc}") from None
        if weak:
            return x, None
    kind = x.dtype.kind
    if kind == "f":
        return x, (F32 if x.dtype.itemsize <= 4 else F64)
    if kind in "iub":
        return x, F64
    raise _kind_error(name, x.dtype)


def prepare(names: tuple[str, ...], a, b=None, c=None) -> tuple[tuple, np.dtype]:
    """Convert up to three arrays to one common native float dtype, C-contiguous and
    aligned, and check that their shapes agree. ``names`` names the arrays passed; only one
    called ``sample_weight`` may be None. Returns three arrays (None where absent) and the dtype."""
    # Fast path: ndarrays of one float dtype, C-contiguous and aligned, same shape.
    if type(a) is _ndarray:
        dt = a.dtype
        if (dt is F64 or dt is F32) and a.flags.aligned and a.flags.c_contiguous:
            shape = a.shape
            if (
                (b is None and len(names) < 2)
                or (
                    type(b) is _ndarray
                    and b.dtype is dt
                    and b.flags.c_contiguous
                    and b.flags.aligned
                    and b.shape == shape
                )
            ) and (
                c is None
                or (
                    type(c) is _ndarray
                    and c.dtype is dt
                    and c.flags.c_contiguous
                    and c.flags.aligned
                    and c.shape == shape
                )
            ):
                return (a, b, c), dt
    return _prepare_slow(names, (a, b, c)[: len(names)])


def _prepare_slow(names, arrays):
    converted, wanted = [], []
    for name, a in zip(names, arrays):
        if a is None:
            if name != "sample_weight":
                raise TypeError(f"{name} must be an array, got None")
            converted.append(None)
            continue
        x, dt = _coerce(a, name)
        converted.append(x)
        if dt is not None:
            wanted.append(dt)
    dt = F32 if wanted and all(d is F32 for d in wanted) else F64
    shape = converted[0].shape
    for name, x in zip(names[1:], converted[1:]):
        if x is not None and x.shape != shape:
            raise ValueError(
                f"{names[0]} and {name} must have the same shape, got {shape} and {x.shape}"
            )
    # np.require keeps 0-d arrays 0-d (ascontiguousarray would make them 1-d).
    arrays = [None if x is None else _require(x, dt, _BEHAVED) for x in converted]
    arrays += [None] * (3 - len(arrays))
    return tuple(arrays), dt


def result(
    shape: tuple[int, ...], dt: np.dtype, out, inputs
) -> tuple[np.ndarray, np.ndarray | None]:
    """The buffer a kernel writes into: ``out`` itself when it can be written directly, else
    a new array. Returns (buffer, pending); when pending is not None it is the caller's
    ``out``, which must receive the buffer's values after the call (see ``finish``)."""
    if out is None:
        return _empty(shape, dt), None
    if not isinstance(out, _ndarray):
        raise TypeError(f"out must be a numpy.ndarray, got {type(out).__name__}")
    if out.shape != shape:
        raise ValueError(f"out must have shape {shape}, got {out.shape}")
    if out.dtype != dt:
        raise TypeError(f"out must have dtype {dt} (the result dtype), got {out.dtype}")
    if not out.flags.writeable:
        raise ValueError("out is read-only")
    if not (out.flags.c_contiguous and out.flags.aligned):
        return _empty(shape, dt), out
    # The inputs are C-contiguous here, so overlap is an interval test. Exact aliasing (out
    # is an input's very buffer) is fine: the kernels read element i before writing it. Any
    # other overlap gets NumPy's semantics through a temporary.
    # Arrays that own their data (allocated by NumPy) never share memory unless they are the
    # same object, so the address test is only needed when one does not. (base is None is
    # not enough: an array made from a foreign pointer has no base and may alias another.)
    out_owns = out.flags.owndata
    for x in inputs:
        if x is not None and x is not out and not (out_owns and x.flags.owndata):
            lo = address(out)
            hi = lo + out.nbytes
            p = address(x)
            q = p + x.nbytes
            if p < hi and lo < q and not (p == lo and q == hi):
                return _empty(shape, dt), out
    return out, None


def finish(buffer: np.ndarray, pending: np.ndarray | None, out_given: bool):
    """Copy into the caller's ``out`` when the kernel wrote a temporary; return ``out`` when
    one was given, else the new array (a Python float for 0-d results)."""
    if pending is not None:
        pending[...] = buffer
        return pending
    if not out_given and buffer.ndim == 0:
        return float(buffer)
    return buffer


def direct_out(out, dt: np.dtype, shape: tuple, a: np.ndarray, b: np.ndarray | None = None) -> bool:
    """Whether a kernel can write into ``out`` as it is, decided cheaply: ``out`` is an
    ndarray of dtype ``dt`` and this shape, C-contiguous, aligned and writeable, and it and
    the inputs own their data (two arrays that own their data never share memory). False
    sends the caller to ``result``, which handles every other case (views, overlap, errors)."""
    if type(out) is _ndarray and out.dtype is dt and out.shape == shape:
        fo = out.flags
        return fo.carray and fo.owndata and a.flags.owndata and (b is None or b.flags.owndata)
    return False


def hypers(values: tuple, names: tuple[str, ...]) -> tuple[float, ...]:
    """Hyperparameters as Python floats. The kernels pass hyperparameters to ctypes as given
    (its c_double conversion accepts what ``float()`` accepts except strings); when ctypes
    rejects one, this gives the TypeError that names it, or the converted values to retry with."""
    return tuple(hyper(v, n) for v, n in zip(values, names))


def hyper(value, name: str) -> float:
    """A hyperparameter as a Python float (range checks happen in the library). A string is
    not a number (TypeError, as NumPy's ufuncs and scikit-learn's checks say); a bool is its
    integer value, as for scikit-learn's real-valued parameters."""
    if isinstance(value, (str, bytes, bytearray)):
        raise TypeError(f"{name} must be a real number, got {value!r}")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a real number, got {value!r}") from None
