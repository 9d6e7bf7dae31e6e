"""The command line's CSV loader: a numeric design matrix and target from a CSV file.

Public interface
----------------
``load_csv(path, target, *, ignore=(), dropna=False, sep=None, decimal=".", encoding="utf-8",
na_values=None, categorical=None, progress=None) -> Dataset``
    Read a CSV file with a header row. Every column other than ``target`` and those in
    ``ignore`` is a feature. ``Dataset.X`` is a float64 array (n × p,
    Fortran-ordered: column by column, as the estimators use it), ``y``
    float64 (n,), ``feature_names`` the p column names (one-hot columns are named
    ``col=value``), ``columns`` the file's feature columns before encoding and ``categories``
    the encoding: ``{column: [value, ...]}``, each value one one-hot column, in this order.

``load_features(path, columns, categories=None, *, drop=(), dropna=False, sep=None,
decimal=".", encoding="utf-8", na_values=None, progress=None) -> Features``
    Read the features of a new file for prediction: exactly the columns ``columns`` (those of
    a saved model, in any order), with the saved categorical encoding ``categories``. Columns
    in ``drop`` (the target, say) are left out when present. Missing or extra columns and
    values of a categorical column not in its saved list are errors that name them.

``feature_names(columns, categories) -> list[str]``
    The feature names the encoding gives (``col=value`` for each value of a categorical
    column, in place of the column).

Options
    ``sep``: one character; ``None`` takes ``,``, or ``;``, tab or ``|`` when the header line has
    no comma. ``decimal``: ``"."`` or ``","``. ``encoding``: any Python codec (a UTF-8 byte
    order mark is skipped). ``na_values``: cells read as missing besides the empty cell, NA,
    NaN, N/A, null, None and ``?`` (any case, surrounding spaces ignored); a number among them
    also marks cells of equal value (``-999`` matches ``-999.0``). ``categorical``: ``None``
    (every feature must be numeric), ``"auto"`` (every non-numeric feature column) or a list
    of column names, made one-hot columns, one per distinct value (sorted); a missing value
    in them is a missing value of the row.
    ``progress``: called as ``progress(bytes_read, bytes_total)`` as the file is read, for
    files of at least ``PROGRESS_MIN_BYTES`` bytes (approximate until the last call, which
    has ``bytes_read == bytes_total``).

Errors
    Every problem with the file raises :class:`LoadError` with a one-line message that says
    what to do; a bad option raises :class:`OptionError` (a subclass); a missing reader,
    :class:`MissingDependencyError` (a subclass). Paths that are not regular files
    (folders, devices, FIFOs, sockets) are refused before they are opened.

Readers
    pyarrow's multithreaded streaming CSV reader when pyarrow is installed, otherwise
    ``pandas.read_csv`` in chunks (``pip install 'swiftreg[cli]'`` installs pyarrow). A file
    they refuse (a ragged row, a non-numeric cell, a whitespace-only line) is read again by
    Python's csv module, which finds the line to report; the readers agree on every file
    they accept. A file with more than 2000 columns is split into cells and converted by
    pyarrow's compute functions instead (its CSV reader's set-up per column adds up to
    seconds at 100 000 columns). Reading happens block by block, so Ctrl-C stops it between
    blocks, and memory stays near the size of X: rows go straight into column-major buffers
    sized from the first megabyte's bytes per row.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import os
import re
import stat
import warnings
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Mapping, Sequence

import numpy as np

__all__ = [
    "load_csv",
    "load_features",
    "feature_names",
    "Dataset",
    "Features",
    "LoadError",
    "OptionError",
    "MissingDependencyError",
    "MISSING_TOKENS",
    "PROGRESS_MIN_BYTES",
]

# Cells read as missing values (compared after stripping and lower-casing).
MISSING_TOKENS = frozenset({"", "na", "nan", "n/a", "null", "none", "?"})
# Files at least this large report progress.
PROGRESS_MIN_BYTES = 4 << 20
INSTALL_HINT = "pip install pyarrow (the cli extra: pip install 'swiftreg[cli]')"

_SAMPLE_BYTES = 1 << 20
_BLOCK_BYTES = 1 << 19  # pyarrow reads a few blocks ahead: larger blocks take more memory
_EXACT_BATCH_ROWS = 8192
# Files with more columns are read line by line with pyarrow's compute functions: its CSV
# reader spends tens of microseconds per column setting up (seconds at 100k columns).
_WIDE_COLUMNS = 2000
_WIDE_CHUNK_CHARS = 8 << 20
_NUMBER_RE2 = r"^[+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|inf|infinity|nan)$"


class LoadError(Exception):
    """A CSV file that cannot be read as asked; the message is one line that says what to do."""


class OptionError(LoadError):
    """An option of the loader that means nothing (a two-character separator, say)."""


class MissingDependencyError(LoadError):
    """Neither pyarrow nor pandas is installed."""


@dataclass
class Dataset:
    """A numeric table read by :func:`load_csv`."""

    X: np.ndarray
    y: np.ndarray
    feature_names: list[str]
    target: str
    n_dropped: int = 0
    mean: np.ndarray | None = None
    scale: np.ndarray | None = None
    notes: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    categories: dict[str, list[str]] = field(default_factory=dict)
    n_rows: int = 0
    sep: str = ","
    decimal: str = "."
    encoding: str = "utf-8"
    reader: str = ""


@dataclass
class Features:
    """The features of a file read by :func:`load_features` for prediction.

    ``kept`` is the boolean mask of the file's data rows that are in ``X`` (all of them
    unless ``dropna`` dropped rows with missing values)."""

    X: np.ndarray
    feature_names: list[str]
    columns: list[str]
    categories: dict[str, list[str]]
    kept: np.ndarray
    n_dropped: int = 0
    notes: list[str] = field(default_factory=list)
    reader: str = ""


def feature_names(
    columns: Sequence[str], categories: Mapping[str, Sequence[str]] | None
) -> list[str]:
    """The names of the features: ``col=value`` for each value of a categorical column."""
    categories = categories or {}
    names: list[str] = []
    for c in columns:
        if c in categories:
            names.extend(f"{c}={v}" for v in categories[c])
        else:
            names.append(c)
    return names


def _name_list(names: Sequence[str], limit: int = 12) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f", … ({len(names)} in all)" if len(names) > limit else "")


# --------------------------------------------------------------------------------------
# Options


@dataclass
class _Options:
    sep: str | None
    decimal: str
    encoding: str  # the codec's canonical name
    na_strings: frozenset[str]  # stripped cells read as missing, besides MISSING_TOKENS
    na_numbers: tuple[float, ...]  # values read as missing


def _options(sep, decimal, encoding, na_values) -> _Options:
    if sep is not None:
        if sep in ("\\t", "tab", "TAB"):
            sep = "\t"
        if not isinstance(sep, str) or len(sep) != 1 or sep in '\r\n"':
            raise OptionError(
                f"the separator must be one character other than a quote or a line "
                f"break, not {sep!r}"
            )
    if decimal not in (".", ","):
        raise OptionError(f"the decimal mark must be '.' or ',', not {decimal!r}")
    if sep is not None and sep == decimal:
        raise OptionError(f"the separator and the decimal mark cannot both be {sep!r}")
    try:
        enc = codecs.lookup(encoding).name
    except (LookupError, TypeError):
        raise OptionError(
            f"unknown encoding {encoding!r} (for example utf-8, latin-1, cp1252, utf-16)"
        ) from None
    if isinstance(na_values, str):
        na_values = [na_values]
    strings = frozenset(str(v).strip() for v in (na_values or ()))
    numbers = []
    for s in strings:
        v = _number(s, decimal)
        if v is not None and not math.isnan(v):
            numbers.append(v)
    return _Options(sep, decimal, enc, strings, tuple(sorted(set(numbers))))


# ASCII numbers only: no digit separators (1_000), no other scripts' digits.
_NUMBER = re.compile(
    r"[+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|inf|infinity|nan)",
    re.ASCII | re.IGNORECASE,
)
_COMMA_NUMBER = re.compile(r"[+-]?[0-9]*,[0-9]+(?:[eE][+-]?[0-9]+)?", re.ASCII)


def _number(cell: str, decimal: str) -> float | None:
    """The value of a stripped cell, or None when it is not a number."""
    if decimal != ".":
        if "." in cell:
            return None
        cell = cell.replace(decimal, ".")
    if _NUMBER.fullmatch(cell) is None:
        return None
    return float(cell)


def _missing(cell: str, opts: _Options) -> bool:
    """A stripped cell read as a missing value."""
    return cell.lower() in MISSING_TOKENS or cell in opts.na_strings


def _null_tokens(opts: _Options) -> list[str]:
    """Exact cell texts the fast readers take as missing (every case of MISSING_TOKENS)."""
    out = set(opts.na_strings)
    for tok in MISSING_TOKENS:
        variants = [""]
        for ch in tok:
            variants = [v + c for v in variants for c in {ch.lower(), ch.upper()}]
        out.update(variants)
    return sorted(out)


# --------------------------------------------------------------------------------------
# The file and its header


@dataclass
class _Header:
    path: str
    size: int
    names: list[str]
    sep: str
    skip_lines: int  # physical lines up to and including the header
    simple: bool  # the header is one line (the fast readers can skip it by lines)
    bytes_per_row: float  # in the sample
    sample_rows: list[list[str]]  # data rows of the sample (for categorical="auto")
    whole: bool  # the sample is the whole file
    longest_line: int  # characters, in the sample
    quoted: bool  # the sample's data rows have a quote character


def _sniff_delimiter(first_line: str) -> str:
    if "," in first_line:
        return ","
    for d in (";", "\t", "|"):
        if d in first_line:
            return d
    return ","


def _open_regular(path: str):
    """Open a regular file for reading, refusing folders, devices, FIFOs and sockets without
    blocking or reading them."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise LoadError(f"{path}: no such file") from None
    except OSError as exc:
        raise LoadError(f"cannot read {path}: {exc.strerror or exc}") from None
    _check_mode(path, st.st_mode)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise LoadError(f"cannot read {path}: {exc.strerror or exc}") from None
    st = os.fstat(fd)
    try:
        _check_mode(path, st.st_mode)
    except LoadError:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb"), st.st_size


