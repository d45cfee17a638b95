# Fuzz smoke test: builds the libFuzzer harnesses (tools/fuzz.sh), replays
# every seed and every kept regression input (tests/data/fuzz-regressions/),
# then fuzzes each target for a bounded time. Any crash, leak, hang or
# out-of-memory fails the test, with the artifact's path in the output.
#
# Skipped (exit 77, which ctest reports as a skip) in the sanitizer ctest pass
# (WS_TEST_PRELOAD set): the harnesses are AddressSanitizer + UBSan +
# LeakSanitizer builds already. tools/check.sh allows that skip there only.
if [ -n "${WS_TEST_PRELOAD:-}" ]; then
    echo "skip fuzz_smoke: the sanitizer pass has nothing to add to sanitizer-built fuzzers"
    exit 77
fi
source "$(dirname "$0")/lib.sh"

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SECONDS_EACH=${WS_FUZZ_SECONDS:-20}

rc=0
"$ROOT/tools/fuzz.sh" --out "$SCRATCH/fuzz" --build-only > "$SCRATCH/build.log" 2>&1 || rc=$?
if [ $rc = 3 ]; then
    cat "$SCRATCH/build.log" >&2
    fail "clang's libFuzzer runtime is missing: install clang and libclang-rt-14-dev (tools/deps.sh --test)"
fi
[ $rc = 0 ] || { cat "$SCRATCH/build.log" >&2; fail "tools/fuzz.sh could not build the harnesses"; }
pass "built the fuzz harnesses"

"$ROOT/tools/fuzz.sh" --out "$SCRATCH/fuzz" --replay ||
    fail "a seed or a regression input crashes again (logs in $SCRATCH/fuzz/logs)"
pass "every seed and regression input replays clean"

"$ROOT/tools/fuzz.sh" --out "$SCRATCH/fuzz" --seconds "$SECONDS_EACH" ||
    fail "fuzzing found a crash, leak or hang (artifacts in $SCRATCH/fuzz/artifacts)"
pass "each target fuzzed for $SECONDS_EACH s without a finding"
