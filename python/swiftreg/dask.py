"""swiftreg on Dask: chunked kernels and a distributed Lasso / elastic net.

An optional extra (``pip install swiftreg[dask]``); ``import swiftreg`` never imports Dask.

**Kernels.** The losses, their gradients and fused value-and-gradient calls, the penalties,
their gradients, the three proximal operators and both update steps accept ``dask.array``
inputs. Elementwise results come back as Dask arrays with the inputs' chunks; ``"sum"`` and
``"mean"`` reductions and the penalty values come back as lazy 0-d Dask arrays. Every chunk
is computed by the same C kernel as ``swiftreg.<name>``; reductions add per-chunk partial
sums (float64) in a fixed binary tree over the chunk index (chunk 0+1, 2+3, …, then the
pairs of those), so a result never depends on where or when the chunks ran. Elementwise
results are bit-identical to the in-memory functions, ``"mean"`` gradients included (the
global c = 1/Σsᵢ is applied as the kernel applies it; with weights, Σsᵢ is itself a tree
sum and may differ from the in-memory one in its last bit); reductions differ from the
in-memory sum only by the order of the additions.

Inputs must be Dask arrays (``dask.array.from_array`` wraps an in-memory one); arrays of one
shape whose chunks differ are rechunked to the first array's chunks; different shapes, unknown
(NaN) chunk sizes and non-numeric dtypes raise. **Sparse chunks are not supported**: a Dask
array whose chunks are ``scipy.sparse`` matrices (or other sparse arrays, recognised by the
array's ``_meta``) raises ``TypeError`` everywhere here, estimators included. Densify the
chunks (``X.map_blocks(lambda b: b.toarray(), dtype=X.dtype, meta=np.empty((0, 0)))``)
when each fits in memory, or, when the whole sparse X fits on one machine, fit
``swiftreg.linear_model`` on ``X.compute()`` (one ``scipy.sparse`` matrix, read in place). Hyperparameters are checked when the graph is
built, with the in-memory functions' messages.

**Estimators.** :class:`Lasso` and :class:`ElasticNet` fit scikit-learn's objective on tall
data, X chunked by rows (any n, p up to a few thousand), by accelerated proximal gradient
(FISTA, with a power-iteration step size guarded by backtracking and adaptive restart). X, y
and the weights are persisted on the workers by row blocks; each iteration sends the current
point (O(p) numbers) to every block, each block returns its contribution X̃ᵦᵀsᵦrᵦ (p numbers)
and a few scalars, computed with ``swiftreg.l2_loss_value_and_grad``; the driver combines
them in a fixed tree and applies ``swiftreg.elastic_net_prox``. The stopping rule is the
duality gap of ``swiftreg.linear_model`` in its units (``dual_gap_`` ≤ tol·Σsᵢ(yᵢ − ȳ)²/S).
Works with any Dask scheduler: a ``dask.distributed.Client`` (the default one when it
exists), threads or the synchronous scheduler.

**Cross-validation** is not distributed: there is no ``LassoCV`` here (one would fit K + 1
full paths by FISTA, each α costing many rounds over every block). When X fits one machine,
gather it (``X.compute()``) and use :class:`swiftreg.linear_model.LassoCV` or
:class:`~swiftreg.linear_model.ElasticNetCV`, whose folds run in parallel native threads.
Otherwise choose α by ``LassoCV`` on a row sample that fits in memory and fit
``Lasso(alpha=model.alpha_)`` here on all the rows; the best α shrinks as n grows, so a
sample's choice errs on the side of the sparser model.
"""

from __future__ import annotations

try:
    import dask
    import dask.array as da
    from dask import delayed
except ImportError as _exc:  # pragma: no cover - exercised in a subprocess by the tests
    raise ImportError(
        "swiftreg.dask needs Dask, an optional extra: pip install swiftreg[dask] "
        "(or pip install 'dask[array]' distributed)"
    ) from _exc

import ctypes
import math
import numbers
import warnings
from typing import Callable, Literal

import numpy as np

from . import _bindings as _b
from . import losses as _losses
from . import penalties as _penalties
from . import updates as _updates
from ._arrays import F32, F64
from ._errors import SR_ERR_INVALID_DATA, SwiftRegError, raise_for
from ._validation import _check_penalty_factor, _integer, _interop, _is_sparse, _real
from .linear_model import ConvergenceWarning
from .linear_model._base import BaseLinearRegressor

__all__ = [
    "l1_loss",
    "l2_loss",
    "huber_loss",
    "l1_loss_grad",
    "l2_loss_grad",
    "huber_loss_grad",
    "l1_loss_value_and_grad",
    "l2_loss_value_and_grad",
    "huber_loss_value_and_grad",
    "l1_penalty",
    "l2_penalty",
    "elastic_net_penalty",
    "l1_penalty_grad",
    "l2_penalty_grad",
    "elastic_net_penalty_grad",
    "l1_prox",
    "l2_prox",
    "elastic_net_prox",
    "subgradient_step",
    "proximal_step",
    "tree_sum",
    "ElasticNet",
    "Lasso",
]

_REDUCTIONS = ("sum", "mean", "none")


# --------------------------------------------------------------------------------------
# Input checks
# --------------------------------------------------------------------------------------


