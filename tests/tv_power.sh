# Living on a TV: the display schedule, the sleep timer, the burn-in drift and
# the display list, each as a user meets it.
source "$(dirname "$0")/lib.sh"
command -v xdotool > /dev/null || fail "xdotool is missing (tools/deps.sh --test installs it)"

# Schedule: at 03:00 local time with hours 08:00-22:00 the kiosk is dark;
# at 12:00 it plays. (The wall clock is frozen by a test aid; TZ pins "local".)
export TZ=UTC
run_at() { # WALL ARGS...
    local wall=$1; shift
    WELLSPRING_TEST_WALL_TIME=$wall SDL_VIDEODRIVER=offscreen timeout --preserve-status -k 10 -s TERM 4 \
        "$WS" --kiosk --windowed=160x90 --mute --verbose "$@" 2>&1 || fail "kiosk at wall time $wall: exit $? (want 0 after SIGTERM)"
}
night=$(run_at 1764039600 --schedule 08:00-22:00)   # 2025-11-25 03:00 UTC
day=$(run_at 1764072000 --schedule 08:00-22:00)     # 2025-11-25 12:00 UTC
echo "$night" | grep -q 'outside the display hours; dark for 300 min' || fail "not dark at 03:00: $(echo "$night" | grep -v 'gl\]' | tail -3)"
echo "$night" | grep -q '\[sync\] caption' && fail "captions ran while dark"
echo "$day" | grep -q 'outside the display hours' && fail "dark at 12:00"
echo "$day" | grep -q '\[sync\] caption 0' || fail "no session at 12:00"
pass "schedule 08:00-22:00: dark at 03:00 (5 h to go), playing at 12:00"

# Sleep timer: --sleep-after 0.1 (6 s) fades out and exits 0.
t0=$(date +%s)
SDL_VIDEODRIVER=offscreen timeout 30 "$WS" --windowed=160x90 --mute --sleep-after 0.1 --verbose 2> "$SCRATCH/sleep.txt" || fail "sleep timer: exit $?"
dt=$(( $(date +%s) - t0 ))
grep -q 'sleep timer: 0 minutes are up' "$SCRATCH/sleep.txt" || grep -q 'sleep timer' "$SCRATCH/sleep.txt" || fail "no sleep timer message"
[ "$dt" -ge 5 ] && [ "$dt" -le 12 ] || fail "sleep timer ended after $dt s, not about 6"
pass "sleep timer: faded out and exited 0 after $dt s"

# Drift: the same session position at two wall times two loops apart
# (--kiosk --sync-clock, a 609 s loop, with a frozen wall clock): identical with --no-drift, moved
# by a pixel or so with the drift.
cat > "$SCRATCH/drift.sh" <<'DRIVE'
shot() { # NAME WALL ARGS...
    local name=$1 wall=$2; shift 2
    WELLSPRING_TEST_WALL_TIME=$wall "$WS" --kiosk --sync-clock --windowed=640x360 --mute --quality low "$@" 2>/dev/null & local p=$!
    for i in $(seq 50); do w=$(xdotool search --pid "$p" 2>/dev/null | head -1); [ -n "$w" ] && break; sleep 0.2; done
    sleep 2.5; xwd -silent -id "$w" > "$SCRATCH/$name.xwd"; kill -TERM "$p"; wait "$p"
}
shot a 1764100123.5
shot b $(awk 'BEGIN { printf "%.1f", 1764100123.5 + 2 * 609 }')
shot c 1764100123.5 --no-drift
shot d $(awk 'BEGIN { printf "%.1f", 1764100123.5 + 2 * 609 }') --no-drift
DRIVE
export WS SCRATCH
under_xvfb bash "$SCRATCH/drift.sh" || fail "drift drive failed"
for f in a b c d; do "$IM" "$SCRATCH/$f.xwd" "$SCRATCH/$f.png"; done
same=$("$IM" "$SCRATCH/c.png" "$SCRATCH/d.png" -compose difference -composite -format '%[fx:maxima]' info:)
moved=$("$IM" "$SCRATCH/a.png" "$SCRATCH/b.png" -compose difference -composite -format '%[fx:mean]' info:)
check_num "$same == 0" || fail "--no-drift: the two frames differ ($same)"
check_num "$moved > 0" || fail "no drift between the two wall times"
pass "drift: the same moment two loops apart sits a little elsewhere (mean diff $moved); --no-drift keeps it still"

# The display list.
under_xvfb "$WS" --list-displays > "$SCRATCH/displays.txt" || fail "--list-displays exited $?"
grep -Eq '^0	.*	1920x1080\+0\+0	' "$SCRATCH/displays.txt" || fail "display list: $(cat "$SCRATCH/displays.txt")"
pass "--list-displays: $(head -1 "$SCRATCH/displays.txt" | tr '\t' ' ')"
