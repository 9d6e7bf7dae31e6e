#!/usr/bin/env bash
# `make install PREFIX=<tmpdir>` installs the header, the library (with its SONAME links)
# and swiftreg.pc; a C program then builds with `cc ... $(pkg-config --cflags --libs swiftreg)`
# and runs in a clean environment.
#   usage: tests/check_install.sh   (from anywhere; uses the repository's Makefile)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
CC=${CC:-cc}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix

make -C "$root" --no-print-directory install PREFIX="$prefix" >"$tmp/install.log" 2>&1 || {
  echo "FAIL: make install PREFIX=$prefix:"; sed 's/^/  | /' "$tmp/install.log"; exit 1; }
echo "ok: make install PREFIX=$prefix"

fail=0
version=$(sed -n 's/^#define SR_VERSION_STRING "\(.*\)"/\1/p' "$root/Sources/CSwiftReg/include/swiftreg.h")
for f in include/swiftreg.h lib/pkgconfig/swiftreg.pc "lib/libswiftreg.so.$version"; do
  [ -f "$prefix/$f" ] || { echo "FAIL: $f not installed"; fail=1; }
done
cmp -s "$root/Sources/CSwiftReg/include/swiftreg.h" "$prefix/include/swiftreg.h" \
  || { echo "FAIL: installed swiftreg.h differs from the source header"; fail=1; }

# SONAME links: libswiftreg.so -> libswiftreg.so.0 -> libswiftreg.so.VERSION (a real file)
link0=$(readlink "$prefix/lib/libswiftreg.so" || true)
link1=$(readlink "$prefix/lib/libswiftreg.so.0" || true)
soname=$(readelf -d "$prefix/lib/libswiftreg.so.$version" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
if [ "$link0" = libswiftreg.so.0 ] && [ "$link1" = "libswiftreg.so.$version" ] \
   && [ ! -L "$prefix/lib/libswiftreg.so.$version" ] && [ "$soname" = libswiftreg.so.0 ]; then
  echo "ok: libswiftreg.so -> $link0 -> $link1 (SONAME $soname)"
else
  echo "FAIL: symlinks/SONAME wrong: libswiftreg.so -> '$link0', libswiftreg.so.0 -> '$link1', SONAME '$soname'"
  fail=1
fi

export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
pc_version=$(pkg-config --modversion swiftreg)
[ "$pc_version" = "$version" ] || { echo "FAIL: pkg-config --modversion gives '$pc_version', header says '$version'"; fail=1; }
flags=$(echo $(pkg-config --cflags --libs swiftreg))
echo "ok: pkg-config swiftreg $pc_version: $flags"
# shellcheck disable=SC2086  # the flags are meant to be split
"$CC" -std=c99 -Wall -Wextra -Werror -pedantic "$root/examples/c/sparse_training.c" $flags \
  -o "$tmp/sparse_training"
echo "ok: built examples/c/sparse_training.c with \$(pkg-config --cflags --libs swiftreg)"
unset PKG_CONFIG_PATH

rc=0
(cd "$tmp" && env -i PATH=/usr/bin:/bin ./sparse_training) >"$tmp/out.txt" 2>&1 || rc=$?
if [ $rc -ne 0 ]; then
  echo "FAIL: sparse_training exited with status $rc:"; sed 's/^/  | /' "$tmp/out.txt"; exit 1
fi
resolved=$(env -i PATH=/usr/bin:/bin ldd "$tmp/sparse_training" | awk '/libswiftreg/ {print $3}')
case $resolved in
  "$prefix"/lib/*) echo "ok: sparse_training ran in a clean environment, loading $resolved" ;;
  *) echo "FAIL: sparse_training loads libswiftreg from '$resolved', not from $prefix/lib"; fail=1 ;;
esac
if grep -qE '^proximal exact zeros: [1-9]' "$tmp/out.txt" \
   && grep -q '^subgradient exact zeros: 0 of' "$tmp/out.txt"; then
  echo "ok: output: $(grep -E '^(subgradient|proximal) exact zeros' "$tmp/out.txt" | sed 's/ *(.*//' | paste -sd';' | sed 's/;/; /')"
else
  echo "FAIL: unexpected output:"; sed 's/^/  | /' "$tmp/out.txt"; fail=1
fi
exit $fail
