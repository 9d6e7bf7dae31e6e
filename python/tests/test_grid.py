"""RegularizedRegressor on the loss × penalty grid, against the cvxpy + Clarabel reference.

Rows: squared, absolute, quantile (τ = 0.2, 0.8) and Huber (δ = 1) losses; columns: no
penalty, L1, L2 and elastic net (l1_ratio 0.5). Each cell runs eight variants of a 2^(4-1)
design over (intercept, sample weights with zeros and non-integers, penalty factors with a
0 and a 2.5 and distinct L2 factors, bounds [−0.1, 0.3] on one feature and ≥ 0 on
another); see reference.grid_cases/grid_problem. A few extra cases cover positive=True,
scalar bounds and the default l2_penalty_factor (= penalty_factor).

Each fit (tol=1e-10) must reach the reference's objective to 1e-8 relative (it may be
slightly lower than Clarabel's), report objective_ as the objective of its own coef_ and
intercept_ (1e-12), a certified gap 0 ≤ dual_gap_ ≤ gap_tol_, converged_, and satisfy the
bounds exactly.

The module skips while swiftreg.linear_model.RegularizedRegressor does not exist, and when
cvxpy/Clarabel are not installed.
"""
from __future__ import annotations

import functools

import numpy as np
import pytest

pytest.importorskip("cvxpy")
pytest.importorskip("clarabel")
lm = pytest.importorskip("swiftreg.linear_model")
if not hasattr(lm, "RegularizedRegressor"):
    pytest.skip("swiftreg.linear_model.RegularizedRegressor does not exist yet",
                allow_module_level=True)
RegularizedRegressor = lm.RegularizedRegressor

from reference import (  # noqa: E402
    bounds, full_options, grid_cases, grid_problem, objective, reference_fit,
)

FIT = dict(tol=1e-10, max_iter=100_000)
OBJ_RTOL = 1e-8     # against the reference
SELF_RTOL = 1e-12   # objective_ against objective(coef_, intercept_)


def extra_cases():
    """(id, X, y, options): positive=True, scalar bounds, and penalty_factor alone."""
    out = []
    base = {c[0]: c for c in grid_cases()}
    for loss, params in (("l2", {}), ("l1", {}), ("quantile", {"quantile": 0.2}),
                         ("quantile", {"quantile": 0.8}), ("huber", {"delta": 1.0})):
        tag = f"{loss}{'-' + '-'.join(f'{k}{v}' for k, v in params.items()) if params else ''}"
        for penalty, what in (("l1", "positive"), ("elasticnet", "scalar_bounds"),
                              ("l2", "f_only"), ("elasticnet", "f_only")):
            src = base[f"{tag}-{penalty}-iw"]
            cid = f"{tag}-{penalty}-iw-{what}"
            out.append((cid, src, what))
    return out


def _extra_problem(src, what):
    X, y, opts = grid_problem(src)
    p = X.shape[1]
    if what == "positive":
        opts["positive"] = True
    elif what == "scalar_bounds":
        opts["lower_bounds"], opts["upper_bounds"] = -0.5, 1.0
    else:
        f = np.ones(p)
        f[2], f[3] = 0.0, 2.5
        opts["penalty_factor"] = f  # l2_penalty_factor defaults to it
    return X, y, opts


GRID = {c[0]: ("grid", c) for c in grid_cases()}
EXTRA = {cid: ("extra", (src, what)) for cid, src, what in extra_cases()}
ALL = {**GRID, **EXTRA}


@functools.lru_cache(maxsize=None)
def problem(cid):
    kind, spec = ALL[cid]
    X, y, opts = grid_problem(spec) if kind == "grid" else _extra_problem(*spec)
    return X, y, opts, reference_fit(X, y, **opts)


def check_fit(cid):
    X, y, opts, (ref_coef, ref_b, ref_obj) = problem(cid)
    est_opts = {k: v for k, v in opts.items() if k != "sample_weight"}
    est = RegularizedRegressor(**est_opts, **FIT)
    assert est.fit(X, y, sample_weight=opts.get("sample_weight")) is est
    p = X.shape[1]
    coef = np.asarray(est.coef_)
    assert coef.shape == (p,)
    intercept = float(est.intercept_)
    if not opts["fit_intercept"]:
        assert intercept == 0.0
    obj = float(est.objective_)

    # the reference's minimum (swiftreg may be a little lower than Clarabel's)
    assert obj <= ref_obj * (1 + OBJ_RTOL) + 1e-12, (obj, ref_obj)
    assert obj >= ref_obj * (1 - OBJ_RTOL) - 1e-12, (obj, ref_obj)
    # objective_ is the objective of the returned point
    own = objective(X, y, coef, intercept, **full_options(opts))
    assert abs(obj - own) <= SELF_RTOL * abs(own), (obj, own)
    # a certified stop
    assert isinstance(est.converged_, (bool, np.bool_)) and bool(est.converged_)
    assert 0.0 <= float(est.dual_gap_) <= float(est.gap_tol_), (est.dual_gap_, est.gap_tol_)
    assert isinstance(est.solver_, str) and est.solver_
    assert int(est.n_iter_) >= 0
    # bounds hold exactly
    lo, hi = bounds(p, opts.get("lower_bounds"), opts.get("upper_bounds"),
                    opts.get("positive", False))
    assert np.all(lo <= coef) and np.all(coef <= hi), (coef, lo, hi)


@pytest.mark.parametrize("cid", list(GRID))
def test_grid(cid):
    check_fit(cid)


@pytest.mark.parametrize("cid", list(EXTRA))
def test_grid_extra(cid):
    check_fit(cid)
