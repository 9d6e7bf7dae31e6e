#!/usr/bin/env bash
# Builds examples/c/sparse_training.c with the system C compiler against swiftreg.h and the
# release library, runs it in a clean environment (no Swift toolchain on PATH, no
# LD_LIBRARY_PATH) and checks its output. Also compiles the header as C++ to prove its
# extern "C" guards work, and builds and runs examples/c/fit_lasso.c (row-major X) and
# examples/c/fit_sparse.c (CSC X against its dense copy) the same way.
#   usage: tests/check_c_example.sh .build/release/libswiftreg.so
set -euo pipefail
lib=${1:?usage: $0 path/to/libswiftreg.so}
root=$(cd "$(dirname "$0")/.." && pwd)
include=$root/Sources/CSwiftReg/include
example=$root/examples/c/sparse_training.c
CC=${CC:-cc}
CXX=${CXX:-g++}
[ -f "$lib" ] || { echo "FAIL: no library at $lib (run: swift build -c release)"; exit 1; }
lib=$(cd "$(dirname "$lib")" && pwd)/$(basename "$lib")

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The library's SONAME is libswiftreg.so.0 and the build tree holds only libswiftreg.so:
# stage a directory with both names for the linker (-L) and the loader (rpath).
soname=$(readelf -d "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
soname=${soname:-libswiftreg.so}
mkdir "$tmp/lib"
ln -s "$lib" "$tmp/lib/$soname"
[ "$soname" = libswiftreg.so ] || ln -s "$soname" "$tmp/lib/libswiftreg.so"

cflags=(-std=c99 -Wall -Wextra -Werror -pedantic -O2)
"$CC" "${cflags[@]}" -I"$include" "$example" -L"$tmp/lib" -lswiftreg -Wl,-rpath,"$tmp/lib" \
  -o "$tmp/sparse_training"
echo "ok: $CC ${cflags[*]} built examples/c/sparse_training.c against swiftreg.h and $(basename "$lib")"

rc=0
env -i PATH=/usr/bin:/bin "$tmp/sparse_training" >"$tmp/out.txt" 2>&1 || rc=$?
if [ $rc -ne 0 ]; then
  echo "FAIL: sparse_training exited with status $rc:"; sed 's/^/  | /' "$tmp/out.txt"; exit 1
fi
echo "ok: sparse_training ran in a clean environment (env -i PATH=/usr/bin:/bin) and exited 0"

fail=0
out=$(cat "$tmp/out.txt")
zeros_sub=$(sed -n 's/^subgradient exact zeros: \([0-9]*\) of.*/\1/p' <<<"$out")
zeros_prox=$(sed -n 's/^proximal exact zeros: \([0-9]*\) of.*/\1/p' <<<"$out")
if [ -z "$zeros_prox" ] || [ "$zeros_prox" -le 0 ]; then
  echo "FAIL: proximal exact zeros should be > 0, got '${zeros_prox}'"; fail=1
else
  echo "ok: proximal step: $zeros_prox exact zeros"
fi
if [ "$zeros_sub" != 0 ]; then
  echo "FAIL: subgradient exact zeros should be 0, got '${zeros_sub}'"; fail=1
else
  echo "ok: subgradient step: 0 exact zeros"
fi
if grep -q '^error demo: sr_proximal_step_f64(lr = -0.1) returned 3$' <<<"$out" \
   && grep -q '^  sr_status_string: SR_ERR_INVALID_ARGUMENT' <<<"$out" \
   && grep -qE '^  sr_last_error: +.*lr' <<<"$out"; then
  echo "ok: error demo: $(sed -n 's/^  sr_last_error: *//p' <<<"$out")"
else
  echo "FAIL: error demo lines missing or wrong"; fail=1
fi
if [ $fail -ne 0 ]; then echo "output was:"; sed 's/^/  | /' <<<"$out"; fi

# The header as C++: its declarations must parse, and must have C linkage (a C++ program
# that calls them links against the library only if the extern "C" guards work).
"$CXX" -fsyntax-only -x c++ -Wall -Wextra -Werror -pedantic "$include/swiftreg.h"
cat >"$tmp/cxx.cpp" <<'EOF'
#include "swiftreg.h"
#include <cstdio>
int main() {
    double v[2] = {1.5, -0.25}, out[2];
    sr_status st = sr_l1_prox_f64(v, 2, 0.5, 1.0, out);
    std::printf("%s %d %g %g\n", sr_version(), (int)st, out[0], out[1]);
    return st == SR_OK && out[0] == 1.0 && out[1] == 0.0 ? 0 : 1;
}
EOF
"$CXX" -std=c++11 -Wall -Wextra -Werror -pedantic -I"$include" "$tmp/cxx.cpp" \
  -L"$tmp/lib" -lswiftreg -Wl,-rpath,"$tmp/lib" -o "$tmp/cxx"
if env -i PATH=/usr/bin:/bin "$tmp/cxx" >/dev/null; then
  echo "ok: swiftreg.h compiles as C++ (g++ -fsyntax-only -x c++) and a C++ program links and calls it"
else
  echo "FAIL: the C++ program calling swiftreg returned a wrong result"; fail=1
fi

# The general model API on row-major data (examples/c/fit_lasso.c): builds warning-free,
# runs in a clean environment, prints a certified fit with an exact zero for feature 3.
"$CC" "${cflags[@]}" -I"$include" "$root/examples/c/fit_lasso.c" -L"$tmp/lib" -lswiftreg \
  -Wl,-rpath,"$tmp/lib" -o "$tmp/fit_lasso"
lasso=$(env -i PATH=/usr/bin:/bin "$tmp/fit_lasso")
echo "$lasso" | sed 's/^/  | /'
grep -q 'certified$' <<<"$lasso" || { echo "FAIL: fit_lasso did not print a certified fit"; exit 1; }
grep -qE '^coef = \[[0-9.]+, [0-9.]+, 0\.000000\]' <<<"$lasso" \
  || { echo "FAIL: fit_lasso: expected positive coef for features 1-2 and an exact zero for feature 3"; exit 1; }
echo "ok: examples/c/fit_lasso.c fits row-major data through sr_fit_f64"

# Sparse X (examples/c/fit_sparse.c): a CSC matrix built by hand, fitted and pathed through
# sr_fit_f64/sr_path_f64; the program itself checks that both equal the fits on the dense
# column-major copy to 1e-10 relative (exit 2 otherwise) and that every fit is certified.
"$CC" "${cflags[@]}" -I"$include" "$root/examples/c/fit_sparse.c" -L"$tmp/lib" -lswiftreg \
  -Wl,-rpath,"$tmp/lib" -o "$tmp/fit_sparse"
src=0
sparse=$(env -i PATH=/usr/bin:/bin "$tmp/fit_sparse" 2>&1) || src=$?
echo "$sparse" | sed 's/^/  | /'
[ $src -eq 0 ] || { echo "FAIL: fit_sparse exited with status $src"; exit 1; }
grep -q 'certified$' <<<"$sparse" || { echo "FAIL: fit_sparse did not print a certified fit"; exit 1; }
grep -q '^fit: sparse and dense agree' <<<"$sparse" && grep -q '^path: sparse and dense agree' <<<"$sparse" \
  || { echo "FAIL: fit_sparse: the CSC fit or path differs from the dense one"; exit 1; }
echo "ok: examples/c/fit_sparse.c: CSC fit and path through sr_fit_f64/sr_path_f64 equal the dense ones"

exit $fail
