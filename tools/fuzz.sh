#!/usr/bin/env bash
# Builds and runs Wellspring's libFuzzer harnesses (fuzz/fuzz_*.c): the WebVTT,
# SRT, timeline, command-line and playlist parsers, each together with the
# code that consumes what it parses.
#
#   tools/fuzz.sh                     every target for 60 s
#   tools/fuzz.sh --seconds 600 vtt   one target for 10 minutes
#   tools/fuzz.sh --runs 10000000     every target for 10 million executions
#   tools/fuzz.sh --runs 10000000 --seconds 3600
#                                     ... or one hour each, whichever comes first
#   tools/fuzz.sh --replay            run each harness once over its seed
#                                     corpus and its regression inputs, no fuzzing
#                                     (a target with no regression input fails)
#   tools/fuzz.sh --build-only        build the harnesses and stop
#
# Options: --max-len N caps the input size (default 65536 for captions, 16384
# for timelines and playlists, 4096 for options; a lower cap runs faster on
# a big corpus);
# --out DIR puts the binaries, the scratch corpus and the artifacts
# in DIR instead of build-fuzz/ (the smoke test uses its own scratch dir);
# --jobs N runs N targets at a time (default 1; the fuzzers are
# single-threaded, so N = cores is the most that helps). Targets: vtt srt
# timeline options playlist (default: all).
#
# Inputs, per target X:
#   fuzz/corpus/X/                     the seed corpus (read only: never written)
#   tests/data/fuzz-regressions/X/     the kept corpus (read only): X's coverage-distinct
#                                      inputs (libFuzzer -merge=1 of the seeds and a bounded
#                                      fuzzing run into an empty folder), and every input
#                                      that once crashed or hung
#   fuzz/X.dict                        libFuzzer dictionary, when present
# Outputs, under OUT (default build-fuzz/):
#   OUT/fuzz_X                         the harness (clang, -fsanitize=fuzzer,address,undefined)
#   OUT/corpus-new/X/                  new corpus entries found by this run
#   OUT/artifacts/X-crash-..., -leak-..., -timeout-..., -oom-...   findings
#   OUT/logs/X.log                     libFuzzer's output
#
# Prints one summary line per target (executions, exec/s, coverage, corpus,
# new entries, findings) and exits non-zero when any target crashed, leaked,
# hung (-timeout=10 s per input) or ran out of memory (-rss_limit_mb=2048).
# A timeout is put down to a starved machine (and not counted) only when the
# input, replayed alone, finishes in under 1 s: a tenth of the limit.
# A finding is fixed in the parser and its input copied to
# tests/data/fuzz-regressions/X/ so --replay (run by tests/fuzz_smoke.sh)
# keeps it fixed. To renew X's kept corpus (keep it to a few hundred KB in
# all): fuzz X for a while, then merge by coverage edges into an empty folder
# and replace tests/data/fuzz-regressions/X/ with it, keeping the findings:
#   tools/fuzz.sh --seconds 300 X
#   build-fuzz/fuzz_X -merge=1 -use_counters=0 -max_len=N NEW_EMPTY_DIR \
#       fuzz/corpus/X tests/data/fuzz-regressions/X build-fuzz/corpus-new/X
#
# Needs clang and its fuzzer runtime: Debian's clang and libclang-rt-14-dev
# (tools/deps.sh --test installs them).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/build-fuzz
MODE=fuzz
SECONDS_EACH=
RUNS_EACH=
JOBS=1
MAX_LEN=
BUILD_ONLY=0
TARGETS=()

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit "${1:-0}"; }

while [ $# -gt 0 ]; do
    case $1 in
        --seconds) SECONDS_EACH=${2:?--seconds needs N}; shift 2 ;;
        --runs) RUNS_EACH=${2:?--runs needs N}; shift 2 ;;
        --replay) MODE=replay; shift ;;
        --build-only) BUILD_ONLY=1; shift ;;
        --out) OUT=${2:?--out needs DIR}; shift 2 ;;
        --max-len) MAX_LEN=${2:?--max-len needs N}; shift 2 ;;
        --jobs) JOBS=${2:?--jobs needs N}; shift 2 ;;
        -h|--help) usage 0 ;;
        vtt|srt|timeline|options|playlist) TARGETS+=("$1"); shift ;;
        *) echo "fuzz.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
    esac
done
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(vtt srt timeline options playlist)
[ -n "$SECONDS_EACH$RUNS_EACH" ] || SECONDS_EACH=60
for n in $SECONDS_EACH $RUNS_EACH $MAX_LEN; do
    case $n in *[!0-9]*) echo "fuzz.sh: '$n' is not a whole number" >&2; exit 2 ;; esac
done
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

