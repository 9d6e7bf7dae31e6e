#!/usr/bin/env python3
"""Benchmark of swiftreg's Lasso on a sparse, text-like X against scikit-learn, celer, skglm
and R's glmnet (dgCMatrix).

    python bench/sparse_lasso.py [--quick] [--write | --no-write] [--output PATH]

(``make bench`` runs it with PYTHONPATH=python; the package loads the in-tree build for this
CPU. ``SWIFTREG_BENCH_QUICK=1`` in the environment is the same as ``--quick``.)

Setup. celer and skglm are imported; when missing, ``python -m pip install celer`` /
``skglm`` is run for this interpreter first. When ``Rscript -e 'library(glmnet)'`` fails,
Debian's ``r-cran-glmnet`` is installed with apt-get (as bench/glmnet_paths.py does). A peer
that cannot be had is left out with a message. When swiftreg rejects a scipy.sparse X (a
build without sparse support), its rows say so and the peers are still measured; BENCHMARKS.md
is then not written unless ``--write`` is given.

Problems: a synthetic bag-of-words matrix. n documents × p terms at density 1e-3; term j's
document frequency ∝ 1/(j+1)^s (Zipf, s = 1), scaled so that the total is density·n·p, capped
at n/2 (a max_df = 0.5 vocabulary) and rounded at random; each term's documents drawn uniformly
without replacement. Values: tf-idf, (1 + log tf)·(log((1+n)/(1+df)) + 1) with tf ~ Geometric(0.6),
then each row scaled to unit Euclidean norm (scikit-learn's TfidfVectorizer defaults).
y = Xβ + σε with 200 true terms drawn among those of document frequency ≥ 20, βⱼ ~ N(0, 1),
σ = sd(Xβ)/2; y is standardised (mean 0, population sd 1). X is float64 CSC with int32 indices.
Sizes: 20 000 × 100 000 (2·10⁶ nonzeros, "large") and 5 000 × 20 000 (10⁵, "small"); fixed seed.

Objective, the same for every solver (scikit-learn's Lasso with its intercept, glmnet with
``standardize=FALSE, intercept=TRUE``: glmnet scales y by its population sd internally, which
is 1 here, so its λ is this α)::

    P(w, b) = (1/(2n))·‖y − Xw − b‖² + α‖w‖₁

Cases: α = α_max/10, α = α_max/100 (α_max = ‖Xᵀ(y − ȳ)‖∞/n), and a path of 50 α log-spaced
from α_max to α_max/100. Solvers: swiftreg ``Lasso(alpha, tol, max_iter).fit(X_csc, y)`` and
``lasso_path(X_csc, y, alphas, tol, max_iter, fit_intercept=True)``; scikit-learn's ``Lasso``
(its defaults, copy_X included); celer's and skglm's ``Lasso``; for the path the Python peers
refit one estimator with ``warm_start=True`` along the grid (what their own path code does, with
the intercept); glmnet ``glmnet(X_dgC, y, lambda = α or the grid, standardize = FALSE,
intercept = TRUE, thresh)``.

Tolerances. Each solver climbs a ladder loosest first: tol 1e-4, 1e-6, 1e-8, 1e-10, 1e-12 for
swiftreg, scikit-learn and celer (duality gap ≤ tol·‖y − ȳ‖²/n = tol here) and skglm (its
optimality-violation tol); glmnet's thresh 1e-7 (its default), 1e-9, 1e-11, 1e-13. It stops at
the first tolerance whose suboptimality is certified ≤ 1e-9 (P − the best dual value known,
the reference's or the answer's own, at every α), and that tolerance is timed. A solver that
never gets there is timed at its most accurate tolerance and marked †.

Suboptimality: P(w, b) − P* (absolute; P ≈ 0.1–0.5 here), with each solver's own w and b; for
the path the maximum over the α. P* is the smallest objective any run found, the reference run
(swiftreg at tol 1e-13; skglm at tol 1e-13 when swiftreg cannot fit sparse X) included; the
tables say which run found it, and "cert." bounds its distance to the true minimum: P* − the best
dual value of any answer (the Lasso-with-intercept dual at θ = s·r/n, r the centred residual, s
scaled to feasibility).

Timing. Every solver × case is one job in a fresh subprocess (Python, or Rscript for glmnet)
that loads the data, fits a tiny problem of the same kind once (compiles skglm's numba code,
touches every library's code pages), runs the ladder, and times the chosen tolerance again:
best of up to 3 fits, fewer when they would take more than 4 s (time.perf_counter around
``fit`` or the path; Sys.time() around ``glmnet()``). One thread everywhere: OMP_NUM_THREADS,
OPENBLAS_NUM_THREADS (and the other BLAS variables) = 1 in the environment of this process and of
its children, set before NumPy is imported, and ``SWIFTREG_NUM_THREADS=1`` /
``swiftreg.set_num_threads(1)``. A job that runs past the time limit (``--timeout``, default
100 s) is killed and reported as timed out (with what it finished before).

Memory: before each fit of a job the peak RSS is reset (``echo 5 > /proc/self/clear_refs``);
VmHWM − VmRSS before the fit is that fit's peak memory, and the table shows the largest over the
job (its first fit is the fresh process's first: nothing freed earlier can hide an allocation).
It is compared with the CSC arrays' size (data + indices + indptr bytes). For the paths the
p × 50 float64 coefficient array that every solver returns (38 MiB for the large problem) is
counted in the peak and shown apart.

Targets: (1) swiftreg time ≤ 0.5 × the fastest peer that reaches suboptimality ≤ 1e-9, with
swiftreg's own suboptimality ≤ 1e-9; (2) swiftreg's peak memory (less the path's output array)
≤ 2 × the CSC arrays + 16·(n + p)·8 bytes (the O(n + p) allowance: 16 float64 vectors of length
n + p). PASS / MISS is printed per case, with the ratios.

``--quick`` runs the small problem only and does not write BENCHMARKS.md unless ``--write`` is
given. The results go into the ``<!-- sparse_lasso:begin -->`` ... ``<!-- sparse_lasso:end -->``
section of BENCHMARKS.md; other sections are left alone.
"""
from __future__ import annotations

