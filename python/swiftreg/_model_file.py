"""Linear models as JSON files: the one reader and writer of the model file format.

Used by the estimators' ``to_json``/``from_json`` (``swiftreg.linear_model``) and by the
command line (``swiftreg fit/cv --save``, ``swiftreg predict``). Reading a file needs only
the standard library and NumPy (:func:`read` and :func:`predict` below).

The format (version 1)
----------------------

One JSON object (UTF-8, strict JSON: a non-finite number is written as the string
``"inf"``, ``"-inf"`` or ``"nan"``)::

    {
      "format": "swiftreg-linear-model",
      "format_version": 1,
      "swiftreg_version": "0.5.0",            # the version that wrote it
      "estimator": "RegularizedRegressor",     # the class in swiftreg.linear_model
      "params": {...},                         # the estimator's constructor parameters
      "loss": "l2", "penalty": "l1",           # the objective (see RegularizedRegressor)
      "hyperparameters": {"alpha": 5.0, "l1_ratio": 1.0, ...},
      "target": "y",                           # the target's name (or null)
      "columns": ["age", "sex", "city", ...],  # the input columns the model reads
      "features": ["age", "sex", "city=Oslo", ...],   # the design's columns, in coef's order
      "categorical": {"city": ["Oslo", "Paris", "Rome"]},   # one-hot encoded columns
      "standardization": null or {"mean": [...], "scale": [...]},
      "dtype": "float64",
      "coef": [...],                           # on the original scale of the features
      "intercept": 152.13,
      "fitted": {"coef": [...], "intercept": ...},   # only with a standardization
      "fit": {"converged": true, "dual_gap": 1e-9, "n_iter": 12, ...}
    }

How a file predicts, for a table with the named ``columns``:

1. The design: each name of ``features`` is either a column of the table (a number) or
   ``"COL=LEVEL"`` for a categorical column COL, 1.0 where COL equals LEVEL and 0.0
   elsewhere. ``categorical`` lists, for each such column, the levels seen at fit, sorted,
   each with its own column. A level not seen at fit is an error.
2. Without a standardization, ŷ = X·coef + intercept. With one, the fitted model's own
   arithmetic: Z = (X − mean)/scale column by column, ŷ = Z·fitted.coef + fitted.intercept
   (``coef``/``intercept`` are the same model on the original scale: coef = fitted.coef/scale,
   intercept = fitted.intercept − mean·coef, equal to ŷ up to rounding).

``coef`` is a list of n_features numbers (a list of lists, one per target, for a model of
several targets; ``intercept`` is then a list). Numbers are written with Python's ``repr``,
which reads back to the same float64 bits, so a saved model predicts bit for bit what the
estimator in memory did. Fields may be added in later versions of format 1; a reader
ignores the ones it does not know. A change that alters what a field means gets a new
``format_version``.
"""

from __future__ import annotations

import json
import math
import os
from typing import Any

import numpy as np

__all__ = ["FORMAT", "FORMAT_VERSION", "ModelFileError", "to_document", "dumps", "read", "predict"]

FORMAT = "swiftreg-linear-model"
FORMAT_VERSION = 1


class ModelFileError(ValueError):
    """A model file that cannot be read or applied (the message says why)."""


def _number(v: Any) -> Any:
    """A JSON value for v: finite floats as floats, non-finite ones as strings."""
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        f = float(v)
        if math.isfinite(f):
            return f
        return "nan" if math.isnan(f) else ("inf" if f > 0 else "-inf")
    return v


def _json_value(v: Any) -> Any:
    """v as JSON data (arrays and tuples as lists); None for what JSON cannot hold."""
    if v is None or isinstance(v, str):
        return v
    if isinstance(v, (bool, int, float, np.generic)):
        return _number(v)
    if isinstance(v, np.ndarray):
        return _json_value(v.tolist())
    if isinstance(v, (list, tuple)):
        return [_json_value(x) for x in v]
    if isinstance(v, dict):
        return {str(k): _json_value(x) for k, x in v.items()}
    raise TypeError(type(v).__name__)


def _decode(v: Any) -> Any:
    """JSON data back to Python values: the strings "inf", "-inf", "nan" to floats."""
    if isinstance(v, str) and v in ("inf", "-inf", "nan"):
        return float(v)
    if isinstance(v, list):
        return [_decode(x) for x in v]
    if isinstance(v, dict):
        return {k: _decode(x) for k, x in v.items()}
    return v


def _float(v: Any) -> float:
    if isinstance(v, str) and v in ("inf", "-inf", "nan"):
        return float(v)
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ModelFileError(f"expected a number, got {v!r}")
    return float(v)


