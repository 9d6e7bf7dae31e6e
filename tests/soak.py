"""Long-running stability: many small kernel calls and many estimator fits in one process,
with the resident set size (from /proc/self/statm) sampled at intervals; after a warm-up
it must stay flat (growth below --max-growth-mb, default 5 MB).

    python tests/soak.py                 # 1,000,000 kernel calls + 10,000 fits (make soak)
    python tests/soak.py --quick         # 100,000 calls + 1,000 fits (a few tens of seconds)

Each call path includes failures too (bad hyperparameters -> SwiftRegError), which set the
per-thread error message, and calls from short-lived threads (each thread's message buffer
must be freed at thread exit).
"""
from __future__ import annotations

import argparse
import gc
import os
import sys
import threading
import time
import warnings

import numpy as np

import swiftreg

PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE / 2**20


def kernel_calls(rng):
    """The small calls, cycled: every family, both dtypes, and failing calls."""
    calls = []
    for dt in (np.float64, np.float32):
        yt = rng.standard_normal(10).astype(dt)
        yp = rng.standard_normal(10).astype(dt)
        sw = rng.uniform(0, 2, 10).astype(dt)
        out = np.empty(10, dt)
        calls += [
            lambda yt=yt, yp=yp: swiftreg.l1_loss(yt, yp),
            lambda yt=yt, yp=yp, sw=sw: swiftreg.l2_loss(yt, yp, sample_weight=sw, reduction="mean"),
            lambda yt=yt, yp=yp, out=out: swiftreg.huber_loss(yt, yp, reduction="none", out=out),
            lambda yt=yt, yp=yp: swiftreg.l1_loss_grad(yt, yp),
            lambda yt=yt, yp=yp, sw=sw: swiftreg.l2_loss_value_and_grad(yt, yp, sample_weight=sw),
            lambda yt=yt: swiftreg.l1_penalty(yt, 0.1),
            lambda yt=yt: swiftreg.elastic_net_penalty_grad(yt, 0.1, 0.2),
            lambda yt=yt, out=out: swiftreg.l1_prox(yt, 0.1, 0.5, out=out),
            lambda yt=yt: swiftreg.l2_prox(yt, 0.1, 0.5),
            lambda yt=yt, yp=yp: swiftreg.proximal_step(yt, yp, 0.1, l1=0.2),
            lambda yt=yt, yp=yp: swiftreg.subgradient_step(yt, yp, 0.1, l1=0.2, l2=0.1),
            lambda yt=yt.tolist(), yp=yp.tolist(): swiftreg.l1_loss(yt, yp),  # list conversion path
            lambda yt=yt[::-1], yp=yp[::-1]: swiftreg.l2_loss(yt, yp),         # copy path
        ]

    def failing():
        try:
            swiftreg.l1_prox(np.ones(4), -1.0, 1.0)
        except swiftreg.SwiftRegError:
            pass
        else:
            raise AssertionError("expected an error")

    calls.append(failing)
    return calls


def fits(rng):
    try:
        from swiftreg import linear_model as lm
    except ImportError:
        return []
    X = np.asfortranarray(rng.standard_normal((30, 5)))
    y = X @ rng.standard_normal(5) + 0.1 * rng.standard_normal(30)
    X32, y32 = X.astype(np.float32), y.astype(np.float32)
    return [
        lambda: lm.Lasso(alpha=0.05).fit(X, y),
        lambda: lm.ElasticNet(alpha=0.05, l1_ratio=0.5, selection="random", random_state=0).fit(X32, y32),
        lambda: lm.Ridge(alpha=1.0).fit(X, y),
        lambda: lm.LADRegression(alpha=0.01).fit(X, y),
        lambda: lm.ElasticNet(alpha=0.05, solver="fista").fit(X, y),
        lambda: lm.enet_path(X, y, n_alphas=5),
    ]


def run_phase(name, calls, total, samples, max_growth_mb, warmup_frac=0.1):
    """Runs `total` calls cycling through `calls`; returns (baseline, readings)."""
    if not calls:
        print(f"{name}: skipped (not available)")
        return True
    step = max(1, total // samples)
    warm = int(total * warmup_frac)
    readings = []
    baseline = None
    t0 = time.perf_counter()
    k = len(calls)
    for i in range(total):
        calls[i % k]()
        if i + 1 == warm:
            gc.collect()
            baseline = rss_mb()
        if (i + 1) % step == 0:
            readings.append((i + 1, rss_mb()))
    gc.collect()
    end = rss_mb()
    elapsed = time.perf_counter() - t0
    after = [r for n, r in readings if n > warm]
    growth = max(after + [end]) - baseline
    print(f"{name}: {total:,} calls in {elapsed:.1f} s ({total / elapsed:,.0f}/s); RSS after warm-up "
          f"{baseline:.1f} MB, max {max(after + [end]):.1f} MB, end {end:.1f} MB: growth {growth:+.2f} MB "
          f"(limit {max_growth_mb} MB)")
    print("  samples (calls: MB): " + ", ".join(f"{n:,}: {r:.1f}" for n, r in readings[:: max(1, len(readings) // 10)]))
    return growth < max_growth_mb


def thread_phase(calls, n_threads, per_thread):
    """Short-lived threads that fail and succeed: their error buffers must be released."""
    def work():
        for i in range(per_thread):
            calls[i % len(calls)]()

    for _ in range(n_threads):
        t = threading.Thread(target=work)
        t.start()
        t.join()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--calls", type=int, default=1_000_000)
    ap.add_argument("--fits", type=int, default=10_000)
    ap.add_argument("--threads", type=int, default=2_000, help="short-lived threads that fail a call")
    ap.add_argument("--quick", action="store_true", help="100,000 calls, 1,000 fits, 200 threads")
    ap.add_argument("--max-growth-mb", type=float, default=5.0)
    args = ap.parse_args(argv)
    if args.quick:
        args.calls, args.fits, args.threads = 100_000, 1_000, 200
    warnings.simplefilter("ignore")
    rng = np.random.default_rng(0)
    calls = kernel_calls(rng)
    print(f"soak: swiftreg {swiftreg.__version__} from {swiftreg.library_path()}; RSS at start {rss_mb():.1f} MB")
    ok = run_phase("kernel calls", calls, args.calls, 100, args.max_growth_mb)
    ok &= run_phase("estimator fits", fits(rng), args.fits, 50, args.max_growth_mb)
    # threads: warm up with a few, then measure
    thread_phase(calls, 20, 30)
    gc.collect()
    before = rss_mb()
    t0 = time.perf_counter()
    thread_phase(calls, args.threads, 30)
    gc.collect()
    growth = rss_mb() - before
    print(f"short-lived threads: {args.threads:,} threads x 30 calls in {time.perf_counter() - t0:.1f} s; "
          f"RSS {before:.1f} -> {rss_mb():.1f} MB: growth {growth:+.2f} MB")
    ok &= growth < args.max_growth_mb
    print("soak: PASS" if ok else "soak: FAIL (resident memory grew)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
