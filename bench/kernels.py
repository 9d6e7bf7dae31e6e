#!/usr/bin/env python3
"""Benchmark of every public swiftreg kernel against the best hand-written NumPy.

    python bench/kernels.py [--quick] [--sizes N ...] [--write | --no-write] [--output PATH]

(``make bench`` runs it with PYTHONPATH=python; the package loads the in-tree build for this CPU.)

In one run it

* measures memory bandwidth independently of swiftreg with ``bench/stream.c`` (compiled now
  with ``cc -O2 -fopenmp``; a read-only sum over 1e8 float64 and a large copy, best of N,
  with 1 thread and with every CPU), or with NumPy alone (one thread) when that cannot be built;
* times every public kernel for float64 and float32 at n = 10, 1e3, 1e5, 1e7 (median of
  interleaved batches after warm-up) next to the best NumPy expression of the same math with
  preallocated ``out=`` buffers, and checks both give the same answer (rtol 1e-10 float64,
  1e-5 float32; the run fails if swiftreg disagrees);
* reports thread scaling at 1e7, a scan of the parallel threshold (2^13 ... 2^21 elements,
  1 thread vs all), and whether the GIL is released (two Python threads vs one after the other);
* prints a verdict per speed target and writes everything as Markdown into the
  ``<!-- kernels:begin -->`` ... ``<!-- kernels:end -->`` section of BENCHMARKS.md (other
  sections of that file are left alone).

Ratios are NumPy time / swiftreg time: above 1 swiftreg is faster. GB/s counts the bytes a
kernel must read plus the bytes it must write, once each, divided by the swiftreg time.

OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE, if set, make NumPy's BLAS (np.dot) slower than a user
normally sees; they are removed from this process's environment before NumPy is loaded.
OPENBLAS_THREAD_TIMEOUT is set to 4 (unless already set): by default OpenBLAS's idle worker
threads spin for about 2^28 cycles (~0.1 s) after every np.dot, and in a benchmark that
alternates NumPy and swiftreg batches they took the cores from the swiftreg batch that
followed (measured on 1e7 float64: l2_loss 8.2 ms with spinning threads, 5.1 ms without;
np.dot itself 3.3 vs 3.0 ms, so NumPy is not slowed).
"""
from __future__ import annotations

import os
import sys

# --- environment: must happen before NumPy (and its OpenBLAS) is loaded --------------------
_BLAS_VARS = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
_UNSET_MARK = "_SWIFTREG_BENCH_UNSET"
_unset = [f"{k}={os.environ[k]}" for k in _BLAS_VARS if k in os.environ]
_set_timeout = "OPENBLAS_THREAD_TIMEOUT" not in os.environ
if _set_timeout:
    os.environ["OPENBLAS_THREAD_TIMEOUT"] = "4"  # idle BLAS threads sleep instead of spinning
if _unset or _set_timeout:
    for _k in _BLAS_VARS:
        os.environ.pop(_k, None)
    _prev = os.environ.get(_UNSET_MARK, "")
    os.environ[_UNSET_MARK] = ";".join(filter(None, [_prev] + _unset))
    if "numpy" in sys.modules:  # already loaded (e.g. by a sitecustomize): start over clean
        os.execv(sys.executable, [sys.executable] + sys.argv)
UNSET_BLAS_VARS = [v for v in os.environ.get(_UNSET_MARK, "").split(";") if v]

import argparse  # noqa: E402
import datetime  # noqa: E402
import math  # noqa: E402
import platform  # noqa: E402
import re  # noqa: E402
import shlex  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import _report  # noqa: E402  (bench/_report.py, beside this script)

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
try:
    import swiftreg as sr  # noqa: E402
except ImportError:  # run without the Makefile's PYTHONPATH
    sys.path.insert(0, str(ROOT / "python"))
    import swiftreg as sr  # noqa: E402

BEGIN, END = "<!-- kernels:begin -->", "<!-- kernels:end -->"
CPUS = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
RTOL = {np.dtype(np.float64): 1e-10, np.dtype(np.float32): 1e-5}
perf = time.perf_counter

# Hyperparameters used throughout (inputs are standard normal, so every branch is exercised).
DELTA, LAM, STEP, L1, L2, LR = 1.0, 0.5, 1.0, 0.5, 0.1, 0.1


# --- small helpers ----------------------------------------------------------------------------

def fmt_t(s: float) -> str:
    if s < 1e-3:
        return f"{s * 1e6:.2f} µs"
    if s < 1.0:
        return f"{s * 1e3:.3f} ms"
    return f"{s:.3f} s"


def fmt_n(n: int) -> str:
    if n >= 1000 and n == 10 ** round(math.log10(n)):
        return f"1e{round(math.log10(n))}"
    return str(n)


def parse_size(s: str) -> int:
    try:
        n = int(float(s))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {s!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"sizes must be >= 1, got {s!r}")
    return n


def batch_time(f, k: int) -> float:
    t0 = perf()
    for _ in range(k):
        f()
    return (perf() - t0) / k


def inner_count(f, target: float) -> int:
    """Calls per batch so a batch lasts about `target` seconds (f is already warm)."""
    t = batch_time(f, 1)
    if t < target / 4:
        t = batch_time(f, max(1, int(target / 4 / max(t, 1e-8))))
    return max(1, min(100_000, int(target / max(t, 1e-9))))


