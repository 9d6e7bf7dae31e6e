"""The ``swiftreg`` command line (python/swiftreg/cli.py).

Bad input: one line on stderr, a non-zero exit status, never a traceback. Happy paths: the
numbers agree with the estimators and with independent references.
"""
from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

from swiftreg import cli
from swiftreg.datasets import load_diabetes

ROOT = Path(__file__).resolve().parents[2]
DIABETES = ROOT / "python" / "swiftreg" / "data" / "diabetes.csv"


def run(argv, capsys):
    """Run the command line in-process: (exit status, stdout, stderr)."""
    try:
        status = cli.main([str(a) for a in argv])
    except SystemExit as exc:  # argparse: --help, usage errors
        status = exc.code
    out, err = capsys.readouterr()
    return status, out, err


def assert_one_line_error(status, err, *needles):
    assert status != 0
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert "error:" in lines[0]
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])


@pytest.fixture
def csv_file(tmp_path):
    def write(text: str, name: str = "data.csv", mode: str = "w") -> Path:
        path = tmp_path / name
        if mode == "wb":
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path
    return write


# --------------------------------------------------------------------------------------
# Bad input


def test_missing_file(capsys, tmp_path):
    status, out, err = run(["fit", tmp_path / "nope.csv", "--target", "y"], capsys)
    assert_one_line_error(status, err, "nope.csv", "no such file")
    assert out == ""


def test_folder_instead_of_file(capsys, tmp_path):
    status, _, err = run(["fit", tmp_path, "--target", "y"], capsys)
    assert_one_line_error(status, err, "folder")


@pytest.mark.parametrize("text", ["", "\n\n  \n"])
def test_empty_file(capsys, csv_file, text):
    status, _, err = run(["fit", csv_file(text), "--target", "y"], capsys)
    assert_one_line_error(status, err, "empty")


def test_header_without_rows(capsys, csv_file):
    status, _, err = run(["fit", csv_file("a,b,y\n"), "--target", "y"], capsys)
    assert_one_line_error(status, err, "no data rows")


def test_binary_file(capsys, csv_file):
    path = csv_file(b"\x89PNG\r\n\x1a\n\xff\xfe\x00\x00", name="image.csv", mode="wb")
    status, _, err = run(["fit", path, "--target", "y"], capsys)
    assert_one_line_error(status, err, "not a UTF-8 text")


def test_missing_target_column(capsys, csv_file):
    status, _, err = run(["fit", csv_file("a,b,y\n1,2,3\n"), "--target", "price"], capsys)
    assert_one_line_error(status, err, "'price'", "columns: a, b, y")


def test_non_numeric_target(capsys, csv_file):
    path = csv_file("a,b,y\n1,2,3\n2,3,high\n3,1,4\n")
    status, _, err = run(["fit", path, "--target", "y"], capsys)
    assert_one_line_error(status, err, "target column 'y' is not numeric", "line 3", "'high'")


def test_non_numeric_feature_columns_are_named(capsys, csv_file):
    path = csv_file("city,a,colour,y\nParis,1,red,3\nRome,2,blue,4\nOslo,3,red,5\n")
    status, _, err = run(["fit", path, "--target", "y"], capsys)
    assert_one_line_error(status, err, "non-numeric", "city", "colour", "--ignore city,colour")
    status, out, err = run(["fit", path, "--target", "y", "--ignore", "city,colour"], capsys)
    assert status == 0, err


def test_missing_values_say_how_many_and_which_option(capsys, csv_file):
    path = csv_file("a,b,y\n1,,3\n2,3,NA\n3,4,5\n4,6,7\n5,7,9\n")
    status, _, err = run(["fit", path, "--target", "y"], capsys)
    assert_one_line_error(status, err, "2 of 5 rows have missing values", "--dropna")
    status, out, err = run(["fit", path, "--target", "y", "--dropna"], capsys)
    assert status == 0, err
    assert "dropped 2 of 5 rows" in out
    assert "3 rows" in out


def test_all_rows_missing(capsys, csv_file):
    path = csv_file("a,y\n,1\n2,\n")
    status, _, err = run(["fit", path, "--target", "y", "--dropna"], capsys)
    assert_one_line_error(status, err, "all 2 rows")


@pytest.mark.parametrize("loss", ["l2", "l1", "huber", "quantile"])
@pytest.mark.parametrize("standardize", [[], ["--standardize"]])
def test_constant_column_is_a_warning_and_not_an_exact_zero(capsys, csv_file, loss, standardize):
    path = csv_file("a,flat,b,y\n1,5,0,3\n2,5,1,4\n3,5,0,6\n4,5,1,7\n5,5,1,9\n")
    status, out, err = run(["fit", path, "--target", "y", "--loss", loss, *standardize], capsys)
    assert status == 0, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "warning" in lines[0], err
    assert "constant column (flat)" in lines[0] and "--ignore flat" in lines[0]
    row = next(l for l in out.splitlines() if l.startswith("flat "))
    assert "0 (constant)" in row and "exact" not in row
    assert "exact zeros: 0 of 2 (and 1 constant column)" in out


def test_ragged_row(capsys, csv_file):
    status, _, err = run(["fit", csv_file("a,b,y\n1,2,3\n4,5\n"), "--target", "y"], capsys)
    assert_one_line_error(status, err, "line 3", "2 fields")


def test_infinite_values(capsys, csv_file):
    status, _, err = run(["fit", csv_file("a,y\n1,2\ninf,3\n"), "--target", "y"], capsys)
    assert_one_line_error(status, err, "infinite", "a")


def test_only_the_target(capsys, csv_file):
    status, _, err = run(["fit", csv_file("y\n1\n2\n"), "--target", "y"], capsys)
    assert_one_line_error(status, err, "no feature columns")


@pytest.mark.parametrize("option,value,needle", [
    ("--loss", "l3", "invalid choice: 'l3'"),
    ("--penalty", "lasso", "invalid choice: 'lasso'"),
    ("--alpha", "-1", "must be a finite number >= 0, got -1"),
    ("--alpha", "nan", "must be a finite number >= 0"),
    ("--alpha", "lots", "expected a number"),
    ("--l1-ratio", "1.5", "must be in [0, 1]"),
])
def test_bad_options(capsys, option, value, needle):
    status, _, err = run(["fit", DIABETES, "--target", "y", option, value], capsys)
    assert status == 2
    assert_one_line_error(status, err, needle)


