"""swiftreg.dask: chunked kernels and the distributed Lasso / ElasticNet.

Two kinds of test: fast unit tests on Dask's synchronous scheduler, and tests on a real
dask.distributed LocalCluster with 2 worker *processes* (each loads libswiftreg itself),
started and closed by a module-scoped fixture that also checks that no worker outlives it.
"""
from __future__ import annotations

import gc
import os
import subprocess
import sys
import time
import warnings

import numpy as np
import pytest

dask = pytest.importorskip("dask")
da = pytest.importorskip("dask.array")

import swiftreg  # noqa: E402
import swiftreg.dask as sd  # noqa: E402
from swiftreg import linear_model as lm  # noqa: E402


@pytest.fixture
def sync():
    with dask.config.set(scheduler="synchronous"):
        yield


@pytest.fixture(scope="module")
def client():
    distributed = pytest.importorskip("distributed")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # distributed's own start-up chatter
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                           dashboard_address=None, silence_logs=40)
    c = distributed.Client(cluster)
    pids = list(c.run(os.getpid).values())
    try:
        yield c
    finally:
        c.close()
        cluster.close()
        deadline = time.monotonic() + 10
        alive = pids
        while alive and time.monotonic() < deadline:
            alive = [p for p in pids if _alive(p)]
            time.sleep(0.05)
        assert not alive, f"LocalCluster worker processes still running: {alive}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is not running
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def _data(n=1000, seed=0, dtype=np.float64):
    rng = np.random.default_rng(seed)
    yt, yp = rng.standard_normal((2, n)).astype(dtype)
    sw = rng.random(n).astype(dtype)
    return yt, yp, sw


def _dask(*arrays, chunks=137):
    return [da.from_array(a, chunks=chunks) for a in arrays]


def _regression(n=600, p=12, seed=1):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p))
    X[:, 1] += 0.8 * X[:, 0]  # correlated columns
    X[:, 2] = 3.0 * X[:, 2] + 2.0  # a scaled, shifted column
    w = np.zeros(p)
    w[:5] = [3.0, -2.0, 1.0, 0.5, 4.0]
    y = X @ w + 1.5 + 0.5 * rng.standard_normal(n)
    return X, y, rng.random(n) + 0.5


def _rel(a, b):
    return np.linalg.norm(np.asarray(a) - np.asarray(b)) / max(np.linalg.norm(b), 1e-300)


LOSSES = ["l1_loss", "l2_loss", "huber_loss"]


# --------------------------------------------------------------------------------------
# Import hygiene
# --------------------------------------------------------------------------------------


def test_import_swiftreg_never_imports_dask():
    code = "import sys, swiftreg; assert 'dask' not in sys.modules, 'dask imported'; print('ok')"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ok"


def test_swiftreg_dask_without_dask_says_how_to_install():
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'dask' or name.startswith('dask.'):\n"
        "            raise ImportError('No module named ' + repr(name))\n"
        "sys.meta_path.insert(0, Block())\n"
        "try:\n"
        "    import swiftreg.dask\n"
        "except ImportError as e:\n"
        "    print(e)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "pip install swiftreg[dask]" in out.stdout


# --------------------------------------------------------------------------------------
# Kernels on the synchronous scheduler
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", LOSSES)
@pytest.mark.parametrize("reduction", ["sum", "mean", "none"])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_losses_match_in_memory(sync, name, reduction, weighted, dtype):
    yt, yp, sw = _data(dtype=dtype)
    a, b, s = _dask(yt, yp, sw)
    kw = {"sample_weight": sw if weighted else None, "reduction": reduction}
    dkw = {"sample_weight": s if weighted else None, "reduction": reduction}
    exact = reduction == "none"
    rtol = 1e-12 if dtype == np.float64 else 1e-6

    value = getattr(sd, name)(a, b, **dkw)
    assert isinstance(value, da.Array) and value.dtype == dtype
    ref = getattr(swiftreg, name)(yt, yp, **kw)
    got = value.compute()
    if exact:
        np.testing.assert_array_equal(got, ref)
    else:
        assert got.shape == () and np.isclose(float(got), ref, rtol=rtol, atol=0)

    # Gradients are bit-identical; a weighted "mean" divides by Σs summed in the fixed tree,
    # which may differ from the in-memory Σs in its last bit.
    same = np.testing.assert_array_equal
    if reduction == "mean" and weighted:
        def same(x, y):
            np.testing.assert_allclose(x, y, rtol=8 * np.finfo(dtype).eps, atol=0)
    grad = getattr(sd, name + "_grad")(a, b, **dkw)
    assert grad.chunks == a.chunks and grad.dtype == dtype
    same(grad.compute(), getattr(swiftreg, name + "_grad")(yt, yp, **kw))

    v2, g2 = getattr(sd, name + "_value_and_grad")(a, b, **dkw)
    rv, rg = getattr(swiftreg, name + "_value_and_grad")(yt, yp, **kw)
    v2, g2 = dask.compute(v2, g2)
    same(g2, rg)
    if exact:
        np.testing.assert_array_equal(v2, rv)
    else:
        assert np.isclose(float(v2), rv, rtol=rtol, atol=0)


