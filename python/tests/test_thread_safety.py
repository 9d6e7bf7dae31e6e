"""Thread safety: many Python threads call every function family at once (the GIL is
released during each call) on shared read-only inputs with separate outputs, and every
result is bit-identical to the serial one; the thread-local error message (sr_last_error)
of one thread is never seen by another."""
from __future__ import annotations

import ctypes
import random
import threading
import warnings

import numpy as np
import pytest

import swiftreg
from swiftreg import _bindings as _b

N_THREADS = 8
ROUNDS = 3


def _items(n: int, dtype):
    rng = np.random.default_rng(1234 + n)
    yt = rng.standard_normal(n).astype(dtype)
    yp = np.round(rng.standard_normal(n) * 2, 1).astype(dtype)  # ties, exact zeros of r
    sw = rng.uniform(0, 2, n).astype(dtype)
    for a in (yt, yp, sw):
        a.flags.writeable = False
    items = []
    for kind in ("l1", "l2", "huber"):
        kw = {"delta": 0.7} if kind == "huber" else {}
        for red in ("sum", "mean", "none"):
            for s in (None, sw):
                w = "w" if s is not None else "-"
                items += [
                    (f"{kind}_loss/{red}/{w}", lambda f=getattr(swiftreg, f"{kind}_loss"), r=red, s=s, kw=kw:
                     f(yt, yp, sample_weight=s, reduction=r, **kw)),
                    (f"{kind}_loss_grad/{red}/{w}", lambda f=getattr(swiftreg, f"{kind}_loss_grad"), r=red, s=s, kw=kw:
                     f(yt, yp, sample_weight=s, reduction=r, out=np.empty(n, dtype), **kw)),
                    (f"{kind}_both/{red}/{w}", lambda f=getattr(swiftreg, f"{kind}_loss_value_and_grad"), r=red, s=s, kw=kw:
                     f(yt, yp, sample_weight=s, reduction=r, **kw)),
                ]
    items += [
        ("l1_penalty", lambda: swiftreg.l1_penalty(yt, 0.3)),
        ("l2_penalty", lambda: swiftreg.l2_penalty(yt, 0.3)),
        ("elastic_net_penalty", lambda: swiftreg.elastic_net_penalty(yt, 0.3, 0.2)),
        ("l1_penalty_grad", lambda: swiftreg.l1_penalty_grad(yp, 0.3)),
        ("l2_penalty_grad", lambda: swiftreg.l2_penalty_grad(yt, 0.3)),
        ("elastic_net_penalty_grad", lambda: swiftreg.elastic_net_penalty_grad(yp, 0.3, 0.2)),
        ("l1_prox", lambda: swiftreg.l1_prox(yt, 0.3, 0.5)),
        ("l2_prox", lambda: swiftreg.l2_prox(yt, 0.3, 0.5, out=np.empty(n, dtype))),
        ("elastic_net_prox", lambda: swiftreg.elastic_net_prox(yt, 0.3, 0.2, 0.5)),
        ("subgradient_step", lambda: swiftreg.subgradient_step(yt, yp, 0.1, l1=0.2, l2=0.1)),
        ("proximal_step", lambda: swiftreg.proximal_step(yt, yp, 0.1, l1=0.2, l2=0.1)),
    ]
    return items


def _model_items(dtype):
    lm = pytest.importorskip("swiftreg.linear_model")
    rng = np.random.default_rng(7)
    X = np.asfortranarray(rng.standard_normal((60, 8))).astype(dtype)
    y = (X @ rng.standard_normal(8) + 0.1 * rng.standard_normal(60)).astype(dtype)
    X.flags.writeable = False
    y.flags.writeable = False

    def fit(est):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            m = est.fit(X, y)
        return np.append(m.coef_, m.intercept_)

    return [
        ("Lasso", lambda: fit(lm.Lasso(alpha=0.05))),
        ("ElasticNet/random", lambda: fit(lm.ElasticNet(alpha=0.05, selection="random", random_state=1))),
        ("ElasticNet/fista", lambda: fit(lm.ElasticNet(alpha=0.05, solver="fista"))),
        ("Ridge", lambda: fit(lm.Ridge(alpha=1.0))),
        ("LAD", lambda: fit(lm.LADRegression(alpha=0.01))),
        ("enet_path", lambda: lm.enet_path(X, y, l1_ratio=0.5, n_alphas=5)[1]),
    ]


