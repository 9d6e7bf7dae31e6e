"""The estimators' base class: scikit-learn's estimator protocol without scikit-learn.

:class:`BaseLinearRegressor` gives every linear model (here and in ``swiftreg.dask``)
``get_params``/``set_params`` from the ``__init__`` signature, a scikit-learn-style
``repr``, ``predict`` (X·w + b), ``score`` (R²) and the hooks scikit-learn looks for
(``__sklearn_tags__``, ``__sklearn_is_fitted__``). Its input checks are those of
``swiftreg._validation``.
"""

from __future__ import annotations

import inspect
import os
import warnings
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from .._arrays import F64
from .._validation import (
    SparseX,
    UndefinedMetricWarning,
    _check_is_fitted,
    _check_predict_X,
    _check_sample_weight,
    _check_sparse_solver,
    _check_y,
    _interop,
    _record_features,
)

__all__ = ["BaseLinearRegressor"]


class BaseLinearRegressor:
    """get_params/set_params from the ``__init__`` signature, ``predict``, ``score`` (R²)
    and the hooks scikit-learn looks for (``__sklearn_tags__``, ``__sklearn_is_fitted__``).

    Shared on purpose by the estimators of ``swiftreg.linear_model`` and ``swiftreg.dask``;
    not part of the public API."""

    _unset = object()
    _multi_output = False  # True where fit takes a y of shape (n_samples, n_targets)

    # Fitted attributes that fit sets (absent before; declared here for the type checker).
    n_features_in_: int
    feature_names_in_: np.ndarray
    n_iter_: Any
    dual_gap_: Any

    @classmethod
    def _param_names(cls) -> list[str]:
        sig = inspect.signature(cls.__init__)
        return [
            p.name
            for p in sig.parameters.values()
            if p.name != "self" and p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)
        ]

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The constructor parameters, as a dict (``deep`` is accepted for compatibility;
        these estimators hold no nested estimators)."""
        return {name: getattr(self, name) for name in self._param_names()}

    def set_params(self, **params) -> "BaseLinearRegressor":
        """Set constructor parameters by name and return self. Values are checked at fit."""
        valid = self._param_names()
        for name, value in params.items():
            if name not in valid:
                raise ValueError(
                    f"Invalid parameter {name!r} for estimator "
                    f"{type(self).__name__}. Valid parameters are: {valid!r}."
                )
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

        return Tags(
            estimator_type="regressor",
            target_tags=TargetTags(required=True, multi_output=self._multi_output),
            regressor_tags=RegressorTags(),
            input_tags=InputTags(sparse=self._accepts_sparse()),
        )

    def _accepts_sparse(self) -> bool:
        """Whether fit takes a scipy.sparse X with the current parameters (scikit-learn's
        ``input_tags.sparse``): True, except for the dense-only solvers (and swiftreg.dask)."""
        return _check_sparse_solver(getattr(self, "solver", "auto"), "", raise_=False)

    def __sklearn_is_fitted__(self) -> bool:
        return hasattr(self, "coef_")

    def _check_fitted(self) -> None:
        _check_is_fitted(self)

    def _record_features(self, X, n_features: int) -> None:
        _record_features(self, X, n_features)

    def _set_coef(self, y: np.ndarray, coef: np.ndarray, intercept: np.ndarray) -> bool:
        """Store the k fitted targets' ``coef`` (k, p) and ``intercept`` (k,) in
        scikit-learn's shapes for the y fitted: ``coef_`` (p,) and a scalar ``intercept_``
        for a 1-D y, ``coef_`` (p,) and ``intercept_`` (1,) for a y of shape (n, 1) (as
        scikit-learn ≥ 1.9), ``coef_`` (k, p) and ``intercept_`` (k,) otherwise. Returns
        whether a single target was fitted (then ``n_iter_``/``dual_gap_`` are scalars)."""
        single = y.ndim == 1 or coef.shape[0] == 1
        self.coef_ = coef[0] if single else coef
        self.intercept_ = intercept.dtype.type(intercept[0]) if y.ndim == 1 else intercept
        return single

    def predict(self, X: ArrayLike) -> np.ndarray:
        """Predictions X·w + b.

        Parameters
        ----------
        X : array_like or scipy.sparse matrix/array of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,) or (n_samples, n_targets)
            (n_samples, n_targets) after a fit to a 2-D y of several targets; float32 when
            both X and the model are float32, else float64.
        """
        self._check_fitted()
        a = _check_predict_X(self, X)
        if isinstance(a, SparseX):
            return a.matmul(self.coef_.T) + self.intercept_
        # In one layout whatever X's (column-major, the command line's and the solvers'): the
        # product sums in an order that depends on the layout, so a row-major X gave
        # predictions differing in the last bits from the same X column-major.
        return np.asfortranarray(a) @ self.coef_.T + self.intercept_

    def to_json(self, path: str | os.PathLike | None = None) -> str:
        """The fitted model as a swiftreg model file (JSON); also written to ``path`` if given.

        The file holds the estimator's class and parameters, the loss, penalty and
        hyperparameters, the feature names (``feature_names_in_``, else x0, x1, …), the
        coefficients and the intercept, and the fit's convergence report; its format is
        described in :doc:`/user_guide/model_files`. :meth:`from_json` reads it back, and
        the model it returns predicts bit for bit what this one does. Reading it needs only
        the standard library and NumPy.

        Parameters
        ----------
        path : str or path-like, optional
            Where to write the file (overwritten).

        Returns
        -------
        str
            The JSON text.
        """
        from .. import _model_file

        self._check_fitted()
        text = _model_file.dumps(_model_file.to_document(self))
        if path is not None:
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(text)
        return text

    @classmethod
    def from_json(cls, source: str | os.PathLike):
        """A fitted estimator read from a swiftreg model file (written by :meth:`to_json`,
        or by ``swiftreg fit --save``).

        Parameters
        ----------
        source : str or path-like
            The file's path, or its JSON text.

        Returns
        -------
        estimator
            An instance of the class named in the file (a class of
            ``swiftreg.linear_model``; calling ``from_json`` on a class checks that the file
            holds that class or a subclass of it), with its parameters and the fitted
            ``coef_``, ``intercept_``, ``n_features_in_`` (and ``feature_names_in_`` when
            the file's names are not x0, x1, …). A file written by the command line with
            ``--standardize`` or categorical columns gives the model on the original scale
            of its design (``features``), whose one-hot columns the caller builds.
        """
        from .. import _model_file
        from .. import linear_model

        doc = _model_file.read(source)
        name = doc.get("estimator")
        klass = getattr(linear_model, str(name), None)
        if not (isinstance(klass, type) and issubclass(klass, BaseLinearRegressor)):
            raise _model_file.ModelFileError(
                f"the model file's estimator {name!r} is not a class of swiftreg.linear_model"
            )
        if not issubclass(klass, cls):
            raise _model_file.ModelFileError(
                f"the model file holds a {name}, not a {cls.__name__}: "
                f"use {name}.from_json or swiftreg.linear_model.{name}"
            )
        params = {
            k: _model_file._decode(v)
            for k, v in doc.get("params", {}).items()
            if k in klass._param_names() and k not in doc.get("params_not_saved", ())
        }
        est = klass(**params)
        dtype = np.dtype(doc.get("dtype", "float64"))
        coef = _model_file._floats(doc["coef"], "coef").astype(dtype)
        est.coef_ = coef
        est.intercept_ = _model_file._floats(doc["intercept"], "intercept").astype(dtype)[()]
        est.n_features_in_ = coef.shape[-1]
        features = list(doc["features"])
        if features != [f"x{j}" for j in range(len(features))]:
            est.feature_names_in_ = np.asarray(features, dtype=object)
        for key, value in doc.get("hyperparameters", {}).items():
            if key.endswith("_") and value is not None:
                setattr(est, key, _model_file._float(value))
        fit = doc.get("fit", {})
        for key in ("converged", "dual_gap", "n_iter", "objective", "solver"):
            value = fit.get(key)
            if value is not None:
                numeric = key in ("dual_gap", "objective")
                setattr(est, key + "_", _model_file._float(value) if numeric else value)
        return est

    def score(self, X: ArrayLike, y: ArrayLike, sample_weight: ArrayLike | None = None) -> float:
        """Coefficient of determination R² = 1 − Σsᵢ(yᵢ − ŷᵢ)² / Σsᵢ(yᵢ − ȳ)², ȳ = Σsᵢyᵢ/S.

        1 is a perfect fit, 0 the constant prediction ȳ; it can be negative. Exactly
        scikit-learn's ``r2_score``: when y is constant (all yᵢ equal among the samples of
        non-zero weight, detected directly rather than from a rounded Σsᵢ(yᵢ − ȳ)²) the
        score is 1.0 for a perfect prediction and 0.0 otherwise; with fewer than two
        samples it is NaN, with an :class:`UndefinedMetricWarning`. With several targets,
        the mean of their R² (scikit-learn's ``multioutput="uniform_average"``).

        Parameters
        ----------
        X : array_like or scipy.sparse matrix/array of shape (n_samples, n_features)
        y : array_like of shape (n_samples,) or (n_samples, n_targets)
        sample_weight : array_like of shape (n_samples,), optional

        Returns
        -------
        float
        """
        pred = self.predict(X).astype(F64)
        n = pred.shape[0]
        t = _check_y(y, n, F64, type(self).__name__, multi_output=True).reshape(n, -1)
        pred = pred.reshape(n, -1)
        if t.shape[1] != pred.shape[1]:
            raise ValueError(
                f"y_true and y_pred have different number of output ({t.shape[1]}!={pred.shape[1]})"
            )
        s = _check_sample_weight(sample_weight, n, F64)
        s = np.ones(n) if s is None else s
        num = np.dot(s, (t - pred) ** 2)
        mean = np.dot(s, t) / s.sum()
        den = np.dot(s, (t - mean) ** 2)
        live = t[s > 0]
        constant = (live == live[0]).all(axis=0)
        return self._r2_from_sums(t.shape[0], num, den, constant)

    @staticmethod
    def _r2_from_sums(n_samples: int, numerator, denominator, constant) -> float:
        """R² from its sums, scikit-learn's ``r2_score`` (``force_finite=True``, the
        uniform average over outputs): 1 − numerator/denominator, except 1.0 (perfect
        prediction) or 0.0 where the target is ``constant`` or the denominator is 0, and
        NaN with a warning for fewer than two samples."""
        if n_samples < 2:
            warnings.warn(
                "R^2 score is not well-defined with less than two samples.",
                _interop(UndefinedMetricWarning),
                stacklevel=3,
            )
            return float("nan")
        num = np.atleast_1d(np.asarray(numerator, dtype=F64))
        den = np.atleast_1d(np.asarray(denominator, dtype=F64))
        flat = np.atleast_1d(np.asarray(constant, dtype=bool)) | (den == 0.0)
        scores = np.where(num == 0.0, 1.0, 0.0)
        scores[~flat] = 1.0 - num[~flat] / den[~flat]
        return float(scores.mean())


def _same(a, b) -> bool:
    if a is b:
        return True
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return False
    try:
        return bool(a == b) and type(a) is type(b)
    except Exception:
        return False
