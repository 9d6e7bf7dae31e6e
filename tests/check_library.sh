#!/usr/bin/env bash
# The release library exports exactly the C API declared in swiftreg.h, has a SONAME and
# needs no Swift runtime library.
set -euo pipefail
lib=$1 header=$2
fail=0
exported=$(nm -D --defined-only --extern-only "$lib" | awk '{print $3}' | sort)
declared=$(grep -oE '\bsr_[a-z0-9_]+\(' "$header" | tr -d '(' | sort -u)
if [ "$exported" != "$declared" ]; then
  echo "FAIL: exported symbols differ from the header's declarations:"
  diff <(echo "$declared") <(echo "$exported") | sed 's/^</  declared only:/; s/^>/  exported only:/' | grep only || true
  fail=1
else
  echo "ok: $(echo "$exported" | wc -l) exported symbols, all sr_*, all declared in swiftreg.h"
fi
if grep -q ' sr_testing_' <<< "$(nm -D --defined-only "$lib")"; then
  echo "FAIL: the library exports the test-only sr_testing_* functions (a -DSWIFTREG_FAULT_INJECTION build)"; fail=1
fi
if ldd "$lib" | grep -iE 'swift|dispatch|Foundation|BlocksRuntime'; then
  echo "FAIL: the library depends on a Swift runtime library"; fail=1
else
  echo "ok: ldd shows no Swift runtime: $(ldd "$lib" | awk '{print $1}' | tr '\n' ' ')"
fi
soname=$(readelf -d "$lib" | sed -n 's/.*SONAME.*\[\(.*\)\]/\1/p')
if [ -z "$soname" ]; then echo "FAIL: no SONAME"; fail=1; else echo "ok: SONAME $soname"; fi
exit $fail