# The pure modules (CMakeLists.txt says which they are, and writes the list
# to pure-sources.txt when it configures) are compiled once, instrumented,
# into an archive; each harness links only the objects it needs from it, so
# a harness follows its parser's dependencies without a list to keep here.
pure_sources() {
    cmake -S "$ROOT" -B "$OUT/cmake" > "$OUT/cmake.log" 2>&1 ||
        { echo "fuzz.sh: cmake could not configure (see $OUT/cmake.log)" >&2; exit 3; }
    sed 's|^|src/|' "$OUT/cmake/pure-sources.txt"
}
max_len_of() {
    [ -n "$MAX_LEN" ] && { echo "$MAX_LEN"; return; }
    case $1 in
        vtt|srt) echo 65536 ;;
        timeline|playlist) echo 16384 ;;
        options) echo 4096 ;;
    esac
}

CC=${CC:-clang}
command -v "$CC" > /dev/null || {
    echo "fuzz.sh: $CC not found; install clang and libclang-rt-14-dev (tools/deps.sh --test)" >&2
    exit 3
}
# libFuzzer's runtime ships separately from the compiler on Debian.
probe=$OUT/.probe
printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' > "$probe.c"
if ! "$CC" -fsanitize=fuzzer "$probe.c" -o "$probe" 2> "$probe.err"; then
    echo "fuzz.sh: $CC cannot link -fsanitize=fuzzer (libFuzzer's runtime is missing):" >&2
    sed -n 1,3p "$probe.err" >&2
    echo "fuzz.sh: install libclang-rt-14-dev (tools/deps.sh --test)" >&2
    exit 3
fi
rm -f "$probe" "$probe.c" "$probe.err"

CFLAGS=(-std=c11 -D_POSIX_C_SOURCE=200809L -g -O1 -fno-omit-frame-pointer
        -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
        -Wall -Wextra -Wshadow -Wno-unused-parameter -I"$ROOT/src")
CFLAGS+=($(pkg-config --cflags cglm 2> /dev/null || true))

