"""Ridge regression: Σ sᵢrᵢ² + α·Σⱼ wⱼ², solved directly (``sr_ridge_fit_*``)."""
from __future__ import annotations

from ctypes import byref, c_double, c_float

import numpy as np
from numpy.typing import ArrayLike

from .. import _bindings as _b
from .._arrays import F64, address
from .._errors import raise_for
from .._validation import _check_sample_weight, _check_X, _check_y, _real, _target_columns
from ._base import BaseLinearRegressor

__all__ = ["Ridge"]


class Ridge(BaseLinearRegressor):
    """Linear least squares with an L2 prior (scikit-learn's Ridge objective).

    Minimises over w ∈ ℝᵖ, b ∈ ℝ::

        Σᵢ sᵢ (yᵢ − xᵢ·w − b)²  +  α · Σⱼ wⱼ²

    a *sum*, not a mean, of squared errors. In the seed's form loss + λ·Σwⱼ² this is
    λ = α on ``l2_loss(..., reduction="sum")``; on the weighted mean squared error the same
    minimiser has λ = α/S, and in :class:`ElasticNet`'s scaling it is ``l1_ratio=0`` with
    α_enet = α/S.

    Solved directly: a Cholesky factorisation of X̃ᵀX̃ + αI (n_features ≤ n_samples) or
    of X̃X̃ᵀ + αI (otherwise), in float64 for both dtypes; no iterations, no tolerance.

    Parameters
    ----------
    alpha : float, default=1.0
        α ≥ 0. α = 0 needs a full-rank (centred, weighted) X.
    fit_intercept : bool, default=True
        Fit the unpenalised intercept b.
    copy_X : bool, default=True
        Accepted for compatibility with scikit-learn; X is never modified either way.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
        float32 when X was float32, else float64; (n_targets, n_features) after a fit to a
        y of shape (n_samples, n_targets) with n_targets ≥ 2 (a y of shape (n_samples, 1)
        gives (n_features,), as scikit-learn).
    intercept_ : float or ndarray of shape (n_targets,)
        An array after a fit to a 2-D y (shape (1,) for a y of shape (n_samples, 1)).
    n_iter_ : None
        Always None (a direct solver), as scikit-learn's Ridge with the Cholesky solver.
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Only when X was a DataFrame with string column names.

    Examples
    --------
    >>> from swiftreg.datasets import load_diabetes
    >>> from swiftreg.linear_model import Ridge
    >>> X, y, _ = load_diabetes(standardize=True)
    >>> Ridge(alpha=10.0).fit(X, y).coef_.shape
    (10,)
    """

    _multi_output = True

    def __init__(self, alpha: float = 1.0, *, fit_intercept: bool = True,
                 copy_X: bool = True) -> None:
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.copy_X = copy_X

    def fit(self, X: ArrayLike, y: ArrayLike, sample_weight: ArrayLike | None = None) -> "Ridge":
        """Fit the model.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_features)
        y : array_like of shape (n_samples,) or (n_samples, n_targets)
            A 2-D y fits one independent model per column (the same X, weights and α).
        sample_weight : array_like of shape (n_samples,) or float, optional

        Returns
        -------
        self
        """
        name = type(self).__name__
        alpha = _real(self.alpha, "alpha")
        Xa = _check_X(X, name)
        n, p = Xa.shape
        dt = Xa.dtype
        ya = _check_y(y, n, dt, name, multi_output=True)
        sw = _check_sample_weight(sample_weight, n, dt)
        targets = _target_columns(ya)  # a 2-D y: one independent problem per column
        coef = np.empty((len(targets), p), dtype=dt)
        intercepts = np.empty(len(targets), dtype=dt)
        f64 = dt == F64
        fn = _b.sr_ridge_fit_f64 if f64 else _b.sr_ridge_fit_f32
        for j, t in enumerate(targets):
            intercept = c_double() if f64 else c_float()
            status = fn(address(Xa), address(t), None if sw is None else address(sw), n, p,
                        alpha, int(bool(self.fit_intercept)), address(coef[j]),
                        byref(intercept))
            if status:
                raise_for(status)
            intercepts[j] = intercept.value
        self._set_coef(ya, coef, intercepts)
        self.n_iter_ = None
        self._record_features(X, p)
        return self