def _require(x, name: str, fname: str) -> "da.Array":
    """x itself when it is a Dask array with known chunk sizes and a real numeric dtype."""
    if not isinstance(x, da.Array):
        kind = f"{type(x).__module__}.{type(x).__qualname__}"
        raise TypeError(
            f"swiftreg.dask.{fname}: {name} must be a dask.array.Array, got {kind}. Wrap an "
            f"in-memory array with dask.array.from_array({name}, chunks=...), or call "
            f"swiftreg.{fname} for in-memory data."
        )
    if any(math.isnan(c) for dim in x.chunks for c in dim):
        raise ValueError(
            f"swiftreg.dask.{fname}: {name} has unknown chunk sizes (NaN in {name}.chunks, "
            f"as after boolean indexing or DataFrame.to_dask_array()); call "
            f"{name}.compute_chunk_sizes() or build it with lengths=True first."
        )
    meta = getattr(x, "_meta", None)
    if meta is not None and _is_sparse(meta):
        raise TypeError(
            f"swiftreg.dask.{fname}: {name} is a Dask array of sparse chunks "
            f"({type(meta).__module__}.{type(meta).__qualname__}); swiftreg.dask works on dense "
            f"chunks only. Densify the chunks with {name}.map_blocks(lambda b: b.toarray(), "
            f"dtype={name}.dtype, meta=numpy.empty((0, 0), {name}.dtype)) when they fit in "
            f"memory, or, when the whole sparse array does, fit swiftreg.linear_model on "
            f"{name}.compute() (one scipy.sparse matrix, read in place)."
        )
    kind = x.dtype.kind
    if kind == "c":
        raise TypeError(f"{name} must be real-valued, got complex dtype {x.dtype}")
    if kind not in "fiub":
        raise TypeError(f"{name} must be a numeric array, got dtype {x.dtype}")
    return x


def _result_dtype(*arrays) -> np.dtype:
    """float32 when every array is float32 (or narrower), else float64 (as in memory)."""
    kinds = [a.dtype for a in arrays if a is not None]
    return F32 if all(d.kind == "f" and d.itemsize <= 4 for d in kinds) else F64


def _align(fname: str, names: tuple[str, ...], arrays: list) -> list:
    """Check shapes and rechunk every array to the chunks of the first one."""
    first = arrays[0]
    out = [first]
    for name, a in zip(names[1:], arrays[1:]):
        if a is None:
            out.append(None)
            continue
        if a.shape != first.shape:
            raise ValueError(
                f"swiftreg.dask.{fname}: {names[0]} and {name} must have the same "
                f"shape, got {first.shape} and {a.shape}"
            )
        out.append(a if a.chunks == first.chunks else a.rechunk(first.chunks))
    return out


def _inputs(fname: str, names: tuple[str, ...], *arrays):
    checked = [
        None if (a is None and n == "sample_weight") else _require(a, n, fname)
        for n, a in zip(names, arrays)
    ]
    return _align(fname, names, checked), _result_dtype(*checked)


# --------------------------------------------------------------------------------------
# The fixed-tree combine
# --------------------------------------------------------------------------------------


def _add(a, b):
    if isinstance(a, tuple):
        return tuple(_add(x, y) for x, y in zip(a, b))
    return a + b


def _tree(parts: list, combine: Callable = _add):
    """Combine delayed values pairwise in a fixed binary tree over their index order."""
    level = list(parts)
    while len(level) > 1:
        nxt = [
            delayed(combine, pure=True)(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)
        ]
        if len(level) % 2:
            nxt.append(level[-1])
        level = nxt
    return level[0]


def tree_sum(x) -> "da.Array":
    """Σ of a Dask array's elements, per-chunk float64 sums added in a fixed binary tree.

    The result does not depend on the scheduler or the order in which chunks finish (unlike a
    floating-point sum whose combine order follows completion). A lazy 0-d float64 array.
    """
    x = _require(x, "x", "tree_sum")
    parts = [delayed(_chunk_sum, pure=True)(b) for b in x.to_delayed().ravel()]
    return da.from_delayed(_tree(parts), shape=(), dtype=F64)


def _chunk_sum(b: np.ndarray) -> float:
    return float(np.sum(b, dtype=F64))


def _blocks(arrays: list) -> list[list]:
    """For each chunk index (C order), the delayed chunk of every array (None stays None)."""
    grids = [None if a is None else a.to_delayed() for a in arrays]
    shape = arrays[0].numblocks
    return [[None if g is None else g[idx] for g in grids] for idx in np.ndindex(*shape)]


def _chunk_shapes(a: "da.Array") -> list[tuple[int, ...]]:
    return [tuple(a.chunks[d][i] for d, i in enumerate(idx)) for idx in np.ndindex(*a.numblocks)]


def _assemble(pieces: list, a: "da.Array", dt: np.dtype) -> "da.Array":
    """One Dask array with a's chunks from delayed chunks listed in C order."""
    arrays = [da.from_delayed(p, shape=s, dtype=dt) for p, s in zip(pieces, _chunk_shapes(a))]
    if a.ndim == 0:
        return arrays[0]
    grid = np.empty(a.numblocks, dtype=object)
    for k, idx in enumerate(np.ndindex(*a.numblocks)):
        grid[idx] = arrays[k]
    return da.block(grid.tolist())


def _lazy_scalar(value, dt: np.dtype) -> "da.Array":
    return da.from_delayed(delayed(dt.type, pure=True)(value), shape=(), dtype=dt)


# --------------------------------------------------------------------------------------
# Losses
# --------------------------------------------------------------------------------------

_LOSS_NAMES = ("y_true", "y_pred", "sample_weight")


def _probe_loss(fn, reduction, extra: dict):
    """Raise, now and with the in-memory message, for a bad reduction or hyperparameter."""
    if not (type(reduction) is str and reduction in _REDUCTIONS):
        raise ValueError(f"reduction must be 'sum', 'mean' or 'none', got {reduction!r}")
    fn(np.zeros(1), np.zeros(1), reduction=reduction, **extra)


def _as64(b):
    return None if b is None else np.asarray(b, dtype=F64)


def _chunk_loss_sum(fn, extra, yt, yp, sw):
    """(Σ sᵢℓᵢ, Σ sᵢ) of one chunk in float64 (float32 chunks are widened exactly)."""
    value = fn(_as64(yt), _as64(yp), sample_weight=_as64(sw), reduction="sum", **extra)
    weight = float(yt.size) if sw is None else float(np.sum(sw, dtype=F64))
    return float(value), weight