def test_huber_delta_passes_through(sync):
    yt, yp, _ = _data()
    a, b = _dask(yt, yp)
    got = sd.huber_loss(a, b, delta=0.3).compute()
    assert np.isclose(got, swiftreg.huber_loss(yt, yp, delta=0.3), rtol=1e-13)
    with pytest.raises(ValueError, match="delta"):
        sd.huber_loss(a, b, delta=-1.0)  # checked when the graph is built


def test_penalties_proxes_steps_match_in_memory(sync):
    rng = np.random.default_rng(3)
    w, g = rng.standard_normal((2, 5, 40))
    dw, dg = da.from_array(w, chunks=(2, 15)), da.from_array(g, chunks=(3, 7))  # misaligned
    for name, args in [("l1_penalty", (0.7,)), ("l2_penalty", (0.7,)),
                       ("elastic_net_penalty", (0.3, 0.2))]:
        got = getattr(sd, name)(dw, *args).compute()
        assert np.isclose(got, getattr(swiftreg, name)(w, *args), rtol=1e-13)
    for name, args in [("l1_penalty_grad", (0.7,)), ("l2_penalty_grad", (0.7,)),
                       ("elastic_net_penalty_grad", (0.3, 0.2)), ("l1_prox", (0.5, 0.9)),
                       ("l2_prox", (0.5, 0.9)), ("elastic_net_prox", (0.5, 0.2, 0.9))]:
        got = getattr(sd, name)(dw, *args)
        assert got.chunks == dw.chunks
        np.testing.assert_array_equal(got.compute(), getattr(swiftreg, name)(w, *args))
    for name in ["subgradient_step", "proximal_step"]:
        got = getattr(sd, name)(dw, dg, 0.1, l1=0.4, l2=0.05)
        assert got.chunks == dw.chunks  # grad was rechunked to w's chunks
        np.testing.assert_array_equal(got.compute(),
                                      getattr(swiftreg, name)(w, g, 0.1, l1=0.4, l2=0.05))
    assert (sd.l1_prox(dw, 0.5).compute() == 0).any()  # exact zeros survive


def test_reductions_use_a_fixed_tree(sync):
    yt, yp, sw = _data(n=5000, seed=7)
    a, b, s = _dask(yt, yp, sw, chunks=(700,))
    # The tree by hand: per-chunk float64 sums, added pairwise by chunk index.
    parts = [swiftreg.l2_loss(yt[i:i + 700], yp[i:i + 700], sample_weight=sw[i:i + 700])
             for i in range(0, 5000, 700)]
    while len(parts) > 1:
        parts = [parts[i] + parts[i + 1] for i in range(0, len(parts) - 1, 2)] + \
                (parts[-1:] if len(parts) % 2 else [])
    lazy = sd.l2_loss(a, b, sample_weight=s)
    assert float(lazy.compute()) == parts[0]
    with dask.config.set(scheduler="threads", num_workers=4):
        for _ in range(5):
            assert float(lazy.compute()) == parts[0]
    assert float(sd.tree_sum(a).compute()) == float(sd.tree_sum(a).compute(scheduler="threads"))


def test_mismatched_chunks_are_rechunked(sync):
    yt, yp, sw = _data()
    a = da.from_array(yt, chunks=100)
    b = da.from_array(yp, chunks=333)
    s = da.from_array(sw, chunks=250)
    got = sd.l1_loss_grad(a, b, sample_weight=s, reduction="none")
    assert got.chunks == a.chunks
    np.testing.assert_array_equal(got.compute(), swiftreg.l1_loss_grad(yt, yp, sample_weight=sw,
                                                                        reduction="none"))


