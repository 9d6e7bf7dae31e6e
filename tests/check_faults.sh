#!/usr/bin/env bash
# Builds tests/faults.c against swiftreg.h, tests/fault_injection.h and a library built with
# -Xswiftc -DSWIFTREG_FAULT_INJECTION, and runs it: every injected allocation failure of a
# fit, a path and a cross-validation must return SR_ERR_ALLOCATION with the caller's memory
# unchanged, and threaded calls must give the same bits when no thread can be created.
#   usage: tests/check_faults.sh .build-faults/release/libswiftreg.so
set -euo pipefail
lib=${1:?usage: $0 path/to/fault-injection/libswiftreg.so}
root=$(cd "$(dirname "$0")/.." && pwd)
CC=${CC:-cc}
[ -f "$lib" ] || { echo "FAIL: no library at $lib"; exit 1; }
lib=$(cd "$(dirname "$lib")" && pwd)/$(basename "$lib")
grep -q ' sr_testing_fail_allocation$' <<< "$(nm -D --defined-only "$lib")" \
  || { echo "FAIL: $lib has no sr_testing_fail_allocation (not a -DSWIFTREG_FAULT_INJECTION build)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
soname=$(readelf -d "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
mkdir "$tmp/lib"
ln -s "$lib" "$tmp/lib/${soname:-libswiftreg.so}"
[ "${soname:-libswiftreg.so}" = libswiftreg.so ] || ln -s "$soname" "$tmp/lib/libswiftreg.so"
"$CC" -std=c11 -O1 -Wall -Wextra -Werror -pthread -I"$root/Sources/CSwiftReg/include" -I"$root/tests" \
  "$root/tests/faults.c" -L"$tmp/lib" -lswiftreg -Wl,-rpath,"$tmp/lib" -lm -o "$tmp/faults"
env -u LD_LIBRARY_PATH "$tmp/faults"
echo "check_faults: OK"