import os
import sys

# --- environment: must happen before NumPy (and its BLAS) is loaded ---------------------------
_THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                "BLIS_NUM_THREADS", "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS",
                "NUMBA_NUM_THREADS", "SWIFTREG_NUM_THREADS")
_MARK = "_SWIFTREG_SPARSE_LASSO_BENCH"
if os.environ.get(_MARK) != "1":
    for _k in _THREAD_VARS:
        os.environ[_k] = "1"
    os.environ[_MARK] = "1"
    if "numpy" in sys.modules:  # already loaded (a sitecustomize?): start again, clean
        os.execv(sys.executable, [sys.executable] + sys.argv)

import argparse  # noqa: E402
import datetime  # noqa: E402
import gc  # noqa: E402
import importlib  # noqa: E402
import json  # noqa: E402
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
BEGIN, END = "<!-- sparse_lasso:begin -->", "<!-- sparse_lasso:end -->"
perf = time.perf_counter

# problems
PROBLEMS = (("small", 5000, 20000), ("large", 20000, 100000))
DENSITY, ZIPF_S, MAX_DF = 1e-3, 1.0, 0.5
N_TRUE, TRUE_MIN_DF, SNR = 200, 20, 2.0
N_PATH, PATH_RATIO = 50, 100.0
CASES = (("α_max/10", 10.0), ("α_max/100", 100.0), ("path", None))

# solvers, ladders, targets
SOLVERS = ("swiftreg", "glmnet", "scikit-learn", "celer", "skglm")
PEERS = SOLVERS[1:]
TOL_LADDER = (1e-4, 1e-6, 1e-8, 1e-10, 1e-12)
LADDERS = {"swiftreg": TOL_LADDER, "scikit-learn": TOL_LADDER, "celer": TOL_LADDER,
           "skglm": TOL_LADDER, "glmnet": (1e-7, 1e-9, 1e-11, 1e-13)}
REF_TOL = 1e-13
REF_SOLVERS = ("swiftreg", "skglm")
MAX_ITER = 100000
SUBOPT_TARGET = 1e-9
RATIO_TARGET = 0.5
MEM_VECTORS = 16  # the O(n + p) allowance of the memory target, in float64 vectors of n + p


def log(s: str = "") -> None:
    print(s, flush=True)


# --- data ---------------------------------------------------------------------------------------

def zipf_doc_freqs(n, p, nnz, rng):
    """Document frequency per term: min(c/(j+1)^s, n·MAX_DF) with c such that the sum is nnz,
    rounded at random (so the total is nnz in expectation)."""
    w = 1.0 / np.arange(1, p + 1) ** ZIPF_S
    cap = MAX_DF * n
    lo, hi = 0.0, float(nnz)
    while hi - lo > 1e-9 * hi:
        c = 0.5 * (lo + hi)
        if np.minimum(c * w, cap).sum() < nnz:
            lo = c
        else:
            hi = c
    f = np.minimum(hi * w, cap)
    k = np.floor(f).astype(np.int64)
    k += rng.random(p) < (f - k)
    return k


def make_problem(n, p, seed):
    """(X as CSC float64/int32, y standardised, true support) — see the module docstring."""
    rng = np.random.default_rng(seed)
    df = zipf_doc_freqs(n, p, DENSITY * n * p, rng)
    indptr = np.zeros(p + 1, dtype=np.int64)
    np.cumsum(df, out=indptr[1:])
    indices = np.empty(int(indptr[-1]), dtype=np.int32)
    for j in range(p):
        if df[j]:
            indices[indptr[j]:indptr[j + 1]] = np.sort(rng.choice(n, int(df[j]), replace=False))
    tf = rng.geometric(0.6, size=indices.size)
    idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
    data = (1.0 + np.log(tf)) * np.repeat(idf, df)
    row_norm = np.sqrt(np.bincount(indices, weights=data * data, minlength=n))
    row_norm[row_norm == 0] = 1.0
    data /= row_norm[indices]
    X = sp.csc_matrix((data, indices, indptr.astype(np.int32)), shape=(n, p))
    X.has_sorted_indices = True
    cand = np.flatnonzero(df >= TRUE_MIN_DF)
    if cand.size < N_TRUE:  # the tiny warm-up problems
        cand = np.flatnonzero(df > 0)
    support = np.sort(rng.choice(cand, min(N_TRUE, cand.size), replace=False))
    beta = rng.standard_normal(support.size)
    f = X[:, support] @ beta
    y = f + f.std() / SNR * rng.standard_normal(n)
    y = (y - y.mean()) / y.std()
    return X, y, support


def csc_bytes(X) -> int:
    return X.data.nbytes + X.indices.nbytes + X.indptr.nbytes


def alpha_max(X, y) -> float:
    return float(np.abs(X.T @ (y - y.mean())).max() / X.shape[0])


def case_alphas(X, y, frac):
    amax = alpha_max(X, y)
    if frac is None:
        return np.geomspace(amax, amax / PATH_RATIO, N_PATH)
    return np.array([amax / frac])


def objectives(X, y, W, b, alphas):
    """P(w_k, b_k) for every column k of W (p × k)."""
    n = X.shape[0]
    R = y[:, None] - np.asarray(X @ W) - b[None, :]
    return 0.5 * np.einsum("ij,ij->j", R, R) / n + alphas * np.abs(W).sum(axis=0)


def dual_values(X, y, W, alphas):
    """The best dual value the answer W certifies, per column: θ = s·r/n with r the residual at
    the optimal intercept (centred, so 1ᵀθ = 0) and s = min(1, nα/‖Xᵀr‖∞)."""
    n = X.shape[0]
    yc = y - y.mean()
    XW = np.asarray(X @ W)
    R = yc[:, None] - (XW - XW.mean(axis=0))
    dual_norm = np.abs(np.asarray(X.T @ R)).max(axis=0)
    s = np.minimum(1.0, n * alphas / np.maximum(dual_norm, 1e-300))
    D = yc[:, None] - s * R
    return 0.5 * (yc @ yc - np.einsum("ij,ij->j", D, D)) / n