# Rebuilds the archive when a pure source or header is newer than it. A file
# that does not compile (someone's work in progress) is left out with a
# warning: only a harness that needs it then fails to link.
build_core() {
    local lib=$OUT/libwscore-fuzz.a stale=0 s
    if [ -f "$lib" ]; then
        for s in $PURE src/*/*.h; do
            [ "$ROOT/$s" -nt "$lib" ] && stale=1
        done
        [ $stale = 0 ] && return 0
    fi
    echo "fuzz.sh: building the pure modules"
    rm -rf "$OUT/obj" "$lib"
    mkdir -p "$OUT/obj"
    local objs=()
    for s in $PURE; do
        local o=$OUT/obj/$(basename "$s" .c).o
        if (cd "$ROOT" && "$CC" "${CFLAGS[@]}" -c "$s" -o "$o"); then
            objs+=("$o")
        else
            echo "fuzz.sh: warning: $s does not compile; left out" >&2
        fi
    done
    ar rcs "$lib" "${objs[@]}"
}

build() { # TARGET
    local t=$1 bin=$OUT/fuzz_$1 s
    if [ -x "$bin" ] && [ "$bin" -nt "$OUT/libwscore-fuzz.a" ]; then
        local stale=0
        for s in "fuzz/fuzz_$t.c" fuzz/*.h; do
            [ "$ROOT/$s" -nt "$bin" ] && stale=1
        done
        [ $stale = 0 ] && return 0
    fi
    echo "fuzz.sh: building fuzz_$t"
    (cd "$ROOT" && "$CC" "${CFLAGS[@]}" "fuzz/fuzz_$t.c" "$OUT/libwscore-fuzz.a" -lm -o "$bin.tmp") &&
        mv "$bin.tmp" "$bin"
}

PURE=$(pure_sources)
build_core
for t in "${TARGETS[@]}"; do build "$t"; done
[ $BUILD_ONLY = 1 ] && exit 0

mkdir -p "$OUT/artifacts" "$OUT/logs"

# Runs one target and writes its summary line to OUT/logs/T.summary.
# Returns libFuzzer's status (0: no finding).
run_target() { # TARGET
    local t=$1 bin=$OUT/fuzz_$1 log=$OUT/logs/$1.log
    local seeds=$ROOT/fuzz/corpus/$t regress=$ROOT/tests/data/fuzz-regressions/$t
    local args=(-max_len="$(max_len_of "$t")" -rss_limit_mb=2048 -timeout=10
                -artifact_prefix="$OUT/artifacts/$t-" -print_final_stats=1)
    [ -f "$ROOT/fuzz/$t.dict" ] && args+=(-dict="$ROOT/fuzz/$t.dict")
    local dirs=()
    [ -d "$seeds" ] && dirs+=("$seeds")
    [ -d "$regress" ] && dirs+=("$regress")
    if [ "$MODE" = replay ]; then
        # Every file once, each as its own test: no mutation, no corpus written.
        local files=()
        local d f
        for d in "${dirs[@]}"; do
            for f in "$d"/*; do [ -f "$f" ] && files+=("$f"); done
        done
        local rc=0 kept=0
        [ -d "$regress" ] && kept=$(find "$regress" -maxdepth 1 -type f | wc -l)
        if [ ${#files[@]} -gt 0 ]; then
            "$bin" "${args[@]}" "${files[@]}" > "$log" 2>&1 || rc=$?
        fi
        local verdict=ok
        if [ $rc != 0 ]; then
            verdict="FAILED (status $rc, see $log)"
        elif [ "$kept" = 0 ]; then
            # Replaying nothing proves nothing: the kept corpus must be there.
            verdict="FAILED (no regression inputs in $regress)"
            rc=1
        fi
        printf '%-9s replayed %d inputs (%d kept regression inputs): %s\n' "$t" "${#files[@]}" "$kept" "$verdict" > "$OUT/logs/$t.summary"
        return $rc
    fi
    local scratch=$OUT/corpus-new/$t
    mkdir -p "$scratch"
    [ -n "$RUNS_EACH" ] && args+=(-runs="$RUNS_EACH")
    [ -n "$SECONDS_EACH" ] && args+=(-max_total_time="$SECONDS_EACH")
    local rc=0
    # New entries go to the first directory only: the scratch one.
    "$bin" "${args[@]}" "$scratch" "${dirs[@]}" > "$log" 2>&1 || rc=$?
    local execs eps newu cov ft corp rss findings
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    newu=$(sed -n 's/^stat::new_units_added: *//p' "$log" | tail -1)
    rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -1)
    local last
    last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1 || true)
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<< "$last")
    ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<< "$last")
    corp=$(sed -n 's/.* corp: \([0-9]*\/[0-9A-Za-z]*\).*/\1/p' <<< "$last")
    findings=$(find "$OUT/artifacts" -maxdepth 1 -name "$t-*" -newer "$log.start" 2> /dev/null | wc -l)
    local verdict=ok
    # A "timeout" on a shared, overloaded machine may be starvation, not a
    # hang: replay the unit alone once; only if it then finishes in under 1 s
    # (a tenth of the limit) is it reported and not counted as a finding. A
    # replay that needs a second or more is a slow input: a finding.
    local recheck=""
    if [ $rc != 0 ] && grep -q 'ERROR: libFuzzer: timeout' "$log"; then
        local unit ms="" again=0
        unit=$(sed -n "s/.*Test unit written to \(.*\)$/\1/p" "$log" | tail -1)
        if [ -n "$unit" ]; then
            "$bin" -timeout=10 -runs=1 "$unit" > "$log.recheck" 2>&1 || again=$?
            [ $again != 0 ] || ms=$(sed -n 's/^Executed .* in \([0-9]*\) ms$/\1/p' "$log.recheck" | tail -1)
        fi
        if [ -n "$ms" ] && [ "$ms" -lt 1000 ]; then
            mv "$unit" "$unit.spurious"
            findings=$((findings - 1))
            verdict="ok (stopped early: one input hit the 10 s timeout but replays in $ms ms, so the machine was starved; $unit.spurious)"
            rc=0
        elif [ $again != 0 ]; then
            recheck="; replayed alone, it fails again (status $again, $log.recheck)"
        elif [ -n "$unit" ]; then
            recheck="; replayed alone in ${ms:-?} ms, not under 1000: a slow input"
        fi
    fi
    if [ $rc != 0 ]; then
        local kind
        kind=$(grep -m1 -oE 'ERROR: (AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|libFuzzer): [a-z-]+|runtime error|fuzz: broken promise|deadly signal' "$log" || true)
        verdict="FINDING (status $rc: ${kind:-see log}$recheck; $log)"
    fi
    printf '%-9s execs %s, %s exec/s, cov %s ft %s, corpus %s, new %s, peak rss %s MB, artifacts %s: %s\n' \
        "$t" "${execs:-?}" "${eps:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "${newu:-?}" \
        "${rss:-?}" "$findings" "$verdict" > "$OUT/logs/$t.summary"
    return $rc
}

status=0
pids=()
names=()
wait_one() { # waits for the oldest running target
    local rc=0
    wait "${pids[0]}" || rc=$?
    cat "$OUT/logs/${names[0]}.summary" 2> /dev/null || echo "${names[0]}: no summary (status $rc)"
    [ $rc = 0 ] || status=1
    pids=("${pids[@]:1}")
    names=("${names[@]:1}")
}
for t in "${TARGETS[@]}"; do
    touch "$OUT/logs/$t.log.start"
    rm -f "$OUT/logs/$t.summary"
    run_target "$t" &
    pids+=($!)
    names+=("$t")
    [ ${#pids[@]} -ge "$JOBS" ] && wait_one
done
while [ ${#pids[@]} -gt 0 ]; do wait_one; done
exit $status
