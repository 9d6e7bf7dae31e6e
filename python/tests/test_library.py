"""The package around the kernels: version, the native library, the loader's errors."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import swiftreg

ROOT = Path(__file__).resolve().parents[2]
HEADER = ROOT / "Sources" / "CSwiftReg" / "include" / "swiftreg.h"
PYDIR = ROOT / "python"


def header_define(name):
    m = re.search(rf"#define\s+{name}\s+(.+)", HEADER.read_text())
    assert m, name
    return m.group(1).strip()


def test_version_matches_header():
    assert swiftreg.__version__ == header_define("SR_VERSION_STRING").strip('"')
    major, minor, patch = (int(header_define(f"SR_VERSION_{p}")) for p in ("MAJOR", "MINOR", "PATCH"))
    assert swiftreg.__version__ == f"{major}.{minor}.{patch}"


def test_library_reports_the_same_version():
    import ctypes

    lib = ctypes.CDLL(swiftreg.library_path())
    lib.sr_version.restype = ctypes.c_char_p
    assert lib.sr_version().decode() == swiftreg.__version__


def test_library_path():
    path = swiftreg.library_path()
    assert isinstance(path, str) and path
    assert os.path.isfile(path)
    env = os.environ.get("SWIFTREG_LIB")
    if env:
        assert path == env
    assert os.path.basename(path).startswith("libswiftreg")


def test_public_names():
    expected = {
        "l1_loss", "l2_loss", "huber_loss", "l1_loss_grad", "l2_loss_grad", "huber_loss_grad",
        "l1_loss_value_and_grad", "l2_loss_value_and_grad", "huber_loss_value_and_grad",
        "l1_penalty", "l2_penalty", "elastic_net_penalty", "l1_penalty_grad", "l2_penalty_grad",
        "elastic_net_penalty_grad", "l1_prox", "l2_prox", "elastic_net_prox",
        "subgradient_step", "proximal_step", "SwiftRegError", "__version__",
    }
    assert expected <= set(swiftreg.__all__)
    for name in swiftreg.__all__:
        assert hasattr(swiftreg, name), name
    for name in expected - {"__version__", "SwiftRegError"}:
        obj = getattr(swiftreg, name)
        assert callable(obj)
        assert obj.__doc__ and "{common}" not in obj.__doc__, name
    assert (PYDIR / "swiftreg" / "py.typed").is_file()


def run_python(code, **env_overrides):
    env = dict(os.environ)
    env["PYTHONPATH"] = str(PYDIR) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(env_overrides)
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          timeout=60)


def test_missing_library_is_an_import_error_naming_the_path(tmp_path):
    missing = tmp_path / "nowhere" / "libswiftreg.so"
    code = (
        "import sys\n"
        "try:\n"
        "    import swiftreg\n"
        "except ImportError as e:\n"
        "    print('IMPORTERROR', e)\n"
        "    sys.exit(0)\n"
        "sys.exit('imported without error')\n"
    )
    res = run_python(code, SWIFTREG_LIB=str(missing))
    assert res.returncode == 0, res.stderr + res.stdout
    assert "IMPORTERROR" in res.stdout
    assert str(missing) in res.stdout
    assert "SWIFTREG_LIB" in res.stdout  # and says how to fix it


def test_non_library_file_is_an_import_error_naming_the_path(tmp_path):
    bogus = tmp_path / "libswiftreg.so"
    bogus.write_text("not a shared library")
    code = "import swiftreg"
    res = run_python(code, SWIFTREG_LIB=str(bogus))
    assert res.returncode != 0
    assert "ImportError" in res.stderr and str(bogus) in res.stderr


def test_library_without_sr_version_is_rejected(tmp_path):
    import ctypes.util

    libm = ctypes.util.find_library("m")
    if libm is None:
        pytest.skip("no libm to load")
    # find_library gives a soname; resolve it through the loader
    path = None
    for d in ("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib"):
        if os.path.isfile(os.path.join(d, libm)):
            path = os.path.join(d, libm)
            break
    if path is None:
        pytest.skip("libm not found on disk")
    res = run_python("import swiftreg", SWIFTREG_LIB=path)
    assert res.returncode != 0
    assert "ImportError" in res.stderr and path in res.stderr and "sr_version" in res.stderr


def test_import_needs_only_numpy():
    code = (
        "import sys, swiftreg\n"
        "bad = [m for m in ('scipy', 'pandas', 'torch', 'sklearn') if m in sys.modules]\n"
        "print(bad)\n"
    )
    res = run_python(code)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "[]"


def test_thread_count_from_environment():
    res = run_python("import swiftreg; print(swiftreg.get_num_threads())", SWIFTREG_NUM_THREADS="3")
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "3"


def test_status_strings_and_last_error():
    from swiftreg import _bindings as b

    for code in range(10):
        text = b.sr_status_string(code).decode()
        assert text.startswith("SR_"), (code, text)
    assert b.sr_status_string(0).decode().startswith("SR_OK")
    with pytest.raises(swiftreg.SwiftRegError):
        swiftreg.l2_prox([1.0], 1.0, -1.0)
    assert "step" in b.sr_last_error().decode()
    # success leaves it unchanged (like errno)
    swiftreg.l2_prox([1.0], 1.0)
    assert "step" in b.sr_last_error().decode()


def test_gil_is_released():
    """ctypes.CDLL releases the GIL: another Python thread runs *during* a long call."""
    import threading
    import time

    n = 2_000_000
    a = np.random.default_rng(0).standard_normal(n)
    w = np.random.default_rng(1).uniform(0, 1, n)
    ticks, windows = [], []
    stop = threading.Event()

    def ticker():
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.0005)

    t = threading.Thread(target=ticker)
    t.start()
    time.sleep(0.01)
    # Call until at least 50 ms have been spent inside the library (a few calls on a slow
    # machine, dozens on a fast one), so that the ticker has had time to run.
    while sum(e - s for s, e in windows) < 0.05 and len(windows) < 2000:
        start = time.perf_counter()
        swiftreg.l2_loss_grad(a, a, sample_weight=w, reduction="mean")
        windows.append((start, time.perf_counter()))
    stop.set()
    t.join()
    assert sum(e - s for s, e in windows) >= 0.05
    inside = [x for x in ticks if any(s < x < e for s, e in windows)]
    assert len(inside) >= 3
