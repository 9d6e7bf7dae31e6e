"""Cross-validated linear models: :class:`LassoCV`, :class:`ElasticNetCV` and
:class:`RegularizedRegressorCV`.

K-fold cross-validation of a regularisation path, done by the library in one call
(``sr_cv_path_*`` in ``swiftreg.h``): the full data's path fixes the α grid (the given
``alphas``, or ``n_alphas`` values log-spaced from α_max down to eps·α_max), then each fold
fits the path over that grid on its training samples (the held-out ones weigh 0) and scores
every α by the weighted mean of the datafit's per-sample error over its held-out samples::

    e(r) = r²  (squared loss: the mean squared error, scikit-learn's mse_path_)
           |r| (absolute), ρ_τ(r) (quantile), H_δ(r) (Huber),      r = y − x·w − b

The library also returns each α's mean over the folds (``cv_mean_``), its standard error
sd/√K (``cv_std_``, glmnet's ``cvsd``), the α of the smallest mean (``alpha_min_``, the
largest α among ties: scikit-learn's ``alpha_`` and glmnet's ``lambda.min``) and the largest
α whose mean is within one standard error of that minimum (``alpha_1se_``, glmnet's
``lambda.1se``). Folds run on up to ``n_jobs`` native threads; the results are bit-identical
for any thread count. Nothing of that arithmetic is repeated here; this module maps the
estimators' parameters to the library's structs (through ``_general._Call``, the one place
that builds them) and the results to scikit-learn's attributes.

The final model is not refitted: ``coef_`` and ``intercept_`` are the full data's path at
the chosen α, a fit certified by its duality gap (``dual_gap_``) to the same ``tol`` as a
fresh fit, warm-started from the previous α (``n_iter_`` counts that α's sweeps).
scikit-learn refits from zero; both are the same optimum to within ``tol``.
"""

from __future__ import annotations

import sys
import warnings
from types import SimpleNamespace
from typing import Any, Iterable, Literal

import numpy as np
from numpy.typing import ArrayLike

from .. import _bindings as _b
from .._arrays import address
from .._validation import (
    ConvergenceWarning,
    SparseX,
    _check_alphas,
    _check_cv,
    _check_l1_ratios,
    _check_penalty_factor,
    _choice,
    _contiguous_foldid,
    _integer,
    _interop,
    _n_threads,
    _precompute_code,
    _real,
    _seed,
)
from ._base import BaseLinearRegressor
from ._coordinate_descent import _SELECTIONS
from ._general import RegularizedRegressor, _Call, _options, _Progress

__all__ = ["LassoCV", "ElasticNetCV", "RegularizedRegressorCV"]

_RULES = ("min", "1se")


class _Bar:
    """``verbose``: a one-line text progress bar on stderr, redrawn as the library reports
    each α fitted (``options.progress``: the full path and every fold, (K + 1)·n_alphas in
    all), ending with a newline."""

    def __init__(self, label: str, width: int = 30):
        self.label = label
        self.width = width
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        percent = 100 * done // max(total, 1)
        if percent == self.shown and done != total:
            return
        self.shown = percent
        filled = self.width * done // max(total, 1)
        stream = sys.stderr
        stream.write(
            f"\r{self.label}: [{'#' * filled}{'.' * (self.width - filled)}] "
            f"{done}/{total} alphas (full path + folds)"
        )
        if done == total:
            stream.write("\n")
        stream.flush()


