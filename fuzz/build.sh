#!/usr/bin/env bash
# Builds the fuzzing target:
#   $SCRATCH/$FUZZ_CONFIG/libswiftreg.so  the library, optimised (FUZZ_CONFIG=release, the default;
#                                  Swift's -O keeps the overflow and bounds traps) or debug
#                                  (FUZZ_CONFIG=debug), with AddressSanitizer and sanitizer
#                                  coverage for libFuzzer (edges, comparisons, 8-bit counters)
#   $SCRATCH/fuzz_abi              fuzz/fuzz_abi.c with -fsanitize=fuzzer,address,undefined (-O2)
# Uses the Swift toolchain's clang (same compiler-rt as swiftc's ASan), so both halves share
# one sanitizer runtime: the one linked into the executable.
set -euo pipefail
cd "$(dirname "$0")/.."
CONFIG=${FUZZ_CONFIG:-release}
SCRATCH=${SCRATCH:-.build-fuzz-$CONFIG}
CLANG=${FUZZ_CC:-$(dirname "$(command -v swift)")/clang}
swift build -c "$CONFIG" --scratch-path "$SCRATCH" --product swiftreg \
  -Xswiftc -sanitize=address \
  -Xswiftc -sanitize-coverage=edge,trace-cmp,inline-8bit-counters,pc-table >&2
LIBDIR=$(cd "$SCRATCH/$CONFIG" && pwd) # absolute for the rpath (SCRATCH may be relative or absolute)
ln -sfn libswiftreg.so "$LIBDIR/libswiftreg.so.0" # the SONAME (release links set it)
BIN=$SCRATCH/fuzz_abi
if [[ ! -x $BIN || fuzz/fuzz_abi.c -nt $BIN || Sources/CSwiftReg/include/swiftreg.h -nt $BIN || $LIBDIR/libswiftreg.so -nt $BIN ]]; then
  "$CLANG" -g -O2 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -fuse-ld=lld -Wall -Wextra -Wno-unused-parameter \
    -I Sources/CSwiftReg/include fuzz/fuzz_abi.c \
    -L"$LIBDIR" -lswiftreg -Wl,-rpath,"$LIBDIR" \
    -o "$BIN.tmp"
  mv "$BIN.tmp" "$BIN"
fi
echo "$BIN"
