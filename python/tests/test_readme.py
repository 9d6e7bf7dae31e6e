"""README.md's examples run, and print what the README says they print.

* Every fenced block that shows a command-line session (lines starting with ``$ swiftreg``)
  is replayed command by command, in one temporary folder (so ``swiftreg datasets diabetes
  --out diabetes.csv`` makes the file the next commands read), as a user would type it
  (``python -m swiftreg``); each command's output must match the lines below it. ``...``
  stands for any text (doctest's ELLIPSIS, used for timings and for elided rows).
* Every ``python`` block is an interactive session (``>>>``) run by doctest: the printed
  values must be those of the README, numbers included. Only the cluster sketch (it needs a
  Dask scheduler and object storage) is exempt, and it is named here.
"""
from __future__ import annotations

import doctest
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"

# Python blocks shown but not run: (first line, why).
NOT_RUN = {
    "import dask.array as da": "a deployment sketch: it needs a Dask scheduler and object storage",
}

_FENCE = re.compile(r"^```([a-z]*)\s*\n(.*?)^```\s*$", re.M | re.S)


def blocks(kind: str | None = None) -> list[tuple[int, str, str]]:
    """(line number, language, body) of every fenced block of the README."""
    text = README.read_text(encoding="utf-8")
    out = []
    for m in _FENCE.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        if kind is None or m.group(1) == kind:
            out.append((line, m.group(1), m.group(2)))
    return out


def sessions() -> list[tuple[int, list[tuple[str, str]]]]:
    """The command-line sessions: (line, [(command, expected output), ...])."""
    found = []
    for line, _, body in blocks():
        if not body.startswith("$ swiftreg"):
            continue
        steps: list[tuple[str, list[str]]] = []
        for text in body.splitlines():
            if text.startswith("$ "):
                steps.append((text[2:], []))
            else:
                steps[-1][1].append(text)
        found.append((line, [(cmd, "\n".join(lines) + "\n") for cmd, lines in steps]))
    return found


def python_blocks() -> list[tuple[int, str]]:
    return [(line, body) for line, _, body in blocks("python")]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "python"), env.get("PYTHONPATH", "")])
    env["COLUMNS"] = "100"
    return env


def _matches(want: str, got: str) -> bool:
    want = "\n".join(l.rstrip() for l in want.splitlines()) + "\n"
    got = "\n".join(l.rstrip() for l in got.splitlines()) + "\n"
    return doctest.OutputChecker().check_output(want, got, doctest.ELLIPSIS)


def test_the_readme_has_sessions_and_examples():
    assert len(sessions()) >= 2
    assert len(python_blocks()) >= 4


@pytest.mark.parametrize("line,steps", sessions(), ids=lambda v: str(v) if isinstance(v, int) else "")
def test_command_line_session(tmp_path, line, steps):
    pytest.importorskip("matplotlib")  # the sessions draw figures
    for command, want in steps:
        argv = shlex.split(command)
        assert argv[0] == "swiftreg", command
        proc = subprocess.run([sys.executable, "-m", "swiftreg", *argv[1:]], cwd=tmp_path,
                              capture_output=True, text=True, env=_env(), timeout=300)
        got = proc.stdout + proc.stderr
        assert proc.returncode == 0, (command, got)
        assert _matches(want, got), (
            f"README.md line {line}: `{command}` printed\n{got}\nbut the README shows\n{want}")


@pytest.mark.parametrize("line,body", python_blocks(), ids=lambda v: str(v) if isinstance(v, int) else "")
def test_python_example(tmp_path, monkeypatch, line, body):
    first = body.splitlines()[0]
    if first in NOT_RUN:
        pytest.skip(NOT_RUN[first])
    assert body.lstrip().startswith(">>>"), (
        f"README.md line {line}: a Python example must be an interactive session (>>>), "
        f"so that its printed values are checked")
    if "scipy" in body:
        pytest.importorskip("scipy")
    monkeypatch.chdir(tmp_path)
    parser = doctest.DocTestParser()
    test = parser.get_doctest(body, {}, f"README.md:{line}", str(README), line)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    out: list[str] = []
    runner.run(test, out=out.append)
    assert runner.failures == 0, "".join(out)
