"""BENCHMARKS.md for the documentation: its tables as reStructuredText, and two figures.

``to_rst(text)`` converts the file section by section (headings, bullet lists, paragraphs and
tables, in order); ``plot_kernel_ratios`` draws the kernel table's ratios as a heat map and
``plot_solver_speedups`` the solver comparisons as one row of points per benchmark. Run as a
script it writes both into a folder, for a look without Sphinx:

    python docs/_ext/benchmarks.py BENCHMARKS.md /tmp/figures
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

# Sections of BENCHMARKS.md are delimited by <!-- key:begin --> ... <!-- key:end -->.
_SECTION = re.compile(r"<!--\s*([\w-]+):begin\s*-->(.*?)<!--\s*\1:end\s*-->", re.S)
# Cross-references to the project's tracker mean nothing to a reader of the documentation.
_TRACKER_PAREN = re.compile(r"\s*\((?:[^()]*?\b)?issue \d+[^()]*\)", re.I)
_TRACKER = re.compile(r"\bissues? #?\d+", re.I)
# Subsections that record the project's own bookkeeping rather than measurements.
_SKIP_HEADINGS = ("verdict",)


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]

    def column(self, name: str) -> int:
        for k, h in enumerate(self.header):
            if h.strip().lower() == name.lower():
                return k
        raise KeyError(name)


@dataclass
class Block:
    kind: str                      # "h2", "h3", "bullets", "para", "table"
    text: str = ""
    items: list[str] = field(default_factory=list)
    table: Table | None = None


@dataclass
class Section:
    key: str
    blocks: list[Block]

    @property
    def title(self) -> str:
        return next((b.text for b in self.blocks if b.kind == "h2"), self.key)

    def tables(self, heading_prefix: str | None = None) -> list[Table]:
        """The tables of the section, or of its subsection whose heading starts so."""
        inside = heading_prefix is None
        found = []
        for b in self.blocks:
            if b.kind == "h3" and heading_prefix is not None:
                inside = b.text.lower().startswith(heading_prefix.lower())
            elif b.kind == "table" and inside:
                found.append(b.table)
        return found


def _cells(line: str) -> list[str]:
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    cells = re.split(r"(?<!\\)\|", line)
    return [c.strip().replace("\\|", "|") for c in cells]


def parse(text: str) -> list[Section]:
    sections = []
    for m in _SECTION.finditer(text):
        blocks: list[Block] = []
        lines = m.group(2).splitlines()
        i = 0
        while i < len(lines):
            line = lines[i]
            s = line.strip()
            if not s:
                i += 1
            elif s.startswith("### "):
                blocks.append(Block("h3", s[4:].strip()))
                i += 1
            elif s.startswith("## "):
                blocks.append(Block("h2", s[3:].strip()))
                i += 1
            elif s.startswith("|"):
                rows = []
                while i < len(lines) and lines[i].strip().startswith("|"):
                    rows.append(_cells(lines[i]))
                    i += 1
                body = [r for r in rows[1:] if not all(re.fullmatch(r":?-+:?", c) for c in r)]
                blocks.append(Block("table", table=Table(rows[0], body)))
            elif s.startswith("- "):
                items = []
                while i < len(lines) and lines[i].strip():
                    if lines[i].strip().startswith("- "):
                        items.append(lines[i].strip()[2:])
                    else:
                        items[-1] += " " + lines[i].strip()
                    i += 1
                blocks.append(Block("bullets", items=items))
            else:
                para = []
                while i < len(lines) and lines[i].strip() and not lines[i].strip().startswith(("|", "#")):
                    para.append(lines[i].strip())
                    i += 1
                blocks.append(Block("para", " ".join(para)))
        sections.append(Section(m.group(1), blocks))
    return sections


# ---------------------------------------------------------------------------------------------
# Markdown inline text -> reStructuredText


def _escape(text: str) -> str:
    text = text.replace("\\", "\\\\")
    text = text.replace("*", "\\*").replace("|", "\\|").replace("`", "\\`")
    text = re.sub(r"(?<=\w)_(?=\W|$)", r"\\_", text)
    text = re.sub(r"(?<!\w)_(?=\w)", r"\\_", text)
    return text


def _untracked(text: str) -> str:
    text = _TRACKER_PAREN.sub("", text)
    text = text.replace(str(Path("/work/main")) + "/", "")
    if _TRACKER.search(text):
        raise ValueError(f"BENCHMARKS.md: a reference to the issue tracker the documentation "
                         f"cannot show: {text[:120]!r} (extend docs/_ext/benchmarks.py)")
    return text


def inline(md: str) -> str:
    """Markdown inline markup (code spans, bold) to reStructuredText; everything else literal."""
    md = _untracked(md)
    pieces: list[tuple[bool, str]] = []          # (is markup, rst text)
    for k, part in enumerate(re.split(r"(`[^`]+`)", md)):
        if k % 2:
            code = part[1:-1]
            pieces.append((True, f"``{code}``") if code.strip() else (False, _escape(part)))
            continue
        for j, piece in enumerate(re.split(r"\*\*(.+?)\*\*", part)):
            if j % 2:
                pieces.append((True, f"**{_escape(piece.strip())}**"))
            elif piece:
                pieces.append((False, _escape(piece)))
    # rst inline markup must be delimited by spaces or punctuation: glue with "\ " otherwise
    out = ""
    prev_markup = False
    for markup, text in pieces:
        glue = (markup and re.search(r"[^\W_]$", out)) or \
               (prev_markup and (markup or re.match(r"[^\W_]", text)))
        out += ("\\ " if glue else "") + text
        prev_markup = markup
    return out


def table_rst(t: Table) -> str:
    n = len(t.header)
    lines = [".. list-table::", "   :header-rows: 1", "   :class: bench-table", ""]
    for row in [t.header] + t.rows:
        row = (row + [""] * n)[:n]
        for k, cell in enumerate(row):
            cell = inline(cell)
            lines.append(f"   {'*' if k == 0 else ' '} - {cell}" if cell else
                         f"   {'*' if k == 0 else ' '} -")
    return "\n".join(lines) + "\n"


def to_rst(text: str, h2: str = "~", h3: str = "^") -> str:
    """BENCHMARKS.md as reStructuredText, its sections in order."""
    out = [".. This file is generated by docs/_ext/benchmarks.py from BENCHMARKS.md.\n"]
    sections = parse(text)
    if not sections:
        raise ValueError("BENCHMARKS.md: no <!-- name:begin --> ... <!-- name:end --> sections")
    for sec in sections:
        skipping = False
        for b in sec.blocks:
            if b.kind in ("h2", "h3"):
                title = inline(b.text)
                skipping = b.kind == "h3" and b.text.lower().startswith(_SKIP_HEADINGS)
                if not skipping:
                    out.append(f"{title}\n{(h2 if b.kind == 'h2' else h3) * len(title)}\n")
            elif skipping:
                continue
            elif b.kind == "bullets":
                out.append("\n".join(f"* {inline(item)}" for item in b.items) + "\n")
            elif b.kind == "para":
                out.append(inline(b.text) + "\n")
            elif b.kind == "table":
                out.append(table_rst(b.table))
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# Figures

_TIME = re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*(µs|us|ms|s)\b")
_UNIT = {"µs": 1e-6, "us": 1e-6, "ms": 1e-3, "s": 1.0}


def seconds(cell: str) -> float | None:
    m = _TIME.search(cell)
    return float(m.group(1)) * _UNIT[m.group(2)] if m else None


def _section(sections: list[Section], key: str) -> Section | None:
    return next((s for s in sections if s.key == key), None)


def kernel_table(text: str) -> Table:
    sec = _section(parse(text), "kernels")
    if sec is None:
        raise ValueError("BENCHMARKS.md has no kernels section")
    for t in sec.tables():
        if {"kernel", "dtype", "n", "ratio"} <= {h.lower() for h in t.header}:
            return t
    raise ValueError("BENCHMARKS.md: no kernel table with columns kernel, dtype, n, ratio")


def _kernel_name(cell: str) -> tuple[str, bool]:
    """The kernel of a row, and whether the row carries a note ("l2_loss (NumPy's ...)")."""
    name = re.sub(r"\s+\(.*\)$", "", cell.strip())
    return name, name != cell.strip()


def plot_kernel_ratios(text: str, path: Path) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.colors import TwoSlopeNorm

    t = kernel_table(text)
    ck, cd, cn, cr = (t.column(c) for c in ("kernel", "dtype", "n", "ratio"))
    kernels = list(dict.fromkeys(_kernel_name(r[ck])[0] for r in t.rows))
    sizes = list(dict.fromkeys(r[cn] for r in t.rows))
    dtypes = list(dict.fromkeys(r[cd] for r in t.rows))
    fig, axes = plt.subplots(1, len(dtypes), figsize=(8, 0.27 * len(kernels) + 1.9),
                             sharey=True, squeeze=False, layout="constrained")
    norm = TwoSlopeNorm(vmin=-3, vcenter=0, vmax=3)
    noted = False
    for ax, dt in zip(axes[0], dtypes):
        grid = np.full((len(kernels), len(sizes)), np.nan)
        marks = np.zeros(grid.shape, bool)
        for r in t.rows:
            if r[cd] == dt:
                name, note = _kernel_name(r[ck])
                i, j = kernels.index(name), sizes.index(r[cn])
                grid[i, j], marks[i, j] = float(r[cr]), note
        im = ax.imshow(np.log2(grid), cmap="RdBu", norm=norm, aspect="auto")
        for (i, j), v in np.ndenumerate(grid):
            if np.isfinite(v):
                ax.text(j, i, f"{v:.2f}{'*' if marks[i, j] else ''}", ha="center", va="center",
                        fontsize=6.5, color="white" if abs(np.log2(v)) > 1.8 else "black")
        noted |= bool(marks.any())
        ax.set_xticks(range(len(sizes)), [f"n = {s}" for s in sizes], fontsize=7.5)
        ax.set_yticks(range(len(kernels)), kernels, fontsize=7.5)
        ax.set_title(dt, fontsize=9)
        ax.tick_params(length=0)
        ax.grid(False)
    bar = fig.colorbar(im, ax=axes[0].tolist(), shrink=0.5, ticks=[-3, -2, -1, 0, 1, 2, 3])
    bar.ax.set_yticklabels(["⅛", "¼", "½", "1", "2", "4", "8"], fontsize=7.5)
    bar.set_label("NumPy time / swiftreg time (> 1: swiftreg faster)", fontsize=8)
    fig.suptitle("Every kernel against the best NumPy expression (median per call)", fontsize=10)
    if noted:
        fig.supxlabel("* NumPy's float32 result is off there; swiftreg matches the float64 reference",
                      fontsize=7)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=200)
    plt.close(fig)


# (section key, subsection heading prefix or None, label, swiftreg column, reference columns)
SOLVER_COMPARISONS = [
    ("solvers", "Lasso paths", "Lasso path\nvs scikit-learn (faster of\nlasso_path, lars_path)",
     "swiftreg 1 thr", ("sklearn lasso_path", "lars_path")),
    ("solvers", "One Lasso fit", "one Lasso fit\nvs scikit-learn Lasso", "swiftreg 1 thr", ("sklearn Lasso",)),
    ("solvers", "LAD regression", "LAD regression\nvs QuantileRegressor (HiGHS)", "swiftreg 1 thr", ("HiGHS",)),
    ("glmnet", None, "elastic-net path\nvs glmnet (thresh 1e-7)", "swiftreg (tol)", ("glmnet 1e-07",)),
    ("general_models", "1.", "Huber + L1 / EN\nvs skglm (tol 1e-4)", "swiftreg", ("skglm 1e-4",)),
    ("huber_regressor", None, "HuberRegressor\nvs scikit-learn", "swiftreg", ("sklearn",)),
]


def solver_speedups(text: str) -> list[tuple[str, list[float]]]:
    """(label, [reference time / swiftreg time per case]) for each comparison found."""
    sections = parse(text)
    found = []
    for key, sub, label, ours, refs in SOLVER_COMPARISONS:
        sec = _section(sections, key)
        tables = sec.tables(sub) if sec else []
        for t in tables:
            try:
                co, crs = t.column(ours), [t.column(r) for r in refs]
            except KeyError:
                continue
            ratios = []
            for row in t.rows:
                mine = seconds(row[co])
                theirs = [seconds(row[c]) for c in crs]
                theirs = [x for x in theirs if x]
                if mine and theirs:
                    ratios.append(min(theirs) / mine)
            if ratios:
                found.append((label, ratios))
            break
    dask = _section(sections, "dask")
    if dask:
        for t in dask.tables():
            try:
                cf, ct = t.column("fit"), t.column("time (s)")
            except KeyError:
                continue
            ours = [float(r[ct]) for r in t.rows if r[cf].startswith("swiftreg.dask")]
            theirs = [float(r[ct]) for r in t.rows if r[cf].startswith("dask-glm")]
            if ours and theirs:
                found.append(("distributed Lasso\nvs dask-glm", [theirs[0] / ours[0]]))
    return found


def plot_solver_speedups(text: str, path: Path) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    data = solver_speedups(text)
    if not data:
        raise ValueError("BENCHMARKS.md: none of the solver comparisons was found")
    fig, ax = plt.subplots(figsize=(8, 0.62 * len(data) + 1.3), layout="constrained")
    rng = np.random.default_rng(0)
    for k, (label, ratios) in enumerate(data):
        r = np.asarray(ratios)
        y = k + rng.uniform(-0.18, 0.18, r.size) if r.size > 1 else np.full(1, k)
        ax.scatter(r, y, s=22, alpha=0.75, color=np.where(r >= 1, "tab:blue", "tab:red"),
                   edgecolor="none", zorder=3)
        med = float(np.median(r))
        ax.plot([med, med], [k - 0.3, k + 0.3], color="k", lw=2, zorder=4)
        shown = f"{med:.0f}" if med >= 10 else f"{med:.2g}"
        ax.annotate(f"median {shown}×  ({r.size} case{'s' if r.size > 1 else ''})", (1, k),
                    xycoords=("axes fraction", "data"), xytext=(6, 0), textcoords="offset points",
                    va="center", fontsize=8)
    ax.axvline(1, color="gray", lw=1)
    ax.set_xscale("log")
    every = np.concatenate([np.asarray(r) for _, r in data])
    ax.set_xlim(min(every.min(), 1) / 2, max(every.max(), 1) * 2)
    ax.set_yticks(range(len(data)), [d[0] for d in data], fontsize=8)
    ax.set_ylim(len(data) - 0.5, -0.5)
    ax.set_xlabel("reference time / swiftreg time (one thread each; > 1: swiftreg faster)", fontsize=9)
    ax.set_title("Solvers against their references (one point per case)", fontsize=10)
    ax.tick_params(axis="x", labelsize=8)
    ax.grid(True, axis="x", which="both", alpha=0.3)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=200)
    plt.close(fig)


if __name__ == "__main__":
    src, dest = Path(sys.argv[1]), Path(sys.argv[2])
    md = src.read_text(encoding="utf-8")
    plot_kernel_ratios(md, dest / "kernel_ratios.png")
    plot_solver_speedups(md, dest / "solver_speedups.png")
    (dest / "benchmarks.rst").write_text(to_rst(md), encoding="utf-8")
    print(f"wrote {dest}/kernel_ratios.png, solver_speedups.png, benchmarks.rst")