def _check_mode(path: str, mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise LoadError(f"{path} is a folder, not a CSV file")
    if stat.S_ISREG(mode):
        return
    kind = (
        "a FIFO (named pipe)"
        if stat.S_ISFIFO(mode)
        else "a character device"
        if stat.S_ISCHR(mode)
        else "a block device"
        if stat.S_ISBLK(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "not a regular file"
    )
    raise LoadError(f"{path} is {kind}, not a CSV file: save the data to a file and give its path")


def _not_text(path: str, opts: _Options, head: bytes) -> LoadError:
    if opts.encoding == "utf-8":
        hint = ""
        if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
            hint = "; it looks like UTF-16 text: pass --encoding utf-16"
        return LoadError(f"{path} is not a UTF-8 text (CSV) file{hint}")
    return LoadError(f"{path} is not a {opts.encoding} text (CSV) file; pass its --encoding")


def _read_header(path: str, opts: _Options) -> _Header:
    fh, size = _open_regular(path)
    codec = "utf-8-sig" if opts.encoding == "utf-8" else opts.encoding
    decoder = codecs.getincrementaldecoder(codec)("strict")
    with fh:
        head = fh.read(_SAMPLE_BYTES)
        sample_bytes = len(head)
        at_end = len(head) < _SAMPLE_BYTES
        try:
            text = decoder.decode(head, final=at_end)
            # read on while the sample has no complete non-blank line (a long header, or a
            # file that starts with much blank space)
            while not at_end and not _has_full_line(text):
                more = fh.read(_SAMPLE_BYTES)
                sample_bytes += len(more)
                at_end = len(more) < _SAMPLE_BYTES
                text += decoder.decode(more, final=at_end)
        except UnicodeDecodeError:
            raise _not_text(path, opts, head) from None
    if not text.strip():
        raise LoadError(f"{path} is empty: expected a header row and data rows")
    if "\x00" in text:
        raise _not_text(path, opts, head)
    # the line breaks of the csv module and of pyarrow: \n, \r\n, \r (not str.splitlines's)
    lines = io.StringIO(text, newline="").readlines()
    if not at_end and lines:
        lines = lines[:-1]  # the last line of the sample may be cut
    skip = 0
    while skip < len(lines) and not lines[skip].strip():
        skip += 1
    first = lines[skip] if skip < len(lines) else text.lstrip()
    sep = opts.sep if opts.sep is not None else _sniff_delimiter(first)
    rows = list(_csv_rows("".join(lines[skip:]), sep))
    if not rows:
        raise LoadError(f"{path} is empty: expected a header row and data rows")
    header_row, header_lines = rows[0]
    header = [h.strip() for h in header_row]
    header = [h if h else f"column{j + 1}" for j, h in enumerate(header)]
    counts = Counter(header)
    dupes = sorted(h for h, k in counts.items() if k > 1)
    if dupes:
        raise LoadError(f"{path}: the header repeats the column name(s) {_name_list(dupes)}")
    data_rows = [r for r, _ in rows[1:] if not _blank(r)]
    data_bytes = max(1, sample_bytes - len(first.encode(codec, "replace")))
    bpr = data_bytes / max(1, len(data_rows)) if data_rows else float(max(1, size))
    return _Header(
        path=path,
        size=size,
        names=header,
        sep=sep,
        skip_lines=skip + header_lines,
        simple=header_lines == 1,
        bytes_per_row=bpr,
        sample_rows=data_rows[:2000],
        whole=at_end,
        longest_line=max(len(line) for line in lines[skip:]) if lines[skip:] else len(text),
        quoted=any('"' in line for line in lines[skip + header_lines :]),
    )


def _has_full_line(text: str) -> bool:
    stripped = text.lstrip()
    return bool(stripped) and ("\n" in stripped or "\r" in stripped)


def _csv_rows(text: str, sep: str):
    """(row, number of physical lines it spans) for the complete rows of a sample."""
    reader = csv.reader(text.splitlines(keepends=True), delimiter=sep)
    last = 0
    try:
        for row in reader:
            yield row, reader.line_num - last
            last = reader.line_num
    except csv.Error:
        return


def _blank(row: list[str]) -> bool:
    return not row or (len(row) == 1 and not row[0].strip())


# --------------------------------------------------------------------------------------
# What to read


@dataclass
class _Plan:
    header: _Header
    numeric: list[int]  # file column indices read into X, in order
    target: int | None  # file column index read into y
    strings: list[int]  # categorical columns (file column indices)
    levels: dict[int, list[str]] | None  # fixed categories (prediction), else found
    auto: bool  # categorical="auto": numeric columns that are not become categorical


class _Restart(Exception):
    """categorical="auto": these columns turned out not to be numeric; read again."""

    def __init__(self, columns: set[int]):
        self.columns = columns


class _Acc:
    """Collects blocks of rows into preallocated column-major buffers (the numeric columns,
    the target, the categorical codes) and tracks missing and infinite values.

    The buffers are sized from the sample's bytes per row with a margin; pages never written
    cost no memory, so only the rows read are resident. :meth:`finish` moves the columns
    together and returns the unused tail, leaving X Fortran-ordered with no copy."""

    def __init__(self, plan: _Plan, opts: _Options, dropna: bool):
        self.plan, self.opts, self.dropna = plan, opts, dropna
        h = plan.header
        if h.whole:
            cap = len(h.sample_rows) + 1
        else:
            cap = int(h.size / max(h.bytes_per_row, 1.0) * 1.1) + 16
        self.cap = max(1, cap)
        self.p = len(plan.numeric)
        self.buf = np.empty(self.cap * self.p)  # column k at [k * cap, k * cap + n)
        self.ybuf = np.empty(self.cap) if plan.target is not None else None
        self.cbuf = {j: np.empty(self.cap, dtype=np.int32) for j in plan.strings}
        self.level_ids: dict[int, dict[str, int]] = {
            j: ({v: i for i, v in enumerate(plan.levels[j])} if plan.levels else {})
            for j in plan.strings
        }
        self.unseen: dict[int, set[str]] = {j: set() for j in plan.strings}
        self.n = 0  # rows stored
        self.n_rows = 0  # rows read
        self.n_missing = 0  # of which with a missing value
        self.missing_cols: set[int] = set()
        self.inf_cols: set[int] = set()
        self.keep: list[np.ndarray | None] = []  # per block: the rows without missing values
        self.lengths: list[int] = []
        self.na = np.array(opts.na_numbers, dtype=np.float64)
        self.X: np.ndarray | None = None
        self.y: np.ndarray | None = None
        self.codes: dict[int, np.ndarray] = {}

    def local_codes(self, j: int, values: Sequence[str | None]) -> np.ndarray:
        """Codes (int32, -1 for missing) of a block's stripped values."""
        ids = self.level_ids[j]
        fixed = self.plan.levels is not None
        out = np.empty(len(values), dtype=np.int32)
        for i, v in enumerate(values):
            if v is None:
                out[i] = -1
                continue
            s = v.strip()
            if s.lower() in MISSING_TOKENS or s in self.opts.na_strings:
                out[i] = -1
                continue
            k = ids.get(s)
            if k is None:
                if fixed:
                    self.unseen[j].add(s)
                    k = -1
                else:
                    k = ids[s] = len(ids)
            out[i] = k
        return out

    def _check(
        self, block: np.ndarray, columns: list[int], miss: np.ndarray | None
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """Missing values (NaN, and the numeric --na-values) and infinite values of a block
        (rows × columns)."""
        if self.na.size:
            hit = np.isin(block, self.na)
            if hit.any():
                block = np.where(hit, np.nan, block)
        if block.size and not np.isfinite(block).all():
            inf = np.isinf(block).any(axis=0)
            self.inf_cols.update(columns[k] for k in np.flatnonzero(inf))
            nan = np.isnan(block)
            cols = nan.any(axis=0)
            if cols.any():
                self.missing_cols.update(columns[k] for k in np.flatnonzero(cols))
                rows = nan.any(axis=1)
                miss = rows if miss is None else (miss | rows)
        return block, miss

    def _view(self) -> np.ndarray:
        return self.buf.reshape((self.cap, self.p), order="F")

    def _grow(self, need: int) -> None:
        cap = max(need, int(self.cap * 1.5) + 1024)
        old = self._view()
        self.buf = np.empty(cap * self.p)
        self.cap = cap
        self._view()[: self.n] = old[: self.n]
        del old
        if self.ybuf is not None:
            self.ybuf.resize(cap, refcheck=False)
        for c in self.cbuf.values():
            c.resize(cap, refcheck=False)

    def add(
        self,
        m: int,
        block: np.ndarray,
        y: np.ndarray | None,
        codes: dict[int, np.ndarray],
    ) -> None:
        """Add m rows: the numeric columns (float64, m × p, NaN for missing), the target, and
        int32 codes (-1 for missing) per categorical column."""
        if m == 0:
            return
        block, miss = self._check(block.reshape(m, self.p), self.plan.numeric, None)
        if y is not None and self.plan.target is not None:
            y2, miss = self._check(y.reshape(m, 1), [self.plan.target], miss)
            y = y2.reshape(m)
        for j, c in codes.items():
            mc = c < 0
            if mc.any():
                self.missing_cols.add(j)
                miss = mc if miss is None else (miss | mc)
        self.n_rows += m
        self.lengths.append(m)
        keep = None
        if miss is not None:
            self.n_missing += int(miss.sum())
            keep = ~miss
        self.keep.append(keep)
        drop = self.dropna and keep is not None
        rows = int(keep.sum()) if drop and keep is not None else m
        if self.n + rows > self.cap:
            self._grow(self.n + rows)
        a = self.n
        if self.p:
            self._view()[a : a + rows] = block[keep] if drop else block
        if y is not None and self.ybuf is not None:
            self.ybuf[a : a + rows] = y[keep] if drop else y
        for j, c in codes.items():
            self.cbuf[j][a : a + rows] = c[keep] if drop else c
        self.n += rows

    def finish(self) -> None:
        """Move the columns together (X n × p, Fortran-ordered, in the same memory)."""
        n, cap, buf = self.n, self.cap, self.buf
        if cap != n and self.p > 1000 and n * self.p <= (8 << 20):
            self.X = np.asfortranarray(self._view()[:n])  # small: a copy beats a long loop
        else:
            for k in range(1, self.p) if cap != n else ():
                buf[k * n : (k + 1) * n] = buf[k * cap : k * cap + n]
            buf.resize(n * self.p, refcheck=False)
            self.X = buf.reshape((n, self.p), order="F")
        if self.ybuf is not None:
            self.ybuf.resize(n, refcheck=False)
            self.y = self.ybuf
        for j, c in self.cbuf.items():
            c.resize(n, refcheck=False)
            self.codes[j] = c

    def kept(self) -> np.ndarray:
        """The mask of the rows read that are in the result."""
        if not self.keep:
            return np.zeros(0, dtype=bool)
        return np.concatenate(
            [np.ones(m, dtype=bool) if k is None else k for m, k in zip(self.lengths, self.keep)]
        )


# --------------------------------------------------------------------------------------
# The readers


def _reader_module():
    try:
        import pyarrow.csv  # noqa: F401

        return "pyarrow"
    except ImportError:
        pass
    try:
        import pandas  # noqa: F401

        return "pandas"
    except ImportError:
        raise MissingDependencyError(
            f"reading CSV files needs pyarrow (or pandas): {INSTALL_HINT}"
        ) from None


class _FastFailed(Exception):
    """The fast reader refused the file (a ragged row, a non-numeric cell, ...)."""

    def __init__(self, column: int | None = None):
        self.column = column


class _Progress:
    def __init__(self, progress, size: int, bytes_per_row: float):
        self.fn = progress if (progress is not None and size >= PROGRESS_MIN_BYTES) else None
        self.size, self.bpr = size, bytes_per_row

    def rows(self, n_rows: int) -> None:
        if self.fn is not None:
            self.fn(min(int(n_rows * self.bpr), self.size - 1), self.size)

    def bytes(self, done: int) -> None:
        if self.fn is not None:
            self.fn(min(done, self.size - 1), self.size)

    def done(self) -> None:
        if self.fn is not None:
            self.fn(self.size, self.size)


_COLUMN_IN_ERROR = re.compile(
    r"In CSV column #(\d+): CSV conversion error to double: invalid value '(.*)'$", re.DOTALL
)


def _numeric_block(pa, batch, p: int) -> np.ndarray:
    """The batch's first p columns (float64) as one m × p array, NaN for missing values."""
    m = batch.num_rows
    if p == 0:
        return np.empty((m, 0))
    sub = pa.RecordBatch.from_arrays(batch.columns[:p], names=batch.schema.names[:p])
    if hasattr(sub, "to_tensor"):
        return np.asarray(sub.to_tensor(null_to_nan=True, row_major=False))
    return np.column_stack([_np_values(pa, c, np.float64) for c in sub.columns])


def _read_pyarrow(plan: _Plan, opts: _Options, acc: _Acc, prog: _Progress) -> None:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    h = plan.header
    names = [f"c{j}" for j in range(len(h.names))]
    types = {names[j]: pa.float64() for j in plan.numeric}
    if plan.target is not None:
        types[names[plan.target]] = pa.float64()
    for j in plan.strings:
        types[names[j]] = pa.dictionary(pa.int32(), pa.string())
    include = [names[j] for j in plan.numeric]
    if plan.target is not None:
        include.append(names[plan.target])
    include += [names[j] for j in plan.strings]
    ro = pacsv.ReadOptions(
        column_names=names,
        skip_rows=h.skip_lines,
        block_size=max(_BLOCK_BYTES, 16 * h.longest_line),
        use_threads=True,
        encoding="utf8" if opts.encoding == "utf-8" else opts.encoding,
    )
    # a quoted value may hold a line break: pyarrow then splits the file into blocks more
    # slowly (a break it does not expect is an error, and the exact reader takes over)
    po = pacsv.ParseOptions(delimiter=h.sep, newlines_in_values=h.quoted)
    co = pacsv.ConvertOptions(
        column_types=types,
        include_columns=include,
        null_values=_null_tokens(opts),
        strings_can_be_null=True,
        quoted_strings_can_be_null=True,
        decimal_point=opts.decimal,
    )
    try:
        reader = pacsv.open_csv(h.path, read_options=ro, parse_options=po, convert_options=co)
        schema = reader.schema
        index = {name: i for i, name in enumerate(schema.names)}
        while True:
            try:
                batch = reader.read_next_batch()
            except StopIteration:
                break

            block = _numeric_block(pa, batch, len(plan.numeric))
            y = None
            if plan.target is not None:
                y = _np_values(pa, batch.column(index[names[plan.target]]), np.float64)
            codes = {}
            for j in plan.strings:
                col = batch.column(index[names[j]])
                local = acc.local_codes(j, col.dictionary.to_pylist())
                c = _np_values(pa, col.indices, np.int32)  # -1 for missing
                if len(local):
                    c = np.where(c >= 0, local[np.maximum(c, 0)], -1).astype(np.int32)
                codes[j] = c
            acc.add(batch.num_rows, block, y, codes)
            del batch
            prog.rows(acc.n_rows)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, UnicodeError) as exc:
        # a cell that is text even to the exact reader makes its column categorical under
        # categorical="auto"; anything else (" NA ", say) is the exact reader's to judge
        m = _COLUMN_IN_ERROR.search(str(exc))
        text = m.group(2).strip() if m else ""
        if m and not _missing(text, opts) and _number(text, opts.decimal) is None:
            raise _FastFailed(int(m.group(1))) from None
        raise _FastFailed() from None
    finally:
        release = getattr(pa.default_memory_pool(), "release_unused", None)
        if release is not None:
            release()  # return the reader's freed blocks to the system


# pyarrow.array() imports pandas when it is installed (seconds): arrays from buffers instead
def _pa_ints(pa, values: np.ndarray):
    values = np.ascontiguousarray(values, dtype=np.int64)
    return pa.Array.from_buffers(pa.int64(), len(values), [None, pa.py_buffer(values)])


def _pa_strings(pa, values: Sequence[str]):
    data = [v.encode() for v in values]
    offsets = np.zeros(len(data) + 1, dtype=np.int32)
    np.cumsum([len(d) for d in data], out=offsets[1:])
    buffers = [None, pa.py_buffer(offsets), pa.py_buffer(b"".join(data))]
    return pa.Array.from_buffers(pa.string(), len(data), buffers)


def _np_values(pa, arr, dtype) -> np.ndarray:
    """A float64 or int32 pyarrow array as a NumPy array, nulls as NaN or -1 (without
    to_numpy(), which imports pandas when it is installed)."""
    dtype = np.dtype(dtype)
    if isinstance(arr, pa.ChunkedArray):
        parts = [_np_values(pa, a, dtype) for a in arr.chunks]
        return np.concatenate(parts) if parts else np.empty(0, dtype)
    n, at = len(arr), arr.offset
    out = np.frombuffer(arr.buffers()[1], dtype=dtype)[at : at + n]
    if arr.null_count:
        bits = np.frombuffer(arr.buffers()[0], dtype=np.uint8)
        valid = np.unpackbits(bits, bitorder="little")[at : at + n].astype(bool)
        out = np.where(valid, out, np.nan if dtype.kind == "f" else -1).astype(dtype)
    return out


def _read_wide(plan: _Plan, opts: _Options, acc: _Acc, prog: _Progress) -> None:
    """A file with many columns: lines split and converted by pyarrow's compute functions.
    Anything unusual (a quote, a ragged row, a cell that is not a number) goes to the exact
    reader, which reports it."""
    import pyarrow as pa
    import pyarrow.compute as pc

    h = plan.header
    ncol = len(h.names)
    empty, nan_text = _pa_strings(pa, ["", "nan"])  # scalars (a Python str would import pandas)
    width = _pa_ints(pa, np.array([ncol]))[0]
    missing = _pa_strings(pa, sorted(MISSING_TOKENS))
    na_strings = _pa_strings(pa, sorted(opts.na_strings))

    def floats(cells, m: int, p: int) -> np.ndarray:
        trimmed = pc.utf8_trim_whitespace(cells)
        miss = pc.or_(
            pc.is_in(pc.utf8_lower(trimmed), value_set=missing),
            pc.is_in(trimmed, value_set=na_strings),
        )
        text = trimmed
        if opts.decimal != ".":
            if pc.any(pc.match_substring(text, ".")).as_py():
                raise _FastFailed()
            text = pc.replace_substring(text, opts.decimal, ".")
        ok = pc.match_substring_regex(text, _NUMBER_RE2, ignore_case=True)
        if not pc.all(pc.or_(ok, miss)).as_py():
            raise _FastFailed()
        values = pc.cast(pc.if_else(miss, nan_text, text), pa.float64())
        return _np_values(pa, values, np.float64).reshape(m, p)

    import pyarrow.csv as pacsv

    # each line one string: a separator and quote character that no text has
    ro = pacsv.ReadOptions(
        column_names=["line"],
        skip_rows=h.skip_lines,
        block_size=max(_BLOCK_BYTES, 16 * h.longest_line),
        encoding="utf8" if opts.encoding == "utf-8" else opts.encoding,
    )
    po = pacsv.ParseOptions(delimiter="\x1f", quote_char=False, ignore_empty_lines=True)
    co = pacsv.ConvertOptions(column_types={"line": pa.string()}, strings_can_be_null=False)
    num = np.asarray(plan.numeric, dtype=np.int64)
    try:
        reader = pacsv.open_csv(h.path, read_options=ro, parse_options=po, convert_options=co)
        while True:
            try:
                batch = reader.read_next_batch()
            except StopIteration:
                break
            arr = batch.column(0)
            if pc.any(pc.match_substring(arr, '"')).as_py():
                raise _FastFailed()
            arr = arr.filter(pc.not_equal(pc.utf8_trim_whitespace(arr), empty))
            m = len(arr)
            if m == 0:
                continue
            parts = pc.split_pattern(arr, h.sep)
            if not pc.all(pc.equal(pc.list_value_length(parts), width)).as_py():
                raise _FastFailed()
            cells = pc.list_flatten(parts)
            base = np.arange(m, dtype=np.int64)[:, None] * ncol
            block = floats(cells.take(_pa_ints(pa, (base + num).ravel())), m, len(num))
            y = None
            if plan.target is not None:
                y = floats(cells.take(_pa_ints(pa, base[:, 0] + plan.target)), m, 1).ravel()
            codes = {
                j: acc.local_codes(j, cells.take(_pa_ints(pa, base[:, 0] + j)).to_pylist())
                for j in plan.strings
            }
            acc.add(m, block, y, codes)
            prog.rows(acc.n_rows)
    except (pa.ArrowInvalid, UnicodeError):
        raise _FastFailed() from None


def _read_pandas(plan: _Plan, opts: _Options, acc: _Acc, prog: _Progress) -> None:
    import pandas as pd

    h = plan.header
    names = [f"c{j}" for j in range(len(h.names))]
    # pandas takes a first row one field too long (or with a trailing separator) as an
    # index column, or drops its last field, silently: the exact reader takes such files
    # (later long rows are pandas's errors)
    if any(len(r) != len(names) for r in h.sample_rows[:1]):
        raise _FastFailed()
    dtype: dict[str, object] = {names[j]: np.float64 for j in plan.numeric}
    if plan.target is not None:
        dtype[names[plan.target]] = np.float64
    dtype.update({name: object for name in names if name not in dtype})
    rows = max(1024, int(_BLOCK_BYTES / max(h.bytes_per_row, 1.0)))
    try:
        with open(h.path, "rb") as fh, warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            chunks = pd.read_csv(
                fh,
                sep=h.sep,
                header=None,
                names=names,
                index_col=False,
                # no usecols: with it, pandas drops the extra fields of a long row silently
                dtype=dtype,
                skiprows=h.skip_lines,
                na_values=_null_tokens(opts),
                keep_default_na=False,
                decimal=opts.decimal,
                encoding="utf-8" if opts.encoding == "utf-8" else opts.encoding,
                skip_blank_lines=True,
                chunksize=rows,
                engine="c",
            )
            for chunk in chunks:
                block = chunk[[names[j] for j in plan.numeric]].to_numpy(dtype=np.float64)
                y = None
                if plan.target is not None:
                    y = chunk[names[plan.target]].to_numpy(dtype=np.float64)
                codes = {}
                for j in plan.strings:
                    vals = [None if isinstance(v, float) else v for v in chunk[names[j]]]
                    codes[j] = acc.local_codes(j, vals)
                acc.add(len(chunk), block, y, codes)
                del chunk
                prog.bytes(fh.tell())
    except (ValueError, UnicodeError, pd.errors.ParserError, pd.errors.ParserWarning):
        raise _FastFailed() from None
    if acc.n_missing:
        # pandas fills the missing fields of a short row with NaN: let the exact reader
        # tell a short row from a missing value.
        raise _FastFailed()


def _read_exact(plan: _Plan, opts: _Options, acc: _Acc, prog: _Progress) -> None:
    """Python's csv module, cell by cell: the reader that finds the line of each problem."""
    h = plan.header
    path = h.path
    codec = "utf-8-sig" if opts.encoding == "utf-8" else opts.encoding
    ncol = len(h.names)
    numeric = plan.numeric
    bad: dict[int, tuple[int, str]] = {}
    na_strings = opts.na_strings
    decimal = opts.decimal
    batch: list[list[str]] = []

    def flush():
        rows = batch

        block = np.array(
            [[_cell(r[j], i, j) for j in numeric] for i, r in enumerate(rows)], dtype=np.float64
        )
        y = None
        if plan.target is not None:
            t = plan.target
            y = np.array([_cell(r[t], i, t) for i, r in enumerate(rows)])
        codes = {j: acc.local_codes(j, [r[j] for r in rows]) for j in plan.strings}
        acc.add(len(rows), block, y, codes)
        prog.rows(acc.n_rows)

    lines_of_batch: list[int] = []

    def _cell(text: str, i: int, j: int) -> float:
        cell = text.strip()
        if cell.lower() in MISSING_TOKENS or cell in na_strings:
            return math.nan
        v = _number(cell, decimal)
        if v is None:
            if j not in bad:
                bad[j] = (lines_of_batch[i], cell)
            return math.nan
        return v

    fh, _ = _open_regular(path)
    fh.close()
    try:
        with open(path, encoding=codec, newline="") as text:
            reader = csv.reader(text, delimiter=h.sep)
            seen_header = False
            try:
                for row in reader:
                    if _blank(row) or (not seen_header and not any(c.strip() for c in row)):
                        continue
                    if not seen_header:
                        seen_header = True
                        continue
                    if len(row) != ncol:
                        raise LoadError(
                            f"{path}, line {reader.line_num}: {len(row)} fields, but "
                            f"the header has {ncol} columns"
                        )
                    batch.append(row)
                    lines_of_batch.append(reader.line_num)
                    if len(batch) >= _EXACT_BATCH_ROWS:
                        flush()
                        batch = []
                        lines_of_batch = []
                if batch:
                    flush()
            except csv.Error as exc:
                raise LoadError(f"{path}, line {reader.line_num}: not valid CSV ({exc})") from None
    except UnicodeError:
        with open(path, "rb") as fh:
            head = fh.read(4)
        raise _not_text(path, opts, head) from None
    if not bad:
        return
    if plan.auto:
        features = {j: v for j, v in bad.items() if j != plan.target}
        if features:
            raise _Restart(set(features))
    names = h.names
    sep = h.sep
    if plan.target is not None and plan.target in bad:
        line, cell = bad[plan.target]
        raise LoadError(
            f"target column {names[plan.target]!r} is not numeric "
            f"(line {line}: {cell!r}){_comma_hint([cell], decimal, sep)}"
        )
    items = sorted(bad.items())
    detail = ", ".join(f"{names[j]} (line {line}: {cell!r})" for j, (line, cell) in items[:5])
    more = f" and {len(items) - 5} more" if len(items) > 5 else ""
    cols = ",".join(names[j] for j, _ in items)
    hint = _comma_hint([cell for _, (_, cell) in items], decimal, sep)
    if plan.levels is not None:
        raise LoadError(f"non-numeric feature column(s): {detail}{more}{hint}")
    raise LoadError(
        f"non-numeric feature column(s): {detail}{more}; encode them as numbers, make them "
        f"one-hot columns with --categorical {cols} or leave them out with --ignore {cols}"
        f"{hint}"
    )


def _comma_hint(cells: Sequence[str], decimal: str, sep: str) -> str:
    if decimal == "." and sep != "," and any(_COMMA_NUMBER.fullmatch(c) for c in cells):
        return "; if ',' is the decimal mark, pass --decimal ,"
    return ""


def _run(plan: _Plan, opts: _Options, dropna: bool, progress) -> tuple[_Acc, str]:
    """Read the file as planned: the fast reader, then the exact one where it refuses."""
    module = _reader_module()
    while True:
        prog = _Progress(progress, plan.header.size, plan.header.bytes_per_row)
        acc = _Acc(plan, opts, dropna)
        used = module
        try:
            if not plan.header.simple:
                raise _FastFailed()
            if module == "pyarrow" and len(plan.header.names) > _WIDE_COLUMNS:
                _read_wide(plan, opts, acc, prog)
            elif module == "pyarrow":
                _read_pyarrow(plan, opts, acc, prog)
            else:
                _read_pandas(plan, opts, acc, prog)
        except _FastFailed as failed:
            j = failed.column
            if plan.auto and j is not None and j in plan.numeric:
                plan.numeric.remove(j)
                plan.strings.append(j)
                plan.strings.sort()
                continue
            prog = _Progress(progress, plan.header.size, plan.header.bytes_per_row)
            acc = _Acc(plan, opts, dropna)
            used = "python"
            try:
                _read_exact(plan, opts, acc, prog)
            except _Restart as r:
                for j in r.columns:
                    plan.numeric.remove(j)
                    plan.strings.append(j)
                plan.strings.sort()
                continue
        acc.finish()
        prog.done()
        return acc, used


# --------------------------------------------------------------------------------------
# The public functions


def _auto_strings(h: _Header, candidates: list[int], opts: _Options) -> list[int]:
    """The columns whose sample cells are not all numbers or missing."""
    out = []
    for j in candidates:
        for row in h.sample_rows:
            if len(row) != len(h.names):
                continue
            cell = row[j].strip()
            if cell.lower() in MISSING_TOKENS or cell in opts.na_strings:
                continue
            if _number(cell, opts.decimal) is None:
                out.append(j)
                break
    return out


def _assemble(acc: _Acc, plan: _Plan, columns: list[int], names: list[str]):
    """The design matrix in the order of ``columns``, categorical columns one-hot, and the
    categories: the found values sorted, or the fixed ones."""
    categories: dict[str, list[str]] = {}
    remap: dict[int, np.ndarray] = {}
    for j in plan.strings:
        ids = acc.level_ids[j]
        if plan.levels is not None:
            categories[names[j]] = list(plan.levels[j])
            continue
        levels = sorted(ids)
        order = np.empty(len(ids), dtype=np.int32)
        for new, v in enumerate(levels):
            order[ids[v]] = new
        remap[j] = order
        categories[names[j]] = levels
    assert acc.X is not None
    if not plan.strings:
        return acc.X, categories
    strings = set(plan.strings)
    width = sum(len(categories[names[j]]) if j in strings else 1 for j in columns)
    n = acc.n
    X = np.zeros((n, width), order="F")
    num_pos = {j: k for k, j in enumerate(plan.numeric)}
    at = 0
    for j in columns:
        if j in num_pos:
            X[:, at] = acc.X[:, num_pos[j]]
            at += 1
            continue
        codes = acc.codes[j]
        if j in remap and len(remap[j]):
            codes = remap[j][codes]
        if n:
            X[np.arange(n), at + codes] = 1.0
        at += len(categories[names[j]])
    return X, categories


def load_csv(
    path: str | os.PathLike,
    target: str,
    *,
    ignore: Sequence[str] = (),
    dropna: bool = False,
    sep: str | None = None,
    decimal: str = ".",
    encoding: str = "utf-8",
    na_values: Sequence[str] | None = None,
    categorical: str | Sequence[str] | None = None,
    progress: Callable[[int, int], object] | None = None,
) -> Dataset:
    """Read a CSV file with a header row into a numeric design matrix and target.

    See the module's documentation for the options. Every problem raises
    :class:`LoadError` with a one-line message that says what to do.
    """
    path = os.fspath(path)
    opts = _options(sep, decimal, encoding, na_values)
    if isinstance(categorical, str) and categorical != "auto":
        categorical = [c.strip() for c in categorical.split(",") if c.strip()]
    h = _read_header(path, opts)
    header = h.names
    position = {name: j for j, name in enumerate(header)}
    if target not in position:
        raise LoadError(
            f"target column {target!r} is not in {path} (columns: {_name_list(header)})"
        )
    ignore = list(dict.fromkeys(ignore))
    unknown = [c for c in ignore if c not in position]
    if unknown:
        raise LoadError(f"--ignore names column(s) not in {path}: {_name_list(unknown)}")
    if target in ignore:
        raise LoadError(f"the target column {target!r} cannot also be in --ignore")
    ignored = set(ignore)
    t = position[target]
    features = [j for j, name in enumerate(header) if j != t and name not in ignored]
    if not features:
        raise LoadError(f"{path} has no feature columns besides the target {target!r}")
    auto = categorical == "auto"
    if auto:
        strings = _auto_strings(h, features, opts)
    elif categorical:
        cats = list(dict.fromkeys(categorical))
        unknown = [c for c in cats if c not in position]
        if unknown:
            raise LoadError(f"--categorical names column(s) not in {path}: {_name_list(unknown)}")
        if target in cats:
            raise LoadError(f"the target column {target!r} cannot be categorical")
        clash = [c for c in cats if c in ignored]
        if clash:
            raise LoadError(f"column(s) {_name_list(clash)} are both in --categorical and --ignore")
        strings = sorted(position[c] for c in cats)
    else:
        strings = []
    plan = _Plan(
        header=h,
        numeric=[j for j in features if j not in set(strings)],
        target=t,
        strings=list(strings),
        levels=None,
        auto=auto,
    )
    acc, used = _run(plan, opts, dropna, progress)
    if acc.n_rows == 0:
        raise LoadError(f"{path} has a header but no data rows")
    _check_values(acc, header, path, dropna)
    X, categories = _assemble(acc, plan, features, header)
    cols = [header[j] for j in features]
    ds = Dataset(
        X=X,
        y=acc.y if acc.y is not None else np.empty(0),
        feature_names=feature_names(cols, categories),
        target=target,
        n_dropped=acc.n_missing if dropna else 0,
        columns=cols,
        categories=categories,
        n_rows=acc.n_rows,
        sep=h.sep,
        decimal=opts.decimal,
        encoding=opts.encoding,
        reader=used,
    )
    if dropna and acc.n_missing:
        ds.notes.append(
            f"dropped {acc.n_missing} of {acc.n_rows} rows with missing values (--dropna)"
        )
    for c, levels in categories.items():
        ds.notes.append(
            f"categorical column {c}: {len(levels)} one-hot column(s) "
            f"({_name_list([f'{c}={v}' for v in levels], 6)})"
        )
    return ds


def _check_values(acc: _Acc, header: list[str], path: str, dropna: bool) -> None:
    if acc.inf_cols:
        raise LoadError(
            f"column(s) {_name_list([header[j] for j in sorted(acc.inf_cols)])} "
            f"contain infinite values"
        )
    if acc.n_missing and not dropna:
        cols = [header[j] for j in sorted(acc.missing_cols)]
        raise LoadError(
            f"{acc.n_missing} of {acc.n_rows} rows have missing values "
            f"(in {_name_list(cols)}); drop those rows with --dropna"
        )
    if acc.n_missing and acc.n == 0:
        raise LoadError(f"all {acc.n_rows} rows of {path} have missing values: nothing left to fit")


def load_features(
    path: str | os.PathLike,
    columns: Sequence[str],
    categories: Mapping[str, Sequence[str]] | None = None,
    *,
    drop: Sequence[str] = (),
    dropna: bool = False,
    sep: str | None = None,
    decimal: str = ".",
    encoding: str = "utf-8",
    na_values: Sequence[str] | None = None,
    progress: Callable[[int, int], object] | None = None,
) -> Features:
    """Read the feature columns ``columns`` of a new file (for prediction with a saved model),
    one-hot encoding the categorical ones with the saved ``categories``.

    The file must have exactly these columns (in any order), besides those in ``drop``.
    """
    path = os.fspath(path)
    opts = _options(sep, decimal, encoding, na_values)
    categories = {c: list(v) for c, v in (categories or {}).items()}
    h = _read_header(path, opts)
    header = h.names
    position = {name: j for j, name in enumerate(header)}
    missing = [c for c in columns if c not in position]
    if missing:
        raise LoadError(
            f"{path} lacks the model's feature column(s) {_name_list(missing)} "
            f"(columns: {_name_list(header)})"
        )
    wanted = set(columns) | set(drop)
    extra = [c for c in header if c not in wanted]
    if extra:
        raise LoadError(
            f"{path} has column(s) the model does not know: {_name_list(extra)}; "
            f"leave them out of the file or with --ignore"
        )
    unknown = [c for c in categories if c not in set(columns)]
    if unknown:
        raise OptionError(
            f"categories given for column(s) not among the features: {_name_list(unknown)}"
        )
    feats = [position[c] for c in columns]
    strings = sorted(position[c] for c in categories)
    plan = _Plan(
        header=h,
        numeric=[j for j in feats if header[j] not in categories],
        target=None,
        strings=strings,
        levels={position[c]: list(v) for c, v in categories.items()},
        auto=False,
    )
    acc, used = _run(plan, opts, dropna, progress)
    if acc.n_rows == 0:
        raise LoadError(f"{path} has a header but no data rows")
    unseen = {header[j]: sorted(v) for j, v in acc.unseen.items() if v}
    if unseen:
        detail = "; ".join(f"{c}: {_name_list([repr(x) for x in v], 5)}" for c, v in unseen.items())
        raise LoadError(
            f"{path} has values the model was not fitted with in categorical column(s) {detail}"
        )
    _check_values(acc, header, path, dropna)
    X, cats = _assemble(acc, plan, feats, header)
    kept = acc.kept()
    out = Features(
        X=X,
        feature_names=feature_names(list(columns), cats),
        columns=list(columns),
        categories=cats,
        kept=kept,
        n_dropped=acc.n_missing if dropna else 0,
        reader=used,
    )
    if dropna and acc.n_missing:
        out.notes.append(
            f"dropped {acc.n_missing} of {acc.n_rows} rows with missing values (--dropna)"
        )
    return out
