"""Every loss with every penalty: :class:`RegularizedRegressor` and :func:`regularization_path`.

One estimator for the whole grid of datafits × penalties, solved and certified by the
library's general model core (``sr_fit_*`` / ``sr_path_*`` in ``swiftreg.h``). The named
estimators of this package are presets of the same objective.
"""

from __future__ import annotations

import ctypes
import numbers
import warnings
from types import SimpleNamespace
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from .. import _bindings as _b
from .. import _interrupt
from .._arrays import F64, address
from .._errors import (
    SR_ERR_CANCELLED,
    SR_ERR_INVALID_DATA,
    SR_ERR_INVALID_INDEX,
    SR_ERR_INVALID_INDPTR,
    SwiftRegError,
    raise_for,
)
from .._validation import (
    ConvergenceWarning,
    SparseX,
    _assert_finite,
    _check_sample_weight,
    _check_sparse_solver,
    _check_X,
    _check_y,
    _integer,
    _interop,
    _real,
    _sparse_error,
    _target_columns,
    _to_numeric,
)
from ._base import BaseLinearRegressor

__all__ = ["RegularizedRegressor", "regularization_path"]

_LOSSES = {
    "l2": _b.SR_LOSS_SQUARED,
    "squared": _b.SR_LOSS_SQUARED,
    "squared_error": _b.SR_LOSS_SQUARED,
    "l1": _b.SR_LOSS_ABSOLUTE,
    "absolute": _b.SR_LOSS_ABSOLUTE,
    "absolute_error": _b.SR_LOSS_ABSOLUTE,
    "quantile": _b.SR_LOSS_QUANTILE,
    "huber": _b.SR_LOSS_HUBER,
    "huber_scaled": _b.SR_LOSS_HUBER_SCALED,
}
_PENALTIES = {
    None: _b.SR_PENALTY_NONE,
    "none": _b.SR_PENALTY_NONE,
    "l1": _b.SR_PENALTY_L1,
    "l2": _b.SR_PENALTY_L2,
    "elasticnet": _b.SR_PENALTY_ELASTIC_NET,
}
_SOLVERS = {
    "auto": _b.SR_FIT_SOLVER_AUTO,
    "cd": _b.SR_FIT_SOLVER_CD,
    "fista": _b.SR_FIT_SOLVER_FISTA,
    "subgradient": _b.SR_FIT_SOLVER_SUBGRADIENT,
    "interior-point": _b.SR_FIT_SOLVER_INTERIOR_POINT,
    "cholesky": _b.SR_FIT_SOLVER_CHOLESKY,
}
_SOLVER_NAMES = {v: k for k, v in _SOLVERS.items()}
# The library names the C fields; the estimator's parameters are named as below.
_FIELD_NAMES = (("l1_factor", "penalty_factor"), ("l2_factor", "l2_penalty_factor"))


def _key(table: dict, value, name: str) -> int:
    try:
        return table[value]
    except (KeyError, TypeError):
        shown = sorted(str(k) for k in table if k is not None)
        raise ValueError(
            f"{name} must be one of {shown}{' or None' if None in table else ''}, got {value!r}"
        ) from None


def _per_feature(value, p: int, name: str, default: float | None) -> np.ndarray | None:
    """None (the library's default), or p float64 values from a scalar or an array."""
    if value is None:
        return None
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return np.full(p, float(value))
    a = np.ascontiguousarray(_to_numeric(value, name), dtype=F64)
    if a.ndim == 0:
        return np.full(p, float(a))
    if a.shape != (p,):
        raise ValueError(
            f"{name} must be a scalar or have shape (n_features,) = ({p},), got shape {a.shape}"
        )
    return a