class _LinearModelCV(BaseLinearRegressor):
    """The shared body of the three estimators: parameters → ``sr_cv_path_*`` (once per
    l1_ratio) → the best (l1_ratio, α) → attributes. Subclasses say which model
    (:meth:`_model`) and may score the folds themselves (:meth:`_cross_validate`)."""

    _path_attr = "mse_path_"  # the attribute holding the folds' errors
    _has_l1_ratio = True  # whether l1_ratio_ is set (scikit-learn's LassoCV has none)

    # Parameters the subclasses' __init__ set (declared here for the type checker).
    alphas: Any
    n_alphas: int
    eps: float
    cv: Any
    foldid: Any
    n_jobs: Any
    verbose: Any
    selection_rule: str
    fit_intercept: bool
    max_iter: int

    def _model(self, call: _Call) -> tuple[dict[str, Any], list[tuple[float, float]]]:
        """The validated ``sr_fit_options`` fields of the model, and the (l1_ratio, ρ) pairs
        to cross-validate (ρ: the share of the L1 part, which the default grid needs > 0)."""
        raise NotImplementedError

    def fit(
        self,
        X: ArrayLike,
        y: ArrayLike,
        sample_weight: ArrayLike | None = None,
        groups: ArrayLike | None = None,
    ):
        """Fit the path on every fold and on all the data; keep the model at the chosen α.

        Parameters
        ----------
        X : array_like or scipy.sparse matrix/array of shape (n_samples, n_features)
            float32 is fitted in float32, float64 in float64 (other real dtypes in float64).
            A sparse X is read in place when it is CSC, else converted (see
            :class:`~swiftreg.linear_model.Lasso`).
        y : array_like of shape (n_samples,)
        sample_weight : array_like of shape (n_samples,) or float, optional
            Weights sᵢ ≥ 0 of both the fits and the held-out errors (each fold's error is
            the weighted mean over its held-out samples; ``cv_mean_`` is the unweighted mean
            of the folds' errors, as scikit-learn's).
        groups : array_like of shape (n_samples,), optional
            Group labels for a splitter that uses them (``GroupKFold``, ...); passed to
            ``cv.split(X, y, groups)``. Ignored by an int ``cv`` and by ``foldid``.

        Returns
        -------
        self
        """
        name = type(self).__name__
        rule = self.selection_rule
        if rule not in _RULES:
            raise ValueError(f"selection_rule must be 'min' or '1se', got {rule!r}")
        eps = _real(self.eps, "eps", low_open=True)
        n_threads = _n_threads(self.n_jobs)
        call = _Call(X, y, sample_weight, name)
        fields, ratios = self._model(call)
        call.set(**fields)
        k_folds, foldid, roles = _check_cv(self.cv, self.foldid, X, y, groups, call.n)
        given = self.alphas is not None and not isinstance(self.alphas, (int, np.integer))
        runs = []
        for r, (ratio, rho) in enumerate(ratios):
            grid, k = _check_alphas(self.alphas, self.n_alphas, rho)
            call.set(l1_ratio=ratio)
            label = (
                name if len(ratios) == 1 else f"{name} l1_ratio={ratio:g} ({r + 1}/{len(ratios)})"
            )
            bar = _Bar(label) if self.verbose else None
            runs.append(
                self._cross_validate(call, grid, k, eps, k_folds, foldid, roles, n_threads, bar)
            )
        self._store(call, X, runs, ratios, given, rule, name)
        return self

    def _cross_validate(
        self, call: _Call, grid, k, eps, k_folds, foldid, roles, n_threads, bar
    ) -> SimpleNamespace:
        """One ``sr_cv_path_*`` call: the full path and the folds' errors (n_folds, n_alphas),
        their mean, standard error and the library's two choices of α."""
        progress = None if bar is None else _Progress(bar, False, type(self).__name__)
        path, cv = call.cv_path(grid, k, eps, k_folds, foldid, roles, n_threads, progress)
        return SimpleNamespace(
            path=path,
            errors=cv.fold_errors,
            mean=cv.cv_mean,
            std=cv.cv_std,
            index_min=cv.index_min,
            index_1se=cv.index_1se,
        )

    def _store(self, call: _Call, X, runs, ratios, given: bool, rule: str, name: str) -> None:
        # The best l1_ratio: the smallest minimum mean error, the first on ties (scikit-learn).
        best, best_error = 0, np.inf
        for r, run in enumerate(runs):
            error = run.mean[run.index_min]
            if error < best_error:
                best, best_error = r, error
        run = runs[best]
        chosen = run.index_min if rule == "min" else run.index_1se
        one = len(runs) == 1
        errors = np.stack([r.errors.T for r in runs])  # (n_l1_ratio, n_alphas, n_folds)
        setattr(self, self._path_attr, errors[0] if one else errors)
        self.cv_mean_ = run.mean if one else np.stack([r.mean for r in runs])
        self.cv_std_ = run.std if one else np.stack([r.std for r in runs])
        alphas = np.stack([r.path.alphas for r in runs])
        self.alphas_ = alphas[0] if one or given else alphas
        grid = run.path.alphas
        self.alpha_min_ = float(grid[run.index_min])
        self.alpha_1se_ = float(grid[run.index_1se])
        self.alpha_ = float(grid[chosen])
        if self._has_l1_ratio:
            self.l1_ratio_ = float(ratios[best][0])
        path = run.path
        self.coef_ = np.ascontiguousarray(path.coefs[:, chosen])
        dt = call.dtype.type
        self.intercept_ = dt(path.intercepts[chosen]) if self.fit_intercept else dt(0.0)
        self.dual_gap_ = float(path.dual_gaps[chosen])
        self.gap_tol_ = float(path.gap_tols[chosen])
        self.converged_ = bool(path.converged[chosen])
        self.n_iter_ = int(path.n_iters[chosen])
        self._record_features(X, call.p)
        bad = np.flatnonzero(path.converged == 0)
        if bad.size:
            i = int(bad[0])
            warnings.warn(
                f"{name}: the full data's path did not converge in max_iter={self.max_iter} "
                f"at {bad.size} of {grid.size} alphas (the chosen alpha_={self.alpha_:.6e} "
                f"{'is' if path.converged[chosen] == 0 else 'is not'} one of them); at the "
                f"first, alpha={grid[i]:.6e}, the duality gap is {path.dual_gaps[i]:.6e} > "
                f"tolerance {path.gap_tols[i]:.6e}. Increase max_iter or tol.",
                _interop(ConvergenceWarning),
                stacklevel=3,
            )


