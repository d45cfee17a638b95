# Living on a TV: the display schedule, the sleep timer, the burn-in drift and
# the display list, each as a user meets it.
source "$(dirname "$0")/lib.sh"
require_tools xdotool

# Schedule: at 03:00 local time with hours 08:00-22:00 the kiosk is dark;
# at 12:00 it plays. (The wall clock is frozen by a test aid; TZ pins "local".)
export TZ=UTC
run_at() { # WALL PATTERN HOLD ARGS...: runs until PATTERN is logged (at most 60 s) and HOLD s more; prints the log
    local wall=$1 pattern=$2 hold=$3 p; shift 3
    WELLSPRING_TEST_WALL_TIME=$wall SDL_VIDEODRIVER=offscreen \
        "$WS" --kiosk --windowed=160x90 --mute --verbose "$@" 2> "$SCRATCH/run_at.txt" & p=$!
    wait_for_log "$SCRATCH/run_at.txt" "$pattern" >&2 && sleep "$hold"
    kill -TERM "$p"; wait "$p" || fail "the kiosk at $wall did not exit 0"
    cat "$SCRATCH/run_at.txt"
}
# Dark: the dark state, then 4 s more, past the first caption's 2.8 s.
night=$(run_at 1764039600 'outside the display hours' 4 --schedule 08:00-22:00)   # 2025-11-25 03:00 UTC
day=$(run_at 1764072000 '\[sync\] caption 0' 0 --schedule 08:00-22:00)          # 2025-11-25 12:00 UTC
echo "$night" | grep -q 'outside the display hours; dark for 300 min' || fail "not dark at 03:00: $(echo "$night" | grep -v 'gl\]' | tail -3)"
echo "$night" | grep -q '\[sync\] caption' && fail "captions ran while dark"
echo "$day" | grep -q 'outside the display hours' && fail "dark at 12:00"
echo "$day" | grep -q '\[sync\] caption 0' || fail "no session at 12:00"
pass "schedule 08:00-22:00: dark at 03:00 (5 h to go), playing at 12:00"

# A kiosk whose sleep timer runs out while it is outside its display hours
# stays dark, and says so once (it used to flip between the two dark states
# every second, logging the timer each time): 4 s after the timer, one line.
both=$(run_at 1764039600 'minutes are up' 4 --schedule 08:00-22:00 --sleep-after 0.05)
n=$(echo "$both" | grep -c 'sleep timer: .* minutes are up' || true)
[ "$n" = 1 ] || fail "sleep timer outside the display hours: logged $n times in 4 s, not once"
pass "sleep timer outside the display hours: dark, logged once"

# Sleep timer (README: "fades picture and sound out gently over the last
# minute of MIN minutes, then exits"): --sleep-after 1.1 is 66 s, the fade
# its last 60. The session clock runs at 1% (--clock-rate 0.01), so the scene
# itself stands still and only the fade changes the picture: full at 4 s, about
# half at 36 s (30 s left), nearly black at 60 s (6 s left); exit 0 at 66 s.
cat > "$SCRATCH/sleep.sh" <<'DRIVE'
source "$WAIT_LIB"
"$WS" --windowed=320x180 --mute --no-drift --quality low --start 200 --clock-rate 0.01 \
    --sleep-after 1.1 --verbose 2> "$SCRATCH/sleep.txt" & p=$!
w=$(wait_for_window "$p") || exit 1
wait_for_log "$SCRATCH/sleep.txt" 'first frame up' || exit 1
t0=$(date +%s%N)
at() { local ms=$(( $1 * 1000 - ($(date +%s%N) - t0) / 1000000 )); [ "$ms" -gt 0 ] && sleep "$(awk -v m="$ms" 'BEGIN { print m / 1000 }')"; }
at 4;  xwd -silent -id "$w" > "$SCRATCH/fade0.xwd"
at 36; xwd -silent -id "$w" > "$SCRATCH/fade1.xwd"
at 60; xwd -silent -id "$w" > "$SCRATCH/fade2.xwd"
wait_for_exit "$p" 40; wait "$p"; rc=$?
echo "exit $rc after $(( ($(date +%s%N) - t0) / 1000000 )) ms" > "$SCRATCH/sleep-result.txt"
DRIVE
export WS SCRATCH
under_xvfb bash "$SCRATCH/sleep.sh" || fail "sleep timer drive failed: $(tail -3 "$SCRATCH/sleep.txt")"
read -r _ rc _ ms _ < "$SCRATCH/sleep-result.txt"
[ "$rc" = 0 ] || fail "sleep timer: exit $rc"
grep -q 'sleep timer: 1.1 minutes are up' "$SCRATCH/sleep.txt" || fail "no sleep timer message"
# 66 s from the start of the run (a little before the first frame); generous
# for a loaded machine on the late side.
[ "$ms" -ge 60000 ] && [ "$ms" -le 75000 ] || fail "sleep timer ended $ms ms after the first frame, not about 66 s"
for i in 0 1 2; do "$IM" "$SCRATCH/fade$i.xwd" "$SCRATCH/fade$i.png"; done
b0=$(img_fx "$SCRATCH/fade0.png" mean); b1=$(img_fx "$SCRATCH/fade1.png" mean); b2=$(img_fx "$SCRATCH/fade2.png" mean)
check_num "$b0 > 0.03" || fail "sleep timer: the picture was dark before the fade ($b0)"
# Half-way: smoothstep(0.5) = 0.5 of the light (0.3..0.7 allows for timing).
check_num "$b1 < 0.7 * $b0 && $b1 > 0.3 * $b0" || fail "sleep timer: 30 s before the end the picture is at $b1 of $b0, not about half"
check_num "$b2 < 0.15 * $b0" || fail "sleep timer: 6 s before the end the picture is still at $b2 of $b0"
pass "sleep timer: brightness $b0, then $b1 half-way through the last minute, $b2 near its end; exit 0 after $ms ms"

