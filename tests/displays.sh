# Several screens and screens that change (issue 9): --all-displays puts a
# window on every display, each at its own size and all at the same session
# time; a TV that goes off and comes back at another mode gets the right
# picture at the new size within 2 s; with --all-displays a display that goes
# away loses its window and one that appears gets one.
#
# The displays are stand-ins (WELLSPRING_TEST_DISPLAYS, a timed script of
# display lists; see src/video/displays.h): Xvfb has one screen and cannot change
# its mode. The windows are real X windows under Xvfb, and each output's
# picture is read back from its own window (WELLSPRING_TEST_SNAPSHOT).
source "$(dirname "$0")/lib.sh"

# The wall clock is frozen and --sync-clock makes the session time a function
# of it, so every window and every reference screenshot show one moment.
export WELLSPRING_TEST_WALL_TIME=1764100123.5
common="--mute --sync-clock --no-drift --verbose"

# Normalised RMSE between two PNGs of the same size.
rmse() { { /usr/bin/compare -metric RMSE "$1" "$2" null: 2>&1 || true; } | sed 's/.*(\(.*\))/\1/'; }
size_of() { "$IM" "$1" -format '%wx%h' info:; }

cat > "$SCRATCH/drive.sh" <<'DRIVE'
set -u
# 1: a landscape TV and a portrait screen side by side.
mkdir -p "$SCRATCH/two"
WELLSPRING_TEST_DISPLAYS="1280x720@Landscape,480x854@Portrait" \
WELLSPRING_TEST_SNAPSHOT="$SCRATCH/two@4" \
    "$WS" --all-displays --quality high $common 2> "$SCRATCH/two.txt"
echo "two exit $?" >> "$SCRATCH/result.txt"
# 2: the TV is switched off at 2 s and comes back at another mode at 4 s.
mkdir -p "$SCRATCH/mode"
WELLSPRING_TEST_DISPLAYS="0:640x360@TV;2:none;4:800x450@TV" \
WELLSPRING_TEST_SNAPSHOT="$SCRATCH/mode@6" \
    "$WS" --kiosk --quality low $common 2> "$SCRATCH/mode.txt"
echo "mode exit $?" >> "$SCRATCH/result.txt"
# 3: --all-displays while a display is unplugged and another plugged in.
mkdir -p "$SCRATCH/plug"
WELLSPRING_TEST_DISPLAYS="0:640x360@A,480x270@B;1.5:640x360@A;3:640x360@A,400x300@C" \
WELLSPRING_TEST_SNAPSHOT="$SCRATCH/plug@5.5" \
    "$WS" --all-displays --kiosk --quality low $common 2> "$SCRATCH/plug.txt"
echo "plug exit $?" >> "$SCRATCH/result.txt"
# 4: --all-displays, the only display goes and another one comes: the
# waiting window moves there (no second window on the same screen).
mkdir -p "$SCRATCH/swap"
WELLSPRING_TEST_DISPLAYS="0:640x360@A;1.5:none;3:500x300@B" \
WELLSPRING_TEST_SNAPSHOT="$SCRATCH/swap@5" \
    "$WS" --all-displays --kiosk --quality low $common 2> "$SCRATCH/swap.txt"
echo "swap exit $?" >> "$SCRATCH/result.txt"
DRIVE
export WS SCRATCH common
under_xvfb bash "$SCRATCH/drive.sh" || fail "driving the displays failed"
sed 's/^/     /' "$SCRATCH/result.txt"

# 1: two windows, their own sizes, the same moment, each the right picture.
grep -q 'two exit 0' "$SCRATCH/result.txt" || fail "--all-displays did not run: $(tail -3 "$SCRATCH/two.txt")"
[ "$(size_of "$SCRATCH/two/output-0.png")" = 1280x720 ] || fail "output 0 is $(size_of "$SCRATCH/two/output-0.png")"
[ "$(size_of "$SCRATCH/two/output-1.png")" = 480x854 ] || fail "output 1 is $(size_of "$SCRATCH/two/output-1.png")"
times=$(sed -n 's/.*snapshot of output [0-9] ([0-9x]*) at \([0-9.]*\) s.*/\1/p' "$SCRATCH/two.txt" | sort -u)
[ "$(echo "$times" | wc -l)" = 1 ] || fail "the outputs show different times: $times"
for i in 0 1; do
    sz=$(size_of "$SCRATCH/two/output-$i.png")
    shot_offscreen --screenshot "$times" "$SCRATCH/ref-$i.png" --size "$sz" --particles 40000 2> /dev/null ||
        fail "reference screenshot failed"
    d=$(rmse "$SCRATCH/two/output-$i.png" "$SCRATCH/ref-$i.png")
    check_num "$d < 0.005" || fail "output $i ($sz) differs from a $sz screenshot of t = $times (RMSE $d)"
    check_num "$(img_fx "$SCRATCH/two/output-$i.png" mean) > 0.03" || fail "output $i is blank"
    pass "output $i: $sz, t = $times s, RMSE $d against a screenshot of that size and time"
