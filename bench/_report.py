"""Helpers shared by the benchmark scripts (not a benchmark itself: `make bench` skips
files starting with "_")."""
from __future__ import annotations

import platform
from pathlib import Path

HEADER = "# Benchmarks\n\nEach section is written by the benchmark named in its heading.\n\n"


def cpu_model() -> str:
    """The CPU's model name from /proc/cpuinfo (platform.processor() elsewhere)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def write_section(path: Path, begin: str, end: str, section: str) -> None:
    """Replace the text between the markers `begin` and `end` in BENCHMARKS.md with `section`
    (which carries the markers), appending it when absent; other sections are left as they are."""
    if path.exists():
        text = path.read_text()
        i, j = text.find(begin), text.find(end)
        if i >= 0 and j > i:
            text = text[:i] + section.rstrip("\n") + text[j + len(end):]
        else:
            text = text.rstrip("\n") + "\n\n" + section
    else:
        text = HEADER + section
    path.write_text(text)


def ensure_r_glmnet(log=print) -> tuple[bool, str]:
    """(available, what happened) for R's glmnet: when ``Rscript -e 'library(glmnet)'`` fails,
    installs Debian's r-cran-glmnet (``apt-get update`` then ``apt-get install -y
    r-cran-glmnet``, as root or through ``sudo -n``), printing what apt does."""
    import os
    import shlex
    import shutil
    import subprocess

    def available() -> bool:
        if shutil.which("Rscript") is None:
            return False
        r = subprocess.run(["Rscript", "-e", "suppressMessages(library(glmnet))"],
                           capture_output=True, text=True)
        return r.returncode == 0

    if available():
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
        rc = subprocess.run(cmd, env=env).returncode
        if rc != 0:
            return False, f"`{shlex.join(cmd)}` failed (exit status {rc})"
    if not available():
        return False, "r-cran-glmnet installed but `library(glmnet)` still fails"
    return True, "installed r-cran-glmnet with apt-get"


def ensure_r_package(package: str, debian: str, log=print) -> tuple[bool, str]:
    """(available, what happened) for the R package `package` (e.g. "doParallel"): when
    ``Rscript -e 'library(<package>)'`` fails, installs the Debian package `debian` (e.g.
    "r-cran-doparallel") with ``apt-get install -y`` (``apt-get update`` first when that fails),
    as root or through ``sudo -n``, printing what apt does."""
    import os
    import shlex
    import shutil
    import subprocess

    def available() -> bool:
        if shutil.which("Rscript") is None:
            return False
        r = subprocess.run(["Rscript", "-e", f"suppressMessages(library({package}))"],
                           capture_output=True, text=True)
        return r.returncode == 0

    if available():
        return True, f"{package} already installed"
    log(f"{package}: `Rscript -e 'library({package})'` fails; installing Debian's {debian}")
    if shutil.which("apt-get") is None:
        return False, f"no apt-get on this machine (install R's {package} by hand)"
    if os.geteuid() == 0:
        prefix = []
    elif shutil.which("sudo") and subprocess.run(["sudo", "-n", "true"],
                                                 capture_output=True).returncode == 0:
        prefix = ["sudo", "-n"]
    else:
        return False, "not root and no password-less sudo: cannot run apt-get"
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    install = prefix + ["apt-get", "install", "-y", debian]
    log("$ " + shlex.join(install))
    if subprocess.run(install, env=env).returncode != 0:
        for cmd in (prefix + ["apt-get", "update"], install):
            log("$ " + shlex.join(cmd))
            rc = subprocess.run(cmd, env=env).returncode
            if rc != 0:
                return False, f"`{shlex.join(cmd)}` failed (exit status {rc})"
    if not available():
        return False, f"{debian} installed but `library({package})` still fails"
    return True, f"installed {debian} with apt-get"
