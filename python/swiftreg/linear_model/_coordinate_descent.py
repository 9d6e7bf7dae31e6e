"""Elastic net and Lasso: the estimators and their paths.

:class:`ElasticNet` and :class:`Lasso` minimise scikit-learn's objective
(1/(2S))·Σ sᵢrᵢ² + α·(ρ·Σⱼ fⱼ|wⱼ| + ½(1 − ρ)·Σⱼ fⱼwⱼ²); :func:`enet_path` and
:func:`lasso_path` follow it along a grid of α. All four are presets of the general model
(:class:`~swiftreg.linear_model.RegularizedRegressor`: the squared loss with an L1 or
elastic-net penalty, ``positive`` as lower bounds 0) through ``sr_fit_*`` / ``sr_path_*``.
See ``swiftreg.linear_model`` for the notation.
"""

from __future__ import annotations

import warnings
from typing import Any, Callable, Literal

import numpy as np
from numpy.typing import ArrayLike

from .. import _bindings as _b
from .._validation import (
    ConvergenceWarning,
    _check_alphas,
    _check_callback,
    _check_penalty_factor,
    _choice,
    _integer,
    _interop,
    _precompute_code,
    _real,
    _seed,
)
from ._base import BaseLinearRegressor
from ._general import _Call, _Progress

__all__ = ["ElasticNet", "Lasso", "enet_path", "lasso_path"]

# Codes of swiftreg.h (SR_FIT_SOLVER_*, SR_SELECTION_*).
_SOLVERS = {
    "cd": _b.SR_FIT_SOLVER_CD,
    "fista": _b.SR_FIT_SOLVER_FISTA,
    "subgradient": _b.SR_FIT_SOLVER_SUBGRADIENT,
}
_SELECTIONS = {"cyclic": 0, "random": 1}


# --------------------------------------------------------------------------------------
# Elastic net and Lasso
# --------------------------------------------------------------------------------------


def _enet_fit(est, X, y, sample_weight, l1_ratio: float, penalty: int):
    """The shared body of ElasticNet.fit and Lasso.fit: the general model's squared loss
    with ``penalty`` (SR_PENALTY_L1 or SR_PENALTY_ELASTIC_NET), one sr_fit call per target."""
    name = type(est).__name__
    alpha = _real(est.alpha, "alpha")
    if alpha == 0:  # scikit-learn's ElasticNet.fit says the same
        warnings.warn(
            "With alpha=0, this algorithm does not converge well. You are advised to use "
            "the LinearRegression estimator",
            UserWarning,
            stacklevel=3,
        )
    tol = _real(est.tol, "tol")
    max_iter = _integer(est.max_iter, "max_iter")
    solver = _choice(est.solver, "solver", _SOLVERS)
    selection = _choice(est.selection, "selection", _SELECTIONS)
    precompute = _precompute_code(est.precompute)
    lr = (
        0.0
        if est.learning_rate is None
        else _real(est.learning_rate, "learning_rate", low_open=True)
    )
    seed = _seed(est.random_state) if selection == 1 else 0

    call = _Call(X, y, sample_weight, name, multi_output=True)
    p = call.p
    pf = _check_penalty_factor(est.penalty_factor, p)
    call.set(
        loss=_b.SR_LOSS_SQUARED,
        penalty=penalty,
        alpha=alpha,
        l1_ratio=l1_ratio,
        fit_intercept=int(bool(est.fit_intercept)),
        solver=solver,
        max_iter=max_iter,
        tol=tol,
        selection=selection,
        precompute=precompute,
        seed=seed,
        learning_rate=lr,
        l1_factor=pf,
        lower_bounds=np.zeros(p) if est.positive else None,
    )

    # A 2-D y holds k independent problems (scikit-learn's multi-output fit): one call each.
    ya = call.y
    k = len(call.targets)
    coef = np.zeros((k, p), dtype=call.dtype)
    old = getattr(est, "coef_", None)
    if (
        est.warm_start
        and isinstance(old, np.ndarray)
        and old.shape == ((p,) if ya.ndim == 1 or k == 1 else (k, p))
    ):
        coef[:] = old
        call.set(warm_start=1)
    intercepts = np.empty(k, dtype=call.dtype)
    n_iters, gaps, gap_tols, converged = [], np.empty(k), np.empty(k), np.empty(k, dtype=bool)
    for j in range(k):
        if j and selection == 1:
            call.set(seed=_seed(est.random_state))  # as scikit-learn: random_state per target
        result = call.fit(coef[j], j)
        intercepts[j] = result.intercept
        n_iters.append(int(result.n_iter))
        gaps[j], gap_tols[j], converged[j] = result.dual_gap, result.gap_tol, bool(result.converged)
    if est._set_coef(ya, coef, intercepts):
        est.n_iter_ = n_iters[0]
        est.dual_gap_ = float(gaps[0])
    else:
        est.n_iter_ = n_iters
        est.dual_gap_ = gaps
    est._record_features(X, p)
    if not converged.all():
        j = int(np.argmin(converged))
        which = (
            "" if k == 1 else f" for {k - int(converged.sum())} of {k} targets (first: y[:, {j}])"
        )
        warnings.warn(
            f"{name} ({est.solver}) did not converge in max_iter={max_iter} iterations"
            f"{which}: duality gap {gaps[j]:.6e} > tolerance {gap_tols[j]:.6e} "
            f"(tol={tol:g} times the weighted variance of y, "
            f"Σsᵢ(yᵢ−ȳ)²/S, the units of dual_gap_). Increase max_iter, scale the features "
            f"or increase alpha.",
            _interop(ConvergenceWarning),
            stacklevel=3,
        )
    return est


