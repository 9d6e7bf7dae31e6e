#!/usr/bin/env python3
"""The command line's CSV loader (swiftreg._csv.load_csv) vs pandas.read_csv.

    python bench/cli_load.py [--quick] [--rounds R] [--write | --no-write] [--output PATH]

A 1e6 × 20 CSV file (19 features and the target, standard normal values rounded to 6
decimals, ~190 MB) is written into a temporary folder. Each loader runs in its own process
(so that its peak resident memory is its own), the kinds alternating, R rounds (default 3):

* ``load_csv``: ``swiftreg._csv.load_csv(path, "y")`` (pyarrow's streaming reader; X and y
  as float64 arrays, checked for missing and infinite values);
* ``load_csv (pandas)``: the same with pyarrow's import blocked (the fallback reader);
* ``pandas.read_csv``: ``pandas.read_csv(path)`` (a DataFrame, nothing checked).

Time: wall clock of the call, best of the rounds (CPU time, user + system, beside it).
Memory: the process's peak resident set (ru_maxrss) minus its resident set just before the
call (after importing NumPy, swiftreg and the reader: pyarrow or pandas; their imports are
neither timed nor counted). Both loaders' values are compared (SHA-1 of X and y). Targets: load_csv within
2× pandas.read_csv's time, its peak memory within 2× the numeric data (n × 20 × 8 bytes).
A header of 100 000 columns (5 rows) is loaded too: target under 5 s.

``--quick`` (or SWIFTREG_BENCH_QUICK=1) uses 1e5 rows and 10 000 columns, one round, and
does not write BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _report  # noqa: E402  (bench/_report.py, beside this script)

ROOT = Path(__file__).resolve().parents[1]
BEGIN, END = "<!-- cli_load:begin -->", "<!-- cli_load:end -->"
KINDS = ["load_csv", "load_csv (pandas)", "pandas.read_csv"]

_BLOCK_PYARROW = """
import importlib.abc, sys
class _Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "pyarrow":
            raise ImportError("pyarrow blocked by bench/cli_load.py")
        return None
