"""Penalties on weights and their proximal operators.

L1 λ·Σ|wⱼ| (lasso), L2 λ·Σwⱼ² (ridge / weight decay, no ½), elastic net l1·Σ|wⱼ| + l2·Σwⱼ².
Proximal operators prox_{t·g}(v) = argmin_u t·g(u) + ½‖u − v‖², elementwise.
"""

from __future__ import annotations

from ctypes import ArgumentError as _ArgumentError
from ctypes import addressof as _addressof
from ctypes import c_double as _c_double
from ctypes import c_float as _c_float

import numpy as np
from numpy.typing import ArrayLike

from . import _bindings as _b
from ._arrays import DATA_OFFSET as _OFFSET
from ._arrays import F64, FAST, address, direct_out, finish, hypers, plain, prepare, result
from ._arrays import pointer as _pointer
from ._errors import raise_for

__all__ = [
    "l1_penalty",
    "l2_penalty",
    "elastic_net_penalty",
    "l1_penalty_grad",
    "l2_penalty_grad",
    "elastic_net_penalty_grad",
    "l1_prox",
    "l2_prox",
    "elastic_net_prox",
]

_W = ("w",)
_V = ("v",)
_LAM = ("lam",)
_LAM_STEP = ("lam", "step")
_L1_L2 = ("l1", "l2")
_L1_L2_STEP = ("l1", "l2", "step")
_empty = np.empty
_id = id


def _value(f64, f32, w, params, pnames):
    dt = plain(w)
    if dt is None:
        (w, _, _), dt = prepare(_W, w)
    pw = _pointer(_id(w) + _OFFSET).value if FAST else address(w)
    if dt is F64:
        res, fn = _c_double(), f64
    else:
        res, fn = _c_float(), f32
    try:
        status = fn(pw, w.size, *params, _addressof(res))
    except _ArgumentError:
        status = fn(pw, w.size, *hypers(params, pnames), _addressof(res))
    if status:
        raise_for(status)
    return res.value


def _elementwise(f64, f32, names, x, params, pnames, out):
    dt = plain(x)
    if dt is not None and (out is None or out is x or direct_out(out, dt, x.shape, x)):
        px = _pointer(_id(x) + _OFFSET).value
        if out is None:
            buf = _empty(x.shape, dt)
            pb = _pointer(_id(buf) + _OFFSET).value
        elif out is x:  # in place (x is writeable: plain checked flags.carray)
            buf, pb = x, px
        else:
            buf, pb = out, _pointer(_id(out) + _OFFSET).value
        pending = None
    else:
        if dt is None:
            (x, _, _), dt = prepare(names, x)
        buf, pending = result(x.shape, dt, out, (x,))
        px, pb = address(x), address(buf)
    fn = f64 if dt is F64 else f32
    try:
        status = fn(px, x.size, *params, pb)
    except _ArgumentError:
        status = fn(px, x.size, *hypers(params, pnames), pb)
    if status:
        raise_for(status)
    if pending is None and buf.ndim:
        return buf
    return finish(buf, pending, out is not None)


def l1_penalty(w: ArrayLike, lam: float) -> float:
    """L1 penalty λ·Σⱼ|wⱼ|.

    Parameters
    ----------
    w : array_like
        Weights, any shape (summed over all elements).
    lam : float
        λ ≥ 0, finite.

    Returns
    -------
    float
    """
    return _value(_b.sr_l1_penalty_f64, _b.sr_l1_penalty_f32, w, (lam,), _LAM)


def l2_penalty(w: ArrayLike, lam: float) -> float:
    """L2 penalty λ·Σⱼwⱼ² (no ½).

    Parameters
    ----------
    w : array_like
        Weights, any shape.
    lam : float
        λ ≥ 0, finite.

    Returns
    -------
    float
    """
    return _value(_b.sr_l2_penalty_f64, _b.sr_l2_penalty_f32, w, (lam,), _LAM)


def elastic_net_penalty(w: ArrayLike, l1: float, l2: float) -> float:
    """Elastic-net penalty l1·Σⱼ|wⱼ| + l2·Σⱼwⱼ².

    Parameters
    ----------
    w : array_like
        Weights, any shape.
    l1, l2 : float
        Non-negative finite coefficients of the L1 and L2 parts.

    Returns
    -------
    float
    """
    return _value(_b.sr_elastic_net_penalty_f64, _b.sr_elastic_net_penalty_f32, w, (l1, l2), _L1_L2)