_CV_PARAMS = """    eps : float, default=1e-3
        The default grid ends at eps·α_max (0 < eps < 1).
    n_alphas : int, default=100
        The size of the default grid.
    alphas : array_like or int, optional
        The α values to cross-validate (sorted into decreasing order), or an int: the size
        of the default grid (scikit-learn ≥ 1.7's spelling of ``n_alphas``). Default: the
        library's grid of ``n_alphas`` values log-spaced from α_max (the smallest α with
        every penalised coefficient 0, computed on all the data) down to eps·α_max, the
        same for every fold (as scikit-learn's).
    cv : int, splitter or iterable of (train, test), optional
        None: 5 folds; an int K: K contiguous folds, the first n_samples % K one sample
        larger (scikit-learn's ``KFold(K)`` without shuffling, done by the library); a
        splitter with ``split(X, y, groups)`` (``KFold(shuffle=True)``, ``GroupKFold``,
        ``TimeSeriesSplit``...) or an iterable of (train, test) index arrays: each split is
        a fold (samples in neither set are left out of it). At least 2 folds, each with a
        held-out and a training sample.
    foldid : array_like of shape (n_samples,), optional
        glmnet's fold vector: sample i is held out in the fold labelled foldid[i] (any
        integer labels: 1..K as in R, or 0..K-1) and trains the others. Overrides ``cv``.
    selection_rule : {"min", "1se"}, default="min"
        The α of the final model (``alpha_``): ``"min"`` the smallest mean held-out error
        (``alpha_min_``, scikit-learn's choice), ``"1se"`` glmnet's one-standard-error rule,
        the largest α whose mean error is within one standard error of that minimum
        (``alpha_1se_``: a sparser model, as good within the noise of the folds).
    n_jobs : int, optional
        The most native threads the folds run on (None: the library's thread count, see
        :func:`swiftreg.set_num_threads`; -1: every CPU). The results do not depend on it.
    verbose : bool or int, default=False
        A progress bar on stderr, one step per α fitted over the full path and the folds.
"""

