"""Concurrency and determinism: many Python threads at once (the GIL is released during
calls), and reductions bit-identical for any internal thread count."""
from __future__ import annotations

import random
import threading

import numpy as np
import pytest

import swiftreg


def work_items(rng, dtype, n, all_weighted=True):
    """(label, call) for every function family, on read-only shared inputs. Each call builds
    its own output, so threads share inputs only. With all_weighted=False only the "mean"
    reduction is also run with weights (weighted kernels are much slower; keeps this fast)."""
    yt = rng.standard_normal(n).astype(dtype)
    yp = np.round(rng.standard_normal(n) * 2, 1).astype(dtype)
    sw = rng.uniform(0, 2, n).astype(dtype)
    for a in (yt, yp, sw):
        a.flags.writeable = False
    items = []
    for kind in ("l1", "l2", "huber"):
        kw = {"delta": 0.7} if kind == "huber" else {}
        for red in ("sum", "mean", "none"):
            for s in ((None, sw) if all_weighted else ((None, sw) if red == "mean" else (None,))):
                items.append((f"{kind}_loss/{red}/{s is None}",
                              lambda f=getattr(swiftreg, f"{kind}_loss"), r=red, s=s, kw=kw:
                              f(yt, yp, sample_weight=s, reduction=r, **kw)))
                items.append((f"{kind}_grad/{red}/{s is None}",
                              lambda f=getattr(swiftreg, f"{kind}_loss_grad"), r=red, s=s, kw=kw:
                              f(yt, yp, sample_weight=s, reduction=r, out=np.empty(n, dtype), **kw)))
                items.append((f"{kind}_both/{red}/{s is None}",
                              lambda f=getattr(swiftreg, f"{kind}_loss_value_and_grad"), r=red, s=s,
                              kw=kw: f(yt, yp, sample_weight=s, reduction=r, **kw)))
    items += [
        ("l1_penalty", lambda: swiftreg.l1_penalty(yt, 0.3)),
        ("l2_penalty", lambda: swiftreg.l2_penalty(yt, 0.3)),
        ("en_penalty", lambda: swiftreg.elastic_net_penalty(yt, 0.3, 0.2)),
        ("l1_penalty_grad", lambda: swiftreg.l1_penalty_grad(yp, 0.3)),
        ("l2_penalty_grad", lambda: swiftreg.l2_penalty_grad(yt, 0.3)),
        ("en_penalty_grad", lambda: swiftreg.elastic_net_penalty_grad(yp, 0.3, 0.2)),
        ("l1_prox", lambda: swiftreg.l1_prox(yt, 0.3, 0.5)),
        ("l2_prox", lambda: swiftreg.l2_prox(yt, 0.3, 0.5, out=np.empty(n, dtype))),
        ("en_prox", lambda: swiftreg.elastic_net_prox(yt, 0.3, 0.2, 0.5)),
        ("subgradient", lambda: swiftreg.subgradient_step(yt, yp, 0.1, l1=0.2, l2=0.1)),
        ("proximal", lambda: swiftreg.proximal_step(yt, yp, 0.1, l1=0.2, l2=0.1)),
    ]
    return items


def same_bits(a, b):
    if isinstance(a, tuple):
        return len(a) == len(b) and all(same_bits(x, y) for x, y in zip(a, b))
    a, b = np.asarray(a), np.asarray(b)
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