def save_problem(d: Path, X, y):
    np.save(d / "data.npy", X.data)
    np.save(d / "indices.npy", X.indices)
    np.save(d / "indptr.npy", X.indptr)
    np.save(d / "y.npy", y)
    (d / "shape.json").write_text(json.dumps(list(X.shape)))
    # raw little-endian files for R (readBin)
    X.data.astype("<f8").tofile(d / "x.f8")
    X.indices.astype("<i4").tofile(d / "i.i4")
    X.indptr.astype("<i4").tofile(d / "p.i4")
    y.astype("<f8").tofile(d / "y.f8")


def load_problem(d: Path):
    n, p = json.loads((d / "shape.json").read_text())
    X = sp.csc_matrix((np.load(d / "data.npy"), np.load(d / "indices.npy"),
                       np.load(d / "indptr.npy")), shape=(n, p))
    X.has_sorted_indices = True
    return X, np.load(d / "y.npy")


# --- memory -------------------------------------------------------------------------------------

def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return -1


def reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


# --- the Python solver jobs (run in a fresh subprocess: --worker JOB.json) -------------------------

def _python_fitter(solver: str, X, y, alphas, tol):
    """A function that fits `solver` at `tol` on the grid `alphas` and returns (W, b, n_iter):
    W p × k, b of length k, n_iter per α (or None)."""
    k = len(alphas)
    path = k > 1
    if solver == "swiftreg":
        import swiftreg as sr
        from swiftreg import linear_model as srlm
        sr.set_num_threads(1)
        if path:
            def fit():
                _, W, _, it, b = srlm.lasso_path(X, y, alphas=alphas, tol=tol, max_iter=MAX_ITER,
                                                 fit_intercept=True, return_n_iter=True,
                                                 return_intercept=True)
                return np.asarray(W), np.asarray(b, dtype=float), np.asarray(it)
        else:
            def fit():
                m = srlm.Lasso(alpha=float(alphas[0]), tol=tol, max_iter=MAX_ITER).fit(X, y)
                return m.coef_[:, None], np.array([m.intercept_], dtype=float), \
                    np.array([m.n_iter_])
        return fit
    if solver == "scikit-learn":
        from sklearn.linear_model import Lasso

        def make(a, warm):
            return Lasso(alpha=a, tol=tol, max_iter=MAX_ITER, warm_start=warm)
    elif solver == "celer":
        import celer

        def make(a, warm):
            return celer.Lasso(alpha=a, tol=tol, fit_intercept=True, warm_start=warm)
    elif solver == "skglm":
        import skglm

        def make(a, warm):
            return skglm.Lasso(alpha=a, tol=tol, fit_intercept=True, warm_start=warm)
    else:
        raise ValueError(solver)

    def fit():
        W = np.zeros((X.shape[1], k))
        b = np.zeros(k)
        its = []
        m = make(float(alphas[0]), path)
        for j, a in enumerate(alphas):
            m.set_params(alpha=float(a))
            m.fit(X, y)
            W[:, j] = m.coef_
            b[j] = m.intercept_
            it = getattr(m, "n_iter_", None)
            its.append(int(np.max(it)) if it is not None else -1)
        return W, b, np.array(its)
    return fit


def worker(job_path: str) -> int:
    """One solver × case job, in a fresh process. Fits each tol of the ladder once, loosest
    first, and stops at the first whose suboptimality is certified ≤ the target: P − D ≤ target
    at every α, D the best dual value known (the reference's, or this answer's own). Then times
    that tol again (best of `repeats`, within `budget` seconds). The peak RSS is reset before
    every fit (the first one is the fresh process's). One JSON line per fit on stdout and the
    coefficients in `out`/STEP.npz."""
    job = json.loads(Path(job_path).read_text())
    warnings.simplefilter("ignore")
    X, y = load_problem(Path(job["data"]))
    alphas = np.array(job["alphas"])
    dref = np.array(job["dref"]) if job.get("dref") is not None else np.full(len(alphas), -np.inf)
    solver = job["solver"]

    # warm-up: a tiny problem of the same kind (numba compilation, code pages, lazy imports)
    Xw, yw, _ = make_problem(200, 1000, 12345)
    aw = case_alphas(Xw, yw, None if len(alphas) > 1 else 10.0)[:5]
    try:
        _python_fitter(solver, Xw, yw, aw, 1e-4)()
    except TypeError as e:  # e.g. a swiftreg without sparse support
        print(json.dumps(dict(unsupported=f"{type(e).__name__}: {e}")), flush=True)
        return 0
    del Xw, yw

    chosen = None
    for step, tol in enumerate(job["tols"]):
        fit = _python_fitter(solver, X, y, alphas, tol)
        gc.collect()
        mem_ok = reset_peak()
        rss0 = _status_kb("VmRSS")
        t0 = perf()
        W, b, it = fit()
        dt = perf() - t0
        peak = (_status_kb("VmHWM") - rss0) * 1024 if mem_ok else None
        obj = objectives(X, y, W, b, alphas)
        ub = float(np.max(obj - np.maximum(dref, dual_values(X, y, W, alphas))))
        np.savez(Path(job["out"]) / f"{step}.npz", W=W, b=b)
        del W, b
        print(json.dumps(dict(step=step, tol=tol, time=dt, peak=peak, ub=ub,
                              n_iter=int(np.max(it)) if it is not None and len(it) else None)),
              flush=True)
        if ub <= job["target"]:
            chosen = (step, tol, dt)
            break
    if chosen is not None and job["repeats"] > 1:
        step, tol, dt = chosen
        fit = _python_fitter(solver, X, y, alphas, tol)
        times = [dt]
        while len(times) < job["repeats"] and sum(times) + min(times) <= job["budget"]:
            t0 = perf()
            fit()
            times.append(perf() - t0)
        print(json.dumps(dict(timed=step, times=times)), flush=True)
    return 0


# --- glmnet: an Rscript per job --------------------------------------------------------------------

