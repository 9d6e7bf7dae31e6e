"""Running out of memory or threads: a clean MemoryError or a correct result, never an abort or a hang.

Each case runs in a child process that builds its data, copies every array it passes, then
lowers its address-space limit (``RLIMIT_AS``) to its current size (VmSize) plus some
headroom and makes one call. The child reports whether the call returned or raised
MemoryError; it then raises the limit again, checks that the caller's arrays are unchanged
and that a returned result equals the same call made without a limit. The parent checks that
the child exited normally (not killed by a signal, as a trap or abort would) within its
timeout (a thread that cannot be created must not make a call wait forever).
"""

import json
import os
import subprocess
import sys
import textwrap

import pytest

TIMEOUT = 120

PRELUDE = """
import json, resource, sys
import numpy as np
import scipy.sparse as sp
import swiftreg
from swiftreg.linear_model import Lasso, LassoCV, LADRegression, HuberRegressor, QuantileRegressor, lasso_path, enet_path

np.ones((64, 64)) @ np.ones((64, 64))  # OpenBLAS allocates its buffers now
np.ones((1000, 64)) @ np.ones(64)  # (matrix-vector products too: NumPy 2.4's OpenBLAS)

def vm_size():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmSize")

def snapshot(arrays):
    return [a.copy() for a in arrays]

def same(a, b):
    if sp.issparse(a):
        return same(a.data, b.data) and same(a.indices, b.indices) and same(a.indptr, b.indptr)
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()

def flat(result):
    if isinstance(result, (tuple, list)):
        return [x for r in result for x in flat(r)]
    if hasattr(result, "coef_"):
        return [np.asarray(result.coef_), np.asarray(result.intercept_)]
    return [np.asarray(result)]

def run(call, arrays, headroom):
    before = snapshot(arrays)
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (vm_size() + headroom, hard))
    outcome, result = "ok", None
    try:
        result = call()
    except MemoryError:
        outcome = "MemoryError"
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
    unchanged = all(same(a, b) for a, b in zip(arrays, before))
    agrees = None
    if outcome == "ok" and result is not None:
        expected = flat(call())
        got = flat(result)
        agrees = len(got) == len(expected) and all(
            g.shape == e.shape and np.array_equal(g, e, equal_nan=True) for g, e in zip(got, expected))
    print(json.dumps({"outcome": outcome, "unchanged": unchanged, "agrees": agrees}))
"""


def child(body: str) -> list[dict]:
    """Runs PRELUDE + body in a fresh interpreter; returns the reports of its run() calls."""
    code = PRELUDE + textwrap.dedent(body)
    # OpenBLAS (NumPy's BLAS) exits the process when its own buffers cannot be allocated: one
    # BLAS thread, whose buffers the prelude's warm-up allocates before any limit is set.
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=TIMEOUT, env=env
    )
    assert proc.returncode == 0, (
        f"child exited with {proc.returncode} (negative: killed by a signal)\n{proc.stderr[-3000:]}"
    )
    reports = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    assert reports, proc.stdout + proc.stderr
    for r in reports:
        assert r["unchanged"], f"an input array changed: {r}"
        assert r["agrees"] in (None, True), (
            f"a result under the limit differs from the unlimited one: {r}"
        )
    return reports


MiB = 1 << 20
HEADROOMS = [0, 1 * MiB, 8 * MiB, 64 * MiB]


def test_huge_path_output_is_memory_error():
    # 2 x 50000 float32 with 100000 alphas: the float32 output (20 GB, allocated lazily by
    # NumPy) fits under the limit; the path's working copy in float64 (40 GB) does not.
    (r,) = child("""
        rng = np.random.default_rng(0)
        X = rng.standard_normal((2, 50000)).astype(np.float32)
        y = np.array([1.0, -1.0], dtype=np.float32)
        run(lambda: lasso_path(X, y, n_alphas=100000), [X, y], 24 << 30)
    """)
    assert r["outcome"] == "MemoryError"


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_paths_under_address_space_limits(dtype):
    reports = child(f"""
        rng = np.random.default_rng(1)
        X = np.asfortranarray(rng.standard_normal((2000, 200)).astype("{dtype}"))
        y = (X[:, :5].sum(axis=1) + rng.standard_normal(2000)).astype("{dtype}")
        for h in {HEADROOMS}:
            run(lambda: lasso_path(X, y, n_alphas=20), [X, y], h)
            run(lambda: enet_path(X, y, l1_ratio=0.5, n_alphas=10, precompute=True), [X, y], h)
    """)
    assert any(r["outcome"] == "MemoryError" for r in reports)
    assert any(r["outcome"] == "ok" for r in reports)