def _finish_reduction(total, reduction: str, dt: np.dtype):
    value, weight = total
    if reduction == "mean":
        with np.errstate(invalid="ignore", divide="ignore"):
            value = np.float64(value) / np.float64(weight)
    return dt.type(value)


def _loss_value(fname, fn, y_true, y_pred, sample_weight, reduction, extra):
    _probe_loss(fn, reduction, extra)
    (yt, yp, sw), dt = _inputs(fname, _LOSS_NAMES, y_true, y_pred, sample_weight)
    if reduction == "none":

        def chunk(a, b, s=None):
            return fn(a, b, sample_weight=s, reduction="none", **extra)

        args = (yt, yp) if sw is None else (yt, yp, sw)
        return da.map_blocks(chunk, *args, dtype=dt, meta=np.empty((0,) * yt.ndim, dt))
    parts = [delayed(_chunk_loss_sum, pure=True)(fn, extra, *blk) for blk in _blocks([yt, yp, sw])]
    root = delayed(_finish_reduction, pure=True)(_tree(parts), reduction, dt)
    return da.from_delayed(root, shape=(), dtype=dt)


def _weight_total(yt, sw):
    if sw is None:
        return float(yt.size)
    return delayed(float, pure=True)(
        _tree([delayed(_chunk_sum, pure=True)(b) for b in sw.to_delayed().ravel()])
    )


def _chunk_grad(fn, extra, reduction, dt, scale, yt, yp, sw):
    """One chunk of a gradient. For "mean", the kernel's "sum" gradient sᵢ·ℓ'(rᵢ) in float64
    times the global c = 1/Σsᵢ, rounded once to dt: the in-memory kernel's exact arithmetic."""
    if reduction != "mean":
        return fn(yt, yp, sample_weight=sw, reduction=reduction, **extra)
    g = fn(_as64(yt), _as64(yp), sample_weight=_as64(sw), reduction="sum", **extra)
    g *= 1.0 / scale
    return g.astype(dt, copy=False)


def _loss_grad(fname, fn, y_true, y_pred, sample_weight, reduction, extra):
    _probe_loss(fn, reduction, extra)
    (yt, yp, sw), dt = _inputs(fname, _LOSS_NAMES, y_true, y_pred, sample_weight)
    if reduction != "mean":

        def chunk(a, b, s=None):
            return fn(a, b, sample_weight=s, reduction=reduction, **extra)

        args = (yt, yp) if sw is None else (yt, yp, sw)
        return da.map_blocks(chunk, *args, dtype=dt, meta=np.empty((0,) * yt.ndim, dt))
    total = _weight_total(yt, sw)
    pieces = [
        delayed(_chunk_grad, pure=True)(fn, extra, reduction, dt, total, *blk)
        for blk in _blocks([yt, yp, sw])
    ]
    return _assemble(pieces, yt, dt)


def _chunk_both(both, extra, reduction, dt, total, yt, yp, sw):
    """(partial (Σ sᵢℓᵢ, Σ sᵢ) in float64, gradient chunk) in one pass over the chunk."""
    code = "none" if reduction == "none" else "sum"
    if reduction == "none":
        return both(yt, yp, sample_weight=sw, reduction="none", **extra)
    value, g = both(_as64(yt), _as64(yp), sample_weight=_as64(sw), reduction=code, **extra)
    if reduction == "mean":
        g *= 1.0 / total
    weight = float(yt.size) if sw is None else float(np.sum(sw, dtype=F64))
    return (float(value), weight), g.astype(dt, copy=False)


def _loss_both(fname, both, y_true, y_pred, sample_weight, reduction, extra):
    _probe_loss(both, reduction, extra)
    (yt, yp, sw), dt = _inputs(fname, _LOSS_NAMES, y_true, y_pred, sample_weight)
    total = _weight_total(yt, sw) if reduction == "mean" else 1.0
    tasks = [
        delayed(_chunk_both, pure=True, nout=2)(both, extra, reduction, dt, total, *blk)
        for blk in _blocks([yt, yp, sw])
    ]
    grad = _assemble([t[1] for t in tasks], yt, dt)
    if reduction == "none":
        return _assemble([t[0] for t in tasks], yt, dt), grad
    root = delayed(_finish_reduction, pure=True)(_tree([t[0] for t in tasks]), reduction, dt)
    return da.from_delayed(root, shape=(), dtype=dt), grad


_LOSS_DOC = """{what}, on Dask arrays, chunk by chunk (see ``swiftreg.{name}`` for the formula).

    Parameters
    ----------
    y_true, y_pred : dask.array.Array
        The same shape (chunks are matched to ``y_true``'s).
    sample_weight : dask.array.Array, optional
    reduction : {{"sum", "mean", "none"}}, default "sum"
    {extra}
    Returns
    -------
    {returns}
    """


