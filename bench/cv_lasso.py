#!/usr/bin/env python3
"""Benchmark of swiftreg's LassoCV (10-fold cross-validation over 100 α) against
scikit-learn's LassoCV and R's cv.glmnet.

    python bench/cv_lasso.py [--quick] [--write | --no-write] [--output PATH]

(``make bench`` runs it with PYTHONPATH=python; the package loads the in-tree build for this
CPU, or the library named by SWIFTREG_LIB. ``SWIFTREG_BENCH_QUICK=1`` in the environment is
the same as ``--quick``.)

Setup. When ``Rscript -e 'library(glmnet)'`` fails, Debian's ``r-cran-glmnet`` is installed
with apt-get (bench/_report.py's ensure_r_glmnet), and ``r-cran-doparallel`` likewise for the
2-core cv.glmnet rows; a peer that cannot be had is left out with a message. When
``swiftreg.linear_model.LassoCV`` is missing (a build from before it), the swiftreg rows say
so and the peers are still measured; when swiftreg rejects a scipy.sparse X, the sparse
problem is skipped with a message. BENCHMARKS.md is then not written unless ``--write``.

Problems (every one with an intercept, fitted by all three):
- FHT: the simulation of Friedman, Hastie & Tibshirani (2010, J. Stat. Softw. 33(1), Table 1):
  Gaussian X with equal pairwise correlation ρ, y = Σⱼ Xⱼβⱼ + k·z, βⱼ = (−1)ʲ exp(−2(j−1)/20),
  k for a signal-to-noise ratio sd(Xβ)/sd(kz) = 3; (n, p) ∈ {(5000, 100), (100, 5000)},
  ρ ∈ {0, 0.5}; X's columns standardised (mean 0, population sd 1).
- vignette: glmnet's vignette problem (its "Sparse matrices" section): n = 10 000, p = 200,
  x ~ N(0, 1) with 85 % of the entries set to 0 (stored dense here), y = xβ + ε, β, ε ~ N(0, 1).
- sparse: bench/sparse_lasso.py's "small" problem, imported from it: a tf-idf-like Zipf-column
  5 000 × 20 000 CSC matrix at density 1e-3 (float64 values, int32 indices), 200 true terms.
y is standardised (mean 0, population sd 1) in every problem: glmnet scales y internally, and
with a unit-variance y its λ is α below (it is anyway with ``lambda=`` given; this makes its
thresh mean the same on every problem).

Objective of each fit (scikit-learn's Lasso, swiftreg's Lasso, glmnet with
``standardize=FALSE, intercept=TRUE``), on a fold's training rows or on all the data::

    P(w, b) = (1/(2n))·‖y − Xw − b‖² + α‖w‖₁

One grid for all: 100 α log-spaced from α_max = ‖Xᵀ(y − ȳ)‖∞/n down to eps·α_max, eps = 1e-3
when n > p and 1e-2 otherwise (glmnet's default lambda.min.ratio), passed as ``alphas=`` /
``lambda=``. One fold vector for all: a fixed random permutation of (i mod 10), i.e. 10 folds
of equal size: scikit-learn gets ``cv=PredefinedSplit(foldid)``, swiftreg ``foldid=foldid``,
cv.glmnet ``foldid = foldid + 1``. The folds being of equal size, glmnet's cvm (fold means
weighted by fold size) is scikit-learn's mse_path_.mean(axis=1).

Solvers: scikit-learn ``LassoCV(alphas, cv, n_jobs, tol=1e-4 (its default), max_iter=1e5)``;
cv.glmnet ``(x, y, lambda, foldid, standardize=FALSE, thresh=1e-7 (its default), keep=TRUE,
parallel)``; swiftreg ``LassoCV(alphas, foldid, n_jobs, tol, max_iter=1e5)`` with tol from the
ladder 1e-4, 1e-6, 1e-8, 1e-10. One core: ``n_jobs=1`` and ``parallel=FALSE``; two cores:
``n_jobs=2`` (scikit-learn's folds on 2 threads, swiftreg's on 2 native threads) and cv.glmnet
with ``parallel=TRUE`` on doParallel's 2 forked workers (``registerDoParallel(cores = 2)``).
BLAS: OMP_NUM_THREADS, OPENBLAS_NUM_THREADS (and the other BLAS variables) = 1 in this process
and R, set before NumPy is imported, and threadpoolctl; the 2-core rows parallelise over folds.

Accuracy. Reference: for each fold, swiftreg's ``lasso_path`` on that fold's training rows
(a separate problem, not the library's zero-weight fold fits) at tol = 1e-14 (1e-11 for the
sparse problem, see REF_TOL_SPARSE), scored on the held-out rows; and the full data's path at
the same tol. "CV error": max over α and folds of
|mse − mse_ref|/mse_ref, each solver's per-fold held-out MSE (mse_path_, or glmnet's fit.preval)
against the reference's. The reference is swiftreg's own solver, so two independent tight
runs check it: cv.glmnet at thresh = 1e-14 and (when cheap, see below) scikit-learn at
tol = 1e-8, both untimed; the smaller of their CV errors (glmnet's only when it converged) is
the floor: the held-out errors are not known better than that (where X has more columns than
rows the smallest α nearly interpolate, and coefficients that change the objective by 1e-12
still move the held-out MSE by 1e-3), and a CV error below it counts as equal to it. "final subopt.": (P(w, b) − P*)/P* of the final model at its
chosen α (scikit-learn's refit, swiftreg's coef_/intercept_, glmnet's full-path coefficients at
lambda.min), P* = the smallest objective of any answer at that α. "cert.": max over α (and
folds) of the reference's relative duality gap (Lasso-with-intercept dual at the scaled
centred residual).

Timing: each solver's whole cross-validation call (the full path or refit included), in
Python with time.perf_counter (input checks included) and inside R around ``cv.glmnet()``
with Sys.time(); the configurations run in alternating order (forward, then reversed), each
time being the best of up to 3 rounds (a configuration whose run takes more than ``--budget``
seconds runs once). swiftreg is timed at two tols: against each peer, the loosest tol of the
ladder whose CV error and final suboptimality are both ≤ that peer's (or ≤ the floor),
"equal or better accuracy" (the most accurate tol, marked †, when none is).

Targets: swiftreg time ≤ 0.5 × cv.glmnet's and ≤ 0.2 × scikit-learn's LassoCV's, each at equal
or better accuracy (checked at 1 and at 2 cores), and swiftreg's chosen α = scikit-learn's.
When scikit-learn's run is cheap (≤ budget), it is also run once at tol = 1e-8 (untimed) to
tell a tie broken by scikit-learn's tol=1e-4 error from a real difference. PASS / MISS is
printed per target.

``--quick`` runs the ρ = 0.5 FHT problems only, one round, and does not write BENCHMARKS.md
unless ``--write`` is given. The results go into the ``<!-- cv_lasso:begin -->`` ...
``<!-- cv_lasso:end -->`` section of BENCHMARKS.md; other sections are left alone.
"""
from __future__ import annotations

