#!/usr/bin/env bash
# Builds a wheel of ./python around a prebuilt library, checks that it is a platform wheel
# carrying the library and py.typed, installs it into a temporary directory and imports it
# from there in a clean subprocess (no SWIFTREG_LIB, only that directory on PYTHONPATH).
# With a third argument, the x86-64-v3 build too: the wheel must carry it, and on a CPU that
# can run it the installed package must load it.
#   usage: tests/check_wheel.sh VENV_PYTHON path/to/libswiftreg.so [path/to/libswiftreg-x86-64-v3.so]
set -euo pipefail
py=${1:?usage: $0 VENV_PYTHON path/to/libswiftreg.so [v3 library]}
lib=${2:?usage: $0 VENV_PYTHON path/to/libswiftreg.so [v3 library]}
lib_v3=${3:-}
root=$(cd "$(dirname "$0")/.." && pwd)
# Absolute path to the venv's python (not resolving its symlink, which would leave the venv).
case $py in */*) py=$(cd "$(dirname "$py")" && pwd)/$(basename "$py") ;; *) py=$(command -v "$py") ;; esac
[ -f "$lib" ] || { echo "FAIL: no library at $lib"; exit 1; }
lib=$(cd "$(dirname "$lib")" && pwd)/$(basename "$lib")
if [ -n "$lib_v3" ]; then
  [ -f "$lib_v3" ] || { echo "FAIL: no library at $lib_v3"; exit 1; }
  lib_v3=$(cd "$(dirname "$lib_v3")" && pwd)/$(basename "$lib_v3")
fi
tmp=$(mktemp -d)
# setuptools builds in place: leave python/ as clean as it was.
had_build=0; [ -e "$root/python/build" ] && had_build=1
cleanup() {
  rm -rf "$tmp"
  [ $had_build -eq 1 ] || rm -rf "$root/python/build"
  rm -rf "$root"/python/*.egg-info
}
trap cleanup EXIT

(cd "$root" && SWIFTREG_PREBUILT_LIB="$lib" SWIFTREG_PREBUILT_LIB_V3="$lib_v3" "$py" -m pip wheel --quiet --disable-pip-version-check \
   --no-deps --no-build-isolation ./python -w "$tmp/dist") >"$tmp/pip.log" 2>&1 || {
  echo "FAIL: pip wheel:"; sed 's/^/  | /' "$tmp/pip.log"; exit 1; }
shopt -s nullglob
wheels=("$tmp"/dist/swiftreg-*.whl)
[ ${#wheels[@]} -eq 1 ] || { echo "FAIL: expected one wheel, found ${#wheels[@]}"; exit 1; }
wheel=${wheels[0]}
echo "ok: built $(basename "$wheel")"

fail=0
"$py" - "$wheel" "$lib" "$lib_v3" <<'PY' || fail=1
import hashlib, sys, zipfile
wheel, lib, lib_v3 = sys.argv[1], sys.argv[2], sys.argv[3]
name = wheel.rsplit("/", 1)[-1]
ok = True
tags = name[:-len(".whl")].split("-")[-3:]  # python tag, abi tag, platform tag
if tags[-2:] == ["none", "any"] or tags[-1] == "any":
    print(f"FAIL: {name} is a pure wheel (tags {'-'.join(tags)}), expected a platform wheel"); ok = False
else:
    print(f"ok: platform wheel, tags {'-'.join(tags)}")
with zipfile.ZipFile(wheel) as z:
    names = set(z.namelist())
    for member in ("swiftreg/_lib/libswiftreg.so", "swiftreg/py.typed", "swiftreg/__init__.py"):
        if member not in names:
            print(f"FAIL: {member} missing from the wheel"); ok = False
    if "swiftreg/_lib/libswiftreg.so" in names:
        shipped = hashlib.sha256(z.read("swiftreg/_lib/libswiftreg.so")).hexdigest()
        with open(lib, "rb") as f:
            built = hashlib.sha256(f.read()).hexdigest()
        if shipped != built:
            print("FAIL: the wheel's libswiftreg.so is not the prebuilt library"); ok = False
        else:
            print("ok: wheel contains swiftreg/_lib/libswiftreg.so (identical to the prebuilt library) and swiftreg/py.typed")
    if lib_v3:
        member = "swiftreg/_lib/libswiftreg-x86-64-v3.so"
        with open(lib_v3, "rb") as f:
            built = hashlib.sha256(f.read()).hexdigest()
        if member not in names:
            print(f"FAIL: {member} missing from the wheel"); ok = False
        elif hashlib.sha256(z.read(member)).hexdigest() != built:
            print(f"FAIL: the wheel's {member} is not the prebuilt x86-64-v3 library"); ok = False
        else:
            print(f"ok: wheel contains {member} (identical to the prebuilt x86-64-v3 library)")
sys.exit(0 if ok else 1)
PY

"$py" -m pip install --quiet --disable-pip-version-check --no-deps --target "$tmp/site" "$wheel" \
  >"$tmp/install.log" 2>&1 || { echo "FAIL: pip install --target:"; sed 's/^/  | /' "$tmp/install.log"; exit 1; }
echo "ok: pip install --no-deps --target <tmp>/site"

# Import from the installed copy only: no SWIFTREG_LIB, PYTHONPATH = <tmp>/site, cwd = /tmp
# (so neither the source tree nor its .build/release can be found). NumPy comes from the
# venv itself.
(cd /tmp && env -u SWIFTREG_LIB -u SWIFTREG_PREBUILT_LIB -u SWIFTREG_CPU PYTHONPATH="$tmp/site" \
   "$py" - "$tmp/site" "$lib_v3" <<'PY') || fail=1
import os, sys
site = os.path.realpath(sys.argv[1])
with_v3 = bool(sys.argv[2])
import numpy as np
import swiftreg
ok = True
mod = os.path.realpath(swiftreg.__file__)
libpath = os.path.realpath(swiftreg.library_path())
for what, path in (("swiftreg", mod), ("library", libpath)):
    if os.path.commonpath([site, path]) != site:
        print(f"FAIL: {what} loaded from {path}, not from the installed wheel in {site}"); ok = False
r = swiftreg.l1_prox(np.array([1.5, -0.25, 0.0, -3.0]), 0.5)
if r.dtype != np.float64 or r.tolist() != [1.0, 0.0, 0.0, -2.5]:
    print(f"FAIL: l1_prox gave {r!r}"); ok = False
from swiftreg import _loader
want = "x86-64-v3" if with_v3 and _loader.cpu_supports_v3() else "baseline"
if swiftreg.library_variant() != want:
    print(f"FAIL: loaded the {swiftreg.library_variant()} build, expected {want}"); ok = False
if ok:
    print(f"ok: import swiftreg {swiftreg.__version__} from the wheel (cwd /tmp, no SWIFTREG_LIB): "
          f"library_path() = <site>/{os.path.relpath(libpath, site)} ({swiftreg.library_variant()}); "
          f"l1_prox -> {r.tolist()}")
sys.exit(0 if ok else 1)
PY
exit $fail
