"""Least-absolute-deviation regression: (1/S)·Σ sᵢ|rᵢ| + α·Σⱼ |wⱼ|, an exact LP.

Solved by ``sr_lad_fit_*``; see ``swiftreg.linear_model`` for the notation.
"""
from __future__ import annotations

import warnings
from ctypes import byref, c_double, c_float, c_int64

import numpy as np
from numpy.typing import ArrayLike

from .. import _bindings as _b
from .._arrays import F64, address
from .._errors import raise_for
from .._validation import (
    ConvergenceWarning, _check_sample_weight, _check_X, _check_y, _integer, _interop, _real,
)
from ._base import BaseLinearRegressor

__all__ = ["LADRegression"]


class LADRegression(BaseLinearRegressor):
    """Least-absolute-deviation (median) regression with an optional L1 penalty, solved exactly.

    Minimises over w ∈ ℝᵖ, b ∈ ℝ::

        (1/S) · Σᵢ sᵢ |yᵢ − xᵢ·w − b|  +  α · Σⱼ |wⱼ|

    In the seed's form loss + λ·Σ|wⱼ| this is λ = α on ``l1_loss(..., reduction="mean")``.
    The minimiser is that of scikit-learn's
    ``QuantileRegressor(quantile=0.5, alpha=α/2, solver="highs")`` (whose programme is
    ½·Σsᵢ|rᵢ| + S·α_sk·‖w‖₁).

    The linear programme is solved by an interior-point method (Frisch–Newton,
    Mehrotra predictor–corrector) followed by a crossover to a vertex whose optimality is
    verified by dual feasibility: the answer is the LP optimum, not a smoothed
    approximation. Arithmetic is float64 for both dtypes.

    Parameters
    ----------
    alpha : float, default=1.0
        α ≥ 0 (the default, like scikit-learn's QuantileRegressor, penalises; it equals
        ``QuantileRegressor(alpha=0.5)``). α = 0 is plain median regression.
    fit_intercept : bool, default=True
        Fit the unpenalised intercept b.
    max_iter : int, default=1000
        Budget of interior-point iterations plus simplex pivots (a 5000 × 50 problem takes
        about 20–30). Running out gives a :class:`ConvergenceWarning`.
    tol : float, default=1e-8
        Relative duality gap at which the interior point hands over to the vertex phase. It
        changes the time, not the answer.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
    intercept_ : float
    n_iter_ : int
        Interior-point iterations plus pivots; < max_iter means a certified optimum.
    objective_ : float
        The objective above at (coef_, intercept_).
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Only when X was a DataFrame with string column names.

    Examples
    --------
    >>> import numpy as np
    >>> from swiftreg.linear_model import LADRegression
    >>> X = np.arange(5.0).reshape(-1, 1); y = np.array([0., 1.1, 2., 3., 40.])
    >>> LADRegression(alpha=0.0).fit(X, y).coef_  # the outlier does not pull the line
    array([1.1])
    """

    def __init__(self, alpha: float = 1.0, *, fit_intercept: bool = True, max_iter: int = 1000,
                 tol: float = 1e-8) -> None:
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol

    def fit(self, X: ArrayLike, y: ArrayLike,
            sample_weight: ArrayLike | None = None) -> "LADRegression":
        """Fit the model.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_features)
        y : array_like of shape (n_samples,)
        sample_weight : array_like of shape (n_samples,) or float, optional

        Returns
        -------
        self

        Warns
        -----
        ConvergenceWarning
            When the iteration budget ran out before a certified optimum.
        """
        name = type(self).__name__
        alpha = _real(self.alpha, "alpha")
        tol = _real(self.tol, "tol", low_open=True)
        max_iter = _integer(self.max_iter, "max_iter")
        Xa = _check_X(X, name)
        n, p = Xa.shape
        dt = Xa.dtype
        ya = _check_y(y, n, dt, name)
        sw = _check_sample_weight(sample_weight, n, dt)
        coef = np.empty(p, dtype=dt)
        f64 = dt == F64
        intercept, objective = (c_double(), c_double()) if f64 else (c_float(), c_float())
        n_iter = c_int64()
        fn = _b.sr_lad_fit_f64 if f64 else _b.sr_lad_fit_f32
        status = fn(address(Xa), address(ya), None if sw is None else address(sw), n, p, alpha,
                    int(bool(self.fit_intercept)), max_iter, tol, address(coef),
                    byref(intercept), byref(objective), byref(n_iter))
        if status:
            raise_for(status)
        self.coef_ = coef
        self.intercept_ = dt.type(intercept.value)
        self.n_iter_ = int(n_iter.value)
        self.objective_ = float(objective.value)
        self._record_features(X, p)
        if self.n_iter_ >= max_iter:
            warnings.warn(
                f"{name} used its whole budget max_iter={max_iter} (interior-point "
                f"iterations plus simplex pivots) without certifying an optimum: the "
                f"returned point (objective {objective.value:.10g}) may not be optimal. "
                "Increase max_iter.", _interop(ConvergenceWarning), stacklevel=2)
        return self
