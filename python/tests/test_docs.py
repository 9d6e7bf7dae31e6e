"""The documentation's sources (docs/), checked without building them.

* Every public name — each name in the ``__all__`` of ``swiftreg`` and of each of its public
  submodules, found by walking the package — is listed in the API reference (docs/api/*.rst):
  in an ``autosummary`` list, an ``auto*`` directive, or a ``py:module``/``py:data``
  directive. The lists there are written by hand, grouped for readers, so a name added to an
  ``__all__`` later (a new estimator, say) fails this test until someone documents it. A name
  that a module re-exports (``swiftreg.losses.l1_loss`` is ``swiftreg.l1_loss``) counts as
  documented when the object is documented under any public path.
* Every name the API reference lists exists (no stale entries).
* The interactive examples (``>>>``) of the user guide run and print what the page says.
* The benchmark tables convert (docs/_ext/benchmarks.py) and name no issue numbers.
* No page, gallery example or notebook text uses the project's internal working vocabulary,
  and neither does any other text users read: the package's docstrings and comments, the
  Swift doc comments, swiftreg.h, README/ARCHITECTURE/BENCHMARKS, the Makefile, bench/.

``make docs`` builds the HTML with warnings as errors; that build is what checks the rest
(the docstrings, the gallery, the notebook, cross-references).
"""
from __future__ import annotations

import doctest
import importlib
import inspect
import json
import pkgutil
import re
import sys
from pathlib import Path

import numpy as np
import pytest

import swiftreg

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
API = DOCS / "api"
NOTEBOOK = ROOT / "examples" / "notebooks" / "l1_vs_l2.ipynb"

# Optional dependencies that make a public module importable.
_OPTIONAL = {"swiftreg.dask": "dask"}


def public_modules() -> list[str]:
    """``swiftreg`` and every submodule none of whose path parts starts with an underscore."""
    names = ["swiftreg"]
    for info in pkgutil.walk_packages(swiftreg.__path__, prefix="swiftreg."):
        if any(part.startswith("_") for part in info.name.split(".")[1:]):
            continue
        names.append(info.name)
    return sorted(names)


def _import(name: str):
    if name in _OPTIONAL:
        pytest.importorskip(_OPTIONAL[name])
    return importlib.import_module(name)


_DIRECTIVE = re.compile(
    r"^\.\.\s+(?:py:)?(module|currentmodule|autosummary|automodule|autoclass|autofunction|"
    r"autoexception|autodata|autoattribute|automethod|data|function|class|exception)::\s*(\S*)")


def documented_names() -> set[str]:
    """Fully qualified names the API reference documents, read from docs/api/*.rst."""
    found: set[str] = set()
    for rst in sorted(API.glob("*.rst")):
        module = None
        in_summary = False
        for line in rst.read_text(encoding="utf-8").splitlines():
            m = _DIRECTIVE.match(line.strip()) if not line.startswith(" ") else None
            if m:
                kind, arg = m.groups()
                in_summary = kind == "autosummary"
                if kind in ("module", "currentmodule"):
                    module = arg
                    found.add(arg)
                elif kind == "automodule":
                    found.add(arg)
                elif arg:
                    found.add(arg if "." in arg and arg.split(".")[0] == "swiftreg"
                              else f"{module}.{arg}")
                continue
            if in_summary:
                s = line.strip()
                if not s or s.startswith(":"):
                    continue
                if not line.startswith(" "):
                    in_summary = False
                    continue
                entry = s.lstrip("~")
                found.add(entry if entry.startswith("swiftreg.") else f"{module}.{entry}")
    return found


def _resolve(qualname: str):
    """The object a fully qualified name documents, or raise LookupError."""
    parts = qualname.split(".")
    for k in range(len(parts), 0, -1):
        modname = ".".join(parts[:k])
        try:
            obj = _import(modname) if modname != "swiftreg" else swiftreg
        except ImportError:
            continue
        for attr in parts[k:]:
            if not hasattr(obj, attr):
                raise LookupError(qualname)
            obj = getattr(obj, attr)
        return obj
    raise LookupError(qualname)


def test_api_reference_lists_every_public_name():
    documented = documented_names()
    objects = []
    for q in documented:
        try:
            obj = _resolve(q)
        except (LookupError, pytest.skip.Exception):
            continue
        if inspect.isroutine(obj) or inspect.isclass(obj) or inspect.ismodule(obj):
            objects.append(obj)
    missing = []
    for modname in public_modules():
        try:
            module = _import(modname)
        except pytest.skip.Exception:
            continue
        exported = getattr(module, "__all__", None)
        assert exported is not None, f"{modname} is public but has no __all__"
        for name in exported:
            if f"{modname}.{name}" in documented:
                continue
            obj = getattr(module, name)
            shareable = inspect.isroutine(obj) or inspect.isclass(obj) or inspect.ismodule(obj)
            if shareable and any(obj is o for o in objects):
                continue
            missing.append(f"{modname}.{name}")
    assert not missing, (
        "public names missing from the API reference (add them to an autosummary list in "
        "docs/api/*.rst): " + ", ".join(sorted(missing)))


