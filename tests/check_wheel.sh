#!/usr/bin/env bash
# Checks the portable wheel that `make wheel` (python/build_wheel.sh) built:
#   1. its name and WHEEL file say py3-none-<plat> (default manylinux_2_34_<arch>), and
#      `auditwheel show` finds it consistent with exactly that manylinux tag;
#   2. it carries swiftreg/_lib/libswiftreg.so (identical to the given library), every .py
#      and data file of python/swiftreg, py.typed, and the LICENSE in its dist-info, with
#      `License-Expression: MIT`; given a v3 library, also swiftreg/_lib/libswiftreg-x86-64-v3.so;
#   3. installed with pip into a fresh venv (system site packages for NumPy, no index: pip
#      fetches nothing), `import swiftreg` from cwd /tmp without SWIFTREG_LIB or PYTHONPATH
#      loads the package and library from that venv (the x86-64-v3 build where the CPU can
#      run it), l1_prox and a small Lasso fit give the known answers, and the `swiftreg`
#      command runs.
#   usage: tests/check_wheel.sh VENV_PYTHON WHEEL [libswiftreg.so [libswiftreg-x86-64-v3.so]]
#   WHEEL_PLAT=... overrides the expected platform tag.
set -euo pipefail
usage="usage: $0 VENV_PYTHON WHEEL [libswiftreg.so [libswiftreg-x86-64-v3.so]]"
py=${1:?$usage}
wheel=${2:?$usage}
lib=${3:-}
lib_v3=${4:-}
plat=${WHEEL_PLAT:-manylinux_2_34_$(uname -m)}
root=$(cd "$(dirname "$0")/.." && pwd)
# Absolute path to the venv's python (not resolving its symlink, which would leave the venv).
case $py in */*) py=$(cd "$(dirname "$py")" && pwd)/$(basename "$py") ;; *) py=$(command -v "$py") ;; esac
abspath() { echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }
for f in "$wheel" $lib $lib_v3; do [ -f "$f" ] || { echo "FAIL: no file at $f"; exit 1; }; done
wheel=$(abspath "$wheel")
[ -z "$lib" ] || lib=$(abspath "$lib")
[ -z "$lib_v3" ] || lib_v3=$(abspath "$lib_v3")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# 1. The tag, and what auditwheel makes of the libraries inside.
name=$(basename "$wheel")
case $name in
  swiftreg-*-py3-none-"$plat".whl) echo "ok: $name is tagged py3-none-$plat" ;;
  *) echo "FAIL: $name is not tagged py3-none-$plat"; fail=1 ;;
esac
PATH=$(dirname "$py"):$PATH "$py" -m auditwheel show "$wheel" >"$tmp/show.log" 2>&1 || {
  echo "FAIL: auditwheel show:"; sed 's/^/  | /' "$tmp/show.log"; exit 1; }
# "... is consistent with the following platform tag: "manylinux_2_34_x86_64"." (wrapped)
consistent=$(tr '\n' ' ' <"$tmp/show.log" | sed -n 's/.*consistent with the following platform tag: *"\([^"]*\)".*/\1/p')
if [ "$consistent" = "$plat" ]; then
  echo "ok: auditwheel show: consistent with the platform tag \"$consistent\" (every library it links is allowed there)"
else
  echo "FAIL: auditwheel show: consistent with \"${consistent:-?}\", expected \"$plat\":"; sed 's/^/  | /' "$tmp/show.log"; fail=1
fi

# 2. What the wheel carries.
"$py" - "$wheel" "$plat" "$root" "$lib" "$lib_v3" <<'PY' || fail=1
import hashlib, os, sys, zipfile
wheel, plat, root, lib, lib_v3 = sys.argv[1:6]
ok = True
def fail(msg):
    global ok
    print("FAIL: " + msg); ok = False
sha = lambda data: hashlib.sha256(data).hexdigest()
with zipfile.ZipFile(wheel) as z:
    names = set(z.namelist())
    dist_info = next(n.split("/")[0] for n in names if n.split("/")[0].endswith(".dist-info"))
    tags = [l.split(":", 1)[1].strip() for l in z.read(f"{dist_info}/WHEEL").decode().splitlines()
            if l.startswith("Tag:")]
    if tags != [f"py3-none-{plat}"]:
        fail(f"{dist_info}/WHEEL has tags {tags}, expected ['py3-none-{plat}']")
    # Every module and data file of the source package (a subpackage missing from
    # pyproject.toml's packages would silently drop out of the wheel).
    src = os.path.join(root, "python", "swiftreg")
    want = {"swiftreg/_lib/libswiftreg.so", f"{dist_info}/licenses/LICENSE"}
    for folder, dirs, files in os.walk(src):
        dirs[:] = [d for d in dirs if d not in ("__pycache__", "_lib")]
        for f in files:
            if not f.endswith((".pyc", ".pyo")):
                want.add(os.path.relpath(os.path.join(folder, f), os.path.join(root, "python")).replace(os.sep, "/"))
    missing = sorted(want - names)
    if missing:
        fail("missing from the wheel: " + ", ".join(missing))
    else:
        print(f"ok: wheel carries swiftreg/_lib/libswiftreg.so, all {len(want) - 2} files of python/swiftreg "
              f"(py.typed and data/ included) and {dist_info}/licenses/LICENSE")
    if f"{dist_info}/licenses/LICENSE" in names:
        with open(os.path.join(root, "LICENSE"), "rb") as f:
            if z.read(f"{dist_info}/licenses/LICENSE") != f.read():
                fail("the wheel's LICENSE is not the repository's LICENSE")
    meta = z.read(f"{dist_info}/METADATA").decode().splitlines()
    absent = [line for line in ("License-Expression: MIT", "License-File: LICENSE") if line not in meta]
    if absent:
        fail(f"METADATA lacks {absent}")
    else:
        print("ok: METADATA: License-Expression: MIT, License-File: LICENSE")
    for member, built, what in (("swiftreg/_lib/libswiftreg.so", lib, "library"),
                                ("swiftreg/_lib/libswiftreg-x86-64-v3.so", lib_v3, "x86-64-v3 library")):
        if not built:
            continue
        with open(built, "rb") as f:
            digest = sha(f.read())
        if member not in names:
            fail(f"{member} missing from the wheel")
        elif sha(z.read(member)) != digest:
            fail(f"the wheel's {member} is not the {what} at {built}")
        else:
            print(f"ok: wheel's {member} is identical to the {what} it was built from")