_CV_ATTRIBUTES = """    alpha_ : float
        The α of the final model, chosen by ``selection_rule``.
    alpha_min_ : float
        The α of the smallest mean held-out error (the largest α among ties).
    alpha_1se_ : float
        The largest α whose mean error is ≤ the minimum plus its standard error.
    alphas_ : ndarray of shape (n_alphas,) or (n_l1_ratio, n_alphas)
        The grid (one row per l1_ratio when several are cross-validated on default grids).
    cv_mean_ : ndarray of shape (n_alphas,) or (n_l1_ratio, n_alphas)
        The mean over the folds of the held-out error at each α.
    cv_std_ : ndarray of shape (n_alphas,) or (n_l1_ratio, n_alphas)
        Its standard error: the folds' standard deviation (ddof=1) over √n_folds.
    coef_ : ndarray of shape (n_features,)
        The full data's path at ``alpha_`` (float32 when X was float32).
    intercept_ : float
    dual_gap_ : float
        The duality gap of that fit (≤ tol times the weighted variance of y when converged).
    gap_tol_ : float
        The gap that fit had to reach.
    converged_ : bool
        Whether that fit reached it.
    n_iter_ : int
        The sweeps spent at ``alpha_`` on the full data's path (warm-started from the
        previous α).
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Only when X was a DataFrame with string column names.
"""

_ENET_PARAMS = """    fit_intercept : bool, default=True
    precompute : {"auto", True, False}, default="auto"
        Gram (covariance) or residual updates in coordinate descent; speed only.
    max_iter : int, default=1000
        The sweep budget at each α (of the full path and of every fold).
    tol : float, default=1e-4
        Stop each α when the duality gap ≤ tol·Σsᵢ(yᵢ − ȳ)²/S (scikit-learn's rule).
    copy_X : bool, default=True
        Accepted for compatibility; X is never modified.
    positive : bool, default=False
        Constrain the coefficients to be ≥ 0.
    random_state : None, int, RandomState or Generator, default=None
        Seed of the coordinate order when ``selection="random"``.
    selection : {"cyclic", "random"}, default="cyclic"
    penalty_factor : array_like of shape (n_features,), optional
        Per-feature multipliers fⱼ ≥ 0 of the penalty (glmnet's ``penalty.factor``).
"""


class ElasticNetCV(_LinearModelCV):
    __doc__ = (
        """Elastic net with α (and ρ) chosen by K-fold cross-validation.

    At each α of the grid, and on each fold's training samples, the :class:`ElasticNet`
    objective::

        (1/(2S)) · Σᵢ sᵢ (yᵢ − xᵢ·w − b)²  +  α · ( ρ · Σⱼ fⱼ|wⱼ|  +  ½(1 − ρ) · Σⱼ fⱼwⱼ² )

    scored by the weighted mean squared error on the fold's held-out samples. scikit-learn's
    ``ElasticNetCV`` (the same folds, grid, errors and choice of α and ρ), with glmnet's
    ``foldid``, one-standard-error rule and ``cvsd``. All of it runs in the library
    (``sr_cv_path_*``), the folds in parallel.

    Parameters
    ----------
    l1_ratio : float or list of float, default=0.5
        ρ ∈ [0, 1]. A list is cross-validated value by value (each with its own default
        grid) and the (ρ, α) of the smallest mean error wins (the first ρ on ties, as
        scikit-learn). The default grid needs ρ > 0: for ρ = 0 pass ``alphas``.
"""
        + _CV_PARAMS
        + _ENET_PARAMS
        + """
    Attributes
    ----------
    l1_ratio_ : float
        The chosen ρ.
    mse_path_ : ndarray of shape (n_alphas, n_folds) or (n_l1_ratio, n_alphas, n_folds)
        The held-out mean squared error of each fold at each α.
"""
        + _CV_ATTRIBUTES
        + """
    Examples
    --------
    >>> from swiftreg.datasets import load_diabetes
    >>> from swiftreg.linear_model import ElasticNetCV
    >>> X, y, _ = load_diabetes(standardize=True)
    >>> model = ElasticNetCV(l1_ratio=[0.5, 0.9, 1.0], cv=5).fit(X, y)
    >>> model.mse_path_.shape
    (3, 100, 5)
    """
    )

    def __init__(
        self,
        *,
        l1_ratio: float | Iterable[float] = 0.5,
        eps: float = 1e-3,
        n_alphas: int = 100,
        alphas: ArrayLike | int | None = None,
        fit_intercept: bool = True,
        precompute: bool | str = "auto",
        max_iter: int = 1000,
        tol: float = 1e-4,
        cv=None,
        copy_X: bool = True,
        verbose: bool | int = False,
        n_jobs: int | None = None,
        positive: bool = False,
        random_state=None,
        selection: Literal["cyclic", "random"] = "cyclic",
        foldid: ArrayLike | None = None,
        selection_rule: Literal["min", "1se"] = "min",
        penalty_factor: ArrayLike | None = None,
    ) -> None:
        self.l1_ratio = l1_ratio
        self.eps = eps
        self.n_alphas = n_alphas
        self.alphas = alphas
        self.fit_intercept = fit_intercept
        self.precompute = precompute
        self.max_iter = max_iter
        self.tol = tol
        self.cv = cv
        self.copy_X = copy_X
        self.verbose = verbose
        self.n_jobs = n_jobs
        self.positive = positive
        self.random_state = random_state
        self.selection = selection
        self.foldid = foldid
        self.selection_rule = selection_rule
        self.penalty_factor = penalty_factor

    _penalty = _b.SR_PENALTY_ELASTIC_NET

    def _ratios(self) -> list[float]:
        return _check_l1_ratios(self.l1_ratio)

    def _model(self, call):
        ratios = self._ratios()
        selection = _choice(self.selection, "selection", _SELECTIONS)
        p = call.p
        fields = dict(
            loss=_b.SR_LOSS_SQUARED,
            penalty=self._penalty,
            fit_intercept=int(bool(self.fit_intercept)),
            solver=_b.SR_FIT_SOLVER_CD,
            max_iter=_integer(self.max_iter, "max_iter"),
            tol=_real(self.tol, "tol"),
            selection=selection,
            precompute=_precompute_code(self.precompute),
            seed=_seed(self.random_state) if selection == 1 else 0,
            l1_factor=_check_penalty_factor(self.penalty_factor, p),
            lower_bounds=np.zeros(p) if self.positive else None,
        )
        return fields, [(r, r) for r in ratios]

    def fit(
        self,
        X: ArrayLike,
        y: ArrayLike,
        sample_weight: ArrayLike | None = None,
        groups: ArrayLike | None = None,
    ) -> "ElasticNetCV":
        return super().fit(X, y, sample_weight, groups)

    fit.__doc__ = _LinearModelCV.fit.__doc__


