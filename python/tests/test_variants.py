"""The two builds of the native library (baseline x86-64 and x86-64-v3 with AVX2/FMA) give
bit-identical results, and the loader picks the right one.

Each build runs in its own subprocess (SWIFTREG_CPU selects it) on the same data; every
kernel for both dtypes and sizes on both sides of the threading threshold, and the model
fits, must agree to the last bit: the builds differ only in instruction selection, and the
library never lets the compiler reorder floating-point sums or fuse multiply-adds.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from swiftreg import _loader

ROOT = Path(__file__).resolve().parents[2]

# Runs in a subprocess: computes everything, saves it to the .npz named by argv[1].
SCRIPT = r'''
import sys
import numpy as np
import swiftreg as sr
from swiftreg import linear_model as lm

out = {"variant": np.array(sr.library_variant())}
rng = np.random.default_rng(2026)
for dt in (np.float32, np.float64):
    for n in (1, 7, 1000, 4099, (1 << 20) + 3):
        x = rng.standard_normal(n).astype(dt)
        y = (3 * rng.standard_normal(n)).astype(dt)
        s = rng.uniform(0, 2, n).astype(dt)
        x[: n // 50] = 0  # exact zeros: sign(0), soft-threshold ties
        k = f"{np.dtype(dt).name}-{n}"
        for loss in ("l1", "l2", "huber"):
            for red in ("sum", "mean", "none"):
                for sw in (None, s):
                    tag = f"{k}-{loss}-{red}-{sw is not None}"
                    out[tag + "-v"] = np.asarray(getattr(sr, loss + "_loss")(x, y, sample_weight=sw, reduction=red))
                    out[tag + "-g"] = getattr(sr, loss + "_loss_grad")(x, y, sample_weight=sw, reduction=red)
                    v, g = getattr(sr, loss + "_loss_value_and_grad")(x, y, sample_weight=sw, reduction=red)
                    out[tag + "-vg"] = np.asarray(v)
                    out[tag + "-gg"] = g
        for name, args in (("l1", (0.3,)), ("l2", (0.3,)), ("elastic_net", (0.3, 0.2))):
            out[f"{k}-{name}-pen"] = np.asarray(getattr(sr, name + "_penalty")(y, *args))
            out[f"{k}-{name}-pen-grad"] = getattr(sr, name + "_penalty_grad")(y, *args)
            out[f"{k}-{name}-prox"] = getattr(sr, name + "_prox")(y, *args, 0.7)
        out[f"{k}-subgradient"] = sr.subgradient_step(y, x, 0.1, l1=0.5, l2=0.25)
        out[f"{k}-proximal"] = sr.proximal_step(y, x, 0.1, l1=0.5, l2=0.25)
X = rng.standard_normal((300, 40))
yy = X[:, :5] @ np.arange(1.0, 6.0) + rng.standard_normal(300)
for dt in (np.float32, np.float64):
    Xd, yd = X.astype(dt), yy.astype(dt)
    name = np.dtype(dt).name
    for tag, est in (("lasso", lm.Lasso(alpha=0.05)), ("enet", lm.ElasticNet(alpha=0.05, l1_ratio=0.3)),
                     ("ridge", lm.Ridge(alpha=2.0)), ("lad", lm.LADRegression(alpha=0.01))):
        est.fit(Xd, yd)
        out[f"{name}-{tag}-coef"] = est.coef_
        out[f"{name}-{tag}-intercept"] = np.asarray(est.intercept_)
    alphas, coefs, gaps = lm.enet_path(Xd, yd, l1_ratio=0.5, n_alphas=20)
    out[f"{name}-path-coefs"] = coefs
np.savez(sys.argv[1], **out)
'''


def _run(variant: str, path: Path) -> dict:
    env = dict(os.environ, SWIFTREG_CPU=variant)
    env.pop("SWIFTREG_LIB", None)
    env["PYTHONPATH"] = str(ROOT / "python")
    subprocess.run([sys.executable, "-c", SCRIPT, str(path)], env=env, check=True, cwd=ROOT)
    with np.load(path) as data:
        return {k: data[k] for k in data.files}


def _both_builds_present() -> bool:
    folder = ROOT / ".build" / "release"
    return (folder / _loader._LIB_NAME).is_file() and (folder / _loader._V3_NAME).is_file()


@pytest.mark.skipif(not _loader.cpu_supports_v3(), reason="this CPU cannot run the x86-64-v3 build")
@pytest.mark.skipif(not _both_builds_present(), reason="the x86-64-v3 build is made on x86-64 Linux only")
def test_baseline_and_v3_builds_are_bit_identical(tmp_path):
    base = _run("baseline", tmp_path / "baseline.npz")
    v3 = _run("x86-64-v3", tmp_path / "v3.npz")
    assert str(base.pop("variant")) == "baseline"
    assert str(v3.pop("variant")) == "x86-64-v3"
    assert base.keys() == v3.keys() and len(base) > 500
    differ = [k for k in base if not np.array_equal(base[k], v3[k], equal_nan=True) or base[k].dtype != v3[k].dtype]
    assert not differ, f"{len(differ)} results differ between the builds, e.g. {differ[:5]}"


def test_cpu_feature_check(tmp_path):
    full = tmp_path / "full"
    full.write_text("processor : 0\nflags : fpu sse2 avx avx2 fma bmi1 bmi2 f16c movbe abm popcnt xsave\n")
    partial = tmp_path / "partial"
    partial.write_text("processor : 0\nflags : fpu sse2 avx popcnt\n")
    assert _loader.cpu_supports_v3(str(full))
    assert not _loader.cpu_supports_v3(str(partial))
    assert not _loader.cpu_supports_v3(str(tmp_path / "missing"))


@pytest.mark.parametrize("choice,expected", [("baseline", "baseline"), ("bogus", None)])
def test_swiftreg_cpu_selects_the_build(choice, expected):
    env = dict(os.environ, SWIFTREG_CPU=choice, PYTHONPATH=str(ROOT / "python"))
    env.pop("SWIFTREG_LIB", None)
    res = subprocess.run([sys.executable, "-c", "import swiftreg; print(swiftreg.library_variant())"],
                         env=env, capture_output=True, text=True, cwd=ROOT)
    if expected is None:
        assert res.returncode != 0 and "SWIFTREG_CPU must be" in res.stderr
    else:
        assert res.returncode == 0, res.stderr
        assert res.stdout.strip() == expected
