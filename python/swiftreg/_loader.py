"""Finds and loads the swiftreg shared library.

Search order:

1. ``$SWIFTREG_LIB``, if set: the path of a library file to load instead of any other;
2. the copy shipped inside the installed package (``swiftreg/_lib/``);
3. an in-tree build of a source checkout (``<repo>/.build/release/``).

In 2 and 3 there may be two builds of the same sources: ``libswiftreg.so`` for any x86-64
CPU (SSE2) and, on x86-64 Linux, ``libswiftreg-x86-64-v3.so`` for CPUs with AVX2, FMA and
BMI2 (x86-64-v3: Intel since Haswell, AMD since Zen). The second is loaded where
``/proc/cpuinfo`` lists every feature it may use; ``SWIFTREG_CPU=baseline`` forces the first,
``SWIFTREG_CPU=x86-64-v3`` requires the second. Both give bit-identical results (a test
checks this); the second is faster where the work is computation rather than memory traffic.

The library must report the same version as this package, or the import fails with an
``ImportError`` that says where it looked.
"""

from __future__ import annotations

import ctypes
import os
import sys
from pathlib import Path

__all__ = ["load_library", "library_path", "library_variant"]

_LIB_NAME = "libswiftreg.dylib" if sys.platform == "darwin" else "libswiftreg.so"
_V3_NAME = "libswiftreg-x86-64-v3.so"
# What `-target-cpu haswell` lets the compiler use, as /proc/cpuinfo names it ("abm" is
# LZCNT). The kernel lists avx/avx2 only where the OS saves the YMM registers.
_V3_FLAGS = frozenset({"avx", "avx2", "fma", "bmi1", "bmi2", "f16c", "movbe", "abm", "popcnt"})
_HERE = Path(__file__).resolve().parent

library_path: str | None = None
library_variant: str | None = None  # "x86-64-v3", "baseline", or "SWIFTREG_LIB"


def cpu_supports_v3(cpuinfo: str = "/proc/cpuinfo") -> bool:
    """Whether this CPU (and OS) can run the x86-64-v3 build."""
    try:
        with open(cpuinfo, encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith("flags"):
                    return _V3_FLAGS <= set(line.partition(":")[2].split())
    except OSError:
        pass
    return False


def _variants() -> list[tuple[str, str]]:
    """(file name, variant) pairs to try in each folder, best first."""
    choice = os.environ.get("SWIFTREG_CPU", "auto").strip().lower() or "auto"
    if choice not in ("auto", "baseline", "x86-64-v3"):
        raise ImportError(f"SWIFTREG_CPU must be 'auto', 'baseline' or 'x86-64-v3', got {choice!r}")
    if choice == "baseline":
        return [(_LIB_NAME, "baseline")]
    v3_ok = cpu_supports_v3()
    if choice == "x86-64-v3":
        if not v3_ok:
            raise ImportError(
                "SWIFTREG_CPU=x86-64-v3, but /proc/cpuinfo does not list all of "
                + ", ".join(sorted(_V3_FLAGS))
                + ": the x86-64-v3 build would crash here"
            )
        return [(_V3_NAME, "x86-64-v3")]
    return ([(_V3_NAME, "x86-64-v3")] if v3_ok else []) + [(_LIB_NAME, "baseline")]


def _candidates() -> list[tuple[Path, str]]:
    env = os.environ.get("SWIFTREG_LIB")
    if env:
        return [(Path(env), "SWIFTREG_LIB")]
    folders = [_HERE / "_lib", _HERE.parent.parent / ".build" / "release"]
    return [(folder / name, variant) for folder in folders for name, variant in _variants()]


def load_library(expected_version: str) -> ctypes.CDLL:
    """Load the library (``ctypes.CDLL``, so calls release the GIL) and check its version."""
    global library_path, library_variant
    tried = []
    for path, variant in _candidates():
        if not path.is_file():
            tried.append(f"{path} (not found)")
            continue
        try:
            lib = ctypes.CDLL(str(path))
        except OSError as exc:
            tried.append(f"{path} (could not be loaded: {exc})")
            continue
        try:
            fn = lib.sr_version
        except AttributeError:
            tried.append(f"{path} (not a swiftreg library: no sr_version)")
            continue
        fn.restype = ctypes.c_char_p
        fn.argtypes = []
        version = fn().decode()
        if version != expected_version:
            tried.append(f"{path} (version {version}, but this package is {expected_version})")
            continue
        library_path = str(path)
        library_variant = variant
        return lib
    raise ImportError(
        "swiftreg could not load its native library. Looked in:\n  "
        + "\n  ".join(tried)
        + "\nBuild it with `make lib` (or `swift build -c release`) in the source tree, "
        "install the package with `pip install ./python`, or set SWIFTREG_LIB to the "
        "library's path."
    )
