#!/usr/bin/env python3
"""Benchmark of swiftreg's elastic-net / Lasso paths against R's glmnet.

    python bench/glmnet_paths.py [--quick] [--write | --no-write] [--output PATH]

(``make bench`` runs it with PYTHONPATH=python; the package loads the in-tree build for this CPU.)

Setup. When ``Rscript -e 'library(glmnet)'`` fails, the script installs Debian's
``r-cran-glmnet`` (``apt-get update`` once, then ``apt-get install -y r-cran-glmnet``, as root
or through ``sudo -n``), printing what apt does; when that is impossible it prints why and
exits 0 without touching BENCHMARKS.md.

Problems: the simulation of Friedman, Hastie & Tibshirani (2010, J. Stat. Softw. 33(1),
"Regularization paths for generalized linear models via coordinate descent", Table 1):
Gaussian X with equal pairwise correlation ρ (X = √(1−ρ)·Z + √ρ·z·1ᵀ), y = Σⱼ Xⱼβⱼ + k·ε with
βⱼ = (−1)ʲ·exp(−2(j−1)/20) and k set for a signal-to-noise ratio sd(Xβ)/sd(kε) = 3;
(n, p) ∈ {(1000, 100), (5000, 100), (100, 1000), (100, 5000)}, ρ ∈ {0, 0.5, 0.95},
l1_ratio (glmnet's alpha) ∈ {1, 0.5}: 24 cases. X's columns are standardised (mean 0,
population standard deviation 1) and so is y (mean 0, population variance 1: glmnet scales
y by sqrt(mean(y²)) internally, so its λ is then the λ of the objective below).

Objective, the same for both (scikit-learn's ElasticNet, swiftreg's enet_path, and glmnet
with ``standardize=FALSE, intercept=FALSE``)::

    (1/(2n))·‖y − Xw‖² + λ·( a‖w‖₁ + ½(1 − a)‖w‖² )        (a = l1_ratio = glmnet's alpha)

One λ grid for both: 100 values log-spaced from λ_max = ‖Xᵀy‖∞/(n·a) down to eps·λ_max,
eps = 1e-3 when n > p and 1e-2 otherwise (glmnet's default lambda.min.ratio), passed to
glmnet as ``lambda=`` (which makes it return every λ: with a user grid it skips its
deviance-saturation exit; only the λ it does return are compared). The equivalence of the λ
is checked numerically on the first cases (``--verify-cases``, default 2: the Lasso and
l1_ratio 0.5): glmnet is run to near machine precision (thresh=1e-24, maxit=1e6), and at each
λ every nonzero coefficient of its answer gives the λ̂ that the stationarity condition of the
objective above implies, xⱼᵀr/n = λ̂(a·sign(wⱼ) + (1−a)wⱼ); the largest |λ̂/λ − 1| is reported
with the distance to swiftreg's tol=1e-14 path; glmnet's own grid (nlambda=100,
lambda.min.ratio=eps, no lambda=) is also compared with ours.

Timing. glmnet runs in one R process (Rscript, started once, fed commands on stdin; data
written by NumPy as raw float64 files and read with readBin) and is timed inside R around
the ``glmnet()`` call only (Sys.time(): proc.time() is rounded to 1 ms here), at its default
thresh = 1e-7 and at thresh = 1e-11. swiftreg is ``swiftreg.linear_model.enet_path(X, y,
l1_ratio=a, alphas=grid, tol=tol, max_iter=100000)`` timed in Python (input checks
included). The three are timed in the same run, in alternating order (forward, then
reversed, ...), and each time is the minimum over the rounds (fewer rounds when a round is
long). swiftreg's tol climbs bench/solvers.py's ladder 1e-4, 1e-6, 1e-8, 1e-10 (then 1e-12),
loosest first (its stopping rule is duality gap ≤ tol·‖y‖²/n = tol here), and the first tol
whose suboptimality over the whole path is ≤ 1e-9 is the one timed. glmnet keeps its default
maxit (1e5 coordinate passes over the whole path): where it runs out, it returns the λ done
so far (the tables show how many) and its time is that of the truncated path. Every library uses one thread: OMP_NUM_THREADS, OPENBLAS_NUM_THREADS
(and the other BLAS variables) = 1 in the environment of this process and of R, threadpoolctl,
and ``swiftreg.set_num_threads(1)``.

Accuracy. Suboptimality of an answer at λ = (objective − reference)/reference, with the
reference = the lowest objective of any answer at that λ, including a swiftreg path at
tol=1e-14; the table shows the maximum over the path (over the λ glmnet returned, for
glmnet). "cert." bounds the reference's own suboptimality: max over λ of (reference − best
dual value of any answer)/reference (elastic-net duality gap, scikit-learn's formula).

Target: swiftreg time / glmnet time ≤ 0.5 with swiftreg suboptimality ≤ 1e-9; the verdict
is against glmnet at its default thresh (the faster glmnet); the ratio against
thresh = 1e-11 is shown beside it (✗ when above 0.5).

``--quick`` runs ρ = 0.5 only with 2 rounds and does not write BENCHMARKS.md unless
``--write`` is given. The results go into the ``<!-- glmnet:begin -->`` ...
``<!-- glmnet:end -->`` section of BENCHMARKS.md; other sections are left alone.
"""
from __future__ import annotations

