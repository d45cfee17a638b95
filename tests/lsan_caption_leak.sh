# LeakSanitizer sees Wellspring's own leaks, even when the memory came from a
# system library: with the test aid WELLSPRING_TEST_LEAK_CAPTION=1 the
# caption renderer never frees one SDL_Surface that SDL_ttf made for it, and
# the sanitizer build must report that leak (the very object the caption code
# leaked) and exit non-zero; the same frame without the aid exits 0. tests/lsan.supp must
# therefore suppress only the library-internal functions that keep memory for
# the life of the process, never whole libraries.
#
# Only the sanitizer build (tools/check.sh's second pass, which sets
# WS_TEST_PRELOAD) can run it: elsewhere it skips with 77, a skip that
# tools/check.sh allows in the normal build only.
source "$(dirname "$0")/lib.sh"
if [ -z "${WS_TEST_PRELOAD:-}" ]; then
    echo "skip lsan_caption_leak: needs the sanitizer build (tools/check.sh runs it there)"
    exit 77
fi
# A frame inside the first cue (2.8 s to 5.8 s), so a caption is rendered.
shot() { shot_offscreen --screenshot 4.0 "$SCRATCH/$1.png" --size 320x180; }

set +e
shot clean > "$SCRATCH/clean.txt" 2>&1; rc=$?
set -e
[ "$rc" = 0 ] || fail "the frame without the aid exits $rc, not 0: $(grep -m3 -E 'ERROR|SUMMARY|#[0-9]' "$SCRATCH/clean.txt")"
! grep -q 'LeakSanitizer' "$SCRATCH/clean.txt" || fail "a leak without the aid: $(grep -m1 SUMMARY "$SCRATCH/clean.txt")"
pass "without the aid: exit 0, no leak report"

# The stack LeakSanitizer records ends inside SDL (built without frame
# pointers), so it cannot name the caption code; instead the aid logs the
# surface's address, and report_objects=1 lists each leaked object's address.
set +e
WELLSPRING_TEST_LEAK_CAPTION=1 LSAN_OPTIONS="${LSAN_OPTIONS:-}:report_objects=1" \
    shot leak > "$SCRATCH/leak.txt" 2>&1; rc=$?
set -e
addr=$(sed -n 's/.*test aid: caption surface \(0x[0-9a-f]*\) left unfreed.*/\1/p' "$SCRATCH/leak.txt")
[ -n "$addr" ] || fail "the caption renderer did not leak a surface (no test-aid line; exit $rc): $(tail -3 "$SCRATCH/leak.txt")"
[ "$rc" != 0 ] || fail "the leaked caption surface $addr went unreported: exit 0"
grep -q 'ERROR: LeakSanitizer: detected memory leaks' "$SCRATCH/leak.txt" ||
    fail "exit $rc, but no LeakSanitizer report: $(tail -3 "$SCRATCH/leak.txt")"
grep -q "^$addr (" "$SCRATCH/leak.txt" ||
    fail "LeakSanitizer reported leaks, but not the caption surface $addr: $(grep -m5 -E 'SUMMARY|^0x' "$SCRATCH/leak.txt")"
pass "the caption code's leaked surface $addr is reported (exit $rc): $(grep -m1 'SUMMARY: AddressSanitizer' "$SCRATCH/leak.txt")"
