"""scikit-learn's HuberRegressor objective, with an elastic-net penalty: a preset of the
general model (loss ``"huber_scaled"``: Huber with a jointly fitted scale)."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from .._validation import _check_sparse_X, _is_sparse, _per_weight
from ._base import BaseLinearRegressor
from ._general import RegularizedRegressor

__all__ = ["HuberRegressor"]


class HuberRegressor(BaseLinearRegressor):
    """Robust regression with a jointly estimated scale (scikit-learn's ``HuberRegressor``):

        minimise over w, b, σ > 0   Σᵢ sᵢ·(σ + σ·H̃_ε(rᵢ/σ)) + α·(ρ·‖w‖₁ + (1 − ρ)·‖w‖²)

    with H̃_ε(z) = z² for |z| ≤ ε and 2ε|z| − ε² otherwise, rᵢ = yᵢ − xᵢ·w − b. With
    ``l1_ratio=0`` this is scikit-learn's objective exactly (same α, same ε); ``l1_ratio > 0``
    gives robust sparse regression. Solved by the library: at a fixed σ the problem is the
    Huber loss with δ = εσ (coordinate descent with working sets), at fixed residuals σ has a
    closed form; the two steps alternate until σ is stationary and the duality gap of the
    joint problem in (w, b, σ) meets the tolerance.

    Parameters
    ----------
    epsilon : float, default=1.35
        ε > 0: residuals beyond ε·σ count linearly.
    alpha : float, default=1e-4
    l1_ratio : float, default=0.0
        ρ ∈ [0, 1].
    fit_intercept : bool, default=True
    max_iter : int, default=1000
        The most coordinate-descent sweeps over all scale updates together.
    tol : float, default=1e-5
        Relative duality-gap tolerance of the (w, b) step.
    warm_start : bool, default=False

    Attributes
    ----------
    coef_, intercept_, scale_ (σ), outliers_ (|rᵢ| > εσ), objective_ (the objective above),
    dual_gap_ (the duality gap of the joint problem in w, b and σ, in the objective's units:
    a bound on objective_ minus its minimum), n_iter_, converged_,
    n_features_in_.
    """

    def __init__(
        self,
        *,
        epsilon: float = 1.35,
        alpha: float = 1e-4,
        l1_ratio: float = 0.0,
        fit_intercept: bool = True,
        max_iter: int = 1000,
        tol: float = 1e-5,
        warm_start: bool = False,
    ):
        self.epsilon = epsilon
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.warm_start = warm_start

    def fit(
        self, X: ArrayLike, y: ArrayLike, sample_weight: ArrayLike | None = None
    ) -> "HuberRegressor":
        """Fit the model; returns self."""
        n = np.shape(X)[0] if np.ndim(X) >= 1 else 0
        total = (
            float(np.sum(sample_weight))
            if sample_weight is not None and np.ndim(sample_weight)
            else float(n) * (1.0 if sample_weight is None else float(sample_weight))  # type: ignore[arg-type]
        )
        total = total if total > 0 else 1.0
        # The library's objective is this one divided by 2S: α(ρ‖w‖₁ + (1−ρ)‖w‖²)/(2S) is its
        # α′(ρ′‖w‖₁ + ½(1−ρ′)‖w‖²) with α′ρ′ = αρ/(2S) and α′(1−ρ′) = α(1−ρ)/S.
        rho = float(self.l1_ratio) if isinstance(self.l1_ratio, (int, float)) else self.l1_ratio
        alpha = float(self.alpha) if isinstance(self.alpha, (int, float)) else self.alpha
        try:
            a1 = _per_weight(alpha * rho / 2, total, "alpha * l1_ratio / (2 sum(sample_weight))")
            a2 = _per_weight(
                alpha * (1 - rho), total, "alpha * (1 - l1_ratio) / sum(sample_weight)"
            )
            lib_alpha = a1 + a2
            lib_rho = a1 / lib_alpha if lib_alpha > 0 else 1.0
        except TypeError:
            lib_alpha, lib_rho = alpha, rho  # the general estimator names the bad value
        model = RegularizedRegressor(
            loss="huber_scaled",
            delta=self.epsilon,
            penalty="elasticnet",
            alpha=lib_alpha,
            l1_ratio=min(max(lib_rho, 0.0), 1.0) if isinstance(lib_rho, float) else lib_rho,
            fit_intercept=self.fit_intercept,
            max_iter=self.max_iter,
            tol=self.tol,
        )
        old = getattr(self, "coef_", None)
        if self.warm_start and old is not None:
            model.set_params(warm_start=True)
            model.coef_ = old
        model.fit(X, y, sample_weight=sample_weight)
        self.coef_ = model.coef_
        self.intercept_ = model.intercept_
        self.scale_ = float(model.scale_)
        self.objective_ = 2 * total * model.objective_
        self.dual_gap_ = 2 * total * model.dual_gap_
        self.n_iter_ = model.n_iter_
        self.converged_ = model.converged_
        for name in ("n_features_in_", "feature_names_in_"):
            if hasattr(model, name):
                setattr(self, name, getattr(model, name))
        w = np.asarray(self.coef_, dtype=float)
        if _is_sparse(X):
            fitted = _check_sparse_X(X, type(self).__name__)  # checked by the library at fit
            Xw = np.asarray(fitted.matmul(w), dtype=float)
        else:
            Xw = np.asarray(X, dtype=float) @ w
        r = np.asarray(y, dtype=float) - Xw - float(self.intercept_)
        self.outliers_ = np.abs(r) > self.epsilon * self.scale_
        return self