def test_kernel_errors_are_clear(sync):
    yt, yp, sw = _data()
    a, b = _dask(yt, yp)
    with pytest.raises(TypeError, match=r"y_pred must be a dask.array.Array, got numpy.ndarray.*"
                                        r"from_array"):
        sd.l2_loss(a, yp)
    with pytest.raises(TypeError, match="sample_weight must be a dask.array.Array"):
        sd.l2_loss(a, b, sample_weight=sw)
    with pytest.raises(ValueError, match=r"same shape, got \(1000,\) and \(999,\)"):
        sd.l2_loss(a, b[:999])
    with pytest.raises(ValueError, match="reduction must be"):
        sd.l2_loss_grad(a, b, reduction="max")
    with pytest.raises(ValueError, match="lam"):
        sd.l1_prox(a, -1.0)
    unknown = a[a > 0]  # NaN chunk sizes
    with pytest.raises(ValueError, match=r"unknown chunk sizes.*compute_chunk_sizes"):
        sd.l1_loss(unknown, unknown)
    with pytest.raises(TypeError, match="complex"):
        sd.l1_prox(da.from_array(np.ones(4, complex)), 1.0)
    # Data errors surface at compute time with the library's message.
    bad = da.from_array(-sw, chunks=137)
    with pytest.raises(swiftreg.SwiftRegError, match="sample_weight"):
        sd.l2_loss(a, b, sample_weight=bad).compute()


# --------------------------------------------------------------------------------------
# Estimators on the synchronous scheduler
# --------------------------------------------------------------------------------------

TIGHT = dict(tol=1e-12, max_iter=20000)


@pytest.mark.parametrize("case", ["lasso", "enet", "weighted", "no_intercept", "positive_pf",
                                  "unpenalised"])
def test_estimators_match_in_memory(sync, case):
    X, y, sw = _regression()
    dX, dy, ds = da.from_array(X, chunks=(130, 12)), da.from_array(y, chunks=130), \
        da.from_array(sw, chunks=130)
    fit_kw, kw = {}, {}
    if case == "lasso":
        mem, dist = lm.Lasso(alpha=0.05, **TIGHT), sd.Lasso(alpha=0.05, **TIGHT)
    elif case == "enet":
        mem, dist = (lm.ElasticNet(alpha=0.2, l1_ratio=0.6, **TIGHT),
                     sd.ElasticNet(alpha=0.2, l1_ratio=0.6, **TIGHT))
    elif case == "weighted":
        mem, dist = (lm.ElasticNet(alpha=0.1, l1_ratio=0.9, **TIGHT),
                     sd.ElasticNet(alpha=0.1, l1_ratio=0.9, **TIGHT))
        fit_kw, kw = {"sample_weight": sw}, {"sample_weight": ds}
    elif case == "no_intercept":
        mem, dist = (lm.Lasso(alpha=0.1, fit_intercept=False, **TIGHT),
                     sd.Lasso(alpha=0.1, fit_intercept=False, **TIGHT))
    elif case == "unpenalised":
        # Features with factor 0: the library's gap projects the dual point (a true bound).
        pf = np.ones(12)
        pf[[0, 3]] = 0.0
        mem = lm.ElasticNet(alpha=0.3, l1_ratio=0.8, penalty_factor=pf, **TIGHT)
        dist = sd.ElasticNet(alpha=0.3, l1_ratio=0.8, penalty_factor=pf, **TIGHT)
    else:
        pf = np.ones(12)
        pf[[0, 5]] = [0.0, 2.0]
        mem = lm.Lasso(alpha=0.2, positive=True, penalty_factor=pf, **TIGHT)
        dist = sd.Lasso(alpha=0.2, positive=True, penalty_factor=pf, **TIGHT)
    mem.fit(X, y, **fit_kw)
    dist.fit(dX, dy, **kw)
    assert _rel(dist.coef_, mem.coef_) < 1e-6
    assert abs(dist.intercept_ - mem.intercept_) < 1e-6 * max(1.0, abs(mem.intercept_))
    np.testing.assert_array_equal(dist.coef_ == 0, mem.coef_ == 0)  # the same exact zeros
    assert dist.coef_.dtype == np.float64 and dist.n_features_in_ == 12
    assert 0 < dist.n_iter_ <= TIGHT["max_iter"]
    assert dist.dual_gap_ >= 0
    s = np.ones_like(y) if "sample_weight" not in fit_kw else sw
    ybar = np.average(y, weights=s) if mem.fit_intercept else 0.0
    assert dist.dual_gap_ <= 1e-12 * np.dot(s, (y - ybar) ** 2) / s.sum()  # the same units
    # Unpenalised directions are pinned only quadratically by the gap: predictions to 1e-5.
    close = 1e-5 if case == "unpenalised" else 1e-6
    np.testing.assert_allclose(dist.predict(dX).compute(), mem.predict(X), rtol=close, atol=close)
    assert np.isclose(dist.score(dX, dy), mem.score(X, y), rtol=1e-6)