def _floats(v: Any, name: str) -> np.ndarray:
    try:
        if isinstance(v, list) and v and isinstance(v[0], list):
            return np.array([[_float(x) for x in row] for row in v], dtype=np.float64)
        if isinstance(v, list):
            return np.array([_float(x) for x in v], dtype=np.float64)
        return np.asarray(_float(v), dtype=np.float64)
    except ModelFileError as exc:
        raise ModelFileError(f"model file field {name!r}: {exc}") from None


def to_document(
    est,
    *,
    features: list[str] | None = None,
    columns: list[str] | None = None,
    target: str | None = None,
    categorical: dict[str, list[str]] | None = None,
    standardization: dict[str, np.ndarray] | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The model file's content (a dict) for a fitted estimator.

    ``features`` names the design's columns (default: ``feature_names_in_`` or x0, x1, …);
    ``columns`` the input columns (default: ``features``); ``standardization`` the mean and
    scale the estimator's X was standardised with (the file then also holds the
    coefficients on the original scale)."""
    from ._version import __version__

    if not hasattr(est, "coef_"):
        raise ValueError(f"This {type(est).__name__} instance is not fitted yet: nothing to save")
    coef = np.asarray(est.coef_)
    intercept = np.asarray(est.intercept_)
    p = coef.shape[-1]
    if features is None:
        names = getattr(est, "feature_names_in_", None)
        features = [str(s) for s in names] if names is not None else [f"x{j}" for j in range(p)]
    if len(features) != p:
        raise ValueError(f"features has {len(features)} names for {p} coefficients")
    params: dict[str, Any] = {}
    unsaved = []
    for name, value in est.get_params().items():
        try:
            params[name] = _json_value(value)
        except TypeError:
            params[name] = None
            unsaved.append(name)
    loss = params.get("loss", _PRESET_LOSS.get(type(est).__name__))
    penalty = params.get("penalty", _PRESET_PENALTY.get(type(est).__name__))
    hyper = {}
    for name in ("alpha", "l1_ratio", "delta", "quantile", "epsilon"):
        if name in params and not isinstance(params[name], list):
            hyper[name] = params[name]
    for name in ("alpha_", "l1_ratio_", "alpha_min_", "alpha_1se_", "scale_"):
        if hasattr(est, name):
            hyper[name] = _number(getattr(est, name))
    doc: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "swiftreg_version": __version__,
        "estimator": type(est).__name__,
        "params": params,
        "loss": loss,
        "penalty": penalty,
        "hyperparameters": hyper,
        "target": target,
        "columns": list(columns if columns is not None else features),
        "features": list(features),
        "categorical": {k: list(v) for k, v in (categorical or {}).items()},
        "standardization": None,
        "dtype": str(coef.dtype),
    }
    if unsaved:
        doc["params_not_saved"] = unsaved
    if standardization is not None:
        mean = np.asarray(standardization["mean"], dtype=np.float64)
        scale = np.asarray(standardization["scale"], dtype=np.float64)
        orig = coef / scale
        doc["standardization"] = {"mean": _json_value(mean), "scale": _json_value(scale)}
        doc["coef"] = _json_value(orig)
        doc["intercept"] = _json_value(intercept - orig @ mean)
        doc["fitted"] = {"coef": _json_value(coef), "intercept": _json_value(intercept)}
    else:
        doc["coef"] = _json_value(coef)
        doc["intercept"] = _json_value(intercept)
    fit: dict[str, Any] = {}
    for name in ("converged_", "dual_gap_", "gap_tol_", "n_iter_", "objective_", "solver_"):
        if hasattr(est, name):
            try:
                fit[name.rstrip("_")] = _json_value(getattr(est, name))
            except TypeError:
                pass
    doc["fit"] = fit
    if extra:
        doc.update(_json_value(extra))
    return doc


_PRESET_LOSS = {
    "Lasso": "l2",
    "ElasticNet": "l2",
    "Ridge": "l2",
    "LassoCV": "l2",
    "ElasticNetCV": "l2",
    "LADRegression": "l1",
    "QuantileRegressor": "quantile",
    "HuberRegressor": "huber_scaled",
}
_PRESET_PENALTY = {
    "Lasso": "l1",
    "LassoCV": "l1",
    "ElasticNet": "elasticnet",
    "ElasticNetCV": "elasticnet",
    "Ridge": "l2",
    "LADRegression": "l1",
    "QuantileRegressor": "elasticnet",
    "HuberRegressor": "l2",
}


def dumps(doc: dict[str, Any]) -> str:
    """The file's text: strict JSON, two-space indented, ending with a newline."""
    return json.dumps(doc, indent=2, allow_nan=False, ensure_ascii=False) + "\n"