def _make_loss(name: str, kind: str, has_delta: bool):
    value_fn = getattr(_losses, name)
    grad_fn = getattr(_losses, name + "_grad")
    both_fn = getattr(_losses, name + "_value_and_grad")
    extra_doc = (
        "delta : float, default 1.0\n        The Huber threshold δ > 0.\n" if has_delta else ""
    )

    def _extra(delta):
        return {"delta": delta} if has_delta else {}

    def value(y_true, y_pred, *, sample_weight=None, reduction="sum", delta=1.0):
        return _loss_value(name, value_fn, y_true, y_pred, sample_weight, reduction, _extra(delta))

    def grad(y_true, y_pred, *, sample_weight=None, reduction="sum", delta=1.0):
        return _loss_grad(
            name + "_grad", grad_fn, y_true, y_pred, sample_weight, reduction, _extra(delta)
        )

    def both(y_true, y_pred, *, sample_weight=None, reduction="sum", delta=1.0):
        return _loss_both(
            name + "_value_and_grad",
            both_fn,
            y_true,
            y_pred,
            sample_weight,
            reduction,
            _extra(delta),
        )

    if not has_delta:  # keep the in-memory signatures: no delta where there is none

        def value(y_true, y_pred, *, sample_weight=None, reduction="sum"):  # type: ignore[misc]  # noqa: F811
            return _loss_value(name, value_fn, y_true, y_pred, sample_weight, reduction, {})

        def grad(y_true, y_pred, *, sample_weight=None, reduction="sum"):  # type: ignore[misc]  # noqa: F811
            return _loss_grad(name + "_grad", grad_fn, y_true, y_pred, sample_weight, reduction, {})

        def both(y_true, y_pred, *, sample_weight=None, reduction="sum"):  # type: ignore[misc]  # noqa: F811
            return _loss_both(
                name + "_value_and_grad", both_fn, y_true, y_pred, sample_weight, reduction, {}
            )

    for fn, suffix, what, returns in (
        (
            value,
            "",
            f"{kind} loss",
            "dask.array.Array\n        A lazy 0-d array for "
            '"sum"/"mean"; elementwise values for "none".',
        ),
        (
            grad,
            "_grad",
            f"Gradient of the {kind} loss with respect to ``y_pred``",
            "dask.array.Array\n        Shaped and chunked like ``y_true``.",
        ),
        (
            both,
            "_value_and_grad",
            f"{kind} loss and its gradient in one pass per chunk",
            "value : dask.array.Array\n    grad : dask.array.Array",
        ),
    ):
        fn.__name__ = fn.__qualname__ = name + suffix
        fn.__module__ = __name__
        fn.__doc__ = _LOSS_DOC.format(
            what=what, name=name + suffix, extra=extra_doc, returns=returns
        )
    return value, grad, both


l1_loss, l1_loss_grad, l1_loss_value_and_grad = _make_loss("l1_loss", "L1", False)
l2_loss, l2_loss_grad, l2_loss_value_and_grad = _make_loss("l2_loss", "L2", False)
huber_loss, huber_loss_grad, huber_loss_value_and_grad = _make_loss("huber_loss", "Huber", True)


# --------------------------------------------------------------------------------------
# Penalties, proximal operators, update steps
# --------------------------------------------------------------------------------------


def _chunk_penalty(fn, params, w):
    return float(fn(_as64(w), *params))  # float64 partials (float32 chunks widened exactly)


def _penalty_value(fname, fn, w, params):
    fn(np.zeros(1), *params)  # parameter errors now, with the in-memory message
    (w,), dt = _inputs(fname, ("w",), w)
    parts = [delayed(_chunk_penalty, pure=True)(fn, params, b) for b in w.to_delayed().ravel()]
    return da.from_delayed(delayed(dt.type, pure=True)(_tree(parts)), shape=(), dtype=dt)


def _elementwise(fname, fn, names, arrays, params):
    fn(*(np.zeros(1) for _ in arrays), *params)  # parameter errors now
    arrays, dt = _inputs(fname, names, *arrays)

    def chunk(*blocks):
        return fn(*blocks, *params)

    return da.map_blocks(chunk, *arrays, dtype=dt, meta=np.empty((0,) * arrays[0].ndim, dt))


def l1_penalty(w, lam: float):
    """λ·Σ|wⱼ| of a Dask array, as a lazy 0-d array (``swiftreg.l1_penalty`` per chunk)."""
    return _penalty_value("l1_penalty", _penalties.l1_penalty, w, (lam,))


def l2_penalty(w, lam: float):
    """λ·Σwⱼ² of a Dask array, as a lazy 0-d array (``swiftreg.l2_penalty`` per chunk)."""
    return _penalty_value("l2_penalty", _penalties.l2_penalty, w, (lam,))


def elastic_net_penalty(w, l1: float, l2: float):
    """l1·Σ|wⱼ| + l2·Σwⱼ² of a Dask array, as a lazy 0-d array."""
    return _penalty_value("elastic_net_penalty", _penalties.elastic_net_penalty, w, (l1, l2))


def l1_penalty_grad(w, lam: float):
    """λ·sign(wⱼ) chunk by chunk (a Dask array chunked like ``w``)."""
    return _elementwise("l1_penalty_grad", _penalties.l1_penalty_grad, ("w",), [w], (lam,))


def l2_penalty_grad(w, lam: float):
    """2·λ·wⱼ chunk by chunk."""
    return _elementwise("l2_penalty_grad", _penalties.l2_penalty_grad, ("w",), [w], (lam,))


def elastic_net_penalty_grad(w, l1: float, l2: float):
    """l1·sign(wⱼ) + 2·l2·wⱼ chunk by chunk."""
    return _elementwise(
        "elastic_net_penalty_grad", _penalties.elastic_net_penalty_grad, ("w",), [w], (l1, l2)
    )


def l1_prox(v, lam: float, step: float = 1.0):
    """Soft-thresholding sign(vⱼ)·max(|vⱼ| − t·λ, 0) chunk by chunk (exact zeros kept)."""
    return _elementwise("l1_prox", _penalties.l1_prox, ("v",), [v], (lam, step))


def l2_prox(v, lam: float, step: float = 1.0):
    """vⱼ / (1 + 2·t·λ) chunk by chunk."""
    return _elementwise("l2_prox", _penalties.l2_prox, ("v",), [v], (lam, step))


def elastic_net_prox(v, l1: float, l2: float, step: float = 1.0):
    """soft(vⱼ, t·l1) / (1 + 2·t·l2) chunk by chunk."""
    return _elementwise(
        "elastic_net_prox", _penalties.elastic_net_prox, ("v",), [v], (l1, l2, step)
    )


