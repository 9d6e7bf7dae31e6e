"""The GIL is released during library calls (ctypes.CDLL).

Not a timing test: while one thread is inside a long swiftreg call, a pure-Python thread
keeps running. If the call held the GIL, the other thread could not execute a single
bytecode until the call returned. The benchmark (bench/kernels.py) reports the speed-up
of two threads calling at once.
"""
import threading

import numpy as np

import swiftreg


def test_other_python_threads_run_during_a_call():
    n = 4_000_000
    rng = np.random.default_rng(0)
    a, b = rng.random(n), rng.random(n)
    counter = [0]
    stop = threading.Event()

    def spin():
        while not stop.is_set():
            counter[0] += 1

    t = threading.Thread(target=spin)
    t.start()
    progressed = []
    try:
        for _ in range(30):
            before = counter[0]
            swiftreg.l2_loss_value_and_grad(a, b)  # ~10 ms of work inside one C call
            progressed.append(counter[0] - before)
            if max(progressed) > 1000:
                break
    finally:
        stop.set()
        t.join()
    # With the GIL held during the call the spinning thread could only advance between
    # calls (a handful of iterations at a switch); released, it advances throughout.
    assert max(progressed) > 1000, progressed
