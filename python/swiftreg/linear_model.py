"""Linear models: Lasso, elastic net, ridge and least-absolute-deviation regression, and paths.

Estimators with scikit-learn's interface (``fit``/``predict``/``score``/``get_params``/
``set_params``, attributes ending in ``_``) and scikit-learn's objectives, solved by the
swiftreg library (``sr_enet_fit_*``, ``sr_enet_path_*``, ``sr_ridge_fit_*``,
``sr_lad_fit_*`` in ``swiftreg.h``). scikit-learn is not needed at runtime: these classes
carry their own small base class, and pass ``sklearn.utils.estimator_checks`` when
scikit-learn is installed.

Notation used in every docstring: n samples xᵢ ∈ ℝᵖ with targets yᵢ and weights sᵢ ≥ 0
(all 1 by default), S = Σᵢ sᵢ (= n without weights), residuals rᵢ = yᵢ − xᵢ·w − b. The
intercept b is never penalised; with ``fit_intercept=True`` X and y are centred by their
weighted means and b = ȳ − x̄·w.

Relation to the seed's penalties (``swiftreg.l1_penalty`` λ·Σ|wⱼ| and ``swiftreg.l2_penalty``
λ·Σwⱼ², the ``l1``/``l2`` of ``subgradient_step``/``proximal_step``):

=================  =======================================  =============================
estimator          loss                                     seed penalty
=================  =======================================  =============================
ElasticNet, Lasso  (1/(2S))·Σ sᵢrᵢ²  (half weighted MSE)    l1 = α·ρ, l2 = α·(1 − ρ)/2
Ridge              Σ sᵢrᵢ²  (``l2_loss``, "sum")            l2 = α
LADRegression      (1/S)·Σ sᵢ|rᵢ|  (``l1_loss``, "mean")    l1 = α
=================  =======================================  =============================
"""
from __future__ import annotations

import inspect
import numbers
import sys
import warnings
from ctypes import byref, c_double, c_float, c_int32, c_int64
from typing import Any, Callable, Literal

import numpy as np
from numpy.typing import ArrayLike

from . import _bindings as _b
from ._arrays import F32, F64, address, is_masked
from ._errors import SR_ERR_CANCELLED, SR_ERR_INVALID_DATA, SwiftRegError, raise_for

__all__ = [
    "ElasticNet", "Lasso", "Ridge", "LADRegression", "enet_path", "lasso_path",
    "ConvergenceWarning", "DataConversionWarning", "NotFittedError",
]

# Codes of swiftreg.h (SR_SOLVER_*, SR_SELECTION_*, SR_PRECOMPUTE_*).
_SOLVERS = {"cd": 0, "fista": 1, "subgradient": 2}
_SELECTIONS = {"cyclic": 0, "random": 1}
_PRECOMPUTE = {"auto": 0, True: 1, False: 2}
_NO_PROGRESS = _b.sr_progress_fn()  # a NULL sr_progress_fn


# --------------------------------------------------------------------------------------
# Exceptions and warnings
# --------------------------------------------------------------------------------------


class ConvergenceWarning(UserWarning):
    """An iterative solver stopped at ``max_iter`` before reaching its tolerance.

    The result is returned (not an error); the message gives the achieved duality gap and
    the gap that was asked for, in the same units. When scikit-learn is already imported
    in the process, the warning raised is also an instance of
    ``sklearn.exceptions.ConvergenceWarning``, so filters written for scikit-learn apply.
    """


class DataConversionWarning(UserWarning):
    """The input was converted in a way the caller may not expect (a column-vector y).

    Also an instance of ``sklearn.exceptions.DataConversionWarning`` when scikit-learn is
    already imported.
    """


class NotFittedError(ValueError, AttributeError):
    """``predict``/``score`` was called before ``fit``.

    A subclass of both ``ValueError`` and ``AttributeError`` (as scikit-learn's); when
    scikit-learn is already imported, the error raised is also an instance of
    ``sklearn.exceptions.NotFittedError``.
    """


_interop_cache: dict[type, type] = {}


def _interop(cls: type) -> type:
    """cls, or, when scikit-learn's exceptions module is already loaded (never imported
    here), a subclass of cls and of scikit-learn's class of the same name."""
    sk = sys.modules.get("sklearn.exceptions")
    if sk is None:
        return cls
    sub = _interop_cache.get(cls)
    if sub is None:
        other = getattr(sk, cls.__name__, None)
        if not isinstance(other, type):
            return cls
        sub = type(cls.__name__, (cls, other), {"__module__": cls.__module__,
                                                "__doc__": cls.__doc__})
        _interop_cache[cls] = sub
    return sub


