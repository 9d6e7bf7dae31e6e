"""Long library calls (fits, paths, cross-validation) that Ctrl-C stops.

Python runs its SIGINT handler on the main thread, between bytecodes: while that thread is
inside a C call, a KeyboardInterrupt waits for the call to return, and a progress callback
entered in the meantime receives it (ctypes can only print and drop an exception raised
there). So on the main thread a long call runs on a worker thread (one daemon thread,
started on first use), with ``sr_fit_options.interrupt`` pointing at a flag, while the main
thread waits in an interruptible wait. On KeyboardInterrupt the main thread sets the flag;
the library stops at its next checkpoint (well under 0.2 s) with ``SR_ERR_INTERRUPTED``,
writing none of its outputs; the main thread waits for the call to end and re-raises the
KeyboardInterrupt. Progress callbacks run on the worker thread, where no KeyboardInterrupt
lands; an exception they raise is kept by the callback wrapper and raised by the caller.

Small calls (less than :data:`DIRECT_WORK` units of work, and no progress callback) run on
the calling thread, which costs nothing extra: they end before an interrupt would matter.
Calls from other threads than the main one also run where they are made (Python delivers
KeyboardInterrupt to the main thread only).
"""

from __future__ import annotations

import ctypes
import os
import queue
import signal
import threading
from typing import Callable

from . import _bindings as _b

__all__ = ["DIRECT_WORK", "call"]

#: Calls whose work estimate (see ``_Call.work`` in ``linear_model/_general.py``: stored
#: values × iteration budget, × alphas and folds) is below this run on the calling thread.
DIRECT_WORK = 1 << 24


def call(fn: Callable[..., int], options, args: tuple, *, work: float) -> tuple[int, str]:
    """``fn(*args)``, where ``options`` is the ``sr_fit_options`` that ``args`` points to.

    Returns the status and, for a failure, the library's message read on the thread that made
    the call (``sr_last_error`` is per thread); "" on success. Raises KeyboardInterrupt when
    one arrived during the call (the call itself then stopped at its next checkpoint and
    wrote nothing). The worker has always finished the call when this returns or raises: the
    call reads the caller's arrays.
    """
    if work < DIRECT_WORK or threading.current_thread() is not threading.main_thread():
        return _direct(fn, args)
    worker = _worker()
    if worker is None:  # no thread can be created: the call runs here
        return _direct(fn, args)
    flag = ctypes.c_int32(0)
    options.interrupt = ctypes.addressof(flag)
    done = threading.Event()
    outcome: list = []

    def job() -> None:
        try:
            if flag.value:  # interrupted before it began (the flag also lives as long as the job)
                raise KeyboardInterrupt
            outcome.append(_direct(fn, args))
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread
            outcome.append(exc)
        finally:
            done.set()

    try:
        # A KeyboardInterrupt is raised between bytecodes, at the checks after calls: inside
        # this try it comes after put() has queued the job, so the handler always has a job
        # to wait for.
        try:
            worker.jobs.put(job)
            done.wait()
        except BaseException:  # KeyboardInterrupt, or any exception a signal handler raises
            flag.value = 1
            # Wait for the job (it stops at its next checkpoint); a second Ctrl-C meanwhile
            # does not abandon it, as it still reads the caller's arrays. Inline, not a
            # function: its entry would be one more place for an exception to escape.
            while True:
                try:
                    done.wait()
                    break
                except KeyboardInterrupt:
                    continue
            raise
    finally:
        options.interrupt = None
    result = outcome[0]
    if isinstance(result, BaseException):
        raise result
    return result


def _direct(fn: Callable[..., int], args: tuple) -> tuple[int, str]:
    status = fn(*args)
    return status, (_b.sr_last_error().decode(errors="replace") if status else "")


class _Worker:
    """One daemon thread that runs the main thread's long calls, one at a time (the main
    thread waits for each): handing a call to it costs about 30 µs, starting a thread per
    call 5-10 times that."""

    def __init__(self) -> None:
        self.pid = os.getpid()
        self.jobs: queue.SimpleQueue = queue.SimpleQueue()
        self.thread = threading.Thread(target=self._loop, name="swiftreg-worker", daemon=True)
        self.thread.start()

    def _loop(self) -> None:
        # SIGINT is for the main thread, which Python's handler interrupts while it waits: the
        # kernel may deliver a process signal to any thread that does not block it, and one
        # taken here would leave the main thread waiting for the call to end.
        if hasattr(signal, "pthread_sigmask"):
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        while True:
            self.jobs.get()()


_current: _Worker | None = None


def _worker() -> _Worker | None:
    """The worker thread (a new one after a fork, which keeps only the forking thread);
    None when no thread can be started."""
    global _current
    if _current is None or _current.pid != os.getpid() or not _current.thread.is_alive():
        try:
            _current = _Worker()
        except RuntimeError:
            return None
    return _current