def _options(est, p: int) -> dict[str, Any]:
    """:class:`RegularizedRegressor`'s parameters, validated, as ``sr_fit_options`` fields."""
    lower = _per_feature(est.lower_bounds, p, "lower_bounds", -np.inf)
    if est.positive:
        lower = np.maximum(lower, 0.0) if lower is not None else np.zeros(p)
    return dict(
        loss=_key(_LOSSES, est.loss, "loss"),
        penalty=_key(_PENALTIES, est.penalty, "penalty"),
        alpha=_real(est.alpha, "alpha"),
        l1_ratio=_real(est.l1_ratio, "l1_ratio", high=1.0),
        delta=_real(est.delta, "delta", low_open=True),
        quantile=_real(est.quantile, "quantile", low_open=True, high=1.0),
        fit_intercept=int(bool(est.fit_intercept)),
        solver=_key(_SOLVERS, est.solver, "solver"),
        max_iter=_integer(est.max_iter, "max_iter"),
        tol=_real(est.tol, "tol"),
        l1_factor=_per_feature(est.penalty_factor, p, "penalty_factor", None),
        l2_factor=_per_feature(est.l2_penalty_factor, p, "l2_penalty_factor", None),
        lower_bounds=lower,
        upper_bounds=_per_feature(est.upper_bounds, p, "upper_bounds", None),
    )


class _Progress:
    """``options.progress`` for a Python callback ``callback(done, total)`` (and ``verbose``
    printing): exceptions are kept (a ctypes callback must not raise) and stop the C call,
    which then returns SR_ERR_CANCELLED; :meth:`_Call.path` re-raises them."""

    def __init__(self, callback, verbose, name):
        self.callback = callback
        self.verbose = verbose
        self.name = name
        self.error: BaseException | None = None
        self.stopped_at: tuple[int, int] | None = None

    def __call__(self, done, total, ctx):
        try:
            if self.verbose:
                print(f"{self.name}: alpha {done}/{total} done", flush=True)
            if self.callback is not None and self.callback(int(done), int(total)):
                self.stopped_at = (int(done), int(total))
                return 1
            return 0
        except BaseException as exc:  # noqa: BLE001 - re-raised after the C call returns
            self.error = exc
            return 1


