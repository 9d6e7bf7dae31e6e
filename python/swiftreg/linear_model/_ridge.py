"""Ridge regression: Σ sᵢrᵢ² + α·Σⱼ wⱼ², a preset of the general model (``sr_fit_*``)."""

from __future__ import annotations

import warnings
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from .. import _bindings as _b
from .._validation import ConvergenceWarning, _choice, _interop, _per_weight, _real
from ._base import BaseLinearRegressor
from ._general import _SOLVER_NAMES, _Call

__all__ = ["Ridge"]

# scikit-learn's solver names. Each gives the exact minimiser here: a Cholesky solve of the
# normal equations, or (positive=True) coordinate descent run to a duality gap at rounding
# level (_EXACT_TOL relative to Σsᵢ(yᵢ − ȳ)²/S).
_SOLVERS = dict.fromkeys(("auto", "svd", "cholesky", "lsqr", "sparse_cg", "sag", "saga", "lbfgs"))
# "svd" and "cholesky" name direct dense factorisations: refused for a sparse X (the others
# are iterative methods in scikit-learn, and take a sparse X here by coordinate descent).
_DENSE_ONLY = frozenset(("svd", "cholesky"))
_EXACT_TOL = 1e-12
_EXACT_MAX_ITER = 100_000


class Ridge(BaseLinearRegressor):
    """Linear least squares with an L2 prior (scikit-learn's Ridge objective).

    Minimises over w ∈ ℝᵖ, b ∈ ℝ::

        Σᵢ sᵢ (yᵢ − xᵢ·w − b)²  +  α · Σⱼ wⱼ²        (subject to w ≥ 0 when ``positive``)

    a *sum*, not a mean, of squared errors. In the textbook form loss + λ·Σwⱼ² this is
    λ = α on ``l2_loss(..., reduction="sum")``; on the weighted mean squared error the same
    minimiser has λ = α/S, and in :class:`ElasticNet`'s scaling it is ``l1_ratio=0`` with
    α_enet = α/S.

    A preset of :class:`RegularizedRegressor`: the objective above is 2S times the general
    model's (1/(2S))·Σsᵢrᵢ² + ½α′‖w‖² with α′ = α/S (loss ``"l2"``, penalty ``"l2"``).
    Solved directly: a Cholesky factorisation of X̃ᵀX̃ + αI (n_features ≤ n_samples) or of
    X̃X̃ᵀ + αI (otherwise), in float64 for both dtypes; no iterations, no tolerance. With
    ``positive=True``, or a sparse X (``scipy.sparse``, read in place): coordinate descent,
    run until the duality gap is at rounding level.

    Parameters
    ----------
    alpha : float, default=1.0
        α ≥ 0. α = 0 needs a full-rank (centred, weighted) X.
    fit_intercept : bool, default=True
        Fit the unpenalised intercept b.
    copy_X : bool, default=True
        Accepted for compatibility with scikit-learn; X is never modified either way.
    solver : {"auto", "svd", "cholesky", "lsqr", "sparse_cg", "sag", "saga", "lbfgs"}, default="auto"
        scikit-learn's names, accepted for compatibility: every choice gives the exact
        solution by the method above (``solver_`` says which ran). With a sparse X,
        ``"svd"`` and ``"cholesky"`` (direct dense solves) raise ``ValueError``; the others
        use coordinate descent.
    positive : bool, default=False
        Constrain the coefficients to be ≥ 0 (with any ``solver``; scikit-learn allows it
        only with ``"lbfgs"``).

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
        float32 when X was float32, else float64; (n_targets, n_features) after a fit to a
        y of shape (n_samples, n_targets) with n_targets ≥ 2 (a y of shape (n_samples, 1)
        gives (n_features,), as scikit-learn).
    intercept_ : float or ndarray of shape (n_targets,)
        An array after a fit to a 2-D y (shape (1,) for a y of shape (n_samples, 1)).
    n_iter_ : None or ndarray of shape (n_targets,)
        None after a direct solve (as scikit-learn's Ridge with the Cholesky solver); the
        coordinate-descent sweeps per target with ``positive=True`` or a sparse X.
    solver_ : {"cholesky", "cd"}
        The method that ran.
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

    def __init__(
        self,
        alpha: float = 1.0,
        *,
        fit_intercept: bool = True,
        copy_X: bool = True,
        solver: Literal[
            "auto", "svd", "cholesky", "lsqr", "sparse_cg", "sag", "saga", "lbfgs"
        ] = "auto",
        positive: bool = False,
    ) -> None:
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.copy_X = copy_X
        self.solver = solver
        self.positive = positive

    def fit(self, X: ArrayLike, y: ArrayLike, sample_weight: ArrayLike | None = None) -> "Ridge":
        """Fit the model.

        Parameters
        ----------
        X : array_like or scipy.sparse matrix/array of shape (n_samples, n_features)
        y : array_like of shape (n_samples,) or (n_samples, n_targets)
            A 2-D y fits one independent model per column (the same X, weights and α).
        sample_weight : array_like of shape (n_samples,) or float, optional

        Returns
        -------
        self

        Warns
        -----
        ConvergenceWarning
            With ``positive=True``, when coordinate descent did not reach its tolerance.
        """
        name = type(self).__name__
        alpha = _real(self.alpha, "alpha")
        _choice(self.solver, "solver", _SOLVERS)
        positive = bool(self.positive)
        call = _Call(X, y, sample_weight, name, multi_output=True)
        p = call.p
        if call.sparse and self.solver in _DENSE_ONLY:
            raise ValueError(
                f"{name}(solver={self.solver!r}) is a direct dense solve, and X is sparse: use "
                f"solver='auto' (or one of {sorted(set(_SOLVERS) - _DENSE_ONLY - {'auto'})}), "
                f"which fits a sparse X by coordinate descent to a rounding-level duality "
                f"gap, or pass X.toarray()."
            )
        # The Cholesky solve is requested, not left to "auto", so that alpha = 0 (least
        # squares) is solved directly too; bounds and a sparse X need coordinate descent.
        iterative = positive or call.sparse
        call.set(
            loss=_b.SR_LOSS_SQUARED,
            penalty=_b.SR_PENALTY_L2,
            alpha=_per_weight(alpha, call.weight_sum),
            fit_intercept=int(bool(self.fit_intercept)),
            solver=_b.SR_FIT_SOLVER_CD if iterative else _b.SR_FIT_SOLVER_CHOLESKY,
            lower_bounds=np.zeros(p) if positive else None,
        )
        if iterative:
            call.set(tol=_EXACT_TOL, max_iter=_EXACT_MAX_ITER)
        k = len(call.targets)  # a 2-D y: one independent problem per column
        coef = np.zeros((k, p), dtype=call.dtype)
        intercepts = np.empty(k, dtype=call.dtype)
        n_iters = np.empty(k, dtype=np.int64)
        for j in range(k):
            result = call.fit(coef[j], j)
            intercepts[j] = result.intercept if self.fit_intercept else 0.0
            n_iters[j] = result.n_iter
            solver = _SOLVER_NAMES[result.solver]
            if iterative and not result.converged:
                which = "" if k == 1 else f" (target y[:, {j}])"
                why = "positive=True" if positive else "sparse X"
                warnings.warn(
                    f"{name} ({why}, coordinate descent) did not converge in "
                    f"max_iter={_EXACT_MAX_ITER} sweeps{which}: duality gap "
                    f"{result.dual_gap:.6e} > tolerance {result.gap_tol:.6e}. Scale the "
                    f"features or increase alpha.",
                    _interop(ConvergenceWarning),
                    stacklevel=2,
                )
        self._set_coef(call.y, coef, intercepts)
        self.solver_ = solver
        self.n_iter_ = None if solver == "cholesky" else n_iters
        self._record_features(X, p)
        return self