import os
import sys

# --- environment: must happen before NumPy (and its BLAS) is loaded ---------------------------
_THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                "BLIS_NUM_THREADS", "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")
_MARK = "_SWIFTREG_GLMNET_BENCH"
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
import shutil  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

import _report  # noqa: E402  (bench/_report.py, beside this script)

import numpy as np  # noqa: E402

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

BEGIN, END = "<!-- glmnet:begin -->", "<!-- glmnet:end -->"
perf = time.perf_counter

SUBOPT_TARGET = 1e-9
RATIO_TARGET = 0.5
LADDER = (1e-4, 1e-6, 1e-8, 1e-10, 1e-12)  # bench/solvers.py's ladder, and 1e-12 as a last resort
REF_TOL = 1e-14
MAX_ITER = 100000
THRESHES = (1e-7, 1e-11)
VERIFY_THRESH, VERIFY_MAXIT = 1e-24, 10**6  # the λ-equivalence check (first cases)
SHAPES = ((1000, 100), (5000, 100), (100, 1000), (100, 5000))
RHOS = (0.0, 0.5, 0.95)
RHOS_QUICK = (0.5,)
L1_RATIOS = (1.0, 0.5)
N_LAMBDA = 100


def log(s: str = "") -> None:
    print(s, flush=True)


# --- glmnet: installation and the R server ------------------------------------------------------

def glmnet_available() -> bool:
    if shutil.which("Rscript") is None:
        return False
    r = subprocess.run(["Rscript", "-e", "suppressMessages(library(glmnet))"],
                       capture_output=True, text=True)
    return r.returncode == 0


def ensure_glmnet() -> tuple[bool, str]:
    """(available, what happened). Installs Debian's r-cran-glmnet when it is missing."""
    if glmnet_available():
        return True, "glmnet already installed"
    log("glmnet: `Rscript -e 'library(glmnet)'` fails; installing Debian's r-cran-glmnet")
    if shutil.which("apt-get") is None:
        return False, "no apt-get on this machine (install R and glmnet by hand)"
    if os.geteuid() == 0:
        prefix = []
    elif shutil.which("sudo") and subprocess.run(["sudo", "-n", "true"],
                                                 capture_output=True).returncode == 0:
        prefix = ["sudo", "-n"]
    else:
        return False, "not root and no password-less sudo: cannot run apt-get"
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for cmd in (prefix + ["apt-get", "update"],
                prefix + ["apt-get", "install", "-y", "r-cran-glmnet"]):
        log("$ " + shlex.join(cmd))
        rc = subprocess.run(cmd, env=env).returncode  # its output goes straight to ours
        if rc != 0:
            return False, f"`{shlex.join(cmd)}` failed (exit status {rc})"
    if not glmnet_available():
        return False, "r-cran-glmnet installed but `library(glmnet)` still fails"
    return True, "installed r-cran-glmnet with apt-get"


R_SERVER = r"""
suppressMessages(library(glmnet))
con <- file("stdin"); open(con)
say <- function(...) { cat(..., "\n", sep = ""); flush(stdout()) }
say("ready\t", R.version.string, "\t", as.character(packageVersion("glmnet")))
X <- NULL; y <- NULL; lam <- NULL
repeat {
  line <- readLines(con, n = 1)
  if (length(line) == 0 || line == "quit") break
  a <- strsplit(line, "\t", fixed = TRUE)[[1]]
  warns <- character(0)
  res <- tryCatch(withCallingHandlers({
    if (a[1] == "load") {
      n <- as.integer(a[3]); p <- as.integer(a[4]); nl <- as.integer(a[5])
      X <- matrix(readBin(paste0(a[2], ".X"), "double", n * p), n, p)
      y <- readBin(paste0(a[2], ".y"), "double", n)
      lam <- readBin(paste0(a[2], ".lam"), "double", nl)
      "ok"
    } else if (a[1] == "fit" || a[1] == "grid") {
      alpha <- as.numeric(a[2]); thresh <- as.numeric(a[3]); outf <- a[4]
      t0 <- Sys.time()
      if (a[1] == "fit") {
        fit <- glmnet(X, y, family = "gaussian", alpha = alpha, lambda = lam,
                      standardize = FALSE, intercept = FALSE, thresh = thresh,
                      maxit = as.numeric(a[5]))
      } else {  # glmnet's own grid
        fit <- glmnet(X, y, family = "gaussian", alpha = alpha, nlambda = length(lam),
                      lambda.min.ratio = as.numeric(a[5]),
                      standardize = FALSE, intercept = FALSE, thresh = thresh)
      }
      el <- as.numeric(difftime(Sys.time(), t0, units = "secs"))
      if (outf != "-") {
        o <- file(outf, "wb")
        writeBin(as.double(fit$lambda), o)
        writeBin(as.double(as.matrix(fit$beta)), o)
        close(o)
      }
      sprintf("ok\t%.9f\t%d\t%d\t%d", el, length(fit$lambda), as.integer(fit$npasses),
              as.integer(if (is.null(fit$jerr)) 0L else fit$jerr))
    } else stop("unknown command ", a[1])
  }, warning = function(w) { warns <<- c(warns, conditionMessage(w)); invokeRestart("muffleWarning") }),
  error = function(e) paste0("err\t", gsub("[\t\n]", " ", conditionMessage(e))))
  if (length(warns)) res <- paste0(res, "\tWARN ", gsub("[\t\n]", " ", paste(warns, collapse = "; ")))
  say(res)
}
"""


