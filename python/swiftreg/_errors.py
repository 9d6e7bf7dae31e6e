"""The bridge from C status codes to Python exceptions."""

from __future__ import annotations

from . import _bindings as _b

__all__ = ["SwiftRegError", "raise_for"]

# Pinned status codes (swiftreg.h).
SR_OK = 0
SR_ERR_NULL_POINTER = 1
SR_ERR_INVALID_LENGTH = 2
SR_ERR_INVALID_ARGUMENT = 3
SR_ERR_INVALID_REDUCTION = 4
SR_ERR_INVALID_WEIGHT = 5
SR_ERR_OVERLAP = 6
SR_ERR_INVALID_DATA = 7
SR_ERR_ALLOCATION = 8
SR_ERR_CANCELLED = 9
SR_ERR_INVALID_INDPTR = 10
SR_ERR_INVALID_INDEX = 11
SR_ERR_INTERRUPTED = 12


class SwiftRegError(ValueError):
    """An argument was rejected by the swiftreg library.

    A subclass of ``ValueError``. ``status`` holds the C status code (see ``swiftreg.h``);
    the message names the argument and the value that was wrong.
    """

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def raise_for(status: int, message: str | None = None) -> None:
    """Raise the exception for a failed call's status and its message (by default this
    thread's last error: pass the message when the call ran on another thread)."""
    if message is None:
        message = _b.sr_last_error().decode(errors="replace")
    if status == SR_ERR_INTERRUPTED:
        raise KeyboardInterrupt(message)
    if status == SR_ERR_ALLOCATION:
        raise MemoryError(message)
    raise SwiftRegError(message or _b.sr_status_string(status).decode(), status)