def read(source: str | os.PathLike | dict) -> dict[str, Any]:
    """A model file's content, checked: a path, JSON text, or an already parsed dict.

    Raises :class:`ModelFileError` for a file that is not a swiftreg model, a newer
    format version, or fields that do not agree (the coefficients against the features)."""
    if isinstance(source, dict):
        doc = source
        where = "model"
    else:
        text = os.fspath(source)
        if text.lstrip().startswith("{"):
            where = "model"
        else:
            where = text
            try:
                with open(text, encoding="utf-8") as fh:
                    text = fh.read()
            except FileNotFoundError:
                raise ModelFileError(f"{where}: no such file") from None
            except IsADirectoryError:
                raise ModelFileError(f"{where} is a folder, not a model file") from None
            except UnicodeDecodeError:
                raise ModelFileError(f"{where} is not a model file (not UTF-8 text)") from None
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ModelFileError(f"{where} is not a model file (not JSON: {exc})") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ModelFileError(
            f'{where} is not a swiftreg model file (no "format": "{FORMAT}" field)'
        )
    version = doc.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise ModelFileError(f"{where}: format_version must be a whole number >= 1")
    if version > FORMAT_VERSION:
        raise ModelFileError(
            f"{where} has format version {version}; this swiftreg reads version "
            f"{FORMAT_VERSION} and older: upgrade swiftreg"
        )
    for key in ("features", "coef", "intercept"):
        if key not in doc:
            raise ModelFileError(f"{where}: the field {key!r} is missing")
    features = doc["features"]
    if not isinstance(features, list) or not all(isinstance(f, str) for f in features):
        raise ModelFileError(f"{where}: 'features' must be a list of names")
    coef = _floats(doc["coef"], "coef")
    if coef.ndim == 0 or coef.shape[-1] != len(features):
        raise ModelFileError(
            f"{where}: 'coef' has {coef.shape[-1] if coef.ndim else 0} values per target "
            f"for {len(features)} features"
        )
    doc.setdefault("columns", list(features))
    doc.setdefault("categorical", {})
    doc.setdefault("standardization", None)
    return doc


def design(doc: dict[str, Any], table: dict[str, Any], n: int) -> np.ndarray:
    """The design matrix (n, n_features) of the model ``doc`` (from :func:`read`) for
    ``table``: a mapping from each of ``doc["columns"]`` to n values (numbers, or strings
    for a categorical column)."""
    cats = doc["categorical"]
    X = np.empty((n, len(doc["features"])), dtype=np.float64)
    for j, name in enumerate(doc["features"]):
        if name in table and name not in cats:
            X[:, j] = np.asarray(table[name], dtype=np.float64)
            continue
        col, sep, level = name.partition("=")
        if not sep or col not in cats:
            raise ModelFileError(f"the model's feature {name!r} is not in the data")
        X[:, j] = np.asarray(table[col], dtype=object) == level
    for col, levels in cats.items():
        values = np.asarray(table[col], dtype=object)
        unseen = sorted({str(v) for v in values} - {str(v) for v in levels})
        if unseen:
            shown = ", ".join(repr(v) for v in unseen[:5])
            raise ModelFileError(
                f"column {col!r} has value(s) the model never saw: {shown}"
                f"{' …' if len(unseen) > 5 else ''} (known: {', '.join(map(repr, levels))})"
            )
    return X


def predict(doc: dict[str, Any], X: np.ndarray) -> np.ndarray:
    """Predictions of the model ``doc`` (from :func:`read`) for its design matrix X
    (n, n_features), as the format states (see the module's docstring)."""
    X = np.asfortranarray(X)  # one layout, one summation order (as the estimators' predict)
    dtype = np.dtype(doc.get("dtype", "float64"))
    std = doc["standardization"]
    if std is not None:
        Z = (X - _floats(std["mean"], "mean")) / _floats(std["scale"], "scale")
        fitted = doc["fitted"]
        coef = _floats(fitted["coef"], "fitted.coef").astype(dtype)
        intercept = _floats(fitted["intercept"], "fitted.intercept").astype(dtype)
        return Z @ coef.T + intercept[()]
    coef = _floats(doc["coef"], "coef").astype(dtype)
    intercept = _floats(doc["intercept"], "intercept").astype(dtype)
    return X @ coef.T + intercept[()]