class _Call:
    """The C structs of one fit or path, and the arrays they point into (kept alive here).

    The one place that builds ``sr_problem_*``, ``sr_fit_options`` and the result structs,
    for every estimator of this package (the named ones are presets): the constructor checks
    the data and fills the options with the library's defaults (``sr_fit_options_init``); the
    caller sets its validated, mapped values with :meth:`set`, then runs :meth:`fit` (once per
    target of a 2-D y) or :meth:`path`."""

    _ARRAYS = ("l1_factor", "l2_factor", "lower_bounds", "upper_bounds")

    def __init__(self, X, y, sample_weight, owner: str, *, multi_output: bool = False):
        self.owner = owner
        # X's finite check is the library's (SR_ERR_INVALID_DATA, worded by fail()); so is a
        # sparse X's structure (SR_ERR_INVALID_INDPTR/_INDEX).
        self.X = _check_X(X, owner, finite=False, accept_sparse=True)
        self.sparse = isinstance(self.X, SparseX)
        n, p = self.X.shape
        dt = self.X.dtype
        self.f64 = dt == F64
        self.y = _check_y(y, n, dt, owner, multi_output=multi_output)
        self.targets = _target_columns(self.y)
        self.sw = _check_sample_weight(sample_weight, n, dt)
        self.n, self.p, self.dtype = n, p, dt
        self.keep: list[Any] = []
        self.message = ""  # the library's message of the last failed call
        o = _b.sr_fit_options()
        status = _b.sr_fit_options_init(ctypes.byref(o), ctypes.sizeof(o))
        if status:
            raise_for(status)
        self.options = o
        self._fields = {f[0] for f in o._fields_}
        pr = (_b.sr_problem_f64 if self.f64 else _b.sr_problem_f32)()
        pr.size = ctypes.sizeof(pr)
        pr.n_samples, pr.n_features = n, p
        pr.y = address(self.targets[0])
        pr.sample_weight = None if self.sw is None else address(self.sw)
        self.problem = pr
        if self.sparse:
            self._point_at(self.X)
        else:
            pr.layout = _b.SR_LAYOUT_COLUMN_MAJOR
            pr.X = address(self.X)

    def _point_at(self, sx: SparseX) -> None:
        """The problem reads the sparse X ``sx`` (kept alive as ``self.X``)."""
        self.X = sx
        pr = self.problem
        pr.layout = _b.SR_LAYOUT_CSC
        pr.X = address(sx.data)
        pr.nnz, pr.indptr, pr.indices = sx.nnz, address(sx.indptr), address(sx.indices)
        pr.index_type = sx.index_type

    def _invoke(self, fn, *args, repeats: int = 1) -> int:
        """``fn(*args)``'s status (its message in ``self.message``), made so that Ctrl-C stops
        it (``_interrupt.call``: KeyboardInterrupt, nothing written). ``repeats``: the fits the
        call makes (alphas × folds), for its work estimate. A sparse X with a row repeated
        within a column (scipy's duplicates, which the library refuses) is summed in a copy
        and the call made again: the common case pays for no duplicate check in Python."""
        progress = bool(self.options.progress)
        work = float("inf") if progress else self.work() * repeats
        status, self.message = _interrupt.call(fn, self.options, args, work=work)
        if status == SR_ERR_INVALID_INDEX and self.sparse:
            summed = self.X.summed() if self.X.repeats_at(self.message) else None
            if summed is not None:
                self._point_at(summed)
                status, self.message = _interrupt.call(fn, self.options, args, work=work)
        return status

    def work(self) -> float:
        """A rough bound on one fit's work: stored values of X × the iteration budget (× the
        features for the absolute and quantile losses' interior point and Cholesky's solve,
        whose iterations factor a matrix of that order)."""
        o = self.options
        cells = self.X.nnz if self.sparse else self.n * self.p
        heavy = (
            o.loss in (_b.SR_LOSS_ABSOLUTE, _b.SR_LOSS_QUANTILE)
            or o.solver == _b.SR_FIT_SOLVER_CHOLESKY
        )
        return float(max(cells, 1)) * max(int(o.max_iter), 1) * (self.p + 1 if heavy else 1)

    @property
    def weight_sum(self) -> float:
        """S = Σᵢ sᵢ (n without weights)."""
        return float(self.n) if self.sw is None else float(np.sum(self.sw, dtype=F64))

    def set(self, **fields) -> "_Call":
        """Set ``sr_fit_options`` fields: numbers as given (already validated and mapped to
        the header's codes); the per-feature arrays (``l1_factor``, ``l2_factor``,
        ``lower_bounds``, ``upper_bounds``) as None (the library's default) or n_features
        values; ``progress`` as a :class:`_Progress`."""
        o = self.options
        for name, value in fields.items():
            if name not in self._fields:
                raise AttributeError(f"sr_fit_options has no field {name!r}")
            if name in self._ARRAYS:
                if value is None:
                    setattr(o, name, None)
                    continue
                a = np.ascontiguousarray(value, dtype=F64)
                if a.shape != (self.p,):
                    raise ValueError(f"{name} must have shape ({self.p},), got {a.shape}")
                self.keep.append(a)
                setattr(o, name, address(a))
            elif name == "progress":
                fn = _b.sr_progress_fn() if value is None else _b.sr_progress_fn(value)
                self.keep.append(fn)
                o.progress = fn
            else:
                setattr(o, name, value)
        return self

    def fit(self, coef: np.ndarray, target: int = 0):
        """One ``sr_fit_*`` call for the target ``target`` (the 1-D y, or column ``target`` of
        a 2-D y), writing ``coef`` (n_features values of X's dtype, read first as the start
        when ``options.warm_start``); returns the result struct."""
        self.problem.y = address(self.targets[target])
        result = (_b.sr_fit_result_f64 if self.f64 else _b.sr_fit_result_f32)()
        result.size = ctypes.sizeof(result)
        result.coef = address(coef)
        self._check_solver()
        fn = _b.sr_fit_f64 if self.f64 else _b.sr_fit_f32
        status = self._invoke(
            fn, ctypes.byref(self.problem), ctypes.byref(self.options), ctypes.byref(result)
        )
        if status:
            self.fail(status)
        return result

    def path(
        self,
        alphas: np.ndarray | None,
        n_alphas: int,
        eps: float,
        progress: _Progress | None = None,
        objectives: bool = True,
    ) -> SimpleNamespace:
        """One ``sr_path_*`` call over ``alphas`` (float64, used in their order) or, with None,
        the library's grid of ``n_alphas`` values down to eps·α_max. Returns every output:
        alphas, coefs (n_features, n_alphas, Fortran order, X's dtype), intercepts,
        objectives, dual_gaps, gap_tols (float64), n_iters (int64), converged (int32).
        ``objectives=False`` leaves objectives None (for the squared loss they cost a pass over
        X per α)."""
        out, result = self._path_result(n_alphas, objectives)
        fn = _b.sr_path_f64 if self.f64 else _b.sr_path_f32
        self._run_path(
            fn,
            progress,
            n_alphas,
            None if alphas is None else address(alphas),
            float(eps),
            ctypes.byref(result),
        )
        return out

    def cv_path(
        self,
        alphas: np.ndarray | None,
        n_alphas: int,
        eps: float,
        n_folds: int,
        foldid: np.ndarray | None = None,
        roles: np.ndarray | None = None,
        n_threads: int = 0,
        progress: _Progress | None = None,
    ) -> tuple[SimpleNamespace, SimpleNamespace]:
        """One ``sr_cv_path_*`` call: the full data's path as :meth:`path` returns it (without
        objectives) and the cross-validation's outputs: fold_errors (n_folds, n_alphas),
        cv_mean and cv_std (n_alphas), index_min and index_1se. ``foldid`` (n_samples int64
        values in [0, n_folds)) or ``roles`` (n_folds × n_samples int8 ``SR_CV_*`` values, C
        order: row k is fold k), or neither (contiguous folds)."""
        out, result = self._path_result(n_alphas, False)
        k = n_alphas
        cv = SimpleNamespace(
            fold_errors=np.empty((n_folds, k)),
            cv_mean=np.empty(k),
            cv_std=np.empty(k),
            index_min=0,
            index_1se=0,
        )
        opts = _b.sr_cv_options()
        opts.size = ctypes.sizeof(opts)
        opts.n_folds, opts.n_threads = n_folds, n_threads
        for name, value, dt in (("foldid", foldid, np.int64), ("roles", roles, np.int8)):
            if value is not None:
                a = np.ascontiguousarray(value, dtype=dt)
                self.keep.append(a)
                setattr(opts, name, address(a))
        res = _b.sr_cv_result()
        res.size = ctypes.sizeof(res)
        res.fold_errors, res.cv_mean, res.cv_std = (
            address(cv.fold_errors),
            address(cv.cv_mean),
            address(cv.cv_std),
        )
        fn = _b.sr_cv_path_f64 if self.f64 else _b.sr_cv_path_f32
        self._run_path(
            fn,
            progress,
            n_alphas * (n_folds + 1),
            None if alphas is None else address(alphas),
            float(eps),
            ctypes.byref(opts),
            ctypes.byref(result),
            ctypes.byref(res),
        )
        cv.index_min, cv.index_1se = int(res.index_min), int(res.index_1se)
        return out, cv

    def _path_result(self, k: int, objectives: bool):
        """The outputs of a path over k alphas (see :meth:`path`) and the
        ``sr_path_result_*`` pointing into them."""
        p = self.p
        out = SimpleNamespace(
            alphas=np.empty(k),
            coefs=np.empty((p, k), dtype=self.dtype, order="F"),
            intercepts=np.empty(k),
            objectives=np.empty(k),
            dual_gaps=np.empty(k),
            gap_tols=np.empty(k),
            n_iters=np.empty(k, dtype=np.int64),
            converged=np.empty(k, dtype=np.int32),
        )
        result = (_b.sr_path_result_f64 if self.f64 else _b.sr_path_result_f32)()
        result.size = ctypes.sizeof(result)
        result.n_alphas = k
        if not objectives:
            out.objectives = None
        for name, value in vars(out).items():
            setattr(result, name, None if value is None else address(value))
        return out, result

    def _run_path(self, fn, progress: _Progress | None, repeats: int, *args) -> None:
        """``fn(problem, options, *args)`` (sr_path_* or sr_cv_path_*, ``repeats`` fits),
        raising for a failure: the callback's own exception, its request to stop, or the
        library's status."""
        if progress is not None:
            self.set(progress=progress)
        self._check_solver()
        status = self._invoke(
            fn, ctypes.byref(self.problem), ctypes.byref(self.options), *args, repeats=repeats
        )
        if status:
            if progress is not None and progress.error is not None:
                raise progress.error
            if status == SR_ERR_CANCELLED and progress is not None and progress.stopped_at:
                done, total = progress.stopped_at
                raise SwiftRegError(
                    f"{self.owner} was stopped by its callback after {done} of {total} alphas",
                    status,
                )
            self.fail(status)

    def _check_solver(self) -> None:
        """A sparse X with a dense-only method: the estimator's words for the library's
        refusal."""
        if self.sparse:
            _check_sparse_solver(_SOLVER_NAMES.get(self.options.solver, ""), self.owner)

    def fail(self, status: int):
        """Raise for a failed call: the library's non-finite X report (its check is fused with
        its first pass over X) in scikit-learn's words, a sparse X's structure report naming
        X's arrays, else its message with the estimator's parameter names."""
        message = self.message
        if self.sparse and status in (
            SR_ERR_INVALID_DATA,
            SR_ERR_INVALID_INDPTR,
            SR_ERR_INVALID_INDEX,
        ):
            _sparse_error(status, self.X, message)
        if status == SR_ERR_INVALID_DATA:
            if message.startswith("X ") and not self.sparse:
                _assert_finite(self.X, "X")
        try:
            raise_for(status, message)
        except SwiftRegError as e:
            text = str(e)
            for field, name in _FIELD_NAMES:
                text = text.replace(field, name)
            raise SwiftRegError(text, status) from None