class LassoCV(ElasticNetCV):
    __doc__ = (
        """Lasso with α chosen by K-fold cross-validation.

    At each α of the grid, and on each fold's training samples, the :class:`Lasso`
    objective::

        (1/(2S)) · Σᵢ sᵢ (yᵢ − xᵢ·w − b)²  +  α · Σⱼ fⱼ|wⱼ|

    scored by the weighted mean squared error on the fold's held-out samples. scikit-learn's
    ``LassoCV`` (the same folds, grid, errors and choice of α), with glmnet's ``foldid``,
    one-standard-error rule (``alpha_1se_``, ``selection_rule="1se"``) and ``cvsd``
    (``cv_std_``). All of it runs in the library (``sr_cv_path_*``), the folds in parallel.

    Parameters
    ----------
"""
        + _CV_PARAMS
        + _ENET_PARAMS
        + """
    Attributes
    ----------
    mse_path_ : ndarray of shape (n_alphas, n_folds)
        The held-out mean squared error of each fold at each α (scikit-learn's).
"""
        + _CV_ATTRIBUTES
        + """
    Examples
    --------
    >>> from swiftreg.datasets import load_diabetes
    >>> from swiftreg.linear_model import LassoCV
    >>> X, y, _ = load_diabetes(standardize=True)
    >>> model = LassoCV(cv=5).fit(X, y)
    >>> model.alpha_1se_ >= model.alpha_
    True
    >>> model.mse_path_.shape
    (100, 5)
    """
    )

    _has_l1_ratio = False
    _penalty = _b.SR_PENALTY_L1

    def __init__(
        self,
        *,
        eps: float = 1e-3,
        n_alphas: int = 100,
        alphas: ArrayLike | int | None = None,
        fit_intercept: bool = True,
        precompute: bool | str = "auto",
        max_iter: int = 1000,
        tol: float = 1e-4,
        copy_X: bool = True,
        cv=None,
        verbose: bool | int = False,
        n_jobs: int | None = None,
        positive: bool = False,
        random_state=None,
        selection: Literal["cyclic", "random"] = "cyclic",
        foldid: ArrayLike | None = None,
        selection_rule: Literal["min", "1se"] = "min",
        penalty_factor: ArrayLike | None = None,
    ) -> None:
        self.eps = eps
        self.n_alphas = n_alphas
        self.alphas = alphas
        self.fit_intercept = fit_intercept
        self.precompute = precompute
        self.max_iter = max_iter
        self.tol = tol
        self.copy_X = copy_X
        self.cv = cv
        self.verbose = verbose
        self.n_jobs = n_jobs
        self.positive = positive
        self.random_state = random_state
        self.selection = selection
        self.foldid = foldid
        self.selection_rule = selection_rule
        self.penalty_factor = penalty_factor

    def _ratios(self) -> list[float]:
        return [1.0]

    def fit(
        self,
        X: ArrayLike,
        y: ArrayLike,
        sample_weight: ArrayLike | None = None,
        groups: ArrayLike | None = None,
    ) -> "LassoCV":
        return _LinearModelCV.fit(self, X, y, sample_weight, groups)

    fit.__doc__ = _LinearModelCV.fit.__doc__