def l1_penalty_grad(w: ArrayLike, lam: float, *, out: np.ndarray | None = None) -> np.ndarray:
    """Subgradient of the L1 penalty: λ·sign(wⱼ), with sign(0) = 0.

    Parameters
    ----------
    w : array_like
        Weights, any shape.
    lam : float
        λ ≥ 0, finite.
    out : ndarray, optional
        Where to write the result (may be ``w`` itself).

    Returns
    -------
    ndarray
    """
    return _elementwise(
        _b.sr_l1_penalty_grad_f64, _b.sr_l1_penalty_grad_f32, _W, w, (lam,), _LAM, out
    )


def l2_penalty_grad(w: ArrayLike, lam: float, *, out: np.ndarray | None = None) -> np.ndarray:
    """Gradient of the L2 penalty: 2·λ·wⱼ.

    Parameters
    ----------
    w : array_like
        Weights, any shape.
    lam : float
        λ ≥ 0, finite.
    out : ndarray, optional
        Where to write the result (may be ``w`` itself).

    Returns
    -------
    ndarray
    """
    return _elementwise(
        _b.sr_l2_penalty_grad_f64, _b.sr_l2_penalty_grad_f32, _W, w, (lam,), _LAM, out
    )


def elastic_net_penalty_grad(
    w: ArrayLike, l1: float, l2: float, *, out: np.ndarray | None = None
) -> np.ndarray:
    """Subgradient of the elastic-net penalty: l1·sign(wⱼ) + 2·l2·wⱼ, with sign(0) = 0.

    Parameters
    ----------
    w : array_like
        Weights, any shape.
    l1, l2 : float
        Non-negative finite coefficients.
    out : ndarray, optional
        Where to write the result (may be ``w`` itself).

    Returns
    -------
    ndarray
    """
    return _elementwise(
        _b.sr_elastic_net_penalty_grad_f64,
        _b.sr_elastic_net_penalty_grad_f32,
        _W,
        w,
        (l1, l2),
        _L1_L2,
        out,
    )


def l1_prox(
    v: ArrayLike, lam: float, step: float = 1.0, *, out: np.ndarray | None = None
) -> np.ndarray:
    """Proximal operator of t·λ‖·‖₁: soft-thresholding, sign(vⱼ)·max(|vⱼ| − t·λ, 0).

    Returns exact zeros wherever |vⱼ| ≤ t·λ (t = ``step``).

    Parameters
    ----------
    v : array_like
        Input, any shape.
    lam : float
        λ ≥ 0, finite.
    step : float, default 1.0
        t > 0, finite.
    out : ndarray, optional
        Where to write the result (may be ``v`` itself).

    Returns
    -------
    ndarray

    Examples
    --------
    >>> import swiftreg
    >>> swiftreg.l1_prox([-2.0, -0.5, 0.0, 0.3, 3.0], lam=1.0)
    array([-1.,  0.,  0.,  0.,  2.])
    """
    return _elementwise(_b.sr_l1_prox_f64, _b.sr_l1_prox_f32, _V, v, (lam, step), _LAM_STEP, out)


def l2_prox(
    v: ArrayLike, lam: float, step: float = 1.0, *, out: np.ndarray | None = None
) -> np.ndarray:
    """Proximal operator of t·λ‖·‖²: shrinkage, vⱼ / (1 + 2·t·λ). Never exactly 0 for vⱼ ≠ 0.

    Parameters
    ----------
    v : array_like
        Input, any shape.
    lam : float
        λ ≥ 0, finite.
    step : float, default 1.0
        t > 0, finite.
    out : ndarray, optional
        Where to write the result (may be ``v`` itself).

    Returns
    -------
    ndarray
    """
    return _elementwise(_b.sr_l2_prox_f64, _b.sr_l2_prox_f32, _V, v, (lam, step), _LAM_STEP, out)


def elastic_net_prox(
    v: ArrayLike, l1: float, l2: float, step: float = 1.0, *, out: np.ndarray | None = None
) -> np.ndarray:
    """Proximal operator of t·(l1‖·‖₁ + l2‖·‖²): soft(vⱼ, t·l1) / (1 + 2·t·l2).

    Parameters
    ----------
    v : array_like
        Input, any shape.
    l1, l2 : float
        Non-negative finite coefficients.
    step : float, default 1.0
        t > 0, finite.
    out : ndarray, optional
        Where to write the result (may be ``v`` itself).

    Returns
    -------
    ndarray
    """
    return _elementwise(
        _b.sr_elastic_net_prox_f64,
        _b.sr_elastic_net_prox_f32,
        _V,
        v,
        (l1, l2, step),
        _L1_L2_STEP,
        out,
    )