sys.meta_path.insert(0, _Block())
"""


def _rss() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _peak() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def child(kind: str, path: str) -> None:
    """One load in this process; prints a JSON line."""
    import hashlib

    import numpy as np

    if kind == "load_csv (pandas)":
        exec(_BLOCK_PYARROW)
    if kind == "pandas.read_csv":
        import pandas as pd
    else:
        from swiftreg import _csv

        _csv._reader_module()  # the reader's import is not timed (nor pandas' below)
        if kind == "load_csv":
            import pyarrow.compute  # noqa: F401
            import pyarrow.csv  # noqa: F401
        else:
            import pandas  # noqa: F401
    base = _rss()
    c0, t0 = _cpu(), time.perf_counter()
    if kind == "pandas.read_csv":
        df = pd.read_csv(path)
        wall, cpu, peak = time.perf_counter() - t0, _cpu() - c0, _peak()
        values = df.to_numpy()
        X, y, reader = np.asfortranarray(values[:, :-1]), values[:, -1].copy(), "pandas"
    else:
        ds = _csv.load_csv(path, "y")
        wall, cpu, peak = time.perf_counter() - t0, _cpu() - c0, _peak()
        X, y, reader = np.asfortranarray(ds.X), ds.y, ds.reader
    digest = hashlib.sha1(X.tobytes(order="F") + y.tobytes()).hexdigest()
    print(json.dumps(dict(kind=kind, wall=wall, cpu=cpu, base=base, peak=peak, shape=X.shape,
                          reader=reader, sha1=digest)))


def run_child(kind: str, path: Path) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in [str(ROOT / "python"),
                                                    env.get("PYTHONPATH", "")] if p)
    proc = subprocess.run([sys.executable, __file__, "--child", kind, str(path)],
                          capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        raise SystemExit(f"{kind} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def write_tall(path: Path, n: int, p: int) -> None:
    import numpy as np
    import pyarrow as pa
    import pyarrow.csv as pacsv

    rng = np.random.default_rng(0)
    names = [f"x{j}" for j in range(p - 1)] + ["y"]
    with open(path, "wb") as fh:
        fh.write((",".join(names) + "\n").encode())
        step = 100_000
        for start in range(0, n, step):
            block = np.round(rng.standard_normal((min(step, n - start), p)), 6)
            table = pa.table({name: block[:, j] for j, name in enumerate(names)})
            pacsv.write_csv(table, fh, write_options=pacsv.WriteOptions(include_header=False))


def write_wide(path: Path, p: int, n: int = 5) -> None:
    import numpy as np

    rng = np.random.default_rng(1)
    with open(path, "w") as fh:
        fh.write(",".join(f"feature_{j}" for j in range(p - 1)) + ",y\n")
        for row in np.round(rng.standard_normal((n, p)), 4):
            fh.write(",".join(repr(float(v)) for v in row) + "\n")


def wide_child(path: str) -> None:
    from swiftreg import _csv

    t0 = time.perf_counter()
    ds = _csv.load_csv(path, "y")
    print(json.dumps(dict(wall=time.perf_counter() - t0, shape=ds.X.shape, reader=ds.reader)))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true",
                    default=bool(os.environ.get("SWIFTREG_BENCH_QUICK")),
                    help="1e5 rows, 10 000 columns, one round; BENCHMARKS.md untouched")
    ap.add_argument("--rows", type=int, help="rows of the tall file (default 1e6)")
    ap.add_argument("--rounds", type=int, help="rounds (default 3; --quick 1)")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--write", dest="write", action="store_true", default=None,
                   help="write the section of BENCHMARKS.md (the default without --quick)")
    g.add_argument("--no-write", dest="write", action="store_false", help="only print")
    ap.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    ap.add_argument("--child", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    ap.add_argument("--wide-child", metavar="PATH", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(*args.child)
        return 0
    if args.wide_child:
        wide_child(args.wide_child)
        return 0
    n = args.rows or (100_000 if args.quick else 1_000_000)
    p = 20
    wide_p = 10_000 if args.quick else 100_000
    rounds = args.rounds or (1 if args.quick else 3)
    write = (not args.quick) if args.write is None else args.write
    started = time.time()
    load_start = os.getloadavg()
    results: dict[str, list[dict]] = {k: [] for k in KINDS}
    with tempfile.TemporaryDirectory(prefix="cli_load-") as tmp:
        tall, wide = Path(tmp) / "tall.csv", Path(tmp) / "wide.csv"
        t = time.perf_counter()
        write_tall(tall, n, p)
        size = tall.stat().st_size
        print(f"{tall.name}: {n} × {p}, {size / 1e6:.0f} MB, written in "
              f"{time.perf_counter() - t:.0f} s", flush=True)
        for r in range(rounds):
            order = KINDS if r % 2 == 0 else KINDS[::-1]
            for kind in order:
                res = run_child(kind, tall)
                results[kind].append(res)
                print(f"  round {r + 1} {kind:18s} {res['wall']:6.2f} s wall, "
                      f"{res['cpu']:6.2f} s CPU, peak +{(res['peak'] - res['base']) / 1e6:5.0f} MB"
                      f" ({res['reader']})", flush=True)
        write_wide(wide, wide_p)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p_ for p_ in [str(ROOT / "python"),
                                                          env.get("PYTHONPATH", "")] if p_)
        wide_runs = []
        for _ in range(rounds):
            proc = subprocess.run([sys.executable, __file__, "--wide-child", str(wide)],
                                  capture_output=True, text=True, env=env, check=True)
            wide_runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        wide_size = wide.stat().st_size
    load_end = os.getloadavg()
    numeric = n * p * 8

    def best(kind, key):
        return min(r[key] for r in results[kind])

    def peak(kind):
        return max(r["peak"] - r["base"] for r in results[kind])

    ref_wall, ref_cpu = best("pandas.read_csv", "wall"), best("pandas.read_csv", "cpu")
    same = {r["sha1"] for k in KINDS for r in results[k]}
    rows = []
    for kind in KINDS:
        w, c, m = best(kind, "wall"), best(kind, "cpu"), peak(kind)
        rows.append((kind, w, w / ref_wall, c, c / ref_cpu, m, m / numeric))
    ours = rows[0]
    time_ok = ours[2] <= 2.0
    mem_ok = ours[6] <= 2.0
    wide_wall = min(r["wall"] for r in wide_runs)
    wide_ok = wide_wall < 5.0
    lines = [
        "| loader | wall | × pandas | CPU | × pandas | peak memory | × numeric data |",
        "|---|---|---|---|---|---|---|",
    ]
    for kind, w, wr, c, cr, m, mr in rows:
        lines.append(f"| `{kind}` | {w:.2f} s | {wr:.2f} | {c:.2f} s | {cr:.2f} | "
                     f"{m / 1e6:.0f} MB | {mr:.2f} |")
    verdict = (f"load_csv time {ours[2]:.2f}× pandas.read_csv (target ≤ 2): "
               f"{'PASS' if time_ok else 'MISS'}; peak memory {ours[6]:.2f}× the numeric data "
               f"(target ≤ 2): {'PASS' if mem_ok else 'MISS'}; {wide_p} columns in "
               f"{wide_wall:.2f} s (target < 5 s): {'PASS' if wide_ok else 'MISS'}; values "
               f"{'identical' if len(same) == 1 else 'DIFFER'} across the loaders (SHA-1 of X, y).")
    table = "\n".join(lines)
    print()
    print(table)
    print(verdict)
    if not write:
        return 0
    import numpy as np
    import pandas
    import pyarrow

    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                                capture_output=True, text=True).stdout.strip()
    except OSError:
        commit = "?"
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    section = f"""{BEGIN}
## CLI loading: `swiftreg._csv.load_csv` vs `pandas.read_csv` (`bench/cli_load.py`)

- Machine: {_report.cpu_model()}, {os.cpu_count()} CPUs; Python {platform.python_version()}, \
NumPy {np.__version__}, pyarrow {pyarrow.__version__}, pandas {pandas.__version__}
- swiftreg at commit {commit}; {now}; run took {time.time() - started:.0f} s; load average \
(1/5/15 min) {"/".join(f"{v:.1f}" for v in load_start)} at the start, \
{"/".join(f"{v:.1f}" for v in load_end)} at the end (a shared machine: wall times are noisy; \
CPU times are steadier)
- Command: `PYTHONPATH=python .venv/bin/python bench/cli_load.py`
- File: {n} × {p} (19 features and the target `y`, standard normal values rounded to 6 decimals), \
{size / 1e6:.0f} MB; numeric data {numeric / 1e6:.0f} MB. Each load in its own process, the \
three kinds alternating, {rounds} rounds: best wall and CPU (user + system) time; peak memory = \
the process's peak resident set minus its resident set just before the call (after importing \
NumPy, swiftreg and the reader, pyarrow or pandas: imports are neither timed nor counted), the \
largest of the rounds.
- `load_csv` returns X (Fortran-ordered float64) and y, checked for missing and infinite values; \
`load_csv (pandas)` is the same with pyarrow blocked (the fallback); `pandas.read_csv` returns a \
DataFrame and checks nothing.

{table}

Wide header: {wide_p} columns × 5 rows ({wide_size / 1e6:.1f} MB), `load_csv` best of {rounds}: \
{wide_wall:.2f} s.

{verdict}

{END}
"""
    _report.write_section(args.output, BEGIN, END, section)
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
