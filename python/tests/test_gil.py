"""The GIL is released during library calls (the bindings load the library with ctypes.CDLL).

Not a speed test: while the main thread is inside one long C call, a pure-Python thread
keeps time-stamping. Had the call held the GIL (as ctypes.PyDLL does), that thread could not
run a single bytecode during the call (we look at its second half: a thread may legitimately
take the GIL between the clock reading and the call's start).
The benchmark (bench/kernels.py) reports the speed-up of two threads calling at once.

Checked by hand on an idle machine: the same function loaded through ctypes.PyDLL (which
keeps the GIL) shows no stamps in the second half of its calls. On a heavily loaded machine
a thread can also wait for a CPU between the first clock reading and the call, so that
negative control is not part of the suite.
"""
import ctypes
import threading
import time

import numpy as np

import swiftreg
from swiftreg import _bindings as _b


def _stamps_inside_calls(fn, attempts=30):
    n = 4_000_000
    rng = np.random.default_rng(0)
    a, b, grad = rng.random(n), rng.random(n), np.empty(n)
    args = (a.ctypes.data, b.ctypes.data, None, n, 1, ctypes.byref(ctypes.c_double()), grad.ctypes.data)
    stamps: list[float] = []
    stop = threading.Event()
    clock = time.perf_counter

    def spin():
        while not stop.is_set():
            stamps.append(clock())
            if len(stamps) > 2_000_000:
                del stamps[:1_000_000]

    t = threading.Thread(target=spin)
    t.start()
    counts = []
    try:
        for _ in range(attempts):
            t0 = clock()
            assert fn(*args) == 0  # one C call of several ms
            t1 = clock()
            # The second half of the call: a thread that got the GIL just before the call
            # started cannot account for stamps there.
            mid = (t0 + t1) / 2
            counts.append(sum(1 for s in stamps[-500_000:] if mid < s < t1))
            if max(counts) > 100:
                break
    finally:
        stop.set()
        t.join()
    return counts


def test_other_python_threads_run_during_a_call():
    counts = _stamps_inside_calls(_b.sr_l2_loss_value_and_grad_f64)
    assert max(counts) > 100, counts
