# Screensaver modes under Xvfb, with a real X window made by the test (as
# xscreensaver or xsecurelock would): the scene is drawn into it by id (and
# through $XSCREENSAVER_WINDOW), it follows the window's resize, -root draws
# on the root window, SIGTERM ends it at once; --screensaver opens its own
# window and ends on a key or real mouse travel but not on the first motion.
source "$(dirname "$0")/lib.sh"
XHOST="$(dirname "$(readlink -f "$1")")/ws_xhost"
[ -x "$XHOST" ] || fail "no $XHOST (built with the tests)"
require_tools xdotool

cat > "$SCRATCH/drive.sh" <<'DRIVE'
set -u
source "$WAIT_LIB"
# Waits for a run's first frame, then a second for the picture to settle.
first_frame() { wait_for_log "$1" 'first frame up' && sleep 1; }
scene_in() { # XWD-FILE: mean brightness of the figure's area (the middle of the window)
    /usr/bin/convert "$1" -gravity center -crop 30%x40%+0+0 +repage -format '%[fx:mean]' info:
}
"$XHOST" 400 300 > "$SCRATCH/xid.txt" & host=$!
wait_for_log "$SCRATCH/xid.txt" . ; xid=$(cat "$SCRATCH/xid.txt")
# SDL's disk audio driver writes whatever a program plays to a file: a muted
# screensaver leaves it unmade, or silent, even where sound works.
# This run's SIGTERM is timed: LeakSanitizer's scan at exit (sanitizer
# build only, ~200 ms, more on a loaded machine) is off for it.
ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE="$SCRATCH/id-audio.raw" \
    "$WS" --window-id "$xid" --verbose 2> "$SCRATCH/id.txt" & pid=$!
first_frame "$SCRATCH/id.txt"
xwd -silent -id "$xid" > "$SCRATCH/id1.xwd"
xdotool windowsize "$xid" 640 360
wait_for_log "$SCRATCH/id.txt" 'render targets 640x360'; sleep 1
xwd -silent -id "$xid" > "$SCRATCH/id2.xwd"
stamp_ms t0; kill -TERM "$pid"; wait "$pid"; rc=$?; stamp_ms t1
echo "window-id exit $rc in $((t1 - t0)) ms" > "$SCRATCH/result.txt"
XSCREENSAVER_WINDOW=$xid "$WS" --verbose 2> "$SCRATCH/env.txt" & pid=$!
first_frame "$SCRATCH/env.txt"; kill -TERM "$pid"; wait "$pid"; echo "env exit $?" >> "$SCRATCH/result.txt"
kill "$host"
SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE="$SCRATCH/root-audio.raw" \
    "$WS" -root --verbose 2> "$SCRATCH/root.txt" & pid=$!
