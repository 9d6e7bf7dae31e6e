"""The command line's CSV loader (python/swiftreg/_csv.py), called directly.

Every hostile file gets its one-line message; the fast readers (pyarrow, pandas) and the exact
one (Python's csv module) agree; options, one-hot columns, prediction files, paths that are
not regular files, wide headers, progress, and the readers' fallbacks.
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from swiftreg import _csv
from swiftreg._csv import LoadError, OptionError

ROOT = Path(__file__).resolve().parents[2]
pa = pytest.importorskip("pyarrow")


@pytest.fixture
def write(tmp_path):
    def write(text, name: str = "data.csv") -> Path:
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_bytes(text.encode("utf-8"))
        return path

    return write


def error(path, target="y", **kw) -> str:
    with pytest.raises(LoadError) as info:
        _csv.load_csv(path, target, **kw)
    message = str(info.value)
    assert "\n" not in message
    return message


# --------------------------------------------------------------------------------------
# Hostile files: the messages of the command line


def test_missing_file(tmp_path):
    msg = error(tmp_path / "nope.csv")
    assert "nope.csv" in msg and "no such file" in msg


def test_folder(tmp_path):
    assert "is a folder, not a CSV file" in error(tmp_path)


@pytest.mark.parametrize("text", ["", "\n\n  \n", "\r\n\t\r\n"])
def test_empty_file(write, text):
    assert "is empty: expected a header row and data rows" in error(write(text))


def test_header_without_rows(write):
    assert "has a header but no data rows" in error(write("a,b,y\n"))
    assert "has a header but no data rows" in error(write("a,b,y\n\n   \n"))


def test_binary_file(write):
    msg = error(write(b"\x89PNG\r\n\x1a\n\xff\xfe\x00\x00"))
    assert "not a UTF-8 text (CSV) file" in msg


def test_invalid_utf8_after_the_sample(write, monkeypatch):
    monkeypatch.setattr(_csv, "_SAMPLE_BYTES", 64)
    rows = "".join(f"{i},{i + 1}\n" for i in range(50))
    path = write(("a,y\n" + rows).encode() + b"\xff\xfe,3\n")
    assert "not a UTF-8 text (CSV) file" in error(path)


def test_utf16_says_how_to_read_it(write):
    path = write("a,b,y\n1,2,3\n4,5,7\n".encode("utf-16"))
    msg = error(path)
    assert "not a UTF-8 text (CSV) file" in msg and "--encoding utf-16" in msg
    ds = _csv.load_csv(path, "y", encoding="utf-16")
    np.testing.assert_array_equal(ds.X, [[1, 2], [4, 5]])
    np.testing.assert_array_equal(ds.y, [3, 7])


def test_missing_target_column(write):
    msg = error(write("a,b,y\n1,2,3\n"), target="price")
    assert "target column 'price' is not in" in msg and "(columns: a, b, y)" in msg


def test_non_numeric_target_names_the_line(write):
    msg = error(write("a,b,y\n1,2,3\n2,3,high\n3,1,4\n"))
    assert "target column 'y' is not numeric (line 3: 'high')" in msg


def test_non_numeric_features_are_named(write):
    path = write("city,a,colour,y\nParis,1,red,3\nRome,2,blue,4\nOslo,3,red,5\n")
    msg = error(path)
    assert msg.startswith("non-numeric feature column(s): city (line 2: 'Paris'), colour (line 2:")
    assert "--ignore city,colour" in msg and "--categorical city,colour" in msg
    ds = _csv.load_csv(path, "y", ignore=["city", "colour"])
    assert ds.feature_names == ["a"]


def test_many_non_numeric_columns_are_summarised(write):
    header = ",".join(f"c{j}" for j in range(8)) + ",y"
    path = write(header + "\n" + ",".join("x" * 8) + ",1\n")
    assert "and 3 more" in error(path)


def test_missing_values_say_how_many_and_which_option(write):
    path = write("a,b,y\n1,,3\n2,3,NA\n3,4,5\n4,6,7\n5,7,9\n")
    msg = error(path)
    assert "2 of 5 rows have missing values (in b, y); drop those rows with --dropna" in msg
    ds = _csv.load_csv(path, "y", dropna=True)
    assert ds.n_dropped == 2 and ds.n_rows == 5
    assert "dropped 2 of 5 rows with missing values (--dropna)" in ds.notes
    np.testing.assert_array_equal(ds.X, [[3, 4], [4, 6], [5, 7]])
    np.testing.assert_array_equal(ds.y, [5, 7, 9])


@pytest.mark.parametrize("token", ["", "NA", "na", "NaN", "nan", "N/A", "null", "NULL", "None",
                                   "?", " NA ", '""'])
def test_missing_tokens(write, token):
    ds = _csv.load_csv(write(f"a,y\n1,2\n{token},3\n4,5\n"), "y", dropna=True)
    assert ds.n_dropped == 1
    np.testing.assert_array_equal(ds.X[:, 0], [1, 4])


def test_all_rows_missing(write):
    msg = error(write("a,y\n,1\n2,\n"), dropna=True)
    assert "all 2 rows" in msg and "nothing left to fit" in msg


def test_ragged_row_names_the_line(write):
    assert "line 3: 2 fields, but the header has 3 columns" in error(write("a,b,y\n1,2,3\n4,5\n"))
    assert "line 2: 4 fields, but the header has 3 columns" in error(write("a,b,y\n1,2,3,4\n"))


def test_infinite_values(write):
    msg = error(write("a,y\n1,2\ninf,3\n"))
    assert "column(s) a contain infinite values" in msg
    assert "infinite" in error(write("a,y\n1,-Infinity\n2,3\n"))


def test_only_the_target(write):
    assert "no feature columns besides the target 'y'" in error(write("y\n1\n2\n"))
    assert "no feature columns" in error(write("a,y\n1\n"), ignore=["a"])


def test_duplicate_header_names(write):
    assert "the header repeats the column name(s) a, b" in error(write("a,b,a,b,y\n1,2,3,4,5\n"))
    # names are compared after stripping; an empty name is columnN
    assert "repeats the column name(s) a" in error(write("a, a ,y\n1,2,3\n"))
    ds = _csv.load_csv(write(",b,y\n1,2,3\n"), "y")
    assert ds.feature_names == ["column1", "b"]


def test_ignore_and_target_errors(write):
    path = write("a,b,y\n1,2,3\n")
    assert "--ignore names column(s) not in" in error(path, ignore=["zz"])
    assert "cannot also be in --ignore" in error(path, ignore=["y"])


def test_headers_with_spaces_quotes_euro_umlaut_bom_crlf(write):
    text = '\ufeff"price €" ," grün ",y\r\n"1",2,3\r\n  \r\n4,"5",6\r\n'
    ds = _csv.load_csv(write(text), "y")
    assert ds.feature_names == ["price €", "grün"]
    np.testing.assert_array_equal(ds.X, [[1, 2], [4, 5]])
    np.testing.assert_array_equal(ds.y, [3, 6])


def test_column_names_with_inner_spaces_are_kept(write):
    ds = _csv.load_csv(write("body  mass,y\n1,2\n3,4\n"), "y")
    assert ds.feature_names == ["body  mass"]
    assert "(columns: body  mass, y)" in error(write("body  mass,y\n1,2\n"), target="body mass")


@pytest.mark.parametrize("sep", [";", "\t", "|"])
def test_separator_sniffing(write, sep):
    text = sep.join(["id", "a b", "y"]) + "\n" + "\n".join(
        sep.join([f"r{i}", str(i), str(2 * i)]) for i in range(5)) + "\n"
    ds = _csv.load_csv(write(text), "y", ignore=["id"])
    assert ds.sep == sep and ds.feature_names == ["a b"]
    np.testing.assert_array_equal(ds.y, 2 * np.arange(5))


def test_blank_lines_before_the_header_and_between_rows(write):
    path = write("\n\n  \na;b;y\n1;2;3\n\n4;5;6\n")
    ds = _csv.load_csv(path, "y")
    np.testing.assert_array_equal(ds.X, [[1, 2], [4, 5]])
    assert "a (line 7: 'x')" in error(write("\n\n  \na;b;y\n1;2;3\n\nx;5;6\n"))


def test_row_of_separators_is_a_row_of_missing_values(write):
    path = write("a,b,y\n1,2,3\n,,\n4,5,6\n")
    assert "1 of 3 rows have missing values" in error(path)


def test_quoted_line_break_in_a_cell(write):
    ds = _csv.load_csv(write('id,a,y\n"two\nlines",1,2\nx,3,4\n'), "y", ignore=["id"])
    np.testing.assert_array_equal(ds.X[:, 0], [1, 3])
    np.testing.assert_array_equal(ds.y, [2, 4])
    assert "a (line 4: 'z')" in error(write('id,a,y\n"two\nlines",1,2\nx,z,4\n'), ignore=["id"])


def test_unbalanced_quote(write):
    msg = error(write('a,y\n"1,2\n3,4\n'))
    assert "line" in msg


# --------------------------------------------------------------------------------------
# Numbers


@pytest.mark.parametrize("cell", ["1_000", "١٢", "٣.٥", "１２", "0x10", "1.5f", "1e", "e5", "--1",
                                  "1.2.3", "1 000"])
def test_not_numbers(write, cell):
    msg = error(write(f"a,y\n{cell},2\n3,3\n"))
    assert f"a (line 2: {cell!r})" in msg


@pytest.mark.parametrize("cell,value", [(" 1.5 ", 1.5), ("+1.5", 1.5), (".5", 0.5), ("5.", 5.0),
                                        ("1e5", 1e5), ("-2.5E-3", -2.5e-3), ('"7"', 7.0)])
def test_numbers(write, cell, value):
    ds = _csv.load_csv(write(f"a,y\n{cell},2\n3,3\n"), "y")
    assert ds.X[0, 0] == value


def test_values_are_correctly_rounded(write):
    rng = np.random.default_rng(3)
    v = rng.standard_normal((200, 3)) * 10.0 ** rng.integers(-30, 30, (200, 3))
    text = "a,b,y\n" + "\n".join(",".join(repr(float(x)) for x in row) for row in v) + "\n"
    ds = _csv.load_csv(write(text), "y")
    np.testing.assert_array_equal(ds.X, v[:, :2])
    np.testing.assert_array_equal(ds.y, v[:, 2])


# --------------------------------------------------------------------------------------
# Options


def test_sep_option(write):
    ds = _csv.load_csv(write("a;b,c;y\n1;2;3\n"), "y", sep=";")
    assert ds.feature_names == ["a", "b,c"]
    ds = _csv.load_csv(write("a\tb\ty\n1\t2\t3\n"), "y", sep="\\t")
    assert ds.feature_names == ["a", "b"]


@pytest.mark.parametrize("kw,needle", [
    (dict(sep=";;"), "separator"), (dict(sep='"'), "separator"), (dict(decimal=";"), "decimal"),
    (dict(sep=",", decimal=","), "cannot both be"), (dict(encoding="klingon"), "unknown encoding"),
])
def test_bad_options(write, kw, needle):
    with pytest.raises(OptionError, match=needle):
        _csv.load_csv(write("a,y\n1,2\n"), "y", **kw)


def test_decimal_comma(write):
    path = write("a;b;y\n209,57;1;2,5\n-0,5;2;3e1\n")
    msg = error(path)
    assert "target column 'y' is not numeric (line 2: '2,5')" in msg and "pass --decimal ," in msg
    msg = error(write("a;b;y\n209,57;1;2\n", "other.csv"))
    assert "a (line 2: '209,57')" in msg and msg.endswith("; if ',' is the decimal mark, pass --decimal ,")
    ds = _csv.load_csv(path, "y", decimal=",")
    np.testing.assert_array_equal(ds.X, [[209.57, 1], [-0.5, 2]])
    np.testing.assert_array_equal(ds.y, [2.5, 30])
    # a decimal point is not a number when the mark is a comma
    assert "a (line 2: '1.5')" in error(write("a;y\n1.5;2\n"), decimal=",")


def test_no_decimal_hint_for_other_text(write):
    assert "--decimal" not in error(write("a;y\nabc;2\n"))


def test_encoding_latin1(write):
    path = write("prix é;y\n1;2\n3;4\n".encode("latin-1"))
    assert "not a UTF-8 text (CSV) file" in error(path)
    ds = _csv.load_csv(path, "y", encoding="latin-1")
    assert ds.feature_names == ["prix é"] and ds.encoding == "iso8859-1"


def test_na_values(write):
    path = write("a,b,y\n1,-999,3\n2, -999.0 ,4\n3,missing,5\n4,5,6\n")
    assert "non-numeric" in error(path)
    msg = error(path, na_values=["-999", "missing"])
    assert "3 of 4 rows have missing values (in b)" in msg
    ds = _csv.load_csv(path, "y", na_values=["-999", "missing"], dropna=True)
    np.testing.assert_array_equal(ds.X, [[4, 5]])


# --------------------------------------------------------------------------------------
# Categorical columns


CITIES = "city,a,colour,y\nRome,1,red,3\nParis,2,blue,4\nOslo,3,red,5\nRome,4, blue ,6\n"


def test_categorical_auto(write):
    ds = _csv.load_csv(write(CITIES), "y", categorical="auto")
    assert ds.columns == ["city", "a", "colour"]
    assert ds.categories == {"city": ["Oslo", "Paris", "Rome"], "colour": ["blue", "red"]}
    assert ds.feature_names == ["city=Oslo", "city=Paris", "city=Rome", "a", "colour=blue",
                                "colour=red"]
    np.testing.assert_array_equal(ds.X, [[0, 0, 1, 1, 0, 1], [0, 1, 0, 2, 1, 0],
                                         [1, 0, 0, 3, 0, 1], [0, 0, 1, 4, 1, 0]])
    assert ds.X.flags.f_contiguous
    assert any("city: 3 one-hot column(s)" in note for note in ds.notes)


def test_categorical_list(write):
    path = write(CITIES)
    ds = _csv.load_csv(path, "y", categorical=["colour"], ignore=["city"])
    assert ds.feature_names == ["a", "colour=blue", "colour=red"]
    ds2 = _csv.load_csv(path, "y", categorical="colour", ignore=["city"])
    np.testing.assert_array_equal(ds.X, ds2.X)
    # a numeric column can be made categorical too
    ds = _csv.load_csv(path, "y", categorical=["a"], ignore=["city", "colour"])
    assert ds.feature_names == ["a=1", "a=2", "a=3", "a=4"]


def test_categorical_errors(write):
    path = write(CITIES)
    assert "--categorical names column(s) not in" in error(path, categorical=["zz"])
    assert "target column 'y' cannot be categorical" in error(path, categorical=["y"])
    assert "both in --categorical and --ignore" in error(path, categorical=["city"],
                                                         ignore=["city"])
    assert "target column 'y' is not numeric" in error(write("c,y\nx,a\n"), categorical="auto")


def test_categorical_missing_values(write):
    path = write("c,a,y\nx,1,2\n,2,3\nNA,3,4\ny,4,5\n")
    assert "2 of 4 rows have missing values (in c)" in error(path, categorical="auto")
    ds = _csv.load_csv(path, "y", categorical="auto", dropna=True)
    assert ds.categories == {"c": ["x", "y"]}
    np.testing.assert_array_equal(ds.X, [[1, 0, 1], [0, 1, 4]])


def test_categorical_auto_finds_text_after_the_sample(write, monkeypatch):
    monkeypatch.setattr(_csv, "_SAMPLE_BYTES", 256)
    rows = [f"{i},{i % 3},{2 * i}" for i in range(300)] + ["300,high,600"]
    ds = _csv.load_csv(write("a,c,y\n" + "\n".join(rows) + "\n"), "y", categorical="auto")
    assert ds.categories == {"c": ["0", "1", "2", "high"]}
    assert ds.X.shape == (301, 5) and ds.X[-1].tolist() == [300, 0, 0, 0, 1]


# --------------------------------------------------------------------------------------
# Prediction files


def test_load_features_round_trip(write):
    fit = _csv.load_csv(write(CITIES), "y", categorical="auto")
    new = write("colour,a,city,y\nred,10,Oslo,0\nblue,20,Rome,0\n", "new.csv")
    f = _csv.load_features(new, fit.columns, fit.categories, drop=["y"])
    assert f.feature_names == fit.feature_names
    np.testing.assert_array_equal(f.X, [[1, 0, 0, 10, 0, 1], [0, 0, 1, 20, 1, 0]])
    assert f.kept.tolist() == [True, True]
    # the target may be absent
    f = _csv.load_features(write("a,city,colour\n1,Paris,red\n", "n2.csv"), fit.columns,
                           fit.categories, drop=["y"])
    assert f.X.tolist() == [[0, 1, 0, 1, 0, 1]]


def test_load_features_errors(write):
    fit = _csv.load_csv(write(CITIES), "y", categorical="auto")
    with pytest.raises(LoadError, match="lacks the model's feature column.*colour"):
        _csv.load_features(write("a,city\n1,Oslo\n", "n.csv"), fit.columns, fit.categories)
    with pytest.raises(LoadError, match="does not know: extra"):
        _csv.load_features(write("a,city,colour,extra\n1,Oslo,red,2\n", "n.csv"), fit.columns,
                           fit.categories)
    with pytest.raises(LoadError, match=r"not fitted with .*city: 'Berlin', 'Lima'.*colour: 'green'"):
        _csv.load_features(write("a,city,colour\n1,Berlin,red\n2,Lima,green\n3,Oslo,red\n",
                                 "n.csv"), fit.columns, fit.categories)
    with pytest.raises(LoadError, match="non-numeric feature column"):
        _csv.load_features(write("a,city,colour\nx,Oslo,red\n", "n.csv"), fit.columns,
                           fit.categories)


def test_load_features_dropna_mask(write):
    path = write("a,b\n1,2\n,3\n4,5\n")
    assert "1 of 3 rows have missing values" in str(
        pytest.raises(LoadError, _csv.load_features, path, ["a", "b"]).value)
    f = _csv.load_features(path, ["b", "a"], dropna=True)
    assert f.kept.tolist() == [True, False, True]
    np.testing.assert_array_equal(f.X, [[2, 1], [5, 4]])


def test_feature_names():
    assert _csv.feature_names(["a", "c"], {"c": ["x", "y"]}) == ["a", "c=x", "c=y"]
    assert _csv.feature_names(["a"], None) == ["a"]


# --------------------------------------------------------------------------------------
# Paths that are not regular files: refused before opening, never a hang


def _within(seconds, fn):
    box = {}

    def run():
        try:
            fn()
        except BaseException as exc:  # noqa: BLE001 - reported below
            box["exc"] = exc

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(seconds)
    assert not t.is_alive(), "the loader blocked"
    return box.get("exc")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_without_a_writer_does_not_block(tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    exc = _within(10, lambda: _csv.load_csv(fifo, "y"))
    assert isinstance(exc, LoadError) and "is a FIFO (named pipe), not a CSV file" in str(exc)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_devices(device):
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    exc = _within(10, lambda: _csv.load_csv(device, "y"))
    assert isinstance(exc, LoadError) and "is a character device, not a CSV file" in str(exc)


def test_socket(tmp_path):
    if not hasattr(socket, "AF_UNIX"):
        pytest.skip("no Unix sockets")
    path = str(tmp_path / "s.csv")
    if len(path) > 100:
        pytest.skip("path too long for a socket")
    s = socket.socket(socket.AF_UNIX)
    try:
        s.bind(path)
        assert "is a socket, not a CSV file" in error(path)
    finally:
        s.close()


def test_symlink_to_a_file_is_read(write, tmp_path):
    target = write("a,y\n1,2\n")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    assert _csv.load_csv(link, "y").X.tolist() == [[1.0]]


# --------------------------------------------------------------------------------------
# Wide files, long files, progress


def test_100k_columns_quickly(write):
    p = 100_000
    rng = np.random.default_rng(0)
    v = np.round(rng.standard_normal((5, p)), 4)
    header = ",".join(f"x{j}" for j in range(p - 1)) + ",y"
    body = "\n".join(",".join(repr(float(x)) for x in row) for row in v)
    path = write(header + "\n" + body + "\n")
    t = time.perf_counter()
    ds = _csv.load_csv(path, "y")
    elapsed = time.perf_counter() - t
    np.testing.assert_array_equal(ds.X, v[:, :-1])
    np.testing.assert_array_equal(ds.y, v[:, -1])
    assert elapsed < 30, elapsed  # 5 s target in bench/cli_load.py; quadratic took minutes
    dup = write(header.replace("x5,", "x7,") + "\n" + body + "\n", "dup.csv")
    t = time.perf_counter()
    assert "repeats the column name(s) x7" in error(dup)
    assert time.perf_counter() - t < 30


def test_wide_reader_agrees_and_falls_back(write, monkeypatch):
    monkeypatch.setattr(_csv, "_WIDE_COLUMNS", 3)
    text = "a,b,c,d,y\n1, 2 ,3,4.5,5\n\n6,7,,9,10\n"
    wide = _csv.load_csv(write(text), "y", dropna=True)
    assert wide.reader == "pyarrow"
    np.testing.assert_array_equal(wide.X, [[1, 2, 3, 4.5]])
    assert "2 of 2 rows" not in error(write(text))  # the missing c counts once
    assert "line 3: 4 fields" in error(write("a,b,c,d,y\n1,2,3,4,5\n6,7,8,9\n"))
    assert "b (line 2: '1_0')" in error(write("a,b,c,d,y\n1,1_0,3,4,5\n"))
    quoted = _csv.load_csv(write('a,b,c,d,y\n"1",2,3,4,5\n'), "y")
    assert quoted.reader == "python" and quoted.X.tolist() == [[1, 2, 3, 4]]
    cat = _csv.load_csv(write("a,b,c,d,y\nu,2,3,4,5\nv,1,1,1,1\n"), "y", categorical=["a"])
    assert cat.feature_names[:2] == ["a=u", "a=v"] and cat.X[:, 0].tolist() == [1, 0]


def test_many_blocks_and_a_row_count_estimate_that_falls_short(write, monkeypatch):
    monkeypatch.setattr(_csv, "_SAMPLE_BYTES", 512)
    monkeypatch.setattr(_csv, "_BLOCK_BYTES", 4096)
    rng = np.random.default_rng(1)
    long_rows = rng.standard_normal((40, 3))  # long first rows: the estimate is too small
    short_rows = np.round(rng.standard_normal((3000, 3)), 1)
    v = np.vstack([long_rows, short_rows])
    text = "a,b,y\n" + "\n".join(",".join(repr(float(x)) for x in row) for row in v) + "\n"
    ds = _csv.load_csv(write(text), "y")
    np.testing.assert_array_equal(ds.X, v[:, :2])
    np.testing.assert_array_equal(ds.y, v[:, 2])
    assert ds.X.flags.f_contiguous and ds.X.dtype == np.float64


def test_progress_is_reported_for_large_files(write, monkeypatch):
    monkeypatch.setattr(_csv, "_BLOCK_BYTES", 4096)
    v = np.arange(3000 * 3, dtype=float).reshape(3000, 3)
    path = write("a,b,y\n" + "\n".join(",".join(str(x) for x in row) for row in v) + "\n")
    calls = []
    _csv.load_csv(path, "y", progress=lambda done, total: calls.append((done, total)))
    assert calls == []  # under PROGRESS_MIN_BYTES
    monkeypatch.setattr(_csv, "PROGRESS_MIN_BYTES", 1000)
    _csv.load_csv(path, "y", progress=lambda done, total: calls.append((done, total)))
    size = path.stat().st_size
    assert len(calls) > 3 and calls[-1] == (size, size)
    assert all(t == size for _, t in calls)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_interrupt_between_blocks_propagates(write, monkeypatch):
    monkeypatch.setattr(_csv, "_BLOCK_BYTES", 4096)
    monkeypatch.setattr(_csv, "PROGRESS_MIN_BYTES", 0)
    v = np.arange(3000 * 3, dtype=float).reshape(3000, 3)
    path = write("a,b,y\n" + "\n".join(",".join(str(x) for x in row) for row in v) + "\n")

    def interrupt(done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _csv.load_csv(path, "y", progress=interrupt)


# --------------------------------------------------------------------------------------
# The readers: pandas where pyarrow is missing; a clear message where both are


_BLOCKER = """
import importlib.abc, json, sys
BLOCKED = set(sys.argv[1].split(","))
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError(f"No module named {name!r} (blocked)")
        return None
