"""Builds the Swift library in release mode and ships it inside the package.

`pip install ./python` runs `swift build -c release` in the repository root (pip builds a
local folder in place, so ../Package.swift is reachable) and copies libswiftreg.so into
swiftreg/_lib/. On x86-64 Linux it also builds the x86-64-v3 variant (AVX2/FMA,
`-target-cpu haswell`, in .build-x86-64-v3) and ships it as libswiftreg-x86-64-v3.so; the
loader picks it on CPUs that have those features. The Distribution reports native code, so
the wheel is a platform wheel. Set SWIFTREG_PREBUILT_LIB to the path of an already built
library to skip the Swift build (and SWIFTREG_PREBUILT_LIB_V3 for the variant, if any).
"""
from __future__ import annotations

import os
import platform
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
LIB_V3 = "libswiftreg-x86-64-v3.so"
WITH_V3 = sys.platform.startswith("linux") and platform.machine() in ("x86_64", "AMD64")


class BuildWithSwift(build_py):
    def run(self) -> None:
        prebuilt = os.environ.get("SWIFTREG_PREBUILT_LIB")
        lib_v3 = None
        if prebuilt:
            lib = Path(prebuilt)
            if os.environ.get("SWIFTREG_PREBUILT_LIB_V3"):
                lib_v3 = Path(os.environ["SWIFTREG_PREBUILT_LIB_V3"])
        else:
            if not (ROOT / "Package.swift").is_file():
                raise RuntimeError(f"swiftreg: no Package.swift in {ROOT}; build from a source checkout")
            subprocess.check_call(["swift", "build", "-c", "release", "--package-path", str(ROOT)])
            lib = ROOT / ".build" / "release" / LIB
            if WITH_V3:
                subprocess.check_call(["swift", "build", "-c", "release", "--package-path", str(ROOT),
                                       "--scratch-path", str(ROOT / ".build-x86-64-v3"),
                                       "-Xswiftc", "-target-cpu", "-Xswiftc", "haswell"])
                lib_v3 = ROOT / ".build-x86-64-v3" / "release" / LIB
        super().run()
        target = Path(self.build_lib) / "swiftreg" / "_lib"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(lib, target / LIB)
        if lib_v3 is not None:
            shutil.copy2(lib_v3, target / LIB_V3)


class NativeDistribution(Distribution):
    def has_ext_modules(self) -> bool:  # a platform wheel: the package carries a .so
        return True


setup(cmdclass={"build_py": BuildWithSwift}, distclass=NativeDistribution)