R_WORKER = r"""
suppressMessages(library(glmnet))
a <- commandArgs(trailingOnly = TRUE)
d <- a[1]; threshes <- as.numeric(strsplit(a[2], ",", fixed = TRUE)[[1]])
out <- a[3]; repeats <- as.integer(a[4]); budget <- as.numeric(a[5]); target <- as.numeric(a[6])
n <- as.integer(a[7]); p <- as.integer(a[8]); nnz <- as.integer(a[9]); k <- as.integer(a[10])
say <- function(...) { cat(..., "\n", sep = ""); flush(stdout()) }
status_kb <- function(f) {
  l <- grep(paste0("^", f, ":"), readLines("/proc/self/status"), value = TRUE)
  as.numeric(strsplit(trimws(sub(paste0(f, ":"), "", l)), " +")[[1]][1])
}
X <- new("dgCMatrix", i = readBin(file.path(d, "i.i4"), "integer", nnz, size = 4),
         p = readBin(file.path(d, "p.i4"), "integer", p + 1, size = 4),
         x = readBin(file.path(d, "x.f8"), "double", nnz), Dim = c(n, p))
y <- readBin(file.path(d, "y.f8"), "double", n)
lam <- readBin(file.path(out, "lambda.f8"), "double", k)
dref <- if (file.exists(file.path(out, "dref.f8"))) readBin(file.path(out, "dref.f8"), "double", k) else rep(-Inf, k)
fitit <- function(thresh) glmnet(X, y, family = "gaussian", alpha = 1, lambda = lam,
                                 standardize = FALSE, intercept = TRUE, thresh = thresh, maxit = 100000)
# objective and the dual value of the answer (the bench's formulas)
yc <- y - mean(y)
certify <- function(B, b0) {
  XB <- as.matrix(X %*% B)
  R <- y - XB - matrix(b0, n, ncol(B), byrow = TRUE)
  obj <- 0.5 * colSums(R * R) / n + lam * colSums(abs(B))
  Rc <- yc - sweep(XB, 2, colMeans(XB))
  dn <- apply(abs(as.matrix(crossprod(X, Rc))), 2, max)
  s <- pmin(1, n * lam / pmax(dn, 1e-300))
  D <- yc - sweep(Rc, 2, s, "*")
  dual <- 0.5 * (sum(yc * yc) - colSums(D * D)) / n
  max(obj - pmax(dref, dual))
}
# warm-up on a tiny sparse problem
set.seed(1)
Xw <- rsparsematrix(200, 1000, 0.01); yw <- rnorm(200)
invisible(glmnet(Xw, yw, lambda = c(0.1, 0.05), standardize = FALSE, intercept = TRUE))
rm(Xw, yw)
say("ready\t", R.version.string, "\t", as.character(packageVersion("glmnet")), "\t",
    as.character(packageVersion("Matrix")))
chosen <- 0
for (step in seq_along(threshes)) {
  thresh <- threshes[step]
  invisible(gc())
  mem_ok <- !inherits(try(writeLines("5", "/proc/self/clear_refs"), silent = TRUE), "try-error")
  rss0 <- status_kb("VmRSS")
  warns <- character(0)
  t0 <- Sys.time()
  fit <- withCallingHandlers(fitit(thresh), warning = function(w) {
    warns <<- c(warns, conditionMessage(w)); invokeRestart("muffleWarning") })
  el <- as.numeric(difftime(Sys.time(), t0, units = "secs"))
  peak <- if (mem_ok) (status_kb("VmHWM") - rss0) * 1024 else -1
  nl <- length(fit$lambda)
  B <- matrix(0, p, k); B[, seq_len(nl)] <- as.matrix(fit$beta)
  b0 <- numeric(k); b0[seq_len(nl)] <- fit$a0
  o <- file(file.path(out, paste0(step - 1, ".bin")), "wb")
  writeBin(as.double(b0), o); writeBin(as.double(B), o); close(o)
  ub <- if (nl == k) certify(B, b0) else Inf
  npasses <- fit$npasses; jerr <- if (is.null(fit$jerr)) 0L else fit$jerr
  rm(B, fit); invisible(gc())
  say(sprintf('{"step": %d, "tol": %.17g, "time": %.9f, "peak": %s, "ub": %s, "n_iter": %d, "nl": %d, "jerr": %d, "warn": "%s"}',
              step - 1, thresh, el, if (peak < 0) "null" else sprintf("%.0f", peak),
              if (is.infinite(ub)) "1e300" else sprintf("%.17g", ub), as.integer(npasses), nl,
              as.integer(jerr), gsub('["\\\\\n\t]', " ", paste(warns, collapse = "; "))))
  if (ub <= target) { chosen <- step; break }
}
if (chosen > 0 && repeats > 1) {
  times <- c(el)
  while (length(times) < repeats && sum(times) + min(times) <= budget) {
    t0 <- Sys.time(); invisible(suppressWarnings(fitit(threshes[chosen])))
    times <- c(times, as.numeric(difftime(Sys.time(), t0, units = "secs")))
  }
  say(sprintf('{"timed": %d, "times": [%s]}', chosen - 1, paste(sprintf("%.9f", times), collapse = ", ")))
}
"""


# --- the main process: jobs, references, ladders ---------------------------------------------------

