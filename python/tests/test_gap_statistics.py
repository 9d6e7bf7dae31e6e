"""sr_enet_gap_f64: the duality gap from sufficient statistics equals the gap the fit reports."""
import ctypes
import warnings

import numpy as np
import pytest

from swiftreg import _bindings as b
from swiftreg.linear_model import ElasticNet


def _gap(X, y, sw, coef, alpha, l1_ratio, pf, positive, fit_intercept=True):
    S = sw.sum()
    xbar = sw @ X / S if fit_intercept else np.zeros(X.shape[1])
    ybar = sw @ y / S if fit_intercept else 0.0
    root = np.sqrt(sw)
    Xt = (X - xbar) * root[:, None]
    yt = (y - ybar) * root
    r = yt - Xt @ coef
    c, d = Xt.T @ r, (Xt * Xt).sum(axis=0)
    free = np.flatnonzero((pf == 0) & (d > 0))
    gram = np.asfortranarray(Xt.T @ Xt[:, free])
    q = Xt[:, free].T @ yt
    out = ctypes.c_double()
    arr = [np.ascontiguousarray(a, dtype=float) for a in (c, coef, d, pf, q)]
    status = b.sr_enet_gap_f64(arr[0].ctypes.data, arr[1].ctypes.data, len(coef), float(r @ r),
                               float(r @ yt), arr[2].ctypes.data, float(S), alpha, l1_ratio,
                               arr[3].ctypes.data, int(positive),
                               gram.ctypes.data if free.size else None, free.size,
                               arr[4].ctypes.data if free.size else None, ctypes.byref(out))
    return status, out.value


@pytest.mark.parametrize("positive", [False, True])
def test_gap_from_statistics_is_the_fits_gap(positive):
    rng = np.random.default_rng(4)
    X = rng.standard_normal((80, 7))
    y = X @ rng.standard_normal(7) + rng.standard_normal(80)
    sw = rng.uniform(0.5, 2, 80)
    pf = np.array([0, 1, 1, 2, 0, 1, 0.5])
    # A loose fit, so that the gap is far from 0 and the comparison means something.
    model = ElasticNet(alpha=0.2, l1_ratio=0.7, penalty_factor=pf, positive=positive, tol=1e-12,
                       max_iter=2, solver="fista")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # stopping early is the point
        model.fit(X, y, sample_weight=sw)
    status, gap = _gap(X, y, sw, model.coef_.astype(float), 0.2, 0.7, pf, positive)
    assert status == 0
    assert gap > 0
    assert gap == pytest.approx(model.dual_gap_, rel=1e-8)


def test_missing_unpenalised_statistics_are_an_error():
    c = np.zeros(2)
    out = ctypes.c_double()
    pf = np.array([0.0, 1.0])
    status = b.sr_enet_gap_f64(c.ctypes.data, c.ctypes.data, 2, 1.0, 1.0, np.ones(2).ctypes.data,
                               1.0, 1.0, 1.0, pf.ctypes.data, 0, None, 0, None, ctypes.byref(out))
    assert status == 1  # SR_ERR_NULL_POINTER naming unpenalised_gram
    assert b"unpenalised_gram" in b.sr_last_error()
