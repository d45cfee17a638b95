# --sync-clock: two screens started seconds apart show the same frame for the
# same wall time (the wall clock is frozen by a test aid so the two can be
# compared frame for frame), and the position is the wall time modulo the
# loop.
source "$(dirname "$0")/lib.sh"
require_tools xdotool
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
# Agreeing is not enough (a frozen clock makes any two copies agree): the
# position must be the one the README gives, the wall time modulo the loop.
awk -v w=1764100123.5 '{ len = $8; at = $5; want = w - len * int(w / len)
       printf "     frozen wall time %.1f, loop %.1f s: expected %.2f s, reported %.1f s\n", w, len, want, at
       d = at - want; if (d < 0) d = -d; exit !(d <= 0.06) }' <(sed 's/,//g' "$SCRATCH/pos.txt") ||
    fail "the reported position is not the wall time modulo the loop: $(cat "$SCRATCH/pos.txt")"
pass "two screens started 2 s apart show the same frame: $(cat "$SCRATCH/pos.txt")"

# On the real wall clock: two players started 2 s apart each report, when
# they start, the position the wall time gives (the test stamps each log
# line with the wall time as it arrives).
stamp() { while IFS= read -r line; do echo "$EPOCHREALTIME $line"; done; }
args="--sync-clock --kiosk --windowed=160x90 --mute --quality low --verbose"
SDL_VIDEODRIVER=offscreen "$WS" $args 2> >(stamp > "$SCRATCH/ra.txt") &
pa=$!
trap 'kill -9 $pa ${pb:-} 2>/dev/null || true' EXIT
wait_for_log "$SCRATCH/ra.txt" 'sync-clock: loop' || fail "the first player reported no position"
sleep 2
SDL_VIDEODRIVER=offscreen "$WS" $args 2> >(stamp > "$SCRATCH/rb.txt") &
pb=$!
wait_for_log "$SCRATCH/rb.txt" 'sync-clock: loop' || fail "the second player reported no position"
kill -TERM $pa $pb
wait $pa && wait $pb || fail "a real-clock player did not exit cleanly"
for f in ra rb; do
    grep 'sync-clock: loop' "$SCRATCH/$f.txt" | head -1 | sed 's/,//g' |
        awk '{ wall = $1; at = $9; len = $12; want = wall - len * int(wall / len)
               d = want - at; if (d < -len / 2) d += len; if (d > len / 2) d -= len
               printf "     wall %.3f: expected %.2f s of %.1f, reported %.1f s (%+.0f ms)\n", wall, want, len, at, d * 1000
               exit !(d > -0.06 && d < 0.5) }' || fail "player $f: the position is not the wall time modulo the loop"
done
pass "on the real clock each player starts at the wall time modulo the loop"
