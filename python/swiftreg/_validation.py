"""Input validation: the project's one validation module.

Every check that turns what a caller passed to an estimator or a path function into the
arrays and numbers the bindings take lives here, and only here: arrays (``_check_X``,
``_check_y`` with ``_target_columns``, ``_check_sample_weight``, ``_check_penalty_factor``,
``_check_alphas``, and ``_to_numeric``, ``_assert_finite``, ``_fortran`` under them), sparse
X (``_check_sparse_X`` → :class:`SparseX`, ``_check_sparse_solver``, ``_sparse_error``),
hyperparameters (``_real``, ``_integer``, ``_choice``, ``_precompute_code``, ``_seed``),
cross-validation's folds and options (``_check_cv`` → fold ids or roles, ``_check_l1_ratios``,
``_n_threads``), feature names and counts (``_record_features``, ``_check_predict_X``) and the fitted check
(``_check_is_fitted``). ``swiftreg.linear_model`` and ``swiftreg.dask`` import them from
here; nothing else re-implements them (``swiftreg.dask`` adds only what is particular to
Dask arrays: their type, chunks and lazy shapes). Messages follow scikit-learn's, so code
that matches them keeps working.

The warnings and errors that the estimators raise (:class:`ConvergenceWarning`,
:class:`DataConversionWarning`, :class:`NotFittedError`, :class:`UndefinedMetricWarning`)
are defined here too, below the estimators, because the checks raise some of them; their
public home is ``swiftreg.linear_model`` (their ``__module__``), which re-exports them.
``_interop`` makes each also an instance of scikit-learn's class of the same name when
scikit-learn is already imported.

**Sparse X** (``scipy.sparse`` matrices and arrays of any format, or objects with scipy's
``tocsc()``): the library reads compressed sparse columns in place (``SR_LAYOUT_CSC``) and
checks their structure and values itself, in one pass (indptr rising from 0 to nnz, row
indices in range and not repeated within a column, finite stored values). Python checks only
what is O(1): the shape, the dtypes and the lengths of ``data``/``indices``/``indptr`` (the
library reads nnz values of each and n_features + 1 of indptr). A CSC X with float32/float64
data and int32/int64 indices is passed without a copy, sorted or not (an int32 indptr is
widened: n_features + 1 values); other formats go through ``X.tocsc()`` (a CSR or COO X is
bounds-checked first, read-only, since scipy's conversion writes where its indices point);
integer/bool data is cast to float64. Rows repeated within a column (scipy's duplicates) are
found by the library's check: the fit then runs again on a copy with them summed
(``sum_duplicates()``), so the common case pays no O(nnz) check here and no copy. scipy is
never imported here: sparse input is recognised by its type's module or its methods.

This module is a shared internal (like ``_bindings``, ``_arrays`` and ``_errors``): other
modules may import its underscored names; nothing here imports an estimator module.
"""

from __future__ import annotations

import numbers
import re
import sys
import warnings

import numpy as np

from . import _bindings as _b
from ._arrays import F32, F64, is_masked
from ._errors import (
    SR_ERR_INVALID_DATA,
    SR_ERR_INVALID_INDEX,
    SR_ERR_INVALID_INDPTR,
    SwiftRegError,
    raise_for,
)

# Codes of swiftreg.h (SR_PRECOMPUTE_*).
_PRECOMPUTE = {"auto": 0, True: 1, False: 2}


# --------------------------------------------------------------------------------------
# Exceptions and warnings
# --------------------------------------------------------------------------------------


class ConvergenceWarning(UserWarning):
    """An iterative solver stopped at ``max_iter`` before reaching its tolerance.

    The result is returned (not an error); the message gives the achieved duality gap and
    the gap that was asked for, in the same units. When scikit-learn is already imported
    in the process, the warning raised is also an instance of
    ``sklearn.exceptions.ConvergenceWarning``, so filters written for scikit-learn apply.
    """


class DataConversionWarning(UserWarning):
    """The input was converted in a way the caller may not expect (a column-vector y).

    Also an instance of ``sklearn.exceptions.DataConversionWarning`` when scikit-learn is
    already imported.
    """


class NotFittedError(ValueError, AttributeError):
    """``predict``/``score`` was called before ``fit``.

    A subclass of both ``ValueError`` and ``AttributeError`` (as scikit-learn's); when
    scikit-learn is already imported, the error raised is also an instance of
    ``sklearn.exceptions.NotFittedError``.
    """


class UndefinedMetricWarning(UserWarning):
    """A score is not defined for the data given (R² of fewer than two samples); the value
    returned is NaN.

    Also an instance of ``sklearn.exceptions.UndefinedMetricWarning`` when scikit-learn is
    already imported.
    """


for _cls in (ConvergenceWarning, DataConversionWarning, NotFittedError, UndefinedMetricWarning):
    _cls.__module__ = "swiftreg.linear_model"  # their public home (repr, pickle, docs)
del _cls

_interop_cache: dict[type, type] = {}


def _interop(cls: type) -> type:
    """cls, or, when scikit-learn's exceptions module is already loaded (never imported
    here), a subclass of cls and of scikit-learn's class of the same name."""
    sk = sys.modules.get("sklearn.exceptions")
    if sk is None:
        return cls
    sub = _interop_cache.get(cls)
    if sub is None:
        other = getattr(sk, cls.__name__, None)
        if not isinstance(other, type):
            return cls
        sub = type(
            cls.__name__, (cls, other), {"__module__": cls.__module__, "__doc__": cls.__doc__}
        )
        _interop_cache[cls] = sub
    return sub


