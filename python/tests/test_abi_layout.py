"""The Python copies of swiftreg.h's general-model constants and structs agree with the header.

The header is parsed (comments stripped); each struct's fields must appear in the ctypes
Structure of ``swiftreg._bindings`` with the same names, in the same order, at the offsets
the C layout rules give (natural alignment on LP64), and the Structure's size must match.
"""
import ctypes
import pathlib
import re

import pytest

from swiftreg import _bindings as b

HEADER = pathlib.Path(__file__).resolve().parents[2] / "Sources/CSwiftReg/include/swiftreg.h"
SIZES = {"int64_t": 8, "uint64_t": 8, "int32_t": 4, "double": 8, "float": 4, "sr_progress_fn": 8}


def _header_text() -> str:
    text = HEADER.read_text()
    return re.sub(r"/\*.*?\*/", " ", text, flags=re.S)


def _structs() -> dict:
    found = {}
    for name, body in re.findall(r"typedef struct (\w+) \{(.*?)\}\s*\w+;", _header_text(), flags=re.S):
        fields = []
        for decl in body.split(";"):
            decl = decl.strip()
            if not decl:
                continue
            m = re.fullmatch(r"(?:const\s+)?(?:volatile\s+)?(\w+)\s*(\*?)\s*(\w+)", decl)
            assert m, f"cannot parse field {decl!r} of {name}"
            ctype, star, field = m.groups()
            fields.append((field, 8 if star else SIZES[ctype]))
        found[name] = fields
    return found


STRUCTS = _structs()


def test_header_declares_the_general_model_structs():
    assert {"sr_problem_f64", "sr_problem_f32", "sr_fit_options", "sr_fit_result_f64",
            "sr_fit_result_f32", "sr_path_result_f64", "sr_path_result_f32"} <= set(STRUCTS)


@pytest.mark.parametrize("name", sorted(STRUCTS))
def test_struct_layout(name):
    py = getattr(b, name)
    fields = STRUCTS[name]
    assert [f for f, _ in fields] == [f[0] for f in py._fields_], "field names or order differ"
    offset = 0
    for field, size in fields:
        offset = (offset + size - 1) // size * size
        assert getattr(py, field).offset == offset, f"{name}.{field}"
        assert getattr(py, field).size == size, f"{name}.{field}"
        offset += size
    assert ctypes.sizeof(py) == (offset + 7) // 8 * 8
    assert fields[0] == ("size", 8), "the first field of every struct is its size"


def test_constants():
    defines = dict(re.findall(r"#define (SR_(?:LOSS|PENALTY|FIT_SOLVER|LAYOUT|INDEX)_\w+)\s+(\d+)",
                              _header_text()))
    assert len(defines) == 20
    for name, value in defines.items():
        assert getattr(b, name) == int(value), name


def test_status_codes():
    """Every SR_ERR_* of the header has its constant in swiftreg._errors, with its value."""
    from swiftreg import _errors

    defines = dict(re.findall(r"#define (SR_(?:OK|ERR_\w+))\s+(\d+)", _header_text()))
    assert {"SR_ERR_INVALID_INDPTR", "SR_ERR_INVALID_INDEX"} <= set(defines)
    for name, value in defines.items():
        assert getattr(_errors, name) == int(value), name


def test_options_init_defaults():
    o = b.sr_fit_options()
    assert b.sr_fit_options_init(ctypes.byref(o), ctypes.sizeof(o)) == 0
    assert (o.size, o.loss, o.penalty, o.alpha, o.l1_ratio, o.delta, o.quantile) == (
        ctypes.sizeof(o), b.SR_LOSS_SQUARED, b.SR_PENALTY_L1, 1.0, 0.5, 1.35, 0.5)
    assert (o.fit_intercept, o.solver, o.max_iter, o.tol, o.warm_start) == (1, 0, 1000, 1e-4, 0)
    assert b.sr_fit_options_init(ctypes.byref(o), 8) == 3  # SR_ERR_INVALID_ARGUMENT