def test_negative_alpha_with_equals_sign(capsys):
    status, _, err = run(["fit", DIABETES, "--target", "y", "--penalty", "l1", "--alpha=-0.5"], capsys)
    assert_one_line_error(status, err, "--alpha", "-0.5")


@pytest.mark.parametrize("argv,needle", [
    (["--quantile", "0.3"], "--quantile applies only to --loss quantile"),
    (["--penalty-factor", "a=0"], "--penalty-factor needs a penalty"),
    (["--positive", "--lower", "0"], "--positive and --lower"),
    (["--lower", "2", "--upper", "1"], "--lower 2 is above --upper 1"),
    (["--alpha", "2"], "--penalty none"),
    (["--penalty", "l1", "--l1-ratio", "0.5"], "--l1-ratio applies only"),
    (["--delta", "1"], "--delta applies only to --loss huber"),
    (["--loss", "l1", "--solver", "fista"], "--loss l1 is solved by the interior point"),
    (["--loss", "huber", "--solver", "cholesky"], "--solver cholesky solves only"),
])
def test_option_combinations_that_mean_nothing(capsys, argv, needle):
    # rejected before the data is read: the file does not even need to exist
    status, _, err = run(["fit", "no-such-file.csv", "--target", "y", *argv], capsys)
    assert status == 2
    assert_one_line_error(status, err, needle)


def test_missing_target_option(capsys):
    status, _, err = run(["fit", DIABETES], capsys)
    assert_one_line_error(status, err, "--target")


def test_no_command(capsys):
    status, _, err = run([], capsys)
    assert_one_line_error(status, err, "choose a command")


def test_json_into_missing_folder(capsys, tmp_path):
    status, out, err = run(["fit", DIABETES, "--target", "y", "--json",
                            tmp_path / "no" / "out.json"], capsys)
    assert_one_line_error(status, err, "cannot write")
    assert out == ""


def test_path_options(capsys):
    status, _, err = run(["path", DIABETES, "--target", "y", "--l1-ratio", "0.5"], capsys)
    assert_one_line_error(status, err, "--l1-ratio applies only")
    status, _, err = run(["path", DIABETES, "--target", "y", "--penalty", "elasticnet",
                          "--l1-ratio", "0"], capsys)
    assert_one_line_error(status, err, "no L1 term")
    status, _, err = run(["path", DIABETES, "--target", "y", "--n-alphas", "0"], capsys)
    assert_one_line_error(status, err, "--n-alphas")


def test_demo_out_is_a_file(capsys, csv_file):
    pytest.importorskip("matplotlib")
    status, _, err = run(["demo", "--out", csv_file("x")], capsys)
    assert_one_line_error(status, err, "not a folder")


def _subprocess(*args, cwd=None):
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "python"), env.get("PYTHONPATH", "")])
    return subprocess.run([sys.executable, "-m", "swiftreg", *map(str, args)], capture_output=True,
                          text=True, env=env, cwd=cwd, timeout=120)


@pytest.mark.parametrize("args,code", [
    (["fit", "missing.csv", "--target", "y"], 1),
    (["fit", DIABETES, "--target", "y", "--loss", "l3"], 2),
    (["path", DIABETES, "--target", "nope"], 1),
])
def test_errors_from_a_real_process(tmp_path, args, code):
    proc = _subprocess(*args, cwd=tmp_path)
    assert proc.returncode == code
    assert proc.stdout == ""
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert "Traceback" not in proc.stderr


# --------------------------------------------------------------------------------------
# --help


@pytest.mark.parametrize("command,needles", [
    ([], ["demo", "fit", "cv", "path", "predict", "datasets"]),
    (["demo"], ["--out"]),
    (["fit"], ["--target", "--loss", "--penalty", "--alpha", "--l1-ratio", "--standardize",
               "--json", "--dropna"]),
    (["path"], ["--target", "--penalty", "--plot", "--cv", "--eps", "--n-alphas", "--label"]),
    (["cv"], ["--folds", "--rule", "--plot", "--save", "--alphas", "--l1-ratio", "--loss"]),
    (["predict"], ["MODEL.json", "--out", "--ignore", "--sep"]),
    (["datasets"], ["diabetes", "--out"]),
    (["fit"], ["--quantile", "--penalty-factor", "--positive", "--lower", "--upper",
               "--max-iter", "--tol", "--save", "--sep", "--decimal", "--encoding",
               "--na-values", "--categorical"]),
])
def test_help(capsys, command, needles):
    status, out, _ = run([*command, "--help"], capsys)
    assert status == 0
    for needle in needles:
        assert needle in out


def test_console_script_is_declared():
    text = (ROOT / "python" / "pyproject.toml").read_text()
    assert 'swiftreg = "swiftreg.cli:main"' in text


# --------------------------------------------------------------------------------------
# fit


def test_fit_least_squares_matches_lstsq(capsys):
    status, out, err = run(["fit", DIABETES, "--target", "y"], capsys)
    assert status == 0, err
    X, y, names = load_diabetes()
    A = np.column_stack([X, np.ones(len(y))])
    ref, *_ = np.linalg.lstsq(A, y, rcond=None)
    for name, v in zip(names, ref[:-1]):
        line = next(l for l in out.splitlines() if l.split() and l.split()[0] == name)
        assert float(line.split()[1]) == pytest.approx(v, rel=1e-5, abs=1e-6)
    assert "squared loss (least squares)" in out
    assert "exact zeros: 0 of 10" in out
    assert "converged: yes" in out