# --------------------------------------------------------------------------------------
# Arrays
# --------------------------------------------------------------------------------------


def _is_sparse(x) -> bool:
    """Whether x is a sparse matrix or array: scipy's (by its type's module, so that scipy
    is never imported here) or an object with scipy's ``tocsc``/``nnz``/``format``."""
    module = type(x).__module__ or ""
    return module.startswith("scipy.sparse") or (
        hasattr(x, "tocsc") and hasattr(x, "nnz") and hasattr(x, "format")
    )


class SparseX:
    """A sparse X as ``sr_problem_*`` takes it (``SR_LAYOUT_CSC``): the stored values
    ``data`` (float32 or float64), the row ``indices`` (int32 or int64; ``index_type`` is
    the header's ``SR_INDEX_*``) and ``indptr`` (int64, n_features + 1 values), each 1-D,
    native and C-contiguous. ``matrix`` is the CSC object they come from (the caller's own
    when X was CSC); ``copied`` says what was copied and why, or is None."""

    __slots__ = (
        "matrix",
        "data",
        "indices",
        "indptr",
        "index_type",
        "shape",
        "nnz",
        "copied",
        "source",
    )

    def __init__(self, matrix, shape: tuple, source, copied: str | None):
        self.matrix = matrix
        self.shape = shape
        self.source = source
        self.copied = copied
        data = np.asarray(matrix.data)
        if data.ndim != 1:
            raise ValueError(f"X.data must be 1-D, got shape {data.shape}")
        kind = data.dtype.kind
        if kind == "c":
            raise ValueError(f"Complex data not supported: X has dtype {data.dtype}.")
        if kind not in "fiub":
            raise TypeError(f"X must hold real numbers, got a sparse X of dtype {data.dtype}")
        if data.dtype not in (F32, F64):  # integers, bools, float16, non-native byte order
            data = data.astype(F64)
            self.copied = _also(self.copied, f"X.data cast from {matrix.data.dtype} to float64")
        self.data = np.ascontiguousarray(data)
        self.nnz = nnz = int(data.shape[0])
        indices = _index_array(matrix.indices, "X.indices")
        if indices.shape[0] != nnz:
            raise ValueError(
                f"X.indices must have one row number per stored value: "
                f"len(X.indices) = {indices.shape[0]}, len(X.data) = {nnz}"
            )
        if indices.dtype == np.int32 and shape[0] > np.iinfo(np.int32).max:  # pragma: no cover
            indices = indices.astype(np.int64)
        self.indices = indices
        self.index_type = _b.SR_INDEX_INT32 if indices.dtype == np.int32 else _b.SR_INDEX_INT64
        indptr = _index_array(matrix.indptr, "X.indptr")
        if indptr.shape[0] != shape[1] + 1:
            raise ValueError(
                f"X.indptr must have n_features + 1 = {shape[1] + 1} values, got {indptr.shape[0]}"
            )
        self.indptr = np.ascontiguousarray(indptr, dtype=np.int64)  # int32: p + 1 values

    @property
    def dtype(self) -> np.dtype:
        return self.data.dtype

    def summed(self) -> "SparseX | None":
        """A copy of X with repeated rows of a column added up (scipy's
        ``sum_duplicates()``, which also sorts them), or None when X cannot do that."""
        if not (hasattr(self.matrix, "copy") and hasattr(self.matrix, "sum_duplicates")):
            return None
        m = self.matrix.copy()
        m.sum_duplicates()
        return SparseX(
            m,
            self.shape,
            self.source,
            _also(
                self.copied, "copied to sum the rows repeated within a column (sum_duplicates())"
            ),
        )

    def repeats_at(self, message: str) -> bool:
        """Whether the library's SR_ERR_INVALID_INDEX ``message`` reports a row repeated
        within its column (a valid row number at the position it names), rather than one
        out of range."""
        m = re.match(r"indices\[(\d+)\]", message)
        if m is None or int(m.group(1)) >= self.nnz:
            return False
        row = int(self.indices[int(m.group(1))])
        return 0 <= row < self.shape[0]

    def matmul(self, w: np.ndarray) -> np.ndarray:
        """X @ w through scipy (imported here: a SparseX only exists when the caller had a
        sparse X), for predictions; X's structure must have been checked
        (:func:`_check_sparse_structure`)."""
        from scipy.sparse import csc_array

        return csc_array((self.data, self.indices, self.indptr), shape=self.shape, copy=False) @ w

    def position(self, k: int) -> str:
        """Where stored value k is: its row and column (for messages)."""
        j = int(np.searchsorted(self.indptr, k, side="right")) - 1
        return f"row {int(self.indices[k])}, column {j}"


def _also(first: str | None, second: str) -> str:
    return second if first is None else f"{first}; {second}"


def _index_array(a, name: str) -> np.ndarray:
    """A 1-D native C-contiguous int32/int64 index array (other integer types widened)."""
    a = np.asarray(a)
    if a.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got shape {a.shape}")
    if a.dtype.kind not in "iu":
        raise TypeError(f"{name} must hold integers, got dtype {a.dtype}")
    if a.dtype in (np.dtype(np.int32), np.dtype(np.int64)):
        return np.ascontiguousarray(a)
    return np.ascontiguousarray(a, dtype=np.int64)