done

# 2: dark while the TV is off, the right picture at its new mode in time.
grep -q 'mode exit 0' "$SCRATCH/result.txt" || fail "the mode-change run failed: $(tail -3 "$SCRATCH/mode.txt")"
grep -q "display 'TV' is gone; waiting for it" "$SCRATCH/mode.txt" || fail "the TV going off was not noticed"
grep -q 'display event: display 0 disconnected' "$SCRATCH/mode.txt" &&
    grep -q 'display event: display 0 connected' "$SCRATCH/mode.txt" || fail "SDL's display events were not handled"
grep -q "'TV' 800x450" "$SCRATCH/mode.txt" || fail "the TV's new mode was not read"
grep -q 'render targets 800x450' "$SCRATCH/mode.txt" || fail "the render targets were not re-made at 800x450"
# The snapshot comes at most 2 s after the change (6 s after the first
# frame, the change at 4 s on the same clock: the test aids' clocks start at
# the first frame, so a slow start cannot eat the TV's off time).
[ "$(size_of "$SCRATCH/mode/output-0.png")" = 800x450 ] ||
    fail "2 s after the mode change the window is $(size_of "$SCRATCH/mode/output-0.png"), not 800x450"
t=$(sed -n 's/.*snapshot of output 0 ([0-9x]*) at \([0-9.]*\) s.*/\1/p' "$SCRATCH/mode.txt")
shot_offscreen --screenshot "$t" "$SCRATCH/ref-mode.png" --size 800x450 --particles 8000 2> /dev/null
# --quality low renders at half resolution: compare loosely.
d=$(rmse "$SCRATCH/mode/output-0.png" "$SCRATCH/ref-mode.png")
check_num "$d < 0.03" || fail "after the mode change the picture is wrong (RMSE $d against a screenshot)"
pass "TV off and back at 800x450: dark while off, then the picture at the new size (RMSE $d)"

# 3: outputs follow displays coming and going.
grep -q 'plug exit 0' "$SCRATCH/result.txt" || fail "the hotplug run failed: $(tail -3 "$SCRATCH/plug.txt")"
grep -q "output 1: display 'B' is gone; closing its window" "$SCRATCH/plug.txt" || fail "display B's window was not closed"
grep -q "output 1 on display 1 'C' (400x300" "$SCRATCH/plug.txt" || fail "no window was opened on display C"
[ "$(size_of "$SCRATCH/plug/output-1.png")" = 400x300 ] || fail "the new output is $(size_of "$SCRATCH/plug/output-1.png")"
check_num "$(img_fx "$SCRATCH/plug/output-1.png" mean) > 0.03" || fail "the new output is blank"
pass "display B unplugged (its window closed), display C plugged in (a 400x300 window)"

# 4: one window, moved to the new display.
grep -q 'swap exit 0' "$SCRATCH/result.txt" || fail "the display swap run failed: $(tail -3 "$SCRATCH/swap.txt")"
grep -q "output 0 moves to display 0 'B'" "$SCRATCH/swap.txt" || fail "the waiting window did not move to display B"
[ ! -e "$SCRATCH/swap/output-1.png" ] || fail "a second window was opened on display B"
[ "$(size_of "$SCRATCH/swap/output-0.png")" = 500x300 ] || fail "the window is $(size_of "$SCRATCH/swap/output-0.png") on B"
pass "the only display replaced by another: the window moves there at 500x300, no second window"

# --all-displays does not go with a window it does not own.
set +e
"$WS" --all-displays --root > /dev/null 2>&1; rc=$?
set -e
[ $rc = 2 ] || fail "--all-displays --root exited $rc, not 2"
pass "--all-displays with --root is a usage error"
