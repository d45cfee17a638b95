# --sync-clock: two screens started seconds apart show the same frame for the
# same wall time (the wall clock is frozen by a test aid so the two can be
# compared frame for frame), and the position is the wall time modulo the
# loop.
source "$(dirname "$0")/lib.sh"
command -v xdotool > /dev/null || fail "xdotool is missing (tools/deps.sh --test installs it)"
cat > "$SCRATCH/drive.sh" <<'DRIVE'
set -u
export WELLSPRING_TEST_WALL_TIME=1764100123.5
args="--sync-clock --kiosk --windowed=320x180 --mute --quality low --verbose"
"$WS" $args 2> "$SCRATCH/a.txt" & a=$!
sleep 2
"$WS" $args 2> "$SCRATCH/b.txt" & b=$!
for p in $a $b; do
    for i in $(seq 50); do w=$(xdotool search --pid "$p" 2>/dev/null | head -1); [ -n "$w" ] && break; sleep 0.2; done
    echo "$w" >> "$SCRATCH/wins.txt"
done
# Side by side, so neither screen hides the other.
xdotool windowmove "$(sed -n 1p "$SCRATCH/wins.txt")" 0 0
xdotool windowmove "$(sed -n 2p "$SCRATCH/wins.txt")" 400 0
sleep 3
i=0
for w in $(cat "$SCRATCH/wins.txt"); do xwd -silent -id "$w" > "$SCRATCH/win$i.xwd"; i=$((i + 1)); done
kill -TERM $a $b; wait $a $b
DRIVE
export WS SCRATCH
under_xvfb bash "$SCRATCH/drive.sh" || fail "driving two screens failed"
"$IM" "$SCRATCH/win0.xwd" "$SCRATCH/a.png"; "$IM" "$SCRATCH/win1.xwd" "$SCRATCH/b.png"
diff=$("$IM" "$SCRATCH/a.png" "$SCRATCH/b.png" -compose difference -composite -format '%[fx:maxima]' info:)
check_num "$diff == 0" || fail "the two screens differ (max difference $diff)"
check_num "$(img_fx "$SCRATCH/a.png" mean) > 0.03" || fail "the screens are blank"
# 1764100123.5 mod (session + 10 s rest) is the position both report.
grep -h 'sync-clock: loop' "$SCRATCH/a.txt" "$SCRATCH/b.txt" | sed 's/.*sync-clock/sync-clock/' | sort -u > "$SCRATCH/pos.txt"
[ "$(wc -l < "$SCRATCH/pos.txt")" = 1 ] || fail "the screens disagree: $(cat "$SCRATCH/pos.txt")"
pass "two screens started 2 s apart show the same frame: $(cat "$SCRATCH/pos.txt")"
