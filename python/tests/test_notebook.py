"""The notebook examples/notebooks/l1_vs_l2.ipynb, executed headless top to bottom.

Each of its eight sections ends with asserts on the numbers it just computed, so a failing
claim fails this test. The committed copy must carry its outputs (it is read on code-hosting
pages). To refresh them after editing the notebook:

    PYTHONPATH=python python python/tests/test_notebook.py --save
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "examples" / "notebooks" / "l1_vs_l2.ipynb"
TIME_LIMIT_S = 120  # generous for a busy machine; the notebook itself takes a few seconds


def _kernel_env() -> dict:
    """The kernel inherits our environment; make sure it finds this checkout's package."""
    env = dict(os.environ)
    python_dir = str(ROOT / "python")
    parts = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    if python_dir not in parts:
        parts.insert(0, python_dir)
    env["PYTHONPATH"] = os.pathsep.join(parts)
    env.setdefault("OPENBLAS_NUM_THREADS", "1")  # small problems: BLAS threads only contend
    env.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    return env


def execute(path: Path = NOTEBOOK):
    """Execute the notebook in a kernel started with this interpreter; returns (nb, seconds)."""
    nbformat = pytest.importorskip("nbformat") if "pytest" in sys.modules else __import__("nbformat")
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    old = dict(os.environ)
    os.environ.update(_kernel_env())
    try:
        client = NotebookClient(nb, timeout=TIME_LIMIT_S, kernel_name="python3",
                                resources={"metadata": {"path": str(path.parent)}})
        t0 = time.perf_counter()
        client.execute()
        return nb, time.perf_counter() - t0
    finally:
        os.environ.clear()
        os.environ.update(old)


def test_notebook_runs_and_its_asserts_hold():
    pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    pytest.importorskip("matplotlib")
    nb, seconds = execute()  # an assert that fails in a cell raises CellExecutionError here
    assert seconds < TIME_LIMIT_S
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert not errors


def test_committed_notebook_has_its_outputs():
    nbformat = pytest.importorskip("nbformat")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert len(code) >= 9
    for cell in code:
        assert cell.get("execution_count"), "the notebook is committed executed"
        assert not any(o.get("output_type") == "error" for o in cell.get("outputs", []))
    plots = sum(1 for c in code for o in c.get("outputs", []) if "image/png" in o.get("data", {}))
    assert plots >= 8, "one plot per claim"
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for k in range(1, 9):
        assert f"## {k}." in markdown, f"section {k} is missing"


if __name__ == "__main__":
    if "--save" not in sys.argv[1:]:
        sys.exit("usage: python python/tests/test_notebook.py --save   (re-execute and store outputs)")
    import nbformat

    nb, seconds = execute()
    for cell in nb.cells:  # keep diffs small: no per-run timing metadata
        cell.metadata.pop("execution", None)
    nbformat.write(nb, NOTEBOOK)
    print(f"executed {NOTEBOOK.relative_to(ROOT)} in {seconds:.1f} s and saved its outputs")