def subgradient_step(w, grad, lr: float, *, l1: float = 0.0, l2: float = 0.0):
    """w − lr·(g + l1·sign(w) + 2·l2·w) chunk by chunk (``grad`` rechunked to ``w``)."""
    fn = _updates.subgradient_step
    return _elementwise(
        "subgradient_step",
        lambda a, b, lr_: fn(a, b, lr_, l1=l1, l2=l2),
        ("w", "grad"),
        [w, grad],
        (lr,),
    )


def proximal_step(w, grad, lr: float, *, l1: float = 0.0, l2: float = 0.0):
    """soft(w − lr·g, lr·l1) / (1 + 2·lr·l2) chunk by chunk (``grad`` rechunked to ``w``)."""
    fn = _updates.proximal_step
    return _elementwise(
        "proximal_step",
        lambda a, b, lr_: fn(a, b, lr_, l1=l1, l2=l2),
        ("w", "grad"),
        [w, grad],
        (lr,),
    )


# --------------------------------------------------------------------------------------
# Distributed elastic net: per-block work (runs on the workers)
# --------------------------------------------------------------------------------------


def _block_sums(X, y, s, index):
    """Round 1: (Σs, Σs·x, Σs·y), checking the block's values."""
    w = None if s is None else np.asarray(s, dtype=F64)
    with np.errstate(over="ignore", invalid="ignore"):
        sx = X.sum(axis=0, dtype=F64) if w is None else w @ X
        sy = float(y.sum(dtype=F64) if w is None else w @ y)
    if not (np.isfinite(sx).all() and math.isfinite(sy)):
        for name, a in (("X", X), ("y", y)):
            if np.isnan(a).any():
                raise ValueError(f"Input {name} contains NaN (in row block {index}).")
            if not np.isfinite(a).all():
                raise ValueError(
                    f"Input {name} contains infinity or a value too large for "
                    f"dtype({a.dtype.name!r}) (in row block {index})."
                )
    total = float(y.shape[0])
    if w is not None:
        if not np.isfinite(w).all():
            raise ValueError(
                f"sample_weight must be finite (it contains NaN or infinity, in row block {index})"
            )
        if (w < 0).any():
            i = int(np.argmax(w < 0))
            raise ValueError(
                f"Negative values in sample_weight are not allowed: "
                f"sample_weight[{i}] of row block {index} = {w[i]!r}"
            )
        total = float(w.sum())
    return total, sx, sy


def _block_moments(X, y, s, xbar, ybar):
    """Round 2: (dⱼ = Σs(xⱼ − x̄ⱼ)², Σs(y − ȳ)², X̃ᵀs·ỹ)."""
    # Overflow gives inf, which the driver reports as the data's scale: no warnings here.
    with np.errstate(over="ignore", invalid="ignore"):
        Xc = X - xbar.astype(X.dtype)
        yc = np.asarray(y, dtype=F64) - ybar
        sw = None if s is None else np.asarray(s, dtype=F64)
        if sw is None:
            d = np.einsum("ij,ij->j", Xc, Xc, dtype=F64)
            return d, float(yc @ yc), Xc.T.astype(F64, copy=False) @ yc
        d = np.einsum("i,ij,ij->j", sw, Xc, Xc, dtype=F64)
        return d, float(sw @ (yc * yc)), Xc.T.astype(F64, copy=False) @ (sw * yc)


def _block_grad(X, y, s, W, xbar, ybar, use_y: bool):
    """One iteration on one row block, for each column w of W (p × k):

    u = X̃w = Xw − x̄·w, r = ỹ − u, and with swiftreg.l2_loss_value_and_grad (value Σs(u − ỹ)²,
    gradient 2s(u − ỹ) = −2s·r): returns (X̃ᵀs·r, Σs·r², Σs·r·ỹ), k of each."""
    dt = X.dtype
    k = W.shape[1]
    U = X @ W.astype(dt)
    U -= (xbar @ W).astype(dt)
    yt = (np.asarray(y, dtype=F64) - ybar).astype(dt) if use_y else np.zeros(X.shape[0], dt)
    sw = None if s is None else np.asarray(s, dtype=dt)
    G = np.empty((X.shape[0], k), dtype=dt)
    rr = np.empty(k)
    for j in range(k):
        val, g = _losses.l2_loss_value_and_grad(
            yt, np.ascontiguousarray(U[:, j]), sample_weight=sw, reduction="sum"
        )
        rr[j] = val
        G[:, j] = g
    # g = −2s·r: X̃ᵀs·r = −½(Xᵀg − x̄·Σg), s·r·ỹ = −½ g·ỹ.
    c = -0.5 * ((X.T @ G).astype(F64) - np.outer(xbar, G.sum(axis=0, dtype=F64)))
    ry = -0.5 * (yt.astype(F64) @ G.astype(F64))
    return c, rr, ry


# --------------------------------------------------------------------------------------
# Distributed elastic net: the driver
# --------------------------------------------------------------------------------------


class _Certificate:
    """The library's elastic-net duality gap (``sr_enet_gap_f64``, the gap ``swiftreg.linear_model``
    stops on) from the driver's sufficient statistics, in the user's units. Features with
    penalty factor 0 need X̃ᵀs·x̃ⱼ (one round trip, once) for the projected dual point."""

    def __init__(self, blocks, xbar, ybar, d, c0, S, alpha, l1_ratio, pf, positive):
        self.d = np.ascontiguousarray(d, dtype=F64)
        self.S, self.alpha, self.l1_ratio, self.positive = S, alpha, l1_ratio, int(positive)
        self.pf = None if pf is None else np.ascontiguousarray(pf, dtype=F64)
        self.gram = self.q = None
        self.m = 0
        if self.pf is not None:
            free = np.flatnonzero((self.pf == 0) & (self.d > 0))
            if free.size:
                E = np.zeros((len(d), free.size))
                E[free, np.arange(free.size)] = 1.0
                # grad with use_y=False returns X̃ᵀs·(−X̃E): minus the Gram columns.
                self.gram = np.asfortranarray(-blocks.grad(E, xbar, ybar, use_y=False)[0])
                self.q = np.ascontiguousarray(np.asarray(c0, dtype=F64)[free])
                self.m = int(free.size)

    def gap(self, c, w, rr, ry) -> float:
        c = np.ascontiguousarray(c, dtype=F64)
        w = np.ascontiguousarray(w, dtype=F64)
        out = ctypes.c_double()

        def ptr(a):
            return None if a is None else a.ctypes.data

        status = _b.sr_enet_gap_f64(
            c.ctypes.data,
            w.ctypes.data,
            w.size,
            float(rr),
            float(ry),
            self.d.ctypes.data,
            float(self.S),
            float(self.alpha),
            float(self.l1_ratio),
            ptr(self.pf),
            self.positive,
            ptr(self.gram),
            self.m,
            ptr(self.q),
            ctypes.byref(out),
        )
        if status:
            raise_for(status)
        return out.value