import os
import sys

# --- environment: must happen before NumPy (and its BLAS) is loaded ---------------------------
_THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                "BLIS_NUM_THREADS", "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")
_MARK = "_SWIFTREG_CV_LASSO_BENCH"
if os.environ.get(_MARK) != "1":
    for _k in _THREAD_VARS:
        os.environ[_k] = "1"
    os.environ[_MARK] = "1"
    if "numpy" in sys.modules:  # already loaded (a sitecustomize?): start again, clean
        os.execv(sys.executable, [sys.executable] + sys.argv)

import argparse  # noqa: E402
import datetime  # noqa: E402
import math  # noqa: E402
import platform  # noqa: E402
import shlex  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import scipy.sparse as sp  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _report  # noqa: E402  (bench/_report.py, beside this script)

ROOT = Path(__file__).resolve().parent.parent
try:
    import swiftreg as sr  # noqa: E402
except ImportError:  # run without the Makefile's PYTHONPATH
    sys.path.insert(0, str(ROOT / "python"))
    import swiftreg as sr  # noqa: E402
from swiftreg import linear_model as srlm  # noqa: E402

try:
    from threadpoolctl import threadpool_info, threadpool_limits
except ImportError:
    threadpool_info = threadpool_limits = None

BEGIN, END = "<!-- cv_lasso:begin -->", "<!-- cv_lasso:end -->"
perf = time.perf_counter

N_FOLDS, N_ALPHAS = 10, 100
MAX_ITER = 100000
SK_TOL, SK_CHECK_TOL = 1e-4, 1e-8
GLMNET_THRESH, GLMNET_CHECK_THRESH = 1e-7, 1e-14
LADDER = (1e-4, 1e-6, 1e-8, 1e-10)
REF_TOL, REF_MAX_ITER = 1e-14, 10**6
# The sparse problem's reference tol: at tol <= 1e-12 swiftreg's path on CSC X keeps sweeping
# some α up to max_iter after their gap is reached (seen at commit d76a9a3; a dense X, and a
# single Lasso fit on the same CSC X, stop): 1e-11 keeps the reference to seconds.
REF_TOL_SPARSE = 1e-11
SUBOPT_FLOOR = 1e-13  # final-model suboptimality below this counts as exact (rounding level)
GLMNET_TARGET, SKLEARN_TARGET = 0.5, 0.2
CORES = (1, 2)

FHT_CASES = ((5000, 100, 0.0), (5000, 100, 0.5), (100, 5000, 0.0), (100, 5000, 0.5))


def log(s: str = "") -> None:
    print(s, flush=True)


# --- problems -----------------------------------------------------------------------------------

def standardize_y(y):
    y = np.asarray(y, dtype=np.float64)
    return (y - y.mean()) / y.std()


def fht_data(n, p, rho, seed):
    """Friedman, Hastie & Tibshirani (2010) Table 1 design (as bench/glmnet_paths.py), X's
    columns standardised; y standardised."""
    rng = np.random.default_rng(seed)
    X = math.sqrt(1 - rho) * rng.standard_normal((n, p)) + math.sqrt(rho) * rng.standard_normal((n, 1))
    j = np.arange(1, p + 1)
    beta = (-1.0) ** j * np.exp(-2.0 * (j - 1) / 20.0)
    f = X @ beta
    z = rng.standard_normal(n)
    y = f + f.std() / (3.0 * z.std()) * z  # SNR sd(Xβ)/sd(kz) = 3
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    return np.asfortranarray(X), standardize_y(y)


