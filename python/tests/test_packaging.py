"""Packaging: what `pip install ./python` says on a machine without a usable Swift, and the
license metadata.

The builds run on a copy of python/ (plus Package.swift, so that setup.py gets as far as
looking for Swift) in a temporary folder, through `pip wheel --no-build-isolation` (the
running environment's setuptools; nothing is fetched), with a PATH that has no `swift` on it,
or a fake `swift` that reports an old version. The source tree is not touched.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PYTHON_DIR = Path(__file__).resolve().parents[1]
ROOT = PYTHON_DIR.parent

setuptools = pytest.importorskip("setuptools")
if int(setuptools.__version__.split(".")[0]) < 77:
    pytest.skip(f"needs setuptools >= 77 for the SPDX license field (have {setuptools.__version__}; "
                "`make venv` installs it)", allow_module_level=True)


def _source_copy(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    (src / "python").mkdir(parents=True)
    shutil.copy2(ROOT / "Package.swift", src / "Package.swift")
    shutil.copy2(ROOT / "LICENSE", src / "LICENSE")
    for name in ("setup.py", "pyproject.toml", "README.md"):
        shutil.copy2(PYTHON_DIR / name, src / "python" / name)
    os.symlink("../LICENSE", src / "python" / "LICENSE")
    shutil.copytree(PYTHON_DIR / "swiftreg", src / "python" / "swiftreg",
                    ignore=shutil.ignore_patterns("__pycache__", "_lib"))
    return src / "python"


def _path_without_swift(extra: Path | None = None) -> str:
    dirs = [d for d in os.environ.get("PATH", "").split(os.pathsep)
            if d and not os.access(os.path.join(d, "swift"), os.X_OK)]
    return os.pathsep.join(([str(extra)] if extra else []) + dirs)


def _pip_wheel(project: Path, tmp_path: Path, path: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if k not in ("SWIFTREG_PREBUILT_LIB", "SWIFTREG_PREBUILT_LIB_V3", "SWIFTREG_SWIFT_SCRATCH",
                        "PYTHONPATH")}
    env["PATH"] = path
    env["SWIFTREG_BUILD_BASE"] = str(tmp_path / "build")
    return subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
         "--disable-pip-version-check", str(project), "-w", str(tmp_path / "dist")],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)


def _check_message(proc: subprocess.CompletedProcess, detail: str, dist: Path) -> None:
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out
    assert "Swift 6.0 or newer" in out, out
    assert "https://www.swift.org/install/" in out, out
    assert detail in out, out
    # One message from setup.py, not a Python traceback from inside it.
    assert "FileNotFoundError" not in out and "Traceback" not in out, out
    assert not list(dist.glob("*.whl"))


def test_build_without_swift_says_which_swift_and_where(tmp_path):
    project = _source_copy(tmp_path)
    proc = _pip_wheel(project, tmp_path, _path_without_swift())
    _check_message(proc, "No `swift` was found on PATH", tmp_path / "dist")
    lines = [line.strip() for line in (proc.stdout + proc.stderr).splitlines() if "Swift 6.0 or newer" in line]
    assert len(lines) == 1 and lines[0].startswith("error: building swiftreg from source needs Swift 6.0"), lines


def test_build_with_an_old_swift_says_which_swift_is_needed(tmp_path):
    project = _source_copy(tmp_path)
    fake = tmp_path / "fakebin"
    fake.mkdir()
    (fake / "swift").write_text(
        "#!/bin/sh\n"
        '[ "$1" = --version ] && { echo "Swift version 5.10 (swift-5.10-RELEASE)"; '
        'echo "Target: x86_64-unknown-linux-gnu"; exit 0; }\n'
        "echo 'fake swift: should not have been asked to build' >&2; exit 3\n")
    (fake / "swift").chmod(0o755)
    proc = _pip_wheel(project, tmp_path, _path_without_swift(fake))
    _check_message(proc, "is Swift 5.10", tmp_path / "dist")
    assert "should not have been asked to build" not in proc.stdout + proc.stderr


def test_license_file_and_spdx_metadata():
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    assert "Copyright (c) 2026 the swiftreg authors" in (ROOT / "LICENSE").read_text()
    # python/LICENSE is the same file (setuptools' license-files take no paths outside python/).
    assert (PYTHON_DIR / "LICENSE").read_bytes() == (ROOT / "LICENSE").read_bytes()
    tomllib = pytest.importorskip("tomllib")
    with open(PYTHON_DIR / "pyproject.toml", "rb") as f:
        project = tomllib.load(f)["project"]
    assert project["license"] == "MIT"
    assert project["license-files"] == ["LICENSE"]
    assert not any(c.startswith("License ::") for c in project.get("classifiers", []))