# --------------------------------------------------------------------------------------
# Input validation (messages follow scikit-learn's, so code that matches them keeps working)
# --------------------------------------------------------------------------------------


def _is_sparse(x) -> bool:
    module = type(x).__module__ or ""
    return module.startswith("scipy.sparse") or (
        hasattr(x, "tocsc") and hasattr(x, "nnz") and hasattr(x, "format"))


def _feature_names(X) -> np.ndarray | None:
    if isinstance(X, np.ndarray) or not hasattr(X, "columns") or not hasattr(X, "shape"):
        return None
    try:
        names = list(X.columns)
    except TypeError:
        return None
    kinds = {isinstance(c, str) for c in names}
    if kinds == {True}:
        return np.asarray(names, dtype=object)
    if kinds == {True, False}:
        raise TypeError(
            "Feature names are only supported if all input features have string names, "
            f"but the input has feature names of types "
            f"{sorted({type(c).__name__ for c in names})}. Convert them all to str.")
    return None


def _to_numeric(x, name: str) -> np.ndarray:
    """An ndarray of x with a real numeric dtype (float32/float64 kept, others float64)."""
    if _is_sparse(x):
        raise TypeError(
            f"Sparse input is not supported: {name} is a {type(x).__name__}. swiftreg's "
            f"linear models take dense arrays; pass {name}.toarray() instead.")
    if is_masked(x):
        raise TypeError(f"{name} is a masked array; its mask would be ignored. "
                        f"Pass {name}.filled(...) instead.")
    a = np.asarray(x)
    kind = a.dtype.kind
    if kind == "f":
        return a if a.dtype in (F32, F64) else a.astype(F64)
    if kind in "iub":
        return a.astype(F64)
    if kind == "c":
        raise ValueError(f"Complex data not supported: {name} has dtype {a.dtype}.")
    if kind == "O":
        if any(isinstance(v, complex) for v in a.flat):
            raise ValueError(f"Complex data not supported: {name} holds complex numbers.")
        return a.astype(F64)  # "could not convert string to float: ..." for strings
    if kind in "US":
        raise ValueError(
            f"{name} holds strings (dtype {a.dtype}); the linear models need numeric data: "
            "convert it explicitly, for example with an encoder.")
    raise TypeError(f"{name} must hold real numbers, got dtype {a.dtype}")


def _assert_finite(a: np.ndarray, name: str) -> None:
    with np.errstate(over="ignore", invalid="ignore"):
        if np.isfinite(a.sum()):  # fast path: NaN/Inf always propagate into the sum
            return
    if np.isnan(a).any():
        raise ValueError(f"Input {name} contains NaN.")
    if not np.isfinite(a).all():
        raise ValueError(f"Input {name} contains infinity or a value too large for "
                         f"dtype({a.dtype.name!r}).")


def _check_X(X, owner: str, *, order: str = "F", finite: bool = True) -> np.ndarray:
    a = _to_numeric(X, "X")
    if a.ndim != 2:
        if a.ndim < 2:
            what = "scalar" if a.ndim == 0 else "1D"
            raise ValueError(
                f"Expected 2D array, got {what} array instead (shape {a.shape}).\n"
                "Reshape your data either using array.reshape(-1, 1) if your data has a "
                "single feature or array.reshape(1, -1) if it contains a single sample.")
        raise ValueError(f"Found array with dim {a.ndim}. {owner} expected <= 2.")
    n, p = a.shape
    if n == 0:
        raise ValueError(f"Found array with 0 sample(s) (shape={a.shape}) while a minimum "
                         f"of 1 is required by {owner}.")
    if p == 0:
        raise ValueError(f"Found array with 0 feature(s) (shape={a.shape}) while a minimum "
                         f"of 1 is required by {owner}.")
    a = _fortran(a) if order == "F" else a
    if finite:
        _assert_finite(a, "X")
    return a


def _fortran(a: np.ndarray) -> np.ndarray:
    """``np.asfortranarray(a)``; a large C-ordered 2-D array is copied by blocks of rows
    (numpy's one-shot transposing copy strides through memory: about 1.7× slower)."""
    if a.flags.f_contiguous or not a.flags.c_contiguous or a.size < (1 << 16):
        return np.asfortranarray(a)
    out = np.empty(a.shape, dtype=a.dtype, order="F")
    for i in range(0, a.shape[0], 256):
        out[i:i + 256] = a[i:i + 256]
    return out


