"""Finds and loads the swiftreg shared library.

Search order:

1. ``$SWIFTREG_LIB``, if set: the path of a library file to load instead of any other;
2. the copy shipped inside the installed package (``swiftreg/_lib/libswiftreg.so``);
3. an in-tree build of a source checkout (``<repo>/.build/release/libswiftreg.so``).

The library must report the same version as this package, or the import fails with an
``ImportError`` that says where it looked.
"""
from __future__ import annotations

import ctypes
import os
import sys
from pathlib import Path

__all__ = ["load_library", "library_path"]

_LIB_NAME = "libswiftreg.dylib" if sys.platform == "darwin" else "libswiftreg.so"
_HERE = Path(__file__).resolve().parent

library_path: str | None = None


def _candidates() -> list[Path]:
    env = os.environ.get("SWIFTREG_LIB")
    if env:
        return [Path(env)]
    return [
        _HERE / "_lib" / _LIB_NAME,
        _HERE.parent.parent / ".build" / "release" / _LIB_NAME,
    ]


def load_library(expected_version: str) -> ctypes.CDLL:
    """Load the library (``ctypes.CDLL``, so calls release the GIL) and check its version."""
    global library_path
    tried = []
    for path in _candidates():
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
        return lib
    raise ImportError(
        "swiftreg could not load its native library. Looked in:\n  "
        + "\n  ".join(tried)
        + "\nBuild it with `make lib` (or `swift build -c release`) in the source tree, "
        "install the package with `pip install ./python`, or set SWIFTREG_LIB to the "
        "library's path."
    )
