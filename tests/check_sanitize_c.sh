#!/usr/bin/env bash
# The C example (examples/c/sparse_training.c) under AddressSanitizer (+ LeakSanitizer and
# UBSan) against the ASan-instrumented library that fuzz/build.sh makes (-O), and under
# valgrind --leak-check=full against the release library. Fails on any invalid read/write,
# on UB, and on memory that is definitely or indirectly lost; "still reachable" blocks (the
# statically linked Swift runtime's caches, alive until exit) are reported, not failed.
#   usage: tests/check_sanitize_c.sh .build/release/libswiftreg.so
set -euo pipefail
lib=${1:?usage: $0 path/to/libswiftreg.so}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
lib=$(cd "$(dirname "$lib")" && pwd)/$(basename "$lib")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
include=Sources/CSwiftReg/include
example=examples/c/sparse_training.c

# 1. AddressSanitizer: the example and the library both instrumented (one ASan runtime).
SCRATCH=${SCRATCH:-.build-fuzz-release} FUZZ_CONFIG=release fuzz/build.sh >/dev/null 2>&1
asanlib=$root/${SCRATCH:-.build-fuzz-release}/release
CLANG=$(dirname "$(command -v swift)")/clang
"$CLANG" -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=undefined -fuse-ld=lld \
  -I"$include" "$example" -L"$asanlib" -lswiftreg -Wl,-rpath,"$asanlib" -o "$tmp/example_asan"
SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 \
  "$tmp/example_asan" >"$tmp/asan.out" 2>"$tmp/asan.err" || { cat "$tmp/asan.err"; echo "FAIL: C example under ASan"; exit 1; }
echo "sanitize-c: C example under AddressSanitizer+LeakSanitizer+UBSan: clean ($(wc -l <"$tmp/asan.out") lines of output)"

# 2. valgrind on the release library (statically linked Swift runtime).
soname=$(readelf -d "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
mkdir "$tmp/lib"
ln -s "$lib" "$tmp/lib/${soname:-libswiftreg.so}"
[ "${soname:-libswiftreg.so}" = libswiftreg.so ] || ln -s "$soname" "$tmp/lib/libswiftreg.so"
cc -g -O1 -I"$include" "$example" -L"$tmp/lib" -lswiftreg -Wl,-rpath,"$tmp/lib" -o "$tmp/example"
valgrind --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
  --error-exitcode=1 "$tmp/example" >"$tmp/vg.out" 2>"$tmp/vg.err" || { cat "$tmp/vg.err"; echo "FAIL: C example under valgrind"; exit 1; }
summary=$(grep -E "ERROR SUMMARY|definitely lost|indirectly lost|still reachable|in use at exit" "$tmp/vg.err" | sed 's/^==[0-9]*== *//')
echo "sanitize-c: C example under valgrind: clean"
echo "$summary" | sed 's/^/  /'
