#!/usr/bin/env bash
# Usage: fuzz/run.sh SECONDS      fuzz for SECONDS (builds first), then print the statistics
#        fuzz/run.sh replay       run every committed input (fuzz/corpus, fuzz/regressions) once
#        fuzz/run.sh known        check that each input in fuzz/known/ still fails (strict xfail)
#        fuzz/run.sh long SECONDS  the long run: keeps fuzzing after a failure (see fuzz/LOG.md)
# FUZZ_CONFIG=debug builds the library in Swift's debug configuration (default: release, -O).
# SR_FUZZ_STRICT=1 (what `known` sets) makes the harness drive into every known bug instead of
# steering around it; SR_FUZZ_STRICT=K into BUG K of fuzz/known/README.md only (to look for more
# inputs of one bug: SR_FUZZ_STRICT=8 fuzz/run.sh 60).
# The growing corpus lives in $SCRATCH/corpus (seeded from fuzz/corpus), crash inputs go to
# $SCRATCH/artifacts/. Any invariant violation, sanitizer report, Swift trap or leak fails.
set -euo pipefail
cd "$(dirname "$0")/.."
SCRATCH=${SCRATCH:-.build-fuzz-${FUZZ_CONFIG:-release}}
export SCRATCH
fuzz/build.sh >/dev/null
BIN=$SCRATCH/fuzz_abi
# Swift's own crash handler fights with ASan's; libFuzzer reports crashes itself.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
if [[ ${1:-} == replay ]]; then
  shopt -s nullglob
  inputs=(fuzz/corpus/* fuzz/regressions/*)
  "$BIN" -runs=1 "${inputs[@]}" >"$SCRATCH/replay.log" 2>&1 || { tail -30 "$SCRATCH/replay.log"; exit 1; }
  echo "fuzz replay: ${#inputs[@]} committed inputs pass"
  exit 0
fi
if [[ ${1:-} == known ]]; then
  # Each known bug must still fail (like pytest's xfail(strict=True)).
  shopt -s nullglob
  for f in fuzz/known/*; do
    [[ $f == *.md ]] && continue
    if SR_FUZZ_STRICT=1 "$BIN" -runs=1 "$f" >"$SCRATCH/known.log" 2>&1; then
      echo "fuzz known: $f no longer fails: the bug is fixed, move it to fuzz/regressions/" >&2
      exit 1
    fi
    # it must fail the way a bug does (not, say, because the binary cannot load)
    if ! grep -q -E 'INVARIANT VIOLATED|ERROR: AddressSanitizer|runtime error:|ERROR: libFuzzer' "$SCRATCH/known.log"; then
      echo "fuzz known: $f failed without an invariant violation or sanitizer report:" >&2
      tail -5 "$SCRATCH/known.log" >&2
      exit 1
    fi
    echo "fuzz known: $f still fails (known bug, see fuzz/known/README.md)"
  done
  exit 0
fi
if [[ ${1:-} == long ]]; then
  # fuzz/run.sh long SECONDS: the long unseeded run, in ONE process at a time (nice -n 10), for
  # SECONDS in all. A failure does not end it: the input is kept in $SCRATCH/artifacts/ and
  # libFuzzer restarts on the grown corpus. Each segment's statistics go to $SCRATCH/long.log;
  # the totals (executions, seconds, corpus size) are printed at the end and after each segment.
  # FUZZ_LANE=b: a second long run beside the first (for a second core), with its own corpus,
  # artifacts and logs under $SCRATCH/lane-b; both use the same build.
  total=${2:?seconds}
  WORK=$SCRATCH${FUZZ_LANE:+/lane-$FUZZ_LANE}
  mkdir -p "$WORK/corpus" "$WORK/artifacts"
  # the committed inputs seed the corpus folder once (libFuzzer writes what it finds there)
  cp -n fuzz/corpus/* fuzz/regressions/* "$WORK/corpus/" 2>/dev/null || true
  start=$(date +%s) execs=0 segments=0 failures=0
  while :; do
    left=$((total - ($(date +%s) - start)))
    ((left > 5)) || break
    segments=$((segments + 1))
    seg=$WORK/long-$segments.log
    # -entropic=0 and -detect_leaks=0: libFuzzer's entropic scheduling and its per-input leak
    # check took most of the time of these short executions (perf); leaks are checked when the
    # grown corpus is replayed (fuzz/LOG.md), and by `replay` and the seeded run of `make test`.
    nice -n 10 "$BIN" -max_total_time="$left" -timeout=20 -rss_limit_mb=4096 -max_len=512 -print_final_stats=1 \
      -entropic=0 -detect_leaks=0 \
      -artifact_prefix="$WORK/artifacts/" "$WORK/corpus" >"$seg" 2>&1 && rc=0 || rc=$?
    n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$seg")
    [[ -z $n ]] && n=$(grep -oE '^#[0-9]+' "$seg" | tail -1 | tr -d '#')
    execs=$((execs + ${n:-0}))
    ((rc == 0 || rc == 72)) || failures=$((failures + 1)) # 72: interrupted (a signal), not a failure
    echo "segment $segments: exit $rc, ${n:-0} executions; total $execs executions in $(($(date +%s) - start)) s," \
      "$(ls "$WORK/corpus" | wc -l) corpus files, $failures failures" | tee -a "$WORK/long.log"
  done
  exit 0
fi
secs=${1:?seconds}
mkdir -p "$SCRATCH/corpus" "$SCRATCH/artifacts"
log=$SCRATCH/fuzz.log
rc=0
# FUZZ_RUNS (with FUZZ_SEED) bounds the run by executions instead of time: `make test` uses a
# fixed seed and count, so CI replays the same inputs every time and cannot fail at random.
# A seeded run must also start from the same inputs in the same order: libFuzzer reads corpus
# folders in readdir order, which differs between file systems (a CI run once failed on an
# input that a local run with the same seed never reached). So it starts from an empty corpus
# folder and gets the committed inputs as a sorted -seed_inputs list. Two more things made
# runs differ on one machine: coverage counters bumped by two library threads at once (racy
# counts), and address-space randomisation (addresses decide some harness paths). So the
# seeded run uses one library thread and, where setarch may, no randomisation: then two runs
# keep exactly the same inputs.
extra=()
prefix=()
corpora=("$SCRATCH/corpus" fuzz/corpus fuzz/regressions)
if [[ -n ${FUZZ_SEED:-} ]]; then
  export SR_FUZZ_THREADS=1
  setarch "$(uname -m)" -R true 2>/dev/null && prefix=(setarch "$(uname -m)" -R)
  # Two more: Swift's per-process hash seeds (SWIFT_DETERMINISTIC_HASHING), and comparison
  # operands that hold addresses (the overlap checks compare pointers), which libFuzzer's CMP
  # dictionary would splice into new inputs; addresses still move between runs (allocations of
  # libFuzzer's own threads), so the seeded run goes without that dictionary (-use_cmp=0). And
  # libFuzzer re-runs an input whose mallocs and frees differ to look for a leak, which one-time
  # allocations (a thread's first error message) make vary: -detect_leaks=0 here (the replay
  # above checks every committed input for leaks).
  export SWIFT_DETERMINISTIC_HASHING=1
  extra+=(-seed="$FUZZ_SEED" -use_cmp=0 -detect_leaks=0)
  rm -rf "$SCRATCH/seeded-corpus" && mkdir -p "$SCRATCH/seeded-corpus"
  corpora=("$SCRATCH/seeded-corpus")
  (shopt -s nullglob; printf '%s\n' fuzz/corpus/* fuzz/regressions/* | LC_ALL=C sort | paste -sd, -) \
    >"$SCRATCH/seed-inputs.txt"
  extra+=(-seed_inputs=@"$SCRATCH/seed-inputs.txt")
fi
[[ -n ${FUZZ_RUNS:-} ]] && extra+=(-runs="$FUZZ_RUNS")
"${prefix[@]}" "$BIN" -max_total_time="$secs" -timeout=20 -rss_limit_mb=4096 -max_len=512 "${extra[@]}" \
  -print_final_stats=1 -artifact_prefix="$SCRATCH/artifacts/" \
  "${corpora[@]}" >"$log" 2>&1 || rc=$?
grep -v -E '^#[0-9]+[[:space:]]+(NEW|REDUCE|pulse)' "$log" | tail -25 || true
if [[ $rc -ne 0 ]]; then
  echo "fuzz: FAILED (exit $rc); the input is in $SCRATCH/artifacts/, the log in $log" >&2
  exit "$rc"
fi
echo "fuzz: ${secs} s, $(sed -n 's/^stat::number_of_executed_units: *//p' "$log") executions, no failure"