class RGlmnet:
    """One Rscript process serving glmnet fits (commands on stdin, one reply line each)."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        script = tmp / "glmnet_server.R"
        script.write_text(R_SERVER)
        self.errf = open(tmp / "r_stderr.txt", "w+")
        self.proc = subprocess.Popen(["Rscript", "--vanilla", str(script)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=self.errf, text=True, bufsize=1)
        first = self._read().split("\t")
        if first[0] != "ready":
            raise RuntimeError(f"R server did not start: {first}")
        self.r_version, self.glmnet_version = first[1], first[2]

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

    def load(self, X, y, lam):
        pre = self.tmp / "case"
        np.asarray(X, dtype="<f8").ravel(order="F").tofile(str(pre) + ".X")
        np.asarray(y, dtype="<f8").tofile(str(pre) + ".y")
        np.asarray(lam, dtype="<f8").tofile(str(pre) + ".lam")
        self.ask("load", pre, X.shape[0], X.shape[1], len(lam))

    def fit(self, alpha, thresh, want_coefs=False, p=None, own_grid_ratio=None, maxit=100000):
        """Returns (seconds inside R, number of λ returned, npasses, jerr, warnings,
        (lambdas, coefs) or None)."""
        outf = str(self.tmp / "beta.bin") if want_coefs else "-"
        if own_grid_ratio is None:
            r = self.ask("fit", f"{alpha:.17g}", f"{thresh:.17g}", outf, f"{maxit:d}")
        else:
            r = self.ask("grid", f"{alpha:.17g}", f"{thresh:.17g}", outf, f"{own_grid_ratio:.17g}")
        t, nl, npasses, jerr = float(r[1]), int(r[2]), int(r[3]), int(r[4])
        warn = r[5][5:] if len(r) > 5 else ""
        out = None
        if want_coefs:
            v = np.fromfile(outf, dtype="<f8")
            out = (v[:nl], v[nl:].reshape((p, nl), order="F"))
        return t, nl, npasses, jerr, warn, out

    def close(self):
        try:
            self.proc.stdin.write("quit\n")
            self.proc.stdin.close()
            self.proc.wait(timeout=10)
        except Exception:  # noqa: BLE001
            self.proc.kill()
        self.errf.close()


# --- data, grid, objective, duality gap ---------------------------------------------------------

def fht_data(n, p, rho, seed):
    """Friedman, Hastie & Tibshirani (2010) Table 1 design, X's columns and y standardised
    (mean 0, population standard deviation 1); float64, Fortran order."""
    rng = np.random.default_rng(seed)
    X = math.sqrt(1 - rho) * rng.standard_normal((n, p)) + math.sqrt(rho) * rng.standard_normal((n, 1))
    j = np.arange(1, p + 1)
    beta = (-1.0) ** j * np.exp(-2.0 * (j - 1) / 20.0)
    f = X @ beta
    eps = rng.standard_normal(n)
    y = f + f.std() / (3.0 * eps.std()) * eps  # SNR sd(Xβ)/sd(kε) = 3
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    y = (y - y.mean()) / y.std()
    return np.asfortranarray(X), y


def lambda_grid(X, y, l1_ratio, eps):
    n = X.shape[0]
    lmax = np.abs(X.T @ y).max() / (n * l1_ratio)
    return np.geomspace(lmax, eps * lmax, N_LAMBDA)


def enet_objective(X, y, W, lams, l1):
    n = len(y)
    R = y[:, None] - X @ W
    return (0.5 * np.einsum("ij,ij->j", R, R) / n
            + lams * (l1 * np.abs(W).sum(axis=0) + 0.5 * (1 - l1) * np.einsum("ij,ij->j", W, W)))


def enet_gap(X, y, W, lams, l1):
    """scikit-learn's elastic-net duality gap, divided by n (objective units), per column."""
    n = len(y)
    a, b = n * lams * l1, n * lams * (1 - l1)
    R = y[:, None] - X @ W
    XtA = X.T @ R - b * W
    dual_norm = np.abs(XtA).max(axis=0)
    rr = np.einsum("ij,ij->j", R, R)
    ww = np.einsum("ij,ij->j", W, W)
    const = np.where(dual_norm > a, a / np.maximum(dual_norm, 1e-300), 1.0)
    gap = (0.5 * rr * (1 + const ** 2) + a * np.abs(W).sum(axis=0) - const * (R.T @ y)
           + 0.5 * b * (1 + const ** 2) * ww)
    return gap / n