def test_fit_lasso_json(capsys, tmp_path):
    from swiftreg.linear_model import Lasso

    out_json = tmp_path / "fit.json"
    status, out, err = run(["fit", DIABETES, "--target", "y", "--penalty", "l1", "--alpha", "1",
                            "--standardize", "--json", out_json], capsys)
    assert status == 0, err
    doc = json.loads(out_json.read_text())
    X, y, names = load_diabetes(standardize=True)
    raw, _, _ = load_diabetes()
    ref = Lasso(alpha=1.0, tol=1e-10, max_iter=100000).fit(X, y)
    np.testing.assert_allclose(doc["coef_standardized"], ref.coef_, rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(doc["coef"], ref.coef_ / raw.std(axis=0), rtol=1e-8, atol=1e-10)
    assert doc["intercept_standardized"] == pytest.approx(float(ref.intercept_))
    assert doc["intercept"] == pytest.approx(
        float(ref.intercept_) - (ref.coef_ / raw.std(axis=0)) @ raw.mean(axis=0))
    assert doc["features"] == names
    assert doc["settings"]["penalty"] == "l1" and doc["settings"]["alpha"] == 1.0
    assert doc["settings"]["standardize"] is True
    assert doc["converged"] is True
    assert doc["gap"] is not None and 0 <= doc["gap"] <= doc["gap_tol"]
    r = y - X @ ref.coef_ - ref.intercept_
    expected = 0.5 * np.mean(r ** 2) + np.abs(ref.coef_).sum()
    assert doc["objective"] == pytest.approx(expected, rel=1e-10)
    zeros = int(np.sum(ref.coef_ == 0))
    assert zeros >= 1
    assert out.count("0 (exact)") == 2 * zeros           # both columns: original, standardised
    assert f"exact zeros: {zeros} of 10" in out
    assert "standardised" in out


@pytest.mark.parametrize("loss", ["l2", "l1", "huber", "quantile"])
@pytest.mark.parametrize("penalty", ["none", "l1", "l2", "elasticnet"])
def test_every_loss_and_penalty_is_the_general_estimator(capsys, tmp_path, loss, penalty):
    from swiftreg.linear_model import RegularizedRegressor

    argv = ["--loss", loss, "--penalty", penalty]
    params = dict(loss=loss, penalty=None if penalty == "none" else penalty, tol=1e-10,
                  max_iter=100000, alpha=0.0 if penalty == "none" else 0.5)
    argv += [] if penalty == "none" else ["--alpha", "0.5"]
    if penalty == "elasticnet":
        argv += ["--l1-ratio", "0.3"]
        params["l1_ratio"] = 0.3
    if loss == "huber":
        argv += ["--delta", "40"]
        params["delta"] = 40.0
    if loss == "quantile":
        argv += ["--quantile", "0.7"]
        params["quantile"] = 0.7
    path = tmp_path / "o.json"
    status, out, err = run(["fit", DIABETES, "--target", "y", "--standardize", *argv,
                            "--json", path], capsys)
    assert status == 0, err
    X, y, _ = load_diabetes(standardize=True)
    ref = RegularizedRegressor(**params).fit(X, y)
    doc = json.loads(path.read_text())
    np.testing.assert_allclose(doc["coef_standardized"], ref.coef_, rtol=1e-7, atol=1e-7)
    assert doc["objective"] == pytest.approx(ref.objective_, rel=1e-9)
    assert doc["converged"] is True and doc["solver"] == ref.solver_
    assert f"= {ref.objective_:.10g}" in out


def test_fit_ridge_and_elasticnet(capsys, tmp_path):
    from swiftreg.linear_model import ElasticNet

    X, y, _ = load_diabetes(standardize=True)
    path = tmp_path / "o.json"
    status, out, err = run(["fit", DIABETES, "--target", "y", "--standardize", "--penalty",
                            "elasticnet", "--alpha", "0.5", "--l1-ratio", "0.7", "--json", path],
                           capsys)
    assert status == 0, err
    ref = ElasticNet(alpha=0.5, l1_ratio=0.7, tol=1e-10, max_iter=100000).fit(X, y)
    np.testing.assert_allclose(json.loads(path.read_text())["coef_standardized"], ref.coef_,
                               rtol=1e-7, atol=1e-8)
    assert "α(ρ‖w‖₁ + ½(1−ρ)‖w‖²)" in out and "ρ = 0.7" in out


def test_fit_l1_loss_is_lad(capsys, tmp_path):
    from swiftreg.linear_model import LADRegression

    path = tmp_path / "o.json"
    status, out, err = run(["fit", DIABETES, "--target", "y", "--loss", "l1", "--penalty", "l1",
                            "--alpha", "0.1", "--standardize", "--json", path], capsys)
    assert status == 0, err
    X, y, _ = load_diabetes(standardize=True)
    ref = LADRegression(alpha=0.1).fit(X, y)
    doc = json.loads(path.read_text())
    np.testing.assert_allclose(doc["coef_standardized"], ref.coef_, rtol=1e-6, atol=1e-8)
    assert doc["objective"] == pytest.approx(np.mean(np.abs(y - ref.predict(X)))
                                             + 0.1 * np.abs(ref.coef_).sum(), rel=1e-9)


def test_penalty_factor_bounds_positive(capsys, tmp_path):
    from swiftreg.linear_model import RegularizedRegressor

    X, y, names = load_diabetes()
    path = tmp_path / "o.json"
    status, out, err = run(["fit", DIABETES, "--target", "y", "--penalty", "l1", "--alpha", "2",
                            "--penalty-factor", "bmi=0,s5=0.5", "--upper", "sex=-1,bp=1",
                            "--json", path], capsys)
    assert status == 0, err
    pf = np.ones(10); pf[2] = 0; pf[8] = 0.5
    up = np.full(10, np.inf); up[1] = -1; up[3] = 1
    ref = RegularizedRegressor(alpha=2.0, penalty_factor=pf, upper_bounds=up, tol=1e-10,
                               max_iter=100000).fit(X, y)
    doc = json.loads(path.read_text())
    np.testing.assert_allclose(doc["coef"], ref.coef_, rtol=1e-7, atol=1e-8)
    assert doc["coef"][1] <= -1 and doc["coef"][3] <= 1
    assert "Σfⱼ|wⱼ|" in out
    status, out, err = run(["fit", DIABETES, "--target", "y", "--positive", "--json", path],
                           capsys)
    assert status == 0, err
    assert min(json.loads(path.read_text())["coef"]) >= 0
    status, _, err = run(["fit", DIABETES, "--target", "y", "--penalty", "l1",
                          "--penalty-factor", "nope=0"], capsys)
    assert_one_line_error(status, err, "--penalty-factor", "nope")


def test_max_iter_and_tol_reach_the_solver(capsys, tmp_path):
    path = tmp_path / "o.json"
    status, out, err = run(["fit", DIABETES, "--target", "y", "--loss", "huber", "--penalty", "l1",
                            "--alpha", "1", "--max-iter", "2", "--tol", "1e-12", "--json", path],
                           capsys)
    assert status == 0
    doc = json.loads(path.read_text())
    assert doc["converged"] is False and doc["n_iter"] == 2
    assert "converged: NO" in out
    assert "did not converge" in err and "--max-iter" in err and "Traceback" not in err


def test_fit_output_units_and_grammar(capsys, csv_file):
    status, out, err = run(["fit", csv_file("a,y\n1,2\n2,3\n4,4\n"), "--target", "y"], capsys)
    assert status == 0, err
    assert "3 rows, 1 feature," in out
    t = re.search(r"fit time: ([0-9.]+) (µs|ms|s)\b", out)
    assert t, out
    assert float(t.group(1)) < 1000


def test_one_number_format_per_column():
    cells = cli.format_numbers([6.175e-04, 0.00237897, -24.2156, 0.0])
    assert cells == ["+0.000617500", "+0.00237897", "-24.2156", "0"]
    cells = cli.format_numbers([1e-9, 3.0])
    assert all("e" in c for c in cells)
    for c in cli.format_numbers([123456.789, 0.5]):
        assert len(c.strip("+-").replace(".", "").lstrip("0")) == 6


def test_semicolon_csv_and_ignore(capsys, csv_file):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((40, 2))
    y = 3 * X[:, 0] - X[:, 1] + 2
    rows = "\n".join(f"id{i};{a:.12f};{b:.12f};{t:.12f}" for i, (a, b, t) in enumerate(zip(*X.T, y)))
    path = csv_file("id;a;b;y\n" + rows + "\n")
    status, out, err = run(["fit", path, "--target", "y", "--ignore", "id"], capsys)
    assert status == 0, err
    assert "2 features" in out
    assert "+3" in out and "-1" in out and "+2" in out


# --------------------------------------------------------------------------------------
# The Huber solver


def test_huber_with_huge_delta_is_least_squares():
    X, y, _ = load_diabetes(standardize=True)
    res = cli.huber_fit(X, y, delta=1e9)
    A = np.column_stack([X, np.ones(len(y))])
    ref, *_ = np.linalg.lstsq(A, y, rcond=None)
    assert res.converged
    np.testing.assert_allclose(res.coef, ref[:-1], rtol=1e-5, atol=1e-5)
    assert res.intercept == pytest.approx(ref[-1], rel=1e-8)


def test_huber_l2_penalty_matches_a_smooth_optimiser():
    optimize = pytest.importorskip("scipy.optimize")
    X, y, _ = load_diabetes(standardize=True)
    delta, alpha = 30.0, 0.5

    def f(theta):
        w, b = theta[:-1], theta[-1]
        r = y - X @ w - b
        a = np.abs(r)
        h = np.where(a <= delta, 0.5 * r * r, delta * (a - 0.5 * delta))
        g = np.clip(-r, -delta, delta)  # ∂H/∂ŷ
        return (h.mean() + 0.5 * alpha * w @ w,
                np.append(X.T @ g / len(y) + alpha * w, g.mean()))

    ref = optimize.minimize(f, np.zeros(X.shape[1] + 1), jac=True, method="L-BFGS-B",
                            options={"maxiter": 10000, "ftol": 1e-15, "gtol": 1e-10})
    res = cli.huber_fit(X, y, delta=delta, alpha=alpha, l1_ratio=0.0)
    assert res.converged
    assert res.objective <= ref.fun * (1 + 1e-9)
    np.testing.assert_allclose(res.coef, ref.x[:-1], atol=1e-3)


def test_huber_l1_penalty_kkt_and_exact_zeros():
    import swiftreg

    X, y, _ = load_diabetes(standardize=True)
    delta, alpha = 30.0, 3.0
    res = cli.huber_fit(X, y, delta=delta, alpha=alpha, l1_ratio=1.0)
    assert res.converged
    g = swiftreg.huber_loss_grad(y, X @ res.coef + res.intercept, reduction="mean", delta=delta)
    grad = X.T @ g
    zero = res.coef == 0
    assert zero.any()
    assert abs(g.sum()) < 1e-6                                       # intercept optimal
    assert np.all(np.abs(grad[zero]) <= alpha + 1e-6)                # KKT at the zeros
    np.testing.assert_allclose(grad[~zero], -alpha * np.sign(res.coef[~zero]), atol=1e-5)


def test_fit_huber_prints_objective(capsys):
    status, out, err = run(["fit", DIABETES, "--target", "y", "--loss", "huber", "--penalty", "l1",
                            "--alpha", "2", "--standardize"], capsys)
    assert status == 0, err
    assert "Huber loss (δ = " in out and "H_δ(r)" in out
    assert "0 (exact)" in out


# --------------------------------------------------------------------------------------
# path


def _entry_rows(out: str) -> list[list[str]]:
    """The rows of the path command's table of entering features (rank, name, α, ...)."""
    return [l.split() for l in out.splitlines() if l.startswith(" ") and l.split()[0].isdigit()]


def test_path_prints_entry_order_and_plots(capsys, tmp_path):
    pytest.importorskip("matplotlib")
    png = tmp_path / "path.png"
    status, out, err = run(["path", DIABETES, "--target", "y", "--standardize", "--plot", png],
                           capsys)
    assert status == 0, err
    assert png.stat().st_size > 5000
    table = _entry_rows(out)
    assert [row[1] for row in table[:2]] == ["bmi", "s5"]           # the LARS paper's first two
    assert len(table) == 10
    entries = [float(row[2]) for row in table]
    assert entries == sorted(entries, reverse=True)
    assert "\r" not in out                                           # not a terminal: no bar


def test_path_entry_alphas_agree_with_lasso_path(capsys):
    from swiftreg.linear_model import lasso_path

    status, out, err = run(["path", DIABETES, "--target", "y", "--standardize", "--n-alphas", "30"],
                           capsys)
    assert status == 0, err
    X, y, names = load_diabetes(standardize=True)
    alphas, coefs, _ = lasso_path(X, y - y.mean(), n_alphas=30)
    first = {names[j]: alphas[np.flatnonzero(coefs[j])[0]] for j in range(10) if coefs[j].any()}
    rows = {row[1]: float(row[2]) for row in _entry_rows(out)}
    for name, a in first.items():
        assert rows[name] == pytest.approx(a, rel=1e-5)


def test_path_elasticnet(capsys):
    status, out, err = run(["path", DIABETES, "--target", "y", "--penalty", "elasticnet",
                            "--l1-ratio", "0.5", "--n-alphas", "20"], capsys)
    assert status == 0, err
    assert "elastic-net (ρ = 0.5) path" in out


def test_progress_bar_draws_only_when_enabled():
    stream = io.StringIO()
    bar = cli.ProgressBar("path", stream, enabled=True, width=10)
    for k in range(1, 5):
        assert not bar(k, 4)
    bar.close()
    text = stream.getvalue()
    assert "\r" in text and "4/4" in text and "##########" in text
    assert text.endswith("\r")
    quiet = io.StringIO()
    bar = cli.ProgressBar("path", quiet, enabled=False)
    bar(1, 4)
    bar.close()
    assert quiet.getvalue() == ""


def test_progress_bar_on_a_terminal(tmp_path):
    pty = pytest.importorskip("pty")
    import select

    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "python"), env.get("PYTHONPATH", "")])
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "swiftreg", "path", str(DIABETES), "--target",
                             "y", "--n-alphas", "50"], stdout=slave, stderr=subprocess.PIPE,
                            env=env)
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            break
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(master)
    text = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode == 0
    assert "50/50" in text and "\r" in text
    assert "enters at α" in text


