# Screensaver modes under Xvfb, with a real X window made by the test (as
# xscreensaver or xsecurelock would): the scene is drawn into it by id (and
# through $XSCREENSAVER_WINDOW), it follows the window's resize, -root draws
# on the root window, SIGTERM ends it at once; --screensaver opens its own
# window and ends on a key or real mouse travel but not on the first motion.
source "$(dirname "$0")/lib.sh"
XHOST="$(dirname "$(readlink -f "$1")")/ws_xhost"
[ -x "$XHOST" ] || fail "no $XHOST (built with the tests)"
command -v xdotool > /dev/null || fail "xdotool is missing (tools/deps.sh --test installs it)"

cat > "$SCRATCH/drive.sh" <<'DRIVE'
set -u
scene_in() { # XWD-FILE: mean brightness of the figure's area (the middle of the window)
    /usr/bin/convert "$1" -gravity center -crop 30%x40%+0+0 +repage -format '%[fx:mean]' info:
}
"$XHOST" 400 300 > "$SCRATCH/xid.txt" & host=$!
sleep 1; xid=$(cat "$SCRATCH/xid.txt")
"$WS" --window-id "$xid" --verbose 2> "$SCRATCH/id.txt" & pid=$!
sleep 6
xwd -silent -id "$xid" > "$SCRATCH/id1.xwd"
xdotool windowsize "$xid" 640 360
sleep 4
xwd -silent -id "$xid" > "$SCRATCH/id2.xwd"
t0=$(date +%s%N); kill -TERM "$pid"; wait "$pid"; rc=$?
echo "window-id exit $rc in $(( ($(date +%s%N) - t0) / 1000000 )) ms" > "$SCRATCH/result.txt"
XSCREENSAVER_WINDOW=$xid "$WS" --verbose 2> "$SCRATCH/env.txt" & pid=$!
sleep 4; kill -TERM "$pid"; wait "$pid"; echo "env exit $?" >> "$SCRATCH/result.txt"
kill "$host"
"$WS" -root --verbose 2> "$SCRATCH/root.txt" & pid=$!
sleep 6; xwd -silent -root > "$SCRATCH/root.xwd"; kill -TERM "$pid"; wait "$pid"; echo "root exit $?" >> "$SCRATCH/result.txt"
# --screensaver: own window; a key ends it.
"$WS" --screensaver --verbose 2> "$SCRATCH/key.txt" & pid=$!
for i in $(seq 50); do win=$(xdotool search --pid "$pid" 2>/dev/null | head -1); [ -n "$win" ] && break; sleep 0.2; done
sleep 2; xdotool key --window "$win" a; sleep 2
if kill -0 "$pid" 2>/dev/null; then echo "key did not end it" >> "$SCRATCH/result.txt"; kill "$pid"; fi
wait "$pid"; echo "key exit $?" >> "$SCRATCH/result.txt"
# --screensaver: 3 px of jitter is not waking; 40 px of travel is.
xdotool mousemove 100 100; sleep 0.3
"$WS" --screensaver --verbose 2> "$SCRATCH/mouse.txt" & pid=$!
for i in $(seq 50); do win=$(xdotool search --pid "$pid" 2>/dev/null | head -1); [ -n "$win" ] && break; sleep 0.2; done
sleep 2; xdotool mousemove 102 101; sleep 1.5
kill -0 "$pid" 2>/dev/null && echo "jitter ignored" >> "$SCRATCH/result.txt"
xdotool mousemove 140 100; sleep 0.3; xdotool mousemove 180 110; sleep 2
if kill -0 "$pid" 2>/dev/null; then echo "travel did not end it" >> "$SCRATCH/result.txt"; kill "$pid"; fi
wait "$pid"; echo "mouse exit $?" >> "$SCRATCH/result.txt"
echo "id1 $(scene_in "$SCRATCH/id1.xwd") id2 $(scene_in "$SCRATCH/id2.xwd") root $(scene_in "$SCRATCH/root.xwd")" >> "$SCRATCH/result.txt"
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
grep -q 'warning \[audio\]' "$SCRATCH/id.txt" "$SCRATCH/root.txt" && fail "a screensaver opened the audio device (it must be muted)"
pass "screensaver: --window-id, \$XSCREENSAVER_WINDOW and -root draw the scene and follow a resize; SIGTERM in $ms ms; --screensaver wakes on a key or travel, not on jitter"