def test_default_tolerance_gives_the_same_objective(sync):
    X, y, _ = _regression(seed=5)
    mem = lm.Lasso(alpha=0.1).fit(X, y)
    dist = sd.Lasso(alpha=0.1).fit(da.from_array(X, chunks=(200, 12)), da.from_array(y, chunks=200))
    assert dist.dual_gap_ <= 1e-4 * np.var(y)

    def objective(m):
        r = y - X @ m.coef_ - m.intercept_
        return 0.5 * np.mean(r * r) + 0.1 * np.abs(m.coef_).sum()
    assert abs(objective(dist) - objective(mem)) <= 2e-4 * np.var(y)


def test_alpha_above_alpha_max_gives_zeros(sync):
    X, y, _ = _regression()
    alpha_max = np.max(np.abs((X - X.mean(0)).T @ (y - y.mean()))) / len(y)
    m = sd.Lasso(alpha=1.01 * alpha_max).fit(da.from_array(X, chunks=(200, 12)),
                                               da.from_array(y, chunks=200))
    assert (m.coef_ == 0).all() and np.isclose(m.intercept_, y.mean())
    assert m.n_iter_ == 1


def test_score_of_a_constant_target_as_in_memory(sync):
    X, y, _ = _regression()
    dX = da.from_array(X, chunks=(200, 12))
    m = sd.Lasso(alpha=0.1).fit(dX, da.from_array(y, chunks=200))
    c, sw = 2.240893199201458, np.tile([1.3, 1.7, 2.9], 200)
    dc, dsw = da.from_array(np.full(600, c), chunks=200), da.from_array(sw, chunks=200)
    assert m.score(dX, dc, sample_weight=dsw) == 0.0  # not the rounding of a tiny variance
    assert m.score(dX, dc, sample_weight=dsw) == m.score(X, np.full(600, c), sample_weight=sw)
    flat = sd.Lasso(alpha=1e6).fit(dX, da.from_array(y, chunks=200))
    b = float(flat.intercept_)
    assert flat.score(dX, da.from_array(np.full(600, b), chunks=200)) == 1.0


def test_warm_start_and_convergence_warning(sync):
    X, y, _ = _regression()
    dX, dy = da.from_array(X, chunks=(200, 12)), da.from_array(y, chunks=200)
    m = sd.Lasso(alpha=0.05, max_iter=2, tol=1e-14)
    with pytest.warns(lm.ConvergenceWarning, match=r"did not converge in max_iter=2.*dual_gap_"):
        m.fit(dX, dy)
    assert m.n_iter_ == 2
    m.set_params(max_iter=20000, tol=1e-10, warm_start=True).fit(dX, dy)
    cold = sd.Lasso(alpha=0.05, max_iter=20000, tol=1e-10).fit(dX, dy)
    assert _rel(m.coef_, cold.coef_) < 1e-5


def test_float32_data(sync):
    X, y, _ = _regression()
    X32, y32 = X.astype(np.float32), y.astype(np.float32)
    m = sd.Lasso(alpha=0.05).fit(da.from_array(X32, chunks=(200, 12)),
                                 da.from_array(y32, chunks=200))
    ref = lm.Lasso(alpha=0.05, tol=1e-10).fit(X, y)
    assert m.coef_.dtype == np.float32
    assert _rel(m.coef_, ref.coef_) < 1e-2


def test_estimator_errors_are_clear(sync):
    X, y, sw = _regression(n=300)
    dX, dy = da.from_array(X, chunks=(100, 12)), da.from_array(y, chunks=100)
    with pytest.raises(TypeError, match=r"X must be a dask.array.Array, got numpy.ndarray"):
        sd.Lasso().fit(X, dy)
    with pytest.raises(TypeError, match=r"y must be a dask.array.Array"):
        sd.Lasso().fit(dX, y)
    with pytest.raises(TypeError, match=r"sample_weight must be a dask.array.Array"):
        sd.Lasso().fit(dX, dy, sample_weight=sw)
    with pytest.raises(ValueError, match=r"inconsistent numbers of samples: \[300, 299\]"):
        sd.Lasso().fit(dX, dy[:299])
    with pytest.raises(ValueError, match="solver must be 'fista'"):
        sd.Lasso(solver="cd").fit(dX, dy)
    with pytest.raises(ValueError, match="alpha"):
        sd.Lasso(alpha=-1.0).fit(dX, dy)
    with pytest.raises(ValueError, match="unknown chunk sizes"):
        sd.Lasso().fit(dX[dy > 0], dy[dy > 0])
    bad = X.copy()
    bad[150, 3] = np.nan  # in the second row block
    with pytest.raises(ValueError, match=r"Input X contains NaN \(in row block 1\)"):
        sd.Lasso().fit(da.from_array(bad, chunks=(100, 12)), dy)
    with pytest.raises(ValueError, match="Negative values in sample_weight"):
        sd.Lasso().fit(dX, dy, sample_weight=da.from_array(-sw, chunks=100))