# --------------------------------------------------------------------------------------
# demo


def test_demo_writes_figures_and_table(capsys, tmp_path):
    pytest.importorskip("matplotlib")
    out_dir = tmp_path / "figs"
    status, out, err = run(["demo", "--out", out_dir], capsys)
    assert status == 0, err
    for name in ["lasso_ridge_paths.png", "subgradient_vs_proximal.png"]:
        assert (out_dir / name).stat().st_size > 10000
    assert "Figures written to" in out and str(out_dir) in out
    lines = out.splitlines()
    zeros = next(l for l in lines if l.startswith("exact zeros")).split()[2:]
    small = next(l for l in lines if l.startswith("|w| < 1e-3")).split()[3:]
    # columns: Lasso CD, Lasso subgradient, Ridge, ElasticNet, L2 loss, L1 loss
    assert int(zeros[0]) >= 3 and int(zeros[1]) == 0 and int(zeros[2]) == 0
    assert int(zeros[4]) == 0 and int(zeros[5]) == 0
    assert int(small[1]) >= 1                      # subgradient: near zero, not zero
    for label in ["train MSE", "train MAE", "fit time"]:
        assert any(l.startswith(label) for l in lines)
    assert err == ""


def test_figures_without_matplotlib_are_one_clear_line(capsys, monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # makes `import matplotlib` fail
    status, out, err = run(["demo", "--out", tmp_path / "d"], capsys)
    assert status == 0, err
    assert "exact zeros" in out and "Figures skipped" in out and "matplotlib" in out
    assert not (tmp_path / "d").exists()
    for cmd in (["path"], ["cv"]):
        status, out, err = run([*cmd, DIABETES, "--target", "y", "--plot", tmp_path / "p.png"],
                               capsys)
        assert_one_line_error(status, err, "matplotlib", "pip install")
        assert out == ""                                   # checked before any work
    status, out, err = run(["fit", DIABETES, "--target", "y"], capsys)  # fit never needs it
    assert status == 0, err


# --------------------------------------------------------------------------------------
# Model files: fit → save → predict


def _predictions(path: Path) -> np.ndarray:
    lines = path.read_text().splitlines()
    return np.array([float(v) for v in lines[1:]])


CATEGORICAL_CSV = "".join(
    ["city,a,b,y\n"]
    + [f"{c},{a},{b},{y}\n" for c, a, b, y in [
        ("Oslo", 1.5, 2, 3.1), ("Rome", 2.25, 1, 4.0), ("Paris", 3, 0, 6.2), ("Rome", 4, 1, 7.9),
        ("Oslo", 5, 5, 9.4), ("Paris", 6.5, 2, 11.0), ("Rome", 7, 3, 13.3), ("Oslo", 8, 1, 14.1),
        ("Paris", 9, 4, 16.0), ("Rome", 10, 2, 18.7)]]
)


@pytest.mark.parametrize("argv", [
    [],
    ["--standardize", "--penalty", "l1", "--alpha", "0.05"],
    ["--standardize", "--loss", "huber", "--penalty", "elasticnet", "--alpha", "0.1"],
    ["--loss", "quantile", "--quantile", "0.3", "--penalty", "l2", "--alpha", "0.01"],
])
def test_save_then_predict_is_bit_identical(capsys, tmp_path, csv_file, argv):
    from swiftreg import _model_file
    from swiftreg.linear_model import RegularizedRegressor

    data = csv_file(CATEGORICAL_CSV)
    model, pred = tmp_path / "m.json", tmp_path / "p.csv"
    status, out, err = run(["fit", data, "--target", "y", "--categorical", "city", *argv,
                            "--save", model], capsys)
    assert status == 0, err
    assert "categorical column city: 3 one-hot column(s)" in out
    doc = json.loads(model.read_text())
    assert doc["format"] == "swiftreg-linear-model" and doc["format_version"] == 1
    assert doc["features"] == ["city=Oslo", "city=Paris", "city=Rome", "a", "b"]
    assert doc["columns"] == ["city", "a", "b"] and doc["target"] == "y"
    assert doc["categorical"] == {"city": ["Oslo", "Paris", "Rome"]}
    assert doc["fit"]["converged"] is True
    # the in-memory model of the same command
    args = cli.build_parser().parse_args(["fit", str(data), "--target", "y", "--categorical",
                                          "city", *argv])
    ds = cli._load(args)
    spec = cli._model_spec(args, ds)
    est = RegularizedRegressor(**spec.params).fit(ds.X, ds.y)
    expected = est.predict(ds.X)
    status, out, err = run(["predict", model, data, "--out", pred], capsys)
    assert status == 0, err
    assert np.array_equal(_predictions(pred), expected)               # bit for bit
    assert "10 rows predicted" in out
    # the file alone, with NumPy: original-scale coefficients agree to rounding
    X = _model_file.design(_model_file.read(model), {
        "city": np.array(["Oslo", "Rome", "Paris", "Rome", "Oslo", "Paris", "Rome", "Oslo",
                          "Paris", "Rome"], dtype=object),
        "a": np.array([1.5, 2.25, 3, 4, 5, 6.5, 7, 8, 9, 10]),
        "b": np.array([2, 1, 0, 1, 5, 2, 3, 1, 4, 2.0])}, 10)
    np.testing.assert_allclose(X @ np.array(doc["coef"]) + doc["intercept"], expected,
                               rtol=1e-12, atol=1e-9)
    # predictions to stdout
    status, out, err = run(["predict", model, data], capsys)
    assert status == 0, err
    assert np.array_equal(np.array([float(v) for v in out.splitlines()[1:]]), expected)
    assert out.splitlines()[0] == "y_predicted"


def test_predict_errors(capsys, tmp_path, csv_file):
    data = csv_file(CATEGORICAL_CSV)
    model = tmp_path / "m.json"
    status, _, err = run(["fit", data, "--target", "y", "--categorical", "city", "--save", model],
                         capsys)
    assert status == 0, err
    missing = csv_file("city,a,y\nOslo,1,2\n", name="missing.csv")
    status, out, err = run(["predict", model, missing], capsys)
    assert_one_line_error(status, err, "lacks the model's feature column(s) b")
    extra = csv_file("city,a,b,zip code,y\nOslo,1,2,3,4\n", name="extra.csv")
    status, _, err = run(["predict", model, extra], capsys)
    assert_one_line_error(status, err, "zip code", "--ignore")
    status, out, err = run(["predict", model, extra, "--ignore", "zip code"], capsys)
    assert status == 0, err
    unseen = csv_file("city,a,b\nBerlin,1,2\n", name="unseen.csv")
    status, _, err = run(["predict", model, unseen], capsys)
    assert_one_line_error(status, err, "'Berlin'", "not fitted with")
    status, _, err = run(["predict", data, data], capsys)
    assert_one_line_error(status, err, "not a model file")
    status, _, err = run(["predict", tmp_path / "nope.json", data], capsys)
    assert_one_line_error(status, err, "no such file")
    doc = json.loads(model.read_text())
    doc["format_version"] = 99
    model.write_text(json.dumps(doc))
    status, _, err = run(["predict", model, data], capsys)
    assert_one_line_error(status, err, "format version 99", "upgrade swiftreg")


def test_save_into_missing_folder_before_any_work(capsys, tmp_path):
    for cmd in (["fit"], ["cv"]):
        status, out, err = run([*cmd, DIABETES, "--target", "y", "--save",
                                tmp_path / "no" / "m.json"], capsys)
        assert_one_line_error(status, err, "cannot write --save")
        assert out == ""


ESTIMATORS = [
    ("Lasso", dict(alpha=1.0)),
    ("ElasticNet", dict(alpha=0.5, l1_ratio=0.3)),
    ("Ridge", dict(alpha=3.0)),
    ("LADRegression", dict(alpha=0.1)),
    ("QuantileRegressor", dict(quantile=0.3, alpha=0.1)),
    ("HuberRegressor", dict()),
    ("RegularizedRegressor", dict(loss="huber", penalty="elasticnet", lower_bounds=-np.inf,
                                  upper_bounds=5.0, penalty_factor=[0.5] * 10)),
    ("LassoCV", dict(cv=3)),
    ("ElasticNetCV", dict(l1_ratio=[0.2, 0.8], cv=3)),
    ("RegularizedRegressorCV", dict(loss="l1", cv=3, n_alphas=10)),
]


@pytest.mark.parametrize("name,params", ESTIMATORS, ids=[e[0] for e in ESTIMATORS])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_estimators_to_json_and_back_predict_bit_for_bit(tmp_path, name, params, dtype):
    from swiftreg import linear_model

    X, y, _ = load_diabetes(standardize=True)
    X = X.astype(dtype)
    est = getattr(linear_model, name)(**params).fit(X, y)
    path = tmp_path / "m.json"
    text = est.to_json(path)
    assert path.read_text() == text
    json.loads(text)                                        # strict JSON (no NaN/Infinity)
    back = getattr(linear_model, name).from_json(path)
    assert type(back) is type(est)
    assert back.get_params().keys() == est.get_params().keys()
    assert repr(back) == repr(est)
    assert back.predict(X).dtype == est.predict(X).dtype
    assert np.array_equal(back.predict(X), est.predict(X))
    assert np.array_equal(type(est).from_json(text).predict(X), est.predict(X))


def test_from_json_refuses_other_files(tmp_path):
    from swiftreg.linear_model import Lasso, Ridge

    X, y, _ = load_diabetes(standardize=True)
    text = Lasso(alpha=1.0).fit(X, y).to_json()
    with pytest.raises(ValueError, match="holds a Lasso, not a Ridge"):
        Ridge.from_json(text)
    with pytest.raises(ValueError, match="not a swiftreg model file"):
        Lasso.from_json('{"a": 1}')
    with pytest.raises(ValueError, match="not fitted"):
        Lasso().to_json()


# --------------------------------------------------------------------------------------
# cv and path --cv


def test_cv_prints_min_and_1se_choices_and_plots(capsys, tmp_path):
    pytest.importorskip("matplotlib")
    from swiftreg.linear_model import RegularizedRegressorCV

    png, model = tmp_path / "cv.png", tmp_path / "m.json"
    status, out, err = run(["cv", DIABETES, "--target", "y", "--standardize", "--folds", "10",
                            "--plot", png, "--save", model], capsys)
    assert status == 0, err
    X, y, _ = load_diabetes(standardize=True)
    ref = RegularizedRegressorCV(cv=10, tol=1e-10, max_iter=100000).fit(X, y)
    rows = {l.split()[0]: l.split() for l in out.splitlines() if l.startswith(("min", "1se"))}
    assert float(rows["min"][2]) == pytest.approx(ref.alpha_min_, rel=1e-5)
    assert float(rows["1se"][1]) == pytest.approx(ref.alpha_1se_, rel=1e-5)
    assert "10-fold cross-validation over 100 α values" in out
    assert png.stat().st_size > 5000 and f"figure: {png}" in out
    doc = json.loads(model.read_text())
    assert doc["estimator"] == "RegularizedRegressorCV"
    assert doc["hyperparameters"]["alpha_"] == pytest.approx(ref.alpha_min_)
    assert doc["cv"]["alpha_1se"] == pytest.approx(ref.alpha_1se_)
    status, out, err = run(["cv", DIABETES, "--target", "y", "--standardize", "--rule", "1se",
                            "--penalty", "elasticnet", "--l1-ratio", "0.5,1", "--json",
                            tmp_path / "r.json"], capsys)
    assert status == 0, err
    assert "1se (chosen)" in out and "× 2 l1_ratios" in out
    doc = json.loads((tmp_path / "r.json").read_text())
    assert doc["cv"]["rule"] == "1se" and doc["cv"]["alpha"] == doc["cv"]["alpha_1se"]


@pytest.mark.parametrize("loss", ["l1", "huber", "quantile"])
def test_cv_other_losses(capsys, loss):
    status, out, err = run(["cv", DIABETES, "--target", "y", "--standardize", "--loss", loss,
                            "--n-alphas", "12", "--folds", "3"], capsys)
    assert status == 0, err
    assert "3-fold cross-validation over 12 α values" in out


def test_cv_option_errors(capsys):
    status, _, err = run(["cv", DIABETES, "--target", "y", "--penalty", "l2"], capsys)
    assert_one_line_error(status, err, "--alphas")
    status, _, err = run(["cv", DIABETES, "--target", "y", "--folds", "1"], capsys)
    assert_one_line_error(status, err, "--folds", ">= 2")
    status, out, err = run(["cv", DIABETES, "--target", "y", "--penalty", "l2", "--alphas",
                            "0.1,1,10", "--folds", "3"], capsys)
    assert status == 0, err


def test_path_with_cv_suggests_an_alpha(capsys, tmp_path):
    from swiftreg.linear_model import ElasticNetCV, lasso_path

    status, out, err = run(["path", DIABETES, "--target", "y", "--standardize", "--cv", "5",
                            "--n-alphas", "40"], capsys)
    assert status == 0, err
    X, y, _ = load_diabetes(standardize=True)
    alphas, _, _ = lasso_path(X, y - y.mean(), n_alphas=40)
    ref = ElasticNetCV(l1_ratio=1.0, alphas=alphas, cv=5).fit(X, y)
    line = next(l for l in out.splitlines() if l.startswith("suggested α"))
    numbers = re.findall(r": ([0-9.]+) \(the minimum.*; ([0-9.]+) \(within", line)[0]
    assert float(numbers[0]) == pytest.approx(ref.alpha_min_, rel=1e-5)
    assert float(numbers[1]) == pytest.approx(ref.alpha_1se_, rel=1e-5)


@pytest.mark.parametrize("argv,needle", [
    (["--eps", "2"], "must be in (0, 1)"),
    (["--eps", "0"], "must be in (0, 1)"),
    (["--n-alphas", "1e9"], "must be <= 100,000"),
    (["--n-alphas", "2.5"], "whole number"),
    (["--alpha", "1_000"], None),
])
def test_path_grid_options(capsys, argv, needle):
    status, out, err = run(["path", DIABETES, "--target", "y", *argv], capsys)
    assert status == 2
    assert_one_line_error(status, err, *([needle] if needle else []))
    assert "MemoryError" not in err


def test_numbers_with_underscores_or_other_digits_are_not_numbers(capsys):
    for text in ("1_000", "١٠"):
        status, _, err = run(["fit", DIABETES, "--target", "y", "--penalty", "l1", "--alpha",
                              text], capsys)
        assert_one_line_error(status, err, "expected a number")


def test_path_plot_into_a_folder_says_which_file(capsys, tmp_path):
    pytest.importorskip("matplotlib")
    status, out, err = run(["path", DIABETES, "--target", "y", "--plot", tmp_path], capsys)
    assert status == 0, err
    assert (tmp_path / "path.png").stat().st_size > 5000
    assert f"figure: {tmp_path / 'path.png'}" in out
    status, out, err = run(["path", DIABETES, "--target", "y", "--plot",
                            tmp_path / "no" / "p.png"], capsys)
    assert_one_line_error(status, err, "cannot write --plot")
    assert out == ""


@pytest.mark.parametrize("p", [30, 100])
def test_path_plot_with_many_features(capsys, tmp_path, p):
    pytest.importorskip("matplotlib")
    rng = np.random.default_rng(p)
    X = rng.standard_normal((120, p))
    y = X @ (rng.standard_normal(p) * (rng.random(p) < 0.5)) + rng.standard_normal(120)
    data = tmp_path / "wide.csv"
    data.write_text(",".join([f"feature {j}" for j in range(p)] + ["y"]) + "\n" + "\n".join(
        ",".join(f"{v:.6f}" for v in row) for row in np.column_stack([X, y])) + "\n")
    png = tmp_path / "p.png"
    status, out, err = run(["path", data, "--target", "y", "--plot", png, "--label", "8"], capsys)
    assert status == 0, err
    assert png.stat().st_size > 10000
    # the labels: top 8 only, spread at least a label's height apart
    rows = [l.split() for l in out.splitlines() if l.strip() and l.split()[0].isdigit()]
    assert len(rows) >= 8
    ends = np.array([0.0, 0.01, 0.011, 0.012, 1.0])
    pos = cli._spread_labels(ends, 0.1, -1.0, 2.0)
    assert np.all(np.diff(np.sort(pos)) >= 0.1 - 1e-12)
    assert len(set(cli._styles(40))) == 40                  # distinct (colour, dash) pairs


# --------------------------------------------------------------------------------------
# Output details


def test_error_messages_keep_the_spaces_in_column_names(capsys, csv_file):
    path = csv_file("zip  code,a,y\n1x,1,2\n2y,2,3\n")
    status, _, err = run(["fit", path, "--target", "y"], capsys)
    assert_one_line_error(status, err, "zip  code", "--categorical zip  code")


def test_repeated_ignore_accumulates(capsys, csv_file):
    path = csv_file("id,name,a,y\n1,x,1,2\n2,y,2,3\n3,z,4,4\n")
    status, out, err = run(["fit", path, "--target", "y", "--ignore", "id", "--ignore", "name"],
                           capsys)
    assert status == 0, err
    assert "3 rows, 1 feature," in out


def test_duplicate_columns_warn(capsys, csv_file):
    path = csv_file("a,b,c,y\n1,1,5,2\n2,2,3,3\n3,3,1,5\n4,4,0,4\n")
    status, out, err = run(["fit", path, "--target", "y", "--penalty", "l2", "--alpha", "1"],
                           capsys)
    assert status == 0, err
    assert "repeat another exactly (b = a)" in err


def test_decimal_comma_and_categorical_auto(capsys, csv_file):
    path = csv_file("a;colour;y\n209,57;red;3,5\n1,5;blue;4\n2;red;6\n3;blue;7,25\n")
    status, _, err = run(["fit", path, "--target", "y", "--sep", ";"], capsys)
    assert_one_line_error(status, err, "--decimal ,")
    status, out, err = run(["fit", path, "--target", "y", "--sep", ";", "--decimal", ",",
                            "--categorical", "auto"], capsys)
    assert status == 0, err
    assert "colour=red" in out and "4 rows, 3 features" in out


def test_datasets_writes_the_example_data(capsys, tmp_path):
    status, out, err = run(["datasets", "diabetes", "--out", tmp_path / "d.csv"], capsys)
    assert status == 0, err
    assert (tmp_path / "d.csv").read_bytes() == DIABETES.read_bytes()
    assert "442 rows" in out
    proc = _subprocess("datasets", "diabetes", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "diabetes.csv").read_bytes() == DIABETES.read_bytes()


def test_devices_and_fifos_are_refused(capsys, tmp_path):
    status, _, err = run(["fit", "/dev/zero", "--target", "y"], capsys)
    assert_one_line_error(status, err, "device")
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    proc = _subprocess("fit", fifo, "--target", "y")
    assert proc.returncode == 1 and "FIFO" in proc.stderr


# --------------------------------------------------------------------------------------
# SIGINT: exit status 130, one line on stderr


def _wait_for(cond, timeout=60.0):
    import time

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(0.005)
    return False


def _has_open(pid: int, path: Path) -> bool:
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return False
    for fd in fds:
        try:
            if os.readlink(f"/proc/{pid}/fd/{fd}") == str(path):
                return True
        except OSError:
            pass
    return False


def _interrupt(args, ready, *, deadline: float):
    """Start the command, wait until ``ready(pid)``, send SIGINT; (status, stderr, seconds
    from the signal to the exit)."""
    import signal
    import time

    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "python"), env.get("PYTHONPATH", "")])
    # SIGINT as a terminal's Ctrl-C: the default action (a background job of a shell, such as
    # a test run started with `&`, inherits SIGINT ignored)
    proc = subprocess.Popen([sys.executable, "-m", "swiftreg", *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        assert _wait_for(lambda: ready(proc.pid) or proc.poll() is not None)
        assert proc.poll() is None, "the command ended before the signal"
        t0 = time.monotonic()
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=deadline + 60)
        return proc.returncode, out, err, time.monotonic() - t0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
def test_sigint_while_loading(tmp_path):
    block = "".join(f"{i % 7}.25,{i % 11}.5,{i % 13}.75,{i % 5}.125\n" for i in range(1000))
    data = tmp_path / "big.csv"
    with open(data, "w") as fh:
        fh.write("a,b,c,y\n")
        for _ in range(1500):                               # 1.5e6 rows, ~30 MB
            fh.write(block)
    status, out, err, secs = _interrupt(["fit", data, "--target", "y"],
                                        lambda pid: _has_open(pid, data), deadline=5)
    assert status == 130, err
    assert out == ""
    assert err.strip().splitlines() == ["swiftreg fit: error: interrupted"]
    assert secs < 5


def test_sigint_while_fitting(tmp_path):
    import time

    start = time.monotonic()
    # 1e8 subgradient steps on the diabetes data: minutes on any machine unless interrupted
    # (1.5e6 of them ended within the 3 s on a fast one)
    status, out, err, secs = _interrupt(
        ["fit", DIABETES, "--target", "y", "--standardize", "--penalty", "l1", "--solver",
         "subgradient", "--max-iter", "100000000", "--tol", "1e-300"],
        lambda pid: time.monotonic() - start > 3.0, deadline=5)
    assert status == 130, err
    assert out == ""
    assert err.strip().splitlines() == ["swiftreg fit: error: interrupted"]
    assert secs < 5, f"the fit stopped {secs:.1f} s after SIGINT"


def test_loading_progress_on_a_terminal(tmp_path):
    pty = pytest.importorskip("pty")
    import select

    block = "".join(f"{i % 7}.25,{i % 11}.5,{i % 13}.75\n" for i in range(1000))
    data = tmp_path / "big.csv"
    with open(data, "w") as fh:
        fh.write("a,b,y\n")
        for _ in range(400):                                # 4e5 rows, ~6 MB
            fh.write(block)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "python"), env.get("PYTHONPATH", "")])
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "swiftreg", "fit", str(data), "--target", "y"],
                            stdout=subprocess.PIPE, stderr=slave, env=env)
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            break
        try:
            got = os.read(master, 65536)
        except OSError:
            break
        if not got:
            break
        chunks.append(got)
    out, _ = proc.communicate(timeout=60)
    os.close(master)
    text = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode == 0
    assert "loading big.csv [" in text and "100/100" in text and "\r" in text
    assert b"400,000 rows" in out


