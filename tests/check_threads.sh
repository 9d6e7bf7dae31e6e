#!/usr/bin/env bash
# Builds tests/threads.c against swiftreg.h and the given library and runs it: every
# function family from 8 pthreads at once must match the serial results bit for bit, and
# sr_last_error must be per thread. With SANITIZE=thread the test itself is built with
# ThreadSanitizer (the library's own code is then not instrumented; `make sanitize` runs the
# Swift tests under TSan).
#   usage: tests/check_threads.sh .build/release/libswiftreg.so
set -euo pipefail
lib=${1:?usage: $0 path/to/libswiftreg.so}
root=$(cd "$(dirname "$0")/.." && pwd)
CC=${CC:-cc}
[ -f "$lib" ] || { echo "FAIL: no library at $lib"; exit 1; }
lib=$(cd "$(dirname "$lib")" && pwd)/$(basename "$lib")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
soname=$(readelf -d "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
mkdir "$tmp/lib"
ln -s "$lib" "$tmp/lib/${soname:-libswiftreg.so}"
[ "${soname:-libswiftreg.so}" = libswiftreg.so ] || ln -s "$soname" "$tmp/lib/libswiftreg.so"
extra=()
[ -n "${SANITIZE:-}" ] && extra=(-fsanitize="$SANITIZE" -g)
"$CC" -std=c11 -O1 -Wall -Wextra -Werror -pthread "${extra[@]}" -I"$root/Sources/CSwiftReg/include" \
  "$root/tests/threads.c" -L"$tmp/lib" -lswiftreg -Wl,-rpath,"$tmp/lib" -o "$tmp/threads"
env -u LD_LIBRARY_PATH "$tmp/threads"
echo "check_threads: OK"