class RegularizedRegressorCV(_LinearModelCV):
    (
        """:class:`RegularizedRegressor` (any loss, any penalty) with α chosen by K-fold
    cross-validation.

    At each α of the grid, and on each fold's training samples, the objective of
    :class:`RegularizedRegressor`::

        F(r) + α·(ρ·Σⱼ fⱼ|wⱼ| + ½(1 − ρ)·Σⱼ gⱼwⱼ²)   subject to  lⱼ ≤ wⱼ ≤ uⱼ

    Each α is scored on the fold's held-out samples by the weighted mean of the datafit's
    own per-sample error (computed by the library, ``sr_cv_path_*``)::

        ``"l2"``: r² (the MSE)   ``"l1"``: |r|   ``"quantile"``: ρ_τ(r)
        ``"huber"``, ``"huber_scaled"``: H_δ(r) = ½r² if |r| ≤ δ else δ(|r| − ½δ)

    or, with ``scoring``, by a scikit-learn scorer (see below).

    Parameters
    ----------
    loss, penalty, delta, quantile, penalty_factor, l2_penalty_factor, lower_bounds,
    upper_bounds, positive, fit_intercept, solver, max_iter, tol
        As for :class:`RegularizedRegressor` (``alpha`` is what is cross-validated). The
        default grid needs an L1 part (``penalty="l1"`` or ``"elasticnet"`` with
        l1_ratio > 0); with ``penalty="l2"`` pass ``alphas``.
    l1_ratio : float or list of float, default=0.5
        ρ of ``penalty="elasticnet"``; a list is cross-validated value by value, as
        :class:`ElasticNetCV` does. Ignored by the other penalties.
"""
        + _CV_PARAMS
        + """    scoring : str or callable, optional
        A scikit-learn scorer (a name such as ``"neg_mean_absolute_error"`` or
        ``"r2"``, or a callable ``scorer(estimator, X, y)``; higher is better) instead of
        the datafit's error. The library does not return the folds' coefficients, so with
        ``scoring`` each fold's path is computed here by ``sr_path_*`` over the full data's
        grid with the held-out samples' weights set to 0 (the fit of the training rows
        alone, exactly what ``sr_cv_path_*`` does), one fold after another, and each α's
        model is scored in Python on the held-out rows (with their sample weights when
        given). ``cv_path_`` then holds minus the scores (lower is better, so that
        ``"neg_mean_squared_error"`` gives the MSE) and the two rules of ``alpha_min_`` and
        ``alpha_1se_`` (the library's, stated above) are applied to them here. Needs
        scikit-learn.

    Attributes
    ----------
    l1_ratio_ : float
        The chosen ρ (the l1_ratio used when there was one).
    cv_path_ : ndarray of shape (n_alphas, n_folds) or (n_l1_ratio, n_alphas, n_folds)
        The held-out error of each fold at each α (minus the score with ``scoring``).
"""
        + _CV_ATTRIBUTES
        + """
    Examples
    --------
    >>> import numpy as np
    >>> from swiftreg.linear_model import RegularizedRegressorCV
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((200, 5)); y = X @ [1., 0., 0., 2., 0.] + rng.standard_t(2, 200)
    >>> model = RegularizedRegressorCV(loss="huber", n_alphas=30).fit(X, y)
    >>> model.cv_path_.shape
    (30, 5)
    """
    )

    _path_attr = "cv_path_"

    def __init__(
        self,
        *,
        loss: str = "l2",
        penalty: str | None = "l1",
        l1_ratio: float | Iterable[float] = 0.5,
        delta: float = 1.35,
        quantile: float = 0.5,
        penalty_factor: ArrayLike | None = None,
        l2_penalty_factor: ArrayLike | None = None,
        lower_bounds: ArrayLike | None = None,
        upper_bounds: ArrayLike | None = None,
        positive: bool = False,
        fit_intercept: bool = True,
        solver: str = "auto",
        max_iter: int = 1000,
        tol: float = 1e-4,
        eps: float = 1e-3,
        n_alphas: int = 100,
        alphas: ArrayLike | int | None = None,
        cv=None,
        foldid: ArrayLike | None = None,
        selection_rule: Literal["min", "1se"] = "min",
        scoring=None,
        n_jobs: int | None = None,
        verbose: bool | int = False,
    ) -> None:
        self.loss = loss
        self.penalty = penalty
        self.l1_ratio = l1_ratio
        self.delta = delta
        self.quantile = quantile
        self.penalty_factor = penalty_factor
        self.l2_penalty_factor = l2_penalty_factor
        self.lower_bounds = lower_bounds
        self.upper_bounds = upper_bounds
        self.positive = positive
        self.fit_intercept = fit_intercept
        self.solver = solver
        self.max_iter = max_iter
        self.tol = tol
        self.eps = eps
        self.n_alphas = n_alphas
        self.alphas = alphas
        self.cv = cv
        self.foldid = foldid
        self.selection_rule = selection_rule
        self.scoring = scoring
        self.n_jobs = n_jobs
        self.verbose = verbose

    _MODEL_PARAMS = (
        "loss",
        "penalty",
        "delta",
        "quantile",
        "penalty_factor",
        "l2_penalty_factor",
        "lower_bounds",
        "upper_bounds",
        "positive",
        "fit_intercept",
        "solver",
        "max_iter",
        "tol",
    )

    def _model(self, call):
        ratios = _check_l1_ratios(self.l1_ratio)
        model = RegularizedRegressor(
            alpha=1.0, l1_ratio=ratios[0], **{k: getattr(self, k) for k in self._MODEL_PARAMS}
        )
        fields = _options(model, call.p)
        del fields["alpha"], fields["l1_ratio"]  # the grid's; set per l1_ratio
        penalty = fields["penalty"]
        if penalty == _b.SR_PENALTY_NONE:
            raise ValueError(
                f"{type(self).__name__}: penalty={self.penalty!r} has no alpha to "
                f"cross-validate; use penalty='l1', 'l2' or 'elasticnet'"
            )
        default_grid = self.alphas is None or isinstance(self.alphas, (int, np.integer))
        if default_grid and fields["loss"] == _b.SR_LOSS_HUBER_SCALED:
            raise ValueError(
                f"{type(self).__name__}: loss='huber_scaled' has no default alpha "
                f"grid (its alpha_max depends on the fitted scale): pass the "
                f"alphas to cross-validate"
            )
        if penalty == _b.SR_PENALTY_ELASTIC_NET:
            return fields, [(r, r) for r in ratios]
        if penalty == _b.SR_PENALTY_L2 and default_grid:
            raise ValueError(
                f"{type(self).__name__}: the default alpha grid needs an L1 part "
                f"(it starts at the smallest alpha with every coefficient 0), and "
                f"penalty='l2' has none: pass the alphas to cross-validate"
            )
        return fields, [(ratios[0], 1.0 if penalty == _b.SR_PENALTY_L1 else 0.0)]

    def fit(
        self,
        X: ArrayLike,
        y: ArrayLike,
        sample_weight: ArrayLike | None = None,
        groups: ArrayLike | None = None,
    ) -> "RegularizedRegressorCV":
        return super().fit(X, y, sample_weight, groups)

    fit.__doc__ = _LinearModelCV.fit.__doc__

    def _cross_validate(self, call, grid, k, eps, k_folds, foldid, roles, n_threads, bar):
        if self.scoring is None:
            return super()._cross_validate(
                call, grid, k, eps, k_folds, foldid, roles, n_threads, bar
            )
        return _scored_cv(self, call, grid, k, eps, k_folds, foldid, roles, bar)