def vignette_data(seed, n=10000, p=200):
    """glmnet's vignette problem: 85 % zeros in a Gaussian x, y = xβ + ε."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p))
    X.ravel()[rng.choice(n * p, int(0.85 * n * p), replace=False)] = 0.0
    y = X @ rng.standard_normal(p) + rng.standard_normal(n)
    return np.asfortranarray(X), standardize_y(y)


def sparse_data(seed):
    """bench/sparse_lasso.py's small problem (its generator, imported); None + why when that
    is impossible."""
    os.environ.setdefault("_SWIFTREG_SPARSE_LASSO_BENCH", "1")  # no re-exec, no env changes there
    try:
        import sparse_lasso  # noqa: PLC0415
    except Exception as e:  # noqa: BLE001
        return None, f"bench/sparse_lasso.py could not be imported ({type(e).__name__}: {e})"
    small = {name: (n, p) for name, n, p in sparse_lasso.PROBLEMS}.get("small", (5000, 20000))
    X, y, _ = sparse_lasso.make_problem(small[0], small[1], seed)
    return (sp.csc_matrix(X), standardize_y(y)), f"sparse_lasso.make_problem{small}"


def fold_vector(n, seed):
    """A fixed random permutation of (i mod K): K folds of equal size when K divides n."""
    return np.random.default_rng(seed).permutation(np.arange(n) % N_FOLDS).astype(np.int64)


def alpha_grid(X, y):
    n, p = X.shape
    amax = float(np.abs(np.asarray(X.T @ (y - y.mean()))).max() / n)
    return np.geomspace(amax, (1e-3 if n > p else 1e-2) * amax, N_ALPHAS)


def objectives(X, y, W, b, alphas):
    """P(w_k, b_k) for every column k of W (p × m)."""
    n = X.shape[0]
    R = y[:, None] - np.asarray(X @ W) - b[None, :]
    return 0.5 * np.einsum("ij,ij->j", R, R) / n + alphas * np.abs(W).sum(axis=0)


def dual_values(X, y, W, alphas):
    """The best dual value each column of W certifies: θ = s·r/n, r the residual at the
    optimal intercept (centred), s = min(1, nα/‖Xᵀr‖∞)."""
    n = X.shape[0]
    yc = y - y.mean()
    XW = np.asarray(X @ W)
    R = yc[:, None] - (XW - XW.mean(axis=0))
    dual_norm = np.abs(np.asarray(X.T @ R)).max(axis=0)
    s = np.minimum(1.0, n * alphas / np.maximum(dual_norm, 1e-300))
    D = yc[:, None] - s * R
    return 0.5 * (yc @ yc - np.einsum("ij,ij->j", D, D)) / n


def held_out_mse(X, y, W, b, test):
    R = y[test, None] - np.asarray(X[test] @ W) - b[None, :]
    return np.einsum("ij,ij->j", R, R) / test.size


def reference_tol(X) -> float:
    return REF_TOL_SPARSE if sp.issparse(X) else REF_TOL


def reference(X, y, grid, foldid):
    """Tight per-fold paths on the training rows (separate problems) and the full data's path:
    (mse_ref (m × K), full W, full b, certificate)."""
    m = grid.size
    tol = reference_tol(X)
    mse = np.empty((m, N_FOLDS))
    cert = 0.0
    for k in range(N_FOLDS):
        train, test = np.flatnonzero(foldid != k), np.flatnonzero(foldid == k)
        Xt = X[train]
        if sp.issparse(Xt):
            Xt = sp.csc_matrix(Xt)
        else:
            Xt = np.asfortranarray(Xt)
        _, W, _, b = srlm.lasso_path(Xt, y[train], alphas=grid, tol=tol, max_iter=REF_MAX_ITER,
                                     fit_intercept=True, return_intercept=True)
        mse[:, k] = held_out_mse(X, y, W, b, test)
        o = objectives(Xt, y[train], W, b, grid)
        cert = max(cert, float(np.max((o - dual_values(Xt, y[train], W, grid)) / o)))
    _, W, _, b = srlm.lasso_path(X, y, alphas=grid, tol=tol, max_iter=REF_MAX_ITER,
                                 fit_intercept=True, return_intercept=True)
    o = objectives(X, y, W, b, grid)
    cert = max(cert, float(np.max((o - dual_values(X, y, W, grid)) / o)))
    return mse, W, b, cert


# --- glmnet: the R server ------------------------------------------------------------------------

R_SERVER = r"""
suppressMessages({library(glmnet); library(Matrix)})
have_par <- suppressWarnings(suppressMessages(requireNamespace("doParallel", quietly = TRUE)))
if (have_par) { suppressMessages(library(doParallel)); registerDoParallel(cores = 2) }
con <- file("stdin"); open(con)
say <- function(...) { cat(..., "\n", sep = ""); flush(stdout()) }
say("ready\t", R.version.string, "\t", as.character(packageVersion("glmnet")), "\t",
    if (have_par) as.character(packageVersion("doParallel")) else "-")