first_frame "$SCRATCH/root.txt"; xwd -silent -root > "$SCRATCH/root.xwd"; kill -TERM "$pid"; wait "$pid"; echo "root exit $?" >> "$SCRATCH/result.txt"
# --screensaver: own window; a key ends it.
"$WS" --screensaver --verbose 2> "$SCRATCH/key.txt" & pid=$!
win=$(wait_for_window "$pid")
# Input in the saver's first second is ignored; on a loaded machine the first
# frame can come well after the window maps, so count from the first frame.
wait_for_log "$SCRATCH/key.txt" 'first frame up'
sleep 2; xdotool key --window "$win" a; wait_for_exit "$pid" 20
if kill -0 "$pid" 2>/dev/null; then echo "key did not end it" >> "$SCRATCH/result.txt"; kill "$pid"; fi
wait "$pid"; echo "key exit $?" >> "$SCRATCH/result.txt"
# --screensaver: 3 px of jitter is not waking; 40 px of travel is.
xdotool mousemove 100 100; sleep 0.3
"$WS" --screensaver --verbose 2> "$SCRATCH/mouse.txt" & pid=$!
win=$(wait_for_window "$pid")
wait_for_log "$SCRATCH/mouse.txt" 'first frame up'
sleep 2; xdotool mousemove 102 101; sleep 1.5
kill -0 "$pid" 2>/dev/null && echo "jitter ignored" >> "$SCRATCH/result.txt"
xdotool mousemove 140 100; sleep 0.3; xdotool mousemove 180 110; wait_for_exit "$pid" 20
if kill -0 "$pid" 2>/dev/null; then echo "travel did not end it" >> "$SCRATCH/result.txt"; kill "$pid"; fi
wait "$pid"; echo "mouse exit $?" >> "$SCRATCH/result.txt"
echo "id1 $(scene_in "$SCRATCH/id1.xwd") id2 $(scene_in "$SCRATCH/id2.xwd") root $(scene_in "$SCRATCH/root.xwd")" >> "$SCRATCH/result.txt"
# A host that gives two windows (one per screen): a picture in each.
"$XHOST" 320 240 > "$SCRATCH/xa.txt" & ha=$!
"$XHOST" 400 300 > "$SCRATCH/xb.txt" & hb=$!
wait_for_log "$SCRATCH/xa.txt" . ; wait_for_log "$SCRATCH/xb.txt" .
xa=$(cat "$SCRATCH/xa.txt"); xb=$(cat "$SCRATCH/xb.txt")
xdotool windowmove "$xb" 400 0
"$WS" --window-id "$xa,$xb" --verbose 2> "$SCRATCH/two.txt" & pid=$!
first_frame "$SCRATCH/two.txt"
xwd -silent -id "$xa" > "$SCRATCH/xa.xwd"; xwd -silent -id "$xb" > "$SCRATCH/xb.xwd"
kill -TERM "$pid"; wait "$pid"; echo "two exit $?" >> "$SCRATCH/result.txt"
kill "$ha" "$hb"
echo "xa $(scene_in "$SCRATCH/xa.xwd") xb $(scene_in "$SCRATCH/xb.xwd")" >> "$SCRATCH/result.txt"
# -root on a desktop of two monitors (stand-ins, as Xvfb has one): one
# picture per monitor, not one stretched across both; the same moment on
# both (frozen wall clock, --sync-clock).
# Then the right monitor is unplugged (8 s after the first frame): one whole
# picture on the one left.
WELLSPRING_TEST_WALL_TIME=1764100123.5 WELLSPRING_TEST_DISPLAYS="0:960x1080@L,960x1080+960+0@R;8:1920x1080@L" \
    "$WS" -root --sync-clock --no-drift --quality high --verbose 2> "$SCRATCH/split.txt" & pid=$!
first_frame "$SCRATCH/split.txt"; xwd -silent -root > "$SCRATCH/split.xwd"
wait_for_log "$SCRATCH/split.txt" 'monitors changed: 1 connected'
wait_for_log "$SCRATCH/split.txt" 'render targets 1920x1080'; sleep 1
xwd -silent -root > "$SCRATCH/merged.xwd"
kill -TERM "$pid"; wait "$pid"; echo "split exit $?" >> "$SCRATCH/result.txt"
DRIVE
export WS SCRATCH XHOST
under_xvfb bash "$SCRATCH/drive.sh" || fail "driving the screensaver failed"
cat "$SCRATCH/result.txt" | sed 's/^/     /'
grep -q 'window-id exit 0' "$SCRATCH/result.txt" || fail "--window-id did not exit 0 on SIGTERM"
ms=$(awk '/window-id exit/ { print $5 }' "$SCRATCH/result.txt")
[ "$ms" -lt 1000 ] || fail "SIGTERM took $ms ms"
grep -q 'render targets 640x360' "$SCRATCH/id.txt" || fail "did not follow the window's resize: $(grep 'render targets' "$SCRATCH/id.txt")"
"$IM" "$SCRATCH/id2.xwd" "$SCRATCH/id2.png"
[ "$("$IM" "$SCRATCH/id2.png" -format '%wx%h' info:)" = 640x360 ] || fail "host window is not 640x360"
read -r _ id1 _ id2 _ root < <(grep '^id1' "$SCRATCH/result.txt")
check_num "$id1 > 0.03 && $id2 > 0.03 && $root > 0.03" || fail "scene not drawn into the window (id1 $id1, id2 $id2, root $root)"
grep -q 'env exit 0' "$SCRATCH/result.txt" && grep -q 'drawing into X window' "$SCRATCH/env.txt" || fail "\$XSCREENSAVER_WINDOW not used"
grep -q 'root exit 0' "$SCRATCH/result.txt" || fail "-root did not exit 0"
grep -q 'key exit 0' "$SCRATCH/result.txt" && ! grep -q 'key did not' "$SCRATCH/result.txt" || fail "--screensaver did not end on a key"
grep -q 'jitter ignored' "$SCRATCH/result.txt" || fail "--screensaver ended on 3 px of jitter"
grep -q 'mouse exit 0' "$SCRATCH/result.txt" && ! grep -q 'travel did not' "$SCRATCH/result.txt" || fail "--screensaver did not end on mouse travel"
for f in id root; do
    # No file (the device was never opened), or nothing but zeros in it.
    if [ -e "$SCRATCH/$f-audio.raw" ] && [ -n "$(tr -d '\000' < "$SCRATCH/$f-audio.raw" | head -c 1)" ]; then
        fail "a screensaver ($f) played sound ($(stat -c %s "$SCRATCH/$f-audio.raw") bytes through the disk driver); it must be muted"
    fi
