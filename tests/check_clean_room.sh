#!/usr/bin/env bash
# The wheel alone on a clean Debian (`make check-clean-room`; not part of `make test`: it needs
# root, Debian's mirror and a few minutes). debootstrap makes a minimal chroot of this
# machine's Debian release with Debian's python3, python3-numpy and python3-venv and nothing
# else: no Swift toolchain, no compiler, no source tree. Into it go only the wheel and the
# README's "Quick start: Python" snippet (cut from README.md here, unchanged) with a small
# runner. There, `pip install --no-index` puts the wheel into a venv that sees Debian's NumPy
# (pip may fetch nothing), and the snippet runs as written, then once more statement by
# statement with each value printed and compared with the value its comment gives.
#   usage: tests/check_clean_room.sh WHEEL
#   CLEAN_ROOM_DIR    the chroot (default /tmp/swiftreg-clean-room; made afresh each run)
#   CLEAN_ROOM_SUITE  Debian release (default: this machine's, from /etc/os-release)
#   CLEAN_ROOM_MIRROR (default http://deb.debian.org/debian)
#   CLEAN_ROOM_CACHE  debootstrap's package cache, kept between runs
#                     (default /var/cache/swiftreg-clean-room)
#   CLEAN_ROOM_KEEP=1 leave the chroot in place afterwards
set -euo pipefail
wheel=${1:?usage: $0 WHEEL}
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${CLEAN_ROOM_DIR:-/tmp/swiftreg-clean-room}
mirror=${CLEAN_ROOM_MIRROR:-http://deb.debian.org/debian}
cache=${CLEAN_ROOM_CACHE:-/var/cache/swiftreg-clean-room}
log() { echo "clean-room: $*"; }
die() { echo "clean-room: FAIL: $*" >&2; exit 1; }

[ -f "$wheel" ] || die "no wheel at $wheel (make wheel)"
[ "$(id -u)" = 0 ] || die "needs root (debootstrap and chroot)"
# shellcheck disable=SC1091
. /etc/os-release
suite=${CLEAN_ROOM_SUITE:-${VERSION_CODENAME:-}}
[ -n "$suite" ] || die "no VERSION_CODENAME in /etc/os-release: set CLEAN_ROOM_SUITE"
if ! command -v debootstrap >/dev/null; then
  log "installing debootstrap (apt-get)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap >/dev/null || die "apt-get install debootstrap"
fi

tmp=$(mktemp -d)
cleanup() {
  for m in proc; do mountpoint -q "$dir/$m" 2>/dev/null && umount -l "$dir/$m"; done
  [ "${CLEAN_ROOM_KEEP:-0}" = 1 ] || { [ -d "$dir" ] && rm -rf --one-file-system "$dir"; }
  rm -rf "$tmp"
}
trap cleanup EXIT
mountpoint -q "$dir/proc" 2>/dev/null && umount -l "$dir/proc"
rm -rf --one-file-system "$dir"
mkdir -p "$dir" "$cache"

log "debootstrap --variant=minbase $suite ($mirror) into $dir, with python3 python3-numpy python3-venv"
start=$(date +%s)
debootstrap --variant=minbase --include=python3,python3-numpy,python3-venv --cache-dir="$cache" \
  "$suite" "$dir" "$mirror" >"$tmp/debootstrap.log" 2>&1 || {
  tail -n 30 "$tmp/debootstrap.log" | sed 's/^/  | /' >&2; die "debootstrap failed (log above)"; }
grep -h '^I: Base system installed' "$tmp/debootstrap.log" | sed 's/^/  debootstrap | /' || true
log "debootstrap done in $(( $(date +%s) - start )) s: $(chroot "$dir" dpkg-query -f '.\n' -W | wc -l) Debian packages"
mount -t proc proc "$dir/proc"  # /proc/cpuinfo: the loader picks the library variant from it

# A clean environment inside: nothing from this shell (PYTHONPATH, PIP_*, SWIFTREG_*).
in_root() { env -i PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin HOME=/root LANG=C.UTF-8 \
  chroot "$dir" "$@"; }

# Nothing of a Swift toolchain or of the source tree in there.
tools=$(in_root sh -c 'for c in swift swiftc clang cc gcc; do command -v $c; done' || true)
[ -z "$tools" ] || die "the chroot has $tools"
found=$(in_root find / -xdev \( -name Package.swift -o -name 'libswiftreg*' -o -name 'libswiftCore*' \
  -o -name swiftreg.h \) -print -quit)
[ -z "$found" ] || die "the chroot already has $found"
inside=$(in_root sh -c '. /etc/os-release; echo "$PRETTY_NAME"')
log "inside: $inside, $(in_root ldd --version | head -n 1 | sed 's/^ldd //'), $(in_root python3 --version), numpy $(in_root python3 -c 'import numpy; print(numpy.__version__)') (python3-numpy $(in_root dpkg-query -f '${Version}' -W python3-numpy)); no swift, swiftc, cc or gcc on PATH; no Package.swift, swiftreg.h or Swift runtime library anywhere"

# In go the wheel and the README's snippet (and the runner below), nothing else.
name=$(basename "$wheel")
mkdir -p "$dir/root/wheel"
cp "$wheel" "$dir/root/wheel/$name"
awk '/^## Quick start: Python/{f=1} f&&/^```python/{p=1;next} p&&/^```/{exit} p' "$root/README.md" >"$dir/root/quickstart.py"
[ -s "$dir/root/quickstart.py" ] || die "no \`\`\`python block under '## Quick start: Python' in README.md"
cat >"$dir/root/echo_quickstart.py" <<'PY'
"""Runs a snippet statement by statement, as the REPL would, printing each value; where a
line's comment is a value (a number or array(...); '...' ends a prefix), checks it."""
import ast, io, re, sys, tokenize
src = open(sys.argv[1]).read()
lines = src.splitlines()
comments = {t.start[0]: t.string[1:].strip() for t in tokenize.generate_tokens(io.StringIO(src).readline)
            if t.type == tokenize.COMMENT}
ns, bad, checked = {"__name__": "__main__"}, 0, 0
for node in ast.parse(src).body:
    text = "\n".join(lines[node.lineno - 1:node.end_lineno])
    print(">>> " + text.replace("\n", "\n... "))
    shown = []
    sys.displayhook = lambda v: None if v is None else (shown.append(v), print(repr(v)))
    exec(compile(ast.Interactive([node]), "<quickstart>", "single"), ns)
    want = comments.get(node.end_lineno, "")
    if shown and re.match(r"(-?\d|array\()", want):
        norm = lambda s: " ".join(s.split())
        got = [norm(repr(shown[-1])), norm(str(shown[-1]))]
        w = norm(want)
        ok = any(g.startswith(w[:-3]) for g in got) if w.endswith("...") else w in got
        checked += 1
        if not ok:
            bad += 1
            print(f"MISMATCH: the README says {want}, got {got[0]}")
import swiftreg
print(f"checked {checked} commented values, {bad} mismatches; swiftreg {swiftreg.__version__}, "
      f"library {swiftreg.library_path()} ({swiftreg.library_variant()})")
sys.exit(1 if bad else 0)
PY
log "copied in: /root/wheel/$name, /root/quickstart.py ($(wc -l <"$dir/root/quickstart.py") lines from README.md), /root/echo_quickstart.py"

in_root python3 -m venv --system-site-packages /opt/venv >"$tmp/venv.log" 2>&1 || {
  sed 's/^/  | /' "$tmp/venv.log" >&2; die "python3 -m venv"; }
in_root /opt/venv/bin/pip install --no-index --disable-pip-version-check "/root/wheel/$name" >"$tmp/pip.log" 2>&1 || {
  sed 's/^/  | /' "$tmp/pip.log" >&2; die "pip install"; }
sed 's/^/  pip | /' "$tmp/pip.log"
log "pip install --no-index $name: ok (numpy from Debian's python3-numpy; nothing fetched)"

out=$(in_root sh -c 'cd /root && /opt/venv/bin/python quickstart.py' 2>&1) || {
  echo "$out" | sed 's/^/  | /' >&2; die "the README's quick start failed"; }
[ -z "$out" ] || echo "$out" | sed 's/^/  quickstart.py | /'
log "python quickstart.py (the README's snippet as written): exit 0"
if ! in_root sh -c 'cd /root && /opt/venv/bin/python echo_quickstart.py quickstart.py' 2>&1 | sed 's/^/  | /'; then
  die "the quick start's values differ from the README's comments (or it failed)"
fi
last=$(in_root env SWIFTREG_CPU=baseline sh -c 'cd /root && /opt/venv/bin/python echo_quickstart.py quickstart.py' 2>&1) || {
  echo "$last" | sed 's/^/  | /' >&2; die "the quick start on the baseline build (SWIFTREG_CPU=baseline)"; }
log "again with SWIFTREG_CPU=baseline: $(echo "$last" | tail -n 1)"
log "PASS: $name installs and runs the README quick start in a clean $inside chroot without Swift"