class _Blocks:
    """X, y and s persisted on the workers by row blocks, and one method per round trip."""

    def __init__(self, X, y, s):
        X, y, s = dask.persist(X, y, s) if s is not None else (*dask.persist(X, y), None)
        self.X = X.to_delayed(optimize_graph=False).ravel()
        self.y = y.to_delayed(optimize_graph=False).ravel()
        self.s = [None] * len(self.X) if s is None else s.to_delayed(optimize_graph=False).ravel()
        self.rounds = 0
        self.where = self._locate(X)

    def _locate(self, X):
        """On a distributed cluster, the worker that holds each row block of X: each block's
        task is pinned there, so no scheduler heuristic (work stealing) moves X around."""
        try:
            from distributed import default_client, futures_of, wait

            client = default_client()
        except (ImportError, ValueError):
            return None
        if dask.config.get("scheduler", None) not in (None, "dask.distributed", "distributed"):
            return None
        keys = [b.key for b in self.X]
        try:
            futures = futures_of(X)
            wait(futures)  # persist is asynchronous: the blocks must exist to be located
            who = client.who_has(futures)
        except Exception:  # pragma: no cover - a client that cannot answer
            return None
        where = [list(who.get(k, ()))[:1] for k in keys]
        return where if all(where) else None

    def _run(self, fn, args):
        parts = []
        for i, (x, y, s) in enumerate(zip(self.X, self.y, self.s)):
            if self.where is None:
                parts.append(delayed(fn, pure=True)(x, y, s, *args(i)))
            else:
                with dask.annotate(workers=self.where[i], allow_other_workers=False):
                    parts.append(delayed(fn, pure=True)(x, y, s, *args(i)))
        self.rounds += 1
        return dask.compute(_tree(parts), optimize_graph=False)[0]

    def sums(self):
        return self._run(_block_sums, lambda i: (i,))

    def moments(self, xbar, ybar):
        return self._run(_block_moments, lambda i: (xbar, ybar))

    def grad(self, W, xbar, ybar, use_y=True):
        return self._run(_block_grad, lambda i: (W, xbar, ybar, use_y))


def _prox(v, step, l1, l2, pf, positive):
    """prox of step·Σⱼ fⱼ(l1|wⱼ| + ½·l2·wⱼ²) with swiftreg.elastic_net_prox, one call per
    distinct penalty factor (swiftreg's l2 is the coefficient of w², hence l2/2)."""
    if pf is None:
        out = _penalties.elastic_net_prox(v, l1, 0.5 * l2, step)
    else:
        out = v.copy()
        for f in np.unique(pf):
            idx = pf == f
            out[idx] = _penalties.elastic_net_prox(v[idx], l1 * f, 0.5 * l2 * f, step)
    if positive:
        np.maximum(out, 0.0, out=out)
    return out


