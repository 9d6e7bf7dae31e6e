"""Losses of predictions: L1, L2 and Huber; values, gradients and both in one pass.

Notation: r = y_pred − y_true, s = sample_weight (1 when omitted), sign(0) = 0.
Reductions: ``"sum"`` (default, the textbook definition) L = Σ sᵢ·ℓ(rᵢ); ``"mean"``
L = Σ sᵢ·ℓ(rᵢ) / Σ sᵢ (divided by n without weights; NaN for empty input, as NumPy and
PyTorch give); ``"none"`` the elementwise sᵢ·ℓ(rᵢ), same shape as the inputs.
Gradients are with respect to ``y_pred`` and follow the same weighting and reduction.
"""

from __future__ import annotations

from ctypes import addressof as _addressof
from ctypes import c_double as _c_double
from ctypes import c_float as _c_float
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from . import _bindings as _b
from ._arrays import DATA_OFFSET as _OFFSET
from ._arrays import F64, address, direct_out, finish, hyper, plain2, prepare, result
from ._arrays import pointer as _pointer
from ._errors import raise_for

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
]

Reduction = Literal["sum", "mean", "none"]
_CODES = {"none": 0, "sum": 1, "mean": 2}
_NAMES = ("y_true", "y_pred", "sample_weight")
_empty = np.empty
_id = id


def _bad_reduction(reduction) -> ValueError:
    return ValueError(f"reduction must be 'sum', 'mean' or 'none', got {reduction!r}")


def _code(reduction) -> int:
    code = _CODES.get(reduction) if type(reduction) is str else None
    if code is None:
        raise _bad_reduction(reduction)
    return code


def _value(f64, f32, y_true, y_pred, sample_weight, reduction, extra, out):
    code = _code(reduction)
    dt = plain2(y_true, y_pred) if sample_weight is None else None
    if dt is not None:
        if code and out is None:
            if dt is F64:
                res, fn = _c_double(), f64
            else:
                res, fn = _c_float(), f32
            status = fn(
                _pointer(_id(y_true) + _OFFSET).value,
                _pointer(_id(y_pred) + _OFFSET).value,
                None,
                y_true.size,
                code,
                *extra,
                _addressof(res),
            )
            if status:
                raise_for(status)
            return res.value
        if not code:  # "none": elementwise, like the gradient
            return _grad(f64, f32, y_true, y_pred, None, reduction, extra, out)
    (yt, yp, sw), dt = prepare(_NAMES, y_true, y_pred, sample_weight)
    fn = f64 if dt is F64 else f32
    swp = None if sw is None else address(sw)
    if code:
        if out is not None:
            raise TypeError("out= holds elementwise results: it needs reduction='none'")
        res = _c_double() if dt is F64 else _c_float()
        status = fn(address(yt), address(yp), swp, yt.size, code, *extra, _addressof(res))
        if status:
            raise_for(status)
        return res.value
    buf, pending = result(yt.shape, dt, out, (yt, yp, sw))
    status = fn(address(yt), address(yp), swp, yt.size, code, *extra, address(buf))
    if status:
        raise_for(status)
    return finish(buf, pending, out is not None)


def _grad(f64, f32, y_true, y_pred, sample_weight, reduction, extra, out):
    code = _code(reduction)
    dt = plain2(y_true, y_pred) if sample_weight is None else None
    if dt is not None and (
        out is None
        or out is y_pred
        or out is y_true
        or direct_out(out, dt, y_true.shape, y_true, y_pred)
    ):
        buf = _empty(y_true.shape, dt) if out is None else out
        status = (f64 if dt is F64 else f32)(
            _pointer(_id(y_true) + _OFFSET).value,
            _pointer(_id(y_pred) + _OFFSET).value,
            None,
            y_true.size,
            code,
            *extra,
            _pointer(_id(buf) + _OFFSET).value,
        )
        if status:
            raise_for(status)
        return buf if buf.ndim else finish(buf, None, out is not None)
    (yt, yp, sw), dt = prepare(_NAMES, y_true, y_pred, sample_weight)
    fn = f64 if dt is F64 else f32
    buf, pending = result(yt.shape, dt, out, (yt, yp, sw))
    status = fn(
        address(yt),
        address(yp),
        None if sw is None else address(sw),
        yt.size,
        code,
        *extra,
        address(buf),
    )
    if status:
        raise_for(status)
    return finish(buf, pending, out is not None)