_ENET_COMMON_PARAMS = """    fit_intercept : bool, default=True
        Fit the unpenalised intercept b (X and y are centred by their weighted means).
    precompute : {"auto", True, False}, default="auto"
        Coordinate descent's gradient bookkeeping: ``True`` covariance (Gram) updates,
        ``False`` residual updates, ``"auto"`` the Gram form when n_samples > 2·n_features
        and n_features ≤ 2000. It changes the speed, not the answer. (scikit-learn's
        estimators default to False; precomputed Gram matrices are not accepted.)
    copy_X : bool, default=True
        Accepted for compatibility with scikit-learn; X is never modified either way.
    max_iter : int, default=1000
        The most sweeps over the working set (``"cd"``) or iterations (``"fista"``,
        ``"subgradient"``). Running out gives a :class:`ConvergenceWarning`, not an error.
    tol : float, default=1e-4
        Stop when the duality gap ≤ tol·Σsᵢ(yᵢ − ȳ)²/S: scikit-learn's criterion, in the
        units of ``dual_gap_``.
    warm_start : bool, default=False
        Start from the previous ``coef_`` (when its shape fits) instead of zero.
    positive : bool, default=False
        Constrain the coefficients to be ≥ 0.
    random_state : None, int, RandomState or Generator, default=None
        Seed of the coordinate order when ``selection="random"``.
    selection : {"cyclic", "random"}, default="cyclic"
        Coordinate order of coordinate descent.
    penalty_factor : array_like of shape (n_features,), optional
        Per-feature multipliers fⱼ ≥ 0 of both penalty terms (glmnet's ``penalty.factor``;
        0 leaves feature j unpenalised). Used as given, never renormalised. Default all 1.
    solver : {"cd", "fista", "subgradient"}, default="cd"
        ``"cd"``: coordinate descent with working sets and a full KKT/duality-gap check;
        ``"fista"``: accelerated proximal gradient with backtracking; ``"subgradient"``:
        the textbook subgradient update w ← w − lr·(g + l1·sign(w) + 2·l2·w), kept to show the
        difference: it never produces exact zeros and rarely reaches ``tol`` (expect a
        :class:`ConvergenceWarning`). ``"cd"`` and ``"fista"`` give exact zeros.
    learning_rate : float, optional
        Step of the ``"subgradient"`` solver (default 1/L, L the largest eigenvalue of
        X̃ᵀX̃/S); ignored by the other solvers.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
        w, float32 when X was float32, else float64. A y of shape (n_samples, n_targets)
        with n_targets ≥ 2 fits n_targets independent problems: one row each (a y of shape
        (n_samples, 1) gives (n_features,), as scikit-learn).
    intercept_ : float or ndarray of shape (n_targets,)
        b (0 when ``fit_intercept=False``), a NumPy scalar of coef_'s dtype; an array after
        a fit to a 2-D y (shape (1,) for a y of shape (n_samples, 1)).
    n_iter_ : int or list of int
        Iterations (sweeps) used; one per target for several targets.
    dual_gap_ : float or ndarray of shape (n_targets,)
        The duality gap at the solution, in scikit-learn's units (those of the objective
        above); ≤ tol·Σsᵢ(yᵢ − ȳ)²/S when converged.
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Only when X was a DataFrame with string column names."""