def test_column_chunks_and_misaligned_y_are_rechunked(sync):
    X, y, _ = _regression()
    ref = sd.Lasso(alpha=0.05, **TIGHT).fit(da.from_array(X, chunks=(150, 12)),
                                            da.from_array(y, chunks=150))
    other = sd.Lasso(alpha=0.05, **TIGHT).fit(da.from_array(X, chunks=(150, 5)),
                                              da.from_array(y, chunks=77))
    assert _rel(other.coef_, ref.coef_) < 1e-9


# --------------------------------------------------------------------------------------
# A real LocalCluster: 2 worker processes
# --------------------------------------------------------------------------------------


def test_cluster_workers_are_separate_processes_with_the_library(client):
    info = client.run(lambda: (os.getpid(), __import__("swiftreg").library_path()))
    assert len(info) == 2
    pids = {pid for pid, _ in info.values()}
    assert len(pids) == 2 and os.getpid() not in pids
    assert all(path for _, path in info.values())


def test_cluster_kernels_match_synchronous(client):
    yt, yp, sw = _data(n=20000, seed=11)
    a, b, s = _dask(yt, yp, sw, chunks=(2500,))
    v, g = sd.huber_loss_value_and_grad(a, b, sample_weight=s, reduction="mean", delta=0.5)
    cv, cg = client.compute([v, g], sync=True)
    with dask.config.set(scheduler="synchronous"):
        sv, sg = dask.compute(v, g)
    assert float(cv) == float(sv)  # the fixed tree: the same bits wherever chunks ran
    np.testing.assert_array_equal(cg, sg)
    np.testing.assert_allclose(
        cg, swiftreg.huber_loss_grad(yt, yp, sample_weight=sw, reduction="mean", delta=0.5),
        rtol=1e-15, atol=0)
    p = client.compute(sd.proximal_step(a, b, 0.1, l1=0.5), sync=True)
    np.testing.assert_array_equal(p, swiftreg.proximal_step(yt, yp, 0.1, l1=0.5))


def test_cluster_lasso_and_enet_match_in_memory(client):
    rng = np.random.default_rng(2)
    X = rng.standard_normal((4000, 20)) + 1.0
    y = X[:, :6] @ np.array([3.0, -2.0, 1.0, 0.5, 4.0, -1.0]) + 2.0 + rng.standard_normal(4000)
    sw = rng.random(4000) + 0.5
    dX = da.from_array(X, chunks=(1000, 20))
    dy, ds = da.from_array(y, chunks=1000), da.from_array(sw, chunks=1000)
    mem = lm.Lasso(alpha=0.05, **TIGHT).fit(X, y)
    dist = sd.Lasso(alpha=0.05, **TIGHT).fit(dX, dy)
    assert _rel(dist.coef_, mem.coef_) < 1e-6
    assert abs(dist.intercept_ - mem.intercept_) < 1e-6 * abs(mem.intercept_)
    mem = lm.ElasticNet(alpha=0.1, l1_ratio=0.5, **TIGHT).fit(X, y, sample_weight=sw)
    dist = sd.ElasticNet(alpha=0.1, l1_ratio=0.5, **TIGHT).fit(dX, dy, sample_weight=ds)
    assert _rel(dist.coef_, mem.coef_) < 1e-6
    # Nothing of the fit stays on the cluster (futures are released once collected).
    del dX, dy, ds
    gc.collect()
    deadline = time.monotonic() + 5
    while sum(len(v) for v in client.has_what().values()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert client.has_what() == {w: () for w in client.has_what()}


def test_cluster_errors_from_workers(client):
    X, y, _ = _regression(n=400)
    bad = X.copy()
    bad[399, 0] = np.inf
    with pytest.raises(ValueError, match=r"Input X contains infinity.*row block 3"):
        sd.Lasso().fit(da.from_array(bad, chunks=(100, 12)), da.from_array(y, chunks=100))