def _raise_for_X(status: int, a: np.ndarray) -> None:
    """Raise for a failed call; the library's non-finite X report (its check is fused with
    the first pass over X, so the Python side does not repeat it) in scikit-learn's words."""
    if status == SR_ERR_INVALID_DATA and _b.sr_last_error().decode(errors="replace").startswith("X "):
        _assert_finite(a, "X")
    raise_for(status)


def _check_y(y, n: int, dt: np.dtype, owner: str) -> np.ndarray:
    if y is None:
        raise ValueError(f"{owner} requires y to be passed, but the target y is None.")
    a = _to_numeric(y, "y")
    if a.ndim == 2 and a.shape[1] == 1:
        warnings.warn(
            "A column-vector y was passed when a 1d array was expected. Please change the "
            "shape of y to (n_samples,), for example using ravel().",
            _interop(DataConversionWarning), stacklevel=4)
        a = a[:, 0]
    elif a.ndim != 1:
        raise ValueError(f"y should be a 1d array, got an array of shape {a.shape} instead "
                         f"({owner} fits one target).")
    if a.shape[0] != n:
        raise ValueError("Found input variables with inconsistent numbers of samples: "
                         f"[{n}, {a.shape[0]}] (X has {n} rows, y has {a.shape[0]} values)")
    a = np.ascontiguousarray(a, dtype=dt)
    _assert_finite(a, "y")
    return a


def _check_sample_weight(sw, n: int, dt: np.dtype) -> np.ndarray | None:
    if sw is None:
        return None
    if isinstance(sw, numbers.Real) and not isinstance(sw, bool):
        a = np.full(n, float(sw), dtype=dt)
    else:
        a = _to_numeric(sw, "sample_weight")
        if a.ndim == 0:
            a = np.full(n, float(a), dtype=dt)
        elif a.ndim != 1:
            raise ValueError(f"Sample weights must be 1D array or scalar, got shape {a.shape}")
        elif a.shape[0] != n:
            raise ValueError(f"sample_weight.shape == {a.shape}, expected ({n},)!")
        a = np.ascontiguousarray(a, dtype=dt)
    if not np.isfinite(a).all():
        raise ValueError("sample_weight must be finite (it contains NaN or infinity)")
    if (a < 0).any():
        i = int(np.argmax(a < 0))
        raise ValueError(f"Negative values in sample_weight are not allowed: "
                         f"sample_weight[{i}] = {a[i]!r}")
    if not a.sum() > 0:
        raise ValueError("sample_weight must have a positive sum (all weights are zero)")
    return a


def _check_penalty_factor(pf, p: int) -> np.ndarray | None:
    if pf is None:
        return None
    a = np.ascontiguousarray(_to_numeric(pf, "penalty_factor"), dtype=F64)
    if a.ndim == 0:
        a = np.full(p, float(a))
    if a.shape != (p,):
        raise ValueError(f"penalty_factor must have shape (n_features,) = ({p},), "
                         f"got shape {a.shape}")
    if not np.isfinite(a).all() or (a < 0).any():
        j = int(np.argmax(~(np.isfinite(a) & (a >= 0))))
        raise ValueError(f"penalty_factor must be finite and >= 0, got penalty_factor[{j}] "
                         f"= {a[j]!r}")
    return a