def _check_bounds(a: np.ndarray, high: int, name: str, what: str) -> None:
    """Every value of a in [0, high), else ValueError naming the first bad position."""
    if a.size and (int(a.min()) < 0 or int(a.max()) >= high):
        k = int(np.flatnonzero((a < 0) | (a >= high))[0])
        raise ValueError(f"{name}[{k}] must be in [0, {high}) ({what}), got {int(a[k])}")


def _guard_conversion(X, fmt: str, shape: tuple) -> None:
    """Read-only checks of a CSR or COO X before scipy converts it: its conversion writes
    where the indices point, out of bounds for a corrupted X. (scipy's own
    ``check_format`` may modify X, so it is not used.)"""
    n, p = shape
    if fmt == "csr":
        indptr, indices = np.asarray(X.indptr), np.asarray(X.indices)
        nnz = int(np.asarray(X.data).shape[0])
        if indptr.shape != (n + 1,) or indices.shape != (nnz,):
            raise ValueError(
                f"A CSR X needs n_samples + 1 = {n + 1} X.indptr values and "
                f"len(X.data) = {nnz} X.indices, got {indptr.size} and "
                f"{indices.size}"
            )
        steps = np.diff(indptr)
        if int(indptr[0]) != 0 or int(indptr[-1]) != nnz or (steps.size and steps.min() < 0):
            raise ValueError(
                f"X.indptr must rise from 0 to len(X.data) = {nnz} (X is CSR), got {indptr!r}"
            )
        _check_bounds(indices, p, "X.indices", "the column numbers of a CSR X")
    elif fmt == "coo":
        coords = getattr(X, "coords", None) or (X.row, X.col)
        if len(coords) == 2:
            for name, a, high in (("X.row", coords[0], n), ("X.col", coords[1], p)):
                _check_bounds(np.asarray(a), high, name, "of a COO X")


def _check_sparse_X(X, owner: str) -> SparseX:
    """A sparse X as :class:`SparseX`: CSC with float32/float64 values and int32/int64
    indices, without a copy where X already is that (see the module's notes). Only shapes,
    lengths and dtypes are checked here: the structure and the values are the library's."""
    shape = tuple(int(d) for d in X.shape)
    if len(shape) != 2:
        raise ValueError(
            f"Expected 2D array, got a {len(shape)}D sparse {type(X).__name__} "
            f"instead (shape {shape})."
        )
    n, p = shape
    if n <= 0:
        raise ValueError(
            f"Found array with {n} sample(s) (shape={shape}) while a minimum "
            f"of 1 is required by {owner}."
        )
    if p <= 0:
        raise ValueError(
            f"Found array with {p} feature(s) (shape={shape}) while a minimum "
            f"of 1 is required by {owner}."
        )
    fmt = getattr(X, "format", None)
    if fmt == "csc":
        return SparseX(X, shape, X, None)
    if fmt in ("csr", "coo"):
        _guard_conversion(X, fmt, shape)
    m = X.tocsc()
    if tuple(int(d) for d in m.shape) != shape:
        raise ValueError(f"X.tocsc() has shape {m.shape}, but X has shape {shape}")
    return SparseX(m, shape, X, f"converted from {fmt or type(X).__name__} to CSC")


def _sparse_error(status: int, sx: SparseX, message: str | None = None) -> None:
    """Raise for the library's report of a sparse X's bad indptr, row index or stored value,
    naming the array as the caller knows it (``X.indptr[j]``, ``X.indices[k]``, ``X.data[k]``
    with its row and column). Returns for any other failure (the caller raises it)."""
    if message is None:
        message = _b.sr_last_error().decode(errors="replace")
    where = "" if sx.copied is None else f" (positions in the CSC form of X: {sx.copied})"
    if status == SR_ERR_INVALID_DATA and message.startswith("X "):
        bad = np.flatnonzero(~np.isfinite(sx.data))
        if bad.size:
            k = int(bad[0])
            raise SwiftRegError(f"{_non_finite(sx, k)}{where}.", status)
    if status in (SR_ERR_INVALID_INDPTR, SR_ERR_INVALID_INDEX):
        text = f"Invalid sparse X: X.{message}{where}"
        src = np.asarray(getattr(sx.source, "indptr", sx.indptr))
        if status == SR_ERR_INVALID_INDPTR and src.dtype == np.int32 and (src < 0).any():
            text += (
                ". X.indptr is int32 and holds negative values: more than 2147483647 "
                "stored values wrap around int32; build X with int64 index arrays"
            )
        raise SwiftRegError(text, status)


def _non_finite(sx: SparseX, k: int) -> str:
    v = float(sx.data[k])
    what = (
        "NaN" if np.isnan(v) else f"infinity or a value too large for dtype({sx.data.dtype.name!r})"
    )
    return f"Input X contains {what}: X.data[{k}] = {v!r} ({sx.position(k)})"