def test_a_saved_command_line_model_is_an_estimator(capsys, tmp_path):
    from swiftreg.linear_model import RegularizedRegressor, RegularizedRegressorCV

    X, y, names = load_diabetes()
    for cmd, klass in ((["fit", "--penalty", "l1", "--alpha", "2"], RegularizedRegressor),
                       (["cv", "--folds", "3", "--n-alphas", "20"], RegularizedRegressorCV)):
        model, pred = tmp_path / "m.json", tmp_path / "p.csv"
        status, _, err = run([cmd[0], DIABETES, "--target", "y", "--standardize", *cmd[1:],
                              "--save", model], capsys)
        assert status == 0, err
        status, _, err = run(["predict", model, DIABETES, "--out", pred], capsys)
        assert status == 0, err
        est = klass.from_json(model)                       # the model on the original scale
        assert list(est.feature_names_in_) == names
        with pytest.warns(UserWarning, match="feature names"):
            np.testing.assert_allclose(est.predict(X), _predictions(pred), rtol=1e-12)


@pytest.mark.parametrize("command", [["fit"], ["cv", "--folds", "3"]])
def test_json_dash_writes_the_report_to_standard_output(capsys, tmp_path, command):
    # --json - : the JSON alone on standard output (for a pipe), the text report on stderr
    status, out, err = run([*command, DIABETES, "--target", "y", "--penalty", "l1", "--alpha",
                            "1", "--standardize", "--json", "-"], capsys)
    assert status == 0, err
    doc = json.loads(out)
    assert doc["converged"] is True and len(doc["coef"]) == 10
    assert "converged: yes" in err and "wrote" not in err
    assert not (tmp_path / "-").exists() and not Path("-").exists()