def _real(value, name: str, *, low: float = 0.0, high: float = np.inf,
          low_open: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {value!r}")
    v = float(value)
    ok = (v > low if low_open else v >= low) and v <= high and np.isfinite(v)
    if not ok:
        lo = "(" if low_open else "["
        hi = "]" if np.isfinite(high) else ")"
        raise ValueError(f"{name} must be in {lo}{low:g}, {high:g}{hi}, got {value!r}")
    return v


def _integer(value, name: str, low: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {value!r}")
    if value < low:
        raise ValueError(f"{name} must be >= {low}, got {value!r}")
    return int(value)


def _choice(value, name: str, table: dict) -> int:
    try:
        return table[value]
    except (KeyError, TypeError):
        raise ValueError(f"{name} must be one of {list(table)!r}, got {value!r}") from None


def _precompute_code(value) -> int:
    if isinstance(value, (bool, np.bool_)):
        return _PRECOMPUTE[bool(value)]
    if isinstance(value, str):
        return _choice(value, "precompute", {"auto": 0})
    raise ValueError(f"precompute must be True, False or 'auto', got {value!r} "
                     "(precomputed Gram matrices are not accepted: swiftreg computes the "
                     "Gram columns it needs itself)")


def _seed(random_state) -> int:
    """A 64-bit seed for selection="random" (like scikit-learn's check_random_state)."""
    if random_state is None:
        return int(np.random.randint(np.iinfo(np.int32).max))
    if isinstance(random_state, numbers.Integral) and not isinstance(random_state, bool):
        if random_state < 0:
            raise ValueError(f"random_state must be >= 0, got {random_state!r}")
        return int(random_state) & 0xFFFFFFFFFFFFFFFF
    if isinstance(random_state, np.random.RandomState):
        return int(random_state.randint(np.iinfo(np.int32).max))
    if isinstance(random_state, np.random.Generator):
        return int(random_state.integers(0, 2**63 - 1))
    raise ValueError(f"random_state must be None, an int, a numpy RandomState or Generator, "
                     f"got {random_state!r}")


# --------------------------------------------------------------------------------------
# Base class: scikit-learn's estimator protocol without scikit-learn
# --------------------------------------------------------------------------------------


class _LinearRegressor:
    """get_params/set_params from the ``__init__`` signature, ``predict``, ``score`` (R²)
    and the hooks scikit-learn looks for (``__sklearn_tags__``, ``__sklearn_is_fitted__``)."""

    _unset = object()

    @classmethod
    def _param_names(cls) -> list[str]:
        sig = inspect.signature(cls.__init__)
        return [p.name for p in sig.parameters.values()
                if p.name != "self" and p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)]

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The constructor parameters, as a dict (``deep`` is accepted for compatibility;
        these estimators hold no nested estimators)."""
        return {name: getattr(self, name) for name in self._param_names()}

    def set_params(self, **params) -> "_LinearRegressor":
        """Set constructor parameters by name and return self. Values are checked at fit."""
        valid = self._param_names()
        for name, value in params.items():
            if name not in valid:
                raise ValueError(f"Invalid parameter {name!r} for estimator "
                                 f"{type(self).__name__}. Valid parameters are: {valid!r}.")
            setattr(self, name, value)
        return self

    def __repr__(self) -> str:
        sig = inspect.signature(type(self).__init__)
        shown = []
        for p in sig.parameters.values():
            if p.name == "self" or p.kind in (p.VAR_KEYWORD, p.VAR_POSITIONAL):
                continue
            value = getattr(self, p.name, p.default)
            if not _same(value, p.default):
                shown.append(f"{p.name}={value!r}")
        return f"{type(self).__name__}({', '.join(shown)})"

    def __sklearn_tags__(self):
        # Only scikit-learn calls this, so importing it here adds no runtime dependency.
        from sklearn.utils import InputTags, RegressorTags, Tags, TargetTags

        return Tags(estimator_type="regressor", target_tags=TargetTags(required=True),
                    regressor_tags=RegressorTags(), input_tags=InputTags())

    def __sklearn_is_fitted__(self) -> bool:
        return hasattr(self, "coef_")

    def _check_fitted(self) -> None:
        if not hasattr(self, "coef_"):
            raise _interop(NotFittedError)(
                f"This {type(self).__name__} instance is not fitted yet. Call 'fit' with "
                "appropriate arguments before using this estimator.")

    def _record_features(self, X, n_features: int) -> None:
        self.n_features_in_ = n_features
        names = _feature_names(X)
        if names is not None:
            self.feature_names_in_ = names
        elif hasattr(self, "feature_names_in_"):
            del self.feature_names_in_

    def _check_predict_X(self, X) -> np.ndarray:
        names = _feature_names(X)
        fitted = getattr(self, "feature_names_in_", None)
        if fitted is not None and names is not None:
            if len(names) != len(fitted) or (names != fitted).any():
                raise ValueError("The feature names should match those that were passed "
                                 f"during fit: fitted with {list(fitted)}, got {list(names)}")
        elif fitted is not None:
            warnings.warn(f"X does not have valid feature names, but {type(self).__name__} "
                          "was fitted with feature names", UserWarning, stacklevel=3)
        elif names is not None:
            warnings.warn(f"X has feature names, but {type(self).__name__} was fitted "
                          "without feature names", UserWarning, stacklevel=3)
        a = _check_X(X, type(self).__name__, order="K")
        if a.shape[1] != self.n_features_in_:
            raise ValueError(f"X has {a.shape[1]} features, but {type(self).__name__} is "
                             f"expecting {self.n_features_in_} features as input.")
        return a

    def predict(self, X: ArrayLike) -> np.ndarray:
        """Predictions X·w + b.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,)
            float32 when both X and the model are float32, else float64.
        """
        self._check_fitted()
        a = self._check_predict_X(X)
        return a @ self.coef_ + self.intercept_

    def score(self, X: ArrayLike, y: ArrayLike, sample_weight: ArrayLike | None = None) -> float:
        """Coefficient of determination R² = 1 − Σsᵢ(yᵢ − ŷᵢ)² / Σsᵢ(yᵢ − ȳ)², ȳ = Σsᵢyᵢ/S.

        1 is a perfect fit, 0 the constant prediction ȳ; it can be negative. When y is
        constant the score is 1.0 for a perfect fit and 0.0 otherwise (as scikit-learn's
        ``r2_score``).

        Parameters
        ----------
        X : array_like of shape (n_samples, n_features)
        y : array_like of shape (n_samples,)
        sample_weight : array_like of shape (n_samples,), optional

        Returns
        -------
        float
        """
        pred = self.predict(X).astype(F64)
        t = _check_y(y, pred.shape[0], F64, type(self).__name__)
        s = _check_sample_weight(sample_weight, t.shape[0], F64)
        s = np.ones_like(t) if s is None else s
        num = float(np.dot(s, (t - pred) ** 2))
        mean = float(np.dot(s, t) / s.sum())
        den = float(np.dot(s, (t - mean) ** 2))
        if den == 0.0:
            return 1.0 if num == 0.0 else 0.0
        return 1.0 - num / den


def _same(a, b) -> bool:
    if a is b:
        return True
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return False
    try:
        return bool(a == b) and type(a) is type(b)
    except Exception:
        return False


# --------------------------------------------------------------------------------------
# Elastic net and Lasso
# --------------------------------------------------------------------------------------


def _enet_fit(est, X, y, sample_weight, l1_ratio: float):
    """The shared body of ElasticNet.fit and Lasso.fit."""
    name = type(est).__name__
    alpha = _real(est.alpha, "alpha")
    tol = _real(est.tol, "tol")
    max_iter = _integer(est.max_iter, "max_iter")
    solver = _choice(est.solver, "solver", _SOLVERS)
    selection = _choice(est.selection, "selection", _SELECTIONS)
    precompute = _precompute_code(est.precompute)
    lr = 0.0 if est.learning_rate is None else _real(est.learning_rate, "learning_rate",
                                                       low_open=True)
    seed = _seed(est.random_state) if selection == 1 else 0

    # X's finite check is the library's (SR_ERR_INVALID_DATA, mapped by _raise_for_X).
    Xa = _check_X(X, name, finite=False)
    n, p = Xa.shape
    dt = Xa.dtype
    ya = _check_y(y, n, dt, name)
    sw = _check_sample_weight(sample_weight, n, dt)
    pf = _check_penalty_factor(est.penalty_factor, p)

    coef = np.zeros(p, dtype=dt)
    warm = 0
    old = getattr(est, "coef_", None)
    if est.warm_start and isinstance(old, np.ndarray) and old.shape == (p,):
        coef[:] = old
        warm = 1
    f64 = dt is F64 or dt == F64
    intercept = c_double() if f64 else c_float()
    n_iter, gap, gap_tol, converged = c_int64(), c_double(), c_double(), c_int32()
    fn = _b.sr_enet_fit_f64 if f64 else _b.sr_enet_fit_f32
    status = fn(address(Xa), address(ya), None if sw is None else address(sw),
                None if pf is None else address(pf), n, p, alpha, l1_ratio,
                int(bool(est.fit_intercept)), int(bool(est.positive)), solver, selection, seed,
                precompute, max_iter, tol, lr, warm, address(coef), byref(intercept),
                byref(n_iter), byref(gap), byref(gap_tol), byref(converged))
    if status:
        _raise_for_X(status, Xa)
    est.coef_ = coef
    est.intercept_ = dt.type(intercept.value)
    est.n_iter_ = int(n_iter.value)
    est.dual_gap_ = float(gap.value)
    est._record_features(X, p)
    if not converged.value:
        warnings.warn(
            f"{name} ({est.solver}) did not converge in max_iter={max_iter} iterations: "
            f"duality gap {gap.value:.6e} > tolerance {gap_tol.value:.6e} "
            f"(tol={tol:g} times the weighted variance of y, "
            f"Σsᵢ(yᵢ−ȳ)²/S, the units of dual_gap_). Increase max_iter, scale the features "
            f"or increase alpha.", _interop(ConvergenceWarning), stacklevel=3)
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
        the seed's plain update w ← w − lr·(g + l1·sign(w) + 2·l2·w), kept to show the
        difference: it never produces exact zeros and rarely reaches ``tol`` (expect a
        :class:`ConvergenceWarning`). ``"cd"`` and ``"fista"`` give exact zeros.
    learning_rate : float, optional
        Step of the ``"subgradient"`` solver (default 1/L, L the largest eigenvalue of
        X̃ᵀX̃/S); ignored by the other solvers.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
        w, float32 when X was float32, else float64.
    intercept_ : float
        b (0 when ``fit_intercept=False``), a NumPy scalar of coef_'s dtype.
    n_iter_ : int
        Iterations (sweeps) used.
    dual_gap_ : float
        The duality gap at the solution, in scikit-learn's units (those of the objective
        above); ≤ tol·Σsᵢ(yᵢ − ȳ)²/S when converged.
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Only when X was a DataFrame with string column names."""