def _check_sparse_structure(sx: SparseX) -> None:
    """The library's structure and value checks of a sparse X (SR_ERR_INVALID_INDPTR,
    the range part of SR_ERR_INVALID_INDEX, SR_ERR_INVALID_DATA), in its words, for the one
    path that never passes X to the library: predictions (scipy sums repeated rows)."""
    indptr, nnz = sx.indptr, sx.nnz
    steps = np.diff(indptr)
    if int(indptr[0]) != 0:
        raise ValueError(f"Invalid sparse X: X.indptr[0] must be 0, got {int(indptr[0])}")
    if steps.size and steps.min() < 0:
        j = int(np.argmax(steps < 0)) + 1
        raise ValueError(
            f"Invalid sparse X: X.indptr[{j}] must be >= indptr[{j - 1}] = "
            f"{int(indptr[j - 1])}, got {int(indptr[j])}"
        )
    if int(indptr[-1]) != nnz:
        raise ValueError(
            f"Invalid sparse X: X.indptr[{len(indptr) - 1}] must be nnz = {nnz} "
            f"(the number of stored values), got {int(indptr[-1])}"
        )
    _check_bounds(sx.indices, sx.shape[0], "Invalid sparse X: X.indices", "row numbers")
    with np.errstate(over="ignore", invalid="ignore"):
        if np.isfinite(sx.data.sum()):
            return
    raise ValueError(_non_finite(sx, int(np.flatnonzero(~np.isfinite(sx.data))[0])) + ".")


# The solvers that need a dense X: the library's SR_FIT_SOLVER_CHOLESKY, _FISTA and
# _SUBGRADIENT, and "svd", a direct dense solve among scikit-learn's Ridge solver names.
_DENSE_ONLY_SOLVERS = frozenset(("cholesky", "fista", "subgradient", "svd"))


def _check_sparse_solver(solver, owner: str, *, raise_: bool = True) -> bool:
    """Whether ``solver`` (a name) reads a sparse X: every one but the dense-only methods.
    For a dense-only one: ValueError with ``raise_``, else False."""
    if isinstance(solver, str) and solver in _DENSE_ONLY_SOLVERS:
        if not raise_:
            return False
        raise ValueError(
            f"{owner}: solver={solver!r} needs a dense X, and X is sparse. Use coordinate "
            f"descent (solver='cd', or 'auto') or the interior point, which read sparse X, "
            f"or pass X.toarray()."
        )
    return True


def _feature_names(X) -> np.ndarray | None:
    if isinstance(X, np.ndarray) or not hasattr(X, "columns") or not hasattr(X, "shape"):
        return None
    try:
        names = list(X.columns)
    except TypeError:
        return None
    kinds = {isinstance(c, str) for c in names}
    if kinds == {True}:
        return np.asarray(names, dtype=object)
    if kinds == {True, False}:
        raise TypeError(
            "Feature names are only supported if all input features have string names, "
            f"but the input has feature names of types "
            f"{sorted({type(c).__name__ for c in names})}. Convert them all to str."
        )
    return None


def _to_numeric(x, name: str) -> np.ndarray:
    """An ndarray of x with a real numeric dtype (float32/float64 kept, others float64)."""
    if _is_sparse(x):
        raise TypeError(
            f"{name} is a sparse {type(x).__name__}; only X may be sparse. Pass "
            f"{name}.toarray() (raveled where a 1-D array is expected) instead."
        )
    if is_masked(x):
        raise TypeError(
            f"{name} is a masked array; its mask would be ignored. Pass {name}.filled(...) instead."
        )
    a = _from_pandas(x, name)
    if a is None:
        a = np.asarray(x)
    kind = a.dtype.kind
    if kind == "f":
        return a if a.dtype in (F32, F64) else a.astype(F64)
    if kind in "iub":
        return a.astype(F64)
    if kind == "c":
        raise ValueError(f"Complex data not supported: {name} has dtype {a.dtype}.")
    if kind == "O":
        if any(isinstance(v, complex) for v in a.flat):
            raise ValueError(f"Complex data not supported: {name} holds complex numbers.")
        try:
            return a.astype(F64)  # "could not convert string to float: ..." for strings
        except TypeError:
            return _object_numbers(a, name)
    if kind in "US":
        raise ValueError(
            f"{name} holds strings (dtype {a.dtype}); the linear models need numeric data: "
            "convert it explicitly, for example with an encoder."
        )
    raise TypeError(f"{name} must hold real numbers, got dtype {a.dtype}")


_TIME_DTYPES = ("PeriodDtype", "IntervalDtype")  # pandas dtypes of kind "O" that are not numbers


def _from_pandas(x, name: str) -> np.ndarray | None:
    """A pandas DataFrame or Series as an ndarray where pandas' own conversion would not give
    numbers: the nullable columns (Int64, Float64, boolean, ...) with their missing values
    (``pd.NA``) as NaN, which the finite check then reports as it does for y; a datetime,
    timedelta, period or interval column is a TypeError naming the column. None for anything
    else (numpy's conversion is used). pandas is never imported here."""
    if not (type(x).__module__ or "").startswith("pandas"):
        return None
    dtypes = getattr(x, "dtypes", None)
    if dtypes is None or not hasattr(x, "to_numpy"):
        return None
    columns = list(dtypes.items()) if hasattr(dtypes, "items") else [(None, dtypes)]
    for column, dt in columns:
        if getattr(dt, "kind", "O") in "Mm" or type(dt).__name__ in _TIME_DTYPES:
            where = name if column is None else f"{name} column {column!r}"
            raise TypeError(
                f"{where} has dtype {dt}; the linear models need numbers: convert it "
                "explicitly (for example a time as seconds since some origin)"
            )
    if all(isinstance(dt, np.dtype) for _, dt in columns):
        return None
    try:
        return np.asarray(x.to_numpy(dtype=F64, na_value=np.nan))
    except (TypeError, ValueError):
        return None  # a column that is not numeric: numpy's conversion gives its message