def implied_lambda_dev(X, y, W, lams, l1):
    """Max over λ and nonzero wⱼ of |λ̂ⱼ/λ − 1|, λ̂ⱼ = (xⱼᵀr/n)/(a·sign wⱼ + (1−a)wⱼ): the λ
    that the elastic-net stationarity condition at the answer implies."""
    n = len(y)
    G = X.T @ (y[:, None] - X @ W) / n
    nz = W != 0
    if not nz.any():
        return math.nan
    den = l1 * np.sign(W) + (1 - l1) * W
    lam_hat = G[nz] / den[nz]
    return float(np.max(np.abs(lam_hat / np.broadcast_to(lams, W.shape)[nz] - 1)))


def run_sr(X, y, l1, lams, tol):
    _, W, _, it = srlm.enet_path(X, y, l1_ratio=l1, alphas=lams, tol=tol, max_iter=MAX_ITER,
                                 return_n_iter=True)
    return W, np.asarray(it)


def rel_subopt(obj, ref):
    return float(np.max((obj - ref) / np.abs(ref)))


# --- one case -------------------------------------------------------------------------------------

def bench_case(R: RGlmnet, n, p, rho, l1, seed, args, verify=False):
    X, y = fht_data(n, p, rho, seed)
    eps = 1e-3 if n > p else 1e-2
    lams = lambda_grid(X, y, l1, eps)
    sr.set_num_threads(1)
    R.load(X, y, lams)

    # reference path (swiftreg at tol 1e-14) and the tol ladder, loosest first
    W_ref, it_ref = run_sr(X, y, l1, lams, REF_TOL)
    o_ref = enet_objective(X, y, W_ref, lams, l1)
    cands = [W_ref]
    ladder = []
    chosen = None
    for tol in LADDER:
        t0 = perf()
        W, it = run_sr(X, y, l1, lams, tol)
        dt = perf() - t0
        sub = rel_subopt(enet_objective(X, y, W, lams, l1), o_ref)
        ladder.append(dict(tol=tol, time=dt, subopt=sub, capped=int(np.sum(it >= MAX_ITER)), W=W))
        cands.append(W)
        if sub <= SUBOPT_TARGET and chosen is None:
            chosen = ladder[-1]
            if not args.full_ladder:
                break
    met = chosen is not None
    if chosen is None:
        chosen = min(ladder, key=lambda r: r["subopt"])

    # alternating timing rounds: swiftreg at the chosen tol, glmnet at each thresh
    best = {"sr": math.inf, **{t: math.inf for t in THRESHES}}
    info = {}
    rounds = args.repeats
    k = 0
    order = ["sr", *THRESHES]
    while k < rounds:
        t_round = 0.0
        for name in (order if k % 2 == 0 else order[::-1]):
            if name == "sr":
                t0 = perf()
                srlm.enet_path(X, y, l1_ratio=l1, alphas=lams, tol=chosen["tol"], max_iter=MAX_ITER)
                dt = perf() - t0
            else:
                dt, nl, npasses, jerr, warn, out = R.fit(l1, name, want_coefs=(k == 0), p=p)
                if k == 0:
                    info[name] = dict(nl=nl, npasses=npasses, jerr=jerr, warn=warn,
                                      lam=out[0], W=out[1])
            best[name] = min(best[name], dt)
            t_round += dt
        k += 1
        if k == 1:  # fewer rounds for long cases
            rounds = max(1, min(args.repeats, int(args.budget / max(t_round, 1e-9))))
            if rounds == 1 and t_round < args.budget:
                rounds = 2
    n_rounds = k

    # accuracy: glmnet compared on the λ it returned
    g = {}
    for t in THRESHES:
        d = info[t]
        nl = d["nl"]
        lam_err = float(np.max(np.abs(d["lam"] / lams[:nl] - 1))) if nl else math.nan
        g[t] = dict(d, lam_err=lam_err)
        Wf = np.zeros((p, N_LAMBDA))
        Wf[:, :nl] = d["W"]
        g[t]["Wfull"] = Wf
    objs = [enet_objective(X, y, W, lams, l1) for W in cands]
    for t in THRESHES:
        o = enet_objective(X, y, g[t]["Wfull"], lams, l1)
        o[g[t]["nl"]:] = np.inf
        objs.append(o)
    ref = np.min(np.vstack(objs), axis=0)
    lower = np.max(np.vstack([enet_objective(X, y, W, lams, l1) - enet_gap(X, y, W, lams, l1)
                              for W in cands + [g[t]["Wfull"][:, :] for t in THRESHES]]), axis=0)
    cert = float(np.max(np.maximum(ref - lower, 0) / ref))
    for r in ladder:
        r["subopt"] = rel_subopt(enet_objective(X, y, r["W"], lams, l1), ref)
    sr_sub = chosen["subopt"]
    met = sr_sub <= SUBOPT_TARGET
    for t in THRESHES:
        nl = g[t]["nl"]
        g[t]["subopt"] = rel_subopt(objs[len(cands) + THRESHES.index(t)][:nl], ref[:nl]) if nl else math.nan
    nl11 = g[THRESHES[-1]]["nl"]
    wdiff = float(np.max(np.abs(g[THRESHES[-1]]["W"] - W_ref[:, :nl11])) / max(np.abs(W_ref).max(), 1e-300))

    # λ equivalence: glmnet run to (near) machine precision, its answer checked against our
    # objective's stationarity condition and against swiftreg's tol=1e-14 path
    check = None
    if verify:
        _, nl_t, npasses_t, jerr_t, _, (_, W_t) = R.fit(l1, VERIFY_THRESH, want_coefs=True, p=p,
                                                       maxit=VERIFY_MAXIT)
        o_t = enet_objective(X, y, W_t, lams[:nl_t], l1)
        check = dict(nl=nl_t, npasses=npasses_t, jerr=jerr_t,
                     lam_dev=implied_lambda_dev(X, y, W_t, lams[:nl_t], l1),
                     lam_dev_sr=implied_lambda_dev(X, y, W_ref, lams, l1),
                     wdiff=float(np.max(np.abs(W_t - W_ref[:, :nl_t])) / max(np.abs(W_ref).max(), 1e-300)),
                     obj_diff=float(np.max(np.abs(o_t - o_ref[:nl_t]) / o_ref[:nl_t])))
        # glmnet's own grid (no lambda=): same λ_max and spacing?  how many λ returned?
        _, nl_own, _, _, _, (lam_own, _) = R.fit(l1, THRESHES[0], want_coefs=True, p=p,
                                                 own_grid_ratio=eps)
        m = min(nl_own, N_LAMBDA)
        check.update(own_nl=nl_own, own_first=float(lam_own[0]), ours=float(lams[0]),
                     own_max_rel=float(np.max(np.abs(lam_own[:m] / lams[:m] - 1))))

    ratios = {t: best["sr"] / best[t] if best[t] > 0 else math.nan for t in THRESHES}
    r7 = ratios[THRESHES[0]]
    if not np.isfinite(r7):
        verdict = "ERROR"
    elif r7 <= RATIO_TARGET and met:
        verdict = "PASS"
    else:
        why = (["time"] if r7 > RATIO_TARGET else []) + ([f"accuracy {sr_sub:.0e}"] if not met else [])
        verdict = "MISS (" + ", ".join(why) + ")"
    for r in ladder:
        r.pop("W")
    for t in THRESHES:
        for key in ("W", "Wfull", "lam"):
            g[t].pop(key)
    return dict(n=n, p=p, rho=rho, l1=l1, eps=eps, tol=chosen["tol"], met=met, ladder=ladder,
                t_sr=best["sr"], t_g={t: best[t] for t in THRESHES}, ratios=ratios, sr_sub=sr_sub,
                g=g, cert=cert, wdiff=wdiff, ref_capped=int(np.sum(it_ref >= MAX_ITER)),
                rounds=n_rounds, check=check,
                verdict=verdict)