class ElasticNet(_LinearRegressor):
    __doc__ = """Linear regression with combined L1 and L2 priors (scikit-learn's objective).

    Minimises over w ∈ ℝᵖ, b ∈ ℝ::

        (1/(2S)) · Σᵢ sᵢ (yᵢ − xᵢ·w − b)²  +  α · ( ρ · Σⱼ fⱼ|wⱼ|  +  ½(1 − ρ) · Σⱼ fⱼwⱼ² )

    with S = Σᵢ sᵢ, ρ = ``l1_ratio`` and penalty factors fⱼ (1 by default). In the seed's
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
""" + _ENET_COMMON_PARAMS + """

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

    def __init__(self, alpha: float = 1.0, *, l1_ratio: float = 0.5, fit_intercept: bool = True,
                 precompute: bool | str = "auto", copy_X: bool = True, max_iter: int = 1000,
                 tol: float = 1e-4, warm_start: bool = False, positive: bool = False,
                 random_state=None, selection: Literal["cyclic", "random"] = "cyclic",
                 penalty_factor: ArrayLike | None = None,
                 solver: Literal["cd", "fista", "subgradient"] = "cd",
                 learning_rate: float | None = None) -> None:
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

    def fit(self, X: ArrayLike, y: ArrayLike,
            sample_weight: ArrayLike | None = None) -> "ElasticNet":
        """Fit the model.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_features)
            float32 is fitted in float32, float64 in float64, other real dtypes in float64.
        y : array_like of shape (n_samples,)
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
        return _enet_fit(self, X, y, sample_weight, ratio)