def _object_numbers(a: np.ndarray, name: str) -> np.ndarray:
    """An object array that float64 conversion rejected: missing values (``pd.NA``) become
    NaN (reported by the finite check as NaN); any other non-number is a TypeError naming
    its position and type."""
    flat = a.ravel()
    values = np.empty(flat.shape, dtype=F64)
    for k, v in enumerate(flat):
        if type(v).__name__ == "NAType":
            values[k] = np.nan
            continue
        try:
            values[k] = float(v)
        except (TypeError, ValueError) as e:
            at = ", ".join(str(int(i)) for i in np.unravel_index(k, a.shape))
            raise type(e)(  # a string: ValueError, as numpy's conversion; else TypeError
                f"{name} must hold real numbers: {e} (at {name}[{at}]: {type(v).__name__} {v!r})"
            ) from None
    return values.reshape(a.shape)


def _assert_finite(a: np.ndarray, name: str) -> None:
    with np.errstate(over="ignore", invalid="ignore"):
        if np.isfinite(a.sum()):  # fast path: NaN/Inf always propagate into the sum
            return
    if np.isnan(a).any():
        raise ValueError(f"Input {name} contains NaN.")
    if not np.isfinite(a).all():
        raise ValueError(
            f"Input {name} contains infinity or a value too large for dtype({a.dtype.name!r})."
        )


def _check_X(X, owner: str, *, order: str = "F", finite: bool = True, accept_sparse: bool = False):
    """X as a 2-D ndarray (``order``; finite when ``finite``), or, with ``accept_sparse``,
    a sparse X as :class:`SparseX` (its values are the library's to check)."""
    if accept_sparse and _is_sparse(X):
        return _check_sparse_X(X, owner)
    a = _to_numeric(X, "X")
    if a.ndim != 2:
        if a.ndim < 2:
            what = "scalar" if a.ndim == 0 else "1D"
            raise ValueError(
                f"Expected 2D array, got {what} array instead (shape {a.shape}).\n"
                "Reshape your data either using array.reshape(-1, 1) if your data has a "
                "single feature or array.reshape(1, -1) if it contains a single sample."
            )
        raise ValueError(f"Found array with dim {a.ndim}. {owner} expected <= 2.")
    n, p = a.shape
    if n == 0:
        raise ValueError(
            f"Found array with 0 sample(s) (shape={a.shape}) while a minimum "
            f"of 1 is required by {owner}."
        )
    if p == 0:
        raise ValueError(
            f"Found array with 0 feature(s) (shape={a.shape}) while a minimum "
            f"of 1 is required by {owner}."
        )
    a = _fortran(a) if order == "F" else a
    if finite:
        _assert_finite(a, "X")
    return a


def _fortran(a: np.ndarray) -> np.ndarray:
    """``np.asfortranarray(a)``; a large C-ordered 2-D array is copied by blocks of rows
    (numpy's one-shot transposing copy strides through memory: about 1.7× slower)."""
    if a.flags.f_contiguous or not a.flags.c_contiguous or a.size < (1 << 16):
        return np.asfortranarray(a)
    out = np.empty(a.shape, dtype=a.dtype, order="F")
    for i in range(0, a.shape[0], 256):
        out[i : i + 256] = a[i : i + 256]
    return out


def _raise_for_X(status: int, a: np.ndarray) -> None:
    """Raise for a failed call; the library's non-finite X report (its check is fused with
    the first pass over X, so the Python side does not repeat it) in scikit-learn's words."""
    if status == SR_ERR_INVALID_DATA and _b.sr_last_error().decode(errors="replace").startswith(
        "X "
    ):
        _assert_finite(a, "X")
    raise_for(status)


def _check_y(y, n: int, dt: np.dtype, owner: str, *, multi_output: bool = False) -> np.ndarray:
    """y as a contiguous 1-D array of dtype dt (a column vector is raveled, with a
    :class:`DataConversionWarning`), or, with ``multi_output=True``, a 1-D array or an
    (n, k) Fortran-ordered one (each column contiguous, as the bindings take it)."""
    if y is None:
        raise ValueError(f"{owner} requires y to be passed, but the target y is None.")
    a = _to_numeric(y, "y")
    if multi_output and a.ndim == 2:
        if a.shape[1] == 0:
            raise ValueError(
                f"Found array with 0 target(s) (y of shape={a.shape}) while a "
                f"minimum of 1 is required by {owner}."
            )
    elif a.ndim == 2 and a.shape[1] == 1:
        warnings.warn(
            "A column-vector y was passed when a 1d array was expected. Please change the "
            "shape of y to (n_samples,), for example using ravel().",
            _interop(DataConversionWarning),
            stacklevel=4,
        )
        a = a[:, 0]
    elif a.ndim != 1:
        if multi_output:
            raise ValueError(
                f"y should be a 1d array or a 2d array of shape (n_samples, "
                f"n_targets), got an array of shape {a.shape} instead."
            )
        raise ValueError(
            f"y should be a 1d array, got an array of shape {a.shape} instead "
            f"({owner} fits one target)."
        )
    if a.shape[0] != n:
        raise ValueError(
            "Found input variables with inconsistent numbers of samples: "
            f"[{n}, {a.shape[0]}] (X has {n} rows, y has {a.shape[0]} values)"
        )
    a = np.ascontiguousarray(a, dtype=dt) if a.ndim == 1 else np.asfortranarray(a, dtype=dt)
    _assert_finite(a, "y")
    return a