def _scorer(scoring):
    """A scikit-learn scorer from a name, or the callable itself."""
    if callable(scoring):
        return scoring
    if not isinstance(scoring, str):
        raise ValueError(
            f"scoring must be None, a scorer name or a callable "
            f"scorer(estimator, X, y), got {scoring!r}"
        )
    try:
        from sklearn.metrics import get_scorer
    except ImportError:  # pragma: no cover - scikit-learn is a test dependency
        raise ImportError(
            f"scoring={scoring!r} needs scikit-learn (pip install "
            f"scikit-learn), or pass a callable scorer(estimator, X, y)"
        ) from None
    return get_scorer(scoring)


def _scored_cv(est, call: _Call, grid, k, eps, k_folds, foldid, roles, bar) -> SimpleNamespace:
    """``scoring``: the full path and each fold's path by ``sr_path_*`` (the held-out
    samples weighted 0), every α scored in Python on the held-out rows; the library's rules
    of ``alpha_min_``/``alpha_1se_`` applied to minus the scores (see
    :class:`RegularizedRegressorCV`)."""
    scorer = _scorer(est.scoring)
    n, m = call.n, k
    if roles is None:
        ids = foldid if foldid is not None else _contiguous_foldid(k_folds, n)
        roles = np.where(
            ids[None, :] == np.arange(k_folds)[:, None], _b.SR_CV_TEST, _b.SR_CV_TRAIN
        ).astype(np.int8)
    total = (k_folds + 1) * m

    def progress(offset):
        if bar is None:
            return None
        return _Progress(lambda done, _total: bar(offset + done, total), False, type(est).__name__)

    full = call.path(grid, m, eps, progress(0), objectives=False)
    grid = np.ascontiguousarray(full.alphas)
    base = np.ones(n, dtype=call.dtype) if call.sw is None else call.sw
    X = call.X.matrix if isinstance(call.X, SparseX) else call.X
    errors = np.empty((k_folds, m))
    model = RegularizedRegressor(fit_intercept=est.fit_intercept)
    model.n_features_in_ = call.p
    try:
        for f in range(k_folds):
            weights = np.ascontiguousarray(
                np.where(roles[f] == _b.SR_CV_TRAIN, base, 0), dtype=call.dtype
            )
            call.keep.append(weights)
            call.problem.sample_weight = address(weights)
            fold = call.path(grid, m, eps, progress((f + 1) * m), objectives=False)
            test = np.flatnonzero(roles[f] == _b.SR_CV_TEST)
            X_test, y_test = X[test], call.y[test]
            kw = {} if call.sw is None else {"sample_weight": call.sw[test]}
            for i in range(m):
                model.coef_ = fold.coefs[:, i]
                model.intercept_ = float(fold.intercepts[i]) if est.fit_intercept else 0.0
                errors[f, i] = -float(scorer(model, X_test, y_test, **kw))
    finally:
        call.problem.sample_weight = None if call.sw is None else address(call.sw)
    mean = errors.mean(axis=0)
    std = errors.std(axis=0, ddof=1) / np.sqrt(k_folds)
    # The library's rules (sr_cv_path_*), on scores it does not compute: the smallest mean
    # (the largest α among ties: the grid decreases, so the first), then the largest α whose
    # mean is within one standard error of it. NaN means never win.
    finite = np.where(np.isnan(mean), np.inf, mean)
    index_min = int(np.argmin(finite))
    within = np.flatnonzero(finite <= finite[index_min] + std[index_min])
    index_1se = int(within[0]) if within.size else index_min
    return SimpleNamespace(
        path=full, errors=errors, mean=mean, std=std, index_min=index_min, index_1se=index_1se
    )