class Lasso(ElasticNet):
    __doc__ = """Linear regression with an L1 prior (scikit-learn's Lasso objective).

    Minimises over w ∈ ℝᵖ, b ∈ ℝ::

        (1/(2S)) · Σᵢ sᵢ (yᵢ − xᵢ·w − b)²  +  α · Σⱼ fⱼ|wⱼ|

    with S = Σᵢ sᵢ and penalty factors fⱼ (1 by default). In the seed's form
    loss + λ·Σ|wⱼ| this is λ = α on the weighted *half* mean squared error, or λ = 2α on
    the weighted mean squared error (``l2_loss(..., reduction="mean")``). It is
    :class:`ElasticNet` with ``l1_ratio=1``.

    Parameters
    ----------
    alpha : float, default=1.0
        α ≥ 0. Above α_max = max_j |x̃ⱼ·ỹ|/(S·fⱼ) (centred, weighted data) every
        penalised coefficient is exactly 0.
""" + _ENET_COMMON_PARAMS + """

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

    def __init__(self, alpha: float = 1.0, *, fit_intercept: bool = True,
                 precompute: bool | str = "auto", copy_X: bool = True, max_iter: int = 1000,
                 tol: float = 1e-4, warm_start: bool = False, positive: bool = False,
                 random_state=None, selection: Literal["cyclic", "random"] = "cyclic",
                 penalty_factor: ArrayLike | None = None,
                 solver: Literal["cd", "fista", "subgradient"] = "cd",
                 learning_rate: float | None = None) -> None:
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
        return _enet_fit(self, X, y, sample_weight, 1.0)


# --------------------------------------------------------------------------------------
# Ridge
# --------------------------------------------------------------------------------------


class Ridge(_LinearRegressor):
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
    coef_ : ndarray of shape (n_features,)
        float32 when X was float32, else float64.
    intercept_ : float
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
        y : array_like of shape (n_samples,)
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
        ya = _check_y(y, n, dt, name)
        sw = _check_sample_weight(sample_weight, n, dt)
        coef = np.empty(p, dtype=dt)
        f64 = dt == F64
        intercept = c_double() if f64 else c_float()
        fn = _b.sr_ridge_fit_f64 if f64 else _b.sr_ridge_fit_f32
        status = fn(address(Xa), address(ya), None if sw is None else address(sw), n, p, alpha,
                    int(bool(self.fit_intercept)), address(coef), byref(intercept))
        if status:
            raise_for(status)
        self.coef_ = coef
        self.intercept_ = dt.type(intercept.value)
        self.n_iter_ = None
        self._record_features(X, p)
        return self


# --------------------------------------------------------------------------------------
# Least absolute deviation
# --------------------------------------------------------------------------------------


class LADRegression(_LinearRegressor):
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


# --------------------------------------------------------------------------------------
# Paths
# --------------------------------------------------------------------------------------


class _Progress:
    """Wraps a Python callback for sr_progress_fn: exceptions are kept (a ctypes callback
    must not raise) and stop the C call, which then returns SR_ERR_CANCELLED."""

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


def _path(_name, X, y, l1_ratio, eps, n_alphas, alphas, precompute, verbose, return_n_iter,
          positive, fit_intercept, sample_weight, penalty_factor, tol, max_iter, selection,
          random_state, callback, return_intercept):
    """The body of enet_path and lasso_path (``_name`` is used in messages)."""
    ratio = _real(l1_ratio, "l1_ratio", high=1.0)
    eps_v = _real(eps, "eps", low_open=True)
    tol_v = _real(tol, "tol")
    max_iter_v = _integer(max_iter, "max_iter")
    sel = _choice(selection, "selection", _SELECTIONS)
    pre = _precompute_code(precompute)
    seed = _seed(random_state) if sel == 1 else 0

    Xa = _check_X(X, _name)
    n, p = Xa.shape
    dt = Xa.dtype
    ya = _check_y(y, n, dt, _name)
    sw = _check_sample_weight(sample_weight, n, dt)
    pf = _check_penalty_factor(penalty_factor, p)

    if alphas is not None and not (isinstance(alphas, numbers.Integral)
                                   and not isinstance(alphas, bool)):
        grid = np.asarray(_to_numeric(alphas, "alphas"), dtype=F64).ravel()
        if grid.size == 0:
            raise ValueError("alphas must not be empty")
        if not np.isfinite(grid).all() or (grid < 0).any():
            raise ValueError(f"alphas must be finite and >= 0, got {grid!r}")
        grid = np.ascontiguousarray(np.sort(grid)[::-1])
        k = grid.size
    else:
        k = _integer(n_alphas if alphas is None else alphas,
                     "n_alphas" if alphas is None else "alphas")
        if ratio == 0.0:
            raise ValueError("Automatic alpha grid generation is not supported for "
                             "l1_ratio=0. Please supply a grid by providing the alphas= "
                             "argument.")
        grid = None

    alphas_out = np.empty(k, dtype=F64)
    coefs = np.empty((p, k), dtype=dt, order="F")
    intercepts = np.empty(k, dtype=dt)
    gaps = np.empty(k, dtype=F64)
    n_iters = np.empty(k, dtype=np.int64)
    converged = np.empty(k, dtype=np.int32)
    gap_tol = c_double()
    progress = _Progress(callback, verbose, _name)
    cb = _b.sr_progress_fn(progress) if (callback is not None or verbose) else _NO_PROGRESS
    fn = _b.sr_enet_path_f64 if dt == F64 else _b.sr_enet_path_f32
    status = fn(address(Xa), address(ya), None if sw is None else address(sw),
                None if pf is None else address(pf), n, p, ratio,
                None if grid is None else address(grid), k, eps_v, int(bool(fit_intercept)),
                int(bool(positive)), sel, seed, pre, max_iter_v, tol_v, cb, None,
                address(alphas_out), address(coefs), address(intercepts), address(gaps),
                address(n_iters), address(converged), byref(gap_tol))
    if status:
        if progress.error is not None:
            raise progress.error
        if status == SR_ERR_CANCELLED and progress.stopped_at is not None:
            done, total = progress.stopped_at
            raise SwiftRegError(f"{_name} was stopped by its callback after {done} of "
                                f"{total} alphas", status)
        raise_for(status)
    bad = np.flatnonzero(converged == 0)
    if bad.size:
        i = int(bad[0])
        warnings.warn(
            f"{_name}: coordinate descent did not converge in max_iter={max_iter_v} sweeps "
            f"at {bad.size} of {k} alphas; at the first, alpha={alphas_out[i]:.6e}, the "
            f"duality gap is {gaps[i]:.6e} > tolerance {gap_tol.value:.6e} (tol={tol_v:g} "
            f"times the weighted variance of y, the units of dual_gaps). Increase max_iter.",
            _interop(ConvergenceWarning), stacklevel=3)
    out = [alphas_out, coefs, gaps]
    if return_n_iter:
        out.append(n_iters)
    if return_intercept:
        out.append(intercepts)
    return tuple(out)


def enet_path(X: ArrayLike, y: ArrayLike, *, l1_ratio: float = 0.5, eps: float = 1e-3,
              n_alphas: int = 100, alphas: ArrayLike | int | None = None,
              precompute: bool | str = "auto", copy_X: bool = True, verbose: bool = False,
              return_n_iter: bool = False, positive: bool = False, check_input: bool = True,
              fit_intercept: bool = False, sample_weight: ArrayLike | None = None,
              penalty_factor: ArrayLike | None = None, tol: float = 1e-4,
              max_iter: int = 1000, selection: Literal["cyclic", "random"] = "cyclic",
              random_state=None, callback: Callable[[int, int], Any] | None = None,
              return_intercept: bool = False):
    """Elastic-net coefficients along a decreasing grid of α (scikit-learn's enet_path).

    At each α, minimises over w (and b when ``fit_intercept=True``)::

        (1/(2S)) · Σᵢ sᵢ (yᵢ − xᵢ·w − b)²  +  α · ( ρ · Σⱼ fⱼ|wⱼ|  +  ½(1 − ρ) · Σⱼ fⱼwⱼ² )

    the :class:`ElasticNet` objective (seed form: l1 = α·ρ, l2 = α·(1 − ρ)/2 on the half
    mean squared error), by coordinate descent warm-started from the previous α, with
    the duality gap at each α.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
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
        ``callback(done, total)`` after each α (on the calling thread). A truthy return
        stops the computation with a :class:`~swiftreg.SwiftRegError`; an exception raised
        by the callback stops it and propagates.
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
    return _path("enet_path", X, y, l1_ratio, eps, n_alphas, alphas, precompute, verbose,
                 return_n_iter, positive, fit_intercept, sample_weight, penalty_factor, tol,
                 max_iter, selection, random_state, callback, return_intercept)


def lasso_path(X: ArrayLike, y: ArrayLike, *, eps: float = 1e-3, n_alphas: int = 100,
               alphas: ArrayLike | int | None = None, precompute: bool | str = "auto",
               copy_X: bool = True, verbose: bool = False, return_n_iter: bool = False,
               positive: bool = False, fit_intercept: bool = False,
               sample_weight: ArrayLike | None = None, penalty_factor: ArrayLike | None = None,
               tol: float = 1e-4, max_iter: int = 1000,
               selection: Literal["cyclic", "random"] = "cyclic", random_state=None,
               callback: Callable[[int, int], Any] | None = None,
               return_intercept: bool = False):
    """Lasso coefficients along a decreasing grid of α (scikit-learn's lasso_path).

    At each α, minimises over w (and b when ``fit_intercept=True``)::

        (1/(2S)) · Σᵢ sᵢ (yᵢ − xᵢ·w − b)²  +  α · Σⱼ fⱼ|wⱼ|

    the :class:`Lasso` objective (seed form: λ = α on the half mean squared error, 2α on
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
    return _path("lasso_path", X, y, 1.0, eps, n_alphas, alphas, precompute, verbose,
                 return_n_iter, positive, fit_intercept, sample_weight, penalty_factor, tol,
                 max_iter, selection, random_state, callback, return_intercept)