def _target_columns(y: np.ndarray) -> list[np.ndarray]:
    """The targets of a y checked by ``_check_y``: [y] when 1-D, else its columns (each
    contiguous: a checked 2-D y is Fortran-ordered)."""
    return [y] if y.ndim == 1 else [y[:, j] for j in range(y.shape[1])]


def _check_sample_weight(sw, n: int, dt: np.dtype) -> np.ndarray | None:
    if sw is None:
        return None
    if isinstance(sw, numbers.Real) and not isinstance(sw, bool):
        a = np.full(n, float(sw), dtype=dt)
    else:
        a = _to_numeric(sw, "sample_weight")
        if a.ndim == 0:
            a = np.full(n, float(a), dtype=dt)
        elif a.ndim != 1:
            raise ValueError(f"Sample weights must be 1D array or scalar, got shape {a.shape}")
        elif a.shape[0] != n:
            raise ValueError(f"sample_weight.shape == {a.shape}, expected ({n},)!")
        a = np.ascontiguousarray(a, dtype=dt)
    if not np.isfinite(a).all():
        raise ValueError("sample_weight must be finite (it contains NaN or infinity)")
    if (a < 0).any():
        i = int(np.argmax(a < 0))
        raise ValueError(
            f"Negative values in sample_weight are not allowed: sample_weight[{i}] = {a[i]!r}"
        )
    if not a.sum() > 0:
        raise ValueError("sample_weight must have a positive sum (all weights are zero)")
    return a


def _per_weight(alpha: float, total: float, what: str = "alpha / sum(sample_weight)") -> float:
    """``alpha / total`` for the estimators whose α is per unit of weight in the library's
    objective (Ridge, HuberRegressor): a ValueError naming the weights when their sum is so
    small (or α so large) that the quotient overflows float64."""
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        value = alpha / total
    if not np.isfinite(value):
        raise ValueError(
            f"sample_weight is too small for alpha={alpha!r}: {what} = {alpha!r} / {total!r} "
            "overflows float64. Rescale sample_weight (weights multiplied by a constant c with "
            "alpha multiplied by c give the same model)."
        )
    return float(value)


def _check_penalty_factor(pf, p: int) -> np.ndarray | None:
    if pf is None:
        return None
    a = np.ascontiguousarray(_to_numeric(pf, "penalty_factor"), dtype=F64)
    if a.ndim == 0:
        a = np.full(p, float(a))
    if a.shape != (p,):
        raise ValueError(
            f"penalty_factor must have shape (n_features,) = ({p},), got shape {a.shape}"
        )
    if not np.isfinite(a).all() or (a < 0).any():
        j = int(np.argmax(~(np.isfinite(a) & (a >= 0))))
        raise ValueError(
            f"penalty_factor must be finite and >= 0, got penalty_factor[{j}] = {a[j]!r}"
        )
    return a


def _check_alphas(alphas, n_alphas, l1_ratio: float) -> tuple[np.ndarray | None, int]:
    """The α grid of a path: (the given values sorted decreasing, their count), or
    (None, the size of the default grid the library builds)."""
    if alphas is not None and not (
        isinstance(alphas, numbers.Integral) and not isinstance(alphas, bool)
    ):
        grid = np.asarray(_to_numeric(alphas, "alphas"), dtype=F64).ravel()
        if grid.size == 0:
            raise ValueError("alphas must not be empty")
        if not np.isfinite(grid).all() or (grid < 0).any():
            raise ValueError(f"alphas must be finite and >= 0, got {grid!r}")
        grid = np.ascontiguousarray(np.sort(grid)[::-1])
        return grid, grid.size
    k = _integer(n_alphas if alphas is None else alphas, "n_alphas" if alphas is None else "alphas")
    if l1_ratio == 0.0:
        raise ValueError(
            "Automatic alpha grid generation is not supported for "
            "l1_ratio=0. Please supply a grid by providing the alphas= "
            "argument."
        )
    return None, k


# --------------------------------------------------------------------------------------
# Hyperparameters
# --------------------------------------------------------------------------------------


def _real(
    value, name: str, *, low: float = 0.0, high: float = np.inf, low_open: bool = False
) -> float:
    # A bool is a real number here, as in scikit-learn's parameter checks (True is 1); a
    # string is not (TypeError, as NumPy and scikit-learn say).
    if not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {value!r}")
    v = float(value)
    ok = (v > low if low_open else v >= low) and v <= high and np.isfinite(v)
    if not ok:
        lo = "(" if low_open else "["
        hi = "]" if np.isfinite(high) else ")"
        raise ValueError(f"{name} must be in {lo}{low:g}, {high:g}{hi}, got {value!r}")
    return v


# The largest values of the library's int64_t counts (max_iter, n_alphas, n_folds, ...) and
# of its int32_t thread count.
_INT64_MAX = 2**63 - 1
_INT32_MAX = 2**31 - 1


def _integer(value, name: str, low: int = 1, high: int = _INT64_MAX) -> int:
    """An integer hyperparameter in [low, high] (high: the C field's largest value, so that
    a Python integer never wraps around on its way to the library)."""
    if not isinstance(value, numbers.Integral):  # a bool is 0 or 1, as in scikit-learn
        raise TypeError(f"{name} must be an integer, got {value!r}")
    v = int(value)
    if v < low:
        raise ValueError(f"{name} must be >= {low}, got {value!r}")
    if v > high:
        raise ValueError(
            f"{name} must be <= {high} (the largest value the library takes), got {value!r}"
        )
    return v