def _enet_fit_dask(est, X, y, sample_weight, l1_ratio: float):
    name = type(est).__name__
    fname = f"{name}.fit"
    alpha = _real(est.alpha, "alpha")
    tol = _real(est.tol, "tol")
    max_iter = _integer(est.max_iter, "max_iter")
    if est.solver != "fista":
        raise ValueError(
            f"solver must be 'fista' for swiftreg.dask.{name} (accelerated proximal "
            f"gradient over row blocks), got {est.solver!r}; "
            f"swiftreg.linear_model.{name} has the other solvers"
        )
    if y is None:
        raise ValueError(f"{name} requires y to be passed, but the target y is None.")
    X = _require(X, "X", fname)
    y = _require(y, "y", fname)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D (n_samples, n_features), got shape {X.shape}")
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.ndim != 1:
        raise ValueError(
            f"y should be a 1d array, got an array of shape {y.shape} instead "
            f"({name} fits one target)."
        )
    n, p = X.shape
    if n == 0 or p == 0:
        raise ValueError(
            f"Found array with shape {X.shape}; {name} needs at least 1 sample and 1 feature."
        )
    if y.shape[0] != n:
        raise ValueError(
            "Found input variables with inconsistent numbers of samples: "
            f"[{n}, {y.shape[0]}] (X has {n} rows, y has {y.shape[0]} values)"
        )
    dt = F32 if X.dtype == F32 else F64
    if X.dtype != dt:
        X = X.astype(dt)
    if X.numblocks[1] > 1:
        X = X.rechunk({1: -1})  # row blocks: every block holds whole rows
    rows = (X.chunks[0],)
    y = y.astype(dt) if y.dtype != dt else y
    if y.chunks != rows:
        y = y.rechunk(rows)
    s = None
    if sample_weight is not None:
        if isinstance(sample_weight, numbers.Real) and not isinstance(sample_weight, bool):
            s = da.full(n, float(sample_weight), chunks=rows, dtype=dt)
        else:
            s = _require(sample_weight, "sample_weight", fname)
            if s.shape != (n,):
                raise ValueError(f"sample_weight.shape == {s.shape}, expected ({n},)!")
            s = s.astype(dt) if s.dtype != dt else s
            if s.chunks != rows:
                s = s.rechunk(rows)
    pf = _check_penalty_factor(est.penalty_factor, p)
    positive = bool(est.positive)

    blocks = _Blocks(X, y, s)
    S, sx, sy = blocks.sums()
    if not S > 0:
        raise ValueError("sample_weight must have a positive sum (all weights are zero)")
    if est.fit_intercept:
        xbar, ybar = np.asarray(sx, dtype=F64) / S, sy / S
    else:
        xbar, ybar = np.zeros(p), 0.0
    d, ynorm, c0 = blocks.moments(xbar, ybar)
    if not (
        np.isfinite(xbar).all()
        and math.isfinite(ybar)
        and np.isfinite(d).all()
        and math.isfinite(ynorm)
        and np.isfinite(c0).all()
    ):
        what = "X and y" if s is None else "X, y and sample_weight"
        raise SwiftRegError(
            f"{what} are too large: sums or products of them overflow float64 (rescale the data)",
            SR_ERR_INVALID_DATA,
        )
    certificate = _Certificate(blocks, xbar, ybar, d, c0, S, alpha, l1_ratio, pf, positive)
    gap_tol = tol * ynorm  # internal units (S × the user's)
    l1, l2 = alpha * l1_ratio * S, alpha * (1.0 - l1_ratio) * S

    # Step size: the largest eigenvalue of H = X̃ᵀ·diag(s)·X̃ by a few rounds of power
    # iteration (a lower bound, within about 1%; backtracking below keeps the steps safe).
    v = np.sqrt(d)
    if not (v > 0).any():  # X̃ = 0: every direction is an eigenvector (of eigenvalue 0)
        v = np.ones(p)
    v /= np.linalg.norm(v)
    L = 0.0
    for _ in range(10):
        Hv = -blocks.grad(v[:, None], xbar, ybar, use_y=False)[0][:, 0]
        est_L = float(v @ Hv)
        norm = float(np.linalg.norm(Hv))
        if norm == 0.0:
            break
        v = Hv / norm
        done = abs(est_L - L) <= 1e-2 * est_L
        L = est_L
        if done:
            break
    L = max(L * 1.02, float(np.max(d)), np.finfo(float).tiny)

    w = np.zeros(p)
    old = getattr(est, "coef_", None)
    if est.warm_start and isinstance(old, np.ndarray) and old.shape == (p,):
        w = np.asarray(old, dtype=F64).copy()
    z, t = w.copy(), 1.0
    prev = None  # (z, grad at z, f(z)) of the step that produced w, for the backtracking test
    gap = math.inf
    n_iter = 0
    converged = False
    while True:
        c, rr, ry = blocks.grad(np.column_stack([w, z]), xbar, ybar)
        n_iter += 1
        gap = certificate.gap(c[:, 0], w, rr[0], ry[0]) * S  # internal units
        if gap <= gap_tol:
            converged = True
            break
        if n_iter >= max_iter:
            break
        if prev is not None:
            zp, gp, fp, w_before, t_before = prev
            dw = w - zp
            bound = fp + gp @ dw + 0.5 * L * (dw @ dw)
            if 0.5 * rr[0] > bound + 1e-12 * abs(fp):
                # The step was too long: shrink it and redo this step from the same point.
                L *= 2.0
                w = _prox(zp - gp / L, 1.0 / L, l1, l2, pf, positive)
                z, t = _extrapolate(w, w_before, t_before, zp)
                prev = (zp, gp, fp, w_before, t_before)
                continue
        grad_z = -c[:, 1]
        w_next = _prox(z - grad_z / L, 1.0 / L, l1, l2, pf, positive)
        prev = (z, grad_z, 0.5 * rr[1], w, t)
        z, t = _extrapolate(w_next, w, t, z)
        w = w_next
    del blocks  # releases the persisted blocks on the workers

    coef = w.astype(dt)
    est.coef_ = coef
    est.intercept_ = dt.type(ybar - float(xbar @ w) if est.fit_intercept else 0.0)
    est.n_iter_ = n_iter
    est.dual_gap_ = float(gap / S)
    est.n_features_in_ = p
    if not converged:
        warnings.warn(
            f"{name} (fista on Dask) did not converge in max_iter={max_iter} iterations: "
            f"duality gap {gap / S:.6e} > tolerance {gap_tol / S:.6e} "
            f"(tol={tol:g} times the weighted variance of y, Σsᵢ(yᵢ−ȳ)²/S, the units of "
            f"dual_gap_). Increase max_iter, scale the features or increase alpha.",
            _interop(ConvergenceWarning),
            stacklevel=3,
        )
    return est


def _extrapolate(w_new, w_old, t, z_old):
    """FISTA's momentum with adaptive (gradient) restart: z = w_new + β(w_new − w_old)."""
    if (z_old - w_new) @ (w_new - w_old) > 0:  # momentum points uphill: restart
        return w_new.copy(), 1.0
    t_next = 0.5 * (1.0 + math.sqrt(1.0 + 4.0 * t * t))
    return w_new + ((t - 1.0) / t_next) * (w_new - w_old), t_next