def median_pair(fa, fb, batches: int, target: float) -> tuple[float, float]:
    """Median per-call time of fa and of fb, batches interleaved so background load hits both."""
    for _ in range(2):
        fa()
        fb()
    ka, kb = inner_count(fa, target), inner_count(fb, target)
    ta, tb = [], []
    for _ in range(batches):
        ta.append(batch_time(fa, ka))
        tb.append(batch_time(fb, kb))
    return statistics.median(ta), statistics.median(tb)


def median_time(f, batches: int, target: float) -> float:
    f()
    f()
    k = inner_count(f, target)
    return statistics.median(batch_time(f, k) for _ in range(batches))


# --- memory bandwidth -------------------------------------------------------------------------

def measure_bandwidth(quick: bool) -> dict:
    n, reps = (20_000_000, 3) if quick else (100_000_000, 5)
    cc = os.environ.get("CC") or "cc"
    src = ROOT / "bench" / "stream.c"
    why = None
    if shutil.which(cc) is None:
        why = f"no C compiler ({cc})"
    else:
        with tempfile.TemporaryDirectory(prefix="swiftreg-stream-") as tmp:
            exe = Path(tmp) / "stream"
            build = subprocess.run([cc, "-O2", "-fopenmp", str(src), "-o", str(exe)],
                                   capture_output=True, text=True)
            if build.returncode != 0:
                why = f"`{cc} -O2 -fopenmp` failed: {build.stderr.strip().splitlines()[-1:]}"
            else:
                res = {"method": f"bench/stream.c (`{cc} -O2 -fopenmp`), {n:.0e} float64, best of {reps}",
                       "fallback": False, "n": n}
                for label, threads in (("1", 1), ("all", CPUS)):
                    env = dict(os.environ, OMP_NUM_THREADS=str(threads))
                    run = subprocess.run([str(exe), str(n), str(reps)], capture_output=True,
                                         text=True, env=env, timeout=300)
                    if run.returncode != 0:
                        why = f"stream failed: {run.stderr.strip()}"
                        break
                    vals = dict(line.split(None, 1) for line in run.stdout.splitlines() if line.strip())
                    res[f"read_{label}"] = float(vals["read_gbs"])
                    res[f"copy_{label}"] = float(vals["copy_gbs"])
                else:
                    return res
    # Fallback: NumPy only, one thread (np.sum is a SIMD pairwise sum; copyto is a memcpy).
    a = np.full(n, 0.5)
    b = np.empty(n // 2)
    read = min(batch_time(lambda: a.sum(), 1) for _ in range(reps + 1))
    copy = min(batch_time(lambda: np.copyto(b, a[: n // 2]), 1) for _ in range(reps + 1))
    del a, b
    r1, c1 = 8 * n / read / 1e9, 16 * (n // 2) / copy / 1e9
    return {"method": f"NumPy fallback ({why}): single-thread only; all-thread read = single-thread read",
            "fallback": True, "n": n, "read_1": r1, "copy_1": c1, "read_all": r1, "copy_all": c1}


def bw_warning(bw) -> str:
    if not bw["fallback"] and bw["read_all"] < bw["read_1"]:
        return ("the all-thread read bandwidth came out below the one-thread figure: the machine was "
                "busy, so the % of bandwidth column is inflated and thread speedups are understated.")
    return ""


# --- the kernels and their NumPy equivalents --------------------------------------------------

class Ctx:
    """Arrays for one (dtype, n): two inputs, separate outputs for swiftreg and NumPy, scratch."""

    def __init__(self, dtype, n: int, rng):
        self.dtype, self.n = np.dtype(dtype), n
        self.x = rng.standard_normal(n, dtype=np.float64).astype(dtype)  # y_true / grad
        self.y = rng.standard_normal(n, dtype=np.float64).astype(dtype)  # y_pred / w / v
        self.o_sr = np.zeros(n, dtype)
        self.o_np = np.zeros(n, dtype)
        self.b = np.zeros(n, dtype)
        self.c = np.zeros(n, dtype)


def kernel_table():
    """(name, NumPy passes over memory, elements read + written per element by swiftreg, the
    same for the NumPy expression (each array an operation reads or writes counts once; dot(b, b)
    reads b once), sr, numpy). NumPy's count over swiftreg's is the ratio the two would have
    if both ran at the same bandwidth: the memory-traffic bound of a row.

    sr(ctx) and numpy(ctx) return zero-argument callables; each callable returns its result
    (a float, an array, or a (float, array) pair)."""
    sub, absf, sign, clip, mul, add, dot = (np.subtract, np.abs, np.sign, np.clip, np.multiply,
                                            np.add, np.dot)
    t1 = LAM * STEP
    en_t, en_c = L1 * STEP, 1.0 / (1.0 + 2.0 * STEP * L2)
    l2_c = 1.0 / (1.0 + 2.0 * STEP * LAM)

    def np_l1(c):
        x, y, b = c.x, c.y, c.b
        def f():
            sub(y, x, out=b); absf(b, out=b)
            return float(b.sum())
        return f

    def np_l1_none(c):
        x, y, o = c.x, c.y, c.o_np
        def f():
            sub(y, x, out=o); absf(o, out=o)
            return o
        return f

    def np_l2(c):
        x, y, b = c.x, c.y, c.b
        def f():
            sub(y, x, out=b)
            return float(dot(b, b))
        return f

    def np_huber(c):  # ℓ = m·|r| − ½m², m = clip(r)·sign(r)  ⇒  Σℓ = g·r − ½ g·g, g = clip(r)
        x, y, b, g = c.x, c.y, c.b, c.c
        def f():
            sub(y, x, out=b); clip(b, -DELTA, DELTA, out=g)
            return float(dot(g, b)) - 0.5 * float(dot(g, g))
        return f

    def np_l1_grad(c):
        x, y, o = c.x, c.y, c.o_np
        def f():
            sub(y, x, out=o); sign(o, out=o)
            return o
        return f

    def np_l2_grad(c):
        x, y, o = c.x, c.y, c.o_np
        def f():
            sub(y, x, out=o); add(o, o, out=o)
            return o
        return f

    def np_huber_grad(c):
        x, y, o = c.x, c.y, c.o_np
        def f():
            sub(y, x, out=o); clip(o, -DELTA, DELTA, out=o)
            return o
        return f

    def np_l1_vg(c):  # |r| = sign(r)·r
        x, y, b, o = c.x, c.y, c.b, c.o_np
        def f():
            sub(y, x, out=b); sign(b, out=o)
            return float(dot(o, b)), o
        return f

    def np_l2_vg(c):
        x, y, b, o = c.x, c.y, c.b, c.o_np
        def f():
            sub(y, x, out=b); v = float(dot(b, b)); add(b, b, out=o)
            return v, o
        return f

    def np_huber_vg(c):
        x, y, b, o = c.x, c.y, c.b, c.o_np
        def f():
            sub(y, x, out=b); clip(b, -DELTA, DELTA, out=o)
            return float(dot(o, b)) - 0.5 * float(dot(o, o)), o
        return f

    def np_l1_pen(c):
        w, b = c.y, c.b
        def f():
            absf(w, out=b)
            return LAM * float(b.sum())
        return f

    def np_l2_pen(c):
        w = c.y
        return lambda: LAM * float(dot(w, w))

    def np_en_pen(c):
        w, b = c.y, c.b
        def f():
            absf(w, out=b)
            return L1 * float(b.sum()) + L2 * float(dot(w, w))
        return f

    def np_l1_pen_grad(c):
        w, o = c.y, c.o_np
        def f():
            sign(w, out=o); mul(o, LAM, out=o)
            return o
        return f

    def np_l2_pen_grad(c):
        w, o = c.y, c.o_np
        def f():
            mul(w, 2.0 * LAM, out=o)
            return o
        return f

    def np_en_pen_grad(c):
        w, b, o = c.y, c.b, c.o_np
        def f():
            sign(w, out=o); mul(o, L1, out=o); mul(w, 2.0 * L2, out=b); add(o, b, out=o)
            return o
        return f

    def np_l1_prox(c):  # soft(v, t) = v − clip(v, −t, t)
        v, b, o = c.y, c.b, c.o_np
        def f():
            clip(v, -t1, t1, out=b); sub(v, b, out=o)
            return o
        return f

    def np_l2_prox(c):
        v, o = c.y, c.o_np
        def f():
            mul(v, l2_c, out=o)
            return o
        return f

    def np_en_prox(c):
        v, b, o = c.y, c.b, c.o_np
        def f():
            clip(v, -en_t, en_t, out=b); sub(v, b, out=o); mul(o, en_c, out=o)
            return o
        return f

    def np_subgrad(c):  # w − lr·(g + l1·sign(w) + 2·l2·w)
        w, g, b, o = c.y, c.x, c.b, c.o_np
        def f():
            sign(w, out=o); mul(o, -LR * L1, out=o)
            mul(g, -LR, out=b); add(o, b, out=o)
            mul(w, 1.0 - 2.0 * LR * L2, out=b); add(o, b, out=o)
            return o
        return f

    def np_prox_step(c):  # soft(w − lr·g, lr·l1) / (1 + 2·lr·l2)
        w, g, b, o = c.y, c.x, c.b, c.o_np
        t, s = LR * L1, 1.0 / (1.0 + 2.0 * LR * L2)
        def f():
            mul(g, -LR, out=o); add(o, w, out=o)
            clip(o, -t, t, out=b); sub(o, b, out=o); mul(o, s, out=o)
            return o
        return f

    def loss(fn, **kw):
        def make(c):
            x, y = c.x, c.y
            return lambda: fn(x, y, **kw)
        return make

    def loss_out(fn, **kw):
        def make(c):
            x, y, o = c.x, c.y, c.o_sr
            return lambda: fn(x, y, out=o, **kw)
        return make

    def pen(fn, *args):
        def make(c):
            w = c.y
            return lambda: fn(w, *args)
        return make

    def pen_out(fn, *args):
        def make(c):
            w, o = c.y, c.o_sr
            return lambda: fn(w, *args, out=o)
        return make

    def step(fn):
        def make(c):
            w, g, o = c.y, c.x, c.o_sr
            return lambda: fn(w, g, LR, l1=L1, l2=L2, out=o)
        return make

    return [
        ("l1_loss", 3, 2, 6, loss(sr.l1_loss), np_l1),
        ("l1_loss(none)", 2, 3, 5, loss_out(sr.l1_loss, reduction="none"), np_l1_none),
        ("l2_loss", 2, 2, 4, loss(sr.l2_loss), np_l2),
        ("huber_loss", 4, 2, 8, loss(sr.huber_loss, delta=DELTA), np_huber),
        ("l1_loss_grad", 2, 3, 5, loss_out(sr.l1_loss_grad), np_l1_grad),
        ("l2_loss_grad", 2, 3, 5, loss_out(sr.l2_loss_grad), np_l2_grad),
        ("huber_loss_grad", 2, 3, 5, loss_out(sr.huber_loss_grad, delta=DELTA), np_huber_grad),
        ("l1_loss_value_and_grad", 3, 3, 7, loss_out(sr.l1_loss_value_and_grad), np_l1_vg),
        ("l2_loss_value_and_grad", 3, 3, 6, loss_out(sr.l2_loss_value_and_grad), np_l2_vg),
        ("huber_loss_value_and_grad", 4, 3, 8, loss_out(sr.huber_loss_value_and_grad, delta=DELTA),
         np_huber_vg),
        ("l1_penalty", 2, 1, 3, pen(sr.l1_penalty, LAM), np_l1_pen),
        ("l2_penalty", 1, 1, 1, pen(sr.l2_penalty, LAM), np_l2_pen),
        ("elastic_net_penalty", 3, 1, 4, pen(sr.elastic_net_penalty, L1, L2), np_en_pen),
        ("l1_penalty_grad", 2, 2, 4, pen_out(sr.l1_penalty_grad, LAM), np_l1_pen_grad),
        ("l2_penalty_grad", 1, 2, 2, pen_out(sr.l2_penalty_grad, LAM), np_l2_pen_grad),
        ("elastic_net_penalty_grad", 4, 2, 9, pen_out(sr.elastic_net_penalty_grad, L1, L2),
         np_en_pen_grad),
        ("l1_prox", 2, 2, 5, pen_out(sr.l1_prox, LAM, STEP), np_l1_prox),
        ("l2_prox", 1, 2, 2, pen_out(sr.l2_prox, LAM, STEP), np_l2_prox),
        ("elastic_net_prox", 3, 2, 7, pen_out(sr.elastic_net_prox, L1, L2, STEP), np_en_prox),
        ("subgradient_step", 6, 3, 14, step(sr.subgradient_step), np_subgrad),
        ("proximal_step", 5, 3, 12, step(sr.proximal_step), np_prox_step),
    ]


def snapshot(r):
    if isinstance(r, tuple):
        return tuple(snapshot(x) for x in r)
    if isinstance(r, np.ndarray):
        return r.copy()
    return float(r)


def close(a, b, rtol) -> tuple[bool, str]:
    """Same answer? Scalars: relative; arrays: |a−b| ≤ rtol·max|b| (elementwise rounding of
    differently ordered operations can differ by an ulp of the largest term)."""
    if isinstance(a, tuple):
        oks = [close(x, y, rtol) for x, y in zip(a, b)]
        return all(ok for ok, _ in oks), "; ".join(m for ok, m in oks if not ok)
    if isinstance(a, np.ndarray):
        scale = float(np.max(np.abs(b))) if b.size else 0.0
        err = float(np.max(np.abs(a.astype(np.float64) - b.astype(np.float64)))) if b.size else 0.0
        ok = err <= rtol * max(scale, np.finfo(b.dtype).tiny)
        return ok, f"max abs diff {err:.3g} vs scale {scale:.3g}"
    ok = abs(a - b) <= rtol * max(abs(a), abs(b)) or a == b
    return ok, f"{a!r} vs {b!r} (rel {abs(a - b) / max(abs(b), 1e-300):.3g})"


def run_kernels(sizes, dtypes, quick, bw_all, rng, log):
    rows, failures = [], []
    table = kernel_table()
    for dtype in dtypes:
        for n in sizes:
            ctx = Ctx(dtype, n, rng)
            ctx64 = None
            big = n >= 1_000_000
            # Short batches, many of them: on a shared machine a preempted batch is an outlier
            # the median ignores; long batches would all be hit.
            batches = (3 if quick else 10) if big else (7 if quick else 31)
            target = 0.0002 if quick else 0.00025
            for name, passes, elems, np_elems, make_sr, make_np in table:
                f_sr, f_np = make_sr(ctx), make_np(ctx)
                got, want = snapshot(f_sr()), snapshot(f_np())
                rtol = RTOL[ctx.dtype]
                ok, msg = close(got, want, rtol)
                note = ""
                if not ok:
                    # Who is off? Compare both to the same NumPy math in float64.
                    if ctx64 is None:
                        ctx64 = Ctx(np.float64, 1, rng)
                        ctx64.x, ctx64.y = ctx.x.astype(np.float64), ctx.y.astype(np.float64)
                        for a in ("o_np", "b", "c"):
                            setattr(ctx64, a, np.zeros(n))
                    ref = snapshot(make_np(ctx64)())
                    sr_ok, sr_msg = close(got, ref, rtol)
                    np_ok, _ = close(want, ref, rtol)
                    if sr_ok and not np_ok:
                        note = "NumPy's float32 result is off; swiftreg matches the float64 reference"
                    else:
                        failures.append(f"{name} {ctx.dtype} n={n}: swiftreg {msg}; "
                                        f"vs float64 reference: {sr_msg}")
                        note = "MISMATCH"
                t_sr, t_np = median_pair(f_sr, f_np, batches, target)
                nbytes = elems * n * ctx.dtype.itemsize
                gbs = nbytes / t_sr / 1e9
                row = dict(kernel=name, dtype=str(ctx.dtype), n=n, t_sr=t_sr, t_np=t_np,
                           ratio=t_np / t_sr, gbs=gbs, pct=100.0 * gbs / bw_all,
                           passes=passes, bound=np_elems / elems, note=note)
                rows.append(row)
                log(f"{name:26s} {row['dtype']:7s} {fmt_n(n):>5s} {fmt_t(t_sr):>11s} "
                    f"{fmt_t(t_np):>11s} {row['ratio']:7.2f} {gbs:7.2f} {row['pct']:6.1f}%"
                    + (f"  {note}" if note else ""))
            del ctx, ctx64
    return rows, failures


# --- threads ------------------------------------------------------------------------------------

def thread_scaling(quick, rng, bw):
    n = 10_000_000
    ctx = Ctx(np.float64, n, rng)
    table = {name: (elems, make_sr) for name, _, elems, _, make_sr, _ in kernel_table()}
    out = []
    batches = 3 if quick else 10
    for name in ("l1_loss", "l2_loss", "huber_loss_value_and_grad", "l2_penalty", "l1_prox",
                 "proximal_step"):
        elems, make_sr = table[name]
        f = make_sr(ctx)
        times = {}
        for th in (1, CPUS):
            sr.set_num_threads(th)
            times[th] = median_time(f, batches, 0.002)
        sr.set_num_threads(CPUS)
        nbytes = elems * n * 8
        out.append(dict(kernel=name, t1=times[1], tall=times[CPUS], speedup=times[1] / times[CPUS],
                        gbs1=nbytes / times[1] / 1e9, gbsall=nbytes / times[CPUS] / 1e9))
    del ctx
    return out


def threshold_scan(quick, rng):
    exps = range(13, 22, 2) if quick else range(13, 22)
    out = []
    batches = 5 if quick else 15
    for e in exps:
        n = 1 << e
        ctx = Ctx(np.float64, n, rng)
        x, y, o = ctx.x, ctx.y, ctx.o_sr
        row = {"n": n, "exp": e}
        for name, f in (("l1_loss", lambda: sr.l1_loss(x, y)),
                        ("l1_prox", lambda: sr.l1_prox(y, LAM, STEP, out=o))):
            ts = {}
            for th in (1, CPUS):
                sr.set_num_threads(th)
                ts[th] = median_time(f, batches, 0.0005 if quick else 0.002)
            row[name] = (ts[1], ts[CPUS])
        sr.set_num_threads(CPUS)
        out.append(row)
    return out


def parallel_threshold() -> str:
    src = ROOT / "Sources" / "SwiftRegCore" / "Parallel.swift"
    try:
        m = re.search(r"minParallelCount\s*=\s*([^\n]+)", src.read_text())
    except OSError:
        m = None
    return m.group(1).strip() if m else "unknown"


def gil_check(quick, rng):
    n = 10_000_000
    ctx = Ctx(np.float64, n, rng)
    x, y = ctx.x, ctx.y
    k = 6 if quick else 20
    l1 = sr.l1_loss

    def loop():
        for _ in range(k):
            l1(x, y)

    before = sr.get_num_threads()
    sr.set_num_threads(1)
    try:
        loop()
        seq, par = [], []
        for _ in range(2 if quick else 3):
            t0 = perf(); loop(); loop(); seq.append(perf() - t0)
            ths = [threading.Thread(target=loop) for _ in range(2)]
            t0 = perf()
            for t in ths:
                t.start()
            for t in ths:
                t.join()
            par.append(perf() - t0)
    finally:
        sr.set_num_threads(before)
    del ctx
    return dict(calls=2 * k, seq=min(seq), par=min(par), ratio=min(seq) / min(par))


# --- verdicts -----------------------------------------------------------------------------------

def call_floor(rng) -> dict:
    """The least a call can cost at n = 10: a bare ctypes call of sr_l2_penalty_f64 with every
    argument already converted (no checks, no pointer reads, no result object), next to one
    NumPy ufunc call with out= (np.multiply) and np.dot."""
    import ctypes

    from swiftreg import _bindings

    w = rng.standard_normal(10)
    o = np.empty(10)
    res = ctypes.c_double()
    fn, pw, pres = _bindings.sr_l2_penalty_f64, w.ctypes.data, ctypes.addressof(res)
    bare = lambda: fn(pw, 10, LAM, pres)  # noqa: E731
    ufunc = lambda: np.multiply(w, LAM, out=o)  # noqa: E731
    dot = lambda: np.dot(w, w)  # noqa: E731
    t_bare, t_ufunc = median_pair(bare, ufunc, 31, 0.00025)
    _, t_dot = median_pair(bare, dot, 31, 0.00025)
    return dict(ctypes=t_bare, ufunc=t_ufunc, dot=t_dot)


def verdicts(rows, bw_all, floor=None):
    def at(n):
        return [r for r in rows if r["n"] == n]

    def lab(r, v):
        return f"{r['kernel']} {r['dtype']} ({v})"

    big, mid, small = at(10_000_000), at(1000), at(10)
    multi = [r for r in big if r["passes"] > 1]
    one = [r for r in big if r["passes"] == 1]
    out = []

    def add(target, measured, misses):
        if not measured:
            out.append((target, "NOT MEASURED", []))
        else:
            out.append((target, "PASS" if not misses else f"MISS ({len(misses)}/{len(measured)} rows)",
                        misses))

    add("n=1e7, multi-pass kernels (NumPy makes >1 pass) ≥ 3× NumPy", multi,
        [lab(r, f"{r['ratio']:.2f}×" + (f"; NumPy moves only {r['bound']:.2f}× the bytes" if r["bound"] < 3 else ""))
         for r in multi if r["ratio"] < 3.0])
    add("n=1e7, one-pass kernels (l2_prox, l2_penalty, l2_penalty_grad) ≥ 1× NumPy", one,
        [lab(r, f"{r['ratio']:.2f}×") for r in one if r["ratio"] < 1.0])
    add(f"n=1e7, every kernel ≥ 70% of all-thread read bandwidth ({bw_all:.1f} GB/s)", big,
        [lab(r, f"{r['pct']:.0f}%") for r in big if r["pct"] < 70.0])
    add("n=1e3, every kernel ratio ≥ 1", mid,
        [lab(r, f"{r['ratio']:.2f}×") for r in mid if r["ratio"] < 1.0])
    def why10(r):
        if floor and 1.5 * r["t_np"] < floor["ctypes"] + 1e-7:
            return f"; 1.5× NumPy's {fmt_t(r['t_np'])} is about a bare ctypes call ({fmt_t(floor['ctypes'])})"
        return ""
    add("n=10, swiftreg time ≤ 1.5× NumPy time", small,
        [lab(r, f"{r['t_sr'] / r['t_np']:.2f}× NumPy's time" + why10(r)) for r in small
         if r["t_sr"] > 1.5 * r["t_np"]])
    return out


# --- machine, Markdown ----------------------------------------------------------------------

def machine_info() -> dict:
    model = _report.cpu_model()
    blas = "unknown"
    try:
        from threadpoolctl import threadpool_info

        info = [i for i in threadpool_info() if i.get("user_api") == "blas"]
        if info:
            blas = ", ".join(f"{i.get('internal_api')} {i.get('version')} ({i.get('architecture')}), "
                             f"{i.get('num_threads')} threads" for i in info)
    except Exception:
        pass
    try:
        commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", "Sources",
                                "python/swiftreg"], capture_output=True, text=True).stdout.strip()
        commit = commit + (" + uncommitted changes in Sources/ or python/swiftreg/" if dirty else "")
    except OSError:
        commit = "unknown"
    return dict(cpu=model, cpus=CPUS, numpy=np.__version__, blas=blas, load=load_avg(),
                python=platform.python_version(), commit=commit,
                date=datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                lib=sr.library_path(), variant=sr.library_variant(), swiftreg=sr.__version__)


VARIANT_NOTE = {
    "x86-64-v3": ": AVX2/FMA, loaded because this CPU has them; `SWIFTREG_CPU=baseline` measures the SSE2 build",
    "baseline": ": SSE2, any x86-64 CPU",
}


def load_avg() -> str:
    try:
        return "/".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def command_line() -> str:
    def rel(p):  # relative to the repository root when inside it (symlinks kept as written)
        if not os.path.isabs(p):
            return p
        r = os.path.relpath(os.path.normpath(p), ROOT)
        return p if r.startswith("..") else r
    env = []
    if os.environ.get("PYTHONPATH"):
        env.append("PYTHONPATH=" + ":".join(rel(p) for p in os.environ["PYTHONPATH"].split(":")))
    if os.environ.get("SWIFTREG_LIB"):
        env.append("SWIFTREG_LIB=" + rel(os.environ["SWIFTREG_LIB"]))
    if os.environ.get("SWIFTREG_CPU"):
        env.append("SWIFTREG_CPU=" + os.environ["SWIFTREG_CPU"])
    exe = rel(sys.executable)
    argv0 = rel(os.path.abspath(sys.argv[0]))
    return " ".join(env + [exe, shlex.join([argv0] + sys.argv[1:])])


def markdown(m, cmd, args, bw, rows, verdict, scaling, scan, gil, threshold, elapsed, floor) -> str:
    L = []
    w = L.append
    w(BEGIN)
    w("## Kernels vs NumPy (`bench/kernels.py`)")
    w("")
    w(f"- Machine: {m['cpu']}, {m['cpus']} CPUs; Python {m['python']}, NumPy {m['numpy']}; "
      f"BLAS: {m['blas']}")
    w(f"- swiftreg {m['swiftreg']} at commit {m['commit']}; library `{m['lib']}` "
      f"({m['variant']} build{VARIANT_NOTE.get(m['variant'], '')})")
    w(f"- Date: {m['date']}; run took {elapsed:.0f} s{' (quick run)' if args.quick else ''}; "
      f"load average (1/5/15 min) {m['load']} at the start, {load_avg()} at the end")
    w(f"- Command: `{cmd}`")
    w("  (`make bench` runs `PYTHONPATH=python .venv/bin/python bench/kernels.py`, with absolute paths)")
    if UNSET_BLAS_VARS:
        w(f"- Removed from the benchmark's environment before loading NumPy (they slow `np.dot`): "
          f"`{'`, `'.join(UNSET_BLAS_VARS)}`")
    else:
        w("- OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE were not set (the script removes them if they are).")
    w(f"- OPENBLAS_THREAD_TIMEOUT={os.environ.get('OPENBLAS_THREAD_TIMEOUT')}: OpenBLAS's idle threads "
      "sleep instead of spinning ~0.1 s after each `np.dot`, which took the cores from the swiftreg "
      "batch that followed (1e7 float64 `l2_loss`: 8.2 ms with spinning threads, 5.1 ms without; "
      "`np.dot` itself 3.3 vs 3.0 ms).")
    w("- The machine is shared (other builds run in the background): judge by medians and ratios.")
    w("")
    w("### Memory bandwidth")
    w("")
    w(f"Measured with {bw['method']}. Copy counts bytes read + written once.")
    w("")
    if bw_warning(bw):
        w(f"**Warning:** {bw_warning(bw)}")
        w("")
    w("| threads | read GB/s | copy GB/s |")
    w("|---|---:|---:|")
    w(f"| 1 | {bw['read_1']:.2f} | {bw['copy_1']:.2f} |")
    if not bw["fallback"]:
        w(f"| all ({CPUS}) | {bw['read_all']:.2f} | {bw['copy_all']:.2f} |")
    w("")
    w("### Every kernel vs the best NumPy expression")
    w("")
    w("Median per call after warm-up (swiftreg and NumPy batches interleaved). ratio = NumPy time / "
      "swiftreg time (> 1: swiftreg faster). GB/s = (bytes read + bytes written, once) / swiftreg "
      f"time; % = of the all-thread read bandwidth ({bw['read_all']:.2f} GB/s). NumPy passes = "
      "passes over memory of the NumPy expression (1 = one pass). bound = the "
      "bytes the NumPy expression moves over the bytes swiftreg moves: the ratio if both ran at "
      "the same bandwidth (a ratio above it means NumPy runs below bandwidth). Losses use "
      "reduction=\"sum\" unless marked; elementwise calls of both use preallocated `out=`. "
      f"Hyperparameters: delta={DELTA}, lam={LAM}, step={STEP}, l1={L1}, l2={L2}, lr={LR}; "
      "inputs standard normal.")
    w("")
    w("| kernel | dtype | n | swiftreg | NumPy | ratio | bound | GB/s | % read BW | NumPy passes |")
    w("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        note = f" ({r['note']})" if r["note"] else ""
        w(f"| {r['kernel']}{note} | {r['dtype']} | {fmt_n(r['n'])} | {fmt_t(r['t_sr'])} | "
          f"{fmt_t(r['t_np'])} | {r['ratio']:.2f} | {r['bound']:.2f} | {r['gbs']:.2f} | {r['pct']:.0f}% | "
          f"{r['passes']} |")
    w("")
    w("### The cost of a call at n = 10")
    w("")
    w(f"A bare ctypes call (`sr_l2_penalty_f64` with every argument already converted: no checks, "
      f"no pointer reads, no result object) takes {fmt_t(floor['ctypes'])}; one NumPy ufunc call with "
      f"`out=` takes {fmt_t(floor['ufunc'])} and `np.dot` {fmt_t(floor['dot'])}. A swiftreg call adds "
      "its argument checks, two or three data-pointer reads and the result to the bare call. Where "
      "the NumPy expression is one or two such calls, 1.5× its time is at or below the bare ctypes "
      "call, which no ctypes binding can go under (the design calls for ctypes).")
    w("")
    w("### Verdict")
    w("")
    for target, status, misses in verdict:
        w(f"- **{status}** — {target}" + (": " + "; ".join(misses) if misses else ""))
    w("")
    if scaling:
        w("### Thread scaling at n = 1e7 (float64)")
        w("")
        w(f"| kernel | 1 thread | {CPUS} threads | speedup | GB/s 1 thread | GB/s {CPUS} threads |")
        w("|---|---:|---:|---:|---:|---:|")
        for s in scaling:
            w(f"| {s['kernel']} | {fmt_t(s['t1'])} | {fmt_t(s['tall'])} | {s['speedup']:.2f} | "
              f"{s['gbs1']:.2f} | {s['gbsall']:.2f} |")
        w("")
    if scan:
        w(f"### Parallel threshold scan (float64; `minParallelCount = {threshold}` in "
          "Sources/SwiftRegCore/Parallel.swift)")
        w("")
        w("Below the threshold the library runs on the calling thread whatever the cap, so both "
          "columns are the same code there; speedup > 1 from the threshold up shows the split pays.")
        w("")
        w(f"| n | l1_loss 1 thr | l1_loss {CPUS} thr | speedup | l1_prox 1 thr | l1_prox {CPUS} thr | speedup |")
        w("|---:|---:|---:|---:|---:|---:|---:|")
        for s in scan:
            a1, aa = s["l1_loss"]
            b1, ba = s["l1_prox"]
            w(f"| 2^{s['exp']} = {s['n']} | {fmt_t(a1)} | {fmt_t(aa)} | {a1 / aa:.2f} | "
              f"{fmt_t(b1)} | {fmt_t(ba)} | {b1 / ba:.2f} |")
        w("")
    if gil:
        w("### GIL release")
        w("")
        w(f"{gil['calls']} calls of `l1_loss` on 1e7 float64 with `set_num_threads(1)`: one after the "
          f"other {fmt_t(gil['seq'])}, split over two Python threads {fmt_t(gil['par'])}: "
          f"**{gil['ratio']:.2f}×** faster concurrently (2.00 = perfect; the memory bound here is "
          f"about {bw['read_all'] / bw['read_1']:.2f}×, the all-thread / 1-thread read bandwidth).")
        w("")
    w(END)
    return "\n".join(L) + "\n"


# --- main -------------------------------------------------------------------------------------

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true",
                    help="fewer sizes and repeats, a smaller bandwidth test (smoke test, < 30 s); "
                         "does not write BENCHMARKS.md unless --write is given")
    ap.add_argument("--sizes", nargs="+", type=parse_size, metavar="N",
                    help="array sizes (default 10 1e3 1e5 1e7; --quick: 10 1e3 1e5)")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--write", dest="write", action="store_true", default=None,
                   help="write BENCHMARKS.md (default for a full run)")
    g.add_argument("--no-write", dest="write", action="store_false", help="only print")
    ap.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md",
                    help="the Markdown file whose kernels section is replaced (default: BENCHMARKS.md)")
    args = ap.parse_args(argv)
    sizes = args.sizes or ([10, 1000, 100_000] if args.quick else [10, 1000, 100_000, 10_000_000])
    write = (not args.quick) if args.write is None else args.write

    start = perf()
    log = lambda s="": print(s, flush=True)  # noqa: E731
    cmd = command_line()
    m = machine_info()
    log(f"swiftreg kernel benchmark — {m['cpu']}, {m['cpus']} CPUs, NumPy {m['numpy']} "
        f"(BLAS: {m['blas']}), {m['date']}, load average {m['load']}")
    log(f"command: {cmd}")
    log(f"library: {m['lib']} ({m['variant']} build; commit {m['commit']})")
    if UNSET_BLAS_VARS:
        log(f"note: removed {', '.join(UNSET_BLAS_VARS)} from this process's environment before "
            "loading NumPy (they slow np.dot)")
    else:
        log("note: OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE not set (would be removed if they were)")
    sr.set_num_threads(CPUS)
    log(f"swiftreg threads: {sr.get_num_threads()}")

    log("\n== memory bandwidth")
    bw = measure_bandwidth(args.quick)
    log(f"   {bw['method']}")
    log(f"   read  1 thread: {bw['read_1']:.2f} GB/s   copy 1 thread: {bw['copy_1']:.2f} GB/s")
    if not bw["fallback"]:
        log(f"   read {CPUS} threads: {bw['read_all']:.2f} GB/s   copy {CPUS} threads: "
            f"{bw['copy_all']:.2f} GB/s")
    bw_all = bw["read_all"]
    if bw_warning(bw):
        log(f"   WARNING: {bw_warning(bw)}")

    rng = np.random.default_rng(20240603)
    log("\n== kernels (ratio = NumPy time / swiftreg time; >1: swiftreg faster)")
    log(f"{'kernel':26s} {'dtype':7s} {'n':>5s} {'swiftreg':>11s} {'NumPy':>11s} {'ratio':>7s} "
        f"{'GB/s':>7s} {'%readBW':>7s}")
    rows, failures = run_kernels(sizes, [np.float64, np.float32], args.quick, bw_all, rng, log)

    log(f"\n== thread scaling at n=1e7, float64 (1 vs {CPUS} threads)")
    scaling = thread_scaling(args.quick, rng, bw)
    for s in scaling:
        log(f"   {s['kernel']:26s} {fmt_t(s['t1']):>11s} {fmt_t(s['tall']):>11s}  x{s['speedup']:.2f}"
            f"   {s['gbs1']:6.2f} -> {s['gbsall']:6.2f} GB/s")

    threshold = parallel_threshold()
    log(f"\n== parallel threshold scan (minParallelCount = {threshold}; below it both columns run "
        "on one thread)")
    scan = threshold_scan(args.quick, rng)
    for s in scan:
        a1, aa = s["l1_loss"]
        b1, ba = s["l1_prox"]
        log(f"   2^{s['exp']:<2d} l1_loss {fmt_t(a1):>11s} / {fmt_t(aa):>11s} x{a1 / aa:5.2f}   "
            f"l1_prox {fmt_t(b1):>11s} / {fmt_t(ba):>11s} x{b1 / ba:5.2f}")

    log("\n== GIL release: l1_loss on 1e7 float64, set_num_threads(1), two Python threads vs serial")
    gil = gil_check(args.quick, rng)
    log(f"   {gil['calls']} calls: serial {fmt_t(gil['seq'])}, two threads {fmt_t(gil['par'])}: "
        f"ratio {gil['ratio']:.2f} (2 = perfect, memory bound ~{bw['read_all'] / bw['read_1']:.2f})")

    floor = call_floor(rng)
    log(f"\n== call floor at n=10: bare ctypes call {fmt_t(floor['ctypes'])}, one NumPy ufunc with out= "
        f"{fmt_t(floor['ufunc'])}, np.dot {fmt_t(floor['dot'])}")

    verdict = verdicts(rows, bw_all, floor)
    log("\n== verdict")
    for target, status, misses in verdict:
        log(f"   {status}: {target}")
        for x in misses:
            log(f"      - {x}")

    elapsed = perf() - start
    if failures:
        log("\n!! swiftreg and NumPy DISAGREE:")
        for f in failures:
            log(f"   {f}")
        log("BENCHMARKS.md not written.")
        return 1
    if write:
        section = markdown(m, cmd, args, bw, rows, verdict, scaling, scan, gil, threshold, elapsed, floor)
        _report.write_section(args.output, BEGIN, END, section)
        log(f"\nwrote the kernels section of {args.output}")
    log(f"done in {elapsed:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
