"""Data sets shipped with swiftreg (see ``swiftreg/data/README.md`` for sources)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

__all__ = ["load_diabetes"]

_DATA = Path(__file__).resolve().parent / "data"


def load_diabetes(*, standardize: bool = False) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """The diabetes data of Efron, Hastie, Johnstone & Tibshirani (2004, "Least Angle Regression").

    442 patients, 10 baseline variables and a measure of disease progression one year later.

    Parameters
    ----------
    standardize : bool, default False
        Centre each feature and scale it to unit standard deviation (population, ddof=0).
        The raw values are returned otherwise.

    Returns
    -------
    X : ndarray of shape (442, 10), float64
    y : ndarray of shape (442,), float64
    feature_names : list of str
        age, sex, bmi, bp, s1, s2, s3, s4, s5, s6.
    """
    path = _DATA / "diabetes.csv"
    with open(path, encoding="utf-8") as fh:
        header = fh.readline().strip().split(",")
    table = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float64)
    X, y = table[:, :-1].copy(), table[:, -1].copy()
    if standardize:
        X -= X.mean(axis=0)
        X /= X.std(axis=0)
    return X, y, header[:-1]
