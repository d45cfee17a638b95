# The TV overlay: a key shows the remaining time, a progress bar and the
# control hints in the top-left of the safe area for about 3 s, then it
# fades away.
source "$(dirname "$0")/lib.sh"
command -v xdotool > /dev/null || fail "xdotool is missing (tools/deps.sh --test installs it)"
cat > "$SCRATCH/drive.sh" <<'DRIVE'
source "$WAIT_LIB"
"$WS" --windowed=640x360 --mute --start 200 --quality low --verbose 2> "$SCRATCH/log.txt" & a=$!
w=$(wait_for_window "$a")
wait_for_log "$SCRATCH/log.txt" 'first frame up'; sleep 1
xwd -silent -id "$w" > "$SCRATCH/before.xwd"
xdotool key --window "$w" Up; sleep 1
xwd -silent -id "$w" > "$SCRATCH/shown.xwd"
sleep 4
xwd -silent -id "$w" > "$SCRATCH/gone.xwd"
kill -TERM "$a"; wait "$a"
DRIVE
export WS SCRATCH
under_xvfb bash "$SCRATCH/drive.sh" || fail "driving the window failed"
# The panel's corner: x 32..352, y 18..60 at 640x360. Text is light on a dark panel.
PANEL=320x42+32+18
for f in before shown gone; do "$IM" "$SCRATCH/$f.xwd" "$SCRATCH/$f.png"; done
b=$(img_fx "$SCRATCH/before.png" maxima "$PANEL"); s=$(img_fx "$SCRATCH/shown.png" maxima "$PANEL"); g=$(img_fx "$SCRATCH/gone.png" maxima "$PANEL")
check_num "$s > 0.7 && $b < 0.6 && $g < 0.6" || fail "overlay not shown then gone (max brightness before $b, shown $s, 4 s later $g)"
pass "a key shows the overlay (panel max $s) and it is gone 4 s later ($g)"