class Runner:
    """Starts the solver jobs (a fresh subprocess each) and reads their results."""

    def __init__(self, tmp: Path, args):
        self.tmp = tmp
        self.args = args
        self.r_script = tmp / "glmnet_worker.R"
        self.r_script.write_text(R_WORKER)
        self.r_info = None
        self.njob = 0

    def job(self, solver, d: Path, X, alphas, tols, dref=None, repeats=None, timeout=None):
        """Run one job. Returns (fit records, each with W and b; the timed record or None;
        status: "ok", "timed out (> T s)", "failed ...", "unsupported: ...")."""
        self.njob += 1
        out = self.tmp / f"job{self.njob}"
        out.mkdir()
        timeout = timeout or self.args.timeout
        repeats = self.args.repeats if repeats is None else repeats
        if solver == "glmnet":
            alphas.astype("<f8").tofile(out / "lambda.f8")
            if dref is not None:
                dref.astype("<f8").tofile(out / "dref.f8")
            cmd = ["Rscript", "--vanilla", str(self.r_script), str(d),
                   ",".join(f"{t:.17g}" for t in tols), str(out), str(repeats),
                   str(self.args.budget), f"{SUBOPT_TARGET:.17g}", str(X.shape[0]), str(X.shape[1]),
                   str(X.nnz), str(len(alphas))]
        else:
            jf = out / "job.json"
            jf.write_text(json.dumps(dict(solver=solver, data=str(d), alphas=alphas.tolist(),
                                          tols=list(tols), out=str(out),
                                          dref=None if dref is None else dref.tolist(),
                                          repeats=repeats, budget=self.args.budget,
                                          target=SUBOPT_TARGET)))
            cmd = [sys.executable, os.path.abspath(__file__), "--worker", str(jf)]
        status = "ok"
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
            stdout = p.stdout
            if p.returncode != 0:
                status = (f"failed (exit {p.returncode}): "
                          + " | ".join(p.stderr.strip().splitlines()[-3:]))
        except subprocess.TimeoutExpired as e:
            stdout = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
            status = f"timed out (> {timeout:g} s)"
        recs, timed = [], None
        for line in stdout.splitlines():
            if line.startswith("ready\t"):
                self.r_info = line.split("\t")[1:]
                continue
            if not line.startswith("{"):
                continue
            r = json.loads(line)
            if "unsupported" in r:
                return [], None, "unsupported: " + r["unsupported"]
            if "timed" in r:
                timed = r
                continue
            if solver == "glmnet":
                v = np.fromfile(out / f"{r['step']}.bin", dtype="<f8")
                k = len(alphas)
                r["b"], r["W"] = v[:k], v[k:].reshape((X.shape[1], k), order="F")
            else:
                z = np.load(out / f"{r['step']}.npz")
                r["W"], r["b"] = z["W"], z["b"]
            recs.append(r)
        return recs, timed, status


def fmt_t(t) -> str:
    if t is None or not np.isfinite(t):
        return "—"
    return f"{t * 1e3:.1f} ms" if t < 1 else f"{t:.2f} s"


def fmt_s(x) -> str:
    if x is None or not np.isfinite(x):
        return "—"
    if x < 1e-15:
        return "<1e-15" if x >= -1e-15 else f"{x:.0e}"
    return f"{x:.0e}"


def fmt_mb(b) -> str:
    return "—" if b is None else f"{b / 2**20:.1f} MiB"


def run_case(R: Runner, n, p, d: Path, X, y, cname, frac, solvers, log_prefix):
    alphas = case_alphas(X, y, frac)
    k = len(alphas)
    res = {"case": cname, "k": k, "solvers": {}}
    answers = []  # (label, W, b)

    # 1. the reference: swiftreg (else skglm) at a very tight tolerance
    dref = None
    for s in REF_SOLVERS:
        if s not in solvers:
            continue
        recs, _, st = R.job(s, d, X, alphas, [REF_TOL], repeats=1)
        if recs:
            W, b = recs[0]["W"], recs[0]["b"]
            answers.append((f"{s} tol {REF_TOL:.0e}", W, b))
            dref = dual_values(X, y, W, alphas)
            res["ref"] = f"{s} tol {REF_TOL:.0e}"
            log(f"{log_prefix} {cname}: reference {s} tol {REF_TOL:.0e}: {fmt_t(recs[0]['time'])}, "
                f"gap {fmt_s(float(np.max(objectives(X, y, W, b, alphas) - dref)))}")
            break
        log(f"{log_prefix} {cname}: reference {s}: {st}")
    if dref is None:
        return None

    # 2. per solver: the ladder, then the chosen tol timed, in one fresh process
    for s in solvers:
        t_start = perf()
        info = dict(status="ok", ladder=[], tol=None, met=False, time=None, peak=None)
        recs, timed, st = R.job(s, d, X, alphas, LADDERS[s], dref=dref)
        res["solvers"][s] = info
        info["status"] = st
        for r in recs:
            answers.append((s, r["W"], r["b"]))
            info["ladder"].append(dict(tol=r["tol"], time=r["time"], ub=r["ub"], peak=r["peak"],
                                       n_iter=r.get("n_iter"), nl=r.get("nl"), jerr=r.get("jerr"),
                                       warn=r.get("warn", ""), W=r["W"], b=r["b"]))
        if not recs:
            log(f"{log_prefix} {cname}: {s}: {st}")
            continue
        lad = info["ladder"]
        ok = [x for x in lad if x["ub"] <= SUBOPT_TARGET]
        chosen = ok[0] if ok else min(lad, key=lambda x: x["ub"])
        info["chosen"] = chosen
        info["tol"] = chosen["tol"]
        info["time"] = min(timed["times"]) if timed else chosen["time"]
        info["rounds"] = len(timed["times"]) if timed else 1
        peaks = [x["peak"] for x in lad if x["peak"] is not None]
        info["peak"] = max(peaks) if peaks else None
        log(f"{log_prefix} {cname}: {s}: tol {chosen['tol']:.0e} {fmt_t(info['time'])} "
            f"(certified subopt ≤ {fmt_s(chosen['ub'])}; ladder "
            + ", ".join(f"{x['tol']:.0e}: {fmt_t(x['time'])} / ≤ {fmt_s(x['ub'])}" for x in lad)
            + (f"; {st}" if st != "ok" else "")
            + f"; peak {fmt_mb(info['peak'])}) [{perf() - t_start:.0f} s]")

    # 3. the final reference and everyone's suboptimality against it
    O = np.vstack([objectives(X, y, W, b, alphas) for _, W, b in answers])
    pstar = O.min(axis=0)
    best = [answers[i][0] for i in np.argmin(O, axis=0)]
    res["pstar_by"] = max(set(best), key=best.count)
    lower = np.max(np.vstack([dual_values(X, y, W, alphas) for _, W, _ in answers]), axis=0)
    res["cert"] = float(np.max(pstar - lower))
    for s, info in res["solvers"].items():
        for x in info["ladder"]:
            if s == "glmnet" and x.get("nl") is not None and x["nl"] < k:
                x["subopt"] = math.inf
            else:
                x["subopt"] = float(np.max(objectives(X, y, x["W"], x["b"], alphas) - pstar))
        c = info.pop("chosen", None)
        if c is not None:
            info.update(subopt=c["subopt"], met=c["subopt"] <= SUBOPT_TARGET, n_iter=c.get("n_iter"),
                        nl=c.get("nl"), jerr=c.get("jerr"), warn=c.get("warn", ""))
        for x in info["ladder"]:
            x.pop("W")
            x.pop("b")

    # 4. targets
    sr_info = res["solvers"].get("swiftreg", {})
    peers = {s: i for s, i in res["solvers"].items() if s != "swiftreg" and i["time"] is not None}
    peers_ok = {s: i for s, i in peers.items() if i["met"]}
    res["fastest"] = min(peers_ok, key=lambda s: peers_ok[s]["time"]) if peers_ok else None
    t_sr = sr_info.get("time")
    res["ratios"] = {s: (t_sr / i["time"] if t_sr is not None and i["time"] > 0 else None)
                     for s, i in peers.items()}
    if t_sr is None:
        res["verdict"] = "— (swiftreg not measured)"
    elif res["fastest"] is None:
        res["verdict"] = "— (no peer reached 1e-9)"
    else:
        r = res["ratios"][res["fastest"]]
        why = (["time"] if r > RATIO_TARGET else []) + \
            ([f"accuracy {sr_info['subopt']:.0e}"] if not sr_info["met"] else [])
        res["verdict"] = "PASS" if not why else "MISS (" + ", ".join(why) + ")"
    out_bytes = p * k * 8 if k > 1 else 0
    allowance = 2 * csc_bytes(X) + MEM_VECTORS * (n + p) * 8
    res["out_bytes"], res["mem_allowance"] = out_bytes, allowance
    if sr_info.get("peak") is not None:
        net = sr_info["peak"] - out_bytes
        res["mem_verdict"] = "PASS" if net <= allowance else "MISS"
        res["mem_net"] = net
    else:
        res["mem_verdict"], res["mem_net"] = "—", None
    return res


