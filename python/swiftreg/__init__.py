"""swiftreg: exact, fast L1/L2 losses, penalties, proximal operators and update rules.

The numerical work happens in a Swift library with a plain C ABI (``swiftreg.h``); this
package calls it through ctypes on NumPy arrays (NumPy in, NumPy out; the GIL is released
during every call). float32 inputs give float32 results, float64 give float64.
"""

from __future__ import annotations

from ._version import __version__
from ._errors import SwiftRegError
from . import _bindings as _b
from .losses import (
    huber_loss,
    huber_loss_grad,
    huber_loss_value_and_grad,
    l1_loss,
    l1_loss_grad,
    l1_loss_value_and_grad,
    l2_loss,
    l2_loss_grad,
    l2_loss_value_and_grad,
)
from .penalties import (
    elastic_net_penalty,
    elastic_net_penalty_grad,
    elastic_net_prox,
    l1_penalty,
    l1_penalty_grad,
    l1_prox,
    l2_penalty,
    l2_penalty_grad,
    l2_prox,
)
from .updates import proximal_step, subgradient_step
from . import linear_model
from .linear_model import ConvergenceWarning

__all__ = [
    "__version__",
    "SwiftRegError",
    "ConvergenceWarning",
    "linear_model",
    "l1_loss",
    "l2_loss",
    "huber_loss",
    "l1_loss_grad",
    "l2_loss_grad",
    "huber_loss_grad",
    "l1_loss_value_and_grad",
    "l2_loss_value_and_grad",
    "huber_loss_value_and_grad",
    "l1_penalty",
    "l2_penalty",
    "elastic_net_penalty",
    "l1_penalty_grad",
    "l2_penalty_grad",
    "elastic_net_penalty_grad",
    "l1_prox",
    "l2_prox",
    "elastic_net_prox",
    "subgradient_step",
    "proximal_step",
    "set_num_threads",
    "get_num_threads",
    "library_path",
    "library_variant",
]


def set_num_threads(n: int) -> None:
    """Cap the threads the kernels use for large arrays (n ≥ 1).

    The default comes from the ``SWIFTREG_NUM_THREADS`` environment variable, else the
    number of CPUs. Results never depend on it: reductions use a fixed blocking.
    """
    from ._validation import _integer

    _b.sr_set_num_threads(_integer(n, "n"))


def get_num_threads() -> int:
    """The current thread cap (see :func:`set_num_threads`)."""
    import ctypes

    out = ctypes.c_int64()
    _b.sr_get_num_threads(ctypes.byref(out))
    return out.value


def library_path() -> str:
    """The path of the native library this package loaded."""
    from . import _loader

    return _loader.library_path or ""


def library_variant() -> str:
    """Which build of the native library was loaded: ``"x86-64-v3"`` (AVX2/FMA, chosen where
    the CPU has them), ``"baseline"`` (any x86-64 CPU, or another architecture), or
    ``"SWIFTREG_LIB"`` (the file that environment variable names)."""
    from . import _loader

    return _loader.library_variant or ""