class RegularizedRegressor(BaseLinearRegressor):
    """A linear model with any loss and any penalty, certified by its duality gap.

    Minimises, over the coefficients w and the intercept b (never penalised),

        F(r) + α·(ρ·Σⱼ fⱼ|wⱼ| + ½(1 − ρ)·Σⱼ gⱼwⱼ²)   subject to  lⱼ ≤ wⱼ ≤ uⱼ,

    with rᵢ = yᵢ − xᵢ·w − b, S = Σᵢ sᵢ (sᵢ the sample weights) and the datafit F:

    ============  =====================================================================
    ``loss``      F(r)
    ============  =====================================================================
    ``"l2"``      (1/(2S))·Σᵢ sᵢrᵢ²  (scikit-learn's Lasso / ElasticNet)
    ``"l1"``      (1/S)·Σᵢ sᵢ|rᵢ|  (least absolute deviations)
    ``"quantile"`` (1/S)·Σᵢ sᵢρ_τ(rᵢ), ρ_τ(r) = max(τr, (τ − 1)r)  (QuantileRegressor)
    ``"huber"``   (1/S)·Σᵢ sᵢH_δ(rᵢ), H_δ(r) = ½r² if |r| ≤ δ else δ(|r| − ½δ)
    ``"huber_scaled"`` (1/(2S))·Σᵢ sᵢσ(1 + H̃_δ(rᵢ/σ)), minimised over the scale σ > 0 too,
                  H̃_δ(z) = z² if |z| ≤ δ else 2δ|z| − δ² (:class:`HuberRegressor`; ``scale_``)
    ============  =====================================================================

    ρ is 1 for ``penalty="l1"``, 0 for ``"l2"`` and ``l1_ratio`` for ``"elasticnet"``;
    ``penalty=None`` drops the penalty.

    Parameters
    ----------
    loss : {"l2", "l1", "quantile", "huber", "huber_scaled"}, default="l2"
    penalty : {"l1", "l2", "elasticnet"} or None, default="l1"
    alpha : float, default=1.0
        α ≥ 0.
    l1_ratio : float, default=0.5
        ρ ∈ [0, 1] of the elastic net (``penalty="elasticnet"`` only).
    delta : float, default=1.35
        Huber's δ > 0.
    quantile : float, default=0.5
        τ ∈ (0, 1) of the quantile loss.
    penalty_factor : float or array_like of shape (n_features,), optional
        fⱼ ≥ 0, the L1 factors (glmnet's ``penalty.factor``; 0 leaves the L1 part off
        feature j). Default all 1.
    l2_penalty_factor : float or array_like of shape (n_features,), optional
        gⱼ ≥ 0, the L2 factors. Default: ``penalty_factor``'s values (all 1 without it).
    lower_bounds, upper_bounds : float or array_like of shape (n_features,), optional
        lⱼ (may be -inf) and uⱼ ≥ lⱼ (may be inf). Default unbounded.
    positive : bool, default=False
        Also require w ≥ 0 (the lower bounds become max(lⱼ, 0)).
    fit_intercept : bool, default=True
    solver : {"auto", "cd", "fista", "subgradient", "interior-point", "cholesky"}, default="auto"
        ``"auto"``: coordinate descent for the squared and Huber losses (with exact
        active-set steps for the squared loss), an interior point with an exact vertex for
        the absolute and quantile losses, a Cholesky solve for the squared loss with an L2
        penalty alone. ``solver_`` says which ran.
    max_iter : int, default=1000
    tol : float, default=1e-4
        Stop when the duality gap ≤ tol·Σsᵢ(yᵢ − ȳ)²/S (squared loss: scikit-learn's rule)
        or tol·F(y − ȳ) (the others).
    warm_start : bool, default=False
        Start from the previous ``coef_`` when its shape fits.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
    intercept_ : float
    objective_ : float
        The objective at (coef_, intercept_).
    dual_gap_ : float
        The duality gap P − D ≥ 0 at the solution: a bound on objective_ minus the optimum.
    gap_tol_ : float
        The gap the fit had to reach.
    n_iter_ : int
    converged_ : bool
    solver_ : str
    n_features_in_ : int
    """

    def __init__(
        self,
        *,
        loss: str = "l2",
        penalty: str | None = "l1",
        alpha: float = 1.0,
        l1_ratio: float = 0.5,
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
        warm_start: bool = False,
    ):
        self.loss = loss
        self.penalty = penalty
        self.alpha = alpha
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
        self.warm_start = warm_start

    def fit(
        self, X: ArrayLike, y: ArrayLike, sample_weight: ArrayLike | None = None
    ) -> "RegularizedRegressor":
        """Fit the model; returns self."""
        call = _Call(X, y, sample_weight, type(self).__name__)
        call.set(**_options(self, call.p))
        coef = np.zeros(call.p, dtype=call.dtype)
        old = getattr(self, "coef_", None)
        if self.warm_start and isinstance(old, np.ndarray) and old.shape == (call.p,):
            coef[:] = old
            call.set(warm_start=1)
        result = call.fit(coef)
        self.coef_ = coef
        self.intercept_ = (
            call.dtype.type(result.intercept) if self.fit_intercept else call.dtype.type(0.0)
        )
        self.objective_ = float(result.objective)
        self.dual_gap_ = float(result.dual_gap)
        self.gap_tol_ = float(result.gap_tol)
        self.n_iter_ = int(result.n_iter)
        self.converged_ = bool(result.converged)
        self.solver_ = _SOLVER_NAMES[result.solver]
        if result.scale:
            self.scale_ = float(result.scale)
        self._record_features(X, call.p)
        if not self.converged_:
            warnings.warn(
                f"{type(self).__name__} ({self.solver_}) did not converge in max_iter={self.max_iter} "
                f"iterations: duality gap {self.dual_gap_:.6e} > tolerance {self.gap_tol_:.6e}. "
                f"Increase max_iter or tol, or scale the features.",
                _interop(ConvergenceWarning),
                stacklevel=2,
            )
        return self