# --- machine, Markdown ------------------------------------------------------------------------------

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
        env.append("SWIFTREG_LIB=" + rel(os.environ["SWIFTREG_LIB"]))
    return " ".join(env + [rel(sys.executable), shlex.join([rel(os.path.abspath(sys.argv[0]))]
                                                           + sys.argv[1:])])


def machine_info(versions: dict) -> dict:
    lib, variant, ver, src = "not loaded", "", "?", ROOT
    try:
        import swiftreg as sr
        lib, variant, ver = sr.library_path(), sr.library_variant(), sr.__version__
        src = Path(sr.__file__).resolve().parent.parent.parent  # the checkout it was imported from
    except Exception as e:  # noqa: BLE001
        lib = f"cannot import swiftreg: {e}"
    try:
        commit = subprocess.run(["git", "-C", str(src), "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True).stdout.strip() or "unknown"
        dirty = subprocess.run(["git", "-C", str(src), "status", "--porcelain", "--", "Sources",
                                "python/swiftreg"], capture_output=True, text=True).stdout.strip()
        commit += " + uncommitted changes in Sources/ or python/swiftreg/" if dirty else ""
    except OSError:
        commit = "unknown"
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return dict(cpu=_report.cpu_model(), cpus=cpus, python=platform.python_version(),
                numpy=np.__version__, scipy=importlib.import_module("scipy").__version__,
                swiftreg=ver, lib=lib, variant=variant, commit=commit, load=load_avg(),
                versions=versions,
                date=datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"))


def solver_cell(i) -> str:
    if i is None:
        return "—"
    if i.get("time") is None:
        st = i.get("status", "—")
        return st.split(":")[0] if not st.startswith("timed out") else st
    more = " + timed out" if i["status"].startswith("timed out") else ""
    return f"{fmt_t(i['time'])} ({i['tol']:.0e}{'' if i['met'] else '†'}{more})"


def markdown(m, cmd, args, problems, elapsed, solvers) -> str:
    L = []
    w = L.append
    w(BEGIN)
    w("## Sparse Lasso (text-like X) vs glmnet, scikit-learn, celer, skglm (`bench/sparse_lasso.py`)")
    w("")
    v = m["versions"]
    w(f"- Machine: {m['cpu']}, {m['cpus']} CPUs; Python {m['python']}, NumPy {m['numpy']}, SciPy "
      f"{m['scipy']}; " + ", ".join(f"{k} {v[k]}" for k in v))
    w(f"- swiftreg {m['swiftreg']} at commit {m['commit']}; library `{m['lib']}`"
      + (f" ({m['variant']} build)" if m["variant"] else ""))
    w(f"- Date: {m['date']}; run took {elapsed:.0f} s{' (quick run: small problem only)' if args.quick else ''}; "
      f"load average (1/5/15 min) {m['load']} at the start, {load_avg()} at the end")
    w(f"- Command: `{cmd}`")
    w("  (`make bench` runs `PYTHONPATH=python .venv/bin/python bench/sparse_lasso.py`, with "
      "absolute paths, on the in-tree build)")
    w(f"- One thread everywhere: {', '.join(_THREAD_VARS)} = 1 for this process and every "
      "solver subprocess (R included), set before NumPy is imported; `swiftreg.set_num_threads(1)`. "
      "The machine is shared (other builds may run): expect noise of tens of percent.")
    w(f"- Each solver × case is one fresh subprocess (a job; Rscript for glmnet) with a time limit of "
      f"{args.timeout:g} s: data loaded, a tiny warm-up fit (numba compilation, code pages), then the "
      f"ladder; the chosen tolerance is timed again, best of up to {args.repeats} fits (fewer when "
      f"they would exceed {args.budget:g} s), the fit alone. Peak memory: VmHWM − VmRSS around each "
      "fit after `echo 5 > /proc/self/clear_refs`, the largest over the job's fits (the first fit "
      "is the fresh process's first).")
    w("")
    w("X: synthetic bag of words, density 1e-3, document frequencies Zipf (∝ 1/(j+1)), capped at "
      "n/2, tf-idf values with unit-norm rows, CSC float64 with int32 indices; y = Xβ + noise "
      f"from {N_TRUE} true terms (signal-to-noise sd ratio {SNR:g}), standardised. Objective "
      "P = (1/(2n))‖y − Xw − b‖² + α‖w‖₁ with an intercept for everyone (glmnet: `standardize=FALSE, "
      "intercept=TRUE`, λ = α). Cases: α_max/10, α_max/100, and a path of 50 α log-spaced from "
      "α_max to α_max/100 (the Python peers refit one estimator with `warm_start=True` along it; "
      "swiftreg `lasso_path(..., fit_intercept=True)`; glmnet its own path on `lambda=`).")
    w("")
    w(f"Tolerance: each solver climbs its ladder (tol {', '.join(f'{t:.0e}' for t in TOL_LADDER)}; "
      f"glmnet thresh {', '.join(f'{t:.0e}' for t in LADDERS['glmnet'])}) loosest first and is timed "
      "at the first tolerance whose suboptimality is certified ≤ 1e-9 (P − the best dual value "
      "known, that of the reference or of the answer itself), shown in brackets († none did: its "
      f"most accurate run). The reference: {REF_SOLVERS[0]} at tol {REF_TOL:.0e} "
      f"({REF_SOLVERS[1]} when {REF_SOLVERS[0]} cannot fit sparse X). Suboptimality: P(w, b) − P* "
      "(absolute, with each solver's own w and b; max over the path), P* the lowest objective of "
      "any run; \"cert.\" = P* − the best dual value of any answer, a bound on P*'s own error. "
      f"ratio = swiftreg time / peer time. Targets: swiftreg ≤ {RATIO_TARGET:g} × the fastest peer "
      "that reaches 1e-9 (with swiftreg ≤ 1e-9 itself); swiftreg's peak memory (less the path's "
      f"p × 50 output) ≤ 2 × the CSC arrays + {MEM_VECTORS}·(n + p)·8 bytes.")
    for pr in problems:
        w("")
        w(f"### {pr['name']}: {pr['n']} × {pr['p']}, {pr['nnz']} nonzeros, CSC arrays "
          f"{fmt_mb(pr['csc'])}")
        w("")
        w("| case | " + " | ".join(solvers) + " | fastest peer (≤ 1e-9) | swiftreg / fastest | "
          "verdict |")
        w("|---|" + "---:|" * len(solvers) + "---|---:|---|")
        for c in pr["cases"]:
            cells = [solver_cell(c["solvers"].get(s)) for s in solvers]
            f = c["fastest"]
            r = c["ratios"].get(f) if f else None
            w(f"| {c['case']} | " + " | ".join(cells) + f" | {f or '—'} | {fmt_r(r)} | {c['verdict']} |")
        w("")
        w("swiftreg / peer time: " + "; ".join(
            f"{c['case']}: " + ", ".join(f"{s} {fmt_r(r)}" for s, r in c["ratios"].items())
            for c in pr["cases"]) + ".")
        w("")
        w("Suboptimality P − P* of the timed run, where P* comes from, and its certificate:")
        w("")
        w("| case | " + " | ".join(solvers) + " | P* from | cert. |")
        w("|---|" + "---:|" * len(solvers) + "---|---:|")
        for c in pr["cases"]:
            cells = [fmt_s(c["solvers"][s].get("subopt")) if s in c["solvers"] else "—" for s in solvers]
            w(f"| {c['case']} | " + " | ".join(cells) + f" | {c['pstar_by']} | {fmt_s(c['cert'])} |")
        w("")
        w("Peak memory of a fit (the path's include its p × 50 float64 output, "
          f"{fmt_mb(pr['p'] * N_PATH * 8)}); swiftreg's target: peak − output ≤ "
          f"{fmt_mb(2 * pr['csc'] + MEM_VECTORS * (pr['n'] + pr['p']) * 8)}:")
        w("")
        w("| case | " + " | ".join(solvers) + " | swiftreg (peak − output) / CSC | memory verdict |")
        w("|---|" + "---:|" * len(solvers) + "---:|---|")
        for c in pr["cases"]:
            cells = [fmt_mb(c["solvers"][s].get("peak")) if s in c["solvers"] else "—" for s in solvers]
            net = c["mem_net"]
            w(f"| {c['case']} | " + " | ".join(cells) + f" | {fmt_r(net / pr['csc'] if net is not None else None)} "
              f"| {c['mem_verdict']} |")
        w("")
        w("Ladders (tol: time of one fit / P − P*; glmnet: passes):")
        w("")
        for c in pr["cases"]:
            for s in solvers:
                i = c["solvers"].get(s)
                if not i:
                    continue
                lad = "; ".join(f"{x['tol']:.0e}: {fmt_t(x['time'])} / {fmt_s(x['subopt'])}"
                                + (f" ({x['n_iter']} passes)" if s == "glmnet" else "")
                                for x in i["ladder"])
                extra = [] if i["status"] == "ok" else [i["status"]]
                if i.get("rounds", 1) > 1:
                    extra.append(f"best of {i['rounds']} fits")
                if i.get("jerr"):
                    extra.append(f"jerr {i['jerr']}")
                if i.get("warn"):
                    extra.append("warnings: " + i["warn"][:200])
                w(f"- {c['case']}, {s}: " + ("; ".join(([lad] if lad else []) + extra) or "—"))
        w("")
    w(END)
    return "\n".join(L) + "\n"


def fmt_r(x) -> str:
    return "—" if x is None or not np.isfinite(x) else f"{x:.2f}"


# --- peers --------------------------------------------------------------------------------------

def ensure(module: str, package: str) -> tuple[object | None, str]:
    """Import ``module``; when missing, pip-install ``package`` into this interpreter first."""
    try:
        m = importlib.import_module(module)
        return m, f"{package} {getattr(m, '__version__', '?')}"
    except ImportError:
        pass
    log(f"{package} not installed: running {sys.executable} -m pip install {package}")
    try:
        p = subprocess.run([sys.executable, "-m", "pip", "install", "--disable-pip-version-check",
                            package], capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as e:
        return None, f"pip install {package} failed: {e}"
    if p.returncode != 0:
        tail = (p.stderr or p.stdout).strip().splitlines()[-3:]
        return None, f"pip install {package} failed (exit {p.returncode}): {' | '.join(tail)}"
    importlib.invalidate_caches()
    try:
        m = importlib.import_module(module)
    except ImportError as e:
        return None, f"{package} installed but cannot be imported: {e}"
    return m, f"{package} {getattr(m, '__version__', '?')} (installed by this run)"


# --- main ---------------------------------------------------------------------------------------

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", default=os.environ.get("SWIFTREG_BENCH_QUICK") == "1",
                    help="the small problem only; does not write BENCHMARKS.md unless --write")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--write", dest="write", action="store_true", default=None,
                   help="write BENCHMARKS.md (default for a full run that measured swiftreg)")
    g.add_argument("--no-write", dest="write", action="store_false", help="only print")
    ap.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    ap.add_argument("--repeats", type=int, default=3, help="fits per timing job (default 3)")
    ap.add_argument("--budget", type=float, default=4.0,
                    help="a timing job stops repeating once its fits would exceed this many "
                         "seconds (default 4)")
    ap.add_argument("--timeout", type=float, default=100.0,
                    help="time limit of one solver job, in seconds (default 100)")
    ap.add_argument("--solvers", nargs="+", choices=SOLVERS, help="a subset of the solvers")
    ap.add_argument("--problems", nargs="+", choices=[p[0] for p in PROBLEMS],
                    help="a subset of the problems")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        return worker(args.worker)

    solvers = list(args.solvers or SOLVERS)
    versions = {}
    for s, mod in (("scikit-learn", "sklearn"), ("celer", "celer"), ("skglm", "skglm")):
        if s not in solvers:
            continue
        mm, what = ensure(mod, s)
        log(f"{s}: {what}")
        if mm is None:
            solvers.remove(s)
        else:
            versions[s] = getattr(mm, "__version__", "?")
    r_ok = False
    if "glmnet" in solvers:
        r_ok, what = _report.ensure_r_glmnet(log)
        log(f"glmnet: {what}")
        if not r_ok:
            solvers.remove("glmnet")
    if "swiftreg" in solvers:
        try:
            from swiftreg.linear_model import Lasso as _SrLasso
        except Exception as e:  # noqa: BLE001
            log(f"swiftreg: cannot be imported ({e}); measuring the peers only")
            solvers.remove("swiftreg")
        else:
            Xt, yt, _ = make_problem(200, 1000, 1)
            try:
                _SrLasso(alpha=alpha_max(Xt, yt) / 10).fit(Xt, yt)
            except TypeError as e:
                log(f"swiftreg: SKIPPED, it rejects a scipy.sparse X ({type(e).__name__}: {e}); "
                    "measuring the peers only")
                solvers.remove("swiftreg")

    names = args.problems or (["small"] if args.quick else [p[0] for p in PROBLEMS])
    start = perf()
    cmd = command_line()
    m = machine_info(versions)
    log(f"sparse Lasso — {m['cpu']}, {m['cpus']} CPUs; NumPy {m['numpy']}, SciPy {m['scipy']}; "
        f"{m['date']}; load {m['load']}")
    log(f"command: {cmd}")
    log(f"swiftreg library: {m['lib']} (commit {m['commit']})")
    problems = []
    with tempfile.TemporaryDirectory(prefix="swiftreg-sparse-") as tmp:
        R = Runner(Path(tmp), args)
        for name, n, p in PROBLEMS:
            if name not in names:
                continue
            t0 = perf()
            X, y, _ = make_problem(n, p, args.seed)
            d = Path(tmp) / name
            d.mkdir()
            save_problem(d, X, y)
            log(f"{name}: {n} x {p}, {X.nnz} nonzeros, CSC {fmt_mb(csc_bytes(X))}, "
                f"α_max {alpha_max(X, y):.6g} [{perf() - t0:.1f} s]")
            cases = []
            for cname, frac in CASES:
                c = run_case(R, n, p, d, X, y, cname, frac, solvers, f"  {name}")
                if c is None:
                    log(f"  {name} {cname}: no reference could be computed; skipped")
                    continue
                cases.append(c)
                f = c["fastest"]
                ratios = ", ".join(f"{s} {fmt_r(r)}" for s, r in c["ratios"].items())
                log(f"  {name} {cname}: P* by {c['pstar_by']} (cert {fmt_s(c['cert'])}); fastest "
                    f"peer at ≤1e-9: {f or '—'}; swiftreg/peer: {ratios or '—'} -> {c['verdict']}; "
                    f"memory {c['mem_verdict']}")
            problems.append(dict(name=name, n=n, p=p, nnz=X.nnz, csc=csc_bytes(X), cases=cases))
        if R.r_info:
            m["versions"]["R"] = R.r_info[0].replace("R version ", "")
            m["versions"]["glmnet"] = R.r_info[1]
            m["versions"]["Matrix"] = R.r_info[2]
    elapsed = perf() - start
    sr_measured = any(c["solvers"].get("swiftreg", {}).get("time") is not None
                      for pr in problems for c in pr["cases"])
    section = markdown(m, cmd, args, problems, elapsed, [s for s in SOLVERS if s in solvers])
    log("")
    log(section)
    for pr in problems:
        for c in pr["cases"]:
            f = c["fastest"]
            r = c["ratios"].get(f) if f else None
            log(f"TARGET time   {pr['name']} {c['case']}: swiftreg / {f or '—'} = {fmt_r(r)} "
                f"(≤ {RATIO_TARGET:g}) -> {c['verdict']}")
            net = c["mem_net"]
            log(f"TARGET memory {pr['name']} {c['case']}: swiftreg peak − output = {fmt_mb(net)} "
                f"(≤ {fmt_mb(c['mem_allowance'])}; {fmt_r(net / pr['csc'] if net is not None else None)}"
                f" × CSC) -> {c['mem_verdict']}")
    write = (not args.quick and sr_measured) if args.write is None else args.write
    if write:
        _report.write_section(args.output, BEGIN, END, section)
        log(f"wrote the sparse_lasso section of {args.output}")
    else:
        log("BENCHMARKS.md not written" + ("" if sr_measured else " (swiftreg was not measured)") + ".")
    log(f"total {elapsed:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