X <- NULL; y <- NULL; lam <- NULL; fid <- NULL
repeat {
  line <- readLines(con, n = 1)
  if (length(line) == 0 || line == "quit") break
  a <- strsplit(line, "\t", fixed = TRUE)[[1]]
  warns <- character(0)
  res <- tryCatch(withCallingHandlers({
    if (a[1] == "load") {
      pre <- a[2]; n <- as.integer(a[4]); p <- as.integer(a[5]); nl <- as.integer(a[6])
      if (a[3] == "dense") {
        X <- matrix(readBin(paste0(pre, ".X"), "double", n * p), n, p)
      } else {
        nnz <- as.integer(a[7])
        X <- sparseMatrix(i = readBin(paste0(pre, ".i"), "integer", nnz),
                          p = readBin(paste0(pre, ".p"), "integer", p + 1),
                          x = readBin(paste0(pre, ".x"), "double", nnz),
                          dims = c(n, p), index1 = FALSE)
      }
      y <- readBin(paste0(pre, ".y"), "double", n)
      lam <- readBin(paste0(pre, ".lam"), "double", nl)
      fid <- readBin(paste0(pre, ".fid"), "integer", n)
      "ok"
    } else if (a[1] == "cv") {
      thresh <- as.numeric(a[2]); par <- a[3] == "1"; outf <- a[4]; maxit <- as.numeric(a[5])
      t0 <- Sys.time()
      fit <- cv.glmnet(X, y, lambda = lam, foldid = fid, standardize = FALSE, intercept = TRUE,
                       thresh = thresh, maxit = maxit, keep = TRUE, parallel = par)
      el <- as.numeric(difftime(Sys.time(), t0, units = "secs"))
      if (outf != "-") {
        o <- file(outf, "wb")
        writeBin(as.double(fit$lambda), o)
        writeBin(as.double(fit$cvm), o)
        writeBin(as.double(fit$fit.preval), o)
        writeBin(as.double(as.matrix(fit$glmnet.fit$beta)), o)
        writeBin(as.double(fit$glmnet.fit$a0), o)
        close(o)
      }
      sprintf("ok\t%.9f\t%d\t%d", el, length(fit$lambda), which(fit$lambda == fit$lambda.min)[1])
    } else stop("unknown command ", a[1])
  }, warning = function(w) { warns <<- c(warns, conditionMessage(w)); invokeRestart("muffleWarning") }),
  error = function(e) paste0("err\t", gsub("[\t\n]", " ", conditionMessage(e))))
  if (length(warns)) res <- paste0(res, "\tWARN ", gsub("[\t\n]", " ", paste(unique(warns), collapse = "; ")))
  say(res)
}
"""


class RGlmnet:
    """One Rscript process serving cv.glmnet fits (commands on stdin, one reply line each)."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        script = tmp / "cv_glmnet_server.R"
        script.write_text(R_SERVER)
        self.errf = open(tmp / "r_stderr.txt", "w+")
        self.proc = subprocess.Popen(["Rscript", "--vanilla", str(script)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=self.errf, text=True, bufsize=1)
        first = self._read().split("\t")
        if first[0] != "ready":
            raise RuntimeError(f"R server did not start: {first}")
        self.r_version, self.glmnet_version, self.doparallel = first[1], first[2], first[3]
        self.n = self.p = 0

    def _read(self) -> str:
        line = self.proc.stdout.readline()
        if not line:
            self.errf.seek(0)
            raise RuntimeError("R server died: " + self.errf.read()[-2000:])
        return line.rstrip("\n")

    def ask(self, *fields) -> list[str]:
        self.proc.stdin.write("\t".join(str(f) for f in fields) + "\n")
        self.proc.stdin.flush()
        reply = self._read().split("\t")
        if reply[0] != "ok":
            raise RuntimeError("glmnet: " + " ".join(reply[1:]))
        return reply

    def load(self, X, y, lam, foldid):
        pre = str(self.tmp / "case")
        n, p = X.shape
        extra = []
        if sp.issparse(X):
            X = sp.csc_matrix(X)
            X.sort_indices()
            X.data.astype("<f8").tofile(pre + ".x")
            X.indices.astype("<i4").tofile(pre + ".i")
            X.indptr.astype("<i4").tofile(pre + ".p")
            kind, extra = "sparse", [X.nnz]
        else:
            np.asarray(X, dtype="<f8").ravel(order="F").tofile(pre + ".X")
            kind = "dense"
        np.asarray(y, dtype="<f8").tofile(pre + ".y")
        np.asarray(lam, dtype="<f8").tofile(pre + ".lam")
        (np.asarray(foldid) + 1).astype("<i4").tofile(pre + ".fid")
        self.ask("load", pre, kind, n, p, len(lam), *extra)
        self.n, self.p = n, p

    def cv(self, thresh, parallel, want=False):
        """(seconds inside R, index of lambda.min (0-based), warnings, outputs or None);
        outputs: dict(lam, cvm, preval (n × nl), W (p × nl), b (nl))."""
        outf = str(self.tmp / "cv.bin") if want else "-"
        r = self.ask("cv", f"{thresh:.17g}", int(bool(parallel)), outf, f"{MAX_ITER:d}")
        t, nl, imin = float(r[1]), int(r[2]), int(r[3]) - 1
        warn = r[4][5:] if len(r) > 4 else ""
        out = None
        if want:
            v = np.fromfile(outf, dtype="<f8")
            n, p = self.n, self.p
            o = 0
            parts = {}
            for name, size in (("lam", nl), ("cvm", nl), ("preval", n * nl), ("W", p * nl), ("b", nl)):
                parts[name] = v[o:o + size]
                o += size
            parts["preval"] = parts["preval"].reshape((n, nl), order="F")
            parts["W"] = parts["W"].reshape((p, nl), order="F")
            out = parts
        return t, imin, warn, out

    def close(self):
        try:
            self.proc.stdin.write("quit\n")
            self.proc.stdin.close()
            self.proc.wait(timeout=10)
        except Exception:  # noqa: BLE001
            self.proc.kill()
        self.errf.close()


# --- the Python solvers ---------------------------------------------------------------------------

def run_sklearn(X, y, grid, foldid, n_jobs, tol):
    from sklearn.linear_model import LassoCV
    from sklearn.model_selection import PredefinedSplit
    t0 = perf()
    m = LassoCV(alphas=grid, cv=PredefinedSplit(foldid), n_jobs=n_jobs, tol=tol,
                max_iter=MAX_ITER).fit(X, y)
    dt = perf() - t0
    return dt, dict(mse=np.asarray(m.mse_path_), alpha=float(m.alpha_), w=np.asarray(m.coef_),
                    b=float(m.intercept_))


def run_swiftreg(X, y, grid, foldid, n_jobs, tol):
    t0 = perf()
    m = srlm.LassoCV(alphas=grid, foldid=foldid, n_jobs=n_jobs, tol=tol, max_iter=MAX_ITER).fit(X, y)
    dt = perf() - t0
    return dt, dict(mse=np.asarray(m.mse_path_), alpha=float(m.alpha_), w=np.asarray(m.coef_),
                    b=float(m.intercept_))


def glmnet_answer(out, y, foldid, imin, m):
    """The glmnet outputs in the shape of the others: per-fold MSE from fit.preval, the final
    model = the full path at lambda.min."""
    nl = out["lam"].size
    mse = np.full((m, N_FOLDS), np.nan)
    for k in range(N_FOLDS):
        test = foldid == k
        R = y[test, None] - out["preval"][test]
        mse[:nl, k] = np.mean(R * R, axis=0)
    return dict(mse=mse, alpha=float(out["lam"][imin]), w=out["W"][:, imin], b=float(out["b"][imin]),
                nl=nl)


def grid_index(grid, alpha) -> int:
    return int(np.argmin(np.abs(grid - alpha)))


# --- one problem ------------------------------------------------------------------------------------

def bench_problem(R: RGlmnet | None, name, X, y, seed, args, have_sr, have_par):
    n, p = X.shape
    foldid = fold_vector(n, seed + 1)
    grid = alpha_grid(X, y)
    m = grid.size
    t_start = perf()
    log(f"{name}: reference (swiftreg lasso_path per fold, tol {reference_tol(X):.0e}) ...")
    mse_ref, W_ref, b_ref, cert = reference(X, y, grid, foldid)
    i_ref = int(np.argmin(mse_ref.mean(axis=1)))  # first = largest α on ties
    log(f"  reference done in {perf() - t_start:.1f} s (cert {cert:.1e}, argmin index {i_ref})")

    answers = {}   # label -> dict(mse, alpha, w, b, time, tol)
    if R is not None:
        R.load(X, y, grid, foldid)

    # untimed accuracy runs: the swiftreg ladder, glmnet tight, scikit-learn tight (if cheap)
    if have_sr:
        for tol in LADDER:
            dt, a = run_swiftreg(X, y, grid, foldid, 1, tol)
            answers[("sr", tol)] = dict(a, time=dt)
            log(f"  swiftreg tol {tol:.0e}: {fmt_t(dt)} (1 core, untimed ladder run)")
    if R is not None:
        dt, imin, warn, out = R.cv(GLMNET_CHECK_THRESH, False, want=True)
        answers[("gl-check",)] = dict(glmnet_answer(out, y, foldid, imin, m), time=dt, warn=warn)
        log(f"  cv.glmnet thresh {GLMNET_CHECK_THRESH:.0e}: {fmt_t(dt)} (untimed check)")

    # timed configurations: the peers first (their accuracy decides swiftreg's tol)
    best: dict[tuple, float] = {}
    rounds_done: dict[tuple, int] = {}

    def timed(key):
        kind = key[0]
        if kind == "sk":
            dt, a = run_sklearn(X, y, grid, foldid, key[1], SK_TOL)
        elif kind == "gl":
            dt, imin, warn, out = R.cv(GLMNET_THRESH, key[1] == 2, want=key not in answers)
            a = glmnet_answer(out, y, foldid, imin, m) if out is not None else None
            if a is not None:
                a["warn"] = warn
        else:
            dt, a = run_swiftreg(X, y, grid, foldid, key[2], key[1])
        if key not in answers and a is not None:
            answers[key] = dict(a, time=dt)
        best[key] = min(best.get(key, math.inf), dt)
        rounds_done[key] = rounds_done.get(key, 0) + 1
        return dt

    peers = [("sk", c) for c in CORES]
    if R is not None:
        peers += [("gl", c) for c in CORES if c == 1 or have_par]
    for key in peers:  # first round of the peers (gives their accuracy)
        dt = timed(key)
        log(f"  {label(key)}: {fmt_t(dt)}")

    # accuracy of every answer
    P_star = objectives(X, y, W_ref, b_ref, grid)
    for a in answers.values():
        i = grid_index(grid, a["alpha"])
        a["index"] = i
        P_star[i] = min(P_star[i], float(objectives(X, y, a["w"][:, None], np.array([a["b"]]),
                                                    grid[i:i + 1])[0]))
    for a in answers.values():
        i = a["index"]
        ok = np.isfinite(a["mse"])
        a["cv_err"] = float(np.max(np.abs(a["mse"][ok] - mse_ref[ok]) / mse_ref[ok])) if ok.any() else math.nan
        o = float(objectives(X, y, a["w"][:, None], np.array([a["b"]]), grid[i:i + 1])[0])
        a["subopt"] = (o - P_star[i]) / P_star[i]
        a["mean_index"] = int(np.nanargmin(a["mse"].mean(axis=1)))

    # scikit-learn at a tight tol, once, when its default run is cheap: is its α the tie-free one?
    sk1 = answers[("sk", 1)]
    if best[("sk", 1)] <= args.budget:
        dt, a = run_sklearn(X, y, grid, foldid, 1, SK_CHECK_TOL)
        i = grid_index(grid, a["alpha"])
        ok = np.isfinite(a["mse"])
        a.update(time=dt, index=i, cv_err=float(np.max(np.abs(a["mse"][ok] - mse_ref[ok]) / mse_ref[ok])),
                 subopt=math.nan)
        o = float(objectives(X, y, a["w"][:, None], np.array([a["b"]]), grid[i:i + 1])[0])
        a["subopt"] = max(o - P_star[i], 0.0) / P_star[i]
        answers[("sk-check",)] = a
        log(f"  scikit-learn tol {SK_CHECK_TOL:.0e}: {fmt_t(dt)} (untimed check), α index {i}")

    # the floor of the CV error: how closely an independent tight solver reproduces the
    # reference's held-out errors (the closest one; glmnet's only when it converged)
    checks = [a["cv_err"] for key, a in answers.items()
              if key == ("sk-check",) or (key == ("gl-check",) and not a.get("warn"))]
    floor = min(checks) if checks else math.nan  # nan: no converged check ran

    # swiftreg's tol against each peer: the loosest of the ladder at equal or better accuracy
    choice = {}
    if have_sr:
        for peer in ("sk", "gl"):
            if (peer, 1) not in answers:
                continue
            pa = answers[(peer, 1)]
            cv_bound = max(pa["cv_err"], floor if np.isfinite(floor) else 0.0)
            sub_bound = max(pa["subopt"], SUBOPT_FLOOR)
            pick = None
            for tol in LADDER:
                a = answers[("sr", tol)]
                if a["cv_err"] <= cv_bound and a["subopt"] <= sub_bound:
                    pick = (tol, True)
                    break
            if pick is None:
                pick = (LADDER[-1], False)
            choice[peer] = pick
        sr_keys = sorted({("sr", tol, c) for tol, _ in choice.values() for c in CORES},
                         key=lambda k: (-k[1], k[2]))
    else:
        sr_keys = []

    # the timing rounds (alternating order); the peers' first round is done
    order = peers + sr_keys
    for key in sr_keys:
        timed(key)
    for k in range(1, args.repeats):
        for key in (order if k % 2 == 1 else order[::-1]):
            if best[key] > args.budget or rounds_done[key] > k:
                continue
            timed(key)
    for key in order:
        log(f"  {label(key)}: best {fmt_t(best[key])} of {rounds_done[key]}")

    # bit-identical results for any n_jobs?
    identical = None
    if have_sr:
        pairs = [(answers.get(("sr", t, 1)), answers.get(("sr", t, 2))) for t, _ in choice.values()]
        identical = all(a is not None and b is not None and np.array_equal(a["mse"], b["mse"])
                        and np.array_equal(a["w"], b["w"]) for a, b in pairs)

    # verdicts
    verdicts = {}
    if have_sr:
        for peer, target in (("sk", SKLEARN_TARGET), ("gl", GLMNET_TARGET)):
            if peer not in choice:
                continue
            tol, met = choice[peer]
            for c in CORES:
                if (peer, c) not in best:
                    continue
                ratio = best[("sr", tol, c)] / best[(peer, c)]
                ok = ratio <= target and met
                why = ([] if ratio <= target else ["time"]) + ([] if met else ["accuracy"])
                verdicts[(peer, c)] = dict(ratio=ratio, tol=tol, met=met,
                                           verdict="PASS" if ok else "MISS (" + ", ".join(why) + ")")
        tol_sk = choice["sk"][0]
        a_sr = answers[("sr", tol_sk)]
        same = a_sr["index"] == sk1["index"]
        verdicts["alpha"] = dict(same=same, verdict="PASS" if same else "MISS",
                                 sr=a_sr["index"], sk=sk1["index"])
    return dict(name=name, n=n, p=p, nnz=(X.nnz if sp.issparse(X) else None), grid=grid, ref_index=i_ref,
                cert=cert, floor=floor, answers=answers, best=best, rounds=rounds_done, choice=choice,
                verdicts=verdicts, identical=identical, seconds=perf() - t_start)


# --- formatting -----------------------------------------------------------------------------------

def label(key) -> str:
    if key[0] == "sk":
        return f"scikit-learn LassoCV n_jobs={key[1]}"
    if key[0] == "gl":
        return f"cv.glmnet {'parallel=TRUE (2 workers)' if key[1] == 2 else 'parallel=FALSE'}"
    return f"swiftreg LassoCV tol={key[1]:.0e} n_jobs={key[2]}"


def fmt_t(t) -> str:
    if t is None or not np.isfinite(t):
        return "—"
    return f"{t * 1e3:.0f} ms" if t < 1 else f"{t:.2f} s"


def fmt_e(x) -> str:
    if x is None or not np.isfinite(x):
        return "—"
    if abs(x) < 1e-15:
        return "<1e-15" if x >= 0 else f"{x:.0e}"
    return f"{x:.0e}"


def fmt_r(x) -> str:
    return "—" if x is None or not np.isfinite(x) else f"{x:.2f}"


def load_avg() -> str:
    try:
        return "/".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def command_line() -> str:
    def rel(p):
        if not os.path.isabs(p):
            return p
        r = os.path.relpath(os.path.normpath(p), ROOT)
        return p if r.startswith("..") else r
    env = []
    if os.environ.get("PYTHONPATH"):
        env.append("PYTHONPATH=" + ":".join(rel(p) for p in os.environ["PYTHONPATH"].split(":")))
    if os.environ.get("SWIFTREG_LIB"):
        env.append("SWIFTREG_LIB=" + os.environ["SWIFTREG_LIB"])
    if os.environ.get("SWIFTREG_BENCH_QUICK"):
        env.append("SWIFTREG_BENCH_QUICK=" + os.environ["SWIFTREG_BENCH_QUICK"])
    return " ".join(env + [rel(sys.executable), shlex.join([rel(os.path.abspath(sys.argv[0]))]
                                                           + sys.argv[1:])])


def machine_info(R: RGlmnet | None) -> dict:
    import sklearn
    pools = "unknown (threadpoolctl missing)"
    if threadpool_info is not None:
        pools = ", ".join(f"{i.get('internal_api')} ({i.get('user_api')}): {i.get('num_threads')} thread(s)"
                          for i in threadpool_info()) or "none loaded"
    try:
        commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", "Sources",
                                "python/swiftreg"], capture_output=True, text=True).stdout.strip()
        commit += " + uncommitted changes in Sources/ or python/swiftreg/" if dirty else ""
    except OSError:
        commit = "unknown"
    lib = sr.library_path()
    try:
        built = datetime.datetime.fromtimestamp(os.path.getmtime(lib), datetime.timezone.utc)
        built = built.strftime("%Y-%m-%d %H:%M UTC")
    except OSError:
        built = "unknown"
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return dict(cpu=_report.cpu_model(), cpus=cpus, python=platform.python_version(),
                numpy=np.__version__, sklearn=sklearn.__version__, swiftreg=sr.__version__,
                pools=pools, commit=commit, lib=lib, variant=sr.library_variant(), built=built,
                load=load_avg(),
                r=R.r_version if R else "R not available", glmnet=R.glmnet_version if R else "—",
                doparallel=(R.doparallel if R else "—"),
                date=datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"))


def problem_title(r) -> str:
    s = f"{r['name']} {r['n']} × {r['p']}"
    if r["nnz"] is not None:
        s += f" (CSC, nnz {r['nnz']})"
    return s


def markdown(m, cmd, args, results, notes, elapsed) -> str:
    L = []
    w = L.append
    w(BEGIN)
    w("## Cross-validation: LassoCV vs scikit-learn and cv.glmnet (`bench/cv_lasso.py`)")
    w("")
    w(f"- Machine: {m['cpu']}, {m['cpus']} CPUs; Python {m['python']}, NumPy {m['numpy']}, "
      f"scikit-learn {m['sklearn']}; {m['r']}, glmnet {m['glmnet']}, doParallel {m['doparallel']}")
    w(f"- swiftreg {m['swiftreg']} at commit {m['commit']}; library `{m['lib']}` ({m['variant']} build, "
      f"built {m['built']})")
    w(f"- Date: {m['date']}; run took {elapsed:.0f} s{' (quick run)' if args.quick else ''}; "
      f"load average (1/5/15 min) {m['load']} at the start, {load_avg()} at the end (the machine "
      "is shared: expect noise of tens of percent, more in the 2-core rows)")
    w(f"- Command: `{cmd}`")
    w(f"- Threads: {', '.join(_THREAD_VARS)} = 1 for this process and R (set before NumPy is "
      f"imported); threadpoolctl limits every BLAS pool to 1 ({m['pools']}). 2 cores = 2 folds at "
      "a time: scikit-learn `n_jobs=2` (threads), swiftreg `n_jobs=2` (native threads), cv.glmnet "
      "`parallel=TRUE` with `registerDoParallel(cores = 2)` (forked workers).")
    w(f"- Times: each library's whole CV call (full path or final refit included), best of up to "
      f"{args.repeats} rounds in alternating order (a configuration slower than {args.budget:g} s "
      "runs once; the count is in brackets); cv.glmnet timed inside R (Sys.time()).")
    w("")
    w("Problems (intercept fitted by all; y standardised): FHT = Friedman, Hastie & Tibshirani "
      "(2010) simulation, Gaussian X with pairwise correlation ρ, βⱼ = (−1)ʲexp(−2(j−1)/20), SNR 3, "
      "X's columns standardised; vignette = glmnet's vignette problem (10 000 × 200 Gaussian with "
      "85 % zeros, stored dense, y = Xβ + ε); sparse = bench/sparse_lasso.py's small tf-idf-like "
      "Zipf problem (5 000 × 20 000 CSC, density 1e-3). 10 folds of equal size from one fixed random "
      "permutation, the same for all (scikit-learn `PredefinedSplit(foldid)`, swiftreg `foldid=`, "
      "cv.glmnet `foldid=`); 100 α log-spaced from α_max = ‖Xᵀ(y − ȳ)‖∞/n to eps·α_max (eps 1e-3 "
      "when n > p, else 1e-2), passed as `alphas=` / `lambda=`. Objective (1/(2n))‖y − Xw − b‖² + "
      "α‖w‖₁; cv.glmnet with `standardize=FALSE`.")
    w("")
    w(f"Peers at their defaults: scikit-learn `LassoCV(tol={SK_TOL:g})`, cv.glmnet `thresh="
      f"{GLMNET_THRESH:g}` (both `max_iter`/`maxit` = 1e5). swiftreg `LassoCV(tol, max_iter=1e5)` "
      f"with, against each peer, the loosest tol of {', '.join(f'{t:.0e}' for t in LADDER)} whose CV "
      "error and final suboptimality are both ≤ that peer's (equal or better accuracy; † none was). "
      f"ratio = swiftreg time / peer time at the same core count. Targets: ≤ {GLMNET_TARGET:g} × "
      f"cv.glmnet, ≤ {SKLEARN_TARGET:g} × scikit-learn, and swiftreg's chosen α = scikit-learn's.")
    w("")
    w("| problem | cores | scikit-learn | cv.glmnet | swiftreg (tol) vs scikit-learn | ratio | "
      "target ≤ 0.2 | swiftreg (tol) vs glmnet | ratio | target ≤ 0.5 |")
    w("|---|---:|---:|---:|---:|---:|---|---:|---:|---|")
    for r in results:
        for c in CORES:
            def tcell(key, b=r["best"], rd=r["rounds"]):
                return f"{fmt_t(b[key])} [{rd[key]}]" if key in b else "—"

            cells = [tcell(("sk", c)), tcell(("gl", c))]
            for peer in ("sk", "gl"):
                v = r["verdicts"].get((peer, c))
                if v is None:
                    cells += ["—", "—", "—"]
                    continue
                key = ("sr", v["tol"], c)
                cells += [f"{tcell(key)} ({v['tol']:.0e}{'' if v['met'] else '†'})", fmt_r(v["ratio"]),
                          v["verdict"]]
            w(f"| {problem_title(r)} | {c} | " + " | ".join(cells) + " |")
    w("")
    w("Accuracy and the chosen α. CV error: max over α and folds of |mse − mse_ref|/mse_ref against "
      f"tight per-fold reference paths (swiftreg `lasso_path` on each fold's training rows, tol="
      f"{REF_TOL:.0e} ({REF_TOL_SPARSE:.0e} for the sparse problem: at tol ≤ 1e-12 swiftreg's CSC "
      "path sweeps some α to max_iter), i.e. swiftreg's own solver on separate problems; the untimed check rows, "
      f"cv.glmnet thresh={GLMNET_CHECK_THRESH:.0e} and scikit-learn tol={SK_CHECK_TOL:g}, are "
      "independent tight solvers: the smaller of their CV errors (glmnet's only when it converged) "
      "is the floor, below which CV errors count as equal). final subopt.: (P − P*)/P* of the final model at its chosen α. "
      "α index: position of the chosen α in the grid (0 = α_max); ref.: the reference's argmin of "
      "the mean CV error. ✓/✗: same α as scikit-learn's default run.")
    w("")
    w("| problem | solver | time (1 core) | α index | = scikit-learn | CV error | final subopt. |")
    w("|---|---|---:|---:|:---:|---:|---:|")
    for r in results:
        A = r["answers"]
        sk_i = A[("sk", 1)]["index"]
        rows = [(("sk", 1), f"scikit-learn tol={SK_TOL:g}"),
                (("sk-check",), f"scikit-learn tol={SK_CHECK_TOL:g} (check)"),
                (("gl", 1), f"cv.glmnet thresh={GLMNET_THRESH:g}"),
                (("gl-check",), f"cv.glmnet thresh={GLMNET_CHECK_THRESH:g} (check)")]
        rows += [(("sr", t), f"swiftreg tol={t:.0e}") for t in LADDER]
        first = True
        for key, name in rows:
            a = A.get(key)
            if a is None:
                continue
            head = (f"{problem_title(r)} (ref. α index {r['ref_index']}, cert. {fmt_e(r['cert'])}, "
                    f"floor {fmt_e(r['floor']) if np.isfinite(r['floor']) else 'none: no converged check'})") \
                if first else ""
            first = False
            mark = "✓" if a["index"] == sk_i else "✗"
            w(f"| {head} | {name} | {fmt_t(a['time'])} | {a['index']} | {mark} | {fmt_e(a['cv_err'])} | "
              f"{fmt_e(a['subopt'])} |")
    w("")
    lines = []
    for r in results:
        v = r["verdicts"].get("alpha")
        if v is None:
            continue
        s = (f"{problem_title(r)}: chosen α {v['verdict']} (swiftreg index {v['sr']}, scikit-learn "
             f"{v['sk']}, reference {r['ref_index']}")
        if ("sk-check",) in r["answers"]:
            s += f", scikit-learn at tol={SK_CHECK_TOL:g} {r['answers'][('sk-check',)]['index']}"
        s += f"); swiftreg's results bit-identical for n_jobs 1 and 2: {'yes' if r['identical'] else 'NO'}"
        lines.append(s)
    if lines:
        w("Targets on the chosen α:")
        w("")
        for s in lines:
            w(f"- {s}")
        w("")
    counts = {}
    for r in results:
        for key, v in r["verdicts"].items():
            counts.setdefault(key if isinstance(key, str) else key[0] + str(key[1]), []).append(
                v["verdict"] == "PASS")
    if counts:
        parts = []
        for key, name in (("gl1", "≤ 0.5 × cv.glmnet, 1 core"), ("gl2", "≤ 0.5 × cv.glmnet, 2 cores"),
                          ("sk1", "≤ 0.2 × scikit-learn, 1 core"), ("sk2", "≤ 0.2 × scikit-learn, 2 cores"),
                          ("alpha", "α = scikit-learn's")):
            if key in counts:
                parts.append(f"{name}: {sum(counts[key])} of {len(counts[key])} PASS")
        w("Summary: " + "; ".join(parts) + ".")
        w("")
    warns = [f"{problem_title(r)} {label(k) if len(k) > 1 else 'cv.glmnet check'}: {a['warn']}"
             for r in results for k, a in r["answers"].items() if a.get("warn")]
    for s in notes + (["glmnet warnings: " + "; ".join(warns)] if warns else []):
        w(s)
        w("")
    w(END)
    return "\n".join(L) + "\n"


# --- main -------------------------------------------------------------------------------------

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", default=bool(os.environ.get("SWIFTREG_BENCH_QUICK")),
                    help="the ρ = 0.5 FHT problems only, 1 round; does not write BENCHMARKS.md "
                         "unless --write (also SWIFTREG_BENCH_QUICK=1)")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--write", dest="write", action="store_true", default=None,
                   help="write BENCHMARKS.md (default for a full run with swiftreg's LassoCV)")
    g.add_argument("--no-write", dest="write", action="store_false", help="only print")
    ap.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    ap.add_argument("--repeats", type=int, help="timing rounds (default 3; --quick 1)")
    ap.add_argument("--budget", type=float, default=5.0,
                    help="a configuration whose run takes longer than this many seconds runs once "
                         "(default 5); also the limit for the untimed scikit-learn tol=1e-8 check")
    ap.add_argument("--problems", nargs="+", metavar="NAME",
                    help="a subset of: fht-5000x100-0 fht-5000x100-0.5 fht-100x5000-0 "
                         "fht-100x5000-0.5 vignette sparse")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    args.repeats = args.repeats or (1 if args.quick else 3)

    have_sr = hasattr(srlm, "LassoCV")
    notes = []
    if not have_sr:
        msg = ("SKIPPED swiftreg: swiftreg.linear_model.LassoCV is missing in this build "
               f"({sr.library_path()}); only the peers are measured.")
        log(msg)
        notes.append(msg)
    ok, what = _report.ensure_r_glmnet(log)
    log(f"glmnet: {what}")
    have_par = False
    if ok:
        have_par, what_par = _report.ensure_r_package("doParallel", "r-cran-doparallel", log)
        log(f"doParallel: {what_par}")
        if not have_par:
            notes.append(f"cv.glmnet 2-core rows left out: doParallel is not available ({what_par}).")
    else:
        notes.append(f"cv.glmnet left out: {what}.")

    specs = [(f"fht-{n}x{p}-{rho:g}", ("fht", n, p, rho)) for n, p, rho in FHT_CASES]
    specs += [("vignette", ("vignette",)), ("sparse", ("sparse",))]
    seeds = {name: args.seed + 100 * i for i, (name, _) in enumerate(specs)}  # fixed per problem
    if args.problems:
        unknown = set(args.problems) - {s[0] for s in specs}
        if unknown:
            ap.error(f"unknown problem(s): {', '.join(sorted(unknown))}")
        specs = [s for s in specs if s[0] in args.problems]
    elif args.quick:
        specs = [s for s in specs if s[1][0] == "fht" and s[1][3] == 0.5]

    if threadpool_limits is not None:
        threadpool_limits(limits=1)
    warnings.simplefilter("ignore")  # convergence warnings: the accuracy columns show them
    start = perf()
    cmd = command_line()
    results = []
    with tempfile.TemporaryDirectory(prefix="swiftreg-cv-") as tmp:
        R = RGlmnet(Path(tmp)) if ok else None
        try:
            if R is not None and R.doparallel == "-":
                have_par = False
            m = machine_info(R)
            log(f"LassoCV benchmark — {m['cpu']}, {m['cpus']} CPUs; {m['r']}, glmnet {m['glmnet']}, "
                f"doParallel {m['doparallel']}; scikit-learn {m['sklearn']}; {m['date']}; load {m['load']}")
            log(f"command: {cmd}")
            log(f"library: {m['lib']} ({m['variant']}, built {m['built']}; commit {m['commit']})")
            for name, spec in specs:
                seed = seeds[name]
                if spec[0] == "fht":
                    X, y = fht_data(spec[1], spec[2], spec[3], seed)
                elif spec[0] == "vignette":
                    X, y = vignette_data(seed)
                else:
                    data, why = sparse_data(seed)
                    if data is None:
                        msg = f"SKIPPED sparse problem: {why}."
                        log(msg)
                        notes.append(msg)
                        continue
                    X, y = data
                    if have_sr:
                        try:
                            srlm.LassoCV(n_alphas=3, cv=2).fit(sp.csc_matrix(np.eye(4)), np.arange(4.0))
                        except (TypeError, ValueError) as e:
                            msg = (f"SKIPPED sparse problem: swiftreg's LassoCV rejects a scipy.sparse X "
                                   f"({type(e).__name__}: {e}).")
                            log(msg)
                            notes.append(msg)
                            continue
                r = bench_problem(R, name, X, y, seed, args, have_sr, have_par)
                results.append(r)
                log(f"{problem_title(r)}: done in {r['seconds']:.0f} s")
                for key, v in r["verdicts"].items():
                    if key == "alpha":
                        log(f"  chosen α: swiftreg index {v['sr']}, scikit-learn {v['sk']}, reference "
                            f"{r['ref_index']} -> {v['verdict']}")
                    else:
                        peer = "scikit-learn" if key[0] == "sk" else "cv.glmnet"
                        log(f"  vs {peer}, {key[1]} core(s): ratio {fmt_r(v['ratio'])} at tol "
                            f"{v['tol']:.0e}{'' if v['met'] else '†'} -> {v['verdict']}")
        finally:
            if R is not None:
                R.close()
    elapsed = perf() - start
    section = markdown(m, cmd, args, results, notes, elapsed)
    log("")
    log(section)
    write = (not args.quick and have_sr) if args.write is None else args.write
    if write and results:
        _report.write_section(args.output, BEGIN, END, section)
        log(f"wrote the cv_lasso section of {args.output}")
    else:
        log("BENCHMARKS.md not written.")
    log(f"total {elapsed:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
