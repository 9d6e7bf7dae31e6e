"""Builds the Swift library in release mode and ships it inside the package.

`pip install ./python` runs `swift build -c release` in the repository root (pip builds a
local folder in place, so ../Package.swift is reachable) and copies libswiftreg.so into
swiftreg/_lib/. The Distribution reports native code, so the wheel is a platform wheel.
Set SWIFTREG_PREBUILT_LIB to the path of an already built library to skip the Swift build.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.dist import Distribution

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LIB = "libswiftreg.dylib" if sys.platform == "darwin" else "libswiftreg.so"


class BuildWithSwift(build_py):
    def run(self) -> None:
        prebuilt = os.environ.get("SWIFTREG_PREBUILT_LIB")
        if prebuilt:
            lib = Path(prebuilt)
        else:
            if not (ROOT / "Package.swift").is_file():
                raise RuntimeError(f"swiftreg: no Package.swift in {ROOT}; build from a source checkout")
            subprocess.check_call(["swift", "build", "-c", "release", "--package-path", str(ROOT)])
            lib = ROOT / ".build" / "release" / LIB
        super().run()
        target = Path(self.build_lib) / "swiftreg" / "_lib"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(lib, target / LIB)


class NativeDistribution(Distribution):
    def has_ext_modules(self) -> bool:  # a platform wheel: the package carries a .so
        return True


setup(cmdclass={"build_py": BuildWithSwift}, distclass=NativeDistribution)