class _DaskRegressor(BaseLinearRegressor):
    def _accepts_sparse(self) -> bool:
        return False  # dense Dask arrays only (a sparse X: swiftreg.linear_model)

    def predict(self, X):
        """Predictions X·w + b: a lazy Dask array for a Dask X, else a NumPy array."""
        if isinstance(X, da.Array):
            self._check_fitted()
            X = _require(X, "X", f"{type(self).__name__}.predict")
            if X.ndim != 2 or X.shape[1] != self.n_features_in_:
                raise ValueError(
                    f"X has shape {X.shape}, but {type(self).__name__} is "
                    f"expecting {self.n_features_in_} features as input."
                )
            return X.dot(self.coef_) + self.intercept_
        return super().predict(X)

    def score(self, X, y, sample_weight=None) -> float:
        """R² = 1 − Σsᵢ(yᵢ − ŷᵢ)² / Σsᵢ(yᵢ − ȳ)² (Dask or NumPy inputs), as
        :meth:`swiftreg.linear_model.Lasso.score` (a constant y gives 1.0 or 0.0)."""
        if not isinstance(X, da.Array):
            return super().score(X, y, sample_weight)
        y = _require(y, "y", f"{type(self).__name__}.score")
        pred = self.predict(X).astype(F64)
        t = y.astype(F64).rechunk(pred.chunks)
        s = (
            da.ones_like(t)
            if sample_weight is None
            else _require(sample_weight, "sample_weight", "score").astype(F64).rechunk(pred.chunks)
        )
        live = s > 0
        num, wsum, wy, lo, hi = dask.compute(
            tree_sum(s * (t - pred) ** 2),
            tree_sum(s),
            tree_sum(s * t),
            da.where(live, t, np.inf).min(),
            da.where(live, t, -np.inf).max(),
        )
        mean = wy / wsum
        den = float(dask.compute(tree_sum(s * (t - mean) ** 2))[0])
        return self._r2_from_sums(t.shape[0], num, den, lo == hi)


_DOC = """{summary}

    Minimises, over w ∈ ℝᵖ and b ∈ ℝ, exactly the objective of ``swiftreg.linear_model.{name}``::

        {objective}

    on Dask arrays chunked by rows, with accelerated proximal gradient (FISTA) run from the
    driver: X, y and sample_weight are persisted on the workers by row blocks; each iteration
    sends the current point (p numbers) to every block and gets back p numbers and a few
    scalars, combined in a fixed tree (so the result never depends on scheduling). It stops
    when the duality gap ≤ tol·Σsᵢ(yᵢ − ȳ)²/S, the criterion and units of
    ``swiftreg.linear_model``; fitted with the same small ``tol`` both give the same
    coefficients (to 1e-6 relative in the tests). Uses the current Dask scheduler: the
    default ``dask.distributed.Client`` when one exists.

    Parameters
    ----------
    The parameters of ``swiftreg.linear_model.{name}``. ``solver`` must be ``"fista"`` (the
    default here). ``precompute``, ``copy_X``, ``random_state``, ``selection`` and
    ``learning_rate`` are accepted for compatibility and have no effect. ``max_iter`` counts
    FISTA iterations (each one round trip to the workers, two passes over X).

    Attributes
    ----------
    coef_, intercept_, n_iter_, dual_gap_, n_features_in_
        As in ``swiftreg.linear_model.{name}`` (``dual_gap_`` in the same units).
    """


class ElasticNet(_DaskRegressor):
    __doc__ = _DOC.format(
        summary="Elastic net on Dask arrays (distributed FISTA over row blocks).",
        name="ElasticNet",
        objective="(1/(2S))·Σᵢ sᵢ(yᵢ − xᵢ·w − b)² + α·(ρ·Σⱼ fⱼ|wⱼ| + ½(1 − ρ)·Σⱼ fⱼwⱼ²)",
    )

    def __init__(
        self,
        alpha: float = 1.0,
        *,
        l1_ratio: float = 0.5,
        fit_intercept: bool = True,
        precompute: bool | str = "auto",
        copy_X: bool = True,
        max_iter: int = 1000,
        tol: float = 1e-4,
        warm_start: bool = False,
        positive: bool = False,
        random_state=None,
        selection: Literal["cyclic", "random"] = "cyclic",
        penalty_factor=None,
        solver: Literal["fista"] = "fista",
        learning_rate: float | None = None,
    ) -> None:
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.fit_intercept = fit_intercept
        self.precompute = precompute
        self.copy_X = copy_X
        self.max_iter = max_iter
        self.tol = tol
        self.warm_start = warm_start
        self.positive = positive
        self.random_state = random_state
        self.selection = selection
        self.penalty_factor = penalty_factor
        self.solver = solver
        self.learning_rate = learning_rate

    def fit(self, X, y, sample_weight=None) -> "ElasticNet":
        """Fit on Dask arrays: X (n, p) chunked by rows, y (n,), sample_weight (n,) or a
        number, optional. Warns ``ConvergenceWarning`` when max_iter runs out."""
        ratio = _real(self.l1_ratio, "l1_ratio", high=1.0)
        return _enet_fit_dask(self, X, y, sample_weight, ratio)


class Lasso(ElasticNet):
    __doc__ = _DOC.format(
        summary="Lasso on Dask arrays (distributed FISTA over row blocks).",
        name="Lasso",
        objective="(1/(2S))·Σᵢ sᵢ(yᵢ − xᵢ·w − b)² + α·Σⱼ fⱼ|wⱼ|",
    )

    def __init__(
        self,
        alpha: float = 1.0,
        *,
        fit_intercept: bool = True,
        precompute: bool | str = "auto",
        copy_X: bool = True,
        max_iter: int = 1000,
        tol: float = 1e-4,
        warm_start: bool = False,
        positive: bool = False,
        random_state=None,
        selection: Literal["cyclic", "random"] = "cyclic",
        penalty_factor=None,
        solver: Literal["fista"] = "fista",
        learning_rate: float | None = None,
    ) -> None:
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.precompute = precompute
        self.copy_X = copy_X
        self.max_iter = max_iter
        self.tol = tol
        self.warm_start = warm_start
        self.positive = positive
        self.random_state = random_state
        self.selection = selection
        self.penalty_factor = penalty_factor
        self.solver = solver
        self.learning_rate = learning_rate

    def fit(self, X, y, sample_weight=None) -> "Lasso":
        """Fit on Dask arrays (see :meth:`ElasticNet.fit`)."""
        return _enet_fit_dask(self, X, y, sample_weight, 1.0)
