"""Least-absolute-deviation regression: (1/S)·Σ sᵢ|rᵢ| + α·(ρ·Σⱼ |wⱼ| + ½(1 − ρ)·Σⱼ wⱼ²),
solved exactly: a preset of the general model (``sr_fit_*`` with the absolute loss).

See ``swiftreg.linear_model`` for the notation.
"""

from __future__ import annotations

import warnings

import numpy as np
from numpy.typing import ArrayLike

from .. import _bindings as _b
from .._validation import ConvergenceWarning, _integer, _interop, _real
from ._base import BaseLinearRegressor
from ._general import _Call

__all__ = ["LADRegression"]


class LADRegression(BaseLinearRegressor):
    """Least-absolute-deviation (median) regression with an optional L1 penalty, solved exactly.

    Minimises over w ∈ ℝᵖ, b ∈ ℝ::

        (1/S) · Σᵢ sᵢ |yᵢ − xᵢ·w − b|  +  α · ( ρ · Σⱼ |wⱼ|  +  ½(1 − ρ) · Σⱼ wⱼ² )

    with ρ = ``l1_ratio`` (1 by default: the L1 penalty α·Σⱼ|wⱼ|). In the textbook form
    loss + λ·Σ|wⱼ| this is λ = α on ``l1_loss(..., reduction="mean")``.
    The minimiser is that of scikit-learn's
    ``QuantileRegressor(quantile=0.5, alpha=α/2, solver="highs")`` (whose programme is
    ½·Σsᵢ|rᵢ| + S·α_sk·‖w‖₁). A preset of :class:`RegularizedRegressor`
    (``loss="l1", penalty="elasticnet"``).

    With ρ = 1 the linear programme is solved by an interior-point method (Frisch–Newton,
    Mehrotra predictor–corrector) followed by a crossover to a vertex whose optimality is
    verified by dual feasibility: the answer is the LP optimum, not a smoothed
    approximation; with ρ < 1 (a quadratic programme) by an interior point certified by its
    duality gap. Arithmetic is float64 for both dtypes.

    Parameters
    ----------
    alpha : float, default=1.0
        α ≥ 0 (the default, like scikit-learn's QuantileRegressor, penalises; it equals
        ``QuantileRegressor(alpha=0.5)``). α = 0 is plain median regression.
    l1_ratio : float, default=1.0
        ρ ∈ [0, 1], the share of the L1 term (0: a ridge penalty ½α‖w‖²).
    fit_intercept : bool, default=True
        Fit the unpenalised intercept b.
    max_iter : int, default=1000
        Budget of interior-point iterations plus simplex pivots (a 5000 × 50 problem takes
        about 20–30). Running out gives a :class:`ConvergenceWarning`.
    tol : float, default=1e-8
        Relative duality gap (times the objective of the constant fit, (1/S)·Σsᵢ|yᵢ − ȳ|)
        at which the interior point stops or hands over to the vertex phase.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
    intercept_ : float
    n_iter_ : int
        Interior-point iterations plus pivots.
    objective_ : float
        The objective above at (coef_, intercept_).
    dual_gap_ : float
        The duality gap at the solution, a bound on objective_ minus the optimum.
    converged_ : bool
        Whether the optimum is certified (the gap reached its tolerance).
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

    def __init__(
        self,
        alpha: float = 1.0,
        *,
        l1_ratio: float = 1.0,
        fit_intercept: bool = True,
        max_iter: int = 1000,
        tol: float = 1e-8,
    ) -> None:
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol

    def fit(
        self, X: ArrayLike, y: ArrayLike, sample_weight: ArrayLike | None = None
    ) -> "LADRegression":
        """Fit the model.

        Parameters
        ----------
        X : array_like or scipy.sparse matrix/array of shape (n_samples, n_features)
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
        l1_ratio = _real(self.l1_ratio, "l1_ratio", high=1.0)
        tol = _real(self.tol, "tol", low_open=True)
        max_iter = _integer(self.max_iter, "max_iter")
        call = _Call(X, y, sample_weight, name)
        call.set(
            loss=_b.SR_LOSS_ABSOLUTE,
            penalty=_b.SR_PENALTY_ELASTIC_NET,
            alpha=alpha,
            l1_ratio=l1_ratio,
            fit_intercept=int(bool(self.fit_intercept)),
            solver=_b.SR_FIT_SOLVER_AUTO,
            max_iter=max_iter,
            tol=tol,
        )
        coef = np.zeros(call.p, dtype=call.dtype)
        result = call.fit(coef)
        self.coef_ = coef
        self.intercept_ = call.dtype.type(result.intercept if self.fit_intercept else 0.0)
        self.n_iter_ = int(result.n_iter)
        self.objective_ = float(result.objective)
        self.dual_gap_ = float(result.dual_gap)
        self.converged_ = bool(result.converged)
        self._record_features(X, call.p)
        if not self.converged_:
            budget = (
                f"used its whole budget max_iter={max_iter} (interior-point iterations "
                f"plus simplex pivots)"
                if self.n_iter_ >= max_iter
                else "stopped"
            )
            warnings.warn(
                f"{name} {budget} without certifying an optimum: the returned point "
                f"(objective {self.objective_:.10g}, duality gap {self.dual_gap_:.3e} > "
                f"tolerance {result.gap_tol:.3e}) may not be optimal. Increase max_iter.",
                _interop(ConvergenceWarning),
                stacklevel=2,
            )
        return self