# Drift (README: "drift along a slow Lissajous path, at most 0.3% of the
# screen height (about 3 px at 1080p)"): the same session moment (105 s,
# --kiosk --sync-clock with a frozen wall clock, a loop of about 609 s) at two wall
# times ten loops apart, 1764102585 and 1764108675, where the horizontal
# path is at one end and then the other (7-minute period: 105 and 315 s into
# it). Rendered at 1920x1080 and measured in pixels: the figure moves by
# twice the amplitude, 2 x 0.3% x 1080 = 6.5 px. With --no-drift two loops
# apart are identical.
# The loop: the default session's length (as --check reports it) plus the
# kiosk's 10 s rest.
LOOP=$("$WS" --check "$(dirname "$0")/../audio/fountain.ogg" 2> /dev/null |
       awk '/^session: / { split($2, t, ":"); print t[1] * 3600 + t[2] * 60 + t[3] + 10 }')
[ -n "$LOOP" ] || fail "drift: no session length from --check"
cat > "$SCRATCH/drift.sh" <<'DRIVE'
source "$WAIT_LIB"
shot() { # NAME WALL SIZE ARGS...
    local name=$1 wall=$2 size=$3; shift 3
    WELLSPRING_TEST_WALL_TIME=$wall "$WS" --kiosk --sync-clock --windowed=$size --mute --verbose "$@" \
        2> "$SCRATCH/$name.txt" & local p=$!
    w=$(wait_for_window "$p") && wait_for_log "$SCRATCH/$name.txt" 'first frame up' && sleep 1 &&
        xwd -silent -id "$w" > "$SCRATCH/$name.xwd"
    kill -TERM "$p"; wait "$p"
}
shot a 1764102585 1920x1080 --quality high --particles 4000
shot b 1764108675 1920x1080 --quality high --particles 4000
shot c 1764100123.5 640x360 --quality low --no-drift
shot d $(awk -v l="$LOOP" 'BEGIN { printf "%.3f", 1764100123.5 + 2 * l }') 640x360 --quality low --no-drift
DRIVE
export WS SCRATCH LOOP
under_xvfb bash "$SCRATCH/drift.sh" || fail "drift drive failed"
for f in a b c d; do "$IM" "$SCRATCH/$f.xwd" "$SCRATCH/$f.png"; done
same=$("$IM" "$SCRATCH/c.png" "$SCRATCH/d.png" -compose difference -composite -format '%[fx:maxima]' info:)
check_num "$same == 0" || fail "--no-drift: the two frames differ ($same)"
# Where a 480x480 piece of the figure in b best fits in a, searched 12 px
# either way (ImageMagick's exhaustive sub-image search).
"$IM" "$SCRATCH/b.png" -crop 480x480+720+300 +repage "$SCRATCH/b-piece.png"
"$IM" "$SCRATCH/a.png" -crop 504x504+708+288 +repage "$SCRATCH/a-area.png"
at=$({ /usr/bin/compare -metric RMSE -subimage-search "$SCRATCH/a-area.png" "$SCRATCH/b-piece.png" null: 2>&1 || true; } |
     sed -n 's/.*@ *\([0-9]*\),\([0-9]*\).*/\1 \2/p')
[ -n "$at" ] || fail "drift: the figure was not found in the other frame"
read -r dx dy <<< "$(echo "$at" | awk '{ print $1 - 12, $2 - 12 }')"
adx=${dx#-}
[ "$adx" -ge 5 ] && [ "$adx" -le 7 ] ||
    fail "drift: the figure moved $dx px across the path (expected 2 x 0.3% of 1080 = 6.5 px; at most 7)"
pass "drift: across its horizontal path the figure moves $dx px ($dy px vertically) at 1080p: an amplitude of about $(awk -v d="$adx" 'BEGIN { printf "%.1f", d / 2 }') px, 0.3% of the height; --no-drift keeps it still"

# The display list.
under_xvfb "$WS" --list-displays > "$SCRATCH/displays.txt" || fail "--list-displays exited $?"
grep -Eq '^0	.*	1920x1080\+0\+0	' "$SCRATCH/displays.txt" || fail "display list: $(cat "$SCRATCH/displays.txt")"
pass "--list-displays: $(grep -v '^#' "$SCRATCH/displays.txt" | head -1 | tr '\t' ' ')"