class ElasticNet(BaseLinearRegressor):
    __doc__ = (
        """Linear regression with combined L1 and L2 priors (scikit-learn's objective).

    Minimises over w ∈ ℝᵖ, b ∈ ℝ::

        (1/(2S)) · Σᵢ sᵢ (yᵢ − xᵢ·w − b)²  +  α · ( ρ · Σⱼ fⱼ|wⱼ|  +  ½(1 − ρ) · Σⱼ fⱼwⱼ² )

    with S = Σᵢ sᵢ, ρ = ``l1_ratio`` and penalty factors fⱼ (1 by default). In the textbook
    form  loss + l1·Σ|wⱼ| + l2·Σwⱼ²  on the weighted *half* mean squared error, this is
    l1 = α·ρ and l2 = α·(1 − ρ)/2; on the weighted mean squared error
    (``l2_loss(..., reduction="mean")``) the same minimiser has l1 = 2αρ and l2 = α(1 − ρ).
    ρ = 1 is the :class:`Lasso`; ρ = 0 a ridge penalty with this scaling (α here equals
    :class:`Ridge`'s α / S).

    Parameters
    ----------
    alpha : float, default=1.0
        α ≥ 0, the overall penalty strength.
    l1_ratio : float, default=0.5
        ρ ∈ [0, 1], the share of the L1 term.
"""
        + _ENET_COMMON_PARAMS
        + """

    See Also
    --------
    Lasso, enet_path

    Examples
    --------
    >>> import numpy as np
    >>> from swiftreg.linear_model import ElasticNet
    >>> X = np.array([[0., 1.], [1., 0.], [2., 2.], [3., 1.]]); y = np.array([1., 1., 4., 4.])
    >>> ElasticNet(alpha=0.1).fit(X, y).predict(X).shape
    (4,)
    """
    )

    _multi_output = True

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
        penalty_factor: ArrayLike | None = None,
        solver: Literal["cd", "fista", "subgradient"] = "cd",
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

    def fit(
        self, X: ArrayLike, y: ArrayLike, sample_weight: ArrayLike | None = None
    ) -> "ElasticNet":
        """Fit the model.

        Parameters
        ----------
        X : array_like or scipy.sparse matrix/array of shape (n_samples, n_features)
            float32 is fitted in float32, float64 in float64, other real dtypes in float64.
            A sparse X (any scipy.sparse format) is read in place when it is CSC with
            float32/float64 values and int32/int64 indices, else converted to that; it
            needs ``solver="cd"``.
        y : array_like of shape (n_samples,) or (n_samples, n_targets)
            A 2-D y fits one independent problem per column (the same X, weights, α and
            penalty factors), as scikit-learn.
        sample_weight : array_like of shape (n_samples,) or float, optional
            Weights sᵢ ≥ 0 with a positive sum (default all 1).

        Returns
        -------
        self

        Warns
        -----
        ConvergenceWarning
            When ``max_iter`` ran out before the duality gap reached its tolerance.
        """
        ratio = _real(self.l1_ratio, "l1_ratio", high=1.0)
        return _enet_fit(self, X, y, sample_weight, ratio, _b.SR_PENALTY_ELASTIC_NET)