def test_estimators_dense_and_sparse_under_address_space_limits():
    # Not at 0 bytes of headroom: there glibc once aborted a helper thread ("cannot allocate
    # memory for thread-local data") whose first use of a shared object's thread-local
    # storage could not be allocated, an abort outside the library's control.
    reports = child(f"""
        rng = np.random.default_rng(2)
        X = rng.standard_normal((1000, 20))
        X[rng.random(X.shape) < 0.7] = 0
        y = X[:, :3].sum(axis=1) + rng.standard_normal(1000)
        Xs = sp.csc_matrix(X)
        w = rng.random(1000) + 0.5
        for h in {HEADROOMS[1:]}:
            for data in (X, Xs):
                run(lambda: Lasso(alpha=0.01).fit(data, y, sample_weight=w), [X, Xs, y, w], h)
                run(lambda: HuberRegressor(alpha=0.01, max_iter=200).fit(data, y), [X, Xs, y], h)
                run(lambda: QuantileRegressor(quantile=0.3, alpha=0.01).fit(data, y), [X, Xs, y], h)
                run(lambda: LassoCV(cv=3, n_alphas=5).fit(data, y), [X, Xs, y], h)
    """)
    assert any(r["outcome"] == "ok" for r in reports)


def test_lad_on_two_million_rows_under_a_limit():
    reports = child("""
        rng = np.random.default_rng(3)
        X = rng.standard_normal((2_000_000, 2))
        y = X @ np.array([1.0, -2.0]) + rng.laplace(size=2_000_000)
        for h in (16 << 20, 64 << 20):
            run(lambda: LADRegression(alpha=0).fit(X, y), [X, y], h)
    """)
    assert reports[0]["outcome"] == "MemoryError"


def test_kernel_with_no_room_for_a_thread_runs_serially():
    # 2^21 elements: above the kernels' threading threshold. With 4 MiB of headroom no
    # thread stack can be mapped, so the sum runs on the caller: the same value.
    (r,) = child("""
        swiftreg.set_num_threads(2)
        rng = np.random.default_rng(4)
        a, b = rng.standard_normal(1 << 21), rng.standard_normal(1 << 21)
        run(lambda: np.array(swiftreg.l2_loss(a, b)), [a, b], 4 << 20)
    """)
    assert r["outcome"] == "ok" and r["agrees"]


def test_threaded_fit_with_little_headroom_finishes():
    # 400000 x 8: n·p above the fits' threading threshold, 8 MiB of headroom.
    reports = child("""
        swiftreg.set_num_threads(2)
        rng = np.random.default_rng(5)
        X = np.asfortranarray(rng.standard_normal((400_000, 8)))
        y = X @ np.arange(8.0) + rng.standard_normal(400_000)
        run(lambda: Lasso(alpha=0.01, precompute=False).fit(X, y), [X, y], 8 << 20)
        run(lambda: Lasso(alpha=0.01).fit(X, y), [X, y], 64 << 20)
    """)
    assert all(r["outcome"] in ("ok", "MemoryError") for r in reports)


def test_forked_child_makes_its_own_threads():
    # A child made by fork() has none of its parent's helper threads: its threaded calls make
    # their own (or run on the caller) and give the parent's bits.
    (r,) = child("""
        import os
        swiftreg.set_num_threads(2)
        a = np.random.default_rng(6).standard_normal(1 << 21)
        b = a[::-1].copy()
        v = swiftreg.l2_loss(a, b)
        pid = os.fork()
        if pid == 0:
            os._exit(0 if swiftreg.l2_loss(a, b) == v else 3)
        _, status = os.waitpid(pid, 0)
        print(json.dumps({"outcome": "ok", "unchanged": True,
                          "agrees": os.waitstatus_to_exitcode(status) == 0}))
    """)
    assert r["agrees"]
