#!/usr/bin/env bash
# Builds Wellspring twice and runs the whole test suite on each build:
#   build/       -Wall -Wextra -Werror, RelWithDebInfo
#   build-asan/  the same under AddressSanitizer + UBSan + LeakSanitizer
# Run tools/deps.sh --test first.
#
#   tools/check.sh                 both builds, the whole suite once each
#   tools/check.sh --under-load    the same while a busy loop per core keeps
#                                  every core busy, three rounds in a row
#                                  (--rounds N for another count); any failure
#                                  in any round fails
#   tools/check.sh -R REGEX        only the tests whose names match (ctest -R),
#                                  in both builds; e.g. a short check of the
#                                  load: tools/check.sh --under-load -R 'test_clock|test_utf8'
#
# Fails (exit 1, and the last line says why) on a failed build, a failed
# test, or a test that skipped where it was not expected to skip. A test
# skips by exiting 77 (SKIP_RETURN_CODE in CMakeLists.txt); ctest counts a
# skip as no failure, so this script reads each run's JUnit report
# (BUILD/check-junit.xml) and compares the skipped tests with the skips
# expected on this machine, which are:
#   - in the normal build: lsan_caption_leak (it needs LeakSanitizer);
#   - in the sanitizer build: fuzz_smoke (the fuzzers are sanitizer builds
#     already), flash_session (its whole-session check runs in the normal
#     build) and soak_realtime (ten real minutes of the default session: the
#     normal build plays it; the accelerated soak runs in both);
#   - in both: the names in $WS_ALLOWED_SKIPS (space-separated), for a machine
#     known to lack what a test needs; say why where you set it.
# Any other skip fails the check, with the skipped tests' names.
# The last line starts "check: PASSED" or "check: FAILED".
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)

UNDER_LOAD=0
ROUNDS=
REGEX=
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit "${1:-0}"; }
while [ $# -gt 0 ]; do
    case $1 in
        --under-load) UNDER_LOAD=1; shift ;;
        --rounds) ROUNDS=${2:?--rounds needs N}; shift 2 ;;
        -R) REGEX=${2:?-R needs a regular expression}; shift 2 ;;
        -h|--help) usage 0 ;;
        *) echo "check.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
    esac
done
[ -n "$ROUNDS" ] || { [ $UNDER_LOAD = 1 ] && ROUNDS=3 || ROUNDS=1; }
case $ROUNDS in ''|*[!0-9]*|0) echo "check.sh: --rounds needs a whole number above 0" >&2; exit 2 ;; esac

ALLOWED_SKIPS_build="lsan_caption_leak ${WS_ALLOWED_SKIPS:-}"
ALLOWED_SKIPS_build_asan="fuzz_smoke flash_session soak_realtime ${WS_ALLOWED_SKIPS:-}"

step="starting"
load_pids=()
stop_load() {
    local p
    for p in "${load_pids[@]}"; do kill "$p" 2> /dev/null || true; done
    for p in "${load_pids[@]}"; do wait "$p" 2> /dev/null || true; done
    [ ${#load_pids[@]} = 0 ] || echo "check: background load stopped (${#load_pids[@]} busy loops)"
    load_pids=()
}
on_exit() {
    local rc=$?
    stop_load
    [ $rc = 0 ] || echo "check: FAILED: $step (exit $rc)"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
start_load() {
    local i
    for i in $(seq 1 "$jobs"); do
        sh -c 'while :; do :; done' &
        load_pids+=($!)
    done
    echo "check: background load started: $jobs busy loops (pids ${load_pids[*]})"
}

step="building build/"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWS_WERROR=ON
cmake --build build -j"$jobs"
step="building build-asan/"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DWS_WERROR=ON -DWS_SANITIZE=ON
cmake --build build-asan -j"$jobs"
# dlclose is made a no-op (tests/support/nodlclose.c): the drivers Mesa and
# SDL load keep their process-lifetime state reachable and their symbols;
# tests/lsan.supp suppresses the few leaks left, by what makes them. The
# ASan runtime must come first in the preload list.
cc -shared -fPIC -O2 -o build-asan/nodlclose.so tests/support/nodlclose.c

# The names of the tests a JUnit report (from ctest --output-junit) says did
# not run: a <skipped> element in the test case (ctest 3.25 writes status
# "notrun" and <skipped message="SKIP_RETURN_CODE=77"/>; a disabled test too).
skipped_in() { # FILE
    awk '/<testcase / { name = $0; sub(/.*<testcase name="/, "", name); sub(/".*/, "", name)
                        if ($0 ~ /status="(notrun|skipped|disabled)"/) print name }
         /<skipped/ && name != "" { print name }' "$1" | sort -u
}

# Runs the suite (or -R's part of it) in one build; fails on a failed test
# and on a skip that is not allowed in that build.
run_suite() { # BUILD_DIR ROUND
    local dir=$1 round=$2 var allowed junit skipped unexpected="" t
    var=ALLOWED_SKIPS_${dir//-/_}
    allowed=${!var}
    junit=$PWD/$dir/check-junit.xml
    rm -f "$junit"
    local when="round $round of $ROUNDS"
    [ $UNDER_LOAD = 0 ] || when+=", under load"
    step="ctest in $dir/ ($when): a test failed"
    local args=(--test-dir "$dir" --output-on-failure -j"$jobs" --output-junit "$junit")
    [ -z "$REGEX" ] || args+=(-R "$REGEX")
    if [ "$dir" = build-asan ]; then
        WS_TEST_PRELOAD="$(cc -print-file-name=libasan.so):$PWD/build-asan/nodlclose.so" \
        ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
        LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0 \
        UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
            ctest "${args[@]}"
    else
        ctest "${args[@]}"
    fi
    step="ctest in $dir/: no JUnit report ($junit)"
    [ -s "$junit" ]
    skipped=$(skipped_in "$junit")
    for t in $skipped; do
        case " $allowed " in *" $t "*) echo "check: $dir/: $t skipped, as expected in this build" ;;
            *) unexpected+=" $t" ;; esac
    done
    if [ -n "$unexpected" ]; then
        step="ctest in $dir/ ($when): unexpected skip:$unexpected (allowed here: ${allowed:-none})"
        return 1
    fi
}

[ $UNDER_LOAD = 0 ] || start_load
for round in $(seq 1 "$ROUNDS"); do
    run_suite build "$round"
    run_suite build-asan "$round"
    [ "$ROUNDS" = 1 ] || echo "check: round $round of $ROUNDS passed in both builds"
done
stop_load
what="all tests passed"
[ -z "$REGEX" ] || what="the tests matching '$REGEX' passed"
load=""
[ $UNDER_LOAD = 0 ] || load=" under load ($jobs busy loops), $ROUNDS rounds in a row"
echo "check: PASSED: $what in both builds$load, no unexpected skip"