def _both(f64, f32, y_true, y_pred, sample_weight, reduction, extra, out):
    code = _code(reduction)
    dt = plain2(y_true, y_pred) if code and sample_weight is None else None
    if dt is not None:
        if (
            out is None
            or out is y_pred
            or out is y_true
            or direct_out(out, dt, y_true.shape, y_true, y_pred)
        ):
            buf = _empty(y_true.shape, dt) if out is None else out
            if dt is F64:
                res, fn = _c_double(), f64
            else:
                res, fn = _c_float(), f32
            status = fn(
                _pointer(_id(y_true) + _OFFSET).value,
                _pointer(_id(y_pred) + _OFFSET).value,
                None,
                y_true.size,
                code,
                *extra,
                _addressof(res),
                _pointer(_id(buf) + _OFFSET).value,
            )
            if status:
                raise_for(status)
            return res.value, (buf if buf.ndim else finish(buf, None, out is not None))
    (yt, yp, sw), dt = prepare(_NAMES, y_true, y_pred, sample_weight)
    fn = f64 if dt is F64 else f32
    swp = None if sw is None else address(sw)
    buf, pending = result(yt.shape, dt, out, (yt, yp, sw))
    if code:
        res = _c_double() if dt is F64 else _c_float()
        status = fn(
            address(yt), address(yp), swp, yt.size, code, *extra, _addressof(res), address(buf)
        )
        if status:
            raise_for(status)
        return res.value, finish(buf, pending, out is not None)
    values = np.empty(yt.shape, dt)
    status = fn(address(yt), address(yp), swp, yt.size, code, *extra, address(values), address(buf))
    if status:
        raise_for(status)
    return finish(values, None, False), finish(buf, pending, out is not None)


_COMMON = """Parameters
    ----------
    y_true : array_like
        Targets, any shape.
    y_pred : array_like
        Predictions, the same shape as ``y_true``.
    sample_weight : array_like, optional
        Non-negative finite weights sᵢ, the same shape (default: all 1).
    reduction : {"sum", "mean", "none"}, default "sum"
        ``"sum"``: Σ sᵢ·ℓᵢ; ``"mean"``: Σ sᵢ·ℓᵢ / Σ sᵢ (or / n); ``"none"``: elementwise."""


def _documented(fn):
    fn.__doc__ = fn.__doc__.replace("{common}", _COMMON)
    return fn


@_documented
def l1_loss(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    sample_weight: ArrayLike | None = None,
    reduction: Reduction = "sum",
    out: np.ndarray | None = None,
) -> float | np.ndarray:
    """L1 (absolute) loss: L = Σᵢ sᵢ·|y_predᵢ − y_trueᵢ|.
    {common}
    out : ndarray, optional
        With ``reduction="none"``: where to write the elementwise result.

    Returns
    -------
    float or ndarray
        A Python float for ``"sum"``/``"mean"``; an array shaped like the inputs for ``"none"``.

    Examples
    --------
    >>> import swiftreg
    >>> swiftreg.l1_loss([1.0, 2.0, 3.0], [1.5, 2.0, 1.0])
    2.5
    """
    return _value(
        _b.sr_l1_loss_f64, _b.sr_l1_loss_f32, y_true, y_pred, sample_weight, reduction, (), out
    )


@_documented
def l2_loss(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    sample_weight: ArrayLike | None = None,
    reduction: Reduction = "sum",
    out: np.ndarray | None = None,
) -> float | np.ndarray:
    """L2 (squared) loss: L = Σᵢ sᵢ·(y_predᵢ − y_trueᵢ)² (no ½; ``"mean"`` is the MSE).
    {common}
    out : ndarray, optional
        With ``reduction="none"``: where to write the elementwise result.

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> import swiftreg
    >>> swiftreg.l2_loss([1.0, 2.0, 3.0], [1.5, 2.0, 1.0])
    4.25
    """
    return _value(
        _b.sr_l2_loss_f64, _b.sr_l2_loss_f32, y_true, y_pred, sample_weight, reduction, (), out
    )


@_documented
def huber_loss(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    sample_weight: ArrayLike | None = None,
    reduction: Reduction = "sum",
    delta: float = 1.0,
    out: np.ndarray | None = None,
) -> float | np.ndarray:
    """Huber loss: ℓ(r) = ½r² if |r| ≤ δ, else δ·(|r| − ½δ); L = Σᵢ sᵢ·ℓ(rᵢ).

    Quadratic near 0, linear (slope δ) in the tails. As ``torch.nn.functional.huber_loss``.
    {common}
    delta : float, default 1.0
        The threshold δ > 0.
    out : ndarray, optional
        With ``reduction="none"``: where to write the elementwise result.

    Returns
    -------
    float or ndarray
    """
    return _value(
        _b.sr_huber_loss_f64,
        _b.sr_huber_loss_f32,
        y_true,
        y_pred,
        sample_weight,
        reduction,
        (hyper(delta, "delta"),),
        out,
    )


