#!/usr/bin/env bash
# Builds tests/c_interrupt.c (sr_fit_options.interrupt, set from a SIGALRM handler, stops
# sr_fit_*, sr_path_* and sr_cv_path_* with SR_ERR_INTERRUPTED, nothing written; the old
# options struct is accepted) warning-free against swiftreg.h and the given library, and runs
# it in a clean environment (no LD_LIBRARY_PATH). It prints each call's latency.
#   usage: tests/check_c_interrupt.sh .build/release/libswiftreg.so
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
  "$root/tests/c_interrupt.c" -L"$tmp/lib" -lswiftreg -Wl,-rpath,"$tmp/lib" -o "$tmp/c_interrupt"
env -i PATH=/usr/bin:/bin "$tmp/c_interrupt"