@pytest.mark.parametrize("n", [1000, 150_000])
def test_many_python_threads_match_serial(n):
    rng = np.random.default_rng(7)
    small = n < 10_000
    items = work_items(rng, np.float64, n, small) + work_items(rng, np.float32, n, small)
    expected = {label + str(i): call() for i, (label, call) in enumerate(items)}
    n_threads = 8
    rounds = 3 if small else 1
    barrier = threading.Barrier(n_threads)
    mismatches, errors = [], []

    def worker(seed):
        order = list(enumerate(items)) * rounds
        random.Random(seed).shuffle(order)
        try:
            barrier.wait()
            for i, (label, call) in order:
                if not same_bits(call(), expected[label + str(i)]):
                    mismatches.append(label)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(repr(exc))

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(n_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert not mismatches, sorted(set(mismatches))


def test_error_messages_are_per_thread():
    """Each thread's failure reports its own argument (sr_last_error is thread-local)."""
    cases = [
        ("lam", lambda: swiftreg.l1_prox([1.0], -1.0)),
        ("step", lambda: swiftreg.l2_prox([1.0], 1.0, 0.0)),
        ("sample_weight", lambda: swiftreg.l1_loss([1.0], [2.0], sample_weight=[-1.0])),
        ("delta", lambda: swiftreg.huber_loss([1.0], [2.0], delta=-1.0)),
        ("lr", lambda: swiftreg.subgradient_step([1.0], [1.0], 0.0)),
        ("l1", lambda: swiftreg.proximal_step([1.0], [1.0], 0.1, l1=-1.0)),
        ("l2", lambda: swiftreg.elastic_net_penalty([1.0], 1.0, float("nan"))),
        (None, lambda: swiftreg.l1_prox(np.ones(50_000), 0.5)),  # successes in between
    ]
    n_threads = 8
    barrier = threading.Barrier(n_threads)
    wrong = []

    def worker(k):
        barrier.wait()
        for _ in range(200):
            arg, call = cases[k % len(cases)]
            if arg is None:
                call()
                continue
            try:
                call()
                wrong.append((arg, "no error"))
            except swiftreg.SwiftRegError as exc:
                if not str(exc).startswith(arg + " "):
                    wrong.append((arg, str(exc)))

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(n_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not wrong, wrong[:5]


def test_set_and_get_num_threads(restore_threads):
    for n in (1, 2, 3, 7):
        swiftreg.set_num_threads(n)
        assert swiftreg.get_num_threads() == n
    with pytest.raises(ValueError):
        swiftreg.set_num_threads(0)
    with pytest.raises(ValueError):
        swiftreg.set_num_threads(-2)
    assert swiftreg.get_num_threads() == 7


def reductions(yt, yp, sw, w):
    out = []
    for kind in ("l1", "l2", "huber"):
        f = getattr(swiftreg, f"{kind}_loss")
        fb = getattr(swiftreg, f"{kind}_loss_value_and_grad")
        out.append(f(yt, yp, reduction="sum"))
        v, g = fb(yt, yp, reduction="mean")
        out += [v, g.tobytes()]
        v, g = fb(yt, yp, sample_weight=sw, reduction="mean")
        out += [v, g.tobytes()]
    out += [swiftreg.l1_penalty(w, 0.5), swiftreg.l2_penalty(w, 0.5),
            swiftreg.elastic_net_penalty(w, 0.5, 0.25),
            swiftreg.l1_prox(w, 0.5).tobytes(), swiftreg.proximal_step(w, yp, 0.1, l1=0.5).tobytes()]
    return out


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_reductions_bit_identical_for_any_thread_count(restore_threads, dtype):
    rng = np.random.default_rng(2024)
    n = 2**20 + 7  # above the library's parallel threshold (2^20), not a multiple of its blocks
    yt = (rng.standard_normal(n) * 10.0 ** rng.integers(-4, 4, n)).astype(dtype)
    yp = rng.standard_normal(n).astype(dtype)
    sw = rng.uniform(0, 3, n).astype(dtype)
    results = {}
    for t in (1, 2, 3):
        swiftreg.set_num_threads(t)
        results[t] = reductions(yt, yp, sw, yt)
    for t in (2, 3):
        for i, (a, b) in enumerate(zip(results[1], results[t])):
            if isinstance(a, float):
                assert np.float64(a).tobytes() == np.float64(b).tobytes(), (t, i, a, b)
            else:
                assert a == b, (t, i)