def _same(a, b) -> bool:
    """Bit-identical (NaN-aware, via the raw bytes), for floats, arrays and tuples."""
    if isinstance(a, tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    a, b = np.asarray(a), np.asarray(b)
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


def _run_concurrently(items):
    assert len({label for label, _ in items}) == len(items)
    serial = {label: fn() for label, fn in items}
    errors: list[str] = []
    start = threading.Barrier(N_THREADS)

    def worker(seed):
        order = list(items) * ROUNDS
        random.Random(seed).shuffle(order)
        start.wait()
        for label, fn in order:
            try:
                got = fn()
            except Exception as exc:  # pragma: no cover - reported below
                errors.append(f"{label}: {exc!r}")
                continue
            if not _same(got, serial[label]):
                errors.append(f"{label}: differs from the serial result")

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(N_THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[:10]


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("n", [0, 1, 37, 200_003])  # 200_003 also takes the library's own threads
def test_kernels_concurrent_equal_serial(dtype, n):
    items = _items(n, dtype)
    if n > 100_000:
        items = items[::3]  # keep the big case quick
    _run_concurrently(items)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_estimators_concurrent_equal_serial(dtype):
    _run_concurrently(_model_items(dtype))


def test_error_messages_are_per_thread_python():
    """Threads failing at the same time with different bad values each see their own message."""
    errors = []
    start = threading.Barrier(N_THREADS)

    def worker(i):
        bad = -(i + 1) * 1.5
        start.wait()
        for _ in range(300):
            try:
                swiftreg.l1_prox(np.ones(3), bad, 1.0)
            except swiftreg.SwiftRegError as exc:
                if repr(bad) not in str(exc) and f"{bad}" not in str(exc):
                    errors.append(f"thread {i} expected {bad} in {exc}")
            else:
                errors.append(f"thread {i}: no error")
            # successes in between must not disturb anything
            swiftreg.l1_prox(np.ones(3), 0.5, 1.0)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(N_THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[:5]


def test_last_error_per_thread_c_level():
    """At the C level: fail, wait until every thread has failed with its own value, then read
    sr_last_error() — each thread reads its own message; a thread that never failed reads ""."""
    v = np.ones(4)
    out = np.empty(4)
    k = N_THREADS
    failed = threading.Barrier(k + 1)
    results: dict[int, str] = {}

    def worker(i):
        status = _b.sr_l1_prox_f64(v.ctypes.data, 4, -float(i + 1) * 1000.0 - 0.25, 1.0, out.ctypes.data)
        assert status == 3
        failed.wait()  # every thread has now failed with a different lam
        results[i] = _b.sr_last_error().decode()
        ok = _b.sr_l1_prox_f64(v.ctypes.data, 4, 1.0, 1.0, out.ctypes.data)
        assert ok == 0
        # a success leaves the message (like errno)
        assert _b.sr_last_error().decode() == results[i]

    clean: list[str] = []

    def bystander():
        failed.wait()
        clean.append(_b.sr_last_error().decode())

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(k)]
    # the bystander takes the place of one party in the barrier: k workers + 1 bystander
    threads.append(threading.Thread(target=bystander))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert clean == [""]
    for i in range(k):
        assert "lam" in results[i], results[i]
        assert str(int((i + 1) * 1000)) in results[i], (i, results[i])
        for j in range(k):
            if j != i:
                assert f"{(j + 1) * 1000}" not in results[i]


def test_message_text_of_wide_values_is_bounded():
    """A very long message is cut at the buffer size, never overflowing it, in every thread."""
    msgs = []

    def worker():
        try:
            swiftreg.huber_loss(np.ones(2), np.ones(2), delta=-1e308)
        except swiftreg.SwiftRegError as exc:
            msgs.append(str(exc))

    threads = [threading.Thread(target=worker) for _ in range(N_THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(msgs) == N_THREADS and len(set(msgs)) == 1 and len(msgs[0]) < 512