def _check_callback(callback, name: str = "callback") -> None:
    """None or a callable (checked before any work, not when the first call fails)."""
    if callback is not None and not callable(callback):
        raise TypeError(f"{name} must be None or a callable, got {callback!r}")


def _choice(value, name: str, table: dict) -> int:
    try:
        return table[value]
    except (KeyError, TypeError):
        raise ValueError(f"{name} must be one of {list(table)!r}, got {value!r}") from None


def _precompute_code(value) -> int:
    if isinstance(value, (bool, np.bool_)):
        return _PRECOMPUTE[bool(value)]
    if isinstance(value, str):
        return _choice(value, "precompute", {"auto": 0})
    raise ValueError(
        f"precompute must be True, False or 'auto', got {value!r} "
        "(precomputed Gram matrices are not accepted: swiftreg computes the "
        "Gram columns it needs itself)"
    )


def _seed(random_state) -> int:
    """A 64-bit seed for selection="random" (like scikit-learn's check_random_state)."""
    if random_state is None:
        return int(np.random.randint(np.iinfo(np.int32).max))
    if isinstance(random_state, numbers.Integral):
        seed = int(random_state)
        if not 0 <= seed < 2**64:
            raise ValueError(
                f"random_state must be in [0, 2**64 - 1] (a 64-bit seed), got {random_state!r}"
            )
        return seed
    if isinstance(random_state, np.random.RandomState):
        return int(random_state.randint(np.iinfo(np.int32).max))
    if isinstance(random_state, np.random.Generator):
        return int(random_state.integers(0, 2**63 - 1))
    raise ValueError(
        f"random_state must be None, an int, a numpy RandomState or Generator, got {random_state!r}"
    )


# --------------------------------------------------------------------------------------
# Fitted estimators: the fitted check, feature counts and names
# --------------------------------------------------------------------------------------


def _check_is_fitted(est) -> None:
    if not hasattr(est, "coef_"):
        raise _interop(NotFittedError)(
            f"This {type(est).__name__} instance is not fitted yet. Call 'fit' with "
            "appropriate arguments before using this estimator."
        )


def _record_features(est, X, n_features: int) -> None:
    """Set ``n_features_in_`` and (for a DataFrame with string column names)
    ``feature_names_in_`` at fit."""
    est.n_features_in_ = n_features
    names = _feature_names(X)
    if names is not None:
        est.feature_names_in_ = names
    elif hasattr(est, "feature_names_in_"):
        del est.feature_names_in_


def _check_predict_X(est, X, *, stacklevel: int = 3):
    """X checked for a fitted estimator: the feature names and count seen at fit. A 2-D
    ndarray, or a :class:`SparseX` (its structure and values checked) for a sparse X."""
    names = _feature_names(X)
    fitted = getattr(est, "feature_names_in_", None)
    owner = type(est).__name__
    if fitted is not None and names is not None:
        if len(names) != len(fitted) or (names != fitted).any():
            raise ValueError(
                "The feature names should match those that were passed "
                f"during fit: fitted with {list(fitted)}, got {list(names)}"
            )
    elif fitted is not None:
        warnings.warn(
            f"X does not have valid feature names, but {owner} was fitted with feature names",
            UserWarning,
            stacklevel=stacklevel,
        )
    elif names is not None:
        warnings.warn(
            f"X has feature names, but {owner} was fitted without feature names",
            UserWarning,
            stacklevel=stacklevel,
        )
    a = _check_X(X, owner, order="K", accept_sparse=True)
    if isinstance(a, SparseX):
        _check_sparse_structure(a)
    if a.shape[1] != est.n_features_in_:
        raise ValueError(
            f"X has {a.shape[1]} features, but {owner} is "
            f"expecting {est.n_features_in_} features as input."
        )
    return a


# --------------------------------------------------------------------------------------
# Cross-validation: folds, l1_ratio lists, n_jobs
# --------------------------------------------------------------------------------------