def regularization_path(
    X: ArrayLike,
    y: ArrayLike,
    *,
    loss: str = "l2",
    penalty: str | None = "l1",
    l1_ratio: float = 0.5,
    alphas: ArrayLike | None = None,
    n_alphas: int = 100,
    eps: float = 1e-3,
    sample_weight: ArrayLike | None = None,
    **params,
):
    """The solutions of :class:`RegularizedRegressor` along a grid of α, warm-started.

    ``alphas`` (used in decreasing order) or ``n_alphas`` values log-spaced from α_max (the
    smallest α at which every penalised coefficient is 0, or the bound nearest 0) down to
    eps·α_max. ``params`` are the other parameters of :class:`RegularizedRegressor`.

    Returns
    -------
    alphas : ndarray of shape (n_alphas,)
    coefs : ndarray of shape (n_features, n_alphas)
    intercepts : ndarray of shape (n_alphas,)
    dual_gaps : ndarray of shape (n_alphas,)
    """
    est = RegularizedRegressor(loss=loss, penalty=penalty, l1_ratio=l1_ratio, **params)
    call = _Call(X, y, sample_weight, "regularization_path")
    call.set(**_options(est, call.p))
    if alphas is not None:
        grid = np.ascontiguousarray(
            np.sort(np.asarray(_to_numeric(alphas, "alphas"), dtype=F64).ravel())[::-1]
        )
        if grid.size == 0:
            raise ValueError("alphas must not be empty")
        k = grid.size
    else:
        grid, k = None, _integer(n_alphas, "n_alphas")
    out = call.path(grid, k, eps, objectives=False)
    return out.alphas, out.coefs, out.intercepts, out.dual_gaps


