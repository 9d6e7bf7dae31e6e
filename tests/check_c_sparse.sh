#!/usr/bin/env bash
# Builds tests/c_sparse_hostile.c and tests/c_overlap.c (see its header: overlapping outputs of
# every model function, byte range by byte range). c_sparse_hostile.c: hostile compressed-sparse-column problems through
# sr_fit_*/sr_path_*: bad indptr, indices, nnz, n_samples, index_type, struct size, NaN/Inf
# values, NULL arrays; unsorted rows accepted) warning-free against swiftreg.h and the given
# library, and runs it in a clean environment (no LD_LIBRARY_PATH). SR_TEST_VERBOSE=1 prints
# every error message it checked.
#   usage: tests/check_c_sparse.sh .build/release/libswiftreg.so
set -euo pipefail
lib=${1:?usage: $0 path/to/libswiftreg.so}
root=$(cd "$(dirname "$0")/.." && pwd)
CC=${CC:-cc}
[ -f "$lib" ] || { echo "FAIL: no library at $lib (run: swift build -c release)"; exit 1; }
lib=$(cd "$(dirname "$lib")" && pwd)/$(basename "$lib")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The SONAME (libswiftreg.so.0) and the link name, for the linker (-L) and the loader (rpath).
soname=$(readelf -d "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
mkdir "$tmp/lib"
ln -s "$lib" "$tmp/lib/${soname:-libswiftreg.so}"
[ "${soname:-libswiftreg.so}" = libswiftreg.so ] || ln -s "$soname" "$tmp/lib/libswiftreg.so"
"$CC" -std=c99 -O1 -Wall -Wextra -Werror -pedantic -I"$root/Sources/CSwiftReg/include" \
  "$root/tests/c_sparse_hostile.c" -L"$tmp/lib" -lswiftreg -Wl,-rpath,"$tmp/lib" -o "$tmp/c_sparse_hostile"
env -i PATH=/usr/bin:/bin ${SR_TEST_VERBOSE:+SR_TEST_VERBOSE=1} "$tmp/c_sparse_hostile"
# The overlap rule on byte ranges (tests/c_overlap.c), the length overflows and minimums.
"$CC" -std=c99 -O1 -Wall -Wextra -Werror -pedantic -I"$root/Sources/CSwiftReg/include" \
  "$root/tests/c_overlap.c" -L"$tmp/lib" -lswiftreg -Wl,-rpath,"$tmp/lib" -o "$tmp/c_overlap"
env -i PATH=/usr/bin:/bin "$tmp/c_overlap"
