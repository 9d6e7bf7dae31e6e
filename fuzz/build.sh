#!/usr/bin/env bash
# Builds the fuzzing target:
#   $SCRATCH/debug/libswiftreg.so  the library, debug configuration (Swift's overflow and
#                                  bounds traps kept), AddressSanitizer, sanitizer coverage
#                                  for libFuzzer (edges, comparisons, 8-bit counters)
#   $SCRATCH/fuzz_abi              fuzz/fuzz_abi.c with -fsanitize=fuzzer,address,undefined
# Uses the Swift toolchain's clang (same compiler-rt as swiftc's ASan), so both halves share
# one sanitizer runtime: the one linked into the executable.
set -euo pipefail
cd "$(dirname "$0")/.."
SCRATCH=${SCRATCH:-.build-fuzz}
CLANG=${FUZZ_CC:-$(dirname "$(command -v swift)")/clang}
swift build -c debug --scratch-path "$SCRATCH" --product swiftreg \
  -Xswiftc -sanitize=address \
  -Xswiftc -sanitize-coverage=edge,trace-cmp,inline-8bit-counters,pc-table >&2
LIBDIR=$(cd "$SCRATCH/debug" && pwd) # absolute for the rpath (SCRATCH may be relative or absolute)
"$CLANG" -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -fuse-ld=lld -Wall -Wextra -Wno-unused-parameter \
  -I Sources/CSwiftReg/include fuzz/fuzz_abi.c \
  -L"$LIBDIR" -lswiftreg -Wl,-rpath,"$LIBDIR" \
  -o "$SCRATCH/fuzz_abi"
echo "$SCRATCH/fuzz_abi"