_SKLEARN_QUANTILE_SOLVERS = ("highs", "highs-ds", "highs-ipm", "interior-point", "revised simplex")


class QuantileRegressor(BaseLinearRegressor):
    """Quantile regression, scikit-learn's ``QuantileRegressor`` objective, solved exactly:

        (1/S)·Σᵢ sᵢρ_τ(yᵢ − xᵢ·w − b) + α·(ρ·‖w‖₁ + ½(1 − ρ)·‖w‖²),   ρ_τ(r) = max(τr, (τ − 1)r)

    With ``l1_ratio=1`` (the default) this is scikit-learn's objective with the same α. The
    absolute and quantile losses are solved by the library's interior-point method, ending
    at an exact vertex of the linear programme when the penalty is L1 or none; the result
    is certified by its duality gap. A preset of :class:`RegularizedRegressor`.

    Parameters
    ----------
    quantile : float, default=0.5
        τ ∈ (0, 1).
    alpha : float, default=1.0
    l1_ratio : float, default=1.0
        ρ ∈ [0, 1]: 1 is scikit-learn's L1 penalty, 0 a ridge penalty.
    fit_intercept : bool, default=True
    solver : str, default="auto"
        ``"auto"`` or ``"interior-point"``; scikit-learn's names (``"highs"`` …) are accepted
        and mean the same exact method. ``solver_`` says what ran.
    max_iter : int, default=1000
    tol : float, default=1e-4
        Relative duality-gap tolerance (see :class:`RegularizedRegressor`).

    Attributes
    ----------
    coef_, intercept_, objective_, dual_gap_, gap_tol_, n_iter_, converged_, solver_,
    n_features_in_ : as for :class:`RegularizedRegressor`.
    """

    def __init__(
        self,
        *,
        quantile: float = 0.5,
        alpha: float = 1.0,
        l1_ratio: float = 1.0,
        fit_intercept: bool = True,
        solver: str = "auto",
        max_iter: int = 1000,
        tol: float = 1e-4,
    ):
        self.quantile = quantile
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.fit_intercept = fit_intercept
        self.solver = solver
        self.max_iter = max_iter
        self.tol = tol

    def fit(
        self, X: ArrayLike, y: ArrayLike, sample_weight: ArrayLike | None = None
    ) -> "QuantileRegressor":
        """Fit the model; returns self."""
        solver = "auto" if self.solver in _SKLEARN_QUANTILE_SOLVERS else self.solver
        model = RegularizedRegressor(
            loss="quantile",
            quantile=self.quantile,
            penalty="elasticnet",
            alpha=self.alpha,
            l1_ratio=self.l1_ratio,
            fit_intercept=self.fit_intercept,
            solver=solver,
            max_iter=self.max_iter,
            tol=self.tol,
        )
        model.fit(X, y, sample_weight=sample_weight)
        for name in (
            "coef_",
            "intercept_",
            "objective_",
            "dual_gap_",
            "gap_tol_",
            "n_iter_",
            "converged_",
            "solver_",
            "n_features_in_",
            "feature_names_in_",
        ):
            if hasattr(model, name):
                setattr(self, name, getattr(model, name))
        return self