def test_api_reference_lists_only_names_that_exist():
    stale = []
    for q in sorted(documented_names()):
        try:
            _resolve(q)
        except LookupError:
            stale.append(q)
        except pytest.skip.Exception:
            pass
    assert not stale, f"the API reference lists names that do not exist: {stale}"


def test_new_public_names_would_fail(monkeypatch):
    """The check above really is driven by __all__: a name appended to one fails it."""
    import swiftreg.linear_model as lm

    monkeypatch.setattr(lm, "GroupLassoCV", type("GroupLassoCV", (), {}), raising=False)
    monkeypatch.setattr(lm, "__all__", [*lm.__all__, "GroupLassoCV"])
    with pytest.raises(AssertionError, match=r"swiftreg\.linear_model\.GroupLassoCV"):
        test_api_reference_lists_every_public_name()


# --------------------------------------------------------------------------------------------


def _user_guide_examples():
    parser = doctest.DocTestParser()
    for rst in sorted((DOCS / "user_guide").glob("*.rst")):
        text = rst.read_text(encoding="utf-8")
        # the examples of one page run in order, in one namespace, as a reader would type them
        blocks = re.findall(r"^\.\. code-block:: pycon\n\n((?:(?:   .*)?\n)+)", text, re.M)
        source = "\n".join(re.sub(r"^   ", "", b, flags=re.M) for b in blocks)
        if ">>>" in source:
            yield rst.name, parser.get_doctest(source, {}, rst.name, str(rst), 0)


@pytest.mark.parametrize("name,test", list(_user_guide_examples()), ids=lambda v: v if isinstance(v, str) else "")
def test_user_guide_examples_print_what_the_page_says(name, test):
    if name == "dask.rst":
        pytest.importorskip("dask")
    if name == "sparse.rst":
        pytest.importorskip("scipy")
    old = np.get_printoptions()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    try:
        runner.run(test, out=sys.stdout.write)
    finally:
        np.set_printoptions(**old)
    assert runner.failures == 0, f"{runner.failures} example(s) of docs/user_guide/{name} failed"


def test_benchmark_tables_convert():
    sys.path.insert(0, str(DOCS / "_ext"))
    try:
        import benchmarks
    finally:
        sys.path.remove(str(DOCS / "_ext"))
    text = (ROOT / "BENCHMARKS.md").read_text(encoding="utf-8")
    rst = benchmarks.to_rst(text)
    assert rst.count(".. list-table::") >= 5
    assert not re.search(r"\bissues? #?\d", rst, re.I)
    assert benchmarks.kernel_table(text).rows
    assert benchmarks.solver_speedups(text)


# Words of the project's own bookkeeping that mean nothing to a reader: "the seed" for the
# textbook form or the first kernels (the RNG option ``seed`` is a real parameter and is
# fine), issue-tracker references, "section maintained with ...".
_INTERNAL = re.compile(r"\bseed(?:'s)?\s+(?:form|notation|penalt|kernel|function|step|version|"
                       r"update|rule|plain)|\bthe seed\b|\bissues? #?\d+|\bBUG \d+|"
                       r"section maintained", re.I)


def _reader_texts():
    for path in sorted(DOCS.rglob("*")):
        if any(p in path.parts for p in ("_build", "generated", "auto_examples")):
            continue
        if path.suffix in (".rst", ".py") and path.is_file():
            yield path.relative_to(ROOT), path.read_text(encoding="utf-8")
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    for k, cell in enumerate(nb["cells"]):
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        yield f"{NOTEBOOK.relative_to(ROOT)} cell {k}", source


def test_pages_use_no_internal_vocabulary():
    hits = [f"{where}: {m.group(0)!r}" for where, text in _reader_texts()
            for m in _INTERNAL.finditer(text)]
    assert not hits, hits


def _public_texts():
    """Every other text a user reads, as (where, text): Swift only its ``///`` doc comments."""
    paths = [*sorted((ROOT / "python" / "swiftreg").rglob("*.py")), *sorted((ROOT / "bench").glob("*.py")),
             ROOT / "Sources" / "CSwiftReg" / "include" / "swiftreg.h", ROOT / "Makefile",
             *(ROOT / name for name in ("README.md", "ARCHITECTURE.md", "BENCHMARKS.md"))]
    for path in paths:
        if path.is_file():
            yield path.relative_to(ROOT), path.read_text(encoding="utf-8")
    for path in sorted((ROOT / "Sources").rglob("*.swift")):
        lines = path.read_text(encoding="utf-8").splitlines()
        yield path.relative_to(ROOT), "\n".join(l for l in lines if l.lstrip().startswith("///"))


def test_public_text_uses_no_internal_vocabulary():
    hits = [f"{where}: {m.group(0)!r}" for where, text in _public_texts()
            for m in _INTERNAL.finditer(text)]
    assert not hits, hits


def test_notebook_figures_are_readable():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    setup = "".join(nb["cells"][1]["source"])
    dpi = re.search(r'"figure\.dpi":\s*(\d+)', setup)
    assert dpi and int(dpi.group(1)) >= 100, "the notebook's figures need figure.dpi >= 100"