@pytest.mark.parametrize("loss", ["l2", "l1"])
def test_saved_model_predicts_bit_for_bit_whatever_the_layout_of_X(capsys, tmp_path, loss):
    # swiftreg predict reads X column-major; a user's X (np.loadtxt) is row-major. The
    # estimator read back must give the same bits on either (the product once summed in a
    # layout-dependent order: differences of 1e-13).
    from swiftreg.linear_model import RegularizedRegressor

    model_path, pred_path = tmp_path / "m.json", tmp_path / "p.csv"
    status, _, err = run(["fit", DIABETES, "--target", "y", "--loss", loss, "--penalty", "l1",
                          "--alpha", "0.02", "--save", model_path], capsys)
    assert status == 0, err
    status, _, err = run(["predict", model_path, DIABETES, "--out", pred_path], capsys)
    assert status == 0, err
    cli_pred = np.loadtxt(pred_path, skiprows=1)
    X = np.ascontiguousarray(np.loadtxt(DIABETES, delimiter=",", skiprows=1)[:, :-1])
    assert X.flags.c_contiguous
    est = RegularizedRegressor.from_json(model_path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # fitted with feature names
        np.testing.assert_array_equal(est.predict(X), cli_pred)
        np.testing.assert_array_equal(est.predict(np.asfortranarray(X)), est.predict(X))