sys.meta_path.insert(0, Block())
from swiftreg import _csv
out = {}
for key, (path, kw) in json.loads(sys.argv[2]).items():
    try:
        ds = _csv.load_csv(path, "y", **kw)
        out[key] = dict(reader=ds.reader, X=ds.X.tolist(), y=ds.y.tolist(),
                        names=ds.feature_names)
    except _csv.LoadError as exc:
        out[key] = dict(error=str(exc), type=type(exc).__name__)
out["pyarrow_loaded"] = "pyarrow" in sys.modules
print(json.dumps(out))
"""


def _blocked(blocked: str, cases: dict) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "python"), env.get("PYTHONPATH", "")])
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(_BLOCKER), blocked,
                           json.dumps({k: [str(p), kw] for k, (p, kw) in cases.items()})],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_pandas_fallback_agrees_with_pyarrow(write):
    pytest.importorskip("pandas")
    rng = np.random.default_rng(2)
    v = np.round(rng.standard_normal((50, 3)), 6)
    cases = {
        "plain": (write("a,b,y\n" + "\n".join(",".join(map(repr, map(float, r))) for r in v)
                        + "\n", "plain.csv"), {}),
        "cat": (write(CITIES, "cat.csv"), dict(categorical="auto")),
        "dropna": (write("a,b,y\n1,,3\n2,3,NA\n3,4,5\n", "na.csv"), dict(dropna=True)),
        "missing": (write("a,b,y\n1,,3\n2,3,NA\n3,4,5\n", "na2.csv"), {}),
        "short": (write("a,b,y\n1,2,3\n4,5\n", "short.csv"), {}),
        "long": (write("a,b,y\n1,2,3\n4,5,6,7\n", "long.csv"), {}),
        "text": (write("a,b,y\n1,x,3\n", "text.csv"), {}),
        "comma": (write("a;y\n1,5;2\n", "comma.csv"), dict(decimal=",")),
        "ws": (write("a,y\n 1 ,2\n\n   \n3, 4\n", "ws.csv"), {}),
    }
    got = _blocked("pyarrow", cases)
    assert got.pop("pyarrow_loaded") is False
    for key, (path, kw) in cases.items():
        try:
            ds = _csv.load_csv(path, "y", **kw)
            want = dict(X=ds.X.tolist(), y=ds.y.tolist(), names=ds.feature_names)
            assert {k: got[key][k] for k in want} == want, key
            assert got[key]["reader"] in ("pandas", "python"), key
        except LoadError as exc:
            assert got[key]["error"] == str(exc), key
    assert got["plain"]["reader"] == "pandas"
    assert got["short"]["error"].endswith("line 3: 2 fields, but the header has 3 columns")


def test_neither_reader_installed(write):
    path = write("a,y\n1,2\n")
    got = _blocked("pyarrow,pandas", {"x": (path, {})})
    assert got["x"]["type"] == "MissingDependencyError"
    assert "pip install 'swiftreg[cli]'" in got["x"]["error"]
    # bad paths are still reported as such, before the readers are needed
    got = _blocked("pyarrow,pandas", {"x": (path.parent / "nope.csv", {})})
    assert "no such file" in got["x"]["error"]


def test_cli_extra_is_declared():
    text = (ROOT / "python" / "pyproject.toml").read_text()
    assert 'cli = ["pyarrow' in text


# --------------------------------------------------------------------------------------
# The fast readers and the exact one agree, on random files


_GOOD = ["1", "-2.5", " 3 ", "+.5", "1e3", "7.", '"4"', "-1E-2", "0", "12345.678"]
_ODD = ["NA", "", " ", "nan", "?", "null", "x", "1_0", '" 5 "', "inf", "N/A", "٣", "2,5", "a b"]


def _outcome(path, **kw):
    try:
        ds = _csv.load_csv(path, "y", **kw)
    except LoadError as exc:
        return ("error", str(exc))
    return ("ok", ds.X.tolist(), ds.y.tolist(), ds.feature_names, ds.categories, ds.n_dropped)


def _random_files(write, seed: int, count: int, sep: str = ",") -> list[Path]:
    rng = np.random.default_rng(seed)
    paths = []
    for case in range(count):
        p = int(rng.integers(2, 5))
        rows = []
        for _ in range(int(rng.integers(1, 7))):
            k = p + (int(rng.integers(-1, 2)) if rng.random() < 0.1 else 0)
            cells = [rng.choice(_GOOD) if rng.random() < 0.85 else rng.choice(_ODD)
                     for _ in range(k)]
            rows.append(sep.join(cells))
            if rng.random() < 0.1:
                rows.append(rng.choice(["", "   "]))
        header = sep.join([f"c{j}" for j in range(p - 1)] + ["y"])
        paths.append(write(header + "\n" + "\n".join(rows) + "\n", f"r{seed}-{case}.csv"))
    return paths


_VARIANTS = ({}, {"dropna": True}, {"categorical": "auto", "dropna": True},
             {"na_values": ["-2.5", "x"], "dropna": True})


@pytest.mark.parametrize("seed,sep", [(0, ","), (1, ","), (2, ";"), (3, ";")])
def test_readers_agree_on_random_files(write, monkeypatch, seed, sep):
    outcomes = {}

    def exact_only(*args, **kwargs):
        raise _csv._FastFailed()

    variants = _VARIANTS + (({"decimal": ","}, {"decimal": ",", "dropna": True}) if sep == ";"
                            else ())
    for path in _random_files(write, seed, 40, sep):
        for kw in variants:
            with monkeypatch.context() as m:
                fast = _outcome(path, **kw)
                m.setattr(_csv, "_read_pyarrow", exact_only)
                m.setattr(_csv, "_read_pandas", exact_only)
                m.setattr(_csv, "_read_wide", exact_only)
                exact = _outcome(path, **kw)
            with monkeypatch.context() as m:
                m.setattr(_csv, "_WIDE_COLUMNS", 1)
                wide = _outcome(path, **kw)
            assert fast == exact, (path.read_text(), kw)
            assert wide == exact, (path.read_text(), kw)
            outcomes[fast[0]] = outcomes.get(fast[0], 0) + 1
    assert outcomes.get("ok", 0) > 5 and outcomes.get("error", 0) > 5


def test_pandas_fallback_agrees_on_random_files(write):
    pytest.importorskip("pandas")
    paths = _random_files(write, 10, 30)
    cases = {f"{i}-{j}": (path, kw) for i, path in enumerate(paths)
             for j, kw in enumerate(_VARIANTS)}
    got = _blocked("pyarrow", cases)
    for key, (path, kw) in cases.items():
        want = _outcome(path, **kw)
        if want[0] == "error":
            assert got[key].get("error") == want[1], (path.read_text(), kw)
        else:
            assert [got[key].get(k) for k in ("X", "y", "names")] == list(want[1:4]), (
                path.read_text(), kw)


def test_many_blocks_with_categories_and_missing_values(write, monkeypatch):
    # pyarrow gives each block its own dictionary of values: the codes must agree across blocks
    monkeypatch.setattr(_csv, "_SAMPLE_BYTES", 2048)
    monkeypatch.setattr(_csv, "_BLOCK_BYTES", 4096)
    rng = np.random.default_rng(5)
    levels = np.array(["north", "south", "east", "west", "NA", ""])
    rows = []
    for i in range(4000):
        a = "" if rng.random() < 0.02 else f"{rng.standard_normal():.5f}"
        rows.append(f"{a},{rng.choice(levels, p=[0.1, 0.3, 0.3, 0.25, 0.03, 0.02])},{i}")
    path = write("a,region,y\n" + "\n".join(rows) + "\n")

    def exact_only(*args, **kwargs):
        raise _csv._FastFailed()

    for kw in ({"categorical": "auto", "dropna": True}, {"categorical": ["region"], "dropna": True}):
        fast = _csv.load_csv(path, "y", **kw)
        with monkeypatch.context() as m:
            m.setattr(_csv, "_read_pyarrow", exact_only)
            exact = _csv.load_csv(path, "y", **kw)
        assert fast.reader == "pyarrow" and exact.reader == "python"
        assert fast.categories == exact.categories == {"region": ["east", "north", "south", "west"]}
        np.testing.assert_array_equal(fast.X, exact.X)
        np.testing.assert_array_equal(fast.y, exact.y)
        assert fast.n_dropped == exact.n_dropped > 0
        f = _csv.load_features(path, fast.columns, fast.categories, drop=["y"], dropna=True)
        np.testing.assert_array_equal(f.X, fast.X)
        assert int(f.kept.sum()) == fast.X.shape[0]