# --- machine, formatting, Markdown ---------------------------------------------------------------

def load_avg() -> str:
    try:
        return "/".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def machine_info(R: RGlmnet) -> dict:
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
                numpy=np.__version__, swiftreg=sr.__version__, pools=pools, commit=commit,
                lib=lib, variant=sr.library_variant(), built=built, load=load_avg(),
                r=R.r_version, glmnet=R.glmnet_version,
                date=datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"))


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


def ft(t) -> str:
    if t is None or not np.isfinite(t):
        return "—"
    return f"{t * 1e3:.1f} ms" if t < 1 else f"{t:.2f} s"


def fs(x) -> str:
    if x is None or not np.isfinite(x):
        return "—"
    if abs(x) < 1e-14:
        return "<1e-14" if x >= 0 else f"{x:.0e}"
    return f"{x:.0e}"


def fr(x) -> str:
    return "—" if x is None or not np.isfinite(x) else f"{x:.2f}"


def g_cell(d) -> str:
    s = f"{d['nl']}"
    if d["jerr"]:
        s += f" (jerr {d['jerr']})"
    return s


def markdown(m, cmd, args, results, elapsed) -> str:
    L = []
    w = L.append
    t7, t11 = THRESHES
    w(BEGIN)
    w("## Elastic-net paths vs R's glmnet (`bench/glmnet_paths.py`)")
    w("")
    w(f"- Machine: {m['cpu']}, {m['cpus']} CPUs; Python {m['python']}, NumPy {m['numpy']}; "
      f"{m['r']}, glmnet {m['glmnet']}")
    w(f"- swiftreg {m['swiftreg']} at commit {m['commit']}; library `{m['lib']}` ({m['variant']} build, "
      f"built {m['built']})")
    w(f"- Date: {m['date']}; run took {elapsed:.0f} s{' (quick run)' if args.quick else ''}; "
      f"load average (1/5/15 min) {m['load']} at the start, {load_avg()} at the end")
    w(f"- Command: `{cmd}`")
    w(f"- Threads: {', '.join(_THREAD_VARS)} = 1 for this process and R (set before NumPy is "
      f"imported); threadpoolctl limits every pool to 1 ({m['pools']}); "
      "`swiftreg.set_num_threads(1)`.")
    w(f"- Times: minimum over up to {args.repeats} rounds (fewer when a round takes more than "
      f"{args.budget:g} s; the count is in the second table), each round timing swiftreg, glmnet "
      f"thresh={t7:.0e} and glmnet thresh={t11:.0e} in alternating order. glmnet is timed inside "
      "R around the `glmnet()` call (Sys.time()); swiftreg in Python around `enet_path` (input "
      "checks included). The machine may be shared: expect noise of tens of percent.")
    w("")
    w("Friedman, Hastie & Tibshirani (2010, Table 1) simulation: Gaussian X with equal pairwise "
      "correlation ρ, y = Σⱼ Xⱼβⱼ + kε, βⱼ = (−1)ʲ·exp(−2(j−1)/20), k for signal-to-noise ratio 3; "
      "X's columns and y standardised (mean 0, population sd 1). Objective "
      "(1/(2n))‖y − Xw‖² + λ(a‖w‖₁ + ½(1−a)‖w‖²), a = l1_ratio = glmnet's alpha; glmnet with "
      "`standardize=FALSE, intercept=FALSE, lambda=<grid>`; the grid: 100 λ log-spaced from "
      "λ_max = ‖Xᵀy‖∞/(n·a) to eps·λ_max, eps = 1e-3 (n > p) or 1e-2 (n < p). swiftreg: "
      f"`enet_path(X, y, l1_ratio=a, alphas=grid, tol, max_iter={MAX_ITER})` with the loosest tol of "
      f"{', '.join(f'{t:.0e}' for t in LADDER)} whose suboptimality over the path is ≤ 1e-9.")
    w("")
    w("ratio = swiftreg time / glmnet time. Verdict: PASS when the ratio against glmnet's default "
      f"thresh ({t7:.0e}) is ≤ {RATIO_TARGET:g} and swiftreg's suboptimality ≤ 1e-9; ✗ marks a "
      f"ratio against thresh={t11:.0e} above {RATIO_TARGET:g}. Suboptimality: max over the path of "
      "(objective − reference)/reference, the reference being the lowest objective of any answer "
      "at that λ (including swiftreg at tol=1e-14); glmnet is scored on the λ it returned.")
    w("")
    w(f"| n × p | ρ | l1_ratio | swiftreg (tol) | glmnet {t7:.0e} | glmnet {t11:.0e} | ratio vs {t7:.0e} "
      f"| ratio vs {t11:.0e} | swiftreg subopt. | glmnet {t7:.0e} subopt. | glmnet {t11:.0e} subopt. | "
      "verdict |")
    w("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in results:
        r11 = r["ratios"][t11]
        mark = " ✗" if np.isfinite(r11) and r11 > RATIO_TARGET else ""
        gt = [ft(r['t_g'][t]) + (f" ({r['g'][t]['nl']} λ)" if r['g'][t]['nl'] < N_LAMBDA else "")
              for t in THRESHES]
        w(f"| {r['n']} × {r['p']} | {r['rho']:g} | {r['l1']:g} | {ft(r['t_sr'])} ({r['tol']:.0e}"
          f"{'' if r['met'] else '†'}) | {gt[0]} | {gt[1]} | "
          f"{fr(r['ratios'][t7])} | {fr(r11)}{mark} | {fs(r['sr_sub'])} | {fs(r['g'][t7]['subopt'])} | "
          f"{fs(r['g'][t11]['subopt'])} | {r['verdict']} |")
    w("")
    n_miss = sum(1 for r in results if r["verdict"] != "PASS")
    w(f"{len(results) - n_miss} of {len(results)} cases PASS; † no tol of the ladder reached 1e-9 "
      "(the most accurate run is shown); \"(k λ)\": glmnet ran out of its default maxit (1e5 passes "
      "over the path) and returned only the first k λ (its time is that of the truncated path).")
    w("")
    w("Details. swiftreg ladder: time and suboptimality of each tol tried (loosest first, stopping at "
      "the first that reaches 1e-9; \"k capped\": k λ used the whole max_iter). glmnet: number of λ "
      "returned (of 100), passes (npasses), jerr when nonzero. Δw: max |w_glmnet − w_swiftreg(1e-14)| "
      f"/ max |w| for glmnet at thresh={t11:.0e} (glmnet's thresh bounds the objective change of one "
      "coordinate update, about Δw², so 1e-11 leaves coefficient errors near 1e-5). cert.: max over "
      "λ of (reference − best dual value)/reference.")
    w("")
    w(f"| n × p | ρ | l1_ratio | rounds | swiftreg ladder | glmnet {t7:.0e}: λ, passes | "
      f"glmnet {t11:.0e}: λ, passes | Δw | cert. |")
    w("|---|---:|---:|---:|---|---:|---:|---:|---:|")
    for r in results:
        lad = "; ".join(f"{x['tol']:.0e}: {ft(x['time'])}, {fs(x['subopt'])}"
                        + (f" ({x['capped']} capped)" if x["capped"] else "") for x in r["ladder"])
        gc = [f"{g_cell(r['g'][t])}, {r['g'][t]['npasses']}" for t in THRESHES]
        w(f"| {r['n']} × {r['p']} | {r['rho']:g} | {r['l1']:g} | {r['rounds']} | {lad} | {gc[0]} | "
          f"{gc[1]} | {fs(r['wdiff'])} | {fs(r['cert'])} |")
    w("")
    checked = [r for r in results if r["check"]]
    if checked:
        w(f"λ equivalence (glmnet's λ = swiftreg's α), checked on the first {len(checked)} case(s): "
          f"glmnet run with thresh={VERIFY_THRESH:.0e}, maxit={VERIFY_MAXIT:.0e} (near machine "
          "precision); λ̂/λ − 1: max over λ and over its nonzero coefficients of |λ̂/λ − 1|, λ̂ being "
          "the λ that the stationarity condition xⱼᵀr/n = λ(a·sign wⱼ + (1−a)wⱼ) of the objective above "
          "implies at glmnet's answer (swiftreg tol=1e-14 in brackets); Δw and objective difference "
          "against swiftreg tol=1e-14; glmnet's own grid: the same call without `lambda=` "
          "(nlambda=100, lambda.min.ratio=eps, thresh=1e-7), its λ compared with ours, and how many "
          "λ it returned before its deviance-saturation exit (with `lambda=` it returned every λ: "
          "see the tables).")
        w("")
        w("| case | λ returned (tight) | λ̂/λ − 1 | Δw | rel. objective diff. | glmnet's own grid: "
          "λ_max (ours) | max rel. diff. of λ | λ returned |")
        w("|---|---:|---:|---:|---:|---:|---:|---:|")
        for r in checked:
            c = r["check"]
            jerr = f" (jerr {c['jerr']})" if c["jerr"] else ""
            w(f"| {r['n']} × {r['p']}, ρ = {r['rho']:g}, l1_ratio = {r['l1']:g} | {c['nl']}{jerr} | "
              f"{fs(c['lam_dev'])} [{fs(c['lam_dev_sr'])}] | {fs(c['wdiff'])} | {fs(c['obj_diff'])} | "
              f"{c['own_first']:.12g} ({c['ours']:.12g}) | {c['own_max_rel']:.0e} | {c['own_nl']} |")
        w("")
    warns = [f"{r['n']}×{r['p']} ρ={r['rho']:g} l1={r['l1']:g} thresh={t:.0e}: {r['g'][t]['warn']}"
             for r in results for t in THRESHES if r["g"][t]["warn"]]
    if warns:
        w("glmnet warnings: " + "; ".join(warns))
        w("")
    w(END)
    return "\n".join(L) + "\n"


# --- main -------------------------------------------------------------------------------------

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true",
                    help="ρ = 0.5 only, 2 rounds; does not write BENCHMARKS.md unless --write")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--write", dest="write", action="store_true", default=None,
                   help="write BENCHMARKS.md (default for a full run)")
    g.add_argument("--no-write", dest="write", action="store_false", help="only print")
    ap.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    ap.add_argument("--repeats", type=int, help="timing rounds per case (default 5; --quick 2)")
    ap.add_argument("--budget", type=float, default=3.0,
                    help="fewer rounds when one round takes more than budget/repeats; a round "
                         "longer than this many seconds is run once (default 3)")
    ap.add_argument("--full-ladder", action="store_true", help="run every tol of the ladder")
    ap.add_argument("--rhos", type=float, nargs="+", help="override the ρ values")
    ap.add_argument("--l1-ratios", type=float, nargs="+", help="override the l1_ratio values")
    ap.add_argument("--shapes", nargs="+", metavar="NxP", help="override (n, p), e.g. 1000x100")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--verify-cases", type=int, default=2,
                    help="check λ equivalence (glmnet at thresh 1e-24) on this many first cases")
    args = ap.parse_args(argv)
    args.repeats = args.repeats or (2 if args.quick else 5)
    write = (not args.quick) if args.write is None else args.write
    rhos = args.rhos or (RHOS_QUICK if args.quick else RHOS)
    l1s = args.l1_ratios or L1_RATIOS
    shapes = SHAPES if not args.shapes else [tuple(int(v) for v in s.lower().split("x"))
                                              for s in args.shapes]

    ok, what = ensure_glmnet()
    log(f"glmnet: {what}")
    if not ok:
        log("SKIPPED: R's glmnet is not available, so bench/glmnet_paths.py has nothing to compare "
            "with; BENCHMARKS.md not written.")
        return 0

    if threadpool_limits is not None:
        threadpool_limits(limits=1)
    warnings.simplefilter("ignore")  # convergence warnings: counted in the tables instead
    start = perf()
    cmd = command_line()
    with tempfile.TemporaryDirectory(prefix="swiftreg-glmnet-") as tmp:
        R = RGlmnet(Path(tmp))
        try:
            m = machine_info(R)
            log(f"swiftreg vs glmnet paths — {m['cpu']}, {m['cpus']} CPUs; {m['r']}, glmnet "
                f"{m['glmnet']}; NumPy {m['numpy']}; {m['date']}; load {m['load']}")
            log(f"command: {cmd}")
            log(f"library: {m['lib']} ({m['variant']}, built {m['built']}; commit {m['commit']})")
            results = []
            idx = 0
            for i, (n, p) in enumerate(shapes):
                for j, rho in enumerate(rhos):
                    for k, l1 in enumerate(l1s):
                        t0 = perf()
                        r = bench_case(R, n, p, rho, l1, args.seed + 100 * i + 10 * j + k, args,
                                       verify=(idx < args.verify_cases))
                        idx += 1
                        results.append(r)
                        t7, t11 = THRESHES
                        log(f"{n}x{p} rho={rho:g} l1={l1:g}: swiftreg {ft(r['t_sr'])} @tol "
                            f"{r['tol']:.0e} (subopt {fs(r['sr_sub'])}); glmnet {ft(r['t_g'][t7])} "
                            f"(subopt {fs(r['g'][t7]['subopt'])}, {r['g'][t7]['nl']} λ) / "
                            f"{ft(r['t_g'][t11])} (subopt {fs(r['g'][t11]['subopt'])}, "
                            f"{r['g'][t11]['nl']} λ); ratio {fr(r['ratios'][t7])} / "
                            f"{fr(r['ratios'][t11])} -> {r['verdict']}  [Δw(1e-11) "
                            f"{fs(r['wdiff'])}, cert {fs(r['cert'])}, {r['rounds']} rounds, "
                            f"{perf() - t0:.1f} s]")
                        c = r["check"]
                        if c:
                            log(f"  λ check (glmnet thresh {VERIFY_THRESH:.0e}, {c['nl']} λ, jerr "
                                f"{c['jerr']}): max |λ̂/λ − 1| {fs(c['lam_dev'])} (swiftreg "
                                f"{fs(c['lam_dev_sr'])}), Δw {fs(c['wdiff'])}, obj diff "
                                f"{fs(c['obj_diff'])}; glmnet's own grid: λ_max {c['own_first']:.12g} "
                                f"vs ours {c['ours']:.12g}, max rel diff {c['own_max_rel']:.1e}, "
                                f"{c['own_nl']} of 100 λ returned")
        finally:
            R.close()
    elapsed = perf() - start
    section = markdown(m, cmd, args, results, elapsed)
    log("")
    log(section)
    if write:
        _report.write_section(args.output, BEGIN, END, section)
        log(f"wrote the glmnet section of {args.output}")
    else:
        log("BENCHMARKS.md not written.")
    log(f"total {elapsed:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
