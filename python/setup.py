"""Builds the Swift library in release mode and ships it inside the package.

`pip install ./python` runs `swift build -c release` in the repository root (pip builds a
local folder in place, so ../Package.swift is reachable) and copies libswiftreg.so into
swiftreg/_lib/. On x86-64 Linux it also builds the x86-64-v3 variant (AVX2/FMA,
`-target-cpu haswell`, in .build-x86-64-v3) and ships it as libswiftreg-x86-64-v3.so; the
loader picks it on CPUs that have those features. Building needs Swift 6.0 or newer; without
it the build stops with one message that says so and where to get it.

The wheel is tagged py3-none-<platform>: the library is loaded through ctypes, so one wheel
serves every CPython >= 3.9. `make wheel` (python/build_wheel.sh) then gives it its
manylinux tag with auditwheel.

Environment:
  SWIFTREG_PREBUILT_LIB     path of an already built library: skip the Swift build
  SWIFTREG_PREBUILT_LIB_V3  with it, the x86-64-v3 variant to ship beside it, if any
  SWIFTREG_SWIFT_SCRATCH    SwiftPM scratch folder (default <root>/.build; the variant is
                            built in <root>/.build-x86-64-v3, or <scratch>-x86-64-v3 when set)
  SWIFTREG_BUILD_BASE       setuptools' build folder (default python/build)
"""
from __future__ import annotations

import os
import platform
import re
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.dist import Distribution
from setuptools.errors import ExecError

try:  # setuptools >= 70.1 carries bdist_wheel itself
    from setuptools.command.bdist_wheel import bdist_wheel
except ImportError:  # pragma: no cover - older setuptools with the `wheel` package
    from wheel.bdist_wheel import bdist_wheel

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LIB = "libswiftreg.dylib" if sys.platform == "darwin" else "libswiftreg.so"
LIB_V3 = "libswiftreg-x86-64-v3.so"
WITH_V3 = sys.platform.startswith("linux") and platform.machine() in ("x86_64", "AMD64")
MIN_SWIFT = (6, 0)
SWIFT_NEEDED = (
    "building swiftreg from source needs Swift 6.0 or newer (the `swift` command on PATH), "
    "to compile its native library; get it from https://www.swift.org/install/ "
    "(or install a prebuilt swiftreg wheel, or set SWIFTREG_PREBUILT_LIB to an already built "
    "libswiftreg)"
)


def find_swift() -> str:
    """The `swift` driver to build with: on PATH and at least MIN_SWIFT, or an ExecError."""
    swift = shutil.which("swift")
    if swift is None:
        raise ExecError(f"{SWIFT_NEEDED}. No `swift` was found on PATH.")
    try:
        probe = subprocess.run([swift, "--version"], capture_output=True, text=True, timeout=120)
        text = probe.stdout + probe.stderr
    except (OSError, subprocess.SubprocessError) as exc:
        raise ExecError(f"{SWIFT_NEEDED}. `{swift} --version` failed: {exc}") from None
    match = re.search(r"Swift version (\d+)\.(\d+)", text)
    if match is None:
        first = text.strip().splitlines()[0] if text.strip() else "no output"
        raise ExecError(f"{SWIFT_NEEDED}. `{swift} --version` did not report a Swift version ({first}).")
    found = (int(match.group(1)), int(match.group(2)))
    if found < MIN_SWIFT:
        raise ExecError(f"{SWIFT_NEEDED}. {swift} is Swift {found[0]}.{found[1]}.")
    return swift


def swift_build(swift: str, *args: str) -> None:
    cmd = [swift, "build", "-c", "release", "--package-path", str(ROOT), *args]
    print("swiftreg: " + " ".join(cmd), flush=True)
    try:
        subprocess.check_call(cmd)
    except subprocess.CalledProcessError as exc:
        raise ExecError(f"swiftreg: `{' '.join(cmd)}` failed with exit status {exc.returncode} "
                        "(its output is above)") from None


class BuildWithSwift(build_py):
    def run(self) -> None:
        prebuilt = os.environ.get("SWIFTREG_PREBUILT_LIB")
        lib_v3 = None
        if prebuilt:
            lib = Path(prebuilt)
            if os.environ.get("SWIFTREG_PREBUILT_LIB_V3"):
                lib_v3 = Path(os.environ["SWIFTREG_PREBUILT_LIB_V3"])
            for path in (lib, lib_v3):
                if path is not None and not path.is_file():
                    raise ExecError(f"swiftreg: no prebuilt library at {path}")
        else:
            if not (ROOT / "Package.swift").is_file():
                raise ExecError(f"swiftreg: no Package.swift in {ROOT}: the native library is built "
                                "from a source checkout of the repository (or set SWIFTREG_PREBUILT_LIB)")
            swift = find_swift()
            scratch = os.environ.get("SWIFTREG_SWIFT_SCRATCH")
            scratch_v3 = f"{scratch}-x86-64-v3" if scratch else str(ROOT / ".build-x86-64-v3")
            swift_build(swift, *(["--scratch-path", scratch] if scratch else []))
            lib = Path(scratch) if scratch else ROOT / ".build"
            lib = lib / "release" / LIB
            if WITH_V3:
                swift_build(swift, "--scratch-path", scratch_v3,
                            "-Xswiftc", "-target-cpu", "-Xswiftc", "haswell")
                lib_v3 = Path(scratch_v3) / "release" / LIB
        super().run()
        target = Path(self.build_lib) / "swiftreg" / "_lib"
        if target.is_dir():  # never ship a library left over from an earlier build
            for old in target.iterdir():
                old.unlink()
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(lib, target / LIB)
        if lib_v3 is not None:
            shutil.copy2(lib_v3, target / LIB_V3)


class NativeDistribution(Distribution):
    def has_ext_modules(self) -> bool:  # a platform wheel: the package carries a .so
        return True


class PlatformWheel(bdist_wheel):
    """py3-none-<platform>: no Python ABI dependence (ctypes), one native library per platform."""

    def get_tag(self) -> tuple[str, str, str]:
        return ("py3", "none", super().get_tag()[2])


options = {}
if os.environ.get("SWIFTREG_BUILD_BASE"):
    options["build"] = {"build_base": os.environ["SWIFTREG_BUILD_BASE"]}

setup(cmdclass={"build_py": BuildWithSwift, "bdist_wheel": PlatformWheel},
      distclass=NativeDistribution, options=options)
