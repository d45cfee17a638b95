# The TV overlay: a key shows the remaining time, a progress bar and the
# control hints in the top-left of the safe area for about 3 s, then it
# fades away.
source "$(dirname "$0")/lib.sh"
require_tools xdotool
cat > "$SCRATCH/drive.sh" <<'DRIVE'
source "$WAIT_LIB"
"$WS" --windowed=640x360 --mute --start 200 --quality low --verbose 2> "$SCRATCH/log.txt" & a=$!
wait_for_window "$a" > /dev/null
wait_for_log "$SCRATCH/log.txt" 'first frame up'
# Looked up again after the first frame: where OpenGL 3.3 core is missing
# (the _gles runs), the first window is closed and another opened for ES.
w=$(wait_for_window "$a")
xwd -silent -id "$w" > "$SCRATCH/before.xwd"
xdotool key --window "$w" Up
wait_for_log "$SCRATCH/log.txt" 'overlay shown'
# The frame that logged it may not be on screen yet: look until it is, for
# up to 2.5 s (it stays 3 s).
wait_for_bright "$w" "$SCRATCH/shown.xwd" 320x42+32+18 0.7 25 || true # judged below
# It fades out 3 s after the key, over half a second.
wait_for_log "$SCRATCH/log.txt" 'overlay gone'
xwd -silent -id "$w" > "$SCRATCH/gone.xwd"
kill -TERM "$a"; wait "$a"
DRIVE
export WS SCRATCH
under_xvfb bash "$SCRATCH/drive.sh" || fail "driving the window failed"
# The panel's corner: x 32..352, y 18..60 at 640x360. Text is light on a dark panel.
PANEL=320x42+32+18
for f in before shown gone; do "$IM" "$SCRATCH/$f.xwd" "$SCRATCH/$f.png"; done
b=$(img_fx "$SCRATCH/before.png" maxima "$PANEL"); s=$(img_fx "$SCRATCH/shown.png" maxima "$PANEL"); g=$(img_fx "$SCRATCH/gone.png" maxima "$PANEL")
check_num "$s > 0.7 && $b < 0.6 && $g < 0.6" || fail "overlay not shown then gone (max brightness before $b, shown $s, faded $g)"
grep -q 'overlay gone' "$SCRATCH/log.txt" || fail "the overlay never faded"
# Without a library, Esc quits, and the hint says so.
grep -q 'overlay shown: .*Esc quit$' "$SCRATCH/log.txt" ||
    fail "the overlay's hint does not end in 'Esc quit': $(grep 'overlay shown' "$SCRATCH/log.txt")"
pass "a key shows the overlay (panel max $s, hint 'Esc quit') and it fades away ($g)"
