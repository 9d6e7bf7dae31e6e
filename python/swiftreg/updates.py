"""Update rules that train weights under the penalty l1·Σ|w| + l2·Σw².

The subgradient step is the textbook rule; the proximal step is what makes exact zeros.
"""

from __future__ import annotations

from ctypes import ArgumentError as _ArgumentError

import numpy as np
from numpy.typing import ArrayLike

from . import _bindings as _b
from ._arrays import DATA_OFFSET as _OFFSET
from ._arrays import F64, address, direct_out, finish, hypers, plain2, prepare, result
from ._arrays import pointer as _pointer
from ._errors import raise_for

__all__ = ["subgradient_step", "proximal_step"]

_NAMES = ("w", "grad")
_PARAMS = ("lr", "l1", "l2")
_empty = np.empty
_id = id


def _step(f64, f32, w, grad, lr, l1, l2, out):
    params = (lr, l1, l2)  # converted by ctypes; see hypers()
    dt = plain2(w, grad)
    if dt is not None and (
        out is None or out is w or out is grad or direct_out(out, dt, w.shape, w, grad)
    ):
        pw = _pointer(_id(w) + _OFFSET).value
        pg = _pointer(_id(grad) + _OFFSET).value
        if out is None:
            buf = _empty(w.shape, dt)
            pb = _pointer(_id(buf) + _OFFSET).value
        elif out is w or out is grad:  # in place (writeable: plain2 checked flags.carray)
            buf, pb = out, (pw if out is w else pg)
        else:
            buf, pb = out, _pointer(_id(out) + _OFFSET).value
        pending = None
    else:
        (w, grad, _), dt = prepare(_NAMES, w, grad)
        buf, pending = result(w.shape, dt, out, (w, grad))
        pw, pg, pb = address(w), address(grad), address(buf)
    fn = f64 if dt is F64 else f32
    try:
        status = fn(pw, pg, w.size, *params, pb)
    except _ArgumentError:
        status = fn(pw, pg, w.size, *hypers(params, _PARAMS), pb)
    if status:
        raise_for(status)
    if pending is None and buf.ndim:
        return buf
    return finish(buf, pending, out is not None)


def subgradient_step(
    w: ArrayLike,
    grad: ArrayLike,
    lr: float,
    *,
    l1: float = 0.0,
    l2: float = 0.0,
    out: np.ndarray | None = None,
) -> np.ndarray:
    """Subgradient step: w ← w − lr·(g + l1·sign(w) + 2·l2·w), with sign(0) = 0.

    With a fixed ``lr`` this does not set weights to exactly zero: a weight whose loss
    gradient is weaker than l1 jumps across 0 on every step and oscillates within about
    lr·l1 of it. Compare :func:`proximal_step`.

    Parameters
    ----------
    w : array_like
        Current weights, any shape.
    grad : array_like
        Gradient of the loss at ``w``, same shape.
    lr : float
        Learning rate > 0.
    l1, l2 : float, default 0.0
        Non-negative penalty coefficients.
    out : ndarray, optional
        Where to write the new weights; may be ``w`` (in place) or ``grad``.

    Returns
    -------
    ndarray
        The updated weights.
    """
    return _step(_b.sr_subgradient_step_f64, _b.sr_subgradient_step_f32, w, grad, lr, l1, l2, out)


def proximal_step(
    w: ArrayLike,
    grad: ArrayLike,
    lr: float,
    *,
    l1: float = 0.0,
    l2: float = 0.0,
    out: np.ndarray | None = None,
) -> np.ndarray:
    """Proximal (forward–backward) step:
    w ← prox_{lr·(l1‖·‖₁ + l2‖·‖²)}(w − lr·g) = soft(w − lr·g, lr·l1) / (1 + 2·lr·l2).

    Sets a weight to exactly 0 whenever |w − lr·g| ≤ lr·l1: this is how L1 training
    produces sparse weights.

    Parameters
    ----------
    w : array_like
        Current weights, any shape.
    grad : array_like
        Gradient of the loss at ``w``, same shape.
    lr : float
        Learning rate (step size) > 0.
    l1, l2 : float, default 0.0
        Non-negative penalty coefficients.
    out : ndarray, optional
        Where to write the new weights; may be ``w`` (in place) or ``grad``.

    Returns
    -------
    ndarray
        The updated weights.
    """
    return _step(_b.sr_proximal_step_f64, _b.sr_proximal_step_f32, w, grad, lr, l1, l2, out)