@_documented
def l1_loss_grad(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    sample_weight: ArrayLike | None = None,
    reduction: Reduction = "sum",
    out: np.ndarray | None = None,
) -> np.ndarray:
    """Gradient of the L1 loss with respect to ``y_pred``: gᵢ = sᵢ·sign(rᵢ)·c.

    sign(0) = 0 (the subgradient the library uses at the kink); c = 1 for ``"sum"`` and
    ``"none"``, c = 1/Σ sᵢ (or 1/n) for ``"mean"``.
    {common}
    out : ndarray, optional
        Where to write the gradient (same shape and dtype as the result).

    Returns
    -------
    ndarray
        Same shape as ``y_pred``.
    """
    return _grad(
        _b.sr_l1_loss_grad_f64,
        _b.sr_l1_loss_grad_f32,
        y_true,
        y_pred,
        sample_weight,
        reduction,
        (),
        out,
    )


@_documented
def l2_loss_grad(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    sample_weight: ArrayLike | None = None,
    reduction: Reduction = "sum",
    out: np.ndarray | None = None,
) -> np.ndarray:
    """Gradient of the L2 loss with respect to ``y_pred``: gᵢ = 2·sᵢ·rᵢ·c.

    c = 1 for ``"sum"`` and ``"none"``, c = 1/Σ sᵢ (or 1/n) for ``"mean"``.
    {common}
    out : ndarray, optional
        Where to write the gradient.

    Returns
    -------
    ndarray
    """
    return _grad(
        _b.sr_l2_loss_grad_f64,
        _b.sr_l2_loss_grad_f32,
        y_true,
        y_pred,
        sample_weight,
        reduction,
        (),
        out,
    )


@_documented
def huber_loss_grad(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    sample_weight: ArrayLike | None = None,
    reduction: Reduction = "sum",
    delta: float = 1.0,
    out: np.ndarray | None = None,
) -> np.ndarray:
    """Gradient of the Huber loss with respect to ``y_pred``: gᵢ = sᵢ·clip(rᵢ, −δ, δ)·c.
    {common}
    delta : float, default 1.0
        The threshold δ > 0.
    out : ndarray, optional
        Where to write the gradient.

    Returns
    -------
    ndarray
    """
    return _grad(
        _b.sr_huber_loss_grad_f64,
        _b.sr_huber_loss_grad_f32,
        y_true,
        y_pred,
        sample_weight,
        reduction,
        (hyper(delta, "delta"),),
        out,
    )


@_documented
def l1_loss_value_and_grad(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    sample_weight: ArrayLike | None = None,
    reduction: Reduction = "sum",
    out: np.ndarray | None = None,
) -> tuple[float | np.ndarray, np.ndarray]:
    """L1 loss and its gradient with respect to ``y_pred`` in one pass over memory.

    Returns ``(l1_loss(...), l1_loss_grad(...))`` computed together (what a training loop calls).
    {common}
    out : ndarray, optional
        Where to write the gradient.

    Returns
    -------
    value : float or ndarray
    grad : ndarray
    """
    return _both(
        _b.sr_l1_loss_value_and_grad_f64,
        _b.sr_l1_loss_value_and_grad_f32,
        y_true,
        y_pred,
        sample_weight,
        reduction,
        (),
        out,
    )


@_documented
def l2_loss_value_and_grad(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    sample_weight: ArrayLike | None = None,
    reduction: Reduction = "sum",
    out: np.ndarray | None = None,
) -> tuple[float | np.ndarray, np.ndarray]:
    """L2 loss and its gradient with respect to ``y_pred`` in one pass over memory.
    {common}
    out : ndarray, optional
        Where to write the gradient.

    Returns
    -------
    value : float or ndarray
    grad : ndarray
    """
    return _both(
        _b.sr_l2_loss_value_and_grad_f64,
        _b.sr_l2_loss_value_and_grad_f32,
        y_true,
        y_pred,
        sample_weight,
        reduction,
        (),
        out,
    )


@_documented
def huber_loss_value_and_grad(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    sample_weight: ArrayLike | None = None,
    reduction: Reduction = "sum",
    delta: float = 1.0,
    out: np.ndarray | None = None,
) -> tuple[float | np.ndarray, np.ndarray]:
    """Huber loss and its gradient with respect to ``y_pred`` in one pass over memory.
    {common}
    delta : float, default 1.0
        The threshold δ > 0.
    out : ndarray, optional
        Where to write the gradient.

    Returns
    -------
    value : float or ndarray
    grad : ndarray
    """
    return _both(
        _b.sr_huber_loss_value_and_grad_f64,
        _b.sr_huber_loss_value_and_grad_f32,
        y_true,
        y_pred,
        sample_weight,
        reduction,
        (hyper(delta, "delta"),),
        out,
    )