done
pass "screensaver: nothing played through a working audio device (SDL's disk driver)"
grep -q 'two exit 0' "$SCRATCH/result.txt" && grep -q 'drawing into X window .* too' "$SCRATCH/two.txt" ||
    fail "--window-id with two windows failed: $(grep -i 'video\|error' "$SCRATCH/two.txt")"
read -r _ xa _ xb < <(grep '^xa' "$SCRATCH/result.txt")
check_num "$xa > 0.03 && $xb > 0.03" || fail "not every host window has the scene (xa $xa, xb $xb)"
pass "two host windows, a picture in each (brightness $xa, $xb)"
grep -q 'split exit 0' "$SCRATCH/result.txt" || fail "-root on two monitors did not exit 0"
[ "$(grep -c 'has its own picture' "$SCRATCH/split.txt")" = 2 ] || fail "-root did not split into monitors: $(grep video "$SCRATCH/split.txt")"
"$IM" "$SCRATCH/split.xwd" -crop 960x1080+0+0 +repage "$SCRATCH/left.png"
"$IM" "$SCRATCH/split.xwd" -crop 960x1080+960+0 +repage "$SCRATCH/right.png"
rmse() { { /usr/bin/compare -metric RMSE "$1" "$2" null: 2>&1 || true; } | sed 's/.*(\(.*\))/\1/'; }
lr=$(rmse "$SCRATCH/left.png" "$SCRATCH/right.png")
t=$(sed -n 's/.*sync-clock: loop [0-9]*, at \([0-9.]*\) s.*/\1/p' "$SCRATCH/split.txt" | head -1)
shot_offscreen --screenshot "$t" "$SCRATCH/ref960.png" --size 960x1080 --no-captions --particles 40000 2> /dev/null
lref=$(rmse "$SCRATCH/left.png" "$SCRATCH/ref960.png")
check_num "$lr < 0.01 && $lref < 0.01" ||
    fail "the monitors do not each show the whole picture (left vs right RMSE $lr, left vs a 960x1080 screenshot $lref)"
pass "-root on two monitors: a whole picture on each (left vs right RMSE $lr, vs a 960x1080 screenshot $lref)"
grep -q 'monitors changed: 1 connected' "$SCRATCH/split.txt" || fail "-root did not notice the monitor going"
"$IM" "$SCRATCH/merged.xwd" "$SCRATCH/merged.png"
shot_offscreen --screenshot "$t" "$SCRATCH/ref1080.png" --size 1920x1080 --no-captions --particles 40000 2> /dev/null
mref=$(rmse "$SCRATCH/merged.png" "$SCRATCH/ref1080.png")
check_num "$mref < 0.01" || fail "after the monitor went, the root is not one whole picture (RMSE $mref)"
pass "-root after a monitor is unplugged: one whole 1920x1080 picture (RMSE $mref against a screenshot)"
pass "screensaver: --window-id, \$XSCREENSAVER_WINDOW and -root draw the scene and follow a resize; SIGTERM in $ms ms; --screensaver wakes on a key or travel, not on jitter"