sys.exit(0 if ok else 1)
PY

# 3. A fresh venv on the same interpreter, NumPy from its system site packages.
"$py" -c 'import sys; sys.exit(0 if sys.prefix != sys.base_prefix else 1)' || {
  echo "FAIL: $py is not a venv's python"; exit 1; }
base=$("$py" -c 'import sys, os; print(os.path.join(sys.base_prefix, "bin", "python3"))')
"$base" -m venv --system-site-packages "$tmp/venv"
vpy=$tmp/venv/bin/python
index=(--no-index)
"$vpy" -c 'import numpy' 2>/dev/null || index=()  # no NumPy to share: pip installs it
(cd /tmp && env -u PYTHONPATH "$vpy" -m pip install --disable-pip-version-check "${index[@]}" "$wheel") \
  >"$tmp/install.log" 2>&1 || { echo "FAIL: pip install into a fresh venv:"; sed 's/^/  | /' "$tmp/install.log"; exit 1; }
echo "ok: pip install ${index[*]:+${index[*]} }$name into a fresh venv"

(cd /tmp && env -u SWIFTREG_LIB -u SWIFTREG_PREBUILT_LIB -u SWIFTREG_CPU -u PYTHONPATH \
   "$vpy" - "$lib_v3" <<'PY') || fail=1
import os, sys, sysconfig
with_v3 = bool(sys.argv[1])
import numpy as np
import swiftreg
from swiftreg import _loader
from swiftreg.linear_model import Lasso
ok = True
site = os.path.realpath(sysconfig.get_paths()["platlib"])
mod = os.path.realpath(swiftreg.__file__)
libpath = os.path.realpath(swiftreg.library_path())
for what, path in (("swiftreg", mod), ("library", libpath)):
    if os.path.commonpath([site, path]) != site:
        print(f"FAIL: {what} loaded from {path}, not from the fresh venv's {site}"); ok = False
r = swiftreg.l1_prox(np.array([1.5, -0.25, 0.0, -3.0]), 0.5)
if r.dtype != np.float64 or r.tolist() != [1.0, 0.0, 0.0, -2.5]:
    print(f"FAIL: l1_prox gave {r!r}"); ok = False
want = "x86-64-v3" if with_v3 and _loader.cpu_supports_v3() else "baseline"
if swiftreg.library_variant() != want:
    print(f"FAIL: loaded the {swiftreg.library_variant()} build, expected {want}"); ok = False
# Exact data y = X w + b: a Lasso with a tiny alpha finds w and b.
X = np.random.default_rng(0).normal(size=(50, 3))
w, b = np.array([1.0, -2.0, 0.5]), 3.0
model = Lasso(alpha=1e-8, tol=1e-12).fit(X, X @ w + b)
if not (np.allclose(model.coef_, w, atol=1e-6) and abs(model.intercept_ - b) < 1e-6):
    print(f"FAIL: Lasso fit gave coef {model.coef_}, intercept {model.intercept_}"); ok = False
if ok:
    print(f"ok: import swiftreg {swiftreg.__version__} in the fresh venv (cwd /tmp, no SWIFTREG_LIB/PYTHONPATH): "
          f"library <site-packages>/{os.path.relpath(libpath, site)} ({swiftreg.library_variant()}); "
          f"l1_prox -> {r.tolist()}; Lasso coef {np.round(model.coef_, 6).tolist()}, "
          f"intercept {model.intercept_:.6f}")
sys.exit(0 if ok else 1)
PY
if (cd /tmp && env -u PYTHONPATH "$tmp/venv/bin/swiftreg" --help) >"$tmp/cli.log" 2>&1; then
  echo "ok: the installed swiftreg command runs (swiftreg --help)"
else
  echo "FAIL: swiftreg --help:"; sed 's/^/  | /' "$tmp/cli.log"; fail=1
fi
exit $fail