def _check_cv(cv, foldid, X, y, groups, n: int) -> tuple[int, np.ndarray | None, np.ndarray | None]:
    """The folds of a cross-validation as ``sr_cv_options`` takes them: (n_folds, foldid,
    roles). ``foldid`` (glmnet's fold vector: n_samples labels, any integers; overrides
    ``cv``) gives int64 fold numbers in [0, n_folds) (the labels' sorted order). ``cv``:
    None (5 folds) or an int K gives (K, None, None), the library's contiguous folds
    (scikit-learn's ``KFold(K)`` without shuffling); a splitter with ``split(X, y, groups)``
    or an iterable of (train, test) index arrays gives int8 roles of shape (n_folds,
    n_samples), ``SR_CV_TRAIN``/``SR_CV_TEST``/``SR_CV_UNUSED`` per fold and sample."""
    if foldid is not None:
        if _is_sparse(foldid):
            raise TypeError("foldid must be a 1-D array of fold labels, got a sparse matrix")
        a = np.asarray(foldid)
        if a.ndim != 1:
            raise ValueError(f"foldid must be 1-D (one fold label per sample), got shape {a.shape}")
        if a.shape[0] != n:
            raise ValueError(
                f"foldid must have one fold label per sample: n_samples = {n} "
                f"values, got {a.shape[0]}"
            )
        if a.dtype.kind == "f" and np.isfinite(a).all() and (a == np.round(a)).all():
            a = a.astype(np.int64)
        if a.dtype.kind not in "iu":
            raise TypeError(f"foldid must hold integer fold labels, got dtype {a.dtype}")
        labels, ids = np.unique(a, return_inverse=True)
        if labels.size < 2:
            raise ValueError(
                f"foldid must name at least 2 folds, got {labels.size} distinct "
                f"value{'s' if labels.size != 1 else ''} ({labels.tolist()})"
            )
        return int(labels.size), np.ascontiguousarray(ids.ravel(), dtype=np.int64), None
    if cv is None:
        cv = 5
    if isinstance(cv, numbers.Integral) and not isinstance(cv, bool):
        k = int(cv)
        if k < 2:
            raise ValueError(f"cv must be at least 2 folds, got cv={cv!r}")
        if k > n:
            raise ValueError(
                f"Cannot have number of splits n_splits={k} greater than the "
                f"number of samples: n_samples={n} (cv={k} folds)."
            )
        return k, None, None
    if isinstance(cv, (str, bytes)) or not (hasattr(cv, "split") or hasattr(cv, "__iter__")):
        raise ValueError(
            f"cv must be None, an int, a splitter with a split(X, y, groups) "
            f"method or an iterable of (train, test) splits, got {cv!r}"
        )
    if hasattr(cv, "split"):
        splits = list(cv.split(X, y, groups))
        what = f"{type(cv).__name__}.split"
    else:
        splits = list(cv)
        what = "cv"
    k = len(splits)
    if k < 2:
        raise ValueError(
            f"{what} gave {k} split{'s' if k != 1 else ''}; cross-validation "
            f"needs at least 2 (train, test) splits"
        )
    roles = np.zeros((k, n), dtype=np.int8)
    for f, split in enumerate(splits):
        try:
            train, test = split
        except (TypeError, ValueError):
            raise ValueError(f"{what}: split {f} is not a (train, test) pair") from None
        train = _split_indices(train, n, f"train indices of split {f}")
        test = _split_indices(test, n, f"test indices of split {f}")
        if test.size == 0:
            raise ValueError(f"{what}: split {f} has an empty test fold (no held-out sample)")
        if train.size == 0:
            raise ValueError(f"{what}: split {f} has no training sample")
        roles[f, train] = _b.SR_CV_TRAIN
        both = np.intersect1d(train, test)
        if both.size:
            raise ValueError(
                f"{what}: sample {int(both[0])} is in both the training and the "
                f"test indices of split {f}"
            )
        roles[f, test] = _b.SR_CV_TEST
    return k, None, roles


def _split_indices(idx, n: int, name: str) -> np.ndarray:
    """A split's sample indices (integers in [-n, n), or a boolean mask of n values) as
    int64 indices in [0, n)."""
    a = np.asarray(idx)
    if a.dtype == bool:
        if a.shape != (n,):
            raise ValueError(
                f"{name}: a boolean mask must have n_samples = {n} values, got shape {a.shape}"
            )
        return np.flatnonzero(a)
    a = a.ravel()
    if a.size == 0:
        return a.astype(np.int64)
    if a.dtype.kind not in "iu":
        raise TypeError(f"{name} must be integers, got dtype {a.dtype}")
    a = a.astype(np.int64)
    if int(a.min()) < -n or int(a.max()) >= n:
        k = int(np.flatnonzero((a < -n) | (a >= n))[0])
        raise ValueError(f"{name}: index {int(a[k])} is out of range for n_samples = {n}")
    return np.where(a < 0, a + n, a)


def _contiguous_foldid(k: int, n: int) -> np.ndarray:
    """The fold of each sample in k contiguous folds, the first n % k one sample larger
    (scikit-learn's ``KFold(k)`` without shuffling; the library's folds for an int cv)."""
    sizes = np.full(k, n // k)
    sizes[: n % k] += 1
    return np.repeat(np.arange(k, dtype=np.int64), sizes)


def _check_l1_ratios(l1_ratio) -> list[float]:
    """One l1_ratio or a list of them (ElasticNetCV's), each in [0, 1]."""
    if isinstance(l1_ratio, numbers.Real) and not isinstance(l1_ratio, bool):
        return [_real(l1_ratio, "l1_ratio", high=1.0)]
    values = (
        list(l1_ratio)
        if isinstance(l1_ratio, (list, tuple))
        else np.asarray(_to_numeric(l1_ratio, "l1_ratio")).ravel().tolist()
    )
    if not values:
        raise ValueError("l1_ratio must be a number in [0, 1] or a non-empty list of them")
    return [_real(v, f"l1_ratio[{i}]", high=1.0) for i, v in enumerate(values)]


def _n_threads(n_jobs) -> int:
    """``sr_cv_options.n_threads`` for scikit-learn's ``n_jobs``: None → 0 (the library's
    thread count), k ≥ 1 → k, -1 → every CPU, -k → every CPU but k − 1 (joblib's rule)."""
    if n_jobs is None:
        return 0
    if not isinstance(n_jobs, numbers.Integral):
        raise TypeError(f"n_jobs must be None or an integer, got {n_jobs!r}")
    n_jobs = int(n_jobs)
    if n_jobs == 0:
        raise ValueError(
            "n_jobs == 0 has no meaning: use None, a positive count, or -1 for every CPU"
        )
    if abs(n_jobs) > _INT32_MAX:
        raise ValueError(
            f"n_jobs must be in [-{_INT32_MAX}, {_INT32_MAX}] (a thread count), got {n_jobs!r}"
        )
    if n_jobs > 0:
        return n_jobs
    import os

    return max(1, (os.cpu_count() or 1) + 1 + int(n_jobs))