class Lasso(ElasticNet):
    __doc__ = (
        """Linear regression with an L1 prior (scikit-learn's Lasso objective).

    Minimises over w ∈ ℝᵖ, b ∈ ℝ::

        (1/(2S)) · Σᵢ sᵢ (yᵢ − xᵢ·w − b)²  +  α · Σⱼ fⱼ|wⱼ|

    with S = Σᵢ sᵢ and penalty factors fⱼ (1 by default). In the textbook form
    loss + λ·Σ|wⱼ| this is λ = α on the weighted *half* mean squared error, or λ = 2α on
    the weighted mean squared error (``l2_loss(..., reduction="mean")``). It is
    :class:`ElasticNet` with ``l1_ratio=1``.

    Parameters
    ----------
    alpha : float, default=1.0
        α ≥ 0. Above α_max = max_j |x̃ⱼ·ỹ|/(S·fⱼ) (centred, weighted data) every
        penalised coefficient is exactly 0.
"""
        + _ENET_COMMON_PARAMS
        + """

    See Also
    --------
    ElasticNet, lasso_path

    Examples
    --------
    >>> from swiftreg.datasets import load_diabetes
    >>> from swiftreg.linear_model import Lasso
    >>> X, y, names = load_diabetes(standardize=True)
    >>> model = Lasso(alpha=1.0).fit(X, y)
    >>> int((model.coef_ == 0).sum()) > 0
    True
    """
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
        penalty_factor: ArrayLike | None = None,
        solver: Literal["cd", "fista", "subgradient"] = "cd",
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

    def fit(self, X: ArrayLike, y: ArrayLike, sample_weight: ArrayLike | None = None) -> "Lasso":
        """Fit the model (see :meth:`ElasticNet.fit`)."""
        return _enet_fit(self, X, y, sample_weight, 1.0, _b.SR_PENALTY_L1)


# --------------------------------------------------------------------------------------
# Paths
# --------------------------------------------------------------------------------------


def _path(
    _name,
    X,
    y,
    l1_ratio,
    eps,
    n_alphas,
    alphas,
    precompute,
    verbose,
    return_n_iter,
    positive,
    fit_intercept,
    sample_weight,
    penalty_factor,
    tol,
    max_iter,
    selection,
    random_state,
    callback,
    return_intercept,
):
    """The body of enet_path and lasso_path (``_name`` is used in messages): the general
    model's squared loss with an elastic-net penalty, one sr_path call (coordinate descent)."""
    ratio = _real(l1_ratio, "l1_ratio", high=1.0)
    eps_v = _real(eps, "eps", low_open=True)
    tol_v = _real(tol, "tol")
    max_iter_v = _integer(max_iter, "max_iter")
    sel = _choice(selection, "selection", _SELECTIONS)
    pre = _precompute_code(precompute)
    seed = _seed(random_state) if sel == 1 else 0
    _check_callback(callback)

    call = _Call(X, y, sample_weight, _name)
    p = call.p
    pf = _check_penalty_factor(penalty_factor, p)
    grid, k = _check_alphas(alphas, n_alphas, ratio)
    call.set(
        loss=_b.SR_LOSS_SQUARED,
        penalty=_b.SR_PENALTY_ELASTIC_NET,
        l1_ratio=ratio,
        fit_intercept=int(bool(fit_intercept)),
        solver=_b.SR_FIT_SOLVER_CD,
        max_iter=max_iter_v,
        tol=tol_v,
        selection=sel,
        precompute=pre,
        seed=seed,
        l1_factor=pf,
        lower_bounds=np.zeros(p) if positive else None,
    )
    progress = _Progress(callback, verbose, _name) if (callback is not None or verbose) else None
    out = call.path(grid, k, eps_v, progress, objectives=False)
    bad = np.flatnonzero(out.converged == 0)
    if bad.size:
        i = int(bad[0])
        warnings.warn(
            f"{_name}: coordinate descent did not converge in max_iter={max_iter_v} sweeps "
            f"at {bad.size} of {k} alphas; at the first, alpha={out.alphas[i]:.6e}, the "
            f"duality gap is {out.dual_gaps[i]:.6e} > tolerance {out.gap_tols[i]:.6e} "
            f"(tol={tol_v:g} times the weighted variance of y, the units of dual_gaps). "
            f"Increase max_iter.",
            _interop(ConvergenceWarning),
            stacklevel=3,
        )
    result = [out.alphas, out.coefs, out.dual_gaps]
    if return_n_iter:
        result.append(out.n_iters)
    if return_intercept:
        result.append(out.intercepts.astype(call.dtype))
    return tuple(result)


def enet_path(
    X: ArrayLike,
    y: ArrayLike,
    *,
    l1_ratio: float = 0.5,
    eps: float = 1e-3,
    n_alphas: int = 100,
    alphas: ArrayLike | int | None = None,
    precompute: bool | str = "auto",
    copy_X: bool = True,
    verbose: bool = False,
    return_n_iter: bool = False,
    positive: bool = False,
    check_input: bool = True,
    fit_intercept: bool = False,
    sample_weight: ArrayLike | None = None,
    penalty_factor: ArrayLike | None = None,
    tol: float = 1e-4,
    max_iter: int = 1000,
    selection: Literal["cyclic", "random"] = "cyclic",
    random_state=None,
    callback: Callable[[int, int], Any] | None = None,
    return_intercept: bool = False,
):
    """Elastic-net coefficients along a decreasing grid of α (scikit-learn's enet_path).

    At each α, minimises over w (and b when ``fit_intercept=True``)::

        (1/(2S)) · Σᵢ sᵢ (yᵢ − xᵢ·w − b)²  +  α · ( ρ · Σⱼ fⱼ|wⱼ|  +  ½(1 − ρ) · Σⱼ fⱼwⱼ² )

    the :class:`ElasticNet` objective (in the textbook form: l1 = α·ρ, l2 = α·(1 − ρ)/2 on the half
    mean squared error), by coordinate descent warm-started from the previous α, with
    the duality gap at each α.

    Parameters
    ----------
    X : array_like or scipy.sparse matrix/array of shape (n_samples, n_features)
    y : array_like of shape (n_samples,)
    l1_ratio : float, default=0.5
        ρ ∈ [0, 1]; the default grid needs ρ > 0.
    eps : float, default=1e-3
        The grid ends at eps·α_max.
    n_alphas : int, default=100
        Number of α values of the default grid.
    alphas : array_like or int, optional
        The α values (sorted into decreasing order, as scikit-learn does); an int is a
        grid size (as scikit-learn ≥ 1.9 accepts). Default: ``n_alphas`` values
        log-spaced from α_max = max_j |x̃ⱼ·r|/(S·ρ·fⱼ) down to eps·α_max (x̃, r: centred
        when ``fit_intercept``, weighted X and y; with unpenalised features r is the
        residual after fitting them).
    precompute : {"auto", True, False}, default="auto"
        Gram (covariance) or residual updates; speed only.
    copy_X, check_input : bool, default=True
        Accepted for compatibility; X is never modified and inputs are always checked.
    verbose : bool, default=False
        Print a line after each α.
    return_n_iter : bool, default=False
        Also return the iterations used at each α.
    positive : bool, default=False
        Constrain the coefficients to be ≥ 0.
    fit_intercept : bool, default=False
        Fit an unpenalised intercept at each α. scikit-learn's path functions never do
        (they expect centred data), hence the default.
    sample_weight : array_like of shape (n_samples,), optional
    penalty_factor : array_like of shape (n_features,), optional
        fⱼ ≥ 0 (0: unpenalised), as for :class:`ElasticNet`.
    tol : float, default=1e-4
        Per-α stopping rule: duality gap ≤ tol·Σsᵢ(yᵢ − ȳ)²/S.
    max_iter : int, default=1000
        Per-α sweep budget.
    selection : {"cyclic", "random"}, default="cyclic"
    random_state : None, int, RandomState or Generator, default=None
    callback : callable, optional
        ``callback(done, total)`` after each α. A truthy return stops the computation
        with a :class:`~swiftreg.SwiftRegError`; an exception raised by the callback stops
        it and propagates. Called from the main thread, the path runs on a worker thread so
        that Ctrl-C stops it (KeyboardInterrupt, within a fraction of a second): the
        callback then runs on that worker thread, one call at a time.
    return_intercept : bool, default=False
        Also return the intercepts (with ``fit_intercept=True``).

    Returns
    -------
    alphas : ndarray of shape (n_alphas,)
        The α values used, decreasing.
    coefs : ndarray of shape (n_features, n_alphas)
        Coefficients at each α (column k for alphas[k]); float32 when X is float32.
    dual_gaps : ndarray of shape (n_alphas,)
        Duality gap at the end of each α, in scikit-learn's units.
    n_iters : ndarray of int, shape (n_alphas,)
        With ``return_n_iter=True``.
    intercepts : ndarray of shape (n_alphas,)
        With ``return_intercept=True`` (last).

    Warns
    -----
    ConvergenceWarning
        When some α ran out of ``max_iter`` before reaching its tolerance.
    """
    return _path(
        "enet_path",
        X,
        y,
        l1_ratio,
        eps,
        n_alphas,
        alphas,
        precompute,
        verbose,
        return_n_iter,
        positive,
        fit_intercept,
        sample_weight,
        penalty_factor,
        tol,
        max_iter,
        selection,
        random_state,
        callback,
        return_intercept,
    )


def lasso_path(
    X: ArrayLike,
    y: ArrayLike,
    *,
    eps: float = 1e-3,
    n_alphas: int = 100,
    alphas: ArrayLike | int | None = None,
    precompute: bool | str = "auto",
    copy_X: bool = True,
    verbose: bool = False,
    return_n_iter: bool = False,
    positive: bool = False,
    fit_intercept: bool = False,
    sample_weight: ArrayLike | None = None,
    penalty_factor: ArrayLike | None = None,
    tol: float = 1e-4,
    max_iter: int = 1000,
    selection: Literal["cyclic", "random"] = "cyclic",
    random_state=None,
    callback: Callable[[int, int], Any] | None = None,
    return_intercept: bool = False,
):
    """Lasso coefficients along a decreasing grid of α (scikit-learn's lasso_path).

    At each α, minimises over w (and b when ``fit_intercept=True``)::

        (1/(2S)) · Σᵢ sᵢ (yᵢ − xᵢ·w − b)²  +  α · Σⱼ fⱼ|wⱼ|

    the :class:`Lasso` objective (in the textbook form: λ = α on the half mean squared error, 2α on
    the mean squared error). It is :func:`enet_path` with ``l1_ratio=1``; the default grid
    runs from α_max = max_j |x̃ⱼ·r|/(S·fⱼ), the smallest α with every penalised
    coefficient 0, down to eps·α_max. See :func:`enet_path` for the parameters.

    Returns
    -------
    alphas : ndarray of shape (n_alphas,)
    coefs : ndarray of shape (n_features, n_alphas)
    dual_gaps : ndarray of shape (n_alphas,)
    n_iters : ndarray of shape (n_alphas,)
        With ``return_n_iter=True``.
    intercepts : ndarray of shape (n_alphas,)
        With ``return_intercept=True`` (last).

    Examples
    --------
    >>> from swiftreg.datasets import load_diabetes
    >>> from swiftreg.linear_model import lasso_path
    >>> X, y, _ = load_diabetes(standardize=True)
    >>> alphas, coefs, gaps = lasso_path(X, y - y.mean(), n_alphas=20)
    >>> coefs.shape, bool((coefs[:, 0] == 0).all())
    ((10, 20), True)
    """
    return _path(
        "lasso_path",
        X,
        y,
        1.0,
        eps,
        n_alphas,
        alphas,
        precompute,
        verbose,
        return_n_iter,
        positive,
        fit_intercept,
        sample_weight,
        penalty_factor,
        tol,
        max_iter,
        selection,
        random_state,
        callback,
        return_intercept,
    )
